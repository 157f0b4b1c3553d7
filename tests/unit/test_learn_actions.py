"""Awareness mode, turn by turn: every lesson and quiz path in both languages, with the real
content, the real directory and real rasa-sdk trackers (no mocks)."""
from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.nlu.training_data.message import Message
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import directory
from actions.learn import (
    DANGER_PAYLOAD, HELP_PAYLOAD, ActionLearn, ActionLearnMode, content,
)
from chatbot.directory.query import law_more as law_text
from actions.contacts import LAW_ADVICE_TOPICS
from tests.unit.test_actions import contact_ids
from chatbot.directory import card
from chatbot.learn.walk import payload

ROOT = Path(__file__).resolve().parents[2]
RASA_DOMAIN = Domain.load(str(ROOT / "domain"))
DOMAIN: Dict[str, Any] = RASA_DOMAIN.as_dict()
LANGUAGES = ("es", "fr")
COUNTRY = {"es": "ES", "fr": "FR"}
PAYLOAD = re.compile(r"^/(\w+)(\{.*\})?$")


def parse(text: str) -> Tuple[str, List[Dict[str, Any]]]:
    """What Rasa's own parser makes of a button payload (intent, entities)."""
    message = YAMLStoryReader.unpack_regex_message(Message({"text": text}), RASA_DOMAIN)
    intent = (message.get("intent") or {}).get("name")
    return intent, [{"entity": e["entity"], "value": e["value"]} for e in message.get("entities") or []]


class Chat:
    """One conversation with action_learn: slots carried over from the events it returns."""

    def __init__(self, language: str, country: Optional[str] = None) -> None:
        self.slots: Dict[str, Any] = {"language": language, "country": country or COUNTRY[language],
                                      "learn_state": None, "learn_score": None, "learn_mode": None}
        self.language = language

    def send(self, text: str, intent: Optional[str] = None, metadata: Optional[Dict[str, Any]] = None,
             action: Any = None) -> List[Dict[str, Any]]:
        entities: List[Dict[str, Any]] = []
        if text.startswith("/"):
            intent, entities = parse(text)
            assert intent, f"Rasa does not parse {text!r}"
        latest = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": entities}
        events = [{"event": "user", "text": text, "parse_data": latest, "metadata": metadata or {}}]
        tracker = Tracker("learn-test", dict(self.slots), latest, events, False, None, {}, "action_listen")
        dispatcher = CollectingDispatcher()
        returned = asyncio.run((action or ActionLearn()).run(dispatcher, tracker, DOMAIN))
        for event in returned:
            assert event["event"] == "slot"
            self.slots[event["name"]] = event["value"]
        self.events = returned
        return dispatcher.messages


def buttons(messages: List[Dict[str, Any]]) -> List[Dict[str, str]]:
    with_buttons = [m for m in messages if m.get("buttons")]
    assert len(with_buttons) == 1 and with_buttons[0] is messages[-1], "buttons go on the last message only"
    return with_buttons[0]["buttons"]


