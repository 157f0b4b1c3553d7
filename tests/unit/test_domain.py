"""Every response speaks both languages and never types a phone number or URL itself."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = Domain.load(str(ROOT / "domain"))
RESPONSES = DOMAIN.responses


def _language(variation: dict) -> object:
    for condition in variation.get("condition") or []:
        if condition.get("name") == "language":
            return condition.get("value")
    return None


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_every_response_has_es_fr_and_a_default(name: str) -> None:
    languages = [_language(v) for v in RESPONSES[name]]
    assert sorted(languages, key=str) == sorted(["es", "fr", None], key=str), name


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_es_and_fr_variations_offer_the_same_buttons(name: str) -> None:
    by_language = {_language(v): v for v in RESPONSES[name]}
    if "es" in by_language:
        es_payloads = [b["payload"] for b in by_language["es"].get("buttons", [])]
        fr_payloads = [b["payload"] for b in by_language["fr"].get("buttons", [])]
        switch = {"Français", "Español"}
        assert [p for p in es_payloads if p not in switch] == [p for p in fr_payloads if p not in switch]


def test_no_response_hard_codes_a_number_or_an_address() -> None:
    offending = []
    for name, variations in RESPONSES.items():
        for variation in variations:
            text = variation.get("text", "") + " ".join(b["title"] for b in variation.get("buttons", []))
            if re.search(r"\d{2,}|\d\s\d|https?://|www\.|\.\w{2,3}/|@\w", text):
                offending.append((name, text))
    assert offending == []


# What says, in the first message of each mode, that this is a program and how to reach a person
# (EU AI Act art. 50(1); issue 17). Spanish and French, and the default variation.
AUTOMATIC = {"es": ("asistente automático", "no una persona"), "fr": ("assistant automatique", "pas une personne")}
PERSON = {"es": "Hablar con alguien", "fr": "Parler à quelqu'un"}


def test_the_greeting_says_it_is_automatic_and_how_to_reach_a_person() -> None:
    for variation in DOMAIN.responses["utter_greet"]:
        language = _language(variation) or "es"
        assert all(words in variation["text"] for words in AUTOMATIC[language]), variation["text"]
        assert PERSON[language] in variation["text"]
    menu = {_language(v) or "es": [b["title"] for b in v["buttons"]] for v in DOMAIN.responses["utter_menu"]}
    assert all(PERSON[language] in titles for language, titles in menu.items())


def test_the_learn_modes_first_message_says_it_is_automatic_too() -> None:
    from chatbot.learn.content import load_content

    content = load_content()
    for language, words in AUTOMATIC.items():
        assert all(w in content.label("menu_intro", language) for w in words)
