"""The fault answer (emergency contacts from the files) and how faults are told apart."""
from __future__ import annotations

import asyncio
import logging
import sqlite3

import pytest
import redis
import sqlalchemy

from chatbot.directory import Directory, card, read_directory
from chatbot.directory.emergency import crisis_contacts, regional_line
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
    end_turn,
    install_failure_hook,
    start_turn,
)
from chatbot.web.texts import DEGRADED, NOT_TEXT, RATE_LIMITED

DIRECTORY = Directory.from_files(read_directory(load_settings().directory_path))


@pytest.mark.parametrize("language, country", [("es", "ES"), ("fr", "FR"), ("fr", "BE"), ("es", "MX")])
def test_the_fault_answer_has_the_emergency_line_first_in_the_language(language: str, country: str) -> None:
    replies = EmergencyAnswers(DIRECTORY).degraded_reply("abcdefgh", language, country)
    number = DIRECTORY.emergency_number(country)
    assert replies[0]["text"] == DEGRADED[language].format(number=number)
    lines = crisis_contacts(DIRECTORY, country)
    assert lines and replies[1]["text"] == "\n\n".join(card(o, language) for o in lines)  # one bubble
    assert [c["id"] for c in replies[1]["custom"]["contacts"]] == [o.id for o in lines]
    assert number in replies[1]["text"] and len(replies) == 3
    assert all(r["recipient_id"] == "abcdefgh" for r in replies)


@pytest.mark.parametrize("language", ["es", "fr"])
def test_without_a_country_the_fault_answer_gives_every_emergency_number_and_no_crisis_line(language: str) -> None:
    answers = EmergencyAnswers(DIRECTORY)
    assert answers.number("ZZ", language) == answers.number(None, language) == regional_line(DIRECTORY, language)
    replies = answers.degraded_reply("abcdefgh", language, None)
    text = " ".join(r["text"] for r in replies)
    for code in DIRECTORY.countries():
        assert DIRECTORY.emergency_number(code) in text and DIRECTORY.country_name(code, language) in text
    # No country's crisis or support line (024, 3114, ANAR...): only emergency numbers.
    crisis = {c.value for code in DIRECTORY.countries() for o in DIRECTORY.contacts(code, ("crisis",))
              for c in o.channels if "emergency" not in o.topics}
    assert not any(number in text for number in crisis)


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
