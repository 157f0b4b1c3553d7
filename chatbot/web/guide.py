"""The printable teacher guide: `/webhooks/web/guide/es` and `/webhooks/web/guide/fr`.

Why served by the assistant: the guide must name the same lessons and the same
contacts as the chat, so it is rendered from the same data (data/lessons/,
data/quizzes/, the directory) instead of being a document that drifts. Plain
HTML and a print style sheet for A4; no script, and a Content-Security-Policy
that allows none.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from chatbot.directory import Directory, LiveDirectory
from chatbot.directory.files import OrganisationData
from chatbot.learn.content import Content, Guide, load_content, load_guide
from chatbot.settings import SUPPORTED_LANGUAGES, Settings

TEMPLATES = Path(__file__).parent / "templates"
COUNTRY_BY_LANGUAGE = {"es": "ES", "fr": "FR"}
MAX_CONTACTS_PER_SECTION = 6
MAX_CHANNELS = 2
CSP = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
ICONS = {"phone": "📞", "sms": "💬", "whatsapp": "💬", "chat": "💬", "email": "✉️", "web_form": "🌐",
         "website": "🌐", "app": "📱"}

_env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]),
                   trim_blocks=True, lstrip_blocks=True)


@dataclass(frozen=True)
class Page:
    """What the template needs, already in one language."""

    language: str
    country: str
    country_name: str
    emergency_number: Optional[str]
    chat_url: str
    css_url: str


def _channels(org: OrganisationData, language: str) -> List[Dict[str, Any]]:
    shown = []
    for channel in org.channels[:MAX_CHANNELS]:
        link = channel.tel or (channel.value if channel.value.startswith("https://") else
                               f"mailto:{channel.value}" if channel.kind == "email" else None)
        details = [part[language] for part in (channel.hours, channel.cost) if part]
        shown.append({"icon": ICONS.get(channel.kind, "•"), "value": channel.value, "link": link,
                      "details": " · ".join(details), "caveat": channel.caveat[language] if channel.caveat else None})
    return shown


def contacts(directory: Directory, country: str, topics: Sequence[str], language: str) -> List[Dict[str, Any]]:
    """The country's organisations for these topics, in the directory's order (most urgent topic first)."""
    return [{"id": org.id, "name": org.name[language], "what": org.what[language], "channels": _channels(org, language)}
            for org in directory.contacts(country, topics)[:MAX_CONTACTS_PER_SECTION]]


def render_guide(guide: Guide, content: Content, directory: Directory, page: Page) -> str:
    """The whole page as HTML (escaped by Jinja2; texts come from YAML and the directory)."""
    lang = page.language
    sections = []
    for section in guide.sections:
        sections.append({
            "id": section.id,
            "heading": section.heading[lang].replace("{minutes}", str(section.minutes)),
            "intro": section.intro[lang] if section.intro else None,
            "points": [p[lang] for p in section.points],
            "steps": [{"minutes": s.minutes, "text": s.text[lang]} for s in section.steps],
            "contacts": contacts(directory, page.country, section.topics, lang) if section.topics else [],
            "lessons": [{"title": lesson.title[lang], "about": lesson.steps[0].text[lang].replace("{country}", page.country_name)}
                        for lesson in content.lessons]
            if section.lists == "lessons" else [],
            "quizzes": [{"title": quiz.title[lang], "about": quiz.intro[lang], "items": len(quiz.items)}
                        for quiz in content.quizzes] if section.lists == "lessons" else [],
        })
    emergency_link = "tel:" + "".join(ch for ch in page.emergency_number or "" if ch.isdigit())
    return _env.get_template("guide.html").render(
        lang=lang, title=guide.title[lang], audience=guide.audience[lang], intro=guide.intro[lang],
        open_chat=guide.open_chat[lang], print_hint=guide.print_hint[lang], emergency=guide.emergency[lang],
        emergency_number=page.emergency_number, emergency_link=emergency_link, country_name=page.country_name,
        chat_url=page.chat_url, css_url=page.css_url, sections=sections, footer=guide.footer[lang],
    )


def choose_country(directory: Directory, language: str, requested: Optional[str]) -> str:
    """`?country=BE` if we have data for it, else the language's country."""
    wanted = (requested or "").strip().upper()
    return wanted if wanted in directory.countries() else COUNTRY_BY_LANGUAGE[language]


def add_guide_routes(blueprint: Blueprint, settings: Settings) -> None:
    """Registers the guide on the web channel's blueprint (one line in chatbot/web/channel.py)."""
    live = LiveDirectory(settings.database_url)
    css = (TEMPLATES / "guide.css").read_text(encoding="utf-8")
    headers = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}

    @blueprint.route("/guide/<language>", methods=["GET"])
    async def guide_page(request: Request, language: str) -> HTTPResponse:
        if language not in SUPPORTED_LANGUAGES:
            return response.text("Not found", status=404)
        directory = live.get()
        country = choose_country(directory, language, request.args.get("country"))
        name = next((c.name[language] for c in directory.countries_data if c.code == country), country)
        base = f"{request.scheme}://{request.host}"
        page = Page(language, country, name, directory.emergency_number(country),
                    chat_url=f"{base}/webhooks/web/?lang={language}&country={country}&mode=learn",
                    css_url="/webhooks/web/guide/print.css")
        html = render_guide(load_guide(), load_content(), directory, page)
        return response.html(html, headers=headers)

    @blueprint.route("/guide/print.css", methods=["GET"])
    async def guide_css(request: Request) -> HTTPResponse:
        return response.text(css, content_type="text/css; charset=utf-8", headers=headers)
