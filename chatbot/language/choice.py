"""The conversation's language: when a message may change it, and when it may not.

Why a rule of its own: a French conversation must not turn Spanish because a teen
typed "si" or "jaja", yet a teen who writes a whole sentence in Spanish, or asks
for Spanish, must get Spanish at once. The page or school setting only fills the
gap before the conversation has a language.
"""
from __future__ import annotations

from typing import Optional

from chatbot.language.detection import SUPPORTED, Detection


def choose_language(
    current: Optional[str],
    detection: Detection,
    preset: Optional[str] = None,
    default: str = "es",
    requested: Optional[str] = None,
) -> str:
    """Returns the language the assistant should answer this message in.

    `requested` is an explicit choice made outside the text (a button); it wins
    like a typed request does.
    """
    for explicit in (requested, detection.requested):
        if explicit in SUPPORTED:
            return explicit  # type: ignore[return-value]
    if current in SUPPORTED:
        if detection.decisive and detection.language in SUPPORTED:
            return detection.language  # type: ignore[return-value]
        return current  # type: ignore[return-value]
    # No language yet: a clear message decides, then the page, then any hint, then the default.
    if detection.decisive and detection.language in SUPPORTED:
        return detection.language  # type: ignore[return-value]
    if preset in SUPPORTED:
        return preset  # type: ignore[return-value]
    if detection.language in SUPPORTED and detection.confidence > 0.5:
        return detection.language  # type: ignore[return-value]
    return default
