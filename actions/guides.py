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
from dataclasses import replace
from typing import Any, Dict, List, Mapping, Optional, Sequence, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.contacts import (
    FOR_CHANGE,
    FOR_CRISIS,
    FOR_TALK,
    MAX_CARDS,
    Bubble,
    country_buttons,
    country_changed,
    crisis_after,
    contacts_for,
    law_advisers,
    show_crisis,
    show_talk,
    talk_contacts,
)
from actions.conversation import country_of, directory, language_of
from actions.platforms import platform_card
from actions.rights import key_laws, steps_here
from chatbot.directory.emergency import emergency_words, is_served
from chatbot.directory.query import first_sentence
from chatbot.directory.files import OrganisationData
from chatbot.guides.answers import OTHER_COUNTRY, country_answer, is_sms_x, mentioned_platform, under_18_answer
from chatbot.guides.content import Guide, GuideBook, Question, Step, guide_book, payload
from chatbot.language.detection import fold

# The slot that holds each question's answer.
ANSWER_SLOTS = {"threatened": "threatened", "sharing_now": "sharing_now", "under_18": "under_18",
                "subject_under_18": "under_18", "country": "country", "platform": "platform"}
# "I am 45": an adult speaking of themselves, never an answer about the person in the image (parent flow).
_FIRST_PERSON = re.compile(r"\b(?:tengo|soy|j\W?ai|jai|je suis|j\W?suis)\b")
# "tiene 15", "tenía 13", "il a 15 ans", "elle avait 14 ans", "mi hijo de 15", "mon fils de 15 ans":
# the age of the person spoken of.
_THEIR_AGE = re.compile(r"\b(?:tiene|tenia|(?:il|elle|fille|fils|eleve) (?:a|avait)"
                        r"|(?:hijo|hija|alumno|alumna|fils|fille|eleve|enfant|nino|nina) de)\s+(\d{1,2})\b")
YES_NO = {"affirm": "yes", "deny": "no"}
NO_PLATFORM = ("web", "adult", "unknown")  # answers with no card of their own in the directory
# The summary's contacts: the country's, most urgent first, then the tools that work everywhere.
KIT_TOPICS = ("crisis", "sextortion", "removal", "reporting", "emotional_support")
KIT_NATIONAL = 8
# Topics where a line that answers now must be among the cards: a teen blackmailed at 1 a.m. saw only
# Spain's 017 (8-23 h) or France's 3018 (9-23 h) under "these people help you" (review S3).
OPEN_NOW_TOPICS = ("sextortion",)
# How the directory writes "day and night" in a channel's Spanish hours ("24 h, todos los días",
# "24 h/24", "Atendida día y noche", "En cualquier momento"); "De 8:00 a 24:00" is not.
_ALL_DAY = re.compile(r"\b24\s?h\b|24/7|d[ií]a y noche|cualquier momento", re.I)
LINE_KINDS = ("phone", "sms", "whatsapp", "chat")  # a website or a form does not answer
OPEN_NOW_CARDS = 2  # the topic's first card and the line open now: the step stays within a phone's 900 characters
# Flows read by an adult about a child: an organisation's line for adults comes first (ANAR's family line).
ADULT_GUIDES = ("parent_teacher",)


