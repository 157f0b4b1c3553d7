"""The tracker store writes no personal detail (real SQLite and PostgreSQL), or writes nothing at all;
the log filter catches what slips into a log line."""
from __future__ import annotations

import asyncio
import io
import logging
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest
from rasa.core.tracker_store import FailSafeTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from chatbot.privacy.logs import RedactingFilter
from chatbot.stores import ConversationStore, LiveOnlyTrackerStore, RedactingSQLTrackerStore
from tests.unit.test_retention import database_url  # noqa: F401 - the SQLite / PostgreSQL fixture

ROOT = Path(__file__).resolve().parents[2]
MESSAGE = "me llamo Zuriñe Olabarrieta, mi insta es @zuri_2010 y mi movil 612 345 678"
SECRETS = ["Zuriñe", "Olabarrieta", "zuri_2010", "612 345 678"]


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "domain"))


def _turn(tracker: DialogueStateTracker, message: str) -> None:
    """One turn as Rasa records it: the message with its parse data and metadata, a slot, a reply."""
    parse_data = {
        "text": message,
        "intent": {"name": "greet", "confidence": 0.9},
        "entities": [{"entity": "name", "value": "Zuriñe", "start": 9, "end": 15}],
        "language": {"language": "es", "confidence": 0.9},
        "metadata": {"language": "es", "echo": message},
        "text_tokens": [[0, 2], [3, 8], [9, 15], [16, 27]],
    }
    tracker.update(UserUttered(message, parse_data["intent"], parse_data["entities"], parse_data,
                               metadata={"language": "es", "echo": message}))
    tracker.update(SlotSet("country", "ES zuri_2010"))
    tracker.update(BotUttered("Vale Zuriñe, te ayudo."))
    tracker.update(ActionExecuted("action_listen"))


def _raw(url: str) -> str:
    engine = create_engine(url, future=True)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT data FROM events")).scalars().all()
    engine.dispose()
    return "\n".join(rows)


def test_nothing_typed_reaches_the_database(database_url: str, domain: Domain) -> None:  # noqa: F811
    store = RedactingSQLTrackerStore(domain=domain, host=database_url)
    tracker = DialogueStateTracker("sender-abcdef12", domain.slots)
    _turn(tracker, MESSAGE)
    asyncio.run(store.save(tracker))

    stored = _raw(database_url)
    assert '"event": "user"' in stored and "[NAME]" in stored and "[HANDLE]" in stored
    assert "text_tokens" not in stored  # offsets into the original would tell the length of a name
    for secret in SECRETS:
        assert secret not in stored and secret.encode("unicode_escape").decode() not in stored, secret

    # the conversation goes on: history, intent and slots read back, next turn appended
    again = asyncio.run(store.retrieve("sender-abcdef12"))
    assert again is not None and len(again.events) == len(tracker.events)
    assert again.latest_message.intent["name"] == "greet"
    _turn(again, "soy la maria de 3ºB")
    asyncio.run(store.save(again))
    assert "maria" not in _raw(database_url) and "3\\u00baB" not in _raw(database_url)
    assert len(asyncio.run(store.retrieve("sender-abcdef12")).events) == 2 * len(tracker.events)
    store.engine.dispose()


def test_nothing_is_written_when_storing_is_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 domain: Domain) -> None:
    database = tmp_path / "conversations.sqlite3"
    monkeypatch.setenv("CHATBOT_TRACKER_DB", str(database))
    monkeypatch.setenv("CHATBOT_STORE_CONVERSATIONS", "false")
    store = ConversationStore(domain=domain)
    assert isinstance(store, LiveOnlyTrackerStore)

    tracker = DialogueStateTracker("sender-abcdef12", domain.slots)
    _turn(tracker, MESSAGE)
    asyncio.run(store.save(tracker))
    again = asyncio.run(store.retrieve("sender-abcdef12"))
    assert again is not None and again.latest_message.text == MESSAGE  # the live conversation has it
    assert not database.exists() and not list(tmp_path.iterdir())

    assert store.forget_idle(now=tracker.events[-1].timestamp + 30 * 60) == 0  # still live after 30 min
    assert store.forget_idle(now=tracker.events[-1].timestamp + 61 * 60 + 5) == 1  # domain: 60 min
    assert asyncio.run(store.retrieve("sender-abcdef12")) is None


def test_storing_is_on_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, domain: Domain) -> None:
    monkeypatch.setenv("CHATBOT_TRACKER_DB", str(tmp_path / "conversations.sqlite3"))
    monkeypatch.delenv("CHATBOT_STORE_CONVERSATIONS", raising=False)
    store = ConversationStore(domain=domain)
    assert isinstance(store, RedactingSQLTrackerStore)
    assert (tmp_path / "conversations.sqlite3").exists()
    store.engine.dispose()


