"""Short enough to read on a phone (issue 17, review T4): every card's first view and every turn,
for every flow, country and language, measured on what the actions really send.

Budget: a card's first view at most 280 characters (the rest is under "más información"); a
turn at most 3 bubbles and 900 characters. The report kit's own bubble is a document to copy
(every step and contact the teen saw), so its length is printed but not capped; its turn still
has at most 3 bubbles. Each test prints the longest it found, so a maintainer sees how close
the data is to the limit.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Tuple

import pytest

from actions.contacts import ActionCrisisContacts, ActionFallbackContact, ActionShowContacts
from chatbot.directory import Directory, card, read_directory
from chatbot.directory.emergency import emergency_words
from chatbot.directory.files import INTERNATIONAL
from chatbot.directory.query import CARD_MAX_CHARS
from chatbot.guides.content import guide_book
from chatbot.settings import load_settings
from tests.unit.test_actions import DOMAIN
from tests.unit.test_country_walk import run
from tests.unit.test_guides import Conversation

FILES = Directory.from_files(read_directory(load_settings().directory_path))
LANGUAGES = ("es", "fr")
COUNTRIES: Tuple[Optional[str], ...] = (*FILES.countries(), INTERNATIONAL, None)
MAX_BUBBLES = 3
MAX_TURN_CHARS = 900
KIT_SIZES: List[int] = []


def response_text(name: str, language: str, country: Optional[str]) -> str:
    """A domain response as Rasa renders it for the conversation's language (slots filled)."""
    variations = DOMAIN["responses"][name]
    chosen = next((v for v in variations for c in v.get("condition") or [] if c.get("value") == language), variations[-1])
    return re.sub(r"\{emergency_number\}", emergency_words(FILES, country, language), chosen["text"])


def bubbles(messages: List[Dict[str, Any]], language: str, country: Optional[str]) -> List[str]:
    said = []
    for message in messages:
        text = message.get("text") or (response_text(message["response"], language, country) if message.get("response") else "")
        if text:
            said.append(text)
    return said


def turns(language: str, country: Optional[str]) -> List[Tuple[str, List[str]]]:
    """(where, bubbles) for every turn a teen can have outside lessons."""
    found: List[Tuple[str, List[str]]] = []
    greet = [response_text("utter_greet", language, country), response_text("utter_menu", language, country)]
    found.append(("greeting", greet))
    for guide in guide_book().guides.values():
        for answer in ("yes", "no"):
            chat = Conversation(language, country=country)
            chat.slots.update(threatened="no", sharing_now=answer, under_18=answer, platform="instagram")
            found.append((f"{guide.id} start", bubbles(chat.say(guide.intents[0]), language, country)))
            step = 1
            while chat.next_payload():
                found.append((f"{guide.id} step {step + 1} ({answer})", bubbles(chat.tap_next(), language, country)))
                step += 1
            kit = bubbles(chat.say("report_kit"), language, country)
            found.append((f"{guide.id} kit", [b for b in kit if not b.startswith("■")]))  # the document itself: see above
            assert len(kit) <= MAX_BUBBLES, kit
            KIT_SIZES.append(max(len(b) for b in kit))
    slots = {"language": language, "country": country}
    found.append(("crisis", [response_text("utter_crisis", language, country),
                             *bubbles(run(ActionCrisisContacts(), dict(slots), "crisis"), language, country)]))
    found.append(("talk", bubbles(run(ActionShowContacts(), dict(slots), "talk_to_someone"), language, country)))
    found.append(("not understood", [response_text("utter_default", language, country),
                                     *bubbles(run(ActionFallbackContact(), dict(slots), "nlu_fallback"), language, country)]))
    return found


def test_every_cards_first_view_fits_a_phone() -> None:
    sizes = sorted(((len(card(org, lang)), org.id, lang) for org in FILES.organisations() for lang in LANGUAGES), reverse=True)
    print("longest card first views:", sizes[:5])
    assert sizes and [s for s in sizes if s[0] > CARD_MAX_CHARS] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_turn_is_at_most_three_bubbles_and_900_characters(language: str) -> None:
    measured = [(sum(len(b) for b in said), len(said), country, where)
                for country in COUNTRIES for where, said in turns(language, country)]
    longest = sorted(measured, key=lambda m: (m[0], m[1]), reverse=True)
    print(f"{language}: longest turns (chars, bubbles, country, where):", longest[:5])
    print(f"{language}: most bubbles:", sorted(measured, key=lambda m: (m[1], m[0]), reverse=True)[:3])
    print(f"{language}: longest report kit: {max(KIT_SIZES)} characters")
    assert measured
    assert [m for m in measured if m[1] > MAX_BUBBLES or m[0] > MAX_TURN_CHARS] == []
