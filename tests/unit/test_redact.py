"""Redaction of what teens type, in both languages (the full labelled P/R set is issue 7's)."""
from __future__ import annotations

import pytest

from chatbot.privacy.redact import redact


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Hola, me llamo Lucía y mi número es 612 345 678", "Hola, me llamo [NAME] y mi número es [PHONE]"),
        ("mi insta es @lucia_2009", "mi insta es [HANDLE]"),
        ("mándame un correo a lucia@gmail.com", "mándame un correo a [EMAIL]"),
        ("el enlace es www.ejemplo.com/foto", "el enlace es [URL]"),
        ("estoy en 3ºB del IES Santa Eulalia", "estoy en [CLASS] del [SCHOOL]"),
        ("je m'appelle Léa, je suis en 3e B au collège Jean Moulin", "je m'appelle [NAME], je suis en [CLASS] au [SCHOOL]"),
        ("appelle-moi au +33 6 12 34 56 78", "appelle-moi au [PHONE]"),
        ("j'habite 12 rue des Lilas", "j'habite [ADDRESS]"),
    ],
)
def test_patterns_and_cues(text: str, expected: str) -> None:
    assert redact(text, use_spacy=False) == expected


@pytest.mark.parametrize("text, secret", [("fue Pablo el que lo pasó", "Pablo"), ("ça vient de Lyon", "Lyon")])
def test_spacy_catches_names_and_places(text: str, secret: str) -> None:
    assert secret not in redact(text)


@pytest.mark.parametrize("text", ["hola", "me han hecho un montaje en insta", "/greet", "quelqu'un me fait du chantage sur snap"])
def test_ordinary_messages_stay_as_they_are(text: str) -> None:
    assert redact(text) == text