class Flow:
    """The flow's slots as this turn changes them (the tracker only sees them once returned)."""

    def __init__(self, tracker: Tracker) -> None:
        self.tracker = tracker
        self.changes: Dict[str, Any] = {}

    def get(self, slot: str) -> Any:
        return self.changes[slot] if slot in self.changes else self.tracker.get_slot(slot)

    def set(self, slot: str, value: Any) -> None:
        self.changes[slot] = value

    def answers(self) -> Dict[str, Optional[str]]:
        return {question: self.get(slot) for question, slot in ANSWER_SLOTS.items()}

    def country(self) -> Optional[str]:
        """A served country, OTHER_COUNTRY (none of ours, travelling, or the question skipped), or None: ask."""
        chosen = self.get("country")
        if chosen == OTHER_COUNTRY or chosen in directory().countries():
            return chosen
        if chosen == "unknown":
            return OTHER_COUNTRY  # skipped: what works everywhere, not the question again
        return country_of(self.tracker)

    def situation(self, book: GuideBook) -> Optional[str]:
        """The open flow's situation, else the last situation flow seen ("get it removed" after
        "they passed round a real photo of me" gets the real-photo texts), else None (plain texts)."""
        opened = [self.get("guide")] + list(reversed(self.get("guides_seen") or []))
        return next((book.guides[g].situation for g in opened if g in book.guides and book.guides[g].situation), None)

    def events(self) -> List[Dict[Text, Any]]:
        return [SlotSet(slot, value) for slot, value in self.changes.items()]


