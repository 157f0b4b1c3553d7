"""What the law says in the user's country, from the directory's laws."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import country_of, directory, language_of
from chatbot.directory.files import LawData

MAX_LAWS = 3


def key_laws(country: str) -> List[LawData]:
    """Laws in force with a known penalty, in the reviewed file's order (most relevant first).

    Bills are left out here: a bill is not a law, and a teen asking "is it a crime?"
    needs what applies today.
    """
    return [law for law in directory().laws(country) if law.status == "in_force" and law.max_penalty][:MAX_LAWS]


def law_card(law: LawData, language: str) -> str:
    assert law.max_penalty is not None
    return f"⚖️ {law.article}: {law.summary[language]} ({law.max_penalty[language]})"


class ActionShowLaws(Action):
    def name(self) -> Text:
        return "action_show_laws"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        language = language_of(tracker)
        for law in key_laws(country_of(tracker)):
            dispatcher.utter_message(text=law_card(law, language))
        return []
