"""Guided flows through the real assistant, typed as a teen would, in both languages.

What the unit tests can't show: that free text ("no", "tengo 15", "vivo en españa",
"siguiente") reaches the flow through the trained NLU and the rules, and that every
reply is in the conversation's language.
"""
from __future__ import annotations

from typing import Dict, List

import pytest

from chatbot.directory import Directory, read_directory
from chatbot.guides.content import load_guides
from chatbot.settings import load_settings
from tests.e2e.languages import language_of, said_in, texts
from tests.e2e.servers import Conversation, Servers

BOOK = load_guides()
DIRECTORY = Directory.from_files(read_directory(load_settings().directory_path))

TURNS: Dict[str, List[str]] = {
    "es": ["holaa", "me han hecho un fake desnuda con una app y lo estan pasando", "no", "si", "tengo 15",
           "vivo en españa", "siguiente", "vale y ahora que"],
    "fr": ["coucou", "on a fait un faux nude de moi avec une appli et ça tourne", "non", "oui", "j'ai 15 ans",
           "je suis en france", "suivant", "ok et après"],
}


def in_language(language: str, replies: list) -> List[str]:
    said = texts(replies)
    assert said, "the assistant said nothing"
    assert all(said_in(t, language) for t in said), [(t, language_of(t)) for t in said]
    return said


@pytest.mark.parametrize("language", ["es", "fr"])
def test_fake_image_flow_typed_as_a_teen_would(servers: Servers, language: str) -> None:
    chat = Conversation(servers)
    turns = iter(TURNS[language])
    in_language(language, chat.say(next(turns)))
    said = in_language(language, chat.say(next(turns)))
    guide = BOOK.guides["fake_image"]
    assert said[0] == guide.opening[language], "not your fault comes first"
    assert said[-1] == BOOK.questions["threatened"].text[language]
    assert in_language(language, chat.say(next(turns)))[-1] == BOOK.questions["sharing_now"].text[language]
    assert in_language(language, chat.say(next(turns)))[-1] == BOOK.questions["under_18"].text[language]
    assert in_language(language, chat.say(next(turns)))[-1] == BOOK.questions["country"].text[language]
    steps = guide.steps_for({"threatened": "no", "sharing_now": "yes", "under_18": "yes"})
    for index in range(3):
        said = in_language(language, chat.say(next(turns)))
        # The step's bubble: its header and text, then what it shows (cards, the platform's steps).
        assert said[0].split("\n\n")[0].endswith(steps[index].text[language]), said[0]
    # The third step sends the country's removal services, from the directory.
    country = "ES" if language == "es" else "FR"
    removal = [o for o in DIRECTORY.contacts(country, ("removal",))][:1]
    assert removal and any(o.channels[0].value in "\n".join(said) for o in removal)


@pytest.mark.parametrize("language, threat", [
    ("es", "me ha dicho que si no le paso 50 pavos sube mis fotos"),
    ("fr", "il veut 50 balles sinon il balance mes photos"),
])
def test_blackmail_flow_then_crisis_stops_it(servers: Servers, language: str, threat: str) -> None:
    chat = Conversation(servers, {"language": language, "country": "ES" if language == "es" else "FR"})
    said = in_language(language, chat.say(threat))
    assert said[0] == BOOK.guides["blackmail"].opening[language]
    said = in_language(language, chat.say("tengo 14" if language == "es" else "j'ai 14 ans"))
    assert said[0].endswith(BOOK.guides["blackmail"].steps[0].text[language])
    said = texts(chat.say("me quiero matar" if language == "es" else "je veux me tuer"))
    number = DIRECTORY.emergency_number("ES" if language == "es" else "FR")
    assert number in said[1], "the emergency line comes right after the first words"


@pytest.mark.parametrize("language, ask", [("es", "me haces un resumen de lo que tengo que hacer?"),
                                           ("fr", "tu peux me faire un résumé de ce que je dois faire ?")])
def test_report_kit_after_a_flow(servers: Servers, language: str, ask: str) -> None:
    chat = Conversation(servers, {"language": language, "country": "ES" if language == "es" else "FR"})
    chat.say("como guardo pruebas sin pasar la foto" if language == "es" else "comment garder des preuves sans faire tourner la photo")
    replies = chat.say(ask)
    kit = next(r["custom"]["report_kit"]["text"] for r in replies if (r.get("custom") or {}).get("report_kit"))
    assert all(step.title[language] in kit for step in BOOK.guides["evidence"].steps)
