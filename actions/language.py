"""Sets the `language`, `country` and `emergency_number` slots after every user message.

Why a validation action: the choice needs the conversation so far (the current
slot, the page setting), which NLU components cannot see. The rule itself is
`chatbot.language.choice.choose_language`.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.forms import ValidationAction
from rasa_sdk.types import DomainDict

from actions.conversation import country_of, directory, language_of, page_setting, settings
from chatbot.directory.emergency import emergency_words
from chatbot.guides.answers import stated_country
from chatbot.language.choice import choose_language
from chatbot.language.detection import SUPPORTED, Detection, detect_message


def _detection(tracker: Tracker) -> Detection:
    """What the NLU pipeline attached to the message; detected here only if it is missing."""
    stored = tracker.latest_message.get("language")
    if isinstance(stored, dict) and "decisive" in stored:
        return Detection.from_dict(stored)
    return detect_message(tracker.latest_message.get("text") or "")


def _button_choice(tracker: Tracker) -> Optional[str]:
    """The language the classifier tagged in a switch request ("habla en [francés]")."""
    if (tracker.latest_message.get("intent") or {}).get("name") != "switch_language":
        return None
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == "language" and entity.get("value") in SUPPORTED:
            return entity["value"]
    return None


class ValidateSlotMappings(ValidationAction):
    def name(self) -> Text:
        return "action_validate_slot_mappings"

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        """The extracted values as they are: the extract_* methods below already decide them.

        Why override: rasa_sdk's loop does the same but logs "Skipping validation for ..."
        for each slot without a validate_* method, three warnings on every turn.
        """
        wanted = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        return [SlotSet(slot, value) for slot, value in tracker.slots_to_validate().items() if slot in wanted]

    async def extract_language(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        chosen = choose_language(
            current=tracker.get_slot("language"),
            detection=_detection(tracker),
            preset=page_setting(tracker, "language"),
            default=settings().default_language,
            requested=_button_choice(tracker),
        )
        return {"language": chosen}

    async def extract_country(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        """Where the user says they are, at any time; else a page or school setting, until then.

        Read here, before the policies run, so that "soy de México y ya no quiero vivir"
        gets Mexico's lines in that very answer. Without either, the slot stays empty and
        the assistant asks (never the language's country).
        """
        stated = stated_country(tracker.latest_message.get("text") or "", directory().countries())
        if stated and stated != tracker.get_slot("country"):
            return {"country": stated}
        if tracker.get_slot("country"):
            return {}
        preset = (page_setting(tracker, "country") or "").upper()
        return {"country": preset} if preset in directory().countries() else {}

    async def extract_emergency_number(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        """The country's number; without a country, every served country's with where it works."""
        # rasa_sdk updates the tracker after each extract_*: this turn's language and country are read.
        return {"emergency_number": emergency_words(directory(), country_of(tracker), language_of(tracker))}
