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
    default_country: str = "ES"
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
    return Settings(
        default_language=_language("CHATBOT_DEFAULT_LANGUAGE", "es"),
        default_country=_env("CHATBOT_DEFAULT_COUNTRY", "ES").upper(),
        directory_path=Path(_env("CHATBOT_DIRECTORY_PATH", str(PROJECT_ROOT / "data" / "directory"))),
        database_url=_env("DATABASE_URL", f"sqlite:///{PROJECT_ROOT / 'var' / 'directory.sqlite3'}"),
        max_message_chars=_int("CHATBOT_MAX_MESSAGE_CHARS", 2000),
        rasa_port=_int("RASA_PORT", 5005),
        action_port=_int("ACTION_PORT", 5055),
        tracker_db=_env("CHATBOT_TRACKER_DB", str(PROJECT_ROOT / "var" / "conversations.sqlite3")),
        store_conversations=_bool("CHATBOT_STORE_CONVERSATIONS", True),
        retention_days=_int("CHATBOT_RETENTION_DAYS", 7),
    )
