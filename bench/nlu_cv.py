"""Per-language k-fold cross-validation of the NLU pipeline in config.yml.

Why per language and our own fold loop (not `rasa test nlu --cross-validation`):
the held-out set has only ~12 sentences per intent, too few to see which intents
the training data confuses; cross-validation scores every training example once.
Rasa's own loop shuffles its folds without a seed (figures change from run to run)
and mixes both languages; here folds are stratified by intent, seeded, and built
per language, so a weak Spanish intent cannot hide behind a strong French one.

Each fold trains the real pipeline (our components included) with Rasa's
`train_nlu` on a YAML copy of the fold, then parses the left-out examples with
the trained model, exactly as the server would (so `nlu_fallback` counts as an
error). Prints, per language: macro F1, accuracy, the weakest intents, the most
frequent confusions, and entity F1 (exact type and span).

    python -m bench.nlu_cv                      # es and fr, 5 folds, config.yml's epochs
    python -m bench.nlu_cv --lang es --folds 3 --epochs 20   # a quick look
    python -m bench.nlu_cv --config /tmp/candidate.yml        # another pipeline, same folds
    python -m bench.nlu_cv --sweep results/nlu_cv/es.json     # replay other fallback thresholds
Slow: each fold trains DIET (~2-4 min on 2 shared cores, ~2,500 examples per language); run it with `nice`.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Set, Tuple

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("RASA_MAX_CACHE_SIZE", "0")  # folds never repeat: a cache only fills the disk

import yaml  # noqa: E402

from chatbot.language.detection import SUPPORTED  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "nlu"
OTHER = "other"  # data/nlu/other: messages in languages we do not speak, part of both models' task

Example = Dict[str, Any]  # {"text", "intent", "language", "entities": [{"start","end","entity"}]}
Span = Tuple[int, int, str]


def load_examples(language: str, with_other: bool = True) -> List[Example]:
    """The intent examples of data/nlu/<language>/ (and data/nlu/other/), with their language metadata."""
    from rasa.shared.nlu.training_data.loading import load_data

    folders = [DATA / language] + ([DATA / OTHER] if with_other else [])
    examples: List[Example] = []
    for folder in folders:
        for path in sorted(folder.glob("*.yml")):
            for message in load_data(str(path)).intent_examples:
                intent_metadata = (message.get("metadata") or {}).get("intent") or {}
                examples.append({
                    "text": message.get("text"),
                    "intent": message.get("intent"),
                    "language": intent_metadata.get("language") if isinstance(intent_metadata, dict) else None,
                    "entities": [
                        {"start": e["start"], "end": e["end"], "entity": e["entity"], "value": e.get("value")}
                        for e in message.get("entities") or []
                    ],
                })
    return examples


def load_lookups(language: str) -> List[Dict[str, Any]]:
    """The lookup tables of data/nlu/<language>/ ({"name", "elements"}): part of every fold's training data."""
    from rasa.shared.nlu.training_data.loading import load_data

    tables: List[Dict[str, Any]] = []
    for path in sorted((DATA / language).glob("*.yml")):
        tables.extend(load_data(str(path)).lookup_tables)
    return tables


def write_nlu_yaml(examples: Sequence[Example], path: Path, lookups: Sequence[Dict[str, Any]] = ()) -> None:
    """Rasa YAML with entity annotations, each intent block's language metadata, and the lookup tables."""
    from rasa.shared.nlu.training_data.formats.readerwriter import TrainingDataWriter

    blocks: Dict[Tuple[str, Optional[str]], List[str]] = defaultdict(list)
    for example in examples:
        blocks[(example["intent"], example["language"])].append(TrainingDataWriter.generate_message(example))
    nlu = []
    for (intent, language), texts in blocks.items():
        block: Dict[str, Any] = {"intent": intent}
        if language:
            block["metadata"] = {"language": language}
        block["examples"] = "".join(f"- {text}\n" for text in texts)
        nlu.append(block)
    for table in lookups:
        nlu.append({"lookup": table["name"], "examples": "".join(f"- {element}\n" for element in table["elements"])})
    path.write_text(yaml.safe_dump({"version": "3.1", "nlu": nlu}, allow_unicode=True, sort_keys=False), encoding="utf-8")


