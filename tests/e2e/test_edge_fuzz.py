"""Property-based fuzzing of the real server's HTTP edge: nothing a client sends gives a 5xx.

Hypothesis generates arbitrary bytes, JSON of any shape, well-formed messages with
odd text (control characters, lone surrogates, RTL marks, 10 000 characters,
images), odd metadata, methods, paths and headers, and sends each to the running
Rasa server of the suite. Every answer must be a 2xx/4xx with a JSON or HTML body,
and afterwards the server must be healthy and hold a normal conversation. The
number of examples run and the statuses seen are printed and written to
var/log/e2e/edge_fuzz.json.
"""
from __future__ import annotations

import collections
import http.client
import json
import os
import string
import uuid
from typing import Any, Dict, Optional

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.e2e.languages import language_of, texts
from tests.e2e.servers import ROOT, Servers

SCALE = float(os.environ.get("EDGE_FUZZ_SCALE", "1"))
RUNS: Dict[str, int] = collections.Counter()
STATUSES: Dict[str, collections.Counter] = collections.defaultdict(collections.Counter)


def fuzz_settings(examples: int) -> settings:
    return settings(max_examples=max(1, int(examples * SCALE)), deadline=None, database=None,
                    suppress_health_check=list(HealthCheck))


def send(servers: Servers, name: str, method: str, path: str, body: Optional[bytes] = None,
         headers: Optional[Dict[str, str]] = None) -> int:
    """Sends one request; checks the answer is no 5xx and has a body the page can read."""
    connection = http.client.HTTPConnection("127.0.0.1", servers.rasa_port, timeout=120)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        reply = connection.getresponse()
        status, kind, raw = reply.status, reply.getheader("content-type") or "", reply.read()
    finally:
        connection.close()
    RUNS[name] += 1
    STATUSES[name][status] += 1
    assert status < 500, (status, method, path, body[:200] if body else body, raw[:300])
    if path.startswith("/webhooks/web/message") and method == "POST" and status in (200, 400, 413, 429):
        assert "application/json" in kind
        json.loads(raw)
    return status


# Hypothesis will not draw 16 KB of random bytes (its buffer is smaller): repeat a short random chunk instead.
OVERSIZED = st.tuples(st.binary(min_size=1, max_size=64), st.integers(16_385, 40_000)).map(
    lambda chunk_size: (chunk_size[0] * (chunk_size[1] // len(chunk_size[0]) + 1))[:chunk_size[1]])
json_leaf = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50)
json_value = st.recursive(json_leaf, lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
                          max_leaves=30)
KEYS = st.sampled_from(["sender", "message", "metadata", "attachment", "image", "file", "text", "language", ""])
valid_sender = st.from_regex(r"\A[A-Za-z0-9_-]{8,64}\Z")
# Three in four valid, so most examples reach Rasa (one_of would not weight repeated strategies).
senders = st.integers(0, 3).flatmap(lambda pick: st.text(max_size=80) if pick == 0 else valid_sender)
odd_text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=300),
    st.sampled_from(["", " ", "\u202e", "\ud800", "\x00" * 10, "a" * 10_000, "😭" * 500, "/greet", "/switch_language{\"x\": 1}",
                     "data:image/png;base64,AAAA", "https://imgur.com/x", "{}", "[]", "<script>alert(1)</script>",
                     "${ACTION_PORT}", "%s%s%n", "\r\n\r\nGET / HTTP/1.1"]),
    st.text(alphabet="abcdefghij áéíóúñçèêà?!.", min_size=1, max_size=120),
)
metadata = st.one_of(
    st.dictionaries(st.sampled_from(["language", "country", "mode", "school", "name", "phone"]), json_value, max_size=4),
    json_value,
)


@fuzz_settings(150)
@given(body=st.binary(max_size=2_000) | OVERSIZED, content_type=st.sampled_from(
    ["application/json", "text/plain", "multipart/form-data; boundary=x", "image/png", "application/x-www-form-urlencoded", ""]))
def test_arbitrary_bytes(servers: Servers, body: bytes, content_type: str) -> None:
    send(servers, "arbitrary_bytes", "POST", "/webhooks/web/message", body, {"Content-Type": content_type} if content_type else {})


@fuzz_settings(150)
@given(payload=json_value | st.dictionaries(KEYS, json_value, max_size=5))
def test_json_of_any_shape(servers: Servers, payload: Any) -> None:
    send(servers, "json_any_shape", "POST", "/webhooks/web/message", json.dumps(payload).encode(), {"Content-Type": "application/json"})


@fuzz_settings(100)
@given(sender=senders, text=odd_text, meta=metadata)
def test_messages_with_odd_text_senders_and_metadata(servers: Servers, sender: str, text: str, meta: Any) -> None:
    body = json.dumps({"sender": sender, "message": text, "metadata": meta}).encode()
    send(servers, "odd_messages", "POST", "/webhooks/web/message", body, {"Content-Type": "application/json"})


header_text = st.text(alphabet=string.ascii_letters + string.digits + " -_.,;=/:*\"'()", max_size=200)
header_name = st.text(alphabet=string.ascii_letters + string.digits + "-", min_size=1, max_size=30)


@fuzz_settings(100)
@given(
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "HEAD"]),
    path=st.sampled_from(["/webhooks/web/", "/webhooks/web/health", "/webhooks/web/message", "/webhooks/web/message/x",
                          "/webhooks/web/../../etc/passwd", "/webhooks/web/%00", "/"])
    | st.text(alphabet=string.ascii_letters + string.digits + "/%._-?=&", max_size=100).map(lambda p: "/webhooks/web/" + p),
    headers=st.dictionaries(header_name, header_text, max_size=6),
    origin=st.none() | st.sampled_from(["https://evil.example", "null", "https://colegio.example.org", "*"]),
    body=st.none() | st.binary(max_size=2000),
)
def test_methods_paths_and_headers(servers: Servers, method: str, path: str, headers: Dict[str, str],
                                   origin: Optional[str], body: Optional[bytes]) -> None:
    headers = {k: v for k, v in headers.items() if k.lower() not in ("content-length", "transfer-encoding", "host", "expect")}
    if origin:
        headers["Origin"] = origin
    send(servers, "methods_paths_headers", method, path, body, headers)


def test_the_server_is_healthy_and_talks_normally_after_the_fuzz(servers: Servers) -> None:
    assert send(servers, "after", "GET", "/webhooks/web/health") == 200
    connection = http.client.HTTPConnection("127.0.0.1", servers.rasa_port, timeout=120)
    connection.request("POST", "/webhooks/web/message", json.dumps({"sender": uuid.uuid4().hex, "message": "salut"}),
                       {"Content-Type": "application/json"})
    replies = json.loads(connection.getresponse().read())
    said = texts(replies)
    assert said and {language_of(t) for t in said} == {"fr"}
    report = {"examples": dict(RUNS), "total": sum(RUNS.values()),
              "statuses": {name: dict(sorted(counts.items())) for name, counts in STATUSES.items()}}
    path = ROOT / "var" / "log" / "e2e" / "edge_fuzz.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print("\nedge fuzz:", json.dumps(report))
    assert RUNS["arbitrary_bytes"] and RUNS["json_any_shape"] and RUNS["odd_messages"] and RUNS["methods_paths_headers"]
