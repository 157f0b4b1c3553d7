"""The guided flows: their data files, the answers they read, and whole flows run
through the real action with real rasa-sdk trackers and the real directory."""
from __future__ import annotations

import asyncio
import re
import shutil
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import directory
from actions.guides import ActionGuide, read_answer
from actions.report_kit import ActionReportKit
from actions.rights import key_laws
from chatbot.directory import card
from chatbot.directory.query import law_card
from chatbot.guides.answers import OTHER_COUNTRY, country_answer, under_18_answer
from chatbot.guides.content import GUIDES_DIR, GuideError, guide_book, law_ids, load_guides
from tests.unit.test_actions import DOMAIN, contact_ids, contacts_in

LANGUAGES = ("es", "fr")


# --- the data files ---------------------------------------------------------------

def test_every_law_a_guide_names_exists_in_the_directory() -> None:
    known = {law.id for country in directory().countries() for law in directory().laws(country)}
    missing = [law for law in law_ids(guide_book()) if law not in known]
    assert law_ids(guide_book()) and not missing


def test_hash_tools_and_country_templates_exist() -> None:
    book = guide_book()
    tools = {org.id for org in directory().contacts("INT", ("removal",))}
    assert {i for ids in book.hash_tools.values() for i in ids} <= tools
    assert book.hash_tools["yes"] != book.hash_tools["no"]
    for mapping in book.templates_by_country.values():
        assert set(mapping) <= set(directory().countries())


def test_every_situation_of_the_menu_has_a_guide() -> None:
    menu = [b["payload"].lstrip("/") for r in ("utter_menu", "utter_more_options") for v in DOMAIN["responses"][r]
            for b in v.get("buttons", []) if b["payload"].startswith("/")]
    unguided = [i for i in menu if guide_book().for_intent(i) is None and i not in ("talk_to_someone", "learn", "more_options")]
    assert menu and not unguided


def broken_copy(tmp_path: Path, file: str, edit) -> Path:
    target = tmp_path / "guides"
    shutil.copytree(GUIDES_DIR, target)
    data = yaml.safe_load((target / file).read_text(encoding="utf-8"))
    edit(data)
    (target / file).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return target


@pytest.mark.parametrize(
    "file, edit, message",
    [
        ("fake_image.yml", lambda d: d["steps"][0]["text"].pop("fr"), "needs exactly the languages"),
        ("fake_image.yml", lambda d: d["steps"][0]["text"].update(es="Llama al 900 20 20 10"), "numbers and links"),
        ("fake_image.yml", lambda d: d["steps"][0]["text"].update(fr="Va sur https://example.org"), "numbers and links"),
        ("fake_image.yml", lambda d: d["steps"][0].update(show=["phone:112"]), "unknown block"),
        ("fake_image.yml", lambda d: d["steps"][0].update(show=["contacts:pizza"]), "unknown topic"),
        ("fake_image.yml", lambda d: d["steps"][0].update(when={"platform": "yes"}), "never asks"),
        ("fake_image.yml", lambda d: d.update(questions=["favourite_colour"]), "unknown question"),
        ("fake_image.yml", lambda d: d["redirect"].update(threatened={"yes": "nowhere"}), "unknown guide"),
        ("blackmail.yml", lambda d: d["steps"][1].update(id=d["steps"][0]["id"]), "unique"),
        ("blackmail.yml", lambda d: d.update(intents=["fake_image_of_me"]), "opens two guides"),
        ("_shared.yml", lambda d: d["hash_tools"].pop("unknown"), "hash_tools"),
    ],
)
def test_a_broken_guide_is_refused_with_its_place(tmp_path: Path, file: str, edit: Any, message: str) -> None:
    with pytest.raises(GuideError, match=message):
        load_guides(broken_copy(tmp_path, file, edit))


# --- reading answers --------------------------------------------------------------