def write_config(epochs: Optional[int], path: Path, source: Path = ROOT / "config.yml") -> None:
    """`source` (config.yml), NLU part only, with DIET's epochs overridden when asked."""
    config = yaml.safe_load(source.read_text(encoding="utf-8"))
    config.pop("policies", None)
    if epochs:
        for component in config["pipeline"]:
            if component["name"] == "DIETClassifier":
                component["epochs"] = epochs
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def folds(examples: Sequence[Example], n_folds: int, seed: int) -> List[Tuple[List[int], List[int]]]:
    """Stratified by intent, seeded: the same folds on every run."""
    from sklearn.model_selection import StratifiedKFold

    labels = [e["intent"] for e in examples]
    splitter = StratifiedKFold(n_splits=n_folds, shuffle=True, random_state=seed)
    return [(list(train), list(test)) for train, test in splitter.split(labels, labels)]


async def _parse_all(model: str, texts: Sequence[str]) -> List[Dict[str, Any]]:
    from rasa.core.agent import Agent

    agent = Agent.load(model)
    return [await agent.parse_message(text) for text in texts]


def run_fold(train: Sequence[Example], test: Sequence[Example], config: Path, workdir: Path,
             lookups: Sequence[Dict[str, Any]] = ()) -> List[Dict[str, Any]]:
    """Trains on `train` (and the lookup tables), returns the parse of every `test` example."""
    from rasa.model_training import train_nlu

    data = workdir / "train.yml"
    write_nlu_yaml(train, data, lookups)
    model = train_nlu(str(config), str(data), str(workdir / "models"), domain=str(ROOT / "domain"))
    if not model:
        raise RuntimeError("training failed")
    parsed = asyncio.run(_parse_all(model, [e["text"] for e in test]))
    Path(model).unlink()
    return parsed


FALLBACK = "nlu_fallback"


def _top_intent(parse: Dict[str, Any]) -> str:
    """The classifiers' first choice (DIET blended with LinearVote): what the user gets
    if the fallback threshold did not apply."""
    ranking = [r.get("name") for r in parse.get("intent_ranking") or [] if r.get("name") != FALLBACK]
    return ranking[0] if ranking else (parse.get("intent") or {}).get("name") or ""


def _spans(entities: Sequence[Dict[str, Any]]) -> Set[Span]:
    return {(e["start"], e["end"], e["entity"]) for e in entities if "start" in e}


def summarise(examples: Sequence[Example], parsed: Sequence[Dict[str, Any]]) -> Dict[str, Any]:
    """Macro F1 over the true intents, accuracy, per-intent F1, confusions, entity F1."""
    from sklearn.metrics import accuracy_score, f1_score

    truth = [e["intent"] for e in examples]
    guess = [(p.get("intent") or {}).get("name") or "" for p in parsed]
    labels = sorted(set(truth))
    top = [_top_intent(p) for p in parsed]
    per_intent = f1_score(truth, guess, labels=labels, average=None, zero_division=0)
    confusions = Counter((t, g) for t, g in zip(truth, guess) if t != g)
    true_spans = [_spans(e["entities"]) for e in examples]
    found_spans = [_spans(p.get("entities") or []) for p in parsed]
    hits = sum(len(t & f) for t, f in zip(true_spans, found_spans))
    n_true, n_found = sum(map(len, true_spans)), sum(map(len, found_spans))
    precision = hits / n_found if n_found else 0.0
    recall = hits / n_true if n_true else 0.0
    by_type = {}
    for kind in sorted({s[2] for spans in true_spans for s in spans}):
        t = [{s for s in spans if s[2] == kind} for spans in true_spans]
        f = [{s for s in spans if s[2] == kind} for spans in found_spans]
        h = sum(len(a & b) for a, b in zip(t, f))
        nt, nf = sum(map(len, t)), sum(map(len, f))
        p, r = (h / nf if nf else 0.0), (h / nt if nt else 0.0)
        by_type[kind] = {"f1": 2 * p * r / (p + r) if p + r else 0.0, "support": nt}
    return {
        "n": len(examples),
        "intents": len(labels),
        "macro_f1": float(f1_score(truth, guess, labels=labels, average="macro", zero_division=0)),
        "accuracy": float(accuracy_score(truth, guess)),
        "without_fallback": {
            "macro_f1": float(f1_score(truth, top, labels=labels, average="macro", zero_division=0)),
            "accuracy": float(accuracy_score(truth, top)),
            "fallbacks": sum(g == FALLBACK for g in guess),
        },
        "per_intent_f1": {label: float(score) for label, score in zip(labels, per_intent)},
        "confusions": [[t, g, n] for (t, g), n in confusions.most_common()],
        "entities": {
            "precision": precision, "recall": recall,
            "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
            "support": n_true, "by_type": by_type,
        },
        "errors": [
            {"text": e["text"], "intent": t, "predicted": g}
            for e, t, g in zip(examples, truth, guess) if t != g
        ],
        # The ranking and confidences per example: lets `fallback_sweep` replay other
        # FallbackClassifier thresholds without training again.
        "ranking": [
            {"intent": t, "final": g, "ranking": _ranking(p)} for t, g, p in zip(truth, guess, parsed)
        ],
    }


