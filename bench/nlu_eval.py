"""Scores a trained model on held-out NLU files: macro F1 and accuracy, per language.

Why in-process: loading the model once and parsing every example is faster than
one `rasa test nlu` run per language, and gives per-language figures directly.
"""
from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path
from typing import Dict, Iterable, List, Tuple

from rasa.shared.nlu.training_data.loading import load_data
from sklearn.metrics import accuracy_score, f1_score

HELD_OUT = Path(__file__).resolve().parent.parent / "tests" / "nlu"


def held_out_examples(folder: Path = HELD_OUT) -> Dict[str, List[Tuple[str, str]]]:
    """(text, intent) pairs per held-out file stem: es, fr, other."""
    examples: Dict[str, List[Tuple[str, str]]] = {}
    for path in sorted(folder.glob("*.yml")):
        data = load_data(str(path))
        examples[path.stem] = [(m.get("text"), m.get("intent")) for m in data.intent_examples]
    return examples


async def _predict(model: Path, texts: Iterable[str]) -> List[str]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    predicted = []
    for text in texts:
        parsed = await agent.parse_message(text)
        predicted.append((parsed.get("intent") or {}).get("name") or "")
    return predicted


def flatten(sets: Dict[str, List[Tuple[str, str]]]) -> List[Tuple[str, str, str]]:
    """(set name, text, intent) for every held-out example, in file order."""
    return [(lang, text, intent) for lang, pairs in sets.items() for text, intent in pairs]


def score(model: Path) -> Dict[str, Dict[str, float]]:
    """{"es": {"macro_f1":..., "accuracy":..., "n":...}, "fr": ..., "all": ...} plus confusions."""
    sets = held_out_examples()
    return score_predictions(sets, asyncio.run(_predict(model, [text for _, text, _ in flatten(sets)])))


def score_predictions(sets: Dict[str, List[Tuple[str, str]]], predicted: List[str]) -> Dict[str, Dict[str, float]]:
    """`score`'s figures for intents already predicted, one per example of `flatten(sets)`."""
    flat = flatten(sets)
    results: Dict[str, Dict[str, float]] = {}
    for lang in list(sets) + ["all"]:
        idx = [i for i, (l, _, _) in enumerate(flat) if lang in ("all", l)]
        truth = [flat[i][2] for i in idx]
        guess = [predicted[i] for i in idx]
        labels = sorted(set(truth))
        results[lang] = {
            "macro_f1": f1_score(truth, guess, labels=labels, average="macro", zero_division=0),
            "accuracy": accuracy_score(truth, guess),
            "n": len(idx),
        }
    confusions = Counter((flat[i][2], predicted[i]) for i in range(len(flat)) if flat[i][2] != predicted[i])
    results["confusions"] = {f"{t} -> {p}": n for (t, p), n in confusions.most_common(8)}  # type: ignore[assignment]
    return results
