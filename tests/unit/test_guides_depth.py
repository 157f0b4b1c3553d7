"""Issue 18 point 2, read as the content review did: sextortion in depth (review S3, S4, G6, G7, G9),
parents facing sextortion (G14), "the school did nothing" (G4), what happens when the author is a
minor (F3), younger children (G10) and steps that show nothing in a country (P3).

Each flow runs through the real action with the real directory, in both languages and, where it
shows contacts, for every served country.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import directory
from actions.guide_render import Flow, Renderer, answers_now, for_adults, no_dangling_colon
from chatbot.guides.content import Step, guide_book
from tests.unit.test_actions import contacts_in
from tests.unit.test_guides import Conversation

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("es", "fr")
HEADER = re.compile(r"^(?:Paso \d+ de \d+|Étape \d+ sur \d+) · (.+)$", re.M)


def walk(guide: str, language: str, country: Optional[str], **answers: str) -> Dict[str, List[Dict[str, Any]]]:
    """Every step of a flow: {step id: the messages of its turn}."""
    book = guide_book()
    chat = Conversation(language, country=country)
    chat.slots.update(under_18="yes", threatened="no", sharing_now="yes", platform="instagram", **answers)
    titles = {s.title[language]: s.id for s in book.guides[guide].steps}
    turns = [chat.say(book.guides[guide].intents[0])]
    while chat.next_payload():
        turns.append(chat.tap_next())
    seen: Dict[str, List[Dict[str, Any]]] = {}
    for messages in turns:
        for found in HEADER.finditer(text_of(messages)):
            if found.group(1) in titles:
                seen[titles[found.group(1)]] = messages
    return seen


def text_of(messages: List[Dict[str, Any]]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def organisation(org_id: str):
    return next(o for o in directory().organisations() if o.id == org_id)


# --- blackmail: sextortion in depth ------------------------------------------------

@pytest.mark.parametrize("language", LANGUAGES)
def test_get_help_in_the_blackmail_flow_shows_a_line_that_answers_now_in_every_country(language: str) -> None:
    """Review S3: at 1 a.m. Spain's step showed only 017 (8-23 h) and France's only 3018 (9-23 h)."""
    for country in directory().countries():
        shown = walk("blackmail", language, country)["get_help"]
        cards = [organisation(c["id"]) for m in shown for c in contacts_in(m) if c.get("kind") != "law"]
        assert any(answers_now(org) for org in cards), (country, [o.id for o in cards])


def test_get_help_keeps_the_blackmail_service_and_adds_the_24_hour_line() -> None:
    ids = {c["id"] for m in walk("blackmail", "es", "ES")["get_help"] for c in contacts_in(m)}
    assert {"es-incibe-017", "es-anar"} <= ids
    ids = {c["id"] for m in walk("blackmail", "fr", "FR")["get_help"] for c in contacts_in(m)}
    assert {"fr-3018", "fr-119"} <= ids


def test_a_line_answers_now_only_when_its_hours_say_day_and_night() -> None:
    assert answers_now(organisation("es-anar")) and answers_now(organisation("fr-119"))
    assert answers_now(organisation("ca-qc-appelle"))  # "En cualquier momento"
    assert not answers_now(organisation("es-incibe-017"))  # 8:00-23:00
    assert not answers_now(organisation("ar-cas-135"))  # "De 8:00 a 24:00"
    assert not answers_now(organisation("fr-pharos"))  # a web form, whatever its hours


SAYS = {
    # G6: already paid or sent more; G7: fear of being punished; G9: deadlines, followers, abroad.
    "already_sent": {"es": ["no es tarde", "Tú eres la víctima", "no para castigarte"],
                     "fr": ["pas trop tard", "C'est toi la victime", "pas pour te punir"]},
    "dont_pay": {"es": ["tienes 10 minutos", "no tienes que contestar"], "fr": ["tu as 10 minutes", "tu n'as pas à répondre"]},
    "stop_block": {"es": ["en privado", "lista de seguidores"], "fr": ["en privé", "liste d'abonnés"]},
    "get_help": {"es": ["estafa", "otro país", "denunciarlo sirve"], "fr": ["arnaque", "autre pays", "porter plainte, ça sert"]},
    # G10: a younger child is steered to an adult.
    "tell_adult": {"es": ["13 años o menos"], "fr": ["13 ans ou moins"]},
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_blackmail_flow_speaks_to_a_teen_who_paid_is_afraid_or_is_pressed(language: str) -> None:
    seen = walk("blackmail", language, "ES" if language == "es" else "FR")
    for step, words in SAYS.items():
        for word in words[language]:
            assert word in text_of(seen[step]), (step, word)
    order = [s.id for s in guide_book().guides["blackmail"].steps]
    assert order.index("evidence") < order.index("stop_block") and len(order) <= 8


# --- evidence before blocking everywhere (review S4) -------------------------------

def test_lesson_quiz_and_instagram_say_evidence_first_then_block() -> None:
    lesson = yaml.safe_load((ROOT / "data/lessons/sextortion.yml").read_text(encoding="utf-8"))
    plan = next(s["text"] for s in lesson["steps"] if "plan" in s["text"]["es"])
    quiz = yaml.safe_load((ROOT / "data/quizzes/scenarios.yml").read_text(encoding="utf-8"))
    item = next(i for i in quiz["items"] if i["id"] == "threat_money")
    right = next(o for o in item["options"] if o.get("correct"))
    delete = next(o for o in item["options"] if o["id"] == "delete_all")
    instagram = directory().platform("instagram")
    assert instagram is not None
    stop = re.compile(r"bloqu|contestar|répondre")
    for language in LANGUAGES:
        for text in (plan[language], right["label"][language], delete["feedback"][language], instagram.how[language]):
            lowered = text.lower()
            last_stop = [m.start() for m in stop.finditer(lowered)][-1]
            assert "captur" in lowered and lowered.index("captur") < last_stop, text


# --- parents facing sextortion (G14) ----------------------------------------------

PARENT_BLACKMAIL = {"es": ["no pagues", "no le escribas tú", "no publiques", "no está en problemas", "hacerse daño"],
                    "fr": ["ne paie pas", "n'écris pas toi-même", "ne publie rien", "pas d'ennuis", "se faire du mal"]}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_parent_flow_says_what_to_do_about_a_blackmail_with_crisis_lines_in_every_country(language: str) -> None:
    for country in directory().countries():
        shown = walk("parent_teacher", language, country)["blackmail"]
        for words in PARENT_BLACKMAIL[language]:
            assert words in text_of(shown), words
        assert [c for m in shown for c in contacts_in(m)], country


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_parent_in_spain_gets_anars_family_line_not_the_childrens(language: str) -> None:
    anar = organisation("es-anar")
    children, family = anar.channels[0], for_adults(anar).channels[0]
    assert children.age_max == 17 and family is not children and family.kind == "phone"
    seen = walk("parent_teacher", language, "ES")
    text = "\n".join(text_of(messages) for messages in seen.values())
    assert family.value in text and children.value not in text
    links = [c["link"] for messages in seen.values() for m in messages for c in contacts_in(m) if c["id"] == "es-anar"]
    assert links and all(link == family.tel for link in links)
    # The teen's own flows keep the children's line.
    teen = walk("blackmail", language, "ES")
    assert children.value in "\n".join(text_of(m) for m in teen.values())


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("country, words, never", [("ES", ["LOPIVI", "sin investigar|sans enquêter"], ["article 40", "artículo 40"]),
                                                   ("FR", ["40", "procureur", "sin investigar|sans enquêter"], ["LOPIVI"]),
                                                   ("CA", ["sin investigar|sans enquêter"], ["LOPIVI", "40", "procureur"])])
def test_the_teacher_step_names_the_duty_of_the_teachers_country_only(language: str, country: str, words: List[str],
                                                                       never: List[str]) -> None:
    """A teacher in Spain reads the LOPIVI, one in France art. 40, one in Québec neither (review G14)."""
    chat = Conversation(language, country=country)
    chat.slots["under_18"] = "yes"
    chat.say("parent_teacher")
    seen = chat.texts()
    while chat.next_payload():
        chat.tap_next()
        seen += chat.texts()
    teacher = next(s for s in guide_book().guides["parent_teacher"].steps if s.id == "teacher")
    assert teacher.text_for(country)[language] in seen
    assert all(any(w in seen for w in word.split("|")) for word in words), seen
    assert not [w for w in never if w in teacher.text_for(country)[language]]


# --- "the school did nothing" (G4) ------------------------------------------------

SCHOOL_DID_NOTHING = {"es": "Si el centro no hace nada", "fr": "Si l'établissement ne fait rien"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_school_step_says_where_to_turn_when_the_school_does_nothing(language: str) -> None:
    book = guide_book()
    school = next(s for s in book.guides["fake_image"].steps if s.id == "school")
    assert SCHOOL_DID_NOTHING[language] in school.text[language] and "contacts:parents_schools" in school.show
    nothing = next(s for s in book.guides["report_it"].steps if s.id == "school_did_nothing")
    assert SCHOOL_DID_NOTHING[language] in nothing.title[language]
    parent = next(s for s in book.guides["parent_teacher"].steps if s.id == "school")
    for country in (None, "ES", "FR"):
        assert {"es": "Si no hace nada", "fr": "S'il ne fait rien"}[language] in parent.text_for(country)[language]
    assert "coordina" in parent.text_for("ES")[language] and "acad" in parent.text_for("FR")[language]
    assert "coordina" not in parent.text_for("MX")[language] and "acad" not in parent.text_for("MX")[language]
    assert book.guides["parent_teacher"].steps[-1].id == "support"  # "las personas del último paso"
    for country in directory().countries():
        for guide, step in (("report_it", "school_did_nothing"), ("fake_image", "school")):
            shown = walk(guide, language, country)[step]
            assert [c for m in shown for c in contacts_in(m)], (guide, country)


def test_in_belgium_the_school_step_shows_child_focus_which_can_step_in_with_the_school() -> None:
    shown = walk("report_it", "fr", "BE")["school_did_nothing"]
    assert "be-child-focus" in {c["id"] for m in shown for c in contacts_in(m)}


# --- the author is a minor; the judge's removal order (F3) ------------------------

@pytest.mark.parametrize("language", LANGUAGES)
def test_the_removal_order_is_shown_with_removal_and_the_minor_step_says_it_depends_on_age(language: str) -> None:
    seen = walk("report_it", language, "ES")
    assert "es-lecrim-13" in {c["id"] for m in seen["next"] for c in contacts_in(m)}
    minor = {c["id"] for m in seen["minor_author"] for c in contacts_in(m)}
    assert "es-lo-5-2000" in minor and "es-lecrim-13" not in minor
    assert {"es": "dependen de su edad", "fr": "dépendent de son âge"}[language] in text_of(seen["minor_author"])
    france = walk("report_it", language, "FR")
    assert "fr-cjpm-l11-1" in {c["id"] for m in france["minor_author"] for c in contacts_in(m)}


# --- a step that shows nothing here ends without a colon (P3) ---------------------

def render_step(step: Step, country: str, language: str) -> List[Dict[str, Any]]:
    latest = {"text": "/next_step", "intent": {"name": "next_step", "confidence": 1.0}, "entities": []}
    tracker = Tracker("p3", {"language": language, "country": country}, latest, [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    renderer = Renderer(dispatcher, guide_book(), language, Flow(tracker))
    renderer.step(guide_book().guides["report_it"], [step, step], 0)
    return dispatcher.messages


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_step_whose_blocks_show_nothing_in_this_country_has_no_dangling_colon(language: str) -> None:
    text = {"es": "Si quien lo hizo es menor, también hay consecuencias:", "fr": "Si l'auteur est mineur, il y a des conséquences :"}
    step = Step("x", {"es": "T", "fr": "T"}, text, show=("law:es-lo-5-2000", "school"))
    in_belgium = render_step(step, "BE", language)[0]["text"]
    assert in_belgium.endswith(text[language].rstrip(" :") + ".") and not contacts_in(render_step(step, "BE", language)[0])
    in_spain = render_step(step, "ES", language)[0]["text"]
    assert text[language] in in_spain  # something follows: the colon stays


def test_no_dangling_colon() -> None:
    assert no_dangling_colon("hay consecuencias:") == "hay consecuencias."
    assert no_dangling_colon("des conséquences :") == "des conséquences."
    assert no_dangling_colon("Ya está.") == "Ya está."
