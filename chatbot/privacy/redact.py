"""Replaces personal details in a message by typed placeholders before it is stored.

Why patterns, cues, a name list and spaCy together: teens type their own phone
number, their @handle, "soy la maria de 3ºB" or "c'est enzo"; shapes.py catches
what has a form (phones, emails, links, handles, classes, streets, schools),
names.py the people and towns (cues and common first names for the lowercase
ones spaCy misses, spaCy's NER for the rest). The live conversation keeps
working: intents and slots do not need the details. Measured on the labelled
sets in tests/data/redaction/ by bench/redaction_eval.py.
"""
from __future__ import annotations

import re
from typing import List, Optional, Tuple

from chatbot.language.detection import detect, is_button_payload
from chatbot.privacy.names import capitalised_words, cue_names, cue_places, listed_names, spacy_names
from chatbot.privacy.shapes import shape_spans
from chatbot.privacy.spans import KINDS, Span, apply, merge

NAME, PHONE, EMAIL, URL, HANDLE, PLACE, SCHOOL, CLASS, ADDRESS = (
    "[NAME]", "[PHONE]", "[EMAIL]", "[URL]", "[HANDLE]", "[PLACE]", "[SCHOOL]", "[CLASS]", "[ADDRESS]",
)


_PLACEHOLDER = re.compile(r"\[(?:" + "|".join(KINDS) + r"|REDACTED)\]")


def find_spans(text: str, language: Optional[str] = None, use_spacy: bool = True) -> List[Span]:
    """Every personal detail in `text`, merged, in order. `language` picks the spaCy model (detected if None)."""
    if not text or is_button_payload(text):
        return []  # button payloads carry no user text
    spans = shape_spans(text)
    spans.extend(cue_names(text))
    spans.extend(listed_names(text))
    spans.extend(cue_places(text))
    spans.extend(capitalised_words(text))
    if use_spacy:
        spans.extend(spacy_names(text, language or detect(text).language or "es"))
    # Placeholders already in the text ("[ADDRESS]" when a log line is redacted twice) stay as they are.
    kept = [(m.start(), m.end()) for m in _PLACEHOLDER.finditer(text)]
    spans = [s for s in spans if not any(s.start < end and start < s.end for start, end in kept)]
    return merge(spans)


def redact_with_secrets(text: str, language: Optional[str] = None, use_spacy: bool = True) -> Tuple[str, List[str]]:
    """The redacted text and the pieces that were taken out (to scrub their copies elsewhere in an event).

    Repeated until nothing more is found (at most three passes): taking one piece out can
    expose another glued to it ("3ºB@ana" -> "[CLASS]@ana" -> "[CLASS][HANDLE]").
    """
    removed: List[str] = []
    for _ in range(3):
        spans = find_spans(text, language, use_spacy)
        if not spans:
            break
        removed += [text[span.start:span.end] for span in spans]
        text = apply(text, spans)
    return text, removed


def redact(text: str, language: Optional[str] = None, use_spacy: bool = True) -> str:
    """The text with personal details replaced by typed placeholders ([NAME], [PHONE], [ADDRESS]...)."""
    return redact_with_secrets(text, language, use_spacy)[0]
