"""Our only input channel: serves the chat page and takes text messages over HTTP.

Why our own channel and not Rasa's REST one: this is the edge where a minor's
message enters. It refuses anything that is not short text (an image or file is
answered kindly and dropped, never stored), limits the rate per conversation and
per client, keeps only the page settings we know as metadata, sends security
headers, and always answers with JSON, never a stack trace: when a part behind it
fails, the teen still gets the emergency contacts in their language.
"""
from __future__ import annotations

import asyncio
import json
import logging
import re
import unicodedata
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from chatbot.settings import SUPPORTED_LANGUAGES, load_edge_settings, load_settings
from chatbot.stores import on_tracker_saved
from chatbot.web import security
from chatbot.web.degraded import (
    EmergencyAnswers,
    FaultLog,
    classify,
    end_turn,
    install_failure_hook,
    start_turn,
)
from chatbot.web.hints import ConversationHints
from chatbot.web.limits import SlidingWindowLimiter
from chatbot.web.nontext import has_attachment_fields, text_is_not_text
from chatbot.web.texts import NOT_TEXT, RATE_LIMITED
from chatbot.web.widget import add_widget_routes
from chatbot.web.guide import add_guide_routes

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 16 * 1024
_SENDER = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_SCHOOL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
MODES = ("help", "learn")

# Why a message was answered by the edge and not passed on.
ATTACHMENT = "attachment"
NOT_TEXT_CONTENT = "not_text"


class WholeMessages(CollectingOutputChannel):
    """Rasa's collector, but a message stays one message.

    Why: Rasa's `CollectingOutputChannel.send_text_message` cuts a text at every blank
    line into separate messages; a step and its cards, or the crisis lines, are written as
    one bubble on purpose (actions/contacts.py `Bubble`: a phone shows the turn whole).
    """

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self._persist_message(self._message(recipient_id, text=text.strip()))


class BadRequest(ValueError):
    """The request is not something a chat page sends; the text goes back to the caller."""


def clean_text(text: str, limit: int) -> str:
    """Drops control characters (keeping line breaks) and cuts overlong text."""
    kept = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    return kept.strip()[:limit]


def page_settings(raw: Any) -> Dict[str, str]:
    """Keeps only the page settings the assistant uses; anything else is dropped, not stored.

    language, country: the page's presets; mode: "help" or "learn"; school: the
    school's slug (lowercase letters, digits, hyphens) for its configuration.
    """
    if not isinstance(raw, dict):
        return {}
    settings: Dict[str, str] = {}
    language = raw.get("language")
    if isinstance(language, str) and language.lower() in SUPPORTED_LANGUAGES:
        settings["language"] = language.lower()
    country = raw.get("country")
    if isinstance(country, str) and _COUNTRY.match(country.upper()):
        settings["country"] = country.upper()
    mode = raw.get("mode")
    if isinstance(mode, str) and mode.lower() in MODES:
        settings["mode"] = mode.lower()
    school = raw.get("school")
    if isinstance(school, str) and _SCHOOL.match(school):
        settings["school"] = school
    return settings


def parse_message_request(body: bytes, max_chars: int) -> Dict[str, Any]:
    """Validates one POSTed message; raises BadRequest with a reason.

    Returns sender, text, metadata, `refused`: None for a text to pass on,
    "attachment" (a file field in the body) or "not_text" (an image, link to one,
    or a base64 blob in the text), and `danger`: whether a refused message's words
    signal a crisis (the crisis net runs on it in memory, so the answer can add
    the crisis lines). A refused message's text is "" so nothing of it can be
    passed on or stored.
    """
    if len(body) > MAX_BODY_BYTES:
        raise BadRequest("too_large")
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BadRequest("invalid_json") from None
    if not isinstance(payload, dict):
        raise BadRequest("invalid_json")
    sender = payload.get("sender")
    if not isinstance(sender, str) or not _SENDER.match(sender):
        raise BadRequest("invalid_sender")
    metadata = page_settings(payload.get("metadata"))
    if has_attachment_fields(payload):
        words = payload.get("message") if isinstance(payload.get("message"), str) else ""
        return {"sender": sender, "text": "", "metadata": metadata, "refused": ATTACHMENT, "danger": _danger(words)}
    message = payload.get("message")
    if not isinstance(message, str):
        raise BadRequest("text_only")
    text = clean_text(message, max_chars)
    if text_is_not_text(message) or text_is_not_text(text):
        return {"sender": sender, "text": "", "metadata": metadata, "refused": NOT_TEXT_CONTENT, "danger": _danger(text)}
    return {"sender": sender, "text": text, "metadata": metadata, "refused": None, "danger": False}


