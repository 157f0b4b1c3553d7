"""The deterministic crisis net: every crisis example of our NLU data and of the dev set, no other one."""
from __future__ import annotations

from pathlib import Path
from typing import List, Tuple

import pytest
from rasa.shared.nlu.training_data.loading import load_data

from chatbot.nlu.crisis import signals_crisis

ROOT = Path(__file__).resolve().parents[2]


def _examples() -> List[Tuple[str, str]]:
    pairs = []
    for path in sorted((ROOT / "data" / "nlu").rglob("*.yml")) + sorted((ROOT / "tests" / "nlu").glob("*.yml")):
        pairs += [(m.get("text"), m.get("intent")) for m in load_data(str(path)).intent_examples]
    return pairs


EXAMPLES = _examples()


def test_every_crisis_example_is_caught() -> None:
    crisis = [text for text, intent in EXAMPLES if intent == "crisis"]
    missed = [text for text in crisis if not signals_crisis(text)]
    print(f"crisis net recall: {len(crisis) - len(missed)}/{len(crisis)}")
    assert len(crisis) >= 60 and missed == []


def test_no_other_example_is_taken_for_a_crisis() -> None:
    others = [text for text, intent in EXAMPLES if intent != "crisis"]
    flagged = [text for text in others if signals_crisis(text)]
    print(f"crisis net false positives: {len(flagged)}/{len(others)}")
    assert flagged == []


DEV = Path(__file__).resolve().parents[1] / "data" / "crisis"


@pytest.mark.parametrize("language", ["es", "fr"])
def test_dev_set_recall_and_hard_negatives(language: str) -> None:
    import yaml

    labelled = yaml.safe_load((DEV / f"{language}.yml").read_text(encoding="utf-8"))
    caught = sum(signals_crisis(t) for t in labelled["crisis"])
    flagged = [t for t in labelled["not_crisis"] if signals_crisis(t)]
    print(f"{language}: crisis dev recall {caught}/{len(labelled['crisis'])}, false positives {len(flagged)}/{len(labelled['not_crisis'])}")
    assert caught == len(labelled["crisis"])
    assert flagged == []


@pytest.mark.parametrize("text", ["mi madre me va a matar si se entera", "je vais mourir de honte", "me muero de vergüenza"])
def test_hyperbole_alone_is_not_a_crisis(text: str) -> None:
    assert not signals_crisis(text)


@pytest.mark.parametrize("text", ["mi madre me va a matar si se entera y me quiero morir", "je vais mourir de honte, j'ai envie d'en finir"])
def test_hyperbole_does_not_hide_a_real_sign(text: str) -> None:
    assert signals_crisis(text)


@pytest.mark.parametrize("text", ["me quiero quitar la vida", "JE VEUX MOURIR", "kiero morirme ya", "jvais me tuer"])
def test_spelling_and_case_do_not_matter(text: str) -> None:
    assert signals_crisis(text)


@pytest.mark.parametrize("text", ["tengo q contarselo a mi padre hoy, como lo hago", "hoy se lo digo a mi madre, cómo lo hago?"])
def test_asking_how_to_do_something_today_is_not_a_crisis(text: str) -> None:
    """'hoy ... lo hago' is a plan to act; 'hoy ... cómo lo hago' asks how to tell someone."""
    assert not signals_crisis(text)


@pytest.mark.parametrize("text", [
    "il veut que je le rejoigne en vrai sinon il publie", "il veut me rencontrer sinon il poste les photos",
    "quiere que quede con el en persona o lo sube", "quiere conocerme en persona o manda las fotos a mis padres",
])
def test_a_demand_to_meet_in_person_is_danger(text: str) -> None:
    """A blackmailer who wants to meet the teen is immediate danger, whatever verb form is used."""
    assert signals_crisis(text)
