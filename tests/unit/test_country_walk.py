"""Every contact shown belongs to the conversation's country (issue 17, review S1).

Walks every flow (all steps, either answer), the crisis answer, "talk to someone", the
"not understood" contact and the report kit, for each served country, for a country we
have no data for, for no country at all (a page without `country=`), and for a country
changed in the middle of a conversation, in Spanish and in French. It fails on any
number or contact of another country. International tools (Take It Down, StopNCII) are
allowed everywhere: they are international by design.
"""
from __future__ import annotations

import asyncio
import re
from typing import Any, Dict, Iterable, List, Optional, Set

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.contacts import ActionCrisisContacts, ActionFallbackContact, ActionShowContacts
from actions.conversation import directory
from actions.language import ValidateSlotMappings
from chatbot.directory import Directory, read_directory
from chatbot.directory.files import INTERNATIONAL
from chatbot.guides.content import guide_book
from chatbot.language.detection import detect_message
from chatbot.settings import load_settings
from tests.unit.test_actions import DOMAIN, contacts_in
from tests.unit.test_guides import Conversation, every_flow_message

LANGUAGES = ("es", "fr")
# Read from the files at import (the test database is set up by a fixture, later); the same data.
FILES = Directory.from_files(read_directory(load_settings().directory_path))
COUNTRIES = FILES.countries()
NUMBER = re.compile(r"(?<![\w/.])\*?\+?\d[\d ]{1,14}\d(?![\w/]|[.,]\d)")  # "100.000 €" is an amount, not Peru's 100
ARTICLE = re.compile(r"\b(?:art|arts|artículo|artículos|article|articles)\.?\s*\d+", re.I)  # "art. 131", not a phone


def owners() -> Dict[str, Set[str]]:
    """Each phone number, e-mail and link of the directory -> the countries whose entries carry it."""
    found: Dict[str, Set[str]] = {}
    for org in FILES.organisations():
        for channel in org.channels:
            found.setdefault(_key(channel.value), set()).add(org.country)
    for code in COUNTRIES:
        found.setdefault(_key(FILES.emergency_number(code) or ""), set()).add(code)
    return found


def _key(value: str) -> str:
    return re.sub(r"\s", "", value)


OWNERS = owners()
EMERGENCY = {_key(FILES.emergency_number(code) or "") for code in COUNTRIES}


def foreign(messages: Iterable[Dict[str, Any]], country: Optional[str]) -> List[str]:
    """The numbers and contacts shown that belong to neither `country` nor INT.

    With no country, only the served countries' emergency numbers may appear (each is shown
    with the countries where it works), never a crisis or support line.
    """
    wrong: List[str] = []
    for message in messages:
        for contact in contacts_in(message):
            if contact["id"].startswith(("school-", "emergency-")):
                continue  # the school's own counsellor; the emergency numbers by region (checked below)
            if contact["kind"] == "law":
                law = next(law for code in COUNTRIES for law in directory().laws(code) if law.id == contact["id"])
                if law.country != country:
                    wrong.append(f"{law.id} ({law.country})")
                continue
            org = next(o for o in directory().organisations() if o.id == contact["id"])
            if org.country not in (country, INTERNATIONAL):
                wrong.append(f"{org.id} ({org.country})")
        text = message.get("text") or ""
        for raw in NUMBER.findall(ARTICLE.sub(" ", re.sub(r"https?://\S+", " ", text))):
            number = _key(raw)
            countries = OWNERS.get(number)
            if not countries:
                continue  # not a directory number (a year, a step count): test_guides checks numbers exist
            if country is None:
                if number not in EMERGENCY:
                    wrong.append(f"{number} {sorted(countries)}")
            elif country not in countries and INTERNATIONAL not in countries:
                wrong.append(f"{number} {sorted(countries)}")
    return wrong


