"""How to report on a platform, from the directory: the card shown once the user names it.

Which platform a text names is read by `chatbot.guides.answers.mentioned_platform`
(a word list the NLU's answer-only rule uses too).
"""
from __future__ import annotations

from chatbot.directory.files import PlatformData


def platform_card(platform: PlatformData, language: str) -> str:
    link = f"\n🔗 {platform.report_url}" if platform.report_url else ""
    return f"🚩 {platform.name}: {platform.how[language]}{link}"