def texts(messages: List[Dict[str, Any]]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def label(key: str, language: str) -> str:
    return content().label(key, language)


def assert_help_one_tap_away(messages: List[Dict[str, Any]], language: str) -> None:
    found = buttons(messages)
    assert found[-2:] == [{"title": label("help", language), "payload": HELP_PAYLOAD},
                          {"title": label("danger", language), "payload": DANGER_PAYLOAD}]


def country_name(code: str, language: str) -> str:
    return next(c.name[language] for c in directory().countries_data if c.code == code)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_learn_menu_offers_every_lesson_and_quiz(language: str) -> None:
    messages = Chat(language).send("/learn")
    offered = [b["payload"] for b in buttons(messages)]
    c = content()
    assert offered == ([payload(lesson=lesson.id, step=1) for lesson in c.lessons]
                       + [payload(quiz=quiz.id, step=1) for quiz in c.quizzes] + ["/menu", HELP_PAYLOAD, DANGER_PAYLOAD])
    assert label("disclosure_hint", language) in texts(messages)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("lesson_id", [lesson.id for lesson in content().lessons])
def test_every_lesson_path_in_both_languages(language: str, lesson_id: str) -> None:
    """Follows every quick reply of every step; each step's text comes once, in the right language."""
    lesson = content().lesson(lesson_id)
    assert lesson is not None
    other = "fr" if language == "es" else "es"
    name = country_name(COUNTRY[language], language)
    paths = [[]]  # lists of reply ids, one per step with replies
    for step in lesson.steps[:-1]:
        if len(step.replies) > 1:
            paths = [p + [r.id] for p in paths for r in step.replies]
    for path in paths:
        chat = Chat(language)
        choices = list(path)
        messages = chat.send(payload(lesson=lesson_id, step=1))
        for number, step in enumerate(lesson.steps, start=1):
            shown = texts(messages)
            assert step.text[language].replace("{country}", name) in shown
            assert step.text[other].replace("{country}", country_name(COUNTRY[language], other)) not in shown
            assert_help_one_tap_away(messages, language)
            if number == len(lesson.steps):
                break
            assert chat.slots["learn_state"] == {"lesson": lesson_id, "step": number}
            reply_buttons = buttons(messages)[:-2]
            if step.replies:
                assert [b["title"] for b in reply_buttons] == [r.label[language] for r in step.replies]
                chosen = choices.pop(0) if len(step.replies) > 1 else step.replies[0].id
                target = next(b["payload"] for b in reply_buttons if b["payload"].endswith(f'"answer":"{chosen}"}}'))
                reply = next(r for r in step.replies if r.id == chosen)
                messages = chat.send(target)
                if reply.says:
                    assert messages[0]["text"] == reply.says[language]
            else:
                assert reply_buttons == [{"title": label("next", language), "payload": payload(lesson=lesson_id, step=number + 1)}]
                messages = chat.send(reply_buttons[0]["payload"])
        assert label("lesson_done", language) in texts(messages)
        end = [b["payload"] for b in buttons(messages)]
        assert end[-4:] == ["/learn", "/menu", HELP_PAYLOAD, DANGER_PAYLOAD]
        assert (payload(quiz=lesson.quiz, step=1) in end) == bool(lesson.quiz)
        assert chat.slots["learn_state"] is None


@pytest.mark.parametrize("language", LANGUAGES)
def test_law_steps_show_the_countrys_laws_from_the_directory(language: str) -> None:
    lesson = content().lesson("law")
    assert lesson is not None
    country = COUNTRY[language]
    for number, step in enumerate(lesson.steps, start=1):
        if not step.facts.laws:
            continue
        messages = Chat(language).send(payload(lesson="law", step=number))
        laws = {law.id: law for law in directory().laws(country)}
        expected = [law_text(laws[i], language) for i in step.facts.laws[country]]
        assert expected and all(text in texts(messages) for text in expected)
        assert label("laws_intro", language).format(country=country_name(country, language)) in texts(messages)


def test_a_country_without_laws_for_a_step_is_sent_to_people_who_know() -> None:
    """Chile has no law listed in the law lesson: no law is guessed, legal advice or support instead."""
    lesson = content().lesson("law")
    assert lesson is not None and "CL" not in lesson.steps[1].facts.laws
    messages = Chat("es", "CL").send(payload(lesson="law", step=2))
    assert label("no_laws_here", "es") in texts(messages)
    assert "⚖️ " + "Código" not in texts(messages)
    # Never an emergency or a suicide line for a legal question (review S7).
    advisers = [o for o in directory().contacts("CL", LAW_ADVICE_TOPICS) if not {"emergency", "crisis"} & set(o.topics)][:2]
    assert advisers and contact_ids(messages) == [o.id for o in advisers]
    # Said once per lesson, not at every step without a law.
    later = Chat("es", "CL").send(payload(lesson="law", step=4))
    assert label("no_laws_here", "es") not in texts(later) and not [m for m in later if m.get("custom")]


@pytest.mark.parametrize("language", LANGUAGES)
def test_contacts_in_a_lesson_come_from_the_directory(language: str) -> None:
    lesson = content().lesson("help")
    assert lesson is not None
    number = next(n for n, s in enumerate(lesson.steps, start=1) if s.facts.contacts)
    messages = Chat(language).send(payload(lesson="help", step=number))
    wanted = directory().contacts(COUNTRY[language], lesson.steps[number - 1].facts.contacts)[:3]
    cards = [m for m in messages if m.get("custom")]
    assert wanted and [m["text"] for m in cards] == ["\n\n".join(card(o, language) for o in wanted)]  # one bubble
    assert contact_ids(cards) == [o.id for o in wanted]


def play(chat: Chat, quiz_id: str, pick: str) -> List[Dict[str, Any]]:
    """Plays a whole quiz choosing the right (pick="right") or a wrong option each time."""
    quiz = content().quiz(quiz_id)
    assert quiz is not None
    messages = chat.send(payload(quiz=quiz_id, step=1))
    assert quiz.intro[chat.language] in texts(messages)
    for number, item in enumerate(quiz.items, start=1):
        assert item.prompt[chat.language] in texts(messages)
        assert_help_one_tap_away(messages, chat.language)
        option = next(o for o in item.options if o.correct == (pick == "right"))
        target = next(b for b in buttons(messages) if b["payload"] == payload(quiz=quiz_id, step=number, answer=option.id))
        messages = chat.send(target["payload"])
        feedback = texts(messages)
        assert label("right" if option.correct else "not_quite", chat.language) in feedback
        assert item.explanation[chat.language] in feedback
        if option.feedback:
            assert option.feedback[chat.language] in feedback
        assert_help_one_tap_away(messages, chat.language)
        if number < len(quiz.items):
            next_button = buttons(messages)[0]
            assert next_button["payload"] == payload(quiz=quiz_id, step=number + 1)
            messages = chat.send(next_button["payload"])
    return messages


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("quiz_id", [quiz.id for quiz in content().quizzes])
@pytest.mark.parametrize("pick", ["right", "wrong"])
def test_every_quiz_item_with_right_and_wrong_answers(language: str, quiz_id: str, pick: str) -> None:
    quiz = content().quiz(quiz_id)
    assert quiz is not None
    chat = Chat(language)
    messages = play(chat, quiz_id, pick)
    total = len(quiz.items)
    correct = total if pick == "right" else 0
    assert label("score", language).format(correct=correct, total=total) in texts(messages)
    assert (label("score_all", language) in texts(messages)) == (pick == "right")
    assert chat.slots["learn_state"] is None


def test_a_second_tap_on_an_old_button_does_not_change_the_score() -> None:
    chat = Chat("es")
    chat.send(payload(quiz="myths", step=1))
    chat.send(payload(quiz="myths", step=1, answer="fact"))  # wrong
    chat.send(payload(quiz="myths", step=1, answer="myth"))  # right, too late
    assert chat.slots["learn_score"] == {"quiz": "myths", "answers": {"fake_not_crime": False}}


def test_starting_a_quiz_again_forgets_the_old_answers() -> None:
    chat = Chat("fr")
    chat.send(payload(quiz="myths", step=1, answer="myth"))
    chat.send(payload(quiz="myths", step=1))
    assert chat.slots["learn_score"] == {"quiz": "myths", "answers": {}}


@pytest.mark.parametrize("language, typed, expected", [("es", "mito", "myth"), ("es", "¡es realidad!", "fact"),
                                                      ("fr", "Mythe", "myth"), ("fr", "réalité", "fact")])
def test_a_typed_answer_to_a_myth_counts(language: str, typed: str, expected: str) -> None:
    chat = Chat(language)
    chat.send(payload(quiz="myths", step=1))
    chat.send(typed, intent="learn")
    assert chat.slots["learn_score"]["answers"] == {"fake_not_crime": expected == "myth"}


@pytest.mark.parametrize("language, typed, lesson", [("es", "qué es un deepfake?", "deepfake"),
                                                    ("fr", "c'est quoi la sextorsion", "sextortion"),
                                                    ("es", "explicame lo del consentimiento", "consent"),
                                                    ("fr", "ce que dit la loi sur les deepfakes", "law")])
def test_typed_questions_open_the_right_lesson(language: str, typed: str, lesson: str) -> None:
    chat = Chat(language)
    chat.send(typed, intent="learn")
    assert chat.slots["learn_state"] == {"lesson": lesson, "step": 1}


@pytest.mark.parametrize("language, typed", [("es", "hacemos un quiz?"), ("fr", "mythe ou réalité")])
def test_typed_quiz_requests_start_a_quiz(language: str, typed: str) -> None:
    chat = Chat(language)
    chat.send(typed, intent="learn")
    assert chat.slots["learn_state"] == {"quiz": "myths", "step": 1, "answered": False}


def test_unclear_requests_get_the_learn_menu() -> None:
    messages = Chat("es").send("quiero aprender", intent="learn")
    assert label("menu_intro", "es") in texts(messages)


def test_ok_goes_on_and_no_goes_back_to_the_menu() -> None:
    chat = Chat("es")
    chat.send(payload(lesson="deepfake", step=1))
    messages = chat.send("vale", intent="affirm")
    assert content().lesson("deepfake").steps[1].text["es"] in texts(messages)
    assert chat.slots["learn_state"] == {"lesson": "deepfake", "step": 2}
    messages = chat.send("no", intent="deny")
    assert label("menu_intro", "es") in texts(messages) and chat.slots["learn_state"] is None


def test_ok_on_an_unanswered_quiz_item_asks_it_again() -> None:
    chat = Chat("fr")
    chat.send(payload(quiz="scenarios", step=2))
    messages = chat.send("ok", intent="affirm")
    assert content().quiz("scenarios").items[1].prompt["fr"] in texts(messages)


@pytest.mark.parametrize("text", ['/learn{"lesson":"nope","step":1}', '/learn{"lesson":"law","step":99}',
                                  '/learn{"quiz":"myths","step":0}', '/learn{"quiz":"myths","step":"x"}',
                                  '/learn{"quiz":"myths","step":1,"answer":"nope"}'])
def test_stale_or_forged_payloads_never_crash(text: str) -> None:
    messages = Chat("es").send(text)
    assert messages and buttons(messages)


def test_every_payload_the_actions_send_is_parsed_by_rasa_into_learn_entities() -> None:
    chat = Chat("es")
    sent = [b["payload"] for b in buttons(chat.send("/learn")) if b["payload"].startswith("/learn{")]
    for text in sent:
        intent, entities = parse(text)
        assert intent == "learn" and {e["entity"] for e in entities} <= {"lesson", "quiz", "step", "answer"}


@pytest.mark.parametrize("metadata, expected", [({"mode": "learn"}, [SlotSet("learn_mode", True)]),
                                                ({"mode": "other"}, []), ({}, [])])
def test_a_page_in_learn_mode_sets_the_slot(metadata: Dict[str, Any], expected: List[Any]) -> None:
    chat = Chat("es")
    chat.send("/greet", metadata=metadata, action=ActionLearnMode())
    assert chat.events == expected


def test_texts_never_mix_languages_in_the_menu() -> None:
    for language, other in (("es", "fr"), ("fr", "es")):
        shown = texts(Chat(language).send("/learn")) + " ".join(b["title"] for b in buttons(Chat(language).send("/learn")))
        for lesson in content().lessons:
            assert lesson.title[language] in shown and lesson.title[other] not in shown
