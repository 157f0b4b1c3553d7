"""Awareness mode: short lessons and quizzes, rendered from data/lessons/ and data/quizzes/.

Why actions and not domain responses: each message carries buttons whose payloads
name the lesson or quiz and the step (`/learn{"lesson":"deepfake","step":2}`);
Rasa's response interpolator would take those braces for slots. Laws and contacts
shown in a lesson come from the directory, for the user's country.

What is kept: the position in the lesson or quiz and the quiz answers, in slots
that do not influence the dialogue and live only as long as the conversation.
The score is shown only to the user.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Dict, List, Optional, Sequence, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.contacts import contacts_for, law_advisers, utter_contacts
from actions.conversation import country_of, directory, language_of, latest_metadata
from chatbot.directory.emergency import is_served
from chatbot.directory.files import OrganisationData
from chatbot.directory.query import law_more
from chatbot.language.detection import fold
from chatbot.learn.content import MYTH, Content, Facts, Item, Lesson, Quiz, load_content, matches
from chatbot.learn.walk import payload

INTENT = "learn"
STATE_SLOT = "learn_state"
SCORE_SLOT = "learn_score"
MODE_SLOT = "learn_mode"
LEARN_MODE = "learn"  # the page setting `mode=learn` (widget config, link)
MAX_CONTACTS = 3
# One tap from every lesson message: someone to talk to, and the crisis lines.
HELP_PAYLOAD = "/talk_to_someone"
DANGER_PAYLOAD = "/crisis"


@lru_cache(maxsize=1)
def content() -> Content:
    """Read once per process; a broken file fails loudly here (and in the unit tests first)."""
    return load_content()


def button(title: str, target: str) -> Dict[str, str]:
    return {"title": title, "payload": target}


def help_buttons(c: Content, language: str) -> List[Dict[str, str]]:
    return [button(c.label("help", language), HELP_PAYLOAD), button(c.label("danger", language), DANGER_PAYLOAD)]


def _entities(tracker: Tracker) -> Dict[str, Any]:
    return {e.get("entity"): e.get("value") for e in tracker.latest_message.get("entities") or [] if e.get("entity")}


def _step_number(value: Any) -> Optional[int]:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number >= 1 else None


def country_name(country: str, language: str) -> str:
    return directory().country_name(country, language) or country


class Renderer:
    """Writes one turn of a lesson or quiz into the dispatcher, buttons on its last message."""

    def __init__(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        self.dispatcher = dispatcher
        self.language = language_of(tracker)
        self.country = country_of(tracker)
        self.c = content()

    def text(self, key: str, **values: Any) -> str:
        return self.c.label(key, self.language).format(**values)

    def say(self, text: str) -> None:
        self.dispatcher.utter_message(text=text)

    def buttons(self, buttons: Sequence[Dict[str, str]]) -> None:
        """Attaches the buttons to the last message sent this turn (the widget shows them under it)."""
        self.dispatcher.messages[-1]["buttons"] = list(buttons) + help_buttons(self.c, self.language)

    def fill(self, text: str) -> str:
        served = is_served(directory(), self.country)
        name = country_name(self.country, self.language) if served else self.text("your_country")
        return text.replace("{country}", name)

    def facts(self, facts: Facts, text_introduces: bool, ask_if_no_law: bool = False) -> None:
        """Laws, organisations and contacts of the user's country, from the directory.

        A country with no law listed for this message gets, if `ask_if_no_law`, people
        who can tell what the law is there; a law is never guessed.
        """
        if not is_served(directory(), self.country):
            if facts.laws or facts.organisations or facts.contacts:
                self.say(self.text("country_unknown"))  # never another country's laws or numbers
            return
        if facts.laws:
            ids = facts.laws.get(self.country, ())
            laws = {law.id: law for law in directory().laws(self.country) if law.status == "in_force"}
            found = [laws[i] for i in ids if i in laws]
            if found:
                lines = [self.text("laws_intro", country=country_name(self.country, self.language))]
                self.say("\n\n".join(lines + [law_more(law, self.language) for law in found]))
            elif ask_if_no_law:
                self.say(self.text("no_laws_here"))
                utter_contacts(self.dispatcher, law_advisers(self.country), self.language)
        if facts.organisations:
            ids = facts.organisations.get(self.country, ())
            orgs = [o for o in directory().organisations() if o.country == self.country and o.id in ids]
            utter_contacts(self.dispatcher, orgs, self.language)
        if facts.contacts:
            if not text_introduces:
                self.say(self.text("contacts_intro", country=country_name(self.country, self.language)))
            utter_contacts(self.dispatcher, contacts_for(self.country, facts.contacts)[:MAX_CONTACTS], self.language)

    # --- the learn menu -------------------------------------------------------------

    def menu(self) -> List[Dict[Text, Any]]:
        lang = self.language
        self.say(self.text("menu_intro") + "\n\n" + self.text("disclosure_hint"))
        choices = [button(lesson.title[lang], payload(lesson=lesson.id, step=1)) for lesson in self.c.lessons]
        choices += [button(quiz.title[lang], payload(quiz=quiz.id, step=1)) for quiz in self.c.quizzes]
        self.buttons(choices + [button(self.text("main_menu"), "/menu")])
        return [SlotSet(STATE_SLOT, None)]

    # --- lessons --------------------------------------------------------------------

    def lesson(self, lesson: Lesson, step: int, reply: Optional[str] = None) -> List[Dict[Text, Any]]:
        lang = self.language
        previous = lesson.steps[step - 2] if 2 <= step <= len(lesson.steps) + 1 else None
        said = next((r.says for r in previous.replies if r.id == reply and r.says), None) if previous else None
        if said:
            self.say(said[lang])
        if step > len(lesson.steps):
            return self.lesson_done(lesson)
        current = lesson.steps[step - 1]
        text = self.fill(current.text[lang])
        self.say(text)
        first_law_step = next((n for n, s in enumerate(lesson.steps, start=1) if s.facts.laws), None)
        self.facts(current.facts, text_introduces=text.rstrip().endswith(":"), ask_if_no_law=step == first_law_step)
        if step == len(lesson.steps):
            return self.lesson_done(lesson)
        replies = current.replies or ()
        if replies:
            choices = [button(r.label[lang], payload(lesson=lesson.id, step=step + 1, answer=r.id)) for r in replies]
        else:
            choices = [button(self.text("next"), payload(lesson=lesson.id, step=step + 1))]
        self.buttons(choices)
        return [SlotSet(STATE_SLOT, {"lesson": lesson.id, "step": step})]

    def lesson_done(self, lesson: Lesson) -> List[Dict[Text, Any]]:
        self.say(self.text("lesson_done"))
        choices = []
        if lesson.quiz:
            choices.append(button(self.text("take_quiz"), payload(quiz=lesson.quiz, step=1)))
        choices += [button(self.text("another_lesson"), "/learn"), button(self.text("main_menu"), "/menu")]
        self.buttons(choices)
        return [SlotSet(STATE_SLOT, None)]

    # --- quizzes --------------------------------------------------------------------

    def options(self, item: Item) -> List[Tuple[str, str]]:
        if item.kind == MYTH:
            return [(o.id, self.text(o.id)) for o in item.options]
        return [(o.id, o.label[self.language]) for o in item.options]

    def quiz_item(self, quiz: Quiz, step: int, score: Dict[str, Any]) -> List[Dict[Text, Any]]:
        events: List[Dict[Text, Any]] = []
        if step == 1:
            self.say(quiz.intro[self.language])
            score = {"quiz": quiz.id, "answers": {}}
            events.append(SlotSet(SCORE_SLOT, score))
        item = quiz.items[step - 1]
        self.say(item.prompt[self.language])
        self.buttons([button(label, payload(quiz=quiz.id, step=step, answer=option))
                      for option, label in self.options(item)])
        return events + [SlotSet(STATE_SLOT, {"quiz": quiz.id, "step": step, "answered": False})]

    def quiz_answer(self, quiz: Quiz, step: int, answer: str, score: Dict[str, Any]) -> List[Dict[Text, Any]]:
        lang = self.language
        item = quiz.items[step - 1]
        option = next((o for o in item.options if o.id == answer), None)
        if option is None:
            return self.quiz_item(quiz, step, score)
        if score.get("quiz") != quiz.id:
            score = {"quiz": quiz.id, "answers": {}}
        answers = dict(score.get("answers") or {})
        answers.setdefault(item.id, option.correct)  # a second tap on an old button does not change the score
        score = {"quiz": quiz.id, "answers": answers}
        parts = [self.text("right" if option.correct else "not_quite")]
        if item.kind == MYTH:
            right = next(o for o in item.options if o.correct)
            parts.append(self.text("is_myth" if right.id == MYTH else "is_fact"))
        elif option.feedback:
            parts.append(option.feedback[lang])
        parts.append(item.explanation[lang])
        self.say(" ".join(parts))
        self.facts(item.facts, text_introduces=False)
        events: List[Dict[Text, Any]] = [SlotSet(SCORE_SLOT, score)]
        if step < len(quiz.items):
            self.buttons([button(self.text("next"), payload(quiz=quiz.id, step=step + 1))])
            return events + [SlotSet(STATE_SLOT, {"quiz": quiz.id, "step": step, "answered": True})]
        return events + self.quiz_done(quiz, answers)

    def quiz_done(self, quiz: Quiz, answers: Dict[str, bool]) -> List[Dict[Text, Any]]:
        correct = sum(1 for item in quiz.items if answers.get(item.id))
        total = len(quiz.items)
        cheer = self.text("score_all") if correct == total else self.text("score_some")
        self.say(f"{self.text('quiz_done')} {self.text('score', correct=correct, total=total)} {cheer}")
        choices = [button(q.title[self.language], payload(quiz=q.id, step=1)) for q in self.c.quizzes if q.id != quiz.id]
        choices += [button(self.text("another_lesson"), "/learn"), button(self.text("main_menu"), "/menu")]
        self.buttons(choices)
        return [SlotSet(STATE_SLOT, None)]


def best_match(c: Content, text: str) -> Optional[Tuple[str, str]]:
    """("lesson" | "quiz", id) whose keywords the typed text names most; None if none."""
    scored = [(matches(text, lesson.keywords), -i, "lesson", lesson.id) for i, lesson in enumerate(c.lessons)]
    scored += [(matches(text, quiz.keywords), -i - 100, "quiz", quiz.id) for i, quiz in enumerate(c.quizzes)]
    best = max(scored)
    return (best[2], best[3]) if best[0] > 0 else None


def typed_answer(render: Renderer, state: Any, text: str) -> Optional[str]:
    """The option the user typed ("mito", "réalité") while a quiz item waits for an answer."""
    if not isinstance(state, dict) or not state.get("quiz") or state.get("answered"):
        return None
    quiz = render.c.quiz(str(state["quiz"]))
    step = _step_number(state.get("step"))
    if not quiz or not step or step > len(quiz.items):
        return None
    typed = " " + re.sub(r"[^\w]+", " ", fold(text)) + " "
    named = [option for option, label in render.options(quiz.items[step - 1])
             if " " + re.sub(r"[^\w]+", " ", fold(label)).strip() + " " in typed]
    return named[0] if len(named) == 1 else None


class ActionLearn(Action):
    """Every turn of awareness mode: the menu, a lesson step, a quiz item or its feedback."""

    def name(self) -> Text:
        return "action_learn"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        render = Renderer(dispatcher, tracker)
        c = render.c
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        entities = _entities(tracker)
        state = tracker.get_slot(STATE_SLOT) or {}
        score = tracker.get_slot(SCORE_SLOT) or {}
        step = _step_number(entities.get("step")) or 1
        answer = entities.get("answer")
        answer = str(answer) if answer is not None else None

        if intent == INTENT and entities.get("lesson"):
            lesson = c.lesson(str(entities["lesson"]))
            if lesson and step <= len(lesson.steps) + 1:
                return render.lesson(lesson, step, answer)
        elif intent == INTENT and entities.get("quiz"):
            quiz = c.quiz(str(entities["quiz"]))
            if quiz and step <= len(quiz.items):
                if answer is not None:
                    return render.quiz_answer(quiz, step, answer, score)
                return render.quiz_item(quiz, step, score)
        elif intent == INTENT and typed_answer(render, state, tracker.latest_message.get("text") or ""):
            quiz = c.quiz(str(state["quiz"]))
            option = typed_answer(render, state, tracker.latest_message.get("text") or "")
            return render.quiz_answer(quiz, int(state["step"]), option, score)  # type: ignore[arg-type]
        elif intent == INTENT:
            found = best_match(c, tracker.latest_message.get("text") or "")
            if found and found[0] == "lesson":
                return render.lesson(c.lesson(found[1]), 1)  # type: ignore[arg-type]
            if found:
                return render.quiz_item(c.quiz(found[1]), 1, score)  # type: ignore[arg-type]
        elif intent in ("affirm", "next_step") and isinstance(state, dict):
            return self._go_on(render, state, score)
        return render.menu()

    @staticmethod
    def _go_on(render: Renderer, state: Dict[str, Any], score: Dict[str, Any]) -> List[Dict[Text, Any]]:
        """"ok", "vale", "sí" mid-lesson: the next step (an unanswered quiz item is asked again)."""
        c = render.c
        step = _step_number(state.get("step"))
        lesson = c.lesson(str(state.get("lesson"))) if state.get("lesson") else None
        quiz = c.quiz(str(state.get("quiz"))) if state.get("quiz") else None
        if lesson and step:
            return render.lesson(lesson, step + 1)
        if quiz and step and step <= len(quiz.items):
            if not state.get("answered"):
                return render.quiz_item(quiz, step, score)
            if step < len(quiz.items):
                return render.quiz_item(quiz, step + 1, score)
        return render.menu()


class ActionLearnMode(Action):
    """Slot mapping: a page opened with `mode=learn` starts in awareness mode (rule in data/rules/learn.yml)."""

    def name(self) -> Text:
        return "action_learn_mode"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        mode = latest_metadata(tracker).get("mode")
        if mode == LEARN_MODE and tracker.get_slot(MODE_SLOT) is not True:
            return [SlotSet(MODE_SLOT, True)]
        return []