def _ranking(parse: Dict[str, Any]) -> List[Tuple[str, float]]:
    """The intent ranking (nlu_fallback left out), with its confidences: all of it, so a
    saved run can replay other thresholds, or other ways of combining classifiers."""
    ranking = [r for r in parse.get("intent_ranking") or [] if r.get("name") != FALLBACK]
    return [(r.get("name") or "", round(float(r.get("confidence") or 0.0), 4)) for r in ranking]


def fallback_sweep(result: Dict[str, Any], thresholds: Sequence[float], ambiguities: Sequence[float]) -> List[Tuple[float, float, float, float]]:
    """(threshold, ambiguity_threshold, macro F1, accuracy) for each pair, replayed on a run's rankings.

    Only DIET's decision is replayed: a forced intent (crisis, switch_language, unsupported_language
    or nlu_fallback set by IntentOverrides) is kept as the run produced it.
    """
    from sklearn.metrics import accuracy_score, f1_score

    truth = [r["intent"] for r in result["ranking"]]
    labels = sorted(set(truth))
    rows = []
    for threshold in thresholds:
        for ambiguity in ambiguities:
            guess = []
            for r in result["ranking"]:
                ranking = r["ranking"]
                top = ranking[0] if ranking else ("", 0.0)
                if r["final"] not in (FALLBACK, top[0]):  # overridden after DIET: keep it
                    guess.append(r["final"])
                    continue
                second = ranking[1][1] if len(ranking) > 1 else 0.0
                low = top[1] < threshold or top[1] - second < ambiguity
                guess.append(FALLBACK if low else top[0])
            rows.append((threshold, ambiguity,
                         float(f1_score(truth, guess, labels=labels, average="macro", zero_division=0)),
                         float(accuracy_score(truth, guess))))
    return rows


def print_summary(language: str, result: Dict[str, Any], n_folds: int, epochs: str, seconds: float) -> None:
    print(f"\n== {language}: {n_folds}-fold stratified CV, {result['n']} examples, {result['intents']} intents, "
          f"DIET epochs {epochs}, {seconds:.0f} s")
    print(f"macro F1 {result['macro_f1']:.3f} (target 0.92)   accuracy {result['accuracy']:.3f}   "
          f"({result['without_fallback']['fallbacks']} answered nlu_fallback, counted as errors)")
    print(f"Classifiers' top intent, fallback threshold ignored: macro F1 {result['without_fallback']['macro_f1']:.3f}, "
          f"accuracy {result['without_fallback']['accuracy']:.3f}")
    weakest = sorted(result["per_intent_f1"].items(), key=lambda item: item[1])[:5]
    print("weakest intents (F1): " + ", ".join(f"{name} {f1:.3f}" for name, f1 in weakest))
    print("top confusions (true -> predicted: count):")
    for true, predicted, count in result["confusions"][:10]:
        print(f"  {true} -> {predicted}: {count}")
    entities = result["entities"]
    kinds = ", ".join(f"{k} {v['f1']:.3f} (n={v['support']})" for k, v in entities["by_type"].items())
    print(f"entities (exact span and type): precision {entities['precision']:.3f}, recall {entities['recall']:.3f}, "
          f"F1 {entities['f1']:.3f}; by type: {kinds}")


