"""How to report on the platform the user names ("me lo han subido a insta"), from the directory.

Why a word list and not an entity model: platform names are a closed set with a
few nicknames; matching them exactly is more reliable than a classifier.
"""
from __future__ import annotations

import re
from typing import Dict, Optional, Tuple

from chatbot.directory.files import PlatformData
from chatbot.language.detection import fold

# Nicknames teens use, by platform id (ids as in data/directory/platforms.yml).
NICKNAMES: Dict[str, Tuple[str, ...]] = {
    "instagram": ("instagram", "insta", "ig"),
    "facebook": ("facebook", "fb", "messenger"),
    "whatsapp": ("whatsapp", "whatsap", "wasap", "wassap", "wsp", "wtsp", "wpp", "whats", "watsap"),
    "tiktok": ("tiktok", "tik tok", "tiktoc"),
    "snapchat": ("snapchat", "snap"),
    "x": ("twitter",),
    "telegram": ("telegram", "telegrama"),
    "discord": ("discord",),
    "youtube": ("youtube", "yt"),
    "onlyfans": ("onlyfans", "only fans"),
    "google_search": ("google",),
    "bing": ("bing",),
}
_PATTERNS = {pid: re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b") for pid, names in NICKNAMES.items()}


def mentioned_platform(text: str) -> Optional[str]:
    """The id of the first platform named in `text`, if any."""
    folded = fold(text or "")
    found = [(m.start(), pid) for pid, pattern in _PATTERNS.items() for m in [pattern.search(folded)] if m]
    return min(found)[1] if found else None


def platform_card(platform: PlatformData, language: str) -> str:
    link = f"\n🔗 {platform.report_url}" if platform.report_url else ""
    return f"🚩 {platform.name}: {platform.how[language]}{link}"