class Renderer:
    """Sends a flow's messages in the conversation's language, for its country."""

    def __init__(self, dispatcher: CollectingDispatcher, book: GuideBook, language: str, flow: Flow) -> None:
        self.dispatcher, self.book, self.language, self.flow = dispatcher, book, language, flow
        self.bubble = Bubble(dispatcher, language)  # a step's text and what its blocks show: one message
        self.for_adults = False  # a parent's or teacher's flow: lines for adults (set by step())

    @classmethod
    def for_turn(cls, dispatcher: CollectingDispatcher, tracker: Tracker) -> "Renderer":
        return cls(dispatcher, guide_book(), language_of(tracker), Flow(tracker))

    def text(self, key: str, **values: str) -> str:
        return self.book.texts[key][self.language].format(**values)

    def say(self, key: str, buttons: Optional[List[Dict[str, str]]] = None) -> None:
        self.utter(text=self.text(key), buttons=buttons or [])

    def utter(self, **message: Any) -> None:
        """A message of its own, after whatever the open bubble holds (an opening, a step)."""
        self.bubble.send()
        self.dispatcher.utter_message(**message)

    def button(self, key: str, intent: str, **entities: str) -> Dict[str, str]:
        return {"title": self.text(key), "payload": payload(intent, **entities)}

    def ask(self, question: Question) -> None:
        self.utter(text=question.text[self.language], buttons=self.answer_buttons(question))

    def answer_buttons(self, question: Question) -> List[Dict[str, str]]:
        if question.id == "country":
            return country_buttons(self.language)
        if question.id == "platform":
            buttons = [{"title": p.name, "payload": payload("inform", platform=p.id)} for p in directory().platforms]
            return buttons + [self.button("website", "inform", platform="web"),
                              self.button("adult_site", "inform", platform="adult"),
                              self.button("unknown_platform", "inform", platform="unknown")]
        intents = {"yes": "affirm", "no": "deny"}
        return [{"title": a.title[self.language],
                 "payload": payload(intents[a.value]) if a.value in intents else payload("inform", answer=a.value)}
                for a in question.answers]

    def step(self, guide: Guide, steps: Sequence[Step], index: int) -> None:
        step = steps[index]
        self.for_adults = guide.id in ADULT_GUIDES
        header = self.text("step_of", n=str(index + 1), total=str(len(steps)))
        text = step.text_for(self.flow.country())[self.language]
        self.bubble.say(f"{header} · {step.title[self.language]}\n{text}")
        before = (len(self.bubble.texts), len(self.dispatcher.messages))
        for block in step.show:
            self.block(block)
        if (len(self.bubble.texts), len(self.dispatcher.messages)) == before:
            # Nothing shown after a text that announces it ("...consecuencias:"): no dangling colon (review P3).
            self.bubble.texts[-1] = no_dangling_colon(self.bubble.texts[-1])
        self.bubble.send()
        buttons = [self.button("menu", "menu"), self.button("talk", "talk_to_someone")]
        if index + 1 < len(steps):
            nxt = {"title": f"{self.text('next')}: {steps[index + 1].title[self.language]}",
                   "payload": payload("next_step", step=str(index + 1))}
            self.utter(text=self.text("continue"), buttons=[nxt] + buttons)
        else:
            self.done()

    def done(self) -> None:
        buttons = [self.button("kit", "report_kit"), self.button("menu", "menu"), self.button("talk", "talk_to_someone")]
        self.utter(text=self.text("done"), buttons=buttons)

    def block(self, block: str) -> None:
        kind, _, argument = block.partition(":")
        country = self.flow.country() or OTHER_COUNTRY  # advance() asks first for a step that needs it
        if kind == "contacts":
            self.contacts(country, argument)
        elif kind == "hash_tools":
            self.hash_tools()
        elif kind == "platform":
            self.platform()
        elif kind == "law":
            law = next((law for law in directory().laws(country) if law.id == argument), None)
            if law:
                self.bubble.law(law)
        elif kind == "laws_key":
            laws = key_laws(country) if country != OTHER_COUNTRY else []
            if not laws:
                self.bubble.say(self.text("no_laws")).cards(law_advisers(country))
            for law in laws:
                self.bubble.law(law)
        elif kind == "template":
            template = self.book.template(argument, country)
            if template:  # a bubble of its own, to copy whole
                language = template.language or self.language
                intro = (self.text("template_intro") if language == self.language
                         else self.text("template_in_language", language=self.text(f"language_{language}")))
                self.bubble.say(intro).send()
                self.utter(text=template.text(self.flow.situation(self.book), self.language))
        elif kind == "school":  # the school's own counsellor, when the page is a school's
            self.bubble.school(self.flow.tracker)

    def contacts(self, country: str, topic: str) -> None:
        if country == OTHER_COUNTRY:
            if topic in ("emotional_support", "crisis"):  # a person to tell, not a removal tool (review S7)
                self.bubble.say(self.text("talk_unknown_country"))
                return
            if topic != "removal":  # the police, a school service, a lawyer: none we know there
                self.bubble.say(self.text("services_unknown_country"))
                return
            self.bubble.say(self.text("unknown_country"))
            self.hash_tools()
            return
        if topic == "removal" and not directory().contacts(country, (topic,)):
            self.hash_tools()  # no national removal channel here: the tools that work everywhere
            return
        # Never a crisis line for a legal question, never the police or a website as people who listen.
        cards = contacts_for(country, (topic,))[:MAX_CARDS]
        if topic in OPEN_NOW_TOPICS and not any(answers_now(org) for org in cards):
            line = next((o for o in open_now_lines(country) if o not in cards), None)
            cards = cards[:OPEN_NOW_CARDS - 1] + [line] if line else cards
        if self.for_adults:
            self.adult_cards(cards)
        else:
            self.bubble.cards(cards)

    def adult_cards(self, organisations: Sequence[OrganisationData]) -> None:
        """Cards for a parent or teacher: where an organisation has a line for adults, that line, and
        what its directory entry says it is for ("Esta línea es para personas adultas y familias...")."""
        for org in organisations:
            adult = for_adults(org)
            self.bubble.cards([adult])
            if adult is not org and adult.channels[0].caveat:
                self.bubble.texts[-1] += "\n" + first_sentence(adult.channels[0].caveat[self.language])

    def hash_tools(self) -> None:
        ids = self.book.hash_tools[self.flow.get("under_18") or "unknown"]
        tools = {org.id: org for org in directory().contacts("INT", ("removal",))}
        self.bubble.cards([tools[i] for i in ids if i in tools])

    def platform(self) -> None:
        chosen = self.flow.get("platform") or ""
        if chosen == "adult":  # a porn site: its own report link, Take It Down, and Google's results
            self.bubble.say(self.text("adult_site_how"))
            chosen = "google_search"
        found = directory().platform(chosen)
        self.bubble.say(platform_card(found, self.language) if found else self.text("no_platform"))


def no_dangling_colon(text: str) -> str:
    """"...tiene consecuencias:" -> "...tiene consecuencias."; "... conséquences :" -> "... conséquences."."""
    return re.sub(r"\s*:\s*$", ".", text)


