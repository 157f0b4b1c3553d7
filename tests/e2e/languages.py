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
    directory = Directory.from_files(read_directory(load_settings().directory_path))
    for org in directory.organisations():
        for language in ("es", "fr"):
            known.append((re.compile("^" + re.escape(card(org, language)) + "$"), language))
    for language, text in _guide_texts(directory):
        known.append((_pattern(text), language))
    return known


def _guide_texts(directory: Directory) -> List[Tuple[str, str]]:
    """Every text the guided flows can send, as templates (step headers keep {n} and {total})."""
    from chatbot.directory.query import law_card
    from actions.platforms import platform_card
    from chatbot.guides.content import load_guides

    book = load_guides()
    found = []
    for language in ("es", "fr"):
        pieces = [t[language] for t in book.texts.values()]
        pieces += [v[language] for t in book.templates.values() if not t.language for v in t.versions.values()]
        pieces += [q.text[language] for q in book.questions.values()]
        pieces += [law_card(law, language) for c in directory.countries_data for law in c.laws]
        pieces += [platform_card(p, language) for p in directory.platforms]
        for guide in book.guides.values():
            pieces += [guide.opening[language]] if guide.opening else []
            pieces += [f"{book.texts['step_of'][language]} · {s.title[language]}\n{text[language]}"
                       for s in guide.steps for text in (s.text, *s.text_in.values())]
        found += [(language, piece) for piece in pieces]
    return found


KNOWN = _known_texts()


def _letters() -> set:
    """Texts addressed to an authority, in its language whatever the conversation's (the AEPD's in
    Spanish, the letter before the CNIL in French): right in a conversation of either language."""
    from chatbot.guides.content import load_guides

    return {v[t.language] for t in load_guides().templates.values() if t.language for v in t.versions.values()}


LETTERS = _letters()


def said_in(text: str, language: str) -> bool:
    """True if the bubble is one of `language`'s texts, or a letter meant to stay in its authority's language."""
    return text in LETTERS or language_of(text) == language


def _languages(text: str) -> set:
    return {language for pattern, language in KNOWN if pattern.match(text)}


def language_of(text: str) -> Optional[str]:
    """The language whose variation this text is; None if it is no known text.

    A bubble may hold several known texts joined by a blank line (a step and its cards,
    actions/contacts.py Bubble): each piece must be known, all in one language.
    """
    found = _languages(text)
    if len(found) == 1:
        return found.pop()
    pieces = text.split("\n\n")
    languages: set = set()
    start = 0
    while start < len(pieces):
        for end in range(len(pieces), start, -1):  # the longest run of pieces that is one known text
            known = _languages("\n\n".join(pieces[start:end]))
            if len(known) == 1:
                languages |= known
                start = end
                break
        else:
            return None
    return languages.pop() if len(languages) == 1 else None


def texts(replies: list) -> List[str]:
    return [r["text"] for r in replies if r.get("text")]
