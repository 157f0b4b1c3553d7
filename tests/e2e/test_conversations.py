"""The real assistant over HTTP: both servers, the trained model, the web channel."""
from __future__ import annotations

import pytest

from chatbot.directory import Directory, card, read_directory
from chatbot.settings import load_settings
from tests.e2e.languages import language_of, texts
from chatbot.web.channel import MAX_BODY_BYTES
from tests.e2e.servers import Conversation, Servers, post

DIRECTORY = Directory.from_files(read_directory(load_settings().directory_path))


def assert_all_in(language: str, replies: list) -> None:
    said = texts(replies)
    assert said, "the assistant said nothing"
    assert [language_of(t) for t in said] == [language] * len(said), said


def test_hola_is_answered_in_spanish_with_the_emergency_number(servers: Servers) -> None:
    replies = Conversation(servers).say("hola")
    assert_all_in("es", replies)
    assert f"llama al {DIRECTORY.emergency_number('ES')}" in texts(replies)[0]
    assert any(r.get("buttons") for r in replies), "the menu offers quick replies"


def test_salut_is_answered_in_french(servers: Servers) -> None:
    assert_all_in("fr", Conversation(servers).say("salut"))


def test_short_messages_do_not_flip_a_french_conversation(servers: Servers) -> None:
    chat = Conversation(servers)
    assert_all_in("fr", chat.say("salut"))
    for text in ("ok", "si", "jaja", "merci", "👍"):
        assert_all_in("fr", chat.say(text))


def test_asking_for_french_switches_and_the_button_switches_back(servers: Servers) -> None:
    chat = Conversation(servers)
    assert_all_in("es", chat.say("hola"))
    assert_all_in("fr", chat.say("¿hablas francés?"))
    assert_all_in("es", chat.say("Español"))


def test_the_page_setting_presets_the_language(servers: Servers) -> None:
    assert_all_in("fr", Conversation(servers, {"language": "fr", "country": "FR"}).say("/greet"))


@pytest.mark.parametrize("language, opener", [("es", "hola"), ("fr", "salut")])
@pytest.mark.parametrize(
    "text",
    ["", "   ", "a" * 10_000, "😭😭😭", "hello, can you please help me with something",
     "bon dia, algú ha fet un muntatge amb la meva cara", "مرحبا، هل يمكنك مساعدتي؟"],
    ids=["empty", "whitespace", "10000-chars", "emoji", "english", "catalan", "arabic"],
)
def test_bad_input_gets_a_polite_answer_in_the_conversations_language(
    servers: Servers, language: str, opener: str, text: str
) -> None:
    chat = Conversation(servers)
    chat.say(opener)
    assert_all_in(language, chat.say(text))


def test_a_first_message_in_another_language_gets_the_default_language(servers: Servers) -> None:
    assert_all_in(load_settings().default_language, Conversation(servers).say("hello, can you please help me with something"))


def test_topic_contacts_are_the_directorys_for_the_country(servers: Servers) -> None:
    chat = Conversation(servers)
    chat.say("salut")
    said = texts(chat.say("j'ai besoin de parler à une vraie personne"))
    wanted = DIRECTORY.contacts("FR", ("emotional_support", "sextortion"))[:3]
    assert wanted and [card(o, "fr") for o in wanted] == [t for t in said if t.startswith(("📞", "💬", "🌐", "✉️", "📱"))]


@pytest.mark.parametrize("language, country, text", [("es", "ES", "me quiero quitar la vida"), ("fr", "FR", "j'ai plus envie de vivre")])
def test_crisis_stops_everything_and_gives_the_lines_first(servers: Servers, language: str, country: str, text: str) -> None:
    chat = Conversation(servers)
    chat.say("me han hecho un montaje" if language == "es" else "on m'a fait un montage")
    said = texts(chat.say(text))
    assert_all_in(language, [{"text": t} for t in said])
    emergency = DIRECTORY.contacts(country, ("emergency",))[0]
    assert said[1] == card(emergency, language)
    assert DIRECTORY.emergency_number(country) in said[1]
    crisis_lines = [o for o in DIRECTORY.contacts(country, ("crisis",)) if o != emergency][:2]
    assert crisis_lines and said[2:2 + len(crisis_lines)] == [card(o, language) for o in crisis_lines]


@pytest.mark.parametrize(
    "language, country, text, dont_go",
    [("es", "ES", "quiere que quede con él esta noche o sube las fotos", "no vayas"),
     ("fr", "FR", "il veut que je vienne chez lui ce soir sinon il balance tout", "n'y va pas")],
)
def test_a_demand_to_meet_gets_the_emergency_line_then_dont_go(
    servers: Servers, language: str, country: str, text: str, dont_go: str
) -> None:
    chat = Conversation(servers)
    chat.say("me están chantajeando con un montaje" if language == "es" else "on me fait du chantage avec un montage")
    said = texts(chat.say(text))
    assert_all_in(language, [{"text": t} for t in said])
    assert said[1] == card(DIRECTORY.contacts(country, ("emergency",))[0], language)
    advice = [i for i, t in enumerate(said) if dont_go in t.lower()]
    assert advice and advice[0] > 1, said  # after the numbers, never instead of them


@pytest.mark.parametrize(
    "body, status",
    [
        (b"{not json", 400),
        (b'{"sender": "abcdefgh12", "message": {"file": "x.png"}}', 400),
        (b'{"message": "hola"}', 400),
        (b'{"sender": "abcdefgh12", "message": "' + b"a" * MAX_BODY_BYTES + b'"}', 413),
    ],
    ids=["malformed", "not-text", "no-sender", "too-large"],
)
def test_the_edge_refuses_what_a_page_never_sends(servers: Servers, body: bytes, status: int) -> None:
    got, payload = post(f"{servers.base}/message", body)
    assert got == status and isinstance(payload, dict) and payload.get("error")


def test_the_chat_page_is_served(servers: Servers) -> None:
    import urllib.request

    html = urllib.request.urlopen(f"{servers.base}/", timeout=10).read().decode()
    assert "<html" in html and "__OFFLINE_MESSAGE__" not in html
