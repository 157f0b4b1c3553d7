"""The printable teacher guide, served by the real web channel blueprint on a real Sanic server."""
from __future__ import annotations

import asyncio
import dataclasses
import uuid
from html.parser import HTMLParser
from typing import Any, Dict, List, Optional, Tuple

import aiohttp
import pytest
from sanic import Sanic

from chatbot.directory import LiveDirectory
from chatbot.learn.content import load_content, load_guide
from chatbot.settings import load_settings
from chatbot.web.channel import WebChatInput
from chatbot.web.guide import Page, render_guide
from tests.e2e.servers import free_port


class Tags(HTMLParser):
    """Every tag with its attributes, and the text inside each tag name."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: List[Tuple[str, Dict[str, Optional[str]]]] = []
        self.text: Dict[str, List[str]] = {}
        self._open: List[str] = []

    def handle_starttag(self, tag: str, attrs: List[Tuple[str, Optional[str]]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in ("meta", "link", "br"):
            self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._open:
            self._open.remove(tag)

    def handle_data(self, data: str) -> None:
        for tag in self._open:
            self.text.setdefault(tag, []).append(data)

    def all_text(self, tag: str) -> str:
        return " ".join(" ".join(self.text.get(tag, [])).split())


async def _fetch_all(paths: List[str]) -> Dict[str, Tuple[int, Dict[str, str], str]]:
    async def on_new_message(message: Any) -> None:  # the guide never sends messages
        raise AssertionError("no message expected")

    app = Sanic(f"guide_test_{uuid.uuid4().hex[:8]}")
    app.blueprint(WebChatInput().blueprint(on_new_message), url_prefix="/webhooks/web")
    port = free_port()
    server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True)
    assert server is not None
    await server.startup()
    results = {}
    try:
        async with aiohttp.ClientSession() as session:
            for path in paths:
                async with session.get(f"http://127.0.0.1:{port}{path}") as resp:
                    results[path] = (resp.status, dict(resp.headers), await resp.text())
    finally:
        server.close()
        await server.wait_closed()
    return results


PATHS = ["/webhooks/web/guide/es", "/webhooks/web/guide/fr", "/webhooks/web/guide/fr?country=BE",
         "/webhooks/web/guide/fr?country=ZZ", "/webhooks/web/guide/de", "/webhooks/web/guide/print.css"]


@pytest.fixture(scope="module")
def served() -> Dict[str, Tuple[int, Dict[str, str], str]]:
    return asyncio.run(_fetch_all(PATHS))


def directory():
    return LiveDirectory(load_settings().database_url).get()


@pytest.mark.parametrize("path, language, country", [(PATHS[0], "es", "ES"), (PATHS[1], "fr", "FR"),
                                                     (PATHS[2], "fr", "BE"), (PATHS[3], "fr", "FR")])
def test_the_guide_page_in_each_language(served: Dict[str, Any], path: str, language: str, country: str) -> None:
    status, headers, html = served[path]
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "default-src 'none'" in headers["Content-Security-Policy"] and "script" not in headers["Content-Security-Policy"]
    page = Tags()
    page.feed(html)
    guide, content = load_guide(), load_content()
    assert ("html", {"lang": language}) in page.tags
    assert not [t for t, _ in page.tags if t in ("script", "iframe", "form", "img")]
    assert not [a for _, a in page.tags if any(k.startswith("on") or k == "style" for k in a)]
    assert page.all_text("h1") == guide.title[language]
    headings = page.all_text("h2")
    for section in guide.sections:
        assert section.heading[language].replace("{minutes}", str(section.minutes)) in headings
    assert "15" in headings  # the plan heading says how long the session lasts
    body = page.all_text("main")
    assert "{" not in body and "}" not in body  # every placeholder filled in
    for lesson in content.lessons:
        assert lesson.title[language] in body
    for quiz in content.quizzes:
        assert quiz.title[language] in body
    # Where pupils get help: the directory's contacts for the country, and its emergency number.
    shown = [a["data-id"] for t, a in page.tags if t == "li" and "data-id" in a]
    help_section = next(s for s in guide.sections if s.id == "help")
    wanted = [o.id for o in directory().contacts(country, help_section.topics)[:6]]
    assert wanted and all(org in shown for org in wanted)
    assert all(org.startswith(country.lower() + "-") for org in shown)
    assert f'href="tel:{directory().emergency_number(country)}"' in html
    chat_links = [a["href"] for t, a in page.tags if t == "a" and "mode=learn" in (a.get("href") or "")]
    assert chat_links == [f"http://127.0.0.1:{chat_links[0].split(':')[2].split('/')[0]}/webhooks/web/"
                          f"?lang={language}&country={country}&mode=learn"]
    assert ("link", {"rel": "stylesheet", "href": "/webhooks/web/guide/print.css"}) in page.tags


def test_a_language_we_do_not_speak_is_not_found(served: Dict[str, Any]) -> None:
    assert served["/webhooks/web/guide/de"][0] == 404


def test_the_style_sheet_prints_on_a4(served: Dict[str, Any]) -> None:
    status, headers, css = served["/webhooks/web/guide/print.css"]
    assert status == 200 and headers["Content-Type"].startswith("text/css")
    assert "@page { size: A4" in css and "@media print" in css and "break-inside: avoid" in css


def test_texts_are_escaped() -> None:
    guide = load_guide()
    evil = dataclasses.replace(guide, intro={"es": "<script>alert(1)</script>", "fr": "x"})
    page = Page("es", "ES", "España", "112", "http://x/webhooks/web/?mode=learn", "/c.css")
    html = render_guide(evil, load_content(), directory(), page)
    assert "<script>" not in html and "&lt;script&gt;" in html
