"""Actions that show contacts: greeting (emergency number), topics, crisis, fallback.

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
    for contact in contacts:
        dispatcher.utter_message(
            response="utter_contact_card",
            name=contact.name[language],
            value=contact.value,
            hours=contact.hours[language],
            what=contact.what[language],
            tel=contact.tel,
        )


def emergency_number(country: str) -> str:
    """The loader guarantees every country has one, so this cannot come back empty."""
    return directory().for_topics(country, ("emergency",))[0].value


class ActionGreet(Action):
    def name(self) -> Text:
        return "action_greet"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_greet", emergency_number=emergency_number(country_of(tracker)))
        return []


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


class ActionCrisis(Action):
    def name(self) -> Text:
        return "action_crisis"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_crisis")
        utter_contacts(dispatcher, directory().for_topics(country_of(tracker), CRISIS_TOPICS), language_of(tracker))
        dispatcher.utter_message(response="utter_crisis_after")
        return []


class ActionFallback(Action):
    """Low confidence: never guess; offer the menu and a person to talk to."""

    def name(self) -> Text:
        return "action_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_fallback")
        utter_contacts(dispatcher, directory().for_topics(country_of(tracker), ("support",))[:1], language_of(tracker))
        dispatcher.utter_message(response="utter_menu")
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
