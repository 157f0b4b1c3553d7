"""The HTTP edge of the real server: images refused and not stored, rate limits, CORS, headers."""
from __future__ import annotations

import json
import sqlite3
import uuid

import pytest

from chatbot.directory import Directory, read_directory
from chatbot.settings import load_settings
from chatbot.settings import DEFAULT_PER_CLIENT, DEFAULT_PER_CONVERSATION
from chatbot.directory.emergency import regional_line
from chatbot.web.texts import NOT_TEXT, RATE_LIMITED
from tests.e2e.edge_servers import SCHOOL_ORIGIN, request, say
from tests.e2e.languages import language_of, texts

DIRECTORY = Directory.from_files(read_directory(load_settings().directory_path))
IMAGE = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
LINK = "https://i.imgur.com/Zx9secret.jpg"


def stored_events(servers, sender: str) -> str:
    with sqlite3.connect(servers.tracker_db) as db:
        return "\n".join(row[0] for row in db.execute("SELECT data FROM events WHERE sender_id = ?", (sender,)))


@pytest.mark.parametrize("language, opener", [("es", "hola"), ("fr", "salut")])
def test_an_image_is_refused_kindly_in_the_conversations_language_and_never_stored(
    edge_servers: tuple, language: str, opener: str
) -> None:
    servers, _ = edge_servers
    sender = uuid.uuid4().hex
    status, replies = say(servers, sender, opener, source="127.0.0.9")
    assert status == 200 and {language_of(t) for t in texts(replies)} == {language}
    menu = next(r["buttons"] for r in replies if r.get("buttons"))
    for message in (IMAGE, f"mira {LINK}"):
        status, replies = say(servers, sender, message, source="127.0.0.9")
        assert status == 200
        assert replies == [{"recipient_id": sender, "text": NOT_TEXT[language], "buttons": menu}]
    stored = stored_events(servers, sender)
    assert stored.count('"event": "user"') == 1, "only the opener reached Rasa"
    assert "iVBORw0KGgo" not in stored and "Zx9secret" not in stored and "imgur" not in stored


def test_an_attachment_field_is_refused_with_the_same_kind_words(edge_servers: tuple) -> None:
    servers, _ = edge_servers
    sender = uuid.uuid4().hex
    body = json.dumps({"sender": sender, "message": "mira", "attachment": {"type": "image", "payload": IMAGE},
                       "metadata": {"language": "fr"}}).encode()
    status, _, raw = request(servers, "POST", "/message", body, {"Content-Type": "application/json"}, "127.0.0.9")
    assert status == 400 and json.loads(raw) == {"error": "text_only", "text": NOT_TEXT["fr"]}
    assert stored_events(servers, sender) == ""


@pytest.mark.parametrize("language, text", [("es", f"me quiero matar {LINK}"), ("fr", f"je veux mourir {IMAGE}")])
def test_an_image_with_words_of_danger_still_gets_the_crisis_lines_first(edge_servers: tuple, language: str, text: str) -> None:
    from chatbot.directory import card
    from chatbot.directory.emergency import crisis_contacts

    servers, _ = edge_servers
    sender = uuid.uuid4().hex
    country = {"es": "ES", "fr": "FR"}[language]
    status, replies = say(servers, sender, text, {"language": language, "country": country}, source="127.0.0.13")
    lines = [card(o, language) for o in crisis_contacts(DIRECTORY, country)]
    assert status == 200 and lines and texts(replies) == ["\n\n".join(lines), NOT_TEXT[language]]
    assert DIRECTORY.emergency_number(country) in texts(replies)[0]
    assert stored_events(servers, sender) == ""


def test_a_flood_from_one_client_gets_429_with_the_emergency_number_and_others_are_not_affected(edge_servers: tuple) -> None:
    servers, _ = edge_servers
    limit = DEFAULT_PER_CLIENT
    statuses = [request(servers, "POST", "/message", b"{not json", source="127.0.0.2")[0] for _ in range(limit)]
    assert statuses == [400] * limit
    status, headers, raw = request(servers, "POST", "/message", b"{not json", source="127.0.0.2")
    payload = json.loads(raw)
    assert status == 429 and payload["error"] == "rate_limited" and int(headers["retry-after"]) >= 1
    # No page setting and no conversation: every served country's emergency number, none assumed.
    assert payload["text"] == RATE_LIMITED["es"].format(number=regional_line(DIRECTORY, "es"))
    assert request(servers, "POST", "/message", b"{not json", source="127.0.0.3")[0] == 400


