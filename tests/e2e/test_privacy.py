"""What a teen types reaches neither the conversation database (raw read) nor the logs; with storing
off, nothing is written at all and the conversation still works across turns (real servers, HTTP)."""
from __future__ import annotations

import os
import sqlite3
from typing import Iterator, List, Tuple

import pytest

from tests.e2e.languages import language_of, texts
from tests.e2e.servers import ROOT, Conversation, Servers, free_port, trained_model

PERSONAL: List[Tuple[str, str, List[str]]] = [
    ("es", "me llamo Lucía Fernández y mi móvil es 612 345 678", ["Lucía", "Fernández", "612 345 678"]),
    ("es", "estoy en 3ºB del IES Santa Eulalia, mi insta es @lucia_2009", ["3ºB", "Santa Eulalia", "lucia_2009"]),
    ("es", "soy la maria de 2ºA y fue el hugo quien lo subio, vivo en la calle mayor 12",
     ["maria", "2ºA", "hugo", "mayor 12"]),
    ("es", "mi snap es zuri.olaba y mi correo zuriolaba@gmail.com", ["zuri.olaba", "zuriolaba@gmail.com"]),
    ("fr", "je m'appelle Léa Martin, écris-moi à lea.martin@example.org", ["Léa", "Martin", "lea.martin@example.org"]),
    ("fr", "j'habite 12 rue des Lilas, la vidéo est sur www.exemple.fr/video", ["Lilas", "www.exemple.fr"]),
    ("fr", "c'est enzo de 4eme2 au collège Jean Moulin, son num 06 12 34 56 78",
     ["enzo", "4eme2", "Jean Moulin", "06 12 34 56 78"]),
]


def _stored(database: os.PathLike, sender: str) -> str:
    with sqlite3.connect(database) as db:
        return "\n".join(row[0] for row in db.execute("SELECT data FROM events WHERE sender_id = ?", (sender,)))


def _leaks(haystack: str, secrets: List[str]) -> List[str]:
    return [s for s in secrets if s in haystack or s.encode("unicode_escape").decode() in haystack]


@pytest.mark.parametrize("language, text, secrets", PERSONAL)
def test_personal_details_never_reach_the_database(servers: Servers, language: str, text: str, secrets: list) -> None:
    chat = Conversation(servers)
    chat.say("hola" if language == "es" else "salut")
    assert chat.say(text)  # the conversation goes on
    assert chat.say("ok")  # and on, from the redacted history
    stored = _stored(servers.tracker_db, chat.sender)
    assert '"event": "user"' in stored and '"event": "bot"' in stored
    assert _leaks(stored, secrets + [text]) == []


def test_logs_carry_no_message_text_at_the_default_level(servers: Servers) -> None:
    typed = [text for _, text, _ in PERSONAL] + ["me quiero quitar la vida", "aidez moi svp je sais pas quoi faire"]
    for text in typed:
        chat = Conversation(servers)
        chat.say(text)
        chat.say("ok")
    logs = "\n".join((servers.logs / name).read_text(encoding="utf-8", errors="replace")
                     for name in ("rasa.log", "actions.log"))
    assert "Conversations are stored redacted" in logs  # the right store, and the log is the one we think
    secrets = [s for _, _, found in PERSONAL for s in found]
    assert _leaks(logs, typed + secrets) == []


@pytest.fixture(scope="module")
def servers_storing_nothing() -> Iterator[Servers]:
    previous = os.environ.get("CHATBOT_STORE_CONVERSATIONS")
    os.environ["CHATBOT_STORE_CONVERSATIONS"] = "false"
    try:
        running = Servers(free_port(), free_port(), ROOT / "var" / "log" / "e2e-nothing-stored").start(trained_model())
    finally:
        if previous is None:
            os.environ.pop("CHATBOT_STORE_CONVERSATIONS")
        else:
            os.environ["CHATBOT_STORE_CONVERSATIONS"] = previous
    yield running
    running.stop()


def test_storing_off_writes_nothing_and_the_conversation_still_works(servers_storing_nothing: Servers) -> None:
    servers = servers_storing_nothing
    chat = Conversation(servers)
    assert {language_of(t) for t in texts(chat.say("salut"))} == {"fr"}
    for text in ("je m'appelle Léa Martin", "ok", "merci"):  # "ok" and "merci" stay French: the state lived on
        assert {language_of(t) for t in texts(chat.say(text))} == {"fr"}, text
    assert not servers.tracker_db.exists()
    assert not list(servers.logs.glob("*.sqlite3*"))
    assert "Conversations are not stored" in (servers.logs / "rasa.log").read_text(encoding="utf-8")