def test_the_setting_takes_a_database_url(database_url: str, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
                                          domain: Domain) -> None:
    """CHATBOT_TRACKER_DB=postgresql://... is how an operator moves conversations to PostgreSQL."""
    monkeypatch.setenv("CHATBOT_TRACKER_DB", database_url)
    store = ConversationStore(domain=domain)
    tracker = DialogueStateTracker("sender-abcdef12", domain.slots)
    _turn(tracker, MESSAGE)
    asyncio.run(store.save(tracker))
    assert store.engine.dialect.name == database_url.split(":")[0].split("+")[0]
    assert "[NAME]" in _raw(database_url) and "Olabarrieta" not in _raw(database_url)
    store.engine.dispose()


def test_the_log_filter_redacts_messages_and_tracebacks() -> None:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.addFilter(RedactingFilter())
    log = logging.getLogger("test.privacy.filter")
    log.addHandler(handler)
    log.propagate = False
    try:
        log.warning("Received user message '%s'", "soy la maria, mi movil 612 345 678")
        try:
            raise ValueError("bad message: escribeme a maria.g@gmail.com")
        except ValueError:
            log.exception("failed")
    finally:
        log.removeHandler(handler)
    written = out.getvalue()
    assert "[NAME]" in written and "[PHONE]" in written and "[EMAIL]" in written
    for secret in ("maria", "612 345 678", "maria.g@gmail.com"):
        assert secret not in written, written


def test_a_failing_redaction_stores_no_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, domain: Domain) -> None:
    """Fail closed: if the redactor ever raised, the message is stored as [REDACTED], never as typed."""
    def broken(*_args, **_kwargs):
        raise RuntimeError("redactor broke")

    monkeypatch.setattr("chatbot.stores.find_spans", broken)
    url = f"sqlite:///{tmp_path / 'conversations.sqlite3'}"
    store = RedactingSQLTrackerStore(domain=domain, host=url)
    tracker = DialogueStateTracker("sender-abcdef12", domain.slots)
    _turn(tracker, MESSAGE)
    asyncio.run(store.save(tracker))
    stored = _raw(url)
    assert '"text": "[REDACTED]"' in stored and "Olabarrieta" not in stored
    store.engine.dispose()


def test_the_report_kit_is_not_stored(database_url: str, domain: Domain) -> None:  # noqa: F811
    """The summary of a user's steps is shown to them and kept only as a marker."""
    store = RedactingSQLTrackerStore(domain=domain, host=database_url)
    tracker = DialogueStateTracker("sender-kit00001", domain.slots)
    _turn(tracker, "dame un resumen")
    kit = "■ Me chantajean\n  1. No pagar y no enviar nada más\nEn peligro: llama al 112"
    tracker.update(BotUttered(kit, {"custom": {"report_kit": {"text": kit}}}))
    asyncio.run(store.save(tracker))
    stored = _raw(database_url)
    assert "[REPORT_KIT]" in stored and "No pagar" not in stored and "Me chantajean" not in stored
    assert asyncio.run(store.retrieve("sender-kit00001")) is not None
    store.engine.dispose()


@contextmanager
def writes_refused(url: str, store: RedactingSQLTrackerStore) -> Iterator[None]:
    """The database reads but refuses every write, as when another process holds SQLite's write lock
    or PostgreSQL turned read-only (a failover to a standby)."""
    if url.startswith("sqlite"):
        holder = sqlite3.connect(make_url(url).database, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # the write lock: readers go on, a writer waits 5 s and fails
        try:
            yield
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        return
    admin = create_engine(url, future=True, isolation_level="AUTOCOMMIT")
    name = make_url(url).database
    with admin.connect() as connection:
        connection.execute(text(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on'))
    store.engine.dispose()  # the setting applies to new connections
    try:
        yield
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{name}" RESET default_transaction_read_only'))
        admin.dispose()


def test_a_failing_write_logs_no_message_text(database_url: str, domain: Domain,  # noqa: F811
                                              caplog: pytest.LogCaptureFixture) -> None:
    """Rasa's FailSafeTrackerStore logs the failed INSERT with SQLAlchemy's error text: the statement
    and, unless the engine hides them, its parameters (the event, with what the teen typed)."""
    sentence = "las jirafas moradas bailan en la azotea del gimnasio"
    store = RedactingSQLTrackerStore(domain=domain, host=database_url)
    safe = FailSafeTrackerStore(store)
    tracker = DialogueStateTracker("sender-write001", domain.slots)
    tracker.update(ActionExecuted("action_listen"))
    asyncio.run(safe.save(tracker))
    tracker.update(UserUttered(sentence, {"name": "greet", "confidence": 1.0}))

    with writes_refused(database_url, store), caplog.at_level(logging.ERROR, logger="rasa.core.tracker_store"):
        asyncio.run(safe.save(tracker))
    store.engine.dispose()

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "INSERT INTO events" in logged, logged  # the failed write was logged...
    assert "jirafas" not in logged, logged          # ...without the message
    assert "[SQL parameters hidden due to hide_parameters=" in logged, logged
