"""The fault answer (emergency contacts from the files) and how faults are told apart."""
from __future__ import annotations

import asyncio
import logging
import sqlite3

import pytest
import redis
import sqlalchemy

from chatbot.directory import Directory, card, read_directory
from chatbot.settings import load_settings
from chatbot.web.degraded import (
    ACTION_SERVER,
    LOCK_STORE,
    TIMEOUT,
    TRACKER_STORE,
    UNEXPECTED,
    EmergencyAnswers,
    FaultLog,
    classify,
    crisis_contacts,
    end_turn,
    install_failure_hook,
    start_turn,
)
from chatbot.web.texts import DEGRADED, NOT_TEXT, RATE_LIMITED

DIRECTORY = Directory.from_files(read_directory(load_settings().directory_path))


@pytest.mark.parametrize("language, country", [("es", "ES"), ("fr", "FR"), ("fr", "BE"), ("es", "MX")])
def test_the_fault_answer_has_the_emergency_line_first_in_the_language(language: str, country: str) -> None:
    replies = EmergencyAnswers(DIRECTORY, "ES").degraded_reply("abcdefgh", language, country)
    number = DIRECTORY.emergency_number(country)
    assert replies[0]["text"] == DEGRADED[language].format(number=number)
    lines = crisis_contacts(DIRECTORY, country)
    assert lines and [r["text"] for r in replies[1:1 + len(lines)]] == [card(o, language) for o in lines]
    assert number in replies[1]["text"]
    assert all(r["recipient_id"] == "abcdefgh" for r in replies)


def test_an_unknown_country_gets_the_default_countrys_number() -> None:
    answers = EmergencyAnswers(DIRECTORY, "ES")
    assert answers.number("ZZ") == answers.number(None) == DIRECTORY.emergency_number("ES")


def test_edge_texts_exist_in_both_languages_without_typed_numbers() -> None:
    import re

    for texts in (NOT_TEXT, RATE_LIMITED, DEGRADED):
        assert set(texts) == {"es", "fr"}
        for text in texts.values():
            assert not re.search(r"\d", text), text
    assert "{number}" in RATE_LIMITED["es"] and "{number}" in RATE_LIMITED["fr"]


def test_faults_are_told_apart_by_the_library_that_raised() -> None:
    assert classify(redis.exceptions.ConnectionError("down")) == LOCK_STORE
    assert classify(sqlalchemy.exc.OperationalError("x", {}, sqlite3.OperationalError("database is locked"))) == TRACKER_STORE
    assert classify(asyncio.TimeoutError()) == TIMEOUT
    assert classify(ValueError("?")) == UNEXPECTED
    try:
        try:
            raise redis.exceptions.ConnectionError("down")
        except redis.exceptions.ConnectionError as inner:
            raise RuntimeError("wrapped") from inner
    except RuntimeError as outer:
        assert classify(outer) == LOCK_STORE


def test_the_fault_log_counts_and_reports_degraded_for_a_minute(caplog: pytest.LogCaptureFixture) -> None:
    log = FaultLog()
    assert log.health()["status"] == "ok"
    with caplog.at_level(logging.WARNING):
        log.record(ACTION_SERVER, "ClientConnectorError")
    assert log.health() == {"status": "degraded", "faults": {**FaultLog().counts, ACTION_SERVER: 1}}
    assert "fault kind=action_server" in caplog.text


def test_failures_rasa_swallows_are_seen_only_during_a_turn() -> None:
    install_failure_hook()
    processor = logging.getLogger("rasa.core.processor")
    stores = logging.getLogger("rasa.core.tracker_store")
    processor.error("Encountered an exception while running action 'x'.")  # no turn: nobody listens
    failures = start_turn()
    processor.error("Encountered an exception while running action 'action_show_contacts'.Bot will continue")
    processor.error("something else")
    stores.error("Error happened when trying to save conversation tracker to 'X'.")
    stores.error("Error happened when trying to retrieve conversation tracker from 'X'.")
    end_turn()
    processor.error("Encountered an exception while running action 'late'.")
    assert failures == [ACTION_SERVER, TRACKER_STORE]