def answers_now(org: OrganisationData) -> bool:
    """True when the card's line (its first channel) is a phone or chat open day and night, as its hours say."""
    channel = org.channels[0]
    return channel.kind in LINE_KINDS and bool(channel.hours) and bool(_ALL_DAY.search(channel.hours["es"]))


def open_now_lines(country: str) -> List[OrganisationData]:
    """The country's lines that answer now: people who listen, then crisis lines; where it has none
    (Luxembourg: no helpline's hours are known), the police line that takes reports (113), never an
    ambulance or fire line."""
    found = talk_contacts(country) + directory().contacts(country, ("crisis",))
    unique = [o for i, o in enumerate(found) if o.id not in {f.id for f in found[:i]}]
    listening = [o for o in unique if answers_now(o) and "emergency" not in o.topics]
    return listening or [o for o in directory().contacts(country, ("reporting",)) if answers_now(o)]


def for_adults(org: OrganisationData) -> OrganisationData:
    """`org` with its line for adults first when its first line is only for minors (ANAR's first phone is
    for under-18s, its second for adults and families), so a parent is not sent to the children's line."""
    first = org.channels[0]
    if first.age_max is None or first.age_max >= 18:
        return org
    adult = next((c for c in org.channels[1:] if c.kind == first.kind and (c.age_max is None or c.age_max >= 18)), None)
    return replace(org, channels=(adult, *[c for c in org.channels if c is not adult])) if adult else org


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


class ActionReportKit(Action):
    """A plain-text summary of the user's own next steps and contacts, built from choices only.

    Never from free text: it lists the steps of the flows the user opened and the
    contacts for their country, so it holds nothing the user typed.
    """

    def name(self) -> Text:
        return "action_report_kit"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        render = Renderer.for_turn(dispatcher, tracker)
        book, flow = render.book, render.flow
        guides = [book.guides[g] for g in tracker.get_slot("guides_seen") or [] if g in book.guides]
        if not guides:
            render.say("kit_empty")
            dispatcher.utter_message(response="utter_menu")
            return []
        text = report_kit(book, guides, flow.answers(), flow.country(), render.language)
        render.say("kit_intro")
        dispatcher.utter_message(text=text, json_message={"report_kit": {"text": text}})
        dispatcher.utter_message(response="utter_anything_else")
        return []


def report_kit(book: GuideBook, guides: Sequence[Guide], answers: Mapping[str, Optional[str]],
               country: Optional[str], language: str) -> str:
    """Steps, then the emergency number and every contact with its hours; the tools that work
    everywhere (Take It Down / StopNCII) are never cut."""
    texts = book.texts
    lines: List[str] = []
    for guide in guides:
        lines.append(f"■ {guide.title[language]}")
        lines += [f"  {i}. {step.title[language]}" for i, step in enumerate(steps_here(guide, answers, country), 1)]
    lines.append("")
    lines.append(texts["kit_emergency"][language].format(number=emergency_words(directory(), country, language)))
    lines.append(f"■ {texts['kit_contacts'][language]}")
    served = is_served(directory(), country)
    orgs = directory().contacts(country or "", KIT_TOPICS)[:KIT_NATIONAL] if served else []
    orgs += [o for i in book.hash_tools[answers.get("under_18") or "unknown"]
             for o in directory().contacts("INT", ("removal",)) if o.id == i]
    lines += [f"  • {kit_line(org, language)}" for org in orgs]
    return "\n".join(lines)


def kit_line(org: OrganisationData, language: str) -> str:
    """"017 · INCIBE: 017 · De 8:00 a 23:00 (...)": name, first channel, its hours and the first sentence
    of what to know about it ("NO es 24 h", "solo en Bogotá"), when the directory has them."""
    channel = org.channels[0]
    hours = f" · {channel.hours[language]}" if channel.hours else ""
    caveat = f" ({first_sentence(channel.caveat[language])})" if channel.caveat else ""
    return f"{org.name[language]}: {channel.value}{hours}{caveat}"
