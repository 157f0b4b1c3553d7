"""Tells which language a bot reply is in, from the domain's own variations.

Why not a detector: the test must prove the *right variation* was chosen, so a
reply counts as French only if it is one of the domain's French texts (or a
directory card rendered in French).
"""
from __future__ import annotations

import re
from typing import List, Optional, Pattern, Tuple

from rasa.shared.core.domain import Domain

from chatbot.directory import Directory, card, read_directory
from chatbot.settings import load_settings
from tests.e2e.servers import ROOT


def _pattern(template: str) -> Pattern[str]:
    parts = re.split(r"\{\w+\}", template)
    return re.compile("^" + ".+?".join(re.escape(p) for p in parts) + "$", re.S)


def _known_texts() -> List[Tuple[Pattern[str], str]]:
    known = []
    for variations in Domain.load(str(ROOT / "domain")).responses.values():
        for variation in variations:
            for condition in variation.get("condition") or []:
                if condition.get("name") == "language":
                    known.append((_pattern(variation["text"]), condition["value"]))
    for org in Directory.from_files(read_directory(load_settings().directory_path)).organisations():
        for language in ("es", "fr"):
            known.append((re.compile("^" + re.escape(card(org, language)) + "$"), language))
    return known


KNOWN = _known_texts()


def language_of(text: str) -> Optional[str]:
    """The language whose variation this text is; None if it is no known text."""
    found = {language for pattern, language in KNOWN if pattern.match(text)}
    return found.pop() if len(found) == 1 else None


def texts(replies: list) -> List[str]:
    return [r["text"] for r in replies if r.get("text")]