def test_a_flood_in_one_conversation_gets_429_in_its_language(edge_servers: tuple) -> None:
    servers, _ = edge_servers
    sender = uuid.uuid4().hex
    page = {"language": "fr", "country": "BE"}
    for _ in range(DEFAULT_PER_CONVERSATION):  # refusals are fast and count too
        assert say(servers, sender, LINK, page, source="127.0.0.4")[0] == 200
    status, payload = say(servers, sender, "salut", page, source="127.0.0.4")
    assert status == 429 and payload["text"] == RATE_LIMITED["fr"].format(number=DIRECTORY.emergency_number("BE"))
    assert say(servers, uuid.uuid4().hex, LINK, page, source="127.0.0.4")[0] == 200, "another conversation goes on"


@pytest.mark.parametrize(
    "body, status",
    [(b'{"sender": "abcdefgh12", "message": "\xff\xfe"}', 400),
     (b'{"sender": "abcdefgh12\\u0000", "message": "hola"}', 400),
     (b'{"sender": "abcdefgh12", "message": "ho\\u0000l\\u0007a\\u001b"}', 200),
     (b'{"sender": "brand-new-sender-id", "message": "hola"}', 200)],
    ids=["invalid-utf8", "forged-sender", "control-characters", "unknown-sender"],
)
def test_odd_bytes_and_senders(edge_servers: tuple, body: bytes, status: int) -> None:
    servers, _ = edge_servers
    got, _, raw = request(servers, "POST", "/message", body, {"Content-Type": "application/json"}, "127.0.0.10")
    assert got == status, raw
    assert json.loads(raw) is not None


def test_cors_answers_only_the_configured_school_origin(edge_servers: tuple) -> None:
    servers, _ = edge_servers
    body = json.dumps({"sender": uuid.uuid4().hex, "message": LINK}).encode()
    _, allowed, _ = request(servers, "POST", "/message", body, {"Origin": SCHOOL_ORIGIN}, "127.0.0.11")
    assert allowed["access-control-allow-origin"] == SCHOOL_ORIGIN and "access-control-allow-credentials" not in allowed
    _, refused, _ = request(servers, "POST", "/message", body, {"Origin": "https://evil.example"}, "127.0.0.11")
    assert not any(name.startswith("access-control-") for name in refused), refused
    _, preflight, _ = request(servers, "OPTIONS", "/message", None,
                              {"Origin": SCHOOL_ORIGIN, "Access-Control-Request-Method": "POST"}, "127.0.0.11")
    assert preflight["access-control-allow-origin"] == SCHOOL_ORIGIN and "POST" in preflight["access-control-allow-methods"]
    _, evil_preflight, _ = request(servers, "OPTIONS", "/message", None,
                                   {"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}, "127.0.0.11")
    assert "access-control-allow-origin" not in evil_preflight


@pytest.mark.parametrize("method, path", [("GET", "/"), ("GET", "/health"), ("POST", "/message")])
def test_security_headers_and_no_cookie(edge_servers: tuple, method: str, path: str) -> None:
    servers, _ = edge_servers
    body = json.dumps({"sender": uuid.uuid4().hex, "message": "hola"}).encode() if method == "POST" else None
    status, headers, _ = request(servers, method, path, body, source="127.0.0.12")
    assert status == 200
    assert headers["x-content-type-options"] == "nosniff" and headers["referrer-policy"] == "no-referrer"
    assert "camera=()" in headers["permissions-policy"]
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp and "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert f"frame-ancestors 'self' {SCHOOL_ORIGIN}" in csp
    assert "set-cookie" not in headers


def test_the_page_runs_under_its_csp_in_a_real_browser_and_sets_no_cookie(edge_servers: tuple) -> None:
    """Chromium loads the page with its CSP: no violation, the greeting and menu appear, no cookie."""
    import shutil
    import time

    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    servers, _ = edge_servers
    options = Options()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.binary_location = shutil.which("chromium") or shutil.which("chromium-browser") or ""
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    try:
        browser.get(f"{servers.base}/?lang=fr&country=FR")
        deadline = time.time() + 60
        while time.time() < deadline and not browser.find_elements(By.CSS_SELECTOR, ".replies button"):
            time.sleep(0.5)
        greeting = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".msg.bot > .text")]
        assert greeting and language_of(greeting[0]) == "fr", greeting
        assert browser.find_elements(By.CSS_SELECTOR, ".replies button"), "the inline script ran (menu shown)"
        violations = [e["message"] for e in browser.get_log("browser") if "Content Security Policy" in e["message"]]
        assert violations == []
        assert browser.get_cookies() == []
    finally:
        browser.quit()
