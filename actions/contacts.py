"""Actions that show contacts: topics, crisis, fallback.

Why actions and not responses: a phone number lives only in data/directory/, so
anything that shows one is rendered here from the directory, in the user's
language and for the user's country.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import AllSlotsReset, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import country_of, directory, language_of, page_setting
from actions.platforms import platform_card
from chatbot.directory import card, contact_data
from chatbot.directory.emergency import crisis_contacts, emergency_by_region, is_served, regional_line
from chatbot.directory.files import INTERNATIONAL, LawData, OrganisationData
from chatbot.directory.query import law_card, law_data
from chatbot.guides.answers import mentioned_platform
from chatbot.guides.content import guide_book, payload
from chatbot.parse_data import CRISIS_KIND, MEET
from chatbot.web.schools import get_school

# "Someone to talk to": people who listen, most fitting first; never the police or a website.
TALK_TOPICS = ("emotional_support",)
TALK_CHANNELS = ("phone", "sms", "whatsapp", "chat")  # a website or a form is not someone to talk to
MAX_CARDS = 3
# What a pending answer to "which country?" will show, kept in the `country_for` slot.
FOR_CRISIS, FOR_TALK, FOR_CHANGE = "crisis", "talk", "change"
# Who can say what the law is: services that advise, take reports or help with blackmail.
LAW_ADVICE_TOPICS = ("legal_advice", "sextortion", "reporting", "emotional_support")
_LEGAL_WORK = frozenset({"legal_advice", "sextortion", "reporting"})


def listens(org: OrganisationData) -> bool:
    """Someone to talk to: reached by voice or chat; never an emergency line (police, ambulance)
    nor a line only for reports (Chile's PDI, Mexico's 089: "no es una línea de apoyo"). A
    child helpline that also takes reports (119, ICBF 141) listens: it is tagged emotional_support."""
    topics = set(org.topics)
    return ("emergency" not in topics and ("emotional_support" in topics or "reporting" not in topics)
            and org.channels[0].kind in TALK_CHANNELS)


def talk_contacts(country: str) -> List[OrganisationData]:
    """People who listen, reached by voice or chat; where the country has none, its crisis lines
    (review S7: Chile got the police, other fallbacks a website)."""
    found = [o for o in directory().contacts(country, TALK_TOPICS) if listens(o)]
    return found or [o for o in directory().contacts(country, ("crisis",)) if listens(o)]


def law_advisers(country: str) -> List[OrganisationData]:
    """Who can say what the law is in the country: never an emergency line nor a line only for
    crises (a legal question is not an emergency; review S7: Chile's suicide line *4141); a 24 h
    line that also advises, takes reports or helps with blackmail (ANAR, ICBF 141, Peru's Línea
    100) may. An empty list if the directory has no one."""
    return [o for o in directory().contacts(country, LAW_ADVICE_TOPICS)
            if "emergency" not in o.topics and ("crisis" not in o.topics or _LEGAL_WORK & set(o.topics))][:2]


def contacts_for(country: str, topics: Sequence[str]) -> List[OrganisationData]:
    """The directory's answer for `topics` (when they ask for people who listen, only those who do).

    Where it has none: for the law, people who know it (never a crisis line); for removal, the
    tools that work everywhere; for a crisis, the emergency line then people who listen; else
    people who listen, or the crisis lines (never a website or the police).
    """
    found = directory().contacts(country, topics)
    if set(topics) & set(TALK_TOPICS):
        found = [o for o in found if listens(o)]
    if found:
        return found
    if "legal_advice" in topics:
        return law_advisers(country)
    if "removal" in topics:
        return directory().contacts(INTERNATIONAL, ("removal",))
    if "crisis" in topics:
        return crisis_contacts(directory(), country)[:1] + talk_contacts(country)
    return talk_contacts(country)


def country_buttons(language: str, extra: Sequence[Dict[str, str]] = ()) -> List[Dict[str, str]]:
    """One button per served country, then "another country or travelling" (and any extra)."""
    texts = guide_book().texts
    buttons = [{"title": directory().country_name(code, language) or code, "payload": payload("inform", country=code)}
               for code in directory().countries()]
    return buttons + [{"title": texts["other_country"][language], "payload": payload("inform", country=INTERNATIONAL)},
                      *extra]


class Bubble:
    """Texts and contact cards sent as one message.

    Why: a phone shows a turn whole when it has at most three bubbles (issue 17); one card
    per bubble made a step five bubbles and 2,500 characters. Each card is a short first
    view; the page shows its full text under "más información" (custom `contacts[].more`).
    """

    def __init__(self, dispatcher: CollectingDispatcher, language: str) -> None:
        self.dispatcher, self.language = dispatcher, language
        self.texts: List[str] = []
        self.contacts: List[Dict[str, str]] = []

    def say(self, text: str) -> "Bubble":
        self.texts.append(text)
        return self

    def cards(self, organisations: Sequence[OrganisationData]) -> "Bubble":
        for org in organisations:
            self.texts.append(card(org, self.language))
            self.contacts.append(contact_data(org, self.language))
        return self

    def law(self, law: LawData) -> "Bubble":
        """A law's first view; the whole text under "más información"."""
        self.texts.append(law_card(law, self.language))
        self.contacts.append(law_data(law, self.language))
        return self

    def school(self, tracker: Tracker) -> "Bubble":
        """The school's own counsellor, when the page is a school's (schools/<slug>.yml)."""
        school = get_school(page_setting(tracker, "school"))
        counsellor = school.counsellor if school else None
        if school is None or counsellor is None:
            return self
        value = counsellor.phone or counsellor.email or counsellor.url or ""
        link = counsellor.tel or (f"mailto:{counsellor.email}" if counsellor.email else counsellor.url) or ""
        where = f"\n{counsellor.where[self.language]}" if counsellor.where else ""
        self.texts.append(f"🏫 {school.name} · {counsellor.name[self.language]}: {value}{where}")
        self.contacts.append({"id": f"school-{school.slug}", "kind": "school", "link": link,
                              "label": counsellor.name[self.language]})
        return self

    def send(self, buttons: Optional[List[Dict[str, str]]] = None) -> None:
        if self.texts:
            self.dispatcher.utter_message(text="\n\n".join(self.texts), buttons=buttons or [],
                                          json_message={"contacts": self.contacts} if self.contacts else None)
        self.texts, self.contacts = [], []


def utter_contacts(dispatcher: CollectingDispatcher, organisations: Sequence[OrganisationData], language: str) -> None:
    """The cards in one message; `custom.contacts` carries each link (tel: for phones) for the page."""
    Bubble(dispatcher, language).cards(organisations).send()


def show_talk(dispatcher: CollectingDispatcher, tracker: Tracker, country: str, language: str) -> None:
    """People who listen in the country (and the school's counsellor), then "anything else?"."""
    bubble = Bubble(dispatcher, language)
    if is_served(directory(), country):
        dispatcher.utter_message(response="utter_talk_to_someone")
        bubble.cards(talk_contacts(country)[:MAX_CARDS])
    else:
        bubble.say(guide_book().texts["talk_unknown_country"][language])
    bubble.school(tracker).send()
    dispatcher.utter_message(response="utter_anything_else")


def show_crisis(dispatcher: CollectingDispatcher, tracker: Tracker, country: Optional[str], language: str) -> bool:
    """The emergency and crisis lines (chatbot/directory/emergency.py); True if the country is known.

    Unknown: each served country's emergency number with where it works, so the first
    answer has a number that works wherever the teen is among them; then the country is asked.
    """
    texts = guide_book().texts
    bubble = Bubble(dispatcher, language)
    if is_served(directory(), country):
        bubble.cards(crisis_contacts(directory(), country or ""))
    elif country:  # a country we have no data for: its emergency number is the one thing that helps now
        bubble.say(texts["local_emergency"][language])
    else:
        bubble.say(texts["emergency_anywhere"][language].format(numbers=regional_line(directory(), language)))
        bubble.contacts += [{"id": f"emergency-{r.number}", "kind": "phone", "link": r.tel,
                             "label": f"{r.number} ({r.names(directory(), language)})"} for r in emergency_by_region(directory())]
    if tracker.latest_message.get(CRISIS_KIND) == MEET:
        bubble.say(texts["crisis_meet"][language])  # "don't go", after the numbers
    bubble.send()
    return bool(country)


def ask_country(dispatcher: CollectingDispatcher, text: str, language: str, purpose: str,
                extra: Sequence[Dict[str, str]] = ()) -> List[Dict[Text, Any]]:
    """Asks where the user is; `country_for` says what the answer shows (read by action_guide)."""
    dispatcher.utter_message(text=text, buttons=country_buttons(language, extra))
    return [SlotSet("country_for", purpose)]


def crisis_after(dispatcher: CollectingDispatcher, language: str) -> None:
    """After the lines: the user may go on where they were, or see the menu."""
    dispatcher.utter_message(text=guide_book().texts["crisis_after"][language], buttons=resume_buttons(language))


def resume_buttons(language: str) -> List[Dict[str, str]]:
    """"Go on where we were" (the open flow's next step or question) and "see the menu"."""
    texts = guide_book().texts
    return [{"title": texts["resume"][language], "payload": "/next_step"},
            {"title": texts["see_menu"][language], "payload": "/menu"}]


class ActionShowContacts(Action):
    """"Talk to someone": who listens in the user's country; first, if they named a platform, how to report there.

    Without a country it asks it first (the answer comes back through action_guide).
    """

    def name(self) -> Text:
        return "action_show_contacts"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        language, country = language_of(tracker), country_of(tracker)
        platform = directory().platform(mentioned_platform(tracker.latest_message.get("text") or "") or "")
        if platform:
            dispatcher.utter_message(text=platform_card(platform, language))
        if country is None:
            return ask_country(dispatcher, guide_book().questions["country"].text[language], language, FOR_TALK)
        show_talk(dispatcher, tracker, country, language)
        return []


class ActionAskCountry(Action):
    """"Change country": asks where the user is; the contacts that follow are that country's."""

    def name(self) -> Text:
        return "action_ask_country"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        language = language_of(tracker)
        return ask_country(dispatcher, guide_book().texts["change_country"][language], language, FOR_CHANGE)


def country_changed(dispatcher: CollectingDispatcher, country: str, language: str) -> None:
    """Says which country's contacts come next; the user goes on where they were, or sees the menu."""
    texts = guide_book().texts
    name = directory().country_name(country, language) or texts["other_country"][language]
    dispatcher.utter_message(text=texts["country_changed"][language].format(country=name), buttons=resume_buttons(language))


class ActionCrisisContacts(Action):
    """The emergency line first, then the crisis lines of the user's country; unknown country: see show_crisis."""

    def name(self) -> Text:
        return "action_crisis_contacts"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        country, language = country_of(tracker), language_of(tracker)
        if show_crisis(dispatcher, tracker, country, language):
            crisis_after(dispatcher, language)
            return []
        return ask_country(dispatcher, guide_book().texts["crisis_country"][language], language, FOR_CRISIS,
                           resume_buttons(language)[:1])


class ActionFallbackContact(Action):
    """Not understood: one person to talk to, besides the menu (never a guess, never a website)."""

    def name(self) -> Text:
        return "action_fallback_contact"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        country, language = country_of(tracker), language_of(tracker)
        found = talk_contacts(country)[:1] if is_served(directory(), country) else []
        if found:  # without a country, the "talk to someone" button under the message asks it
            dispatcher.utter_message(response="utter_someone_to_talk_to")
            utter_contacts(dispatcher, found, language)
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