def _danger(text: str) -> bool:
    """The crisis net on a message that will not reach Rasa (an image with "I want to die" still gets the lines)."""
    from chatbot.nlu.crisis import signals_crisis  # imported late: it loads our NLU package

    return bool(text) and signals_crisis(text)


def peek_page_settings(body: bytes) -> Dict[str, Any]:
    """Best effort, for a refused request's answer: its sender and page settings, or nothing."""
    try:
        payload = json.loads(body.decode("utf-8")) if len(body) <= MAX_BODY_BYTES else None
    except (UnicodeDecodeError, ValueError, RecursionError):
        return {}
    if not isinstance(payload, dict):
        return {}
    sender = payload.get("sender")
    return {"sender": sender if isinstance(sender, str) and _SENDER.match(sender) else None,
            "metadata": page_settings(payload.get("metadata"))}


def menu_buttons(domain: Any, language: str) -> List[Dict[str, Any]]:
    """The menu's quick replies in `language`, from the loaded domain (so they match the bot's menu)."""
    try:
        variations = domain.responses.get("utter_menu") or []
    except AttributeError:
        return []
    for variation in variations:
        for condition in variation.get("condition") or []:
            if condition.get("name") == "language" and condition.get("value") == language:
                return list(variation.get("buttons") or [])
    return []


def client_address(request: Request) -> str:
    """The peer address (a forwarded one only if Sanic is configured to trust a proxy)."""
    try:
        return request.remote_addr or request.ip or "unknown"
    except Exception:  # a request Sanic could not attribute still counts, under one key
        return "unknown"


