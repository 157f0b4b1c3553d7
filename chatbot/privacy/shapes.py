"""Personal details recognisable by their shape: emails, links, handles, phones, classes, addresses, schools.

Why regular expressions: these have a form (digits, "@", "3ºB", "rue ...") that
no language model needs to guess, they run in microseconds, and the log filter
can afford them on every log line. Names and towns are in names.py.
"""
from __future__ import annotations

import re
from typing import Iterator, List

from chatbot.language.detection import fold
from chatbot.privacy.lexicon import COMMON, NOT_A_NAME, STOP
from chatbot.privacy.spans import Span

_L = r"[^\W\d_]"                                   # one letter, any alphabet
_WORD = _L + r"+(?:[-'’]" + _L + r"+)*"             # a word, hyphens and apostrophes inside
_TRAILING = ".,;:!?)]}'\"»"

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|es|fr|net|org|eu|be|ch|ca|mx|ar|co|cl|io|me|ly|gg|tv|app|link|info|cat|gal|xyz)"
    r"(?:/\S*)?(?![\w@])",
    re.I,
)
AT_HANDLE = re.compile(r"(?<!/)@[\w.]{2,30}")  # inside an email, the email span wins when merged
DISCORD_TAG = re.compile(r"\b[\w.]{2,32}#\d{4}\b")
# A platform or "user" word, then "es / est / c'est / c / : / =", then the name on that platform.
HANDLE_CUE = re.compile(
    r"\b(?:(?P<strong>user(?:name)?|usuario|usuaria|username|pseudo|nick|alias|agr[eé]game|a[ñn][aá]deme|"
    r"ajoute[- ]?moi|add(?:\s+me)?)|(?P<platform>insta(?:gram)?|ig|snap(?:chat)?|tik\s?tok|discord|telegram|"
    r"twitter|twitch|cuenta|compte|perfil|profil|tel[eé]gram))\b"
    r"(?:\s+(?:(?:de|del|en|el|al|sur|du|on)\s+)?(?:insta(?:gram)?|snap(?:chat)?|tik\s?tok|discord|telegram|twitter))?"
    r"\s*(?:(?:(?:es|est|c['’]est|c|era|était)(?=\s)|[:=]|->)\s*)*(?P<handle>@?[\w.#]{3,32})",
    re.I,
)
PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\d(?:[ .\-]?\d){7,13}(?![\w])")
CLASS = re.compile(
    # ES: 3ºB, 3º B, 3°B, 4ºA, 2º ESO B, 1º bach B, 3B (capital group letter)
    r"\b[1-6]\s?(?:[º°ª]|o\b)?\s?(?:(?i:(?:de\s+)?(?:la\s+)?(?:eso|bach(?:illerato)?|fp|primaria))\s?)?[A-H]\b(?![\w'’])"
    r"|\b[1-6]\s?[º°ª]\s?[a-h]\b(?![\w'’])"
    # FR: 3e B, 3eB, 4eme2, 4ème C, 5e3, 6e1, 3°B, 2nde 5, seconde 4, 1ère 3, terminale 2
    r"|\b[3-6]\s?(?:e|è|ème|eme|éme)\s?(?:[A-H]|[1-9])\b(?![\w'’])"
    r"|\b(?:2nde|seconde|1[eè]re|premi[eè]re|terminale|tle)\s?(?:[A-H]|[1-9]\d?)\b(?![\w'’])",
)
# Street words. The ambiguous ones ("place", "plaza", "cours") need a capital or a number after them.
_STREET_CLEAR = (r"calle|c/|cl\.?|avenida|avda\.?|carrer|rua|traves[ií]a|glorieta|ronda|"
                 r"rue|avenue|boulevard|bd|bld|all[ée]e|impasse|quai")
_STREET_AMBIGUOUS = r"plaza|pza\.?|paseo|camino|carretera|place|chemin|route|square|cours|av\.?"
STREET = re.compile(r"(?:(?P<number>\b\d{1,4}\s?(?:bis|ter|[a-d])?,?\s+)?)\b(?P<word>" + _STREET_CLEAR + "|"
                    + _STREET_AMBIGUOUS + r")(?=[\s.])", re.I)
_CONNECTORS = {"de", "del", "la", "las", "los", "el", "du", "des", "d", "l", "les", "le", "y", "et"}
_SCHOOL = re.compile(r"\b(?:ies|i\.e\.s\.?|ceip|cep|colegio|cole|insti|instituto|escuela|ikastola|"
                     r"coll[eè]ge|clg|lyc[ée]e|lyc|[ée]cole|lp|lpo)\b", re.I)
_NOT_STREET = {"me", "te", "se", "lo", "le", "les", "nos", "os", "y", "e", "o", "u", "que", "q", "pero", "il", "elle",
               "je", "j", "tu", "on", "et", "ou", "qui", "mais", "ne", "n", "hace", "tengo", "ai", "a", "en", "hay"}
_NAME_THEN_NUMBER = re.compile(r"((?:[ \t]+" + _WORD + r"){1,4})(?=,?[ \t]+\d{1,4}\b)")
_AFTER_WORD = re.compile(r"[ \t]*(" + _WORD + r"|\d{1,4}\s?(?:bis|ter|[a-d])?\b)")


