"""Our Rasa graph components, run for real (real spaCy models, real Rasa messages)."""
from __future__ import annotations

from typing import Any, Dict

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.constants import SPACY_DOCS, TOKENS_NAMES
from rasa.nlu.tokenizers.spacy_tokenizer import SpacyTokenizer
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from chatbot.guides.answers import is_bare_answer
from chatbot.nlu.intent_overrides import IntentOverrides
from chatbot.nlu.language_detector import LanguageDetector
from chatbot.nlu.spacy_bilingual import BilingualSpacyNLP


def _create(cls: Any, tmp_path_factory: pytest.TempPathFactory, config: Dict[str, Any] = None) -> Any:
    storage = LocalModelStorage(tmp_path_factory.mktemp("storage"))
    context = ExecutionContext(GraphSchema({}), "test")
    return cls.create({**cls.get_default_config(), **(config or {})} if hasattr(cls, "get_default_config") else {},
                      storage, Resource(cls.__name__), context)


@pytest.fixture(scope="module")
def detector(tmp_path_factory: pytest.TempPathFactory) -> LanguageDetector:
    return _create(LanguageDetector, tmp_path_factory)


@pytest.fixture(scope="module")
def spacy_nlp(tmp_path_factory: pytest.TempPathFactory) -> BilingualSpacyNLP:
    return _create(BilingualSpacyNLP, tmp_path_factory)


@pytest.fixture(scope="module")
def overrides(tmp_path_factory: pytest.TempPathFactory) -> IntentOverrides:
    return _create(IntentOverrides, tmp_path_factory)


def _parsed(detector: LanguageDetector, spacy_nlp: BilingualSpacyNLP, text: str) -> Message:
    message = Message(data={TEXT: text})
    detector.process([message])
    spacy_nlp.process([message], spacy_nlp.provide())
    return message


def test_detector_puts_the_language_in_the_parse_output(detector: LanguageDetector) -> None:
    message = Message(data={TEXT: "salut"})
    detector.process([message])
    assert message.get("language")["language"] == "fr"
    assert "language" in message.as_dict(only_output_properties=True)


def test_button_payloads_say_nothing_about_language(detector: LanguageDetector) -> None:
    message = Message(data={TEXT: "/greet"})
    detector.process([message])
    assert message.get("language")["language"] is None


@pytest.mark.parametrize(
    "text, lang, word, lemma",
    [
        ("on m'appelle et on me menace", "fr", "menace", "menacer"),
        ("me están chantajeando por instagram", "es", "están", "estar"),
    ],
)
def test_each_message_is_read_by_its_own_language_model(
    detector: LanguageDetector, spacy_nlp: BilingualSpacyNLP, text: str, lang: str, word: str, lemma: str
) -> None:
    message = _parsed(detector, spacy_nlp, text)
    doc = message.get(SPACY_DOCS[TEXT])
    assert doc.lang_ == lang
    SpacyTokenizer(SpacyTokenizer.get_default_config()).process([message])
    lemmas = {t.text: t.lemma for t in message.get(TOKENS_NAMES[TEXT])}
    assert lemmas[word] == lemma


def test_training_examples_use_their_declared_language(detector: LanguageDetector, spacy_nlp: BilingualSpacyNLP) -> None:
    # "ok" alone would be detected as either; the intent's metadata decides.
    example = Message(data={TEXT: "ok", INTENT: "affirm", "metadata": {"intent": {"language": "fr"}}})
    data = TrainingData([example])
    detector.process_training_data(data)
    spacy_nlp.process_training_data(data, spacy_nlp.provide())
    assert example.get(SPACY_DOCS[TEXT]).lang_ == "fr"


@pytest.mark.parametrize(
    "text, forced",
    [
        ("مرحبا، هل يمكنك مساعدتي؟", "unsupported_language"),
        ("😭😭", "nlu_fallback"),
        ("", "nlu_fallback"),
        ("¿hablas francés?", "switch_language"),
        ("me quiero quitar la vida", "crisis"),
        ("j'ai plus envie de vivre", "crisis"),
        # Only an answer to a flow's question: no words for the classifier, a certain meaning.
        ("17", "inform"),
        ("tengo 13 años", "inform"),
        ("soy de Chile", "inform"),
        ("j'ai 14 ans", "inform"),
        ("sur snap", "inform"),
        ("en Belgique", "inform"),
    ],
)
def test_overrides_settle_what_needs_no_model(
    detector: LanguageDetector, overrides: IntentOverrides, text: str, forced: str
) -> None:
    message = Message(data={TEXT: text, INTENT: {"name": "get_removed", "confidence": 0.9}})
    detector.process([message])
    overrides.process([message])
    assert message.get(INTENT) == {"name": forced, "confidence": 1.0}


@pytest.mark.parametrize(
    "text",
    ["me pide dinero o sube las fotos", "me pide 50 euros", "lo han subido a insta y me amenaza", "il veut 150 balles"],
)
def test_overrides_leave_ordinary_messages_to_the_classifier(
    detector: LanguageDetector, overrides: IntentOverrides, text: str
) -> None:
    predicted = {"name": "blackmail", "confidence": 0.8}
    message = Message(data={TEXT: text, INTENT: dict(predicted)})
    detector.process([message])
    overrides.process([message])
    assert message.get(INTENT) == predicted


@pytest.mark.parametrize(
    "text, bare",
    [
        ("13", True), ("tngo 15 años", True), ("vivo en estados unidos", True), ("insta y tiktok", True),
        ("je suis en Suisse", True), ("soy menor", True),
        ("5", False), ("150", False), ("50 pavos", False), ("ok", False), ("en el wpp de clase", False),
        ("me lo han pasado por insta", False), ("j'ai peur", False),
    ],
)
def test_bare_answer_is_only_an_age_a_country_or_a_platform(text: str, bare: bool) -> None:
    assert is_bare_answer(text) is bare
