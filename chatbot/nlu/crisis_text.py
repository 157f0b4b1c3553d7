"""Folds a teen's message into plain Spanish or French before the crisis net reads it.

Why: the crisis net must not depend on spelling. "KIERO MORIRMEEE", "jveux
mourrir" and "m qiero matar" must reach the patterns and the spaCy lemmatizer as
"quiero morirme", "je veux mourir" and "me quiero matar". Steps, all cheap:
lower-case and strip accents, drop apostrophes ("j'ai" -> "j ai"), squeeze a
letter typed three times or more into one ("muriiir" -> "murir"), then replace
SMS forms word by word from a small per-language table. Both languages are
folded separately because the same short form means different things
("pa" is "para" in Spanish; "jai" only exists in French).
"""
from __future__ import annotations

import re
from typing import Dict

from chatbot.language.detection import fold

_APOSTROPHES = re.compile(r"['’`´]")
_NOT_WORD = re.compile(r"[^\w,.;:!?]+")
_REPEATS = re.compile(r"([a-z])\1{2,}")
_WORD = re.compile(r"\w+")
# Generic forms the tables do not list: Spanish "k" before e/i is "qu" ("kisiera"),
# French "j" glued to a consonant is "je" ("jmerite" -> "je merite").
_GENERIC = {
    "es": (re.compile(r"\bk(?=[ie])"), "qu"),
    "fr": (re.compile(r"\bj(?=[bcdfghklmnpqrstvwxz][a-z]{2,})"), "je "),
}

# Spanish SMS / teen forms -> standard words (after folding).
_ES: Dict[str, str] = {
    "q": "que", "k": "que", "ke": "que", "xq": "porque", "pq": "porque", "porq": "porque",
    "x": "por", "pa": "para", "pal": "para el", "toy": "estoy", "tas": "estas", "tamos": "estamos",
    "nose": "no se", "ns": "no se", "m": "me", "d": "de", "tb": "tambien", "tmb": "tambien",
    "nunk": "nunca", "nunka": "nunca", "tng": "tengo", "tngo": "tengo", "kmo": "como", "dnd": "donde",
    "enserio": "en serio", "vdd": "verdad", "vd": "verdad", "aki": "aqui", "aka": "aca",
    "qiero": "quiero", "qiere": "quiere", "qisiera": "quisiera", "qero": "quiero", "kero": "quiero",
    "kiero": "quiero", "kieres": "quieres", "kiere": "quiere", "kisiera": "quisiera", "kieren": "quieren",
    "morirmee": "morirme", "morrir": "morir", "morime": "morirme", "matame": "matarme",
    "yano": "ya no", "nadien": "nadie", "tmp": "tampoco",

}
# French SMS / teen forms -> standard words (after folding and apostrophe removal).
_FR: Dict[str, str] = {
    "jveux": "je veux", "jveu": "je veux", "veu": "veux", "jvais": "je vais", "jme": "je me",
    "jsuis": "je suis", "chui": "je suis", "chuis": "je suis", "jpense": "je pense", "jsais": "je sais",
    "jpeux": "je peux", "jte": "je te", "jvoudrais": "je voudrais", "jmerite": "je merite",
    "jvaux": "je vaux", "jfais": "je fais", "jvois": "je vois", "jcrois": "je crois", "jdois": "je dois",
    "jprefere": "je prefere", "jreviendrai": "je reviendrai", "jserai": "je serai", "jsers": "je sers",
    "jpourrai": "je pourrai", "jpasserai": "je passerai", "jtiens": "je tiens", "jsupporte": "je supporte",
    "jai": "j ai", "jen": "j en", "jaimerais": "j aimerais", "jetais": "j etais", "javais": "j avais",
    "jy": "j y", "jarrive": "j arrive", "jarrete": "j arrete", "g": "j ai",
    "pu": "plus", "plu": "plus", "pus": "plus", "envi": "envie", "tt": "tout", "ts": "tous",
    "pk": "parce que", "pcq": "parce que", "pck": "parce que", "psk": "parce que",
    "mtn": "maintenant", "mnt": "maintenant", "koi": "quoi", "kan": "quand", "ke": "que", "k": "que",
    "ds": "dans", "jamai": "jamais", "fo": "faut", "vrmt": "vraiment",
    "mourrir": "mourir", "mourire": "mourir", "mourrire": "mourir", "mourri": "mourir", "mouri": "mourir",
    "ya": "il y a", "yen": "il y en", "cest": "c est",
}
TABLES = {"es": _ES, "fr": _FR}


def fold_text(text: str) -> str:
    """Language-independent part: lower-case, no accents, no apostrophes, no tripled letters."""
    folded = fold(text or "")
    folded = _APOSTROPHES.sub(" ", folded)
    folded = _REPEATS.sub(r"\1", folded)
    return " ".join(_NOT_WORD.sub(" ", folded).split())


def normalize(text: str, language: str) -> str:
    """The message as plain `language` ("es" or "fr") for the crisis patterns and lemmas."""
    table = TABLES[language]
    replaced = _WORD.sub(lambda m: table.get(m.group(0), m.group(0)), fold_text(text))
    pattern, replacement = _GENERIC[language]
    return " ".join(pattern.sub(replacement, replaced).split())
