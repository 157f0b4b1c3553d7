"""Faults behind the channel, with the real processes: the teen still gets who to call, and it heals.

Each test breaks one real part (kills the action server, locks the conversation
database, kills Redis, stops a private PostgreSQL holding the conversations), checks that the answer is the built-in emergency answer in
the conversation's language (French here is known only from the conversation's
earlier turns: no page setting, and the fallback tracker Rasa uses is empty),
that the fault is counted on /health and logged, and
that once the part is back the next answers are the assistant's own again.
A database that refuses writes must not put what the teen typed into the log.
"""
from __future__ import annotations

import sqlite3
import time
import uuid
from typing import Any, Dict, Tuple

import pytest

from chatbot.directory import Directory, card, read_directory
from chatbot.settings import load_settings
from chatbot.directory.emergency import crisis_contacts, emergency_words, regional_line
from chatbot.web.texts import DEGRADED
from tests.e2e.edge_servers import health, say
from tests.e2e.languages import language_of, texts

DIRECTORY = Directory.from_files(read_directory(load_settings().directory_path))
OPENER = {"es": "hola", "fr": "salut"}
HELP = {"es": "me han hecho un montaje y necesito ayuda", "fr": "on a fait un montage de moi, j'ai besoin d'aide"}
# The Spanish conversation is on a page that sets Spain; the French one on a page with no country,
# so the fault answer is checked both ways (issue 17: no country is ever assumed).
COUNTRY = {"es": "ES", "fr": None}
PAGE = {"es": {"language": "es", "country": "ES"}, "fr": {"language": "fr"}}


def sender() -> str:
    return uuid.uuid4().hex


def assert_normal(replies: Any, language: str) -> None:
    said = texts(replies)
    assert said and [language_of(t) for t in said] == [language] * len(said), said


def assert_emergency_answer(replies: Any, language: str) -> None:
    """The built-in answer: the fault text with the number, then the emergency and crisis cards."""
    said = texts(replies)
    country = COUNTRY[language]
    assert said[0] == DEGRADED[language].format(number=emergency_words(DIRECTORY, country, language)), said
    if country:
        assert said[1] == "\n\n".join(card(o, language) for o in crisis_contacts(DIRECTORY, country))
    else:  # every served country's emergency number is in the text; no country's crisis line
        assert len(said) == 2 and regional_line(DIRECTORY, language) in said[0]


def rasa_log(servers: Any) -> str:
    return (servers.logs / "rasa.log").read_text(encoding="utf-8", errors="replace")


def fault_logged(servers: Any, kind: str) -> bool:
    return f"fault kind={kind}" in rasa_log(servers)


def answer_once_healed(servers: Any, chat: str, language: str, tries: int = 2) -> Any:
    """The replies to the opener once the part is back, allowing `tries` messages.

    Why more than one: a client library may notice on the first command only that
    its pooled connection died with the old process (redis-py, SQLAlchemy's pool);
    it drops it then and reconnects on the next. No waiting for a timer.
    """
    emergency_text = DEGRADED[language].format(number=emergency_words(DIRECTORY, COUNTRY[language], language))
    replies: Any = None
    for _ in range(tries):
        status, replies = say(servers, chat, OPENER[language], PAGE[language])
        assert status == 200
        if texts(replies) and texts(replies)[0] != emergency_text:
            break
        time.sleep(1)
    return replies


def open_chats(servers: Any, languages: Tuple[str, ...] = ("es", "fr")) -> Dict[str, str]:
    """One conversation per language, each answered normally before the fault."""
    chats = {language: sender() for language in languages}
    for language, chat in chats.items():
        status, replies = say(servers, chat, OPENER[language], PAGE[language])
        assert status == 200
        assert_normal(replies, language)
    return chats


def assert_fault_answered(servers: Any, chats: Dict[str, str], kind: str, before: int) -> None:
    """During the fault: each conversation gets the emergency answer in its language; the fault is counted and logged."""
    for language, chat in chats.items():
        status, replies = say(servers, chat, HELP[language], PAGE[language])
        assert status == 200
        assert_emergency_answer(replies, language)
    report = health(servers)
    assert report["faults"][kind] >= before + len(chats) and report["status"] == "degraded"
    assert fault_logged(servers, kind)


