"""The real assistant over HTTP: both servers, the trained model, the web channel."""
from __future__ import annotations

import pytest

from chatbot.directory import Directory, card, read_directory
from chatbot.directory.emergency import regional_line
from chatbot.settings import load_settings
from tests.e2e.languages import language_of, said_in, texts
from chatbot.web.channel import MAX_BODY_BYTES
from tests.e2e.servers import Conversation, Servers, post

DIRECTORY = Directory.from_files(read_directory(load_settings().directory_path))


def contact_ids(replies: list) -> list:
    """The directory entries a reply links to (`custom.contacts` of its bubbles)."""
    return [c["id"] for r in replies for c in (r.get("custom") or {}).get("contacts") or []]


def assert_all_in(language: str, replies: list) -> None:
    said = texts(replies)
    assert said, "the assistant said nothing"
    assert all(said_in(t, language) for t in said), [(t, language_of(t)) for t in said]


def test_hola_is_answered_in_spanish_with_the_emergency_number(servers: Servers) -> None:
    replies = Conversation(servers, {"language": "es", "country": "ES"}).say("hola")
    assert_all_in("es", replies)
    assert f"llama al {DIRECTORY.emergency_number('ES')}." in texts(replies)[0]
    assert "asistente automático, no una persona" in texts(replies)[0]
    assert any(r.get("buttons") for r in replies), "the menu offers quick replies"


@pytest.mark.parametrize("opener, language", [("hola", "es"), ("salut", "fr")])
def test_without_a_country_the_greeting_gives_every_emergency_number(servers: Servers, opener: str, language: str) -> None:
    """A page without country= (issue 17): no country is assumed from the language."""
    replies = Conversation(servers).say(opener)
    assert regional_line(DIRECTORY, language) in texts(replies)[0]
    assert not any((r.get("custom") or {}).get("country") for r in replies)


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
    asked = chat.say("j'ai besoin de parler à une vraie personne")
    assert not contact_ids(asked), "no country's contact before the country is known"
    assert any('"country": "CA"' in b["payload"] for r in asked for b in r.get("buttons") or [])
    replies = chat.say("j'habite au Québec")
    wanted = [o.id for o in DIRECTORY.contacts("CA", ("emotional_support",))]
    assert contact_ids(replies) and set(contact_ids(replies)) <= set(wanted), contact_ids(replies)
    assert {"country": "CA"} in [r.get("custom") for r in replies]  # the page's band follows


@pytest.mark.parametrize("language, country, text", [("es", "ES", "me quiero quitar la vida"), ("fr", "FR", "j'ai plus envie de vivre")])
def test_crisis_stops_everything_and_gives_the_lines_first(servers: Servers, language: str, country: str, text: str) -> None:
    chat = Conversation(servers, {"language": language, "country": country})
    chat.say("me han hecho un montaje" if language == "es" else "on m'a fait un montage")
    replies = chat.say(text)
    said = texts(replies)
    assert_all_in(language, [{"text": t} for t in said])
    emergency = DIRECTORY.contacts(country, ("emergency",))[0]
    crisis_lines = [o for o in DIRECTORY.contacts(country, ("crisis",)) if o != emergency][:2]
    assert crisis_lines and said[1] == "\n\n".join(card(o, language) for o in [emergency, *crisis_lines])
    assert contact_ids(replies) == [o.id for o in [emergency, *crisis_lines]]
    assert len(said) <= 3, said  # a phone shows the whole answer


@pytest.mark.parametrize("language, text, country", [
    ("es", "soy de México y ya no quiero vivir", "MX"), ("fr", "j'habite au Québec et je veux mourir", "CA"),
    ("es", "vivo en Chile, me quiero quitar la vida", "CL"),
])
def test_a_country_said_with_the_crisis_gets_that_countrys_lines_in_the_same_answer(
        servers: Servers, language: str, text: str, country: str) -> None:
    replies = Conversation(servers, {"language": language}).say(text)
    assert_all_in(language, replies)
    ids = contact_ids(replies)
    assert ids and {o.country for o in DIRECTORY.organisations() if o.id in ids} == {country}, ids
    assert DIRECTORY.emergency_number(country) in texts(replies)[1]


@pytest.mark.parametrize("language, text", [("es", "me quiero morir"), ("fr", "j'ai envie de mourir")])
def test_a_crisis_without_a_country_gives_every_emergency_number_then_asks(servers: Servers, language: str, text: str) -> None:
    chat = Conversation(servers)
    replies = chat.say(text)
    said = texts(replies)
    assert regional_line(DIRECTORY, language) in said[1]
    crisis_only = {c.value for o in DIRECTORY.organisations() if "crisis" in o.topics and "emergency" not in o.topics
                   for c in o.channels}
    assert not any(number in " ".join(said) for number in crisis_only)
    assert any('"country": "BE"' in b["payload"] for r in replies for b in r.get("buttons") or [])
    answered = chat.say("Belgique" if language == "fr" else "Bélgica")
    ids = contact_ids(answered)
    assert ids and {o.country for o in DIRECTORY.organisations() if o.id in ids} == {"BE"}


@pytest.mark.parametrize(
    "language, country, text, dont_go",
    [("es", "ES", "quiere que quede con él esta noche o sube las fotos", "no vayas"),
     ("fr", "FR", "il veut que je vienne chez lui ce soir sinon il balance tout", "n'y va pas")],
)
def test_a_demand_to_meet_gets_the_emergency_line_then_dont_go(
    servers: Servers, language: str, country: str, text: str, dont_go: str
) -> None:
    chat = Conversation(servers, {"language": language, "country": country})
    chat.say("me están chantajeando con un montaje" if language == "es" else "on me fait du chantage avec un montage")
    said = texts(chat.say(text))
    assert_all_in(language, [{"text": t} for t in said])
    first_card = card(DIRECTORY.contacts(country, ("emergency",))[0], language)
    assert said[1].startswith(first_card)
    assert dont_go in said[1].lower() and said[1].lower().index(dont_go) > len(first_card), said  # after the numbers


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
