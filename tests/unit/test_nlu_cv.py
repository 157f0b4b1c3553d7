"""bench/nlu_cv.py: its fold files must train on the same thing as data/nlu/, and its folds must not move."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from rasa.shared.nlu.training_data.loading import load_data

from bench.nlu_cv import fallback_sweep, folds, load_examples, summarise, write_nlu_yaml


def test_fold_file_keeps_entities_and_language(tmp_path: Path) -> None:
    examples = load_examples("es")
    path = tmp_path / "fold.yml"
    write_nlu_yaml(examples, path)
    reloaded = load_data(str(path)).intent_examples
    assert len(reloaded) == len(examples)
    by_text = {m.get("text"): m for m in reloaded}
    for example in examples:
        message = by_text[example["text"]]
        assert message.get("intent") == example["intent"]
        spans = {(e["start"], e["end"], e["entity"], e.get("value")) for e in message.get("entities") or []}
        assert spans == {(e["start"], e["end"], e["entity"], e["value"]) for e in example["entities"]}
        language = ((message.get("metadata") or {}).get("intent") or {}).get("language")
        assert language == example["language"]
    assert {e["language"] for e in examples} == {"es", None}  # None: data/nlu/other


def test_folds_are_stratified_and_seeded() -> None:
    examples = load_examples("fr")
    first, again = folds(examples, 5, seed=42), folds(examples, 5, seed=42)
    assert first == again
    tested = sorted(i for _, test in first for i in test)
    assert tested == list(range(len(examples)))  # every example is tested exactly once
    per_intent = Counter(e["intent"] for e in examples)
    for _, test in first:
        counts = Counter(examples[i]["intent"] for i in test)
        assert all(abs(counts[intent] - total / 5) <= 1 for intent, total in per_intent.items())


def test_summary_counts_confusions_and_entities() -> None:
    examples = [
        {"text": "tengo 15", "intent": "inform", "entities": [{"start": 6, "end": 8, "entity": "age"}]},
        {"text": "siguiente", "intent": "next_step", "entities": []},
        {"text": "y ahora", "intent": "next_step", "entities": []},
    ]
    parsed = [
        {"intent": {"name": "inform"}, "entities": [{"start": 6, "end": 8, "entity": "age"}]},
        {"intent": {"name": "next_step"}, "entities": []},
        {"intent": {"name": "nlu_fallback"}, "entities": [{"start": 0, "end": 1, "entity": "age"}]},
    ]
    result = summarise(examples, parsed)
    assert result["accuracy"] == 2 / 3
    assert result["confusions"] == [["next_step", "nlu_fallback", 1]]
    assert result["per_intent_f1"]["inform"] == 1.0
    assert result["entities"]["recall"] == 1.0 and result["entities"]["precision"] == 0.5


def test_top_intent_ignores_the_fallback() -> None:
    examples = [{"text": "hecho", "intent": "next_step", "entities": []}]
    parsed = [{
        "intent": {"name": "nlu_fallback", "confidence": 0.5},
        "intent_ranking": [{"name": "nlu_fallback"}, {"name": "next_step"}, {"name": "affirm"}],
        "entities": [],
    }]
    result = summarise(examples, parsed)
    assert result["accuracy"] == 0.0
    assert result["without_fallback"] == {"macro_f1": 1.0, "accuracy": 1.0, "fallbacks": 1}


def test_fallback_sweep_replays_thresholds_and_keeps_overrides() -> None:
    examples = [
        {"text": "hecho", "intent": "next_step", "entities": []},
        {"text": "me quiero morir", "intent": "crisis", "entities": []},
    ]
    parsed = [
        {  # DIET is 0.45 sure: the 0.5 threshold made it a fallback, 0.4 would not
            "intent": {"name": "nlu_fallback", "confidence": 0.5},
            "intent_ranking": [{"name": "nlu_fallback", "confidence": 0.5},
                               {"name": "next_step", "confidence": 0.45}, {"name": "affirm", "confidence": 0.2}],
            "entities": [],
        },
        {  # forced by IntentOverrides at 1.0 whatever DIET thought
            "intent": {"name": "crisis", "confidence": 1.0},
            "intent_ranking": [{"name": "crisis", "confidence": 1.0}, {"name": "feelings", "confidence": 0.6}],
            "entities": [],
        },
    ]
    result = summarise(examples, parsed)
    rows = {(t, a): (f1, acc) for t, a, f1, acc in fallback_sweep(result, (0.4, 0.5), (0.1, 0.3))}
    assert rows[(0.5, 0.1)][1] == 0.5  # what the run gave
    assert rows[(0.4, 0.1)][1] == 1.0  # 0.45 passes 0.4, and 0.45 - 0.2 > 0.1
    assert rows[(0.4, 0.3)][1] == 0.5  # too close to the second intent: fallback


def test_fold_file_carries_the_lookup_tables(tmp_path: Path) -> None:
    """Without them every fold would train without the RegexFeaturizer's word lists and score too low."""
    from bench.nlu_cv import load_lookups

    lookups = load_lookups("fr")
    assert {"emotion", "law"} <= {table["name"] for table in lookups}
    path = tmp_path / "fold.yml"
    write_nlu_yaml(load_examples("fr")[:50], path, lookups)
    reloaded = {table["name"]: table["elements"] for table in load_data(str(path)).lookup_tables}
    assert reloaded == {table["name"]: table["elements"] for table in lookups}