@pytest.mark.parametrize(
    "values, expected",
    [(["ES"], "ES"), (["estoy en mexico"], "MX"), (["je suis en Belgique"], "BE"), (["vivo en Ecuador"], OTHER_COUNTRY),
     (["vivo en Perú"], "PE"), (["Pérou"], "PE"), (["au Luxembourg"], "LU"), (["Luxemburgo"], "LU"),
     (["au Québec"], "CA"), (["es en instagram"], None), ([OTHER_COUNTRY], OTHER_COUNTRY), (["", None], None)],
)
def test_country_answers(values: List[Optional[str]], expected: Optional[str]) -> None:
    assert country_answer(values, directory().countries()) == expected


@pytest.mark.parametrize(
    "text, expected",
    [("tengo 15", "yes"), ("15 años", "yes"), ("j'ai 17 ans", "yes"), ("ya tengo 19", "no"), ("soy menor", "yes"),
     ("je suis majeure", "no"), ("tengo menos de 18", "yes"), ("jsp", None), ("hola", None), ("15", "yes"),
     ("me pide 50 pavos o sube mis fotos", None), ("il veut 50 balles", None), ("a las 10 de la noche", None)],
)
def test_age_answers(text: str, expected: Optional[str]) -> None:
    assert under_18_answer([text]) == expected


@pytest.mark.parametrize(
    "values, expected",
    [(["pas encore majeure, 17 ans"], "yes"), (["majeure", "17", "pas encore majeure, 17 ans"], "yes"),
     (["je suis pas majeur"], "yes"), (["j'ai pas encore 18 ans"], "yes"), (["no soy mayor de edad"], "yes"),
     (["mayor", "aun no soy mayor"], "yes"), (["todavia no tengo 18"], "yes"),
     (["ya no soy menor"], "no"), (["je suis plus mineure"], "no"), (["soy mayor"], "no"),
     (["je suis majeure, j'ai 17 ans"], "yes")],
)
def test_a_negated_or_mixed_age_answer_reads_as_the_minor_it_may_be(values: List[str], expected: str) -> None:
    """The DIET entities come first ("majeure"), then the text: a sign of a minor wins (Take It Down)."""
    assert under_18_answer(values) == expected


# --- whole flows through the real action ------------------------------------------

class Conversation:
    """Feeds turns to action_guide / action_report_kit, applying their slot events like Rasa does."""

    def __init__(self, language: str, country: Optional[str] = None) -> None:
        self.slots: Dict[str, Any] = {"language": language, "country": country}
        self.shown: List[Dict[str, Any]] = []
        self.history: List[Dict[str, Any]] = []  # every message of the conversation

    def say(self, intent: str, text: str = "", **entities: str) -> List[Dict[str, Any]]:
        latest = {"text": text or f"/{intent}", "intent": {"name": intent, "confidence": 1.0},
                  "entities": [{"entity": k, "value": v} for k, v in entities.items()]}
        events = [{"event": "user", "text": latest["text"], "parse_data": latest, "metadata": {}}]
        tracker = Tracker("flow-test", dict(self.slots), latest, events, False, None, {}, "action_listen")
        action = ActionReportKit() if intent == "report_kit" else ActionGuide()
        dispatcher = CollectingDispatcher()
        for event in asyncio.run(action.run(dispatcher, tracker, DOMAIN)):
            if event.get("event") == "slot":
                self.slots[event["name"]] = event["value"]
        self.shown = dispatcher.messages
        self.history += dispatcher.messages
        return dispatcher.messages

    def texts(self) -> str:
        return "\n".join(m.get("text") or "" for m in self.shown)

    def buttons(self) -> List[Tuple[str, str]]:
        return [(b["title"], b["payload"]) for m in self.shown for b in m.get("buttons") or []]

    def next_payload(self) -> Optional[str]:
        return next((p for _, p in self.buttons() if p.startswith("/next_step")), None)

    def tap_next(self) -> List[Dict[str, Any]]:
        """Taps the "next" button as the page would: its payload names the step it leads to."""
        step = re.search(r'"step": "(\d+)"', self.next_payload() or "")
        assert step, "no next button"
        return self.say("next_step", step=step.group(1))


