"""Where conversations go: Rasa's SQL tracker store with every user message redacted, or nowhere.

Why wrap Rasa's SQLTrackerStore and not replace it: it already handles sessions,
SQLite and PostgreSQL; we only make sure what a teen typed reaches the database
as `chatbot.privacy.redact` leaves it: the text, its copies in the parse data
(text, entity values) and metadata, and any later event of the same turn that
repeats a removed piece (a slot, a bot message). The live conversation is not
affected: actions of the current turn see the original message, later turns read
the redacted history back, and nothing in the dialogue depends on the details.

`ConversationStore` is what endpoints.yml names. It reads the settings once:
CHATBOT_STORE_CONVERSATIONS=false gives `LiveOnlyTrackerStore` (memory only, a
conversation forgotten once idle); otherwise `RedactingSQLTrackerStore` on
CHATBOT_TRACKER_DB (a SQLite file by default, or a postgresql:// URL). Rasa wants
a class in endpoints.yml, hence a class whose constructor returns the chosen store.
No event broker is configured: Rasa would stream events to one before redaction.
"""
from __future__ import annotations

import logging
import re
import time
from typing import Any, Callable, Dict, Iterator, List, Optional, Set, Text, Tuple

from rasa.core.tracker_store import InMemoryTrackerStore, SQLTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.orm import sessionmaker

from chatbot.language.detection import fold
from chatbot.privacy.database import ensure_folder, pooled_sqlite_engine, shown, tracker_url
from chatbot.privacy.lexicon import NOT_A_NAME
from chatbot.privacy.logs import install_log_filter
from chatbot.privacy.redact import find_spans
from chatbot.privacy.spans import Span
from chatbot.settings import load_settings

logger = logging.getLogger(__name__)

# Parse-data keys that hold our own labels (intent names, rankings), never user text.
_LABEL_KEYS = {"intent", "intent_ranking", "response_selector"}
_Secrets = List[Tuple[str, str]]


def _message_language(event: UserUttered) -> Optional[str]:
    detection = (event.parse_data or {}).get("language")
    language = detection.get("language") if isinstance(detection, dict) else None
    return language if language in ("es", "fr") else None


def _scrub(value: Any, original: str, redacted: str, secrets: _Secrets) -> Any:
    """`value` with the original text replaced by its redacted form and every removed piece by its placeholder."""
    if isinstance(value, str):
        if value == original:
            return redacted
        for piece, placeholder in secrets:
            value = re.sub(r"(?<!\w)" + re.escape(piece) + r"(?!\w)", placeholder, value)
        return value
    if isinstance(value, dict):
        return {key: value[key] if key in _LABEL_KEYS else _scrub(value[key], original, redacted, secrets)
                for key in value}
    if isinstance(value, list):
        return [_scrub(item, original, redacted, secrets) for item in value]
    return value


def _variants(piece: str, placeholder: str) -> Set[Tuple[str, str]]:
    """The piece and the forms a copy of it may take: a handle without "@", a phone without spaces,
    each word of a full name or address ("Zuriñe" of "Zuriñe Olabarrieta")."""
    variants = {(piece, placeholder), (piece.lstrip("@"), placeholder)}
    if placeholder == "[PHONE]":
        variants.add((re.sub(r"[ .\-]", "", piece), placeholder))
    for word in re.findall(r"[^\W\d_]{3,}", piece):
        if fold(word) not in NOT_A_NAME:
            variants.add((word, placeholder))
    return {(p, ph) for p, ph in variants if len(p) >= 3}


def redacted_event(event: UserUttered) -> Tuple[Event, _Secrets]:
    """A copy of a user message safe to store, and the pieces taken out of it."""
    original = event.text or ""
    try:
        spans = find_spans(original, language=_message_language(event))
    except Exception as error:  # noqa: BLE001 - fail closed: store no text rather than crash or leak
        logger.error("Redaction failed (%s); the message is stored as [REDACTED].", type(error).__name__)
        spans = [Span(0, len(original), "REDACTED")] if original else []
    secrets = sorted({variant for s in spans for variant in _variants(original[s.start:s.end], s.placeholder)},
                     key=lambda p: -len(p[0]))
    redacted = original
    for span in reversed(spans):
        redacted = redacted[:span.start] + span.placeholder + redacted[span.end:]
    data = event.as_dict()
    for key in ("text", "parse_data", "metadata"):
        if key in data:
            data[key] = _scrub(data[key], original, redacted, secrets)
    if isinstance(data.get("parse_data"), dict):
        data["parse_data"].pop("text_tokens", None)  # offsets into the original text: they tell a name's length
    return Event.from_parameters(data), secrets


def scrubbed_event(event: Event, secrets: _Secrets) -> Event:
    """Any other event of the turn (slot, bot message) with the turn's removed pieces replaced."""
    if not secrets:
        return event
    data = event.as_dict()
    clean = {key: value if key in ("event", "timestamp", "name") else _scrub(value, "\0", "\0", secrets)
             for key, value in data.items()}
    return event if clean == data else Event.from_parameters(clean)


SaveListener = Callable[[DialogueStateTracker], None]
_save_listeners: List[SaveListener] = []


