"""Replaces personal details in a message by typed placeholders before it is stored.

Why patterns and spaCy together: teens type their own phone number, their
@handle, "me llamo Lucía" or "3ºB"; patterns catch the shapes (phones, emails,
URLs, handles, class names, "me llamo X"), spaCy's NER catches the names and
places patterns cannot know. The live conversation keeps working: intents and
slots do not need the details.
"""
from __future__ import annotations

import re
from typing import List, Pattern, Tuple

from chatbot.language.detection import detect, is_button_payload

NAME, PHONE, EMAIL, URL, HANDLE, PLACE, SCHOOL, CLASS, ADDRESS = (
    "[NAME]", "[PHONE]", "[EMAIL]", "[URL]", "[HANDLE]", "[PLACE]", "[SCHOOL]", "[CLASS]", "[ADDRESS]",
)
_WORD = r"[A-Za-zÀ-ÖØ-öø-ÿ][\w'’-]*"
_CAP = r"[A-ZÀ-ÖØ-Þ][\w'’-]*"

# Order matters: addresses before handles, handles before phones.
PATTERNS: Tuple[Tuple[Pattern[str], str], ...] = (
    (re.compile(r"\b[\w.+-]+@[\w-]+(\.[\w-]+)+\b"), EMAIL),
    (re.compile(r"\b(https?://|www\.)\S+|\b[\w-]+\.(com|es|fr|net|org|be|ch|ca|mx|ar|co|cl|io|me|ly|gg|tv)(/\S*)?\b", re.I), URL),
    (re.compile(r"(?<![\w@])@[\w.]{2,30}"), HANDLE),
    (re.compile(r"(?<![\w+])(\+?\d[\d .-]{6,}\d)"), PHONE),
    (re.compile(r"\b\d\s?(º|ª|°|o|er|e|eme|ème|è)?\s?(de\s+)?(eso|bach|primaria)?\s?[A-H]\b(?![\w'])"), CLASS),
    (re.compile(r"(?i:\b(calle|c/|avenida|avda\.?|plaza|paseo|carrer|rue|avenue|boulevard|bd|place|chemin|allée|impasse))\s+(de\s+|del\s+|la\s+|du\s+|des\s+)?(" + _WORD + r"\s+){0,3}\d+\w?"), ADDRESS),
    (re.compile(r"\b\d+\w?,?\s+(?i:(rue|avenue|boulevard|bd|place|chemin|allée|allee|impasse|calle|avenida|plaza))\s+(de\s+|des\s+|du\s+|la\s+|del\s+)?" + _CAP + r"(\s+" + _CAP + r"){0,2}"), ADDRESS),
    (re.compile(r"(?i:\b(colegio|cole|insti|instituto|ies|ceip|escuela|lycée|lycee|collège|college|école|ecole))\s+(" + _CAP + r")(\s+" + _CAP + r")*"), SCHOOL),
    (re.compile(r"\b(usuario|user|username|pseudo|snap|insta|tiktok|discord|telegram)\s*(es|est|:)?\s*@?([\w.]{3,30}\d[\w.]*|[\w.]*_[\w.]+)", re.I), HANDLE),
)
# "me llamo X", "soy X", "je m'appelle X", "c'est X qui": the word after is a name.
NAME_CUES: Tuple[Pattern[str], ...] = (
    re.compile(r"\b(me\s+llamo|mi\s+nombre\s+es|soy|fue|se\s+llama|mi\s+amiga|mi\s+amigo|el\s+chico|la\s+chica)\s+(" + _CAP + r")"),
    re.compile(r"\b(je\s+m['’]appelle|mon\s+nom\s+est|je\s+suis|c['’]est|il\s+s['’]appelle|elle\s+s['’]appelle|ma\s+pote|mon\s+pote|ma\s+copine)\s+(" + _CAP + r")"),
)
_NOT_NAMES = {
    "Instagram", "Insta", "TikTok", "Tiktok", "Snapchat", "Snap", "WhatsApp", "Whatsapp", "Telegram", "Discord",
    "Google", "YouTube", "Youtube", "España", "Francia", "France", "Espagne", "Hola", "Salut", "Yo", "Je",
}


def _spacy_entities(text: str) -> List[Tuple[int, int, str]]:
    from chatbot.nlu.spacy_bilingual import DEFAULT_MODELS, load_spacy

    language = detect(text).language or "es"
    doc = load_spacy(DEFAULT_MODELS[language])(text)
    spans = []
    for ent in doc.ents:
        if ent.text in _NOT_NAMES:
            continue
        if ent.label_ in ("PER", "PERSON"):
            spans.append((ent.start_char, ent.end_char, NAME))
        elif ent.label_ in ("LOC", "GPE"):
            spans.append((ent.start_char, ent.end_char, PLACE))
    return spans


def redact(text: str, use_spacy: bool = True) -> str:
    """The text with personal details replaced by typed placeholders ([NAME], [PHONE], [ADDRESS]...)."""
    if not text or is_button_payload(text):
        return text  # button payloads carry no user text
    for pattern, placeholder in PATTERNS:
        text = pattern.sub(placeholder, text)
    for cue in NAME_CUES:
        text = cue.sub(lambda m: m.group(0) if m.group(2) in _NOT_NAMES else m.group(0)[: m.start(2) - m.start(0)] + NAME, text)
    if use_spacy:
        for start, end, placeholder in sorted(_spacy_entities(text), reverse=True):
            inside_placeholder = text[max(start - 1, 0):start] == "[" or "[" in text[start:end]
            if not inside_placeholder:
                text = text[:start] + placeholder + text[end:]
    return text
