"""Where conversations are stored: one setting, a file path or a database URL.

Why its own module: the tracker store (inside the Rasa server) and the purge
command (run by cron, without loading Rasa) must agree on the same database.
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import make_url

from chatbot.settings import Settings

# Rasa's SQLTrackerStore keeps every event of every conversation in this one table.
EVENTS_TABLE = "events"


def tracker_url(settings: Settings) -> str:
    """CHATBOT_TRACKER_DB as a SQLAlchemy URL: a plain path means a SQLite file."""
    value = settings.tracker_db
    if "://" in value:
        return value
    path = Path(value).expanduser().resolve()
    return f"sqlite:///{path}"


def ensure_folder(url: str) -> str:
    """Creates the folder of a SQLite file (SQLite creates the file, not its folder); returns the URL."""
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database:
            Path(database).parent.mkdir(parents=True, exist_ok=True)
    return url


def shown(url: str) -> str:
    """The URL for messages and logs, password hidden."""
    return make_url(url).render_as_string(hide_password=True)
