"""Stickiness: what may change a conversation's language, and what may not."""
from __future__ import annotations

import pytest

from chatbot.language.choice import choose_language
from chatbot.language.detection import detect


@pytest.mark.parametrize("text", ["ok", "si", "merci", "jaja", "😂", "👍", "lol", "vale", "oui", "..."])
@pytest.mark.parametrize("current", ["es", "fr"])
def test_short_or_ambiguous_messages_keep_the_language(text: str, current: str) -> None:
    assert choose_language(current, detect(text)) == current


def test_a_whole_sentence_in_the_other_language_switches() -> None:
    assert choose_language("fr", detect("me han hecho un montaje y no sé qué hacer")) == "es"
    assert choose_language("es", detect("quelqu'un me fait du chantage avec des photos")) == "fr"


@pytest.mark.parametrize("text, wanted", [("¿hablas francés?", "fr"), ("parle espagnol stp", "es")])
def test_an_explicit_request_switches_even_when_short(text: str, wanted: str) -> None:
    other = "es" if wanted == "fr" else "fr"
    assert choose_language(other, detect(text)) == wanted


def test_a_button_choice_wins() -> None:
    assert choose_language("es", detect("jaja"), requested="fr") == "fr"


def test_first_message_decides_by_its_hint() -> None:
    assert choose_language(None, detect("salut")) == "fr"
    assert choose_language(None, detect("hola")) == "es"


def test_page_setting_fills_the_gap_but_a_clear_message_wins() -> None:
    assert choose_language(None, detect("ok"), preset="fr") == "fr"
    assert choose_language(None, detect("/greet"), preset="fr") == "fr"
    assert choose_language(None, detect("me han hecho un montaje y no sé qué hacer"), preset="fr") == "es"


@pytest.mark.parametrize("default", ["es", "fr"])
def test_default_when_nothing_is_known(default: str) -> None:
    assert choose_language(None, detect("👍"), default=default) == default
    assert choose_language(None, detect(""), default=default) == default
