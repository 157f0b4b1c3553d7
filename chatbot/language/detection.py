"""Which language a single message is in, and how sure we can be.

Why not only a statistical detector: on one- or two-word messages ("salut",
"merci", "ok") lingua guesses Italian or English, while these are exactly the
messages teens send. A small lexicon of unmistakable short words (greetings,
SMS abbreviations, function words) settles those, and lingua settles longer
texts. The result says whether it is *decisive*, i.e. strong enough to switch an
ongoing conversation; the stickiness rule itself lives in `choice.py`.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, Optional

from chatbot.language.lexicon import ES_MARKERS, FR_MARKERS, LANGUAGE_REQUESTS, MAX_REQUEST_WORDS

SUPPORTED = ("es", "fr")

# Words of Latin letters (accents included); digits and emoji are not words.
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

# How many markers of one language (and none of the other) make a message decisive.
_DECISIVE_MARKERS = 2
# How many words lingua needs before we trust it to switch a conversation.
_DECISIVE_WORDS = 3
_DECISIVE_LINGUA = 0.5
# Another language is reported only when lingua is very sure on a real sentence:
# a Spanish message with typos must never be answered "I only speak ...".
_OTHER_WORDS = 4
_OTHER_LINGUA = 0.8


@dataclass(frozen=True)
class Detection:
    """What one message tells about its language."""

    language: Optional[str]  # best guess among SUPPORTED, None when there are no words
    confidence: float  # 0..1, how much of the evidence points to `language`
    decisive: bool  # strong enough to switch a conversation already in another language
    other: Optional[str] = None  # ISO code when the text is confidently in an unsupported language
    requested: Optional[str] = None  # the user explicitly asked for this language

    def as_dict(self) -> Dict[str, object]:
        return {
            "language": self.language,
            "confidence": round(self.confidence, 3),
            "decisive": self.decisive,
            "other": self.other,
            "requested": self.requested,
        }

    @classmethod
    def from_dict(cls, data: Dict[str, object]) -> "Detection":
        """The inverse of `as_dict` (the parse data carries the dict form)."""
        return cls(
            language=data.get("language"),  # type: ignore[arg-type]
            confidence=float(data.get("confidence") or 0.0),  # type: ignore[arg-type]
            decisive=bool(data.get("decisive")),
            other=data.get("other"),  # type: ignore[arg-type]
            requested=data.get("requested"),  # type: ignore[arg-type]
        )


def fold(text: str) -> str:
    """Lower-case and strip accents so "francés", "frances" and "FRANCES" match alike."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _is_latin(word: str) -> bool:
    return all("LATIN" in unicodedata.name(ch, "") for ch in word)


@lru_cache(maxsize=1)
def _lingua():  # type: ignore[no-untyped-def]
    """Built once per process: loading lingua's models costs about a second."""
    from lingua import Language, LanguageDetectorBuilder

    return (
        LanguageDetectorBuilder.from_languages(
            Language.SPANISH,
            Language.FRENCH,
            Language.ENGLISH,
            Language.CATALAN,
            Language.PORTUGUESE,
            Language.ITALIAN,
        )
        .with_preloaded_language_models()
        .build()
    )


def _lingua_scores(text: str) -> Dict[str, float]:
    values = _lingua().compute_language_confidence_values(text)
    return {value.language.iso_code_639_1.name.lower(): value.value for value in values}


def requested_language(text: str) -> Optional[str]:
    """An explicit request such as "habla en francés" or "parle espagnol", else None."""
    folded = fold(text)
    if len(_WORD.findall(folded)) > MAX_REQUEST_WORDS:
        return None  # "mi amiga habla francés y ..." tells a story, it asks for nothing
    for language, pattern in LANGUAGE_REQUESTS:
        if pattern.search(folded):
            return language
    return None


def is_button_payload(text: str) -> bool:
    """"/intent" messages come from quick-reply buttons, not from what the user typed."""
    return text.startswith("/")


def detect_message(text: str) -> Detection:
    """Like `detect`, but a button payload says nothing about language."""
    return Detection(None, 0.0, False) if is_button_payload(text or "") else detect(text)


def detect(text: str) -> Detection:
    """Detects the language of one message (never raises, whatever the text)."""
    text = text or ""
    requested = requested_language(text)
    words = _WORD.findall(text)
    latin_words = [word for word in words if _is_latin(word)]
    if not latin_words:
        # Only non-Latin script (Arabic, Cyrillic...) is surely not es/fr;
        # no words at all (emoji, digits, empty) says nothing.
        other = "xx" if words else None
        return Detection(None, 0.0, other is not None, other=other, requested=requested)

    folded = [fold(word) for word in latin_words]
    es_hits = sum(word in ES_MARKERS for word in folded)
    fr_hits = sum(word in FR_MARKERS for word in folded)
    scores = _lingua_scores(text)
    lingua_top = max(scores, key=scores.get) if scores else None
    es_score, fr_score = scores.get("es", 0.0), scores.get("fr", 0.0)

    if es_hits != fr_hits:
        language = "es" if es_hits > fr_hits else "fr"
        confidence = max(es_hits, fr_hits) / (es_hits + fr_hits)
    else:
        language = "es" if es_score >= fr_score else "fr"
        confidence = (max(es_score, fr_score) / (es_score + fr_score)) if es_score + fr_score else 0.0

    by_markers = max(es_hits, fr_hits) >= _DECISIVE_MARKERS and min(es_hits, fr_hits) == 0
    by_lingua = (
        len(latin_words) >= _DECISIVE_WORDS
        and lingua_top == language
        and scores[lingua_top] >= _DECISIVE_LINGUA
        and (es_hits == 0 if language == "fr" else fr_hits == 0)
    )
    other = None
    if (
        lingua_top not in SUPPORTED
        and lingua_top is not None
        and len(latin_words) >= _OTHER_WORDS
        and scores[lingua_top] >= _OTHER_LINGUA
        and es_hits + fr_hits == 0
    ):
        other = lingua_top
    return Detection(language, confidence, by_markers or by_lingua, other=other, requested=requested)