def walk_to_the_end(chat: Conversation) -> List[str]:
    """Taps "next" until the last step; returns the step headers seen."""
    headers = [chat.shown[0]["text"].split("\n")[0]]
    while chat.next_payload():
        chat.tap_next()
        headers.append(chat.shown[0]["text"].split("\n")[0])
    return headers


@pytest.mark.parametrize("language", LANGUAGES)
def test_fake_image_flow_asks_only_what_decides_then_walks_the_steps(language: str) -> None:
    book = guide_book()
    chat = Conversation(language)
    chat.say("fake_image_of_me", "alguien hizo un fake mio")
    assert chat.shown[0]["text"] == book.guides["fake_image"].opening[language]
    assert chat.shown[-1]["text"] == book.questions["threatened"].text[language]
    chat.say("deny")
    assert chat.shown[-1]["text"] == book.questions["sharing_now"].text[language]
    chat.say("affirm")
    assert chat.shown[-1]["text"] == book.questions["under_18"].text[language]
    chat.say("inform", "tengo 15" if language == "es" else "j'ai 15 ans")
    assert chat.slots["under_18"] == "yes"
    assert chat.shown[-1]["text"] == book.questions["country"].text[language]
    country_buttons = [p for _, p in chat.buttons()]
    assert '/inform{"country": "ES"}' in country_buttons and f'/inform{{"country": "{OTHER_COUNTRY}"}}' in country_buttons
    chat.say("inform", country="FR" if language == "fr" else "ES")
    steps = book.guides["fake_image"].steps_for(chat.slots | {"threatened": "no", "sharing_now": "yes"})
    assert chat.shown[0]["text"].endswith(steps[0].text[language])
    headers = walk_to_the_end(chat)
    assert len(headers) == len(steps) and len(set(headers)) == len(steps)
    assert book.texts["done"][language] in chat.texts()
    assert ("/report_kit" in [p for _, p in chat.buttons()]) and ("/menu" in [p for _, p in chat.buttons()])


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("under_18, tool", [("yes", "int-take-it-down"), ("no", "int-stopncii")])
def test_the_hash_tool_depends_on_the_age_in_the_image(language: str, under_18: str, tool: str) -> None:
    chat = Conversation(language, country="ES")
    chat.say("get_removed")
    chat.say("inform", platform="instagram")
    chat.say("affirm" if under_18 == "yes" else "deny")
    shown_ids: List[str] = []
    while True:
        shown_ids += contact_ids(chat.shown)
        if not chat.next_payload():
            break
        chat.tap_next()
    other = "int-stopncii" if tool == "int-take-it-down" else "int-take-it-down"
    assert tool in shown_ids and other not in shown_ids


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_threat_turns_the_fake_image_flow_into_the_blackmail_flow(language: str) -> None:
    chat = Conversation(language, country="FR")
    chat.say("fake_image_of_me")
    chat.say("affirm")
    assert chat.slots["guide"] == "blackmail"
    assert chat.shown[0]["text"] == guide_book().guides["blackmail"].opening[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_country_we_do_not_serve_gets_the_tools_for_everywhere_and_the_local_emergency_advice(language: str) -> None:
    chat = Conversation(language)
    chat.say("report_it")
    chat.say("inform", "vivo en Ecuador" if language == "es" else "j'habite en Équateur")
    assert chat.slots["country"] == OTHER_COUNTRY
    # Where to report there: none we know, so "a trusted adult can help, in danger call the local number"
    # (not Take It Down under "where to report", which it is not).
    assert guide_book().texts["services_unknown_country"][language] in chat.texts()
    national = {o.id for c in directory().countries() for o in directory().contacts(c, ("reporting", "removal"))}
    seen, shown = chat.texts(), set(contact_ids(chat.shown))
    while chat.next_payload():
        chat.tap_next()
        seen += chat.texts()
        shown |= set(contact_ids(chat.shown))
    assert "int-take-it-down" in shown and not shown & national  # the tools that work everywhere, later
    assert guide_book().texts["unknown_country"][language] in seen


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_rights_flow_shows_the_countrys_laws_and_marks_bills(language: str) -> None:
    country = "ES" if language == "es" else "FR"
    chat = Conversation(language, country=country)
    chat.say("my_rights")
    in_force = key_laws(country)  # chosen by meaning: tests/unit/test_law_selection.py
    assert in_force and all(law_card(law, language) in chat.texts() for law in in_force)
    assert all(law_card(law, language).startswith("⚖️ ") for law in in_force)
    more = {c["id"]: c["more"] for m in chat.shown for c in contacts_in(m)}
    assert all(more[law.id].startswith(law.article) and law.summary[language] in more[law.id] for law in in_force)
    seen = chat.texts()
    while chat.next_payload():
        chat.tap_next()
        seen += chat.texts()
    bill = next(law for law in directory().laws("ES") if law.status == "bill")
    assert (law_card(bill, language) in seen) == (country == "ES") and law_card(bill, language).startswith("📝 ")


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_answer_it_cannot_read_asks_again_and_next_skips_the_question(language: str) -> None:
    chat = Conversation(language, country="ES")
    chat.say("blackmail")
    chat.say("inform", "mmm")
    assert guide_book().texts["not_understood"][language] in chat.texts()
    assert chat.slots.get("under_18") is None
    chat.say("next_step")
    assert chat.slots["under_18"] == "unknown"
    assert chat.shown[0]["text"].endswith(guide_book().guides["blackmail"].steps[0].text[language])


@pytest.mark.parametrize("language", LANGUAGES)
def test_report_kit_lists_steps_and_contacts_and_nothing_the_user_typed(language: str) -> None:
    chat = Conversation(language, country="ES")
    chat.say("blackmail", "me llamo Lucía y me chantajea @malo123 desde el 600123456")
    chat.say("inform", "tengo 15 años")
    chat.say("report_kit")
    kit = next(m["custom"]["report_kit"]["text"] for m in chat.shown if (m.get("custom") or {}).get("report_kit"))
    for step in guide_book().guides["blackmail"].steps_for(chat.slots):
        assert step.title[language] in kit
    assert directory().emergency_number("ES") in kit
    assert not re.search(r"Lucía|malo123|600123456", kit)


@pytest.mark.parametrize("language", LANGUAGES)
def test_report_kit_before_any_flow_points_to_the_menu(language: str) -> None:
    chat = Conversation(language, country="FR")
    chat.say("report_kit")
    assert chat.shown[0]["text"] == guide_book().texts["kit_empty"][language]


def every_flow_message(language: str, country: Optional[str]) -> List[Dict[str, Any]]:
    """Every message of every flow for one country: all steps, whatever the answers."""
    messages: List[Dict[str, Any]] = []
    for guide in guide_book().guides.values():
        for answer in ("yes", "no"):
            chat = Conversation(language, country=country)
            chat.slots.update(threatened="no", sharing_now=answer, under_18=answer, platform="instagram")
            messages += chat.say(guide.intents[0])
            while chat.next_payload():
                messages += chat.tap_next()
            messages += chat.say("report_kit")
    return messages


PHONE = re.compile(r"(?<![\w/.])\+?\d[\d ]{1,14}\d(?![\w/])")
URL = re.compile(r"https?://[^\s)]+")


@pytest.mark.parametrize("country", ["ES", "FR", "BE", "CH", "CA", "MX", "AR", "CO", "CL", "PE", "LU"])
def test_every_number_and_link_a_flow_shows_is_in_the_directory(country: str) -> None:
    """A wrong phone number is a real harm: each one shown must come from data/directory/."""
    data = " ".join(path.read_text(encoding="utf-8") for path in Path(GUIDES_DIR).parent.joinpath("directory").glob("*.yml"))
    for language in LANGUAGES:
        text = "\n".join(m.get("text") or "" for m in every_flow_message(language, country))
        links = set(URL.findall(text))
        numbers = {n.strip() for n in PHONE.findall(URL.sub(" ", text)) if len(re.sub(r"\D", "", n)) >= 3}
        numbers = {n for n in numbers if not re.fullmatch(r"(19|20)\d\d", n)}
        assert links and numbers
        assert [u for u in links if u not in data] == []
        assert [n for n in numbers if n not in data] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_schools_page_shows_its_own_counsellor_in_the_school_step(language: str) -> None:
    from chatbot.web.schools import get_school

    school = get_school("ies-ejemplo")
    assert school is not None and school.counsellor is not None
    latest = {"text": "/report_it", "intent": {"name": "report_it", "confidence": 1.0}, "entities": []}
    events = [{"event": "user", "text": "/report_it", "parse_data": latest, "metadata": {"school": "ies-ejemplo"}}]
    seen: List[Dict[str, Any]] = []
    slots: Dict[str, Any] = {"language": language, "country": "ES"}
    for turn in range(5):
        tracker = Tracker("school-test", dict(slots), latest, events, False, None, {}, "action_listen")
        dispatcher = CollectingDispatcher()
        for event in asyncio.run(ActionGuide().run(dispatcher, tracker, DOMAIN)):
            if event.get("event") == "slot":
                slots[event["name"]] = event["value"]
        seen += dispatcher.messages
        latest = {"text": "/next_step", "intent": {"name": "next_step", "confidence": 1.0}, "entities": []}
        events = [{"event": "user", "text": "/next_step", "parse_data": latest, "metadata": {"school": "ies-ejemplo"}}]
    shown = [m for m in seen if any(c["kind"] == "school" for c in contacts_in(m))]
    assert len(shown) == 1 and school.counsellor.name[language] in shown[0]["text"]


def test_going_on_after_a_crisis_answer_mid_lesson_returns_to_the_lesson() -> None:
    latest = {"text": "/next_step", "intent": {"name": "next_step", "confidence": 1.0}, "entities": []}
    events = [{"event": "user", "text": "/next_step", "parse_data": latest, "metadata": {}}]
    slots = {"language": "es", "country": "ES", "learn_state": {"lesson": "deepfake", "step": 2}}
    tracker = Tracker("resume-test", slots, latest, events, False, None, {}, "action_listen")
    events_out = asyncio.run(ActionGuide().run(CollectingDispatcher(), tracker, DOMAIN))
    assert events_out == [{"event": "followup", "timestamp": None, "name": "action_learn"}]


def _platform_read(text: str, written: str) -> Optional[str]:
    start = text.index(written)
    latest = {"text": text, "intent": {"name": "fake_image_of_me", "confidence": 1.0},
              "entities": [{"entity": "platform", "value": "x", "start": start, "end": start + len(written)}]}
    tracker = Tracker("x-test", {"language": "es"}, latest, [], False, None, {}, "action_listen")
    return read_answer("platform", tracker)


def test_a_lowercase_x_is_sms_for_por_not_the_platform_x() -> None:
    # DIET tags "x" as the platform X (it learned "lo subió a X"); teens write "x" for "por".
    assert _platform_read("lo estan pasando x el grupo de clase", "x") is None
    assert _platform_read("lo subieron a X", "X") == "x"
    assert _platform_read("lo subieron a twitter", "twitter") == "x"
    assert _platform_read('/inform{"platform": "x"}', '{"platform": "x"}') == "x"  # the X button


@pytest.mark.parametrize("text, expected", [
    ("soy de México y ya no quiero vivir", "MX"), ("j'habite au Québec", "CA"), ("estoy en Chile", "CL"),
    ("je suis en Belgique", "BE"), ("vivo en Ecuador", OTHER_COUNTRY), ("estoy de viaje en Francia", "FR"),
    ("vivo en Perú", "PE"), ("soy de Lima", "PE"), ("j'habite au Luxembourg", "LU"),
    ("no estoy en España, estoy en Chile", "CL"), ("je suis pas en France, je suis en Suisse", "CH"),
    # Where the user is not, or someone else is: no country is taken.
    ("no soy de México", None), ("je suis pas en France", None), ("ya no vivo en España", None),
    ("un chico de Nigeria me chantajea", None), ("me escribió uno desde México", None), ("me quiero morir", None),
])
def test_the_country_a_message_says_the_user_is_in(text: str, expected: Optional[str]) -> None:
    from chatbot.guides.answers import stated_country

    assert stated_country(text, directory().countries()) == expected
