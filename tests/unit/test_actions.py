"""The action server's actions, with real rasa-sdk trackers and the real directory."""
from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import AllSlotsReset, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.contacts import ActionCrisisContacts, ActionFallbackContact, ActionShowContacts, ActionStartOver
from actions.conversation import directory
from chatbot.directory import card
from chatbot.guides.content import guide_book
from actions.language import ValidateSlotMappings
from chatbot.language.detection import detect_message
from chatbot.parse_data import CRISIS_KIND, MEET

from pathlib import Path

from rasa.shared.core.domain import Domain

DOMAIN: Dict[str, Any] = Domain.load(str(Path(__file__).resolve().parents[2] / "domain")).as_dict()


def tracker(
    text: str = "",
    slots: Optional[Dict[str, Any]] = None,
    intent: str = "greet",
    metadata: Optional[Dict[str, Any]] = None,
    entities: Optional[List[Dict[str, Any]]] = None,
) -> Tracker:
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": entities or [],
              "language": detect_message(text).as_dict()}  # what LanguageDetector attaches
    events = [{"event": "user", "text": text, "parse_data": latest, "metadata": metadata or {}}]
    return Tracker("test-sender", {"language": None, "country": None, "emergency_number": None, **(slots or {})}, latest, events, False, None, {}, "action_listen")


def run(action: Any, t: Tracker) -> tuple:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, DOMAIN))
    return dispatcher.messages, events


def slot_value(events: List[Dict[str, Any]], name: str) -> Any:
    values = [e["value"] for e in events if e.get("event") == "slot" and e.get("name") == name]
    return values[-1] if values else "unset"


@pytest.mark.parametrize(
    "text, current, metadata, expected",
    [
        ("salut", None, {}, "fr"),
        ("hola", None, {}, "es"),
        ("ok", "fr", {}, "fr"),
        ("jaja", "fr", {}, "fr"),
        ("merci", "es", {}, "es"),
        ("¿hablas francés?", "es", {}, "fr"),
        ("/greet", None, {"language": "fr"}, "fr"),
        ("/greet", None, {}, "es"),
    ],
)
def test_language_slot(text: str, current: Optional[str], metadata: Dict[str, Any], expected: str) -> None:
    _, events = run(ValidateSlotMappings(), tracker(text, {"language": current}, metadata=metadata))
    assert slot_value(events, "language") == expected


def test_language_button_entity_switches() -> None:
    t = tracker("/switch_language", {"language": "es"}, intent="switch_language",
                entities=[{"entity": "language", "value": "fr"}])
    _, events = run(ValidateSlotMappings(), t)
    assert slot_value(events, "language") == "fr"


def test_country_comes_from_the_page_only_if_we_have_data_for_it() -> None:
    _, events = run(ValidateSlotMappings(), tracker("hola", metadata={"country": "FR"}))
    assert slot_value(events, "country") == "FR"
    _, events = run(ValidateSlotMappings(), tracker("hola", metadata={"country": "ZZ"}))
    assert slot_value(events, "country") == "unset"


@pytest.mark.parametrize("text, metadata, country", [
    ("hola", {"country": "FR"}, "FR"), ("salut", {"country": "CA"}, "CA"),
    ("soy de México y ya no quiero vivir", {}, "MX"), ("j'habite au Québec", {"country": "FR"}, "CA"),
])
def test_emergency_number_follows_the_country(text: str, metadata: Dict[str, Any], country: str) -> None:
    """The page's country, or the one the message says the user is in, in that same turn."""
    _, events = run(ValidateSlotMappings(), tracker(text, metadata=metadata))
    assert slot_value(events, "country") == country
    assert slot_value(events, "emergency_number") == directory().emergency_number(country)


@pytest.mark.parametrize("text, language", [("hola", "es"), ("salut", "fr"), ("un chico de Nigeria me chantajea", "es")])
def test_without_a_country_none_is_assumed_and_every_emergency_number_is_given(text: str, language: str) -> None:
    """Never the language's country: a French speaker may be in Québec, a Spanish speaker in Mexico."""
    from chatbot.directory.emergency import regional_line

    _, events = run(ValidateSlotMappings(), tracker(text))
    assert slot_value(events, "country") == "unset"
    assert slot_value(events, "emergency_number") == regional_line(directory(), language)
    for code in directory().countries():
        assert directory().emergency_number(code) in regional_line(directory(), language)


