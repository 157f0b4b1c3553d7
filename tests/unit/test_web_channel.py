"""The HTTP edge's parsing: only short text and known page settings get through."""
from __future__ import annotations

import json

import pytest

from chatbot.web.channel import (
    ATTACHMENT,
    MAX_BODY_BYTES,
    NOT_TEXT_CONTENT,
    BadRequest,
    menu_buttons,
    page_settings,
    parse_message_request,
    peek_page_settings,
)


def body(**fields: object) -> bytes:
    return json.dumps({"sender": "abcdef123456", "message": "hola", **fields}).encode()


def test_a_normal_message_passes() -> None:
    parsed = parse_message_request(body(metadata={"language": "FR", "country": "fr", "name": "x"}), 2000)
    assert parsed == {"sender": "abcdef123456", "text": "hola", "metadata": {"language": "fr", "country": "FR"},
                      "refused": None, "danger": False}


@pytest.mark.parametrize(
    "raw, reason",
    [
        (b"{not json", "invalid_json"),
        (b"\xff\xfe\x00", "invalid_json"),
        (b'{"sender": "abcdef123456", "message": "ho\xc3la"}', "invalid_json"),  # invalid UTF-8 inside a string
        (b"[1, 2]", "invalid_json"),
        (b"[" * 5000 + b"]" * 5000, "invalid_json"),  # nesting deep enough to exhaust the parser's recursion
        (body(message={"text": "hola"}), "text_only"),
        (body(message=None), "text_only"),
        (body(message=12), "text_only"),
        (body(sender="x"), "invalid_sender"),
        (body(sender="../../etc/passwd"), "invalid_sender"),
        (body(sender="abcdefgh\n1234"), "invalid_sender"),
        (body(sender="a" * 65), "invalid_sender"),
        (body(sender=12345678), "invalid_sender"),
        (b" " * (MAX_BODY_BYTES + 1), "too_large"),
    ],
)
def test_bad_requests_are_refused_with_a_reason(raw: bytes, reason: str) -> None:
    with pytest.raises(BadRequest, match=reason):
        parse_message_request(raw, 2000)


def test_an_unknown_sender_id_is_a_new_conversation_not_an_error() -> None:
    assert parse_message_request(body(sender="never-seen-before_123"), 2000)["sender"] == "never-seen-before_123"


def test_control_characters_go_and_long_text_is_cut() -> None:
    parsed = parse_message_request(body(message="ho\x00la\u202e\x1b[31m\ud800\n" + "a" * 5000), 2000)
    assert parsed["text"].startswith("hola[31m\n") and len(parsed["text"]) == 2000


@pytest.mark.parametrize(
    "raw, kept",
    [
        ({"mode": "learn", "school": "ies-la-paz-2"}, {"mode": "learn", "school": "ies-la-paz-2"}),
        ({"mode": "HELP"}, {"mode": "help"}),
        ({"mode": "admin", "school": "../etc"}, {}),
        ({"school": "IES La Paz"}, {}),
        ({"school": "-x"}, {}),
        ({"school": "a" * 65}, {}),
        ({"school": ["x"], "mode": {"a": 1}, "language": 3}, {}),
        ({"language": "en", "country": "ESP"}, {}),
    ],
)
def test_only_known_page_settings_with_safe_values_are_kept(raw: dict, kept: dict) -> None:
    assert page_settings(raw) == kept


@pytest.mark.parametrize(
    "message",
    [
        "data:image/jpeg;base64,/9j/4AAQSkZJRgABAQ",
        "mira esto https://example.com/fotos/yo.JPG",
        "regarde www.exemple.fr/img/photo.png?size=large",
        "https://i.imgur.com/aBcD123",
        "te lo paso por https://we.tl/t-1234",
        "https://drive.google.com/file/d/1a2b3c/view",
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
    ],
)
def test_images_links_to_files_and_base64_are_refused_and_their_text_dropped(message: str) -> None:
    parsed = parse_message_request(body(message=message), 2000)
    assert parsed["refused"] == NOT_TEXT_CONTENT and parsed["text"] == ""


@pytest.mark.parametrize(
    "fields, danger",
    [
        ({"message": "me quiero matar https://i.imgur.com/x.png"}, True),
        ({"message": "je veux mourir data:image/png;base64,AAAA"}, True),
        ({"message": "me quiero matar", "attachment": {"type": "image"}}, True),
        ({"message": "mira https://i.imgur.com/x.png"}, False),
    ],
)
def test_a_refused_message_that_signals_danger_is_flagged_without_keeping_its_words(fields: dict, danger: bool) -> None:
    parsed = parse_message_request(body(**fields), 2000)
    assert parsed["refused"] and parsed["text"] == "" and parsed["danger"] is danger


@pytest.mark.parametrize(
    "fields",
    [
        {"attachment": {"type": "image", "url": "x"}},
        {"message": {"image": "data:image/png;base64,AAAA"}},
        {"files": []},
        {"metadata": {"photo": "x"}},
        {"message": "hola", "Image": "AAAA"},
    ],
)
def test_bodies_with_attachment_fields_are_refused(fields: dict) -> None:
    parsed = parse_message_request(body(**fields), 2000)
    assert parsed["refused"] == ATTACHMENT and parsed["text"] == ""


@pytest.mark.parametrize(
    "message",
    ["hola", "me han hecho un montaje con mi cara", "https://www.instagram.com/p/xyz",
     "j'ai reçu une photo de moi", "el archivo .jpg que me mandaron", "a" * 1000, "mi correo es x@imgur.com"],
)
def test_ordinary_text_is_not_taken_for_an_image(message: str) -> None:
    assert parse_message_request(body(message=message), 2000)["refused"] is None


def test_a_refused_requests_settings_can_still_be_read_for_a_kind_answer() -> None:
    assert peek_page_settings(body(sender="x", metadata={"language": "fr"})) == {"sender": None, "metadata": {"language": "fr"}}
    assert peek_page_settings(b"\xff") == {}


def test_the_menu_buttons_come_from_the_domain_in_the_language() -> None:
    from rasa.shared.core.domain import Domain

    from chatbot.settings import PROJECT_ROOT

    domain = Domain.load(str(PROJECT_ROOT / "domain"))
    es, fr = menu_buttons(domain, "es"), menu_buttons(domain, "fr")
    assert es and fr and [b["payload"] for b in es] == [b["payload"] for b in fr]
    assert [b["title"] for b in es] != [b["title"] for b in fr]  # each in its own language
    assert es[-1]["payload"] == "/more_options"  # the other language is on the second page (review T7)
    assert menu_buttons(None, "es") == []



def test_a_bubble_stays_one_message_where_rasas_collector_would_cut_it() -> None:
    """A step and its cards are one bubble (actions/contacts.py Bubble); Rasa cuts at blank lines."""
    import asyncio

    from rasa.core.channels.channel import CollectingOutputChannel

    from chatbot.web.channel import WholeMessages

    text = "Paso 1 de 3 · Guardar pruebas\nHaz capturas.\n\n📞 INCIBE: 017\nTe aconsejan gratis."
    ours, rasas = WholeMessages(), CollectingOutputChannel()
    asyncio.run(ours.send_text_message("abcdefgh", text))
    asyncio.run(rasas.send_text_message("abcdefgh", text))
    assert [m["text"] for m in ours.messages] == [text]
    assert len(rasas.messages) == 2  # what the page got before: the cards cut away from their step
