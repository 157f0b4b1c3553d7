"""Every setting of the assistant in one place, each read from one environment variable.

Why one module: a school administrator or an operator should be able to see, in a
single file, everything that can be changed without touching code, and every
process (Rasa server, action server, scripts) must agree on the same values.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Tuple

PROJECT_ROOT = Path(__file__).resolve().parent.parent

SUPPORTED_LANGUAGES: Tuple[str, ...] = ("es", "fr")


class SettingsError(ValueError):
    """A setting has a value the assistant cannot run with."""


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default).strip() or default


def _language(name: str, default: str) -> str:
    value = _env(name, default).lower()
    if value not in SUPPORTED_LANGUAGES:
        raise SettingsError(
            f"{name}={value!r} is not supported; use one of {', '.join(SUPPORTED_LANGUAGES)}."
        )
    return value


def _bool(name: str, default: bool) -> bool:
    raw = _env(name, "true" if default else "false").lower()
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{name}={raw!r} must be true or false.")


def _int(name: str, default: int) -> int:
    raw = _env(name, str(default))
    try:
        return int(raw)
    except ValueError as error:
        raise SettingsError(f"{name}={raw!r} must be a whole number.") from error


@dataclass(frozen=True)
class Settings:
    """Values read once per process; tests build their own with `load_settings()`."""

    default_language: str = "es"
    directory_path: Path = field(default=PROJECT_ROOT / "data" / "directory")
    # The embedded default needs nothing installed; DATABASE_URL=postgresql://... switches.
    database_url: str = f"sqlite:///{PROJECT_ROOT / 'var' / 'directory.sqlite3'}"
    max_message_chars: int = 2000
    rasa_port: int = 5005
    action_port: int = 5055
    # Conversations (redacted): a SQLite file path, or a SQLAlchemy URL such as postgresql://user@host/db.
    tracker_db: str = str(PROJECT_ROOT / "var" / "conversations.sqlite3")
    # false: nothing is written anywhere; a conversation lives in memory while it is going on.
    store_conversations: bool = True
    # `python -m chatbot.privacy purge` deletes conversations whose last message is older than this.
    retention_days: int = 7


def load_settings() -> Settings:
    """Reads the environment; fails with a message naming the variable when a value is bad."""
    if os.environ.get("CHATBOT_DEFAULT_COUNTRY"):
        # A site-wide country showed one country's crisis lines to teens elsewhere (issue 17).
        raise SettingsError("CHATBOT_DEFAULT_COUNTRY is no longer read: a page has a country only when it says so "
                            "(?country=XX, the widget's data-country, or the school's file in schools/); "
                            "otherwise the chat asks. Remove the variable.")
    return Settings(
        default_language=_language("CHATBOT_DEFAULT_LANGUAGE", "es"),
        directory_path=Path(_env("CHATBOT_DIRECTORY_PATH", str(PROJECT_ROOT / "data" / "directory"))),
        database_url=_env("DATABASE_URL", f"sqlite:///{PROJECT_ROOT / 'var' / 'directory.sqlite3'}"),
        max_message_chars=_int("CHATBOT_MAX_MESSAGE_CHARS", 2000),
        rasa_port=_int("RASA_PORT", 5005),
        action_port=_int("ACTION_PORT", 5055),
        tracker_db=_env("CHATBOT_TRACKER_DB", str(PROJECT_ROOT / "var" / "conversations.sqlite3")),
        store_conversations=_bool("CHATBOT_STORE_CONVERSATIONS", True),
        retention_days=_int("CHATBOT_RETENTION_DAYS", 7),
    )


# --- The HTTP edge (chatbot/web/): rate limits and allowed page origins. ---

# A quiz tapped quickly is ~30 messages a minute; a whole class behind one school
# address (NAT) shares the per-client limit, hence its size.
DEFAULT_PER_CONVERSATION = 30
DEFAULT_PER_CLIENT = 600
RATE_LIMIT_PER_CONVERSATION = "CHATBOT_RATE_LIMIT_PER_CONVERSATION"
RATE_LIMIT_PER_CLIENT = "CHATBOT_RATE_LIMIT_PER_CLIENT"
RATE_LIMIT_WINDOW_SECONDS = "CHATBOT_RATE_LIMIT_WINDOW_SECONDS"
ALLOWED_ORIGINS = "CHATBOT_ALLOWED_ORIGINS"
TURN_TIMEOUT_SECONDS = "CHATBOT_TURN_TIMEOUT_SECONDS"


@dataclass(frozen=True)
class EdgeSettings:
    """Limits of the web channel, read once per Rasa server.

    Why these defaults: a teen typing fast sends a few messages a minute; 20 per
    conversation and 60 per client address (a school network shares one) a minute
    stop floods without ever stopping a real conversation. No origin is allowed
    by default: the page and its API are served from the same origin.
    """

    per_conversation: int = 20
    per_client: int = 60
    window_seconds: int = 60
    allowed_origins: Tuple[str, ...] = ()
    # Longer than this and the teen gets the emergency contacts instead of waiting on a stuck part.
    turn_timeout_seconds: int = 30


def _positive(name: str, default: int) -> int:
    value = _int(name, default)
    if value < 1:
        raise SettingsError(f"{name}={value} must be 1 or more.")
    return value


def _origins(name: str) -> Tuple[str, ...]:
    """A comma list of `scheme://host[:port]`; anything else is refused, not guessed."""
    import re

    origins = []
    for raw in os.environ.get(name, "").split(","):
        origin = raw.strip().rstrip("/")
        if not origin:
            continue
        if not re.fullmatch(r"https?://[A-Za-z0-9.-]+(:\d{1,5})?", origin):
            raise SettingsError(f"{name}: {origin!r} is not an origin like https://school.example.org")
        origins.append(origin.lower())
    return tuple(dict.fromkeys(origins))


def load_edge_settings() -> EdgeSettings:
    """Reads the web channel's limits and allowed origins from the environment."""
    return EdgeSettings(
        per_conversation=_positive(RATE_LIMIT_PER_CONVERSATION, DEFAULT_PER_CONVERSATION),
        per_client=_positive(RATE_LIMIT_PER_CLIENT, DEFAULT_PER_CLIENT),
        window_seconds=_positive(RATE_LIMIT_WINDOW_SECONDS, 60),
        allowed_origins=_origins(ALLOWED_ORIGINS),
        turn_timeout_seconds=_positive(TURN_TIMEOUT_SECONDS, 30),
    )