def test_slot_action_sets_its_slots_without_a_warning_per_turn(caplog: pytest.LogCaptureFixture) -> None:
    """rasa_sdk logged "Skipping validation for ..." three times on every turn (a log line per slot)."""
    with caplog.at_level("WARNING"):
        _, events = run(ValidateSlotMappings(), tracker("salut", metadata={"country": "BE"}))
    assert (slot_value(events, "language"), slot_value(events, "country")) == ("fr", "BE")
    assert slot_value(events, "emergency_number") == directory().emergency_number("BE")
    assert not [r for r in caplog.records if "Skipping validation" in r.getMessage()]


def contacts_in(message: Dict[str, Any]) -> List[Dict[str, Any]]:
    """The contact links a message carries (`custom.contacts`: the cards of one bubble)."""
    return list((message.get("custom") or {}).get("contacts") or [])


def contact_ids(messages: List[Dict[str, Any]]) -> List[str]:
    return [c["id"] for m in messages for c in contacts_in(m)]


def cards_of(messages: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    return [m for m in messages if contacts_in(m)]


def test_topic_contacts_come_from_the_directory_in_the_users_language() -> None:
    messages, _ = run(ActionShowContacts(), tracker("x", {"language": "fr", "country": "FR"}, intent="talk_to_someone"))
    wanted = [o for o in directory().contacts("FR", ("emotional_support",))
              if "emergency" not in o.topics and o.channels[0].kind not in ("website", "web_form")][:3]
    assert wanted and contact_ids(messages) == [o.id for o in wanted]
    assert [m["text"] for m in cards_of(messages)] == ["\n\n".join(card(o, "fr") for o in wanted)]  # one bubble
    phones = [c["link"] for m in messages for c in contacts_in(m) if c["kind"] == "phone"]
    assert phones and all(link.startswith("tel:") for link in phones)
    assert all(c["more"].startswith(o.name["fr"]) for c, o in zip(contacts_in(cards_of(messages)[0]), wanted))
    assert [m.get("response") for m in messages if m.get("response")] == ["utter_talk_to_someone", "utter_anything_else"]


def served() -> List[str]:
    """The served countries, read from the files (parametrize runs before the test database is set up)."""
    from chatbot.directory import Directory, read_directory
    from chatbot.settings import load_settings

    return list(Directory.from_files(read_directory(load_settings().directory_path)).countries())


def test_peru_and_luxembourg_are_served() -> None:
    """Review G11: Peru and Luxembourg had verified lines but no file, so no number at all."""
    assert {"PE", "LU"} <= set(served())
    assert directory().emergency_number("PE") == "105" and directory().emergency_number("LU") == "112"


@pytest.mark.parametrize("country", served())
def test_someone_to_talk_to_is_never_the_police_or_a_website(country: str) -> None:
    """Review S7: Chile got only the police, Mexico 089 ("not a support line"), unknown countries a website.
    A line only for reports (no emotional_support) is not someone who listens either."""
    messages, _ = run(ActionShowContacts(), tracker("x", {"language": "es", "country": country}, intent="talk_to_someone"))
    shown = [o for o in directory().organisations() if o.id in contact_ids(messages)]
    assert shown, country
    for org in shown:
        assert org.country == country and "emergency" not in org.topics, org.id
        assert "emotional_support" in org.topics or "reporting" not in org.topics, org.id
        assert {"emotional_support", "crisis"} & set(org.topics), org.id
        assert org.channels[0].kind not in ("website", "web_form"), org.id
        assert "No es una línea de apoyo" not in org.what["es"], org.id


def test_chile_talk_and_fallback_never_show_the_police() -> None:
    """Review S7: Chile has no line tagged emotional_support (Fono Niños is a Carabineros reporting line):
    its crisis line, never Carabineros (133, 147) or the PDI."""
    police = {"cl-carabineros-133", "cl-fono-ninos-147", "cl-pdi"}
    for action, intent in ((ActionShowContacts(), "talk_to_someone"), (ActionFallbackContact(), "nlu_fallback")):
        messages, _ = run(action, tracker("x", {"language": "es", "country": "CL"}, intent=intent))
        ids = contact_ids(messages)
        assert ids and not police & set(ids)
        assert ids[0] == "cl-4141"


def test_colombia_has_a_national_line_to_talk_to_and_in_a_crisis() -> None:
    """Review G12: Colombia's only crisis and talk line was Bogotá's 106; ICBF 141 is national and 24 h."""
    crisis, _ = run(ActionCrisisContacts(), tracker("x", {"language": "es", "country": "CO"}, intent="crisis"))
    talk, _ = run(ActionShowContacts(), tracker("x", {"language": "es", "country": "CO"}, intent="talk_to_someone"))
    for messages in (crisis, talk):
        shown = [o for o in directory().organisations() if o.id in contact_ids(messages)]
        assert any(o.region is None and "emergency" not in o.topics for o in shown)
        assert "co-icbf-141" in contact_ids(messages)


@pytest.mark.parametrize("country", served())
def test_legal_advice_is_never_a_crisis_only_line_nor_an_emergency_line(country: str) -> None:
    """Review S7: '*4141', Línea de la Vida and Argentina's 0800 were shown for legal questions."""
    from actions.contacts import contacts_for, law_advisers

    for found in (law_advisers(country), contacts_for(country, ("legal_advice",)),
                  contacts_for(country, ("legal_advice", "sextortion"))):
        assert found, country  # someone to ask, in every served country
        for org in found:
            assert org.country == country and "emergency" not in org.topics, org.id
            assert "crisis" not in org.topics or {"legal_advice", "sextortion", "reporting"} & set(org.topics), org.id


@pytest.mark.parametrize("country", served())
def test_removal_never_falls_back_to_a_crisis_line(country: str) -> None:
    """A lesson's "to get an image removed" step in Chile showed the suicide line *4141."""
    from actions.contacts import contacts_for

    found = contacts_for(country, ("removal",))
    assert found and all("removal" in o.topics and o.country in (country, "INT") for o in found), country


@pytest.mark.parametrize("country", served())
def test_people_who_listen_in_a_lesson_are_never_the_police(country: str) -> None:
    """The help lesson's "Estas personas escuchan a jóvenes" ([emotional_support, sextortion]) showed Chile's PDI."""
    from actions.contacts import contacts_for, listens

    found = contacts_for(country, ("emotional_support", "sextortion"))
    assert found and all(listens(o) and o.country == country for o in found), country


@pytest.mark.parametrize("language", ["es", "fr"])
def test_talk_to_someone_without_a_country_asks_it_first(language: str) -> None:
    messages, events = run(ActionShowContacts(), tracker("x", {"language": language}, intent="talk_to_someone"))
    assert contact_ids(messages) == []
    payloads = [b["payload"] for b in messages[-1]["buttons"]]
    assert all(f'"country": "{code}"' in " ".join(payloads) for code in directory().countries())
    assert '"country": "INT"' in " ".join(payloads)
    assert slot_value(events, "country_for") == "talk"


@pytest.mark.parametrize("language, country", [("es", "ES"), ("fr", "FR")])
def test_crisis_gives_emergency_then_crisis_lines_first(language: str, country: str) -> None:
    messages, _ = run(ActionCrisisContacts(), tracker("x", {"language": language, "country": country}, intent="crisis"))
    emergency = directory().contacts(country, ("emergency",))[0]
    assert emergency.channels[0].value == directory().emergency_number(country)
    assert messages[0]["text"].startswith(card(emergency, language))
    crisis_lines = [o.id for o in directory().contacts(country, ("crisis",)) if o.id != emergency.id][:2]
    assert crisis_lines and contact_ids(messages) == [emergency.id] + crisis_lines
    assert [b["payload"] for b in messages[-1]["buttons"]] == ["/next_step", "/menu"]  # go on where we were


@pytest.mark.parametrize("language", ["es", "fr"])
def test_crisis_without_a_country_gives_every_emergency_number_then_asks_the_country(language: str) -> None:
    """Review S1: no country's crisis line is shown to a teen who may be elsewhere; the numbers that
    are shown work wherever the teen is among the served countries; then the country is asked."""
    messages, events = run(ActionCrisisContacts(), tracker("x", {"language": language}, intent="crisis"))
    first = messages[0]
    for code in directory().countries():
        number = directory().emergency_number(code)
        assert number in first["text"] and directory().country_name(code, language) in first["text"]
        assert f"tel:{number}" in [c["link"] for c in contacts_in(first)]
    crisis_only = {c.value for code in directory().countries() for o in directory().contacts(code, ("crisis",))
                   for c in o.channels if "emergency" not in o.topics}
    said = " ".join(m.get("text") or "" for m in messages)
    assert not any(number in said for number in crisis_only)
    payloads = " ".join(b["payload"] for b in messages[-1]["buttons"])
    assert all(f'"country": "{code}"' in payloads for code in directory().countries()) and "/next_step" in payloads
    assert slot_value(events, "country_for") == "crisis"


@pytest.mark.parametrize("language, country", [("es", "ES"), ("fr", "FR")])
def test_a_demand_to_meet_adds_dont_go_after_the_lines(language: str, country: str) -> None:
    meet = tracker("x", {"language": language, "country": country}, intent="crisis")
    meet.latest_message[CRISIS_KIND] = MEET  # what IntentOverrides attaches
    messages, _ = run(ActionCrisisContacts(), meet)
    emergency = directory().contacts(country, ("emergency",))[0]
    dont_go = guide_book().texts["crisis_meet"][language]
    assert messages[0]["text"].startswith(card(emergency, language)) and messages[0]["text"].endswith(dont_go)
    plain, _ = run(ActionCrisisContacts(), tracker("x", {"language": language, "country": country}, intent="crisis"))
    assert all(dont_go not in (m.get("text") or "") for m in plain)


def test_fallback_offers_one_person_to_talk_to() -> None:
    messages, _ = run(ActionFallbackContact(), tracker("???", {"language": "fr", "country": "FR"}))
    support = directory().contacts("FR", ("emotional_support",))[0]
    assert [m["text"] for m in cards_of(messages)] == [card(support, "fr")] and contact_ids(messages) == [support.id]
    assert messages[0].get("response") == "utter_someone_to_talk_to"


def test_fallback_without_a_country_shows_no_countrys_contact_and_no_website() -> None:
    """The "talk to someone" button under "not understood" asks the country; nothing is guessed."""
    messages, _ = run(ActionFallbackContact(), tracker("???", {"language": "es"}))
    assert messages == []


def test_start_over_forgets_everything_but_language_and_country() -> None:
    _, events = run(ActionStartOver(), tracker("x", {"language": "fr", "country": "FR"}))
    assert events == [AllSlotsReset(), SlotSet("language", "fr"), SlotSet("country", "FR")]


@pytest.mark.parametrize(
    "text, platform",
    [("me han subido un montaje a insta", "instagram"), ("on me fait du chantage sur snap", "snapchat"),
     ("lo estan pasando por el wsp de clase", "whatsapp"), ("me han hecho un montaje", None)],
)
def test_naming_a_platform_adds_how_to_report_there(text: str, platform: Optional[str]) -> None:
    from actions.platforms import platform_card

    language = "fr" if "chantage" in text else "es"
    messages, _ = run(ActionShowContacts(), tracker(text, {"language": language, "country": "ES"}, intent="get_removed"))
    cards = [m for m in messages if not contacts_in(m) and not m.get("response")]
    if platform is None:
        assert cards == []
    else:
        found = directory().platform(platform)
        assert found and [m["text"] for m in cards] == [platform_card(found, language)]


def test_every_countrys_crisis_answer_starts_with_its_emergency_number() -> None:
    from chatbot.directory.emergency import crisis_contacts

    for country in directory().countries():
        first = crisis_contacts(directory(), country)[0]
        assert directory().emergency_number(country) in [c.value for c in first.channels], country
        assert len(crisis_contacts(directory(), country)) <= 3