def test_action_server_down_gives_the_emergency_answer_and_recovers_when_it_is_back(edge_servers: tuple) -> None:
    servers, _ = edge_servers
    chats = open_chats(servers)
    before = health(servers)["faults"]["action_server"]

    servers.kill_actions()
    try:
        assert_fault_answered(servers, chats, "action_server", before)
    finally:
        servers.start_actions(wait=True)

    for language, chat in chats.items():
        status, replies = say(servers, chat, OPENER[language], PAGE[language])
        assert status == 200
        assert_normal(replies, language)


def test_conversation_database_locked_gives_the_emergency_answer_and_recovers(edge_servers: tuple) -> None:
    servers, _ = edge_servers
    chat = open_chats(servers, ("fr",))["fr"]
    before = health(servers)["faults"]["tracker_store"]

    holder = sqlite3.connect(servers.tracker_db, isolation_level=None, timeout=30)
    holder.execute("BEGIN EXCLUSIVE")  # another process holds the file: every read and write of Rasa waits, then fails
    try:
        status, replies = say(servers, chat, HELP["fr"], PAGE["fr"])
        assert status == 200
        assert_emergency_answer(replies, "fr")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert health(servers)["faults"]["tracker_store"] >= before + 1
    assert fault_logged(servers, "tracker_store")

    status, replies = say(servers, chat, OPENER["fr"], PAGE["fr"])
    assert status == 200
    assert_normal(replies, "fr")


def test_redis_lock_store_down_gives_the_emergency_answer_and_recovers(edge_servers: tuple) -> None:
    servers, redis = edge_servers
    chat = open_chats(servers, ("fr",))["fr"]
    before = health(servers)["faults"]["lock_store"]

    redis.kill()
    try:
        status, replies = say(servers, chat, HELP["fr"], PAGE["fr"])
        assert status == 200
        assert_emergency_answer(replies, "fr")
        assert health(servers)["faults"]["lock_store"] >= before + 1
        assert fault_logged(servers, "lock_store")
    finally:
        redis.start()

    assert_normal(answer_once_healed(servers, chat, "fr"), "fr")


def test_postgresql_down_gives_the_emergency_answer_and_recovers_when_it_is_back(postgres_servers: tuple) -> None:
    servers, database = postgres_servers
    chats = open_chats(servers)
    before = health(servers)["faults"]["tracker_store"]

    database.stop()  # immediate shutdown, as a crash would
    try:
        assert_fault_answered(servers, chats, "tracker_store", before)
    finally:
        database.start()

    for language, chat in chats.items():
        assert_normal(answer_once_healed(servers, chat, language), language)


# Plain words the redactor leaves as they are (so the store writes them), found nowhere else in a log.
UNUSUAL = {"es": ("las jirafas moradas bailan en la azotea del gimnasio", "jirafas"),
           "fr": ("les girafes violettes dansent sur le toit du gymnase", "girafes")}


def test_a_database_refusing_writes_logs_no_message_text(postgres_servers: tuple) -> None:
    """Rasa logs a failed INSERT with SQLAlchemy's error text; its parameters (the event, with the
    message) must be hidden. A read-only database (a failover to a standby does that) reads but
    refuses every INSERT: the turn is read, answered, and its save fails."""
    servers, database = postgres_servers
    chats = {language: sender() for language in ("es", "fr")}
    for language, chat in chats.items():
        status, replies = say(servers, chat, OPENER[language], PAGE[language])
        assert_normal(replies, language)
    before = health(servers)["faults"]["tracker_store"]

    database.sql("ALTER SYSTEM SET default_transaction_read_only = on")
    database.sql("SELECT pg_reload_conf()")
    try:
        for language, chat in chats.items():
            status, replies = say(servers, chat, UNUSUAL[language][0], PAGE[language])
            assert status == 200
            assert_emergency_answer(replies, language)
    finally:
        database.sql("ALTER SYSTEM RESET default_transaction_read_only")
        database.sql("SELECT pg_reload_conf()")
    assert health(servers)["faults"]["tracker_store"] >= before + 2

    logged = rasa_log(servers) + (servers.logs / "actions.log").read_text(encoding="utf-8", errors="replace")
    assert "cannot execute INSERT in a read-only transaction" in logged  # the failed write was logged...
    assert "[SQL parameters hidden due to hide_parameters=" in logged     # ...without its parameters
    assert "[parameters:" not in logged  # SQLAlchemy's list of them (events, slots, intents), shown otherwise
    for sentence, word in UNUSUAL.values():
        assert sentence not in logged and word not in logged

    for language, chat in chats.items():
        assert_normal(answer_once_healed(servers, chat, language), language)
