"""The guided flows: ask only what decides the next step, then one step at a time.

Why one action and not a Rasa form per situation: every flow has the same shape
(opening, a few deciding questions, ordered steps that depend on the answers), and
its wording lives in data/guides/ where it can be edited and checked without Python.
Rules send the flows' intents (and the answers to their questions) here; the action
keeps the position in slots that never influence the policies. Buttons that carry
entities are sent from here because Rasa's response templates read braces as slots.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.contacts import FOR_CHANGE, FOR_CRISIS, FOR_TALK, country_changed, crisis_after, show_crisis, show_talk
from actions.conversation import directory
from actions.guide_render import ANSWER_SLOTS, Flow, Renderer, steps_here
from actions.report_kit import ActionReportKit
from chatbot.guides.answers import country_answer, is_sms_x, mentioned_platform, under_18_answer
from chatbot.guides.content import Guide
from chatbot.language.detection import fold

# "I am 45": an adult speaking of themselves, never an answer about the person in the image (parent flow).
_FIRST_PERSON = re.compile(r"\b(?:tengo|soy|j\W?ai|jai|je suis|j\W?suis)\b")
# "tiene 15", "tenía 13", "il a 15 ans", "elle avait 14 ans", "mi hijo de 15", "mon fils de 15 ans":
# the age of the person spoken of.
_THEIR_AGE = re.compile(r"\b(?:tiene|tenia|(?:il|elle|fille|fils|eleve) (?:a|avait)"
                        r"|(?:hijo|hija|alumno|alumna|fils|fille|eleve|enfant|nino|nina) de)\s+(\d{1,2})\b")
YES_NO = {"affirm": "yes", "deny": "no"}
NO_PLATFORM = ("web", "adult", "unknown")  # answers with no card of their own in the directory


def read_answer(question: str, tracker: Tracker) -> Optional[str]:
    """The answer to `question` in the latest message (button or free text), or None."""
    message = tracker.latest_message
    intent = (message.get("intent") or {}).get("name")
    entities: Dict[str, List[str]] = {}
    text = message.get("text") or ""
    for entity in message.get("entities") or []:
        if not is_sms_x(entity, text):
            entities.setdefault(entity.get("entity"), []).append(str(entity.get("value") or ""))
    if "answer" in entities:
        return entities["answer"][0]
    if question == "country":
        return country_answer(entities.get("country", []) + [text], directory().countries())
    if question == "platform":
        if mentioned_platform(text) == "adult":  # "un site porno": the classifier's entity may say only "web"
            return "adult"
        for value in entities.get("platform", []):
            if directory().platform(value) or value in NO_PLATFORM:
                return value
        return next((p for p in (mentioned_platform(v) for v in entities.get("platform", []) + [text]) if p), None)
    if question == "under_18":
        return under_18_answer(entities.get("age", []) + [text]) or YES_NO.get(intent or "")
    if question == "subject_under_18":  # a parent or teacher answers about the child, not about themselves
        folded = fold(text)
        their_age = _THEIR_AGE.search(folded)
        if their_age:
            return "yes" if int(their_age.group(1)) < 18 else "no"
        about_self = bool(_FIRST_PERSON.search(folded))
        return (None if about_self else under_18_answer(entities.get("age", []) + [text])) or YES_NO.get(intent or "")
    return YES_NO.get(intent or "")


def note_other_answers(flow: Flow, tracker: Tracker, skip: Optional[str], guide: Optional[Guide] = None) -> None:
    """A user who says "tengo 15 y estoy en Chile" answers two questions at once.

    Not the age in a flow that asks about someone else's (a parent's "tengo 45" is not the child's age).
    """
    ages_of_others = guide is not None and "subject_under_18" in guide.questions
    for question in ("subject_under_18" if ages_of_others else "under_18", "country", "platform"):
        if question != skip and not (tracker.latest_message.get("intent") or {}).get("name") in YES_NO:
            value = read_answer(question, tracker)
            if value and value != "unknown":
                flow.set(ANSWER_SLOTS[question], value)


class ActionGuide(Action):
    """Starts a flow for the situation's intent, or takes its next answer or step."""

    def name(self) -> Text:
        return "action_guide"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        render = Renderer.for_turn(dispatcher, tracker)
        book, flow = render.book, render.flow
        intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
        if tracker.get_slot("country_for"):
            answered = self.country_for(flow, tracker, render) if intent == "inform" else []
            if answered:
                return answered
            flow.set("country_for", None)  # the teen went on without answering: a later answer is the flow's
        opened = book.for_intent(intent)
        if opened:
            note_other_answers(flow, tracker, skip=None, guide=opened)
            self.start(opened, flow, render)
            return flow.events()
        guide = book.guides.get(tracker.get_slot("guide") or "")
        if guide is None:
            if intent == "next_step" and tracker.get_slot("learn_state"):
                return [FollowupAction("action_learn")]  # "go on" after a crisis answer mid-lesson
            # No flow open (or it was closed): "go on" or "yes" means the menu.
            dispatcher.utter_message(response="utter_anything_else" if intent == "deny" else "utter_menu")
            return []
        pending = tracker.get_slot("pending_question")
        if pending:
            value = read_answer(pending, tracker)
            if value is None and intent == "next_step":
                value = "unknown"  # skipping a question is an answer too: show what fits every case
            if value is None:
                render.say("not_understood")
                render.ask(book.questions[pending])
                return []
            flow.set(ANSWER_SLOTS[pending], value)
            flow.set("pending_question", None)
            note_other_answers(flow, tracker, skip=pending, guide=guide)
            target = guide.redirect.get(pending, {}).get(value)
            if target:
                self.start(book.guides[target], flow, render)
                return flow.events()
        elif intent == "deny":
            dispatcher.utter_message(response="utter_anything_else")
            return [SlotSet("guide", None)]
        elif int(flow.get("guide_step") or 0) >= len(steps_here(guide, flow.answers(), flow.country())) and intent == "affirm":
            # "Yes" to "do you want your summary?" after the last step.
            return await ActionReportKit().run(dispatcher, tracker, domain)
        else:
            note_other_answers(flow, tracker, skip=None, guide=guide)
            self.go_to_requested_step(flow, tracker)
        self.advance(guide, flow, render)
        return flow.events()

    @staticmethod
    def country_for(flow: Flow, tracker: Tracker, render: Renderer) -> List[Dict[Text, Any]]:
        """The answer to "which country?" asked by the crisis answer or "talk to someone": what it was for."""
        value = read_answer("country", tracker)
        if value is None:
            return []
        purpose = tracker.get_slot("country_for")
        flow.set("country", value)
        flow.set("country_for", None)
        if flow.get("pending_question") == "country":
            flow.set("pending_question", None)  # a flow's own country question is answered too
        if purpose == FOR_CRISIS:
            show_crisis(render.dispatcher, tracker, value, render.language)
            crisis_after(render.dispatcher, render.language)
        elif purpose == FOR_TALK:
            show_talk(render.dispatcher, tracker, value, render.language)
        elif purpose == FOR_CHANGE:
            country_changed(render.dispatcher, value, render.language)
        return flow.events()

    @staticmethod
    def go_to_requested_step(flow: Flow, tracker: Tracker) -> None:
        """A "next" button names the step it leads to, so an old button still goes to the right place."""
        for entity in tracker.latest_message.get("entities") or []:
            if entity.get("entity") == "step" and str(entity.get("value")).isdigit():
                flow.set("guide_step", int(entity["value"]))

    def start(self, guide: Guide, flow: Flow, render: Renderer) -> None:
        if guide.opening:
            render.bubble.say(guide.opening[render.language])  # with the first step, or alone before a question
        seen = list(flow.get("guides_seen") or [])
        flow.set("guides_seen", seen + [guide.id] if guide.id not in seen else seen)
        flow.set("guide", guide.id)
        flow.set("guide_step", 0)
        flow.set("pending_question", None)
        self.advance(guide, flow, render)

    @staticmethod
    def advance(guide: Guide, flow: Flow, render: Renderer) -> None:
        """Asks the first unanswered question; with none left, shows the next step."""
        for question in guide.questions:
            if not flow.get(ANSWER_SLOTS[question]):
                flow.set("pending_question", question)
                render.ask(render.book.questions[question])
                return
        steps = steps_here(guide, flow.answers(), flow.country())
        index = int(flow.get("guide_step") or 0)
        if index >= len(steps):  # "next" after the last step: the end, not the last step again
            render.done()
            return
        if flow.country() is None and steps[index].needs_country:
            flow.set("pending_question", "country")  # asked when a step first shows a country's help
            render.ask(render.book.questions["country"])
            return
        render.step(guide, steps, index)
        flow.set("guide_step", index + 1)