class WebChatInput(InputChannel):
    """`/webhooks/web/` serves the page, `/webhooks/web/message` takes a message."""

    @classmethod
    def name(cls) -> Text:
        return "web"

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        from chatbot.directory import Directory, read_directory

        web = Blueprint("web_chat", __name__)
        settings = load_settings()
        edge = load_edge_settings()
        max_chars = settings.max_message_chars
        # Read at start from data/directory/, so a fault's answer needs no database.
        answers = EmergencyAnswers(Directory.from_files(read_directory(settings.directory_path)))
        faults = FaultLog()
        hints = ConversationHints()
        per_client = SlidingWindowLimiter(edge.per_client, edge.window_seconds)
        per_conversation = SlidingWindowLimiter(edge.per_conversation, edge.window_seconds)
        install_failure_hook()

        api_csp = security.content_security_policy(edge.allowed_origins)
        add_guide_routes(web, settings)  # the printable teacher guide (chatbot/web/guide.py)

        def language_and_country(sender: Optional[str], metadata: Dict[str, str]) -> tuple:
            """The conversation's last known language and country, else the page's; a country is never guessed."""
            known_language, known_country = hints.get(sender) if sender else (None, None)
            language = known_language or metadata.get("language") or settings.default_language
            country = known_country or metadata.get("country")
            return language, country

        def too_many(key_limiter: SlidingWindowLimiter, key: str, sender: Optional[str],
                     metadata: Dict[str, str]) -> HTTPResponse:
            language, country = language_and_country(sender, metadata)
            wait = key_limiter.retry_after(key)
            text = RATE_LIMITED[language].format(number=answers.number(country, language))
            return response.json({"error": "rate_limited", "retry_after": wait, "text": text},
                                 status=429, headers={"Retry-After": str(wait)})

        def remember_language(tracker: Any) -> None:
            """After each saved turn: the conversation's language and country, for answers given without Rasa."""
            language = tracker.get_slot("language")
            country = tracker.get_slot("country")
            hints.remember(tracker.sender_id,
                           language if language in SUPPORTED_LANGUAGES else None,
                           country.upper() if isinstance(country, str) and _COUNTRY.match(country.upper()) else None)

        on_tracker_saved(remember_language)

        @web.middleware("response")
        async def headers(request: Request, reply: HTTPResponse) -> None:
            if reply is None:
                return
            security.apply(security.security_headers(), reply.headers)
            if "Content-Security-Policy" not in reply.headers:
                reply.headers["Content-Security-Policy"] = api_csp
            # Rasa's own CORS layer adds these to every answer; we use no credentials and expose nothing.
            for name in ("set-cookie", *security.FOREIGN_CORS_HEADERS):
                if name in reply.headers:
                    del reply.headers[name]
            security.apply(security.cors_headers(request.headers.get("origin"), edge.allowed_origins), reply.headers)

        # The chat page, the embeddable widget and their files: chatbot/web/widget.py.
        add_widget_routes(web, settings, edge.allowed_origins)

        @web.route("/health", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json(faults.health())

        @web.route("/message", methods=["OPTIONS"])
        async def preflight(request: Request) -> HTTPResponse:
            return response.empty(status=204)

        @web.route("/message", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            body = request.body or b""
            client = client_address(request)
            client_ok = per_client.hit(client)
            try:
                parsed = parse_message_request(body, max_chars)
            except BadRequest as error:
                if not client_ok:
                    peeked = peek_page_settings(body)
                    return too_many(per_client, client, peeked.get("sender"), peeked.get("metadata") or {})
                status = 413 if str(error) == "too_large" else 400
                return response.json({"error": str(error)}, status=status)
            sender, metadata = parsed["sender"], parsed["metadata"]
            if not client_ok:
                return too_many(per_client, client, sender, metadata)
            if not per_conversation.hit(sender):
                return too_many(per_conversation, sender, sender, metadata)

            language, country = language_and_country(sender, metadata)
            lines = answers.contact_cards(sender, language, country) if parsed["danger"] else []
            if parsed["refused"] == ATTACHMENT:
                refusal: Dict[str, Any] = {"error": "text_only", "text": NOT_TEXT[language]}
                if lines:
                    refusal["replies"] = lines
                return response.json(refusal, status=400)
            if parsed["refused"] == NOT_TEXT_CONTENT:
                buttons = menu_buttons(getattr(request.app.ctx, "agent", None) and request.app.ctx.agent.domain, language)
                reply: Dict[str, Any] = {"recipient_id": sender, "text": NOT_TEXT[language]}
                if buttons:
                    reply["buttons"] = buttons
                # In danger: the crisis lines first, then the kind refusal with the menu.
                return response.json([*lines, reply])

            collector = WholeMessages()
            failures = start_turn()
            try:
                await asyncio.wait_for(
                    on_new_message(UserMessage(parsed["text"], collector, sender, input_channel=self.name(),
                                               metadata=metadata or None)),
                    timeout=edge.turn_timeout_seconds,
                )
            except Exception as error:  # whatever broke, the teen gets who to call
                end_turn()
                faults.record(classify(error), type(error).__name__)
                return response.json(answers.degraded_reply(sender, language, country))
            end_turn()
            if failures:
                for kind in failures:
                    faults.record(kind, "swallowed by Rasa")
                return response.json(answers.degraded_reply(sender, language, country))
            known_country = hints.get(sender)[1]
            if known_country:  # the page's band follows the conversation's country (chat.js)
                return response.json([*collector.messages, {"recipient_id": sender, "custom": {"country": known_country}}])
            return response.json(collector.messages)

        return web

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        return None
