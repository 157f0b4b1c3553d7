"""Rasa component: attaches each message's language to the message.

Why a pipeline component: the bilingual spaCy component needs the language before
it tokenizes, and the dialogue needs it after parsing (in the parse data under
`language`). Training examples carry their language in their intent metadata
(`metadata: {language: es}`), which is more reliable than detecting "ok".
"""
from __future__ import annotations

from typing import List, Optional

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import METADATA, METADATA_INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from chatbot.language.detection import SUPPORTED, Detection, detect, detect_message
from chatbot.nlu.stateless import StatelessComponent

LANGUAGE = "language"


def message_language(message: Message, default: str = "es") -> str:
    """The language spaCy should read this message with (always a supported one)."""
    detection = message.get(LANGUAGE) or {}
    language = detection.get("language") if isinstance(detection, dict) else None
    return language if language in SUPPORTED else default


def _training_language(message: Message) -> Optional[str]:
    metadata = message.get(METADATA) or {}
    intent_metadata = metadata.get(METADATA_INTENT) or {}
    language = intent_metadata.get(LANGUAGE) if isinstance(intent_metadata, dict) else None
    return language if language in SUPPORTED else None


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=False
)
class LanguageDetector(StatelessComponent):
    """Adds `language`: {language, confidence, decisive, other, requested} to every message."""

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for example in training_data.training_examples:
            text = example.get(TEXT)
            if not text:
                continue
            known = _training_language(example)
            detection = detect(text)
            if known:
                detection = Detection(known, 1.0, True)
            example.set(LANGUAGE, detection.as_dict())
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            message.set(LANGUAGE, detect_message(message.get(TEXT) or "").as_dict(), add_to_output=True)
        return messages
