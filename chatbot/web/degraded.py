"""When a part behind the channel fails: record the fault and still give the emergency contacts.

Why a snapshot of data/directory/ read at server start: when the action server,
the conversation database or the lock store is down, the one thing a teen in
danger must still get is who to call, in their language. That answer cannot
depend on a database or another process at the moment of the fault.

Why a log hook: Rasa 3.6 swallows a failing custom action
(`MessageProcessor._run_action` logs "Encountered an exception while running
action ..." and goes on; `ActionExtractSlots` logs "Failed to execute custom
action ...") and a failing tracker store (`FailSafeTrackerStore` logs "Error
happened when trying to ..." and carries on with an empty in-memory tracker), so
the turn "succeeds" with the action's messages or the conversation missing. The
hook sees those records while the turn runs (a ContextVar ties them to the request).
"""
from __future__ import annotations

import asyncio
import contextvars
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from chatbot.directory import Directory, card, contact_data
from chatbot.directory.emergency import crisis_contacts, emergency_words, is_served
from chatbot.web.texts import DEGRADED, DEGRADED_RETRY

logger = logging.getLogger(__name__)

ACTION_SERVER = "action_server"
TRACKER_STORE = "tracker_store"
LOCK_STORE = "lock_store"
TIMEOUT = "timeout"
UNEXPECTED = "unexpected"
KINDS = (ACTION_SERVER, TRACKER_STORE, LOCK_STORE, TIMEOUT, UNEXPECTED)
RECENT_SECONDS = 60.0


@dataclass
class FaultLog:
    """Counts faults by kind and logs each one (kind and error type only: never a message)."""

    counts: Dict[str, int] = field(default_factory=lambda: {kind: 0 for kind in KINDS})
    last_at: Dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, error: str) -> None:
        with self._lock:
            self.counts[kind] = self.counts.get(kind, 0) + 1
            self.last_at[kind] = time.time()
        logger.warning("fault kind=%s error=%s: answered with the built-in emergency contacts", kind, error)

    def health(self) -> Dict[str, Any]:
        """For /health: "degraded" while a fault happened in the last minute, and the counters."""
        recent = any(time.time() - at < RECENT_SECONDS for at in self.last_at.values())
        return {"status": "degraded" if recent else "ok", "faults": dict(self.counts)}


def classify(error: BaseException) -> str:
    """Which part failed, from the exception and its causes (their modules name the library)."""
    seen: Optional[BaseException] = error
    depth = 0
    while seen is not None and depth < 10:
        if isinstance(seen, asyncio.TimeoutError):
            return TIMEOUT
        module = type(seen).__module__ or ""
        if module.startswith("redis") or type(seen).__name__ == "LockError":
            return LOCK_STORE
        if module.startswith(("sqlalchemy", "sqlite3", "psycopg2", "pymongo")):
            return TRACKER_STORE
        seen = seen.__cause__ or seen.__context__
        depth += 1
    return UNEXPECTED


# --- failures Rasa logs and swallows; we listen while a turn runs ---

_turn_failures: contextvars.ContextVar[Optional[List[str]]] = contextvars.ContextVar("turn_failures", default=None)
# (logger, how its message starts) -> the part that failed.
SWALLOWED = {
    ("rasa.core.processor", "Encountered an exception while running action"): ACTION_SERVER,
    ("rasa.core.actions.action", "Failed to execute custom action"): ACTION_SERVER,   # slot validation
    ("rasa.core.actions.action", "Failed to run custom action"): ACTION_SERVER,       # connection refused
    # FailSafeTrackerStore falls back to an empty in-memory tracker: the conversation is lost for this turn.
    ("rasa.core.tracker_store", "Error happened when trying to"): TRACKER_STORE,
}


class SwallowedFailureHook(logging.Handler):
    """Notes, for the request being handled, which part failed while Rasa carried on."""

    def emit(self, record: logging.LogRecord) -> None:
        failures = _turn_failures.get()
        if failures is None:
            return
        message = record.msg if isinstance(record.msg, str) else ""
        for (name, start), kind in SWALLOWED.items():
            if record.name == name and message.startswith(start) and kind not in failures:
                failures.append(kind)


_HOOK = SwallowedFailureHook(level=logging.WARNING)


def install_failure_hook() -> None:
    """Attaches the hook once to the Rasa loggers that report a swallowed failure."""
    for name in sorted({name for name, _ in SWALLOWED}):
        target = logging.getLogger(name)
        if _HOOK not in target.handlers:
            target.addHandler(_HOOK)


def start_turn() -> List[str]:
    """Call at the start of a request; the returned list fills with the kinds that failed during the turn."""
    failures: List[str] = []
    _turn_failures.set(failures)
    return failures


def end_turn() -> None:
    """Stops listening for this request (a later read of the store is not part of the turn)."""
    _turn_failures.set(None)


# --- the answer ---

class EmergencyAnswers:
    """Texts with the emergency number and contact cards, from a snapshot taken at server start.

    The same rule as the chat (chatbot/directory/emergency.py): a country's lines only when
    the conversation or the page knows the country; otherwise every served country's
    emergency number with where it works.
    """

    def __init__(self, directory: Directory) -> None:
        self.directory = directory

    def number(self, country: Optional[str], language: str) -> str:
        return emergency_words(self.directory, country if is_served(self.directory, country) else None, language)

    def contact_cards(self, sender: str, language: str, country: Optional[str]) -> List[Dict[str, Any]]:
        """The emergency line and the crisis lines of the country in one message, as the actions render them."""
        if not is_served(self.directory, country):
            return []  # the text already gives each emergency number (number() above)
        lines = crisis_contacts(self.directory, country or "")
        return [{"recipient_id": sender, "text": "\n\n".join(card(o, language) for o in lines),
                 "custom": {"contacts": [contact_data(o, language) for o in lines]}}]

    def degraded_reply(self, sender: str, language: str, country: Optional[str]) -> List[Dict[str, Any]]:
        """What the page shows when the assistant cannot answer: who to call, in the user's language."""
        intro = {"recipient_id": sender, "text": DEGRADED[language].format(number=self.number(country, language))}
        retry = {"recipient_id": sender, "text": DEGRADED_RETRY[language]}
        return [intro, *self.contact_cards(sender, language, country), retry]
