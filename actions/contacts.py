"""Actions that show contacts: topics, crisis, fallback.

Why actions and not responses: a phone number lives only in data/directory/, so
anything that shows one is rendered here from the directory, in the user's
language and for the user's country.
"""
from __future__ import annotations

from typing import Any, Dict, List, Sequence, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import AllSlotsReset, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import country_of, directory, language_of
from chatbot.directory import Contact

# Which kinds of help each situation needs, most urgent first.
TOPICS_BY_INTENT: Dict[str, Sequence[str]] = {
    "fake_image_of_me": ("online_violence", "support"),
    "blackmail": ("online_violence", "support"),
    "received_image": ("online_violence",),
    "parent_teacher": ("online_violence", "support"),
    "get_removed": ("online_violence",),
    "report_it": ("online_violence", "support"),
    "my_rights": ("support",),
    "talk_to_someone": ("support", "online_violence"),
}
CRISIS_TOPICS = ("emergency", "crisis")


def utter_contacts(dispatcher: CollectingDispatcher, contacts: Sequence[Contact], language: str) -> None:
    """One message per contact; `custom` carries the tap-to-call link for the widget."""
    for contact in contacts:
        dispatcher.utter_message(
            text=contact.card(language),
            json_message={"contact": {"id": contact.id, "tel": contact.tel, "label": contact.name[language]}},
        )


class ActionShowContacts(Action):
    def name(self) -> Text:
        return "action_show_contacts"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
        topics = TOPICS_BY_INTENT.get(intent, ("support",))
        utter_contacts(dispatcher, directory().for_topics(country_of(tracker), topics), language_of(tracker))
        return []


class ActionCrisisContacts(Action):
    """Emergency first, then the crisis lines of the user's country."""

    def name(self) -> Text:
        return "action_crisis_contacts"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        utter_contacts(dispatcher, directory().for_topics(country_of(tracker), CRISIS_TOPICS), language_of(tracker))
        return []


class ActionFallbackContact(Action):
    """Not understood: one person to talk to, besides the menu (never a guess)."""

    def name(self) -> Text:
        return "action_fallback_contact"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        utter_contacts(dispatcher, directory().for_topics(country_of(tracker), ("support",))[:1], language_of(tracker))
        return []


class ActionStartOver(Action):
    """Forgets the conversation's answers but keeps its language and country."""

    def name(self) -> Text:
        return "action_start_over"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        return [
            AllSlotsReset(),
            SlotSet("language", tracker.get_slot("language")),
            SlotSet("country", tracker.get_slot("country")),
        ]