def on_tracker_saved(listener: SaveListener) -> None:
    """Calls `listener` with every tracker this process saves, right after the save.

    Why: the web edge keeps each conversation's language and country to answer
    without Rasa (chatbot/web/hints.py). Reading them back from the database after
    every turn cost a second tracker read per message (6-40 ms on SQLite); at
    save time the tracker is already in hand.
    """
    _save_listeners.append(listener)


def _notify_saved(tracker: DialogueStateTracker) -> None:
    for listener in list(_save_listeners):
        try:
            listener(tracker)
        except Exception:  # noqa: BLE001 - a listener is a hint; it must never fail a save
            logger.exception("A tracker-saved listener failed.")


REPORT_KIT_STORED = "[REPORT_KIT]"


def without_report_kit(event: Event) -> Event:
    """A bot message carrying the user's report kit is kept as a marker only: the kit is theirs.

    Why: the kit (actions/report_kit.py) is built from choices, not typed text, but it sums up
    the user's situation; the issue asks that it is not stored on the server.
    """
    if not isinstance(event, BotUttered) or not (event.data.get("custom") or {}).get("report_kit"):
        return event
    data = event.as_dict()
    data["text"] = REPORT_KIT_STORED
    data["data"] = {**(data.get("data") or {}), "custom": {"report_kit": REPORT_KIT_STORED}}
    return Event.from_parameters(data)


class RedactingSQLTrackerStore(SQLTrackerStore):
    """Rasa's SQL store on CHATBOT_TRACKER_DB (SQLite file or database URL), redacting as it writes."""

    def __init__(self, domain: Optional[Domain] = None, host: Optional[Text] = None, **kwargs: Any) -> None:
        if host is None and not {"dialect", "db"} & kwargs.keys():
            host = ensure_folder(tracker_url(load_settings()))  # Rasa takes a full URL as `host`
        super().__init__(domain=domain, host=host, **kwargs)
        if self.engine.dialect.name == "sqlite":  # Rasa's engine has no pool for a file: see pooled_sqlite_engine
            rasa_engine, self.engine = self.engine, pooled_sqlite_engine(self.engine.url)
            rasa_engine.dispose()
            self.sessionmaker = sessionmaker(bind=self.engine)
        # A failing statement's error must not print its parameters (an event's data, the redacted
        # message) into the logs: Rasa's FailSafeTrackerStore logs the whole SQLAlchemy error. Rasa
        # builds the engine inside __init__ (create_engine_kwargs takes no extra option), and
        # SQLAlchemy 1.4 reads `engine.hide_parameters` when it formats an error, so setting it on
        # the finished engine covers every statement (also the engine Rasa rebuilds for `login_db`).
        self.engine.hide_parameters = True
        install_log_filter()
        logger.info("Conversations are stored redacted in %s.", shown(str(self.engine.url)))

    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(tracker)
        _notify_saved(tracker)

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        """The events not stored yet (Rasa's choice): user messages redacted, their pieces scrubbed after them."""
        secrets: _Secrets = []
        for event in super()._additional_events(session, tracker):
            if isinstance(event, UserUttered):
                event, found = redacted_event(event)
                secrets = sorted(set(secrets) | set(found), key=lambda p: -len(p[0]))
                yield event
            else:
                yield scrubbed_event(without_report_kit(event), secrets)


class LiveOnlyTrackerStore(InMemoryTrackerStore):
    """Stores nothing: a conversation lives in this process's memory while it goes on, and is forgotten
    once idle for longer than the domain's session expiration (60 minutes if it has none)."""

    def __init__(self, domain: Optional[Domain] = None, **kwargs: Any) -> None:
        super().__init__(domain or Domain.empty(), **{k: v for k, v in kwargs.items() if k == "event_broker"})
        self._last_seen: Dict[Text, float] = {}
        install_log_filter()
        logger.info("Conversations are not stored (CHATBOT_STORE_CONVERSATIONS=false): memory only, while live.")

    def _idle_seconds(self) -> float:
        minutes = self.domain.session_config.session_expiration_time if self.domain else 0
        return float(minutes or 60) * 60

    def forget_idle(self, now: Optional[float] = None) -> int:
        """Drops every conversation idle for longer than the limit; returns how many."""
        now = time.time() if now is None else now
        limit = self._idle_seconds()
        idle = [sender for sender, seen in self._last_seen.items() if now - seen > limit]
        for sender in idle:
            self.store.pop(sender, None)
            self._last_seen.pop(sender, None)
        return len(idle)

    async def save(self, tracker: DialogueStateTracker) -> None:
        self.forget_idle()
        await super().save(tracker)
        self._last_seen[tracker.sender_id] = time.time()
        _notify_saved(tracker)

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        self.forget_idle()
        return await super().retrieve(sender_id)

    async def retrieve_full_tracker(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        self.forget_idle()
        return await super().retrieve_full_tracker(sender_id)


class ConversationStore(TrackerStore):
    """The tracker store endpoints.yml names: builds the one the settings ask for (see module docstring)."""

    def __new__(cls, domain: Optional[Domain] = None, **kwargs: Any) -> TrackerStore:  # type: ignore[misc]
        if load_settings().store_conversations:
            return RedactingSQLTrackerStore(domain=domain, **kwargs)
        return LiveOnlyTrackerStore(domain=domain, **kwargs)
