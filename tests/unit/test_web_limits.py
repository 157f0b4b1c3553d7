"""Rate limits and the per-conversation memory of the edge, with a clock the test moves."""
from __future__ import annotations

import pytest

from chatbot.settings import SettingsError, load_edge_settings
from chatbot.web.hints import ConversationHints
from chatbot.web.limits import SlidingWindowLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_key_gets_its_limit_per_window_then_again_when_the_window_slides() -> None:
    clock = Clock()
    limiter = SlidingWindowLimiter(3, 60, clock=clock)
    assert [limiter.hit("a") for _ in range(4)] == [True, True, True, False]
    assert limiter.hit("b"), "another key has its own budget"
    assert limiter.retry_after("a") == 60
    clock.now += 30
    assert not limiter.hit("a") and limiter.retry_after("a") == 30
    clock.now += 30
    assert limiter.hit("a")


def test_memory_stays_bounded_and_idle_keys_are_forgotten() -> None:
    clock = Clock()
    limiter = SlidingWindowLimiter(5, 60, max_keys=100, clock=clock)
    for i in range(1000):
        limiter.hit(f"k{i}")
    assert len(limiter) <= 101
    clock.now += 61
    limiter.hit("new")
    assert len(limiter) == 1


def test_hints_remember_language_and_country_for_a_while_only() -> None:
    clock = Clock()
    hints = ConversationHints(max_size=2, ttl=100, clock=clock)
    hints.remember("s1", "fr", "BE")
    hints.remember("s1", None, None)
    assert hints.get("s1") == ("fr", "BE"), "an unknown value does not erase a known one"
    hints.remember("s2", "es", None)
    hints.remember("s3", "es", "MX")
    assert hints.get("s1") == (None, None) and len(hints) == 2, "least recently used goes first"
    clock.now += 101
    assert hints.get("s3") == (None, None)


def test_edge_settings_have_sensible_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CHATBOT_RATE_LIMIT_PER_CONVERSATION", "CHATBOT_RATE_LIMIT_PER_CLIENT",
                 "CHATBOT_RATE_LIMIT_WINDOW_SECONDS", "CHATBOT_ALLOWED_ORIGINS", "CHATBOT_TURN_TIMEOUT_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    edge = load_edge_settings()
    assert (edge.per_conversation, edge.per_client, edge.window_seconds, edge.allowed_origins) == (30, 600, 60, ())


def test_allowed_origins_are_a_clean_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHATBOT_ALLOWED_ORIGINS", " https://Colegio.example.org/ ,http://localhost:8080,,https://colegio.example.org")
    assert load_edge_settings().allowed_origins == ("https://colegio.example.org", "http://localhost:8080")


@pytest.mark.parametrize("name, value", [
    ("CHATBOT_ALLOWED_ORIGINS", "*"),
    ("CHATBOT_ALLOWED_ORIGINS", "https://a.example/path"),
    ("CHATBOT_ALLOWED_ORIGINS", "javascript:alert(1)"),
    ("CHATBOT_RATE_LIMIT_PER_CLIENT", "0"),
    ("CHATBOT_RATE_LIMIT_PER_CONVERSATION", "many"),
])
def test_bad_edge_settings_are_refused_with_the_variable_named(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=name):
        load_edge_settings()
