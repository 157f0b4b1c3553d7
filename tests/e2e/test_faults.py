"""Faults behind the channel, with the real processes: the teen still gets who to call, and it heals.

Each test breaks one real part (kills the action server, locks the conversation
database, kills Redis), checks that the answer is the built-in emergency answer in
the conversation's language (French here is known only from the conversation's
earlier turns: no page setting, and the fallback tracker Rasa uses is empty),
that the fault is counted on /health and logged, and
that once the part is back the next answers are the assistant's own again.
"""
from __future__ import annotations

import sqlite3
import time
import uuid
from typing import Any, List

import pytest

from chatbot.directory import Directory, card, read_directory
from chatbot.settings import load_settings
from chatbot.web.degraded import crisis_contacts
from chatbot.web.texts import DEGRADED
from tests.e2e.edge_servers import health, say
from tests.e2e.languages import language_of, texts

DIRECTORY = Directory.from_files(read_directory(load_settings().directory_path))
OPENER = {"es": "hola", "fr": "salut"}
HELP = {"es": "me han hecho un montaje y necesito ayuda", "fr": "on a fait un montage de moi, j'ai besoin d'aide"}
COUNTRY = {"es": "ES", "fr": "FR"}


def sender() -> str:
    return uuid.uuid4().hex


def assert_normal(replies: Any, language: str) -> None:
    said = texts(replies)
    assert said and [language_of(t) for t in said] == [language] * len(said), said


def assert_emergency_answer(replies: Any, language: str) -> None:
    """The built-in answer: the fault text with the number, then the emergency and crisis cards."""
    said = texts(replies)
    country = COUNTRY[language]
    assert said[0] == DEGRADED[language].format(number=DIRECTORY.emergency_number(country)), said
    assert said[1:1 + len(crisis_contacts(DIRECTORY, country))] == [card(o, language) for o in crisis_contacts(DIRECTORY, country)]


def fault_logged(servers: Any, kind: str) -> bool:
    return f"fault kind={kind}" in (servers.logs / "rasa.log").read_text(encoding="utf-8", errors="replace")


def test_action_server_down_gives_the_emergency_answer_and_recovers_when_it_is_back(edge_servers: tuple) -> None:
    servers, _ = edge_servers
    chats = {language: sender() for language in ("es", "fr")}
    for language, chat in chats.items():
        status, replies = say(servers, chat, OPENER[language])
        assert status == 200
        assert_normal(replies, language)
    before = health(servers)["faults"]["action_server"]

    servers.kill_actions()
    try:
        for language, chat in chats.items():
            status, replies = say(servers, chat, HELP[language])
            assert status == 200
            assert_emergency_answer(replies, language)
        report = health(servers)
        assert report["faults"]["action_server"] >= before + 2 and report["status"] == "degraded"
        assert fault_logged(servers, "action_server")
    finally:
        servers.start_actions(wait=True)

    for language, chat in chats.items():
        status, replies = say(servers, chat, OPENER[language])
        assert status == 200
        assert_normal(replies, language)


def test_conversation_database_locked_gives_the_emergency_answer_and_recovers(edge_servers: tuple) -> None:
    servers, _ = edge_servers
    chat = sender()
    status, replies = say(servers, chat, OPENER["fr"])
    assert_normal(replies, "fr")
    before = health(servers)["faults"]["tracker_store"]

    holder = sqlite3.connect(servers.tracker_db, isolation_level=None, timeout=30)
    holder.execute("BEGIN EXCLUSIVE")  # another process holds the file: every read and write of Rasa waits, then fails
    try:
        status, replies = say(servers, chat, HELP["fr"])
        assert status == 200
        assert_emergency_answer(replies, "fr")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert health(servers)["faults"]["tracker_store"] >= before + 1
    assert fault_logged(servers, "tracker_store")

    status, replies = say(servers, chat, OPENER["fr"])
    assert status == 200
    assert_normal(replies, "fr")


def test_redis_lock_store_down_gives_the_emergency_answer_and_recovers(edge_servers: tuple) -> None:
    servers, redis = edge_servers
    chat = sender()
    status, replies = say(servers, chat, OPENER["fr"])
    assert_normal(replies, "fr")
    before = health(servers)["faults"]["lock_store"]

    redis.kill()
    try:
        status, replies = say(servers, chat, HELP["fr"])
        assert status == 200
        assert_emergency_answer(replies, "fr")
        assert health(servers)["faults"]["lock_store"] >= before + 1
        assert fault_logged(servers, "lock_store")
    finally:
        redis.start()

    # redis-py reconnects on the next command; allow one more message for a stale pooled connection.
    answers: List[Any] = []
    for _ in range(2):
        status, replies = say(servers, chat, OPENER["fr"])
        answers.append(replies)
        if texts(replies) and texts(replies)[0] != DEGRADED["fr"].format(number=DIRECTORY.emergency_number("FR")):
            break
        time.sleep(1)
    assert_normal(answers[-1], "fr")
