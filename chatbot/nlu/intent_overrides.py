"""Rasa component: deterministic corrections of the classifier's intent.

Why after DIET: a statistical classifier always picks one of its intents, even
for Arabic text or a row of emoji, and it is unsure of a reply that is only an
age, a country or a platform ("17"). Those cases are certain without a model, so
they are settled here, and so is any sign of crisis (chatbot/nlu/crisis.py).
"""
from __future__ import annotations

from typing import Any, List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from chatbot.guides.answers import is_bare_answer
from chatbot.language.detection import is_button_payload
from chatbot.nlu.crisis import crisis_reason
from chatbot.nlu.language_detector import LANGUAGE
from chatbot.nlu.spacy_bilingual import warm_up
from chatbot.nlu.stateless import StatelessComponent
from chatbot.parse_data import CRISIS_KIND

UNSUPPORTED_LANGUAGE = "unsupported_language"
SWITCH_LANGUAGE = "switch_language"
CRISIS = "crisis"
INFORM = "inform"
NLU_FALLBACK = "nlu_fallback"


def override_intent(message: Message, intent: Text) -> None:
    """Sets `intent` with full confidence and keeps the classifier's ranking for debugging."""
    forced = {INTENT_NAME_KEY: intent, PREDICTED_CONFIDENCE_KEY: 1.0}
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != intent]
    message.set(INTENT, forced, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [forced] + ranking, add_to_output=True)


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class IntentOverrides(StatelessComponent):
    """Forces `crisis`, `switch_language`, `unsupported_language`, `inform` and `nlu_fallback` where no model is needed."""

    @classmethod
    def create(cls, *args: Any, **kwargs: Any) -> "IntentOverrides":
        warm_up()  # the crisis net's spaCy models (and the redactor's: the same ones), loaded with the model
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            detection = message.get(LANGUAGE) or {}
            text = (message.get(TEXT) or "").strip()
            if is_button_payload(text):
                continue  # a button payload: the intent is explicit
            reason = crisis_reason(text)
            if reason:
                override_intent(message, CRISIS)  # safety first, whatever DIET said
                message.set(CRISIS_KIND, reason.split(":", 1)[1], add_to_output=True)
            elif detection.get("requested"):
                override_intent(message, SWITCH_LANGUAGE)
            elif is_bare_answer(text):
                override_intent(message, INFORM)  # "17", "soy de chile", "sur snap": an answer, in any language
            elif detection.get("other"):
                override_intent(message, UNSUPPORTED_LANGUAGE)
            elif detection.get("language") is None:
                override_intent(message, NLU_FALLBACK)
        return messages
