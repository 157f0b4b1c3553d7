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

from actions.conversation import country_of, directory, language_of, page_setting
from actions.platforms import platform_card
from chatbot.directory import card
from chatbot.directory.files import INTERNATIONAL, OrganisationData
from chatbot.guides.answers import mentioned_platform
from chatbot.guides.content import guide_book
from chatbot.parse_data import CRISIS_KIND, MEET
from chatbot.web.schools import get_school

# Which kinds of help "talk to someone" (and anything else that shows contacts) needs, most urgent first.
TOPICS_BY_INTENT: Dict[str, Sequence[str]] = {
    "talk_to_someone": ("emotional_support", "sextortion"),
}
MAX_CRISIS_LINES = 2
SUPPORT_TOPICS = ("emotional_support",)
MAX_CARDS = 3


def contacts_for(country: str, topics: Sequence[str]) -> List[OrganisationData]:
    """The directory's answer; where it has none for these topics, someone to talk to instead,
    and for a country we have no data for, the tools that work everywhere."""
    return (directory().contacts(country, topics) or directory().contacts(country, SUPPORT_TOPICS)
            or directory().contacts(INTERNATIONAL, ("removal",)))


def crisis_contacts(country: str) -> List[OrganisationData]:
    """In danger, few cards, most urgent first: the emergency line, then the crisis lines."""
    number = directory().emergency_number(country)
    emergency = [o for o in directory().contacts(country, ("emergency",)) if any(c.value == number for c in o.channels)][:1]
    crisis = [o for o in directory().contacts(country, ("crisis",)) if o not in emergency]
    return emergency + crisis[:MAX_CRISIS_LINES]


def utter_contacts(dispatcher: CollectingDispatcher, organisations: Sequence[OrganisationData], language: str) -> None:
    """One message per organisation; `custom` carries the link (tel: for phones) for the widget."""
    for org in organisations:
        channel = org.channels[0]
        dispatcher.utter_message(
            text=card(org, language),
            json_message={"contact": {"id": org.id, "kind": channel.kind, "link": channel.tel or channel.value,
                                      "label": org.name[language]}},
        )


def utter_school_contact(dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> bool:
    """The school's own counsellor, when the page is a school's (schools/<slug>.yml); True if shown."""
    school = get_school(page_setting(tracker, "school"))
    counsellor = school.counsellor if school else None
    if counsellor is None:
        return False
    value = counsellor.phone or counsellor.email or counsellor.url or ""
    link = counsellor.tel or (f"mailto:{counsellor.email}" if counsellor.email else counsellor.url)
    where = f"\n{counsellor.where[language]}" if counsellor.where else ""
    dispatcher.utter_message(
        text=f"🏫 {school.name} · {counsellor.name[language]}: {value}{where}",
        json_message={"contact": {"id": f"school-{school.slug}", "kind": "school", "link": link,
                                  "label": counsellor.name[language]}},
    )
    return True


class ActionShowContacts(Action):
    """The people to call for this situation; first, if the user named a platform, how to report there."""

    def name(self) -> Text:
        return "action_show_contacts"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
        language = language_of(tracker)
        platform = directory().platform(mentioned_platform(tracker.latest_message.get("text") or "") or "")
        if platform:
            dispatcher.utter_message(text=platform_card(platform, language))
        topics = TOPICS_BY_INTENT.get(intent, SUPPORT_TOPICS)
        utter_contacts(dispatcher, contacts_for(country_of(tracker), topics)[:MAX_CARDS], language)
        utter_school_contact(dispatcher, tracker, language)
        return []


class ActionCrisisContacts(Action):
    """The emergency line first, then the crisis lines of the user's country."""

    def name(self) -> Text:
        return "action_crisis_contacts"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        country, language = country_of(tracker), language_of(tracker)
        if not directory().emergency_number(country):
            # A country we have no data for: its emergency number is the one thing that helps now.
            dispatcher.utter_message(text=guide_book().texts["local_emergency"][language])
        utter_contacts(dispatcher, crisis_contacts(country), language)
        if tracker.latest_message.get(CRISIS_KIND) == MEET:
            dispatcher.utter_message(response="utter_crisis_meet")  # "don't go", after the numbers
        return []


class ActionFallbackContact(Action):
    """Not understood: one person to talk to, besides the menu (never a guess)."""

    def name(self) -> Text:
        return "action_fallback_contact"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        utter_contacts(dispatcher, contacts_for(country_of(tracker), SUPPORT_TOPICS)[:1], language_of(tracker))
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
