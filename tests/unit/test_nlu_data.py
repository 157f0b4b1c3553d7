"""Training data rules of issue #4 that no model score shows.

Why: a held-out sentence that is also a training example makes `make test-nlu`
look better than the model is; an example under two intents teaches the model a
coin toss; an intent with a handful of examples in one language breaks parity.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Dict, List, Set, Tuple

import pytest
from rasa.shared.nlu.training_data.loading import load_data

from chatbot.language.detection import fold

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("es", "fr")
MIN_EXAMPLES = 40  # per intent and language (issue #4)


def normalised(text: str) -> str:
    """Lower case, no accents, words only: "¿Hola!" and "hola" are the same sentence."""
    return " ".join(re.findall(r"\w+", fold(text)))


def examples(folder: Path) -> List[Tuple[str, str]]:
    """(intent, text) of every YAML file in `folder`, entity markup already removed by Rasa."""
    found = []
    for path in sorted(folder.glob("*.yml")):
        found += [(m.get("intent"), m.get("text")) for m in load_data(str(path)).intent_examples]
    return found


@pytest.fixture(scope="module")
def training() -> Dict[str, List[Tuple[str, str]]]:
    return {language: examples(ROOT / "data" / "nlu" / language) for language in LANGUAGES}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_intent_has_enough_examples(training: Dict[str, List[Tuple[str, str]]], language: str) -> None:
    counts = Counter(intent for intent, _ in training[language])
    assert {intent: n for intent, n in counts.items() if n < MIN_EXAMPLES} == {}


def test_both_languages_have_the_same_intents(training: Dict[str, List[Tuple[str, str]]]) -> None:
    es, fr = ({intent for intent, _ in training[language]} for language in LANGUAGES)
    assert es == fr


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_sentence_is_taught_as_two_intents(training: Dict[str, List[Tuple[str, str]]], language: str) -> None:
    intents: Dict[str, Set[str]] = defaultdict(set)
    for intent, text in training[language] + examples(ROOT / "data" / "nlu" / "other"):
        intents[normalised(text)].add(intent)
    assert {text: sorted(found) for text, found in intents.items() if len(found) > 1} == {}


def test_held_out_sentences_are_not_training_examples(training: Dict[str, List[Tuple[str, str]]]) -> None:
    taught = {normalised(text) for language in LANGUAGES for _, text in training[language]}
    taught |= {normalised(text) for _, text in examples(ROOT / "data" / "nlu" / "other")}
    held_out = [text for _, text in examples(ROOT / "tests" / "nlu")]
    assert len(held_out) > 400
    assert [text for text in held_out if normalised(text) in taught] == []


def test_normalised_ignores_case_accents_and_punctuation() -> None:
    assert normalised("¿Qué TAL?") == normalised("que tal") == "que tal"
    assert normalised("qué tal") != normalised("que tal todo")
