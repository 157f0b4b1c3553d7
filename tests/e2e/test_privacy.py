"""What a teen types reaches the conversation database redacted (real server, raw SQLite read)."""
from __future__ import annotations

import sqlite3

import pytest

from tests.e2e.servers import Conversation, Servers

PERSONAL = [
    ("es", "me llamo Lucía Fernández y mi móvil es 612 345 678", ["Lucía", "Fernández", "612 345 678"]),
    ("es", "estoy en 3ºB del IES Santa Eulalia, mi insta es @lucia_2009", ["3ºB", "Santa Eulalia", "@lucia_2009"]),
    ("fr", "je m'appelle Léa Martin, écris-moi à lea.martin@example.org", ["Léa", "Martin", "lea.martin@example.org"]),
    ("fr", "j'habite 12 rue des Lilas, la vidéo est sur www.exemple.fr/video", ["Lilas", "www.exemple.fr"]),
]


@pytest.mark.parametrize("language, text, secrets", PERSONAL)
def test_personal_details_never_reach_the_database(servers: Servers, language: str, text: str, secrets: list) -> None:
    chat = Conversation(servers)
    chat.say("hola" if language == "es" else "salut")
    assert chat.say(text)  # the conversation goes on
    with sqlite3.connect(servers.tracker_db) as db:
        stored = "\n".join(row[0] for row in db.execute("SELECT data FROM events WHERE sender_id = ?", (chat.sender,)))
    assert '"event": "user"' in stored
    for secret in secrets:
        assert secret not in stored and secret.encode("unicode_escape").decode() not in stored, secret
