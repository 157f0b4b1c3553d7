"""What a guided flow shows: its slots as this turn changes them (`Flow`) and the messages of a
step, a question or the end (`Renderer`), in the conversation's language, for its country.

Why apart from the action: `actions/guides.py` decides *which* question or step comes next; this
module decides *what it looks like* (cards from the directory, the ready-to-send text that fits
the situation, a line open now for a blackmail, a parent's line for adults).
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Dict, List, Mapping, Optional, Sequence, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.contacts import MAX_CARDS, Bubble, contacts_for, country_buttons, law_advisers, talk_contacts
from actions.conversation import country_of, directory, language_of
from actions.platforms import platform_card
from actions.rights import key_laws, shows_something
from chatbot.directory.files import INTERNATIONAL, OrganisationData
from chatbot.directory.query import first_sentence
from chatbot.guides.answers import OTHER_COUNTRY
from chatbot.guides.content import Guide, GuideBook, Question, Step, guide_book, payload

# The slot that holds each question's answer.
ANSWER_SLOTS = {"threatened": "threatened", "sharing_now": "sharing_now", "under_18": "under_18",
                "subject_under_18": "under_18", "country": "country", "platform": "platform"}
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
        self.bubble.cards(hash_tools_for(self.book, self.flow.get("under_18")))

    def platform(self) -> None:
        chosen = self.flow.get("platform") or ""
        if chosen == "adult":  # a porn site: its own report link, Take It Down, and Google's results
            self.bubble.say(self.text("adult_site_how"))
            chosen = "google_search"
        found = directory().platform(chosen)
        self.bubble.say(platform_card(found, self.language) if found else self.text("no_platform"))


def hash_tools_for(book: GuideBook, under_18: Optional[str]) -> List[OrganisationData]:
    """Take It Down and/or StopNCII, by the answer to "under 18 in the image?" (both when unknown)."""
    tools = {org.id: org for org in directory().contacts(INTERNATIONAL, ("removal",))}
    return [tools[i] for i in book.hash_tools[under_18 or "unknown"] if i in tools]


def steps_here(guide: Guide, answers: Mapping[str, Optional[str]], country: Optional[str]) -> List[Step]:
    """The steps of `guide` for these answers that say something in this country (see
    actions.rights.shows_something) and say it once (see repeats_the_hash_step)."""
    return [step for step in guide.steps_for(answers)
            if shows_something(step.show, country) and not repeats_the_hash_step(step, guide, country)]


def repeats_the_hash_step(step: Step, guide: Guide, country: Optional[str]) -> bool:
    """True for a "removal services" step in a country without one, in a flow that has a hash-tool
    step: the step would show Take It Down as its fallback, and the next step Take It Down again."""
    served = country is not None and country in directory().countries()
    return (step.show == ("contacts:removal",) and country is not None
            and not (served and directory().contacts(country, ("removal",)))
            and any("hash_tools" in other.show for other in guide.steps if other is not step))


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
