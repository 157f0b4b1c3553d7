"""Rasa's SQL tracker store, with every user message redacted before it is written.

Why wrap and not replace: Rasa's SQLTrackerStore already handles sessions,
SQLite and PostgreSQL; we only make sure the text a teen typed (and its copy in
the parse data) reaches the database as `chatbot.privacy.redact` leaves it. The
database is the SQLite file `var/conversations.sqlite3` unless CHATBOT_TRACKER_DB
names another file.
"""
from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any, Optional, Text

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
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

    async def save(self, tracker: DialogueStateTracker) -> None:
        events = [redacted_copy(e) if isinstance(e, UserUttered) else e for e in tracker.events]
        clean = DialogueStateTracker.from_events(tracker.sender_id, events, slots=list(tracker.slots.values()))
        await super().save(clean)
