"""Security headers, CSP and CORS of the web channel (the served pages are checked end to end)."""
from __future__ import annotations

import base64
import hashlib

from chatbot.web.security import content_security_policy, cors_headers, inline_hashes, page_csp, security_headers


def directives(csp: str) -> dict:
    return {part.split()[0]: part.split()[1:] for part in csp.split("; ")}


def test_the_csp_allows_only_our_own_origin_and_no_inline_code() -> None:
    csp = directives(content_security_policy())
    assert csp["default-src"] == ["'self'"] and csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'self'"]
    assert "'unsafe-inline'" not in content_security_policy() and "'unsafe-eval'" not in content_security_policy()


def test_frame_ancestors_are_the_allowed_school_origins() -> None:
    csp = directives(content_security_policy(("https://colegio.example.org",)))
    assert csp["frame-ancestors"] == ["'self'", "https://colegio.example.org"]


def test_an_inline_block_left_in_a_page_is_allowed_by_its_exact_hash_only() -> None:
    html = "<style>p{color:red}</style><script>alert(1)</script><script src='/a.js'></script>"
    digest = base64.b64encode(hashlib.sha256(b"alert(1)").digest()).decode()
    assert inline_hashes(html)["script"] == (f"'sha256-{digest}'",)
    csp = directives(page_csp(html))
    assert csp["script-src"] == ["'self'", f"'sha256-{digest}'"] and len(csp["style-src"]) == 2
    assert inline_hashes("<script src='/widget.js'></script>") == {"script": (), "style": ()}


def test_the_served_page_has_no_inline_code() -> None:
    """Its only inline <script> is the JSON config block, which browsers never run."""
    import re

    from chatbot.directory import Directory, read_directory
    from chatbot.settings import load_settings
    from chatbot.web.widget import WidgetPages

    directory = Directory.from_files(read_directory(load_settings().directory_path))
    page = WidgetPages(load_settings(), {}, type("Fixed", (), {"get": lambda self: directory})()).render({}, embedded=False)
    inline = re.findall(r"<(script|style)(\s[^>]*)?>(.*?)</\1>", page, re.S)
    assert [(tag, attrs.strip()) for tag, attrs, body in inline if body.strip()] == [
        ("script", 'type="application/json" id="ayuda-config"')]


def test_security_headers() -> None:
    headers = security_headers()
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "camera=()" in headers["Permissions-Policy"] and "microphone=()" in headers["Permissions-Policy"]
    assert not any(name.lower() == "set-cookie" for name in headers)


def test_cors_only_for_an_allowed_origin() -> None:
    allowed = ("https://colegio.example.org",)
    assert cors_headers("https://colegio.example.org", allowed)["Access-Control-Allow-Origin"] == "https://colegio.example.org"
    assert cors_headers("https://evil.example", allowed) == {}
    assert cors_headers("https://colegio.example.org.evil.example", allowed) == {}
    assert cors_headers(None, allowed) == {}
    assert cors_headers("https://colegio.example.org", ()) == {}
    assert "Access-Control-Allow-Credentials" not in cors_headers("https://colegio.example.org", allowed)
