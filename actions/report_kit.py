"""The report kit: a plain-text summary of the user's own next steps and contacts.

Why its own module: it is a document to copy (every step title of the flows the teen opened, the
emergency number, each contact with its hours and what to know), built from choices only, never
from typed text, and it must never drop the tools that work everywhere.
"""
from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Sequence, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import directory
from actions.guide_render import Renderer, hash_tools_for, steps_here
from chatbot.directory.emergency import emergency_words, is_served
from chatbot.directory.files import OrganisationData
from chatbot.directory.query import first_sentence
from chatbot.guides.content import Guide, GuideBook

# The summary's contacts: the country's, most urgent first, then the tools that work everywhere.
KIT_TOPICS = ("crisis", "sextortion", "removal", "reporting", "emotional_support")
KIT_NATIONAL = 8


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
    orgs += hash_tools_for(book, answers.get("under_18"))
    lines += [f"  • {kit_line(org, language)}" for org in orgs]
    return "\n".join(lines)


def kit_line(org: OrganisationData, language: str) -> str:
    """"017 · INCIBE: 017 · De 8:00 a 23:00 (...)": name, first channel, its hours and the first sentence
    of what to know about it ("NO es 24 h", "solo en Bogotá"), when the directory has them."""
    channel = org.channels[0]
    hours = f" · {channel.hours[language]}" if channel.hours else ""
    caveat = f" ({first_sentence(channel.caveat[language])})" if channel.caveat else ""
    return f"{org.name[language]}: {channel.value}{hours}{caveat}"
