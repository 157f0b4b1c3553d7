"""The HTTP edge's parsing: only short text and known page settings get through."""
from __future__ import annotations

import json

import pytest

from chatbot.web.channel import MAX_BODY_BYTES, BadRequest, parse_message_request


def body(**fields: object) -> bytes:
    return json.dumps({"sender": "abcdef123456", "message": "hola", **fields}).encode()


def test_a_normal_message_passes() -> None:
    parsed = parse_message_request(body(metadata={"language": "FR", "country": "fr", "name": "x"}), 2000)
    assert parsed == {"sender": "abcdef123456", "text": "hola", "metadata": {"language": "fr", "country": "FR"}}


@pytest.mark.parametrize(
    "raw, reason",
    [
        (b"{not json", "invalid_json"),
        (b"\xff\xfe\x00", "invalid_json"),
        (b"[1, 2]", "invalid_json"),
        (body(message={"image": "data:image/png;base64,AAAA"}), "text_only"),
        (body(message=None), "text_only"),
        (body(sender="x"), "invalid_sender"),
        (body(sender="../../etc/passwd"), "invalid_sender"),
        (b" " * (MAX_BODY_BYTES + 1), "too_large"),
    ],
)
def test_bad_requests_are_refused_with_a_reason(raw: bytes, reason: str) -> None:
    with pytest.raises(BadRequest, match=reason):
        parse_message_request(raw, 2000)


def test_control_characters_go_and_long_text_is_cut() -> None:
    parsed = parse_message_request(body(message="ho\x00la\u202e\n" + "a" * 5000), 2000)
    assert parsed["text"].startswith("hola\n") and len(parsed["text"]) == 2000

