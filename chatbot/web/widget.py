"""The chat page, the embeddable widget and their static files, on the web channel's blueprint.

Why the chat always runs in a page of ours (full page, or an iframe the widget
opens): the school's page and its scripts (analytics, ads) can never read what a
teen types, the page needs no CORS, and the strict CSP (`default-src 'self'`, no
inline script or style) holds. The page is rendered with the emergency and crisis
numbers of its country written into the HTML, from the directory, so they are
there without JavaScript and stay when the server goes down.

Routes (under /webhooks/web/):
  GET /                 the chat page (the URL `make run` prints); ?lang= ?country= ?school=
  GET /chat             the same page for an iframe (the widget's panel, or a school's own iframe)
  GET /widget.js        the one-line embed: launcher button + panel + quick exit on the host page
  GET /widget.css       the launcher's and panel's styles (loaded in a shadow root)
  GET /static/<file>    chat.js, chat.css
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from chatbot.directory import LiveDirectory
from chatbot.directory.emergency import crisis_contacts, emergency_by_region, is_served
from chatbot.directory.files import tel_link
from chatbot.directory.query import short_name
from chatbot.settings import SUPPORTED_LANGUAGES, Settings
from chatbot.web import security
from chatbot.web.schools import DEFAULT_ACCENT, DEFAULT_EXIT_URL, School, load_schools

STATIC = Path(__file__).parent / "static"
STRINGS: Dict[str, Dict[str, str]] = json.loads((STATIC / "strings.json").read_text(encoding="utf-8"))
TEMPLATE = Template((STATIC / "chat.html").read_text(encoding="utf-8"))
ASSETS = {  # served file -> content type; nothing else under static/ is reachable
    "widget.js": "application/javascript; charset=utf-8",
    "widget.css": "text/css; charset=utf-8",
    "chat.js": "application/javascript; charset=utf-8",
    "chat.css": "text/css; charset=utf-8",
}
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")


@dataclass(frozen=True)
class Helpline:
    """One number of the "in danger now?" strip."""

    number: str
    link: str
    name: Mapping[str, str]


def helplines(directory: Any, country: Optional[str]) -> List[Helpline]:
    """The band's numbers: the country's lines (chatbot/directory/emergency.py), or without a country,
    each emergency number with the countries it works in; phone channels only."""
    if not is_served(directory, country):
        return [Helpline(r.number, r.tel, {lang: r.names(directory, lang) for lang in SUPPORTED_LANGUAGES})
                for r in emergency_by_region(directory)]
    lines: List[Helpline] = []
    for org in crisis_contacts(directory, country or ""):
        phone = next((c for c in org.channels if c.kind == "phone" and c.tel), None)
        if phone:
            lines.append(Helpline(phone.value, phone.tel or "", {lang: short_name(org, lang, phone.value)
                                                                   for lang in SUPPORTED_LANGUAGES}))
    number = directory.emergency_number(country)
    if number and not any(line.number == number for line in lines):
        # No organisation entry carries it: the bare number still goes first.
        lines.insert(0, Helpline(number, tel_link(number), {lang: "" for lang in SUPPORTED_LANGUAGES}))
    return lines


def _helplines_data(lines: List[Helpline]) -> List[Dict[str, Any]]:
    return [{"number": h.number, "link": h.link, "name": dict(h.name)} for h in lines]


def danger_title(strings: Mapping[str, str], directory: Any, language: str, country: Optional[str]) -> str:
    """"¿En peligro ahora? Llama (México):" or, without a country, the emergency numbers' title."""
    if not is_served(directory, country):
        return strings["dangerAnywhere"]
    return strings["dangerIn"].format(country=directory.country_name(country, language))


def _helplines_html(lines: List[Helpline], language: str) -> str:
    items = []
    for line in lines:
        name = line.name[language]
        label = f'<span class="who">{html.escape(name)}</span>' if name else ""
        items.append(f'<li><a class="line" href="{html.escape(line.link)}"><span class="num">'
                     f'{html.escape(line.number)}</span>{label}</a></li>')
    return "".join(items)


def _counsellor_data(school: Optional[School]) -> Optional[Dict[str, Any]]:
    if not school or not school.counsellor:
        return None
    c = school.counsellor
    links = []
    if c.phone:
        links.append({"kind": "phone", "value": c.phone, "link": c.tel})
    if c.email:
        links.append({"kind": "email", "value": c.email, "link": "mailto:" + c.email})
    if c.url:
        links.append({"kind": "url", "value": c.url, "link": c.url})
    return {"name": dict(c.name), "where": dict(c.where) if c.where else None, "links": links}


def _counsellor_html(data: Optional[Dict[str, Any]], language: str) -> str:
    if not data:
        return ""
    links = " ".join(
        f'<a class="line" href="{html.escape(link["link"])}"'
        + (' target="_blank" rel="noopener noreferrer"' if link["kind"] == "url" else "")
        + f'>{html.escape(link["value"])}</a>'
        for link in data["links"]
    )
    where = f' <span class="where">{html.escape(data["where"][language])}</span>' if data["where"] else ""
    return (f'<p id="counsellor" class="counsellor"><span data-t="school">{html.escape(STRINGS[language]["school"])}'
            f'</span> <strong class="who">{html.escape(data["name"][language])}</strong>{where} {links}</p>')


def content_security_policy(school: Optional[School], extra_origins: Sequence[str] = ()) -> str:
    """The channel's one CSP (chatbot/web/security.py), framed by the school's origins and the operator's."""
    origins = tuple(dict.fromkeys((*(school.allowed_origins if school else ()), *extra_origins)))
    return security.content_security_policy(origins)


