"""Rasa's SQL tracker store, with every user message redacted before it is written.

Why wrap and not replace: Rasa's SQLTrackerStore already handles sessions,
SQLite and PostgreSQL; we only make sure the text a teen typed (and its copy in
the parse data) reaches the database as `chatbot.privacy.redact` leaves it. The
database is the SQLite file `var/conversations.sqlite3` unless CHATBOT_TRACKER_DB
names another file. No event broker is configured: Rasa would stream events to one
before this redaction.
"""
from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any, Iterator, Optional, Text

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from chatbot.privacy.redact import redact
from chatbot.settings import PROJECT_ROOT


def default_db() -> str:
    path = Path(os.environ.get("CHATBOT_TRACKER_DB") or PROJECT_ROOT / "var" / "conversations.sqlite3")
    path.parent.mkdir(parents=True, exist_ok=True)
    return str(path)


def redacted_copy(event: UserUttered) -> UserUttered:
    clean = copy.deepcopy(event)
    clean.text = redact(event.text or "")
    if isinstance(clean.parse_data, dict) and "text" in clean.parse_data:
        clean.parse_data["text"] = clean.text
    return clean


class RedactingSQLTrackerStore(SQLTrackerStore):
    """SQLite by default; endpoints.yml may pass dialect/db/host for PostgreSQL."""

    def __init__(self, domain: Optional[Domain] = None, dialect: Text = "sqlite", db: Optional[Text] = None,
                 **kwargs: Any) -> None:
        super().__init__(domain=domain, dialect=dialect, db=db or default_db(), **kwargs)

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        """The events not stored yet (Rasa's choice), each user message redacted once, as it is written."""
        for event in super()._additional_events(session, tracker):
            yield redacted_copy(event) if isinstance(event, UserUttered) else event
