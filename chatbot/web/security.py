"""Security headers, the Content-Security-Policy and CORS for the web channel.

Why one module: the page, the widget's static files and the message endpoint
must send the same headers, and the widget may be embedded only by the schools
configured in CHATBOT_ALLOWED_ORIGINS. `content_security_policy` is the one
place the CSP is built; the page and the widget reuse it.
"""
from __future__ import annotations

import base64
import hashlib
import re
from typing import Dict, Iterable, Mapping, Optional, Sequence, Tuple

# Set by Rasa's Sanic-CORS setup on every answer; removed, then ours are added for allowed origins only.
FOREIGN_CORS_HEADERS = (
    "access-control-allow-origin", "access-control-allow-credentials", "access-control-expose-headers",
    "access-control-allow-methods", "access-control-allow-headers", "access-control-max-age",
)
_INLINE = re.compile(r"<(script|style)(?:\s[^>]*)?>(.*?)</\1\s*>", re.S | re.I)


def inline_hashes(html: str) -> Dict[str, Tuple[str, ...]]:
    """CSP hashes of the inline <script> and <style> blocks of a page (none once they are files)."""
    found: Dict[str, list] = {"script": [], "style": []}
    for tag, body in _INLINE.findall(html):
        if not body.strip():
            continue
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        found[tag.lower()].append(f"'sha256-{digest}'")
    return {tag: tuple(hashes) for tag, hashes in found.items()}


def content_security_policy(frame_ancestors: Sequence[str] = (), script_hashes: Iterable[str] = (),
                            style_hashes: Iterable[str] = ()) -> str:
    """Everything from our own origin only; no inline code unless its exact hash is listed.

    `frame_ancestors`: the school origins allowed to embed the page (none: only ourselves).
    """
    ancestors = " ".join(("'self'", *frame_ancestors))
    directives = [
        "default-src 'self'",
        "script-src " + " ".join(("'self'", *script_hashes)),
        "style-src " + " ".join(("'self'", *style_hashes)),
        "img-src 'self'",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        f"frame-ancestors {ancestors}",
    ]
    return "; ".join(directives)


def page_csp(html: str, frame_ancestors: Sequence[str] = ()) -> str:
    """The CSP for one served HTML page (its remaining inline blocks allowed by hash)."""
    hashes = inline_hashes(html)
    return content_security_policy(frame_ancestors, hashes["script"], hashes["style"])


def security_headers() -> Dict[str, str]:
    """Sent with every answer of the channel; no cookie is ever set."""
    return {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cache-Control": "no-store",
    }


def cors_headers(origin: Optional[str], allowed: Sequence[str]) -> Dict[str, str]:
    """CORS headers only for an allowed origin; for any other the browser's same-origin rule stands."""
    if not origin or origin.rstrip("/").lower() not in allowed:
        return {}
    return {
        "Access-Control-Allow-Origin": origin.rstrip("/").lower(),
        "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
        "Access-Control-Allow-Headers": "Content-Type",
        "Access-Control-Max-Age": "600",
        "Vary": "Origin",
    }


def apply(headers: Mapping[str, str], target: "dict") -> None:  # type: ignore[type-arg]
    """Sets `headers` on a response's header map, replacing what was there."""
    for name, value in headers.items():
        target[name] = value