class WidgetPages:
    """Renders the chat page for a (school, language, country) from the live directory."""

    def __init__(self, settings: Settings, schools: Mapping[str, School], directory: Any) -> None:
        self.settings = settings
        self.schools = dict(schools)
        self.directory = directory  # LiveDirectory, or anything with .get() -> Directory
        known = set(directory.get().countries())
        for school in self.schools.values():
            if school.country not in known:
                raise ValueError(f"schools/{school.slug}.yml: country {school.country} has no helplines in the "
                                 f"directory database (loaded: {', '.join(sorted(known))}).")

    def choose(self, args: Mapping[str, str]) -> Tuple[Optional[School], str, Optional[str], str]:
        """(school, language, country, mode) from the query; an unknown school is a KeyError.

        The country is the school's or the URL's, or None: never guessed from the language
        (a French speaker may be in Québec, a Spanish speaker in Mexico), so that the chat
        asks it and the band shows the emergency number of every country it may be.
        """
        slug = args.get("school") or ""
        school = None
        if slug:
            school = self.schools.get(slug)
            if school is None:
                raise KeyError(slug)
        language = (args.get("lang") or "").lower()
        if language not in SUPPORTED_LANGUAGES:
            language = school.language if school else self.settings.default_language
        country: Optional[str] = school.country if school else (args.get("country") or "").upper()
        if not (country and _COUNTRY.match(country) and country in self.directory.get().countries()):
            country = None
        mode = school.mode if school else ("learn" if args.get("mode") == "learn" else "help")
        return school, language, country, mode

    def render(self, args: Mapping[str, str], embedded: bool) -> str:
        school, language, country, mode = self.choose(args)
        directory = self.directory.get()
        lines = helplines(directory, country)
        counsellor = _counsellor_data(school)
        config = {
            "language": language,
            "country": country,
            "school": school.slug if school else None,
            "mode": mode,
            "exitUrl": school.exit_url if school else DEFAULT_EXIT_URL,
            "keepHistory": bool(school and school.keep_history_in_tab),
            "accent": school.accent_colour if school else DEFAULT_ACCENT,
            "embedded": embedded,
            "maxChars": self.settings.max_message_chars,
            "helplines": _helplines_data(lines),
            # Every served country's band, so the page follows the conversation's country once it is known.
            "countries": {code: {"name": {lang: directory.country_name(code, lang) for lang in SUPPORTED_LANGUAGES},
                                 "helplines": _helplines_data(helplines(directory, code))}
                          for code in directory.countries()},
            "anywhere": _helplines_data(helplines(directory, None)),
            "counsellor": counsellor,
            "strings": STRINGS,
        }
        # A JSON data block is not run as script (CSP-safe); "</" must not close the element.
        config_json = json.dumps(config, ensure_ascii=False).replace("</", "<\\/")
        strings = {f"t_{key}": html.escape(value) for key, value in STRINGS[language].items()}
        strings["t_danger"] = html.escape(danger_title(STRINGS[language], directory, language, country))
        strings["t_country"] = html.escape(STRINGS[language]["changeCountry" if country else "chooseCountry"])
        return TEMPLATE.substitute(
            strings,
            lang=language,
            school_name=html.escape(school.name) if school else "",
            page_title=html.escape(STRINGS[language]["title"] + (f" · {school.name}" if school else "")),
            config=config_json,
            body_class="embedded" if embedded else "standalone",
            es_pressed=str(language == "es").lower(),
            fr_pressed=str(language == "fr").lower(),
            exit_url=html.escape(config["exitUrl"]),
            helplines=_helplines_html(lines, language),
            counsellor=_counsellor_html(counsellor, language),
        )


def add_widget_routes(blueprint: Blueprint, settings: Settings, extra_origins: Sequence[str] = ()) -> WidgetPages:
    """Registers the page, widget and static routes; checks every school file first (start-up).

    `extra_origins` (CHATBOT_ALLOWED_ORIGINS) may frame every page, as well as each school's own.
    """
    pages = WidgetPages(settings, load_schools(), LiveDirectory(settings.database_url))
    assets = {name: (STATIC / name).read_bytes() for name in ASSETS}

    def page(request: Request, embedded: bool) -> HTTPResponse:
        args = {key: request.args.get(key) or "" for key in ("school", "lang", "country", "mode")}
        try:
            body = pages.render(args, embedded)
            school = pages.choose(args)[0]
        except KeyError:
            return response.text("Unknown school: check data-school against the files in schools/.", status=404)
        return response.html(body, headers={
            "Content-Security-Policy": content_security_policy(school, extra_origins),
        })

    @blueprint.route("/", methods=["GET"])
    async def chat_page(request: Request) -> HTTPResponse:
        return page(request, embedded=False)

    @blueprint.route("/chat", methods=["GET"])
    async def chat_frame(request: Request) -> HTTPResponse:
        return page(request, embedded=True)

    def asset(name: str) -> HTTPResponse:
        return response.raw(assets[name], content_type=ASSETS[name],
                            headers={"Cache-Control": "public, max-age=300", "X-Content-Type-Options": "nosniff",
                                     # The loader and its CSS are fetched by other sites' pages.
                                     "Cross-Origin-Resource-Policy": "cross-origin"})

    @blueprint.route("/widget.js", methods=["GET"])
    async def widget_js(request: Request) -> HTTPResponse:
        return asset("widget.js")

    @blueprint.route("/widget.css", methods=["GET"])
    async def widget_css(request: Request) -> HTTPResponse:
        return asset("widget.css")

    @blueprint.route("/static/<name>", methods=["GET"])
    async def static(request: Request, name: str) -> HTTPResponse:
        if name not in ("chat.js", "chat.css"):
            return response.text("Not found", status=404)
        return asset(name)

    return pages
