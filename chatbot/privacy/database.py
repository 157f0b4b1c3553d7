"""Where conversations are stored: one setting, a file path or a database URL.

Why its own module: the tracker store (inside the Rasa server) and the purge
command (run by cron, without loading Rasa) must agree on the same database.
"""
from __future__ import annotations

from pathlib import Path
from typing import Union

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.pool import QueuePool

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


def pooled_sqlite_engine(url: Union[str, URL]) -> Engine:
    """A SQLite engine that keeps its connections open between turns.

    Why: SQLAlchemy 1.4 opens and closes a SQLite file connection per session
    (NullPool). Closing the last connection of a WAL database checkpoints the log
    into the file and deletes it, with fsyncs, on every turn (8% of the Rasa
    server's busy time in the profile of docs/benchmarks.md). Rasa uses each
    connection from one thread at a time, through the pool.
    """
    engine = create_engine(url, poolclass=QueuePool, pool_size=2, max_overflow=8,
                           connect_args={"check_same_thread": False})
    tune_sqlite(engine)
    return engine


def tune_sqlite(engine: Engine) -> None:
    """Write-ahead log and `synchronous=NORMAL` on every connection of a SQLite engine.

    Why: in the default rollback-journal mode every turn's commit waits for two
    fsyncs inside the Rasa server's event loop (14% of its busy time in the
    profile of docs/benchmarks.md). With WAL, a commit appends to the log and
    syncs only at checkpoints; a power cut can lose the last turns, never corrupt
    the file. The purge truncates the log after deleting (retention.py), so no
    deleted text stays behind in it.
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