def _clean_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    return end


def _words_after(text: str, position: int, limit: int) -> List[re.Match]:
    """The words right after `position`, stopping at punctuation (a comma ends a name)."""
    words: List[re.Match] = []
    while len(words) < limit:
        match = _AFTER_WORD.match(text, position)
        if not match:
            break
        words.append(match)
        position = match.end()
    return words


def _proper_name_run(text: str, position: int, lowercase_ok: bool, limit: int = 5) -> int:
    """Where the name starting at `position` ends ("Santa Maria del Pilar", "ramiro de maeztu"); `position` if none.

    Connectors ("de", "la", "du") count only between two name words; a lowercase word
    counts only if `lowercase_ok` and it is not an everyday word.
    """
    end, pending = position, None
    for match in _words_after(text, position, limit):
        word = match.group(1)
        folded = fold(word)
        if word[0].isdigit():
            break
        elided = re.match(r"(?i)(?:[ldjmtsnc]|qu)['’](.+)", word)
        if elided:  # "l'a vue", "d'ici" end a name; "d'Alembert" is one
            if not elided.group(1)[0].isupper():
                break
            word, folded = elided.group(1), fold(elided.group(1))
        if folded in _CONNECTORS:
            pending = pending or match
            continue
        capital = word[0].isupper() and len(word) > 1  # "M." is a title, not a street's name
        if len(word) == 1 and word.isupper():
            break
        if not capital and (not lowercase_ok or folded in STOP or folded in COMMON):
            break
        end, pending = match.end(1), None
    return end


def _handles(text: str) -> Iterator[Span]:
    for pattern in (AT_HANDLE, DISCORD_TAG):
        for match in pattern.finditer(text):
            yield Span(match.start(), _clean_end(text, match.start(), match.end()), "HANDLE")
    for match in HANDLE_CUE.finditer(text):
        handle = match.group("handle")
        start, end = match.start("handle"), _clean_end(text, match.start("handle"), match.end("handle"))
        shaped = bool(re.search(r"[\d_.#@]", handle.strip(".")))
        everyday = fold(handle) in NOT_A_NAME
        if shaped or (match.group("strong") and not everyday):
            yield Span(start, end, "HANDLE")


def _addresses(text: str) -> Iterator[Span]:
    for match in STREET.finditer(text):
        ambiguous = re.fullmatch(_STREET_AMBIGUOUS, match.group("word"), re.I) is not None
        has_number = match.group("number") is not None
        name_end = _proper_name_run(text, match.end("word"), lowercase_ok=not ambiguous or has_number, limit=5)
        numbered = _NAME_THEN_NUMBER.match(text, match.end("word"))
        if numbered and not any(fold(w) in _NOT_STREET for w in re.findall(_WORD, numbered.group(1))):
            name_end = max(name_end, numbered.end(1))  # "calle mayor 12": an everyday word, but a number follows
        if name_end == match.end("word"):
            continue
        end = name_end
        tail = re.compile(r",?\s?\d{1,4}\s?(?:bis|ter|[a-d])?\b(?:,?\s?\d{1,2}\s?[º°ª]\s?[A-Ha-h1-4]?\b)?").match(text, end)
        if tail:
            end = tail.end()
        start = match.start("number") if has_number else match.start("word")
        yield Span(start, end, "ADDRESS")


_SAINTS = {"san", "santa", "sant", "santo", "saint", "sainte", "st", "ste", "nuestra", "notre", "virgen"}
_VERB_FORM = re.compile(r"(?:ando|iendo|ar|er|ir)(?:me|te|se|lo|la|le|nos|los|las)?$")
_CLAUSE_END = re.compile(r"\s*(?:[,.;:!?)]|$|\s(?:en|de|à|a|au|in)\b)")


def _schools(text: str) -> Iterator[Span]:
    """"IES Ramiro de Maeztu", "lycée Victor Hugo"; lowercase names need two words, a saint or a clause end
    ("insti severo ochoa", "lycee pasteur."), so "mi insti haga algo" stays."""
    for match in _SCHOOL.finditer(text):
        end = _proper_name_run(text, match.end(), lowercase_ok=True, limit=5)
        if end == match.end():
            continue
        name = text[match.end():end]
        words = [fold(w) for w in re.findall(_WORD, name)]
        content = [w for w in words if w not in _CONNECTORS]
        capitalised = any(w[:1].isupper() for w in re.findall(_WORD, name))
        verb = len(content) == 1 and _VERB_FORM.search(content[0])  # "el instituto esperándome"
        if capitalised or len(content) >= 2 or content[0] in _SAINTS or (_CLAUSE_END.match(text, end) and not verb):
            yield Span(match.start(), end, "SCHOOL")


def shape_spans(text: str) -> List[Span]:
    """Every detail found by its shape, possibly overlapping (merged by the caller)."""
    spans: List[Span] = []
    for pattern, kind in ((EMAIL, "EMAIL"), (URL, "URL"), (PHONE, "PHONE"), (CLASS, "CLASS")):
        for match in pattern.finditer(text):
            spans.append(Span(match.start(), _clean_end(text, match.start(), match.end()), kind))
    spans.extend(_handles(text))
    spans.extend(_addresses(text))
    spans.extend(_schools(text))
    return spans
