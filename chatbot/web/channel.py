"""Our only input channel: serves the chat page and takes text messages over HTTP.

Why our own channel and not Rasa's REST one: this is the edge where a minor's
message enters, so it refuses anything that is not short text, keeps only the
page settings we know (language, country) as metadata, and always answers with
JSON, never a stack trace.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from chatbot.settings import SUPPORTED_LANGUAGES, load_settings
from chatbot.web.guide import add_guide_routes


STATIC = Path(__file__).parent / "static"
MAX_BODY_BYTES = 16 * 1024
_SENDER = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


class BadRequest(ValueError):
    """The request is not something a chat page sends; the text goes back to the caller."""


def clean_text(text: str, limit: int) -> str:
    """Drops control characters (keeping line breaks) and cuts overlong text."""
    kept = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    return kept.strip()[:limit]


def page_settings(raw: Any) -> Dict[str, str]:
    """Keeps only the page settings the assistant uses; anything else is dropped, not stored."""
    if not isinstance(raw, dict):
        return {}
    settings: Dict[str, str] = {}
    language = raw.get("language")
    if isinstance(language, str) and language.lower() in SUPPORTED_LANGUAGES:
        settings["language"] = language.lower()
    country = raw.get("country")
    if isinstance(country, str) and _COUNTRY.match(country.upper()):
        settings["country"] = country.upper()
    return settings


def parse_message_request(body: bytes, max_chars: int) -> Dict[str, Any]:
    """Validates one POSTed message; raises BadRequest with a reason."""
    import json

    if len(body) > MAX_BODY_BYTES:
        raise BadRequest("too_large")
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BadRequest("invalid_json") from None
    if not isinstance(payload, dict):
        raise BadRequest("invalid_json")
    sender = payload.get("sender")
    if not isinstance(sender, str) or not _SENDER.match(sender):
        raise BadRequest("invalid_sender")
    message = payload.get("message")
    if not isinstance(message, str):
        raise BadRequest("text_only")
    return {
        "sender": sender,
        "text": clean_text(message, max_chars),
        "metadata": page_settings(payload.get("metadata")),
    }


def render_page(country: str, database_url: str) -> str:
    """The chat page with the emergency number of `country` written in, from the directory."""
    from chatbot.directory import LiveDirectory

    emergency = LiveDirectory(database_url).get().emergency_number(country)
    offline = (
        f"No hay conexión. Si estás en peligro, llama al {emergency}. · "
        f"Pas de connexion. Si tu es en danger, appelle le {emergency}."
    )
    return (STATIC / "index.html").read_text(encoding="utf-8").replace("__OFFLINE_MESSAGE__", offline)


class WebChatInput(InputChannel):
    """`/webhooks/web/` serves the page, `/webhooks/web/message` takes a message."""

    @classmethod
    def name(cls) -> Text:
        return "web"

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        web = Blueprint("web_chat", __name__)
        settings = load_settings()
        max_chars = settings.max_message_chars

        page_html = render_page(settings.default_country, settings.database_url)
        add_guide_routes(web, settings)  # the printable teacher guide (chatbot/web/guide.py)

        @web.route("/", methods=["GET"])
        async def page(request: Request) -> HTTPResponse:
            return response.html(page_html)

        @web.route("/health", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @web.route("/message", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                parsed = parse_message_request(request.body or b"", max_chars)
            except BadRequest as error:
                status = 413 if str(error) == "too_large" else 400
                return response.json({"error": str(error)}, status=status)
            collector = CollectingOutputChannel()
            await on_new_message(
                UserMessage(
                    parsed["text"],
                    collector,
                    parsed["sender"],
                    input_channel=self.name(),
                    metadata=parsed["metadata"] or None,
                )
            )
            return response.json(collector.messages)

        return web

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        return None