def _quiet() -> None:
    """Warnings and errors only: Rasa logs every parsed message at debug level otherwise."""
    import logging

    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lang", choices=["es", "fr"], action="append", help="repeatable; default both")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=None, help="DIET epochs (default: config.yml's)")
    parser.add_argument("--seed", type=int, default=42, help="fold shuffling seed")
    parser.add_argument("--no-other", action="store_true", help="leave data/nlu/other/ out")
    parser.add_argument("--bilingual", action="store_true",
                        help="train every fold on the other languages' examples too, as the served model is")
    parser.add_argument("--config", default=str(ROOT / "config.yml"),
                        help="pipeline to measure (a candidate config, to compare before editing config.yml)")
    parser.add_argument("--sweep", metavar="JSON", action="append",
                        help="no training: replay FallbackClassifier thresholds on a saved run (<out>/<lang>.json)")
    parser.add_argument("--out", default=str(ROOT / "results" / "nlu_cv"), help="where the JSON results go")
    args = parser.parse_args(argv)
    if args.sweep:
        for path in args.sweep:
            result = json.loads(Path(path).read_text(encoding="utf-8"))
            print(f"== {path}: threshold, ambiguity_threshold -> macro F1, accuracy")
            for row in fallback_sweep(result, (0.3, 0.35, 0.4, 0.45, 0.5), (0.0, 0.05, 0.1)):
                print("  {:.2f} {:.2f} -> {:.3f} {:.3f}".format(*row))
        return 0
    _quiet()

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    source = Path(args.config)
    config_epochs = next(c.get("epochs") for c in yaml.safe_load(source.read_text(encoding="utf-8"))["pipeline"]
                         if c["name"] == "DIETClassifier")
    epochs = str(args.epochs or config_epochs)
    summaries = []
    for language in args.lang or ["es", "fr"]:
        started = time.time()
        examples = load_examples(language, with_other=not args.no_other)
        others = [other for other in SUPPORTED if other != language] if args.bilingual else []
        extra = [example for other in others for example in load_examples(other, with_other=False)]
        lookups = [table for lang in [language, *others] for table in load_lookups(lang)]
        parsed: List[Optional[Dict[str, Any]]] = [None] * len(examples)
        with tempfile.TemporaryDirectory(prefix=f"nlu_cv_{language}_") as tmp:
            config = Path(tmp) / "config.yml"
            write_config(args.epochs, config, source)
            for number, (train, test) in enumerate(folds(examples, args.folds, args.seed), start=1):
                fold_started = time.time()
                results = run_fold([examples[i] for i in train] + extra, [examples[i] for i in test], config, Path(tmp), lookups)
                for i, result in zip(test, results):
                    parsed[i] = result
                fold = summarise([examples[i] for i in test], results)
                print(f"[{language}] fold {number}/{args.folds}: {len(test)} examples, {time.time() - fold_started:.0f} s, "
                      f"accuracy {fold['accuracy']:.3f}, macro F1 {fold['macro_f1']:.3f}", flush=True)
        result = summarise(examples, parsed)  # type: ignore[arg-type]
        result.update({"language": language, "folds": args.folds, "epochs": epochs, "seed": args.seed})
        (out / f"{language}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
        summaries.append((language, result, time.time() - started))
    for language, result, seconds in summaries:
        print_summary(language, result, args.folds, epochs, seconds)
    print(f"\nDetails (every error): {out}/<lang>.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