def run(action: Any, slots: Dict[str, Any], intent: str, text: str = "") -> List[Dict[str, Any]]:
    latest = {"text": text or f"/{intent}", "intent": {"name": intent, "confidence": 1.0}, "entities": [],
              "language": detect_message(text).as_dict()}
    events = [{"event": "user", "text": latest["text"], "parse_data": latest, "metadata": {}}]
    tracker = Tracker("walk", dict(slots), latest, events, False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    for event in asyncio.run(action.run(dispatcher, tracker, DOMAIN)):
        if event.get("event") == "slot":
            slots[event["name"]] = event["value"]
    return dispatcher.messages


def whole_walk(language: str, country: Optional[str]) -> List[Dict[str, Any]]:
    """Every message a teen can get outside lessons: flows, crisis, talk, fallback, report kit."""
    messages = every_flow_message(language, country)
    slots = {"language": language, "country": country}
    messages += run(ActionCrisisContacts(), dict(slots), "crisis")
    messages += run(ActionShowContacts(), dict(slots), "talk_to_someone")
    messages += run(ActionFallbackContact(), dict(slots), "nlu_fallback")
    return messages


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("country", [*COUNTRIES, INTERNATIONAL])
def test_every_contact_shown_belongs_to_the_conversations_country(language: str, country: str) -> None:
    messages = whole_walk(language, country)
    assert messages
    assert foreign(messages, country) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_without_a_country_no_flow_shows_any_countrys_help_before_asking(language: str) -> None:
    """A page without `country=`: each flow asks the country before its first contact or law."""
    question = guide_book().questions["country"].text[language]
    for guide in guide_book().guides.values():
        chat = Conversation(language, country=None)
        chat.slots.update(threatened="no", sharing_now="yes", under_18="yes", platform="instagram")
        shown = chat.say(guide.intents[0])
        while chat.next_payload():
            shown += chat.tap_next()
        assert foreign(shown, None) == [], guide.id
        needs = any(step.needs_country for step in guide.steps_for(chat.slots))
        assert (question in "\n".join(m.get("text") or "" for m in shown)) == needs, guide.id
    walk = run(ActionCrisisContacts(), {"language": language, "country": None}, "crisis")
    walk += run(ActionShowContacts(), {"language": language, "country": None}, "talk_to_someone")
    walk += run(ActionFallbackContact(), {"language": language, "country": None}, "nlu_fallback")
    assert foreign(walk, None) == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("country", COUNTRIES)
def test_answering_the_crisis_country_question_gives_that_countrys_lines(language: str, country: str) -> None:
    slots: Dict[str, Any] = {"language": language, "country": None}
    run(ActionCrisisContacts(), slots, "crisis")
    assert slots["country_for"] == "crisis"
    chat = Conversation(language)
    chat.slots.update(slots)
    shown = chat.say("inform", country=country)
    ids = [c["id"] for m in shown for c in contacts_in(m)]
    assert ids and foreign(shown, country) == []
    assert directory().emergency_number(country) in shown[0]["text"]
    assert chat.slots["country"] == country and chat.slots["country_for"] is None


@pytest.mark.parametrize("language, before, said, after", [
    ("es", "ES", "ahora estoy en Chile", "CL"),
    ("es", "MX", "vivo en Argentina", "AR"),
    ("fr", "FR", "en fait j'habite au Québec", "CA"),
    ("fr", "BE", "je suis en Suisse", "CH"),
])
def test_a_country_changed_mid_conversation_changes_every_contact_that_follows(
        language: str, before: str, said: str, after: str) -> None:
    slots: Dict[str, Any] = {"language": language, "country": before, "emergency_number": None}
    run(ValidateSlotMappings(), slots, "inform", said)
    assert slots["country"] == after and slots["emergency_number"] == directory().emergency_number(after)
    messages = run(ActionCrisisContacts(), dict(slots), "crisis")
    messages += run(ActionShowContacts(), dict(slots), "talk_to_someone")
    chat = Conversation(language, country=None)
    chat.slots.update(slots, threatened="no", sharing_now="yes", under_18="yes", platform="instagram")
    messages += chat.say("report_it")
    while chat.next_payload():
        messages += chat.tap_next()
    assert foreign(messages, after) == []
    assert foreign(messages, before) != []  # the walk does show country-specific contacts


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_rendered_text_carries_a_maintainers_note(language: str) -> None:
    """Review T5: "El francés lo cita una sola fuente", "(dato de 2021)", "según la prensa" were shown to teens."""
    from chatbot.directory.files import maintainer_words

    found = []
    for country in (*COUNTRIES, INTERNATIONAL, None):
        for message in whole_walk(language, country):
            words = maintainer_words(message.get("text") or "")
            if words:
                found.append((country, words, (message.get("text") or "")[:80]))
    assert found == []


@pytest.mark.parametrize("language, before, after", [("es", "ES", "MX"), ("fr", "FR", "CA"), ("es", None, "CL"), ("fr", None, "BE")])
def test_change_country_asks_then_every_contact_that_follows_is_the_new_countrys(
        language: str, before: Optional[str], after: str) -> None:
    from actions.contacts import ActionAskCountry

    slots: Dict[str, Any] = {"language": language, "country": before}
    asked = run(ActionAskCountry(), slots, "change_country")
    payloads = " ".join(b["payload"] for b in asked[-1]["buttons"])
    assert all(f'"country": "{code}"' in payloads for code in COUNTRIES) and slots["country_for"] == "change"
    chat = Conversation(language)
    chat.slots.update(slots)
    said = chat.say("inform", country=after)
    assert chat.slots["country"] == after and chat.slots["country_for"] is None
    assert directory().country_name(after, language) in said[0]["text"] and "/next_step" in said[0]["buttons"][0]["payload"]
    later = run(ActionCrisisContacts(), dict(chat.slots), "crisis") + run(ActionShowContacts(), dict(chat.slots), "talk_to_someone")
    assert foreign(later, after) == [] and [c for m in later for c in contacts_in(m)]


@pytest.mark.parametrize("language", LANGUAGES)
def test_going_on_after_the_crisis_question_leaves_a_later_country_answer_to_the_flow(language: str) -> None:
    slots: Dict[str, Any] = {"language": language, "country": None}
    run(ActionCrisisContacts(), slots, "crisis")
    chat = Conversation(language)
    chat.slots.update(slots)
    chat.say("report_it")  # the teen goes on: a flow opens and asks the country itself
    assert chat.slots["country_for"] is None
    shown = chat.say("inform", country="CO")
    said = "\n".join(m.get("text") or "" for m in shown)
    assert chat.slots["country"] == "CO" and foreign(shown, "CO") == []
    assert guide_book().texts["crisis_after"][language] not in said  # the flow's step, not the crisis answer again
    assert guide_book().texts["step_of"][language].format(n="1", total="4").split()[0] in said


# --- Peru and Luxembourg (review G11), and every served country's crisis, talk and band ----------

def _numbers(messages: Iterable[Dict[str, Any]]) -> Set[str]:
    said = " ".join(ARTICLE.sub(" ", re.sub(r"https?://\S+", " ", m.get("text") or "")) for m in messages)
    return {_key(n) for n in NUMBER.findall(said)}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("country", COUNTRIES)
def test_crisis_talk_and_the_band_show_only_the_countrys_numbers_and_international_tools(language: str, country: str) -> None:
    """For each served country (Peru and Luxembourg too): the crisis answer starts with its emergency
    number, and crisis, talk and the page's band show no number or contact of another country."""
    from chatbot.web.widget import helplines

    slots = {"language": language, "country": country}
    crisis = run(ActionCrisisContacts(), dict(slots), "crisis")
    talk = run(ActionShowContacts(), dict(slots), "talk_to_someone")
    first_card = crisis[0]["text"].split("\n")[0]
    assert first_card.startswith("📞 ") and directory().emergency_number(country) in first_card
    assert [c for m in talk for c in contacts_in(m)], country
    assert foreign(crisis + talk, country) == []
    band = helplines(directory(), country)
    assert band[0].number == directory().emergency_number(country)
    for line in band:
        assert OWNERS.get(_key(line.number), set()) & {country}, (country, line.number)


@pytest.mark.parametrize("language", LANGUAGES)
def test_peru_crisis_gives_105_then_113_option_5_and_linea_100(language: str) -> None:
    """Facts: crisis-lines.md · Peru and updates-2026-12.md PE-1, PE-3 (113 option 5 and Línea 100, 24 h, national)."""
    messages = run(ActionCrisisContacts(), {"language": language, "country": "PE"}, "crisis")
    ids = [c["id"] for m in messages for c in contacts_in(m)]
    assert ids == ["pe-pnp-105", "pe-linea-113-salud-mental", "pe-linea-100"]
    said = " ".join(m.get("text") or "" for m in messages)
    assert ("opción 5" if language == "es" else "option 5") in said
    assert "1810" not in _numbers(messages)  # updates PE-4: no source, never shown


@pytest.mark.parametrize("language", LANGUAGES)
def test_luxembourg_police_is_113_and_112_is_never_called_the_police(language: str) -> None:
    """Facts: LU-1. 112 is ambulance and fire; the police is 113 (the review's known hazard)."""
    messages = run(ActionCrisisContacts(), {"language": language, "country": "LU"}, "crisis")
    first = messages[0]["text"]
    assert first.startswith("📞") and "112" in first.split("\n")[0] and "113" in first
    lu = [o for o in directory().organisations() if o.country == "LU"]
    police = {o.id for o in lu if any(c.value == "113" for c in o.channels)}
    assert police == {"lu-police-113"}
    for org in lu:
        if any(c.value == "112" for c in org.channels):
            words = ("policía", "policia") if language == "es" else ("police",)
            text = org.name[language] + " " + (org.short or org.what)[language]
            assert not any(w in org.name[language].lower() for w in words) and "113" in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_without_a_country_112_names_luxembourg_and_peru_has_its_105(language: str) -> None:
    from chatbot.directory.emergency import emergency_by_region

    groups = {r.number: r.countries for r in emergency_by_region(directory())}
    assert "LU" in groups["112"] and groups["105"] == ("PE",)
    messages = run(ActionCrisisContacts(), {"language": language, "country": None}, "crisis")
    assert directory().country_name("LU", language) in messages[0]["text"]
    assert directory().country_name("PE", language) in messages[0]["text"]


@pytest.mark.parametrize("language, said, country", [
    ("es", "ahora estoy en Perú", "PE"), ("fr", "en fait j'habite au Luxembourg", "LU"),
    ("es", "vivo en Luxemburgo", "LU"), ("fr", "je suis au Pérou", "PE"),
])
def test_a_teen_who_says_peru_or_luxembourg_gets_that_countrys_lines(language: str, said: str, country: str) -> None:
    slots: Dict[str, Any] = {"language": language, "country": "ES" if language == "es" else "FR", "emergency_number": None}
    run(ValidateSlotMappings(), slots, "inform", said)
    assert slots["country"] == country and slots["emergency_number"] == directory().emergency_number(country)
    messages = run(ActionCrisisContacts(), dict(slots), "crisis") + run(ActionShowContacts(), dict(slots), "talk_to_someone")
    assert foreign(messages, country) == [] and [c for m in messages for c in contacts_in(m)]
