"""What the actions need to know about a conversation: its language, country, last input.

Why here: every action must answer in the same language and for the same country
that the slot logic chose; reading them in one place keeps that consistent.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, Optional

from rasa_sdk import Tracker

from chatbot.directory import Directory, LiveDirectory
from chatbot.directory.files import INTERNATIONAL
from chatbot.settings import SUPPORTED_LANGUAGES, Settings, load_settings

@lru_cache(maxsize=1)
def settings() -> Settings:
    return load_settings()


@lru_cache(maxsize=1)
def _live_directory() -> LiveDirectory:
    return LiveDirectory(settings().database_url)


def directory() -> Directory:
    """The in-memory snapshot of the directory database (re-read only when its data changed)."""
    return _live_directory().get()


def language_of(tracker: Tracker) -> str:
    value = tracker.get_slot("language")
    return value if value in SUPPORTED_LANGUAGES else settings().default_language


def country_of(tracker: Tracker) -> Optional[str]:
    """The slot if it names a country we have data for (or INT: one we don't), else None.

    Never the language's country: a French speaker may be in Québec, a Spanish speaker in
    Mexico, and another country's numbers do not work there. Unknown means "ask".
    """
    value = tracker.get_slot("country")
    if isinstance(value, str) and (value.upper() in directory().countries() or value.upper() == INTERNATIONAL):
        return value.upper()
    return None


def latest_metadata(tracker: Tracker) -> Dict[str, Any]:
    """The page settings the web channel attached to the latest user message."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            metadata = event.get("metadata")
            return metadata if isinstance(metadata, dict) else {}
    return {}


def page_setting(tracker: Tracker, key: str) -> Optional[str]:
    value = latest_metadata(tracker).get(key)
    return value.strip() if isinstance(value, str) and value.strip() else None
