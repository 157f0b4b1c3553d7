"""Do spaCy's tokens and lemmas help intent accuracy? Trains pipelines side by side, prints all.

Pipelines, identical but for what DIET is fed:
- ours: config.yml (whitespace tokens + char n-grams; no spaCy pass);
- spacy_tokens: each message parsed by the spaCy model of its language
  (chatbot.nlu.spacy_bilingual.BilingualSpacyNLP) and spaCy's tokens instead of whitespace ones;
- spacy_lemmas: spaCy's tokens plus count vectors of spaCy lemmas;
- plain: whitespace tokens + char n-grams + DIET, without any component of ours.
All are trained on data/nlu/ and scored on the held-out tests/nlu/, per DIET seed.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from bench.nlu_eval import score

ROOT = Path(__file__).resolve().parent.parent


def _our_pipeline() -> dict:
    return yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))


SPACY_NLP = "chatbot.nlu.spacy_bilingual.BilingualSpacyNLP"


def _spacy_tokens_pipeline() -> dict:
    config = _our_pipeline()
    pipeline = []
    for component in config["pipeline"]:
        if component["name"] == "WhitespaceTokenizer":
            pipeline += [{"name": SPACY_NLP}, {"name": "SpacyTokenizer"}]
        else:
            pipeline.append(component)
    config["pipeline"] = pipeline
    return config


def _spacy_lemmas_pipeline() -> dict:
    config = _spacy_tokens_pipeline()
    tokenizer = next(i for i, c in enumerate(config["pipeline"]) if c["name"] == "SpacyTokenizer")
    config["pipeline"].insert(tokenizer + 1, {"name": "CountVectorsFeaturizer"})  # lemmas by default
    return config


def _plain_pipeline() -> dict:
    config = _our_pipeline()
    config["pipeline"] = [
        c for c in config["pipeline"] if not c["name"].startswith("chatbot.")
    ]
    return config


PIPELINES = {
    "ours": _our_pipeline,
    "spacy_tokens": _spacy_tokens_pipeline,
    "spacy_lemmas": _spacy_lemmas_pipeline,
    "plain": _plain_pipeline,
}


def _with_seed(config: dict, seed: int) -> dict:
    for component in config["pipeline"]:
        if component["name"] == "DIETClassifier":
            component["random_seed"] = seed
    return config


def _train(name: str, config: dict, out: Path) -> tuple:
    config_path = out / f"{name}.yml"
    config_path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    start = time.time()
    subprocess.run(
        [sys.executable, "-m", "rasa", "train", "nlu", "--config", str(config_path), "--nlu", "data/nlu",
         "--domain", "domain", "--out", str(out), "--fixed-model-name", name],
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
    )
    return out / f"{name}.tar.gz", time.time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, nargs="+", default=[42], help="DIET random seeds; figures are averaged")
    parser.add_argument("--pipelines", nargs="+", default=list(PIPELINES), choices=list(PIPELINES))
    args = parser.parse_args()
    seeds, names = args.seeds, args.pipelines
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for seed in seeds:
            for name in names:
                config = PIPELINES[name]()
                print(f"seed {seed}: training {name} ...", flush=True)
                model, seconds = _train(f"{name}-{seed}", _with_seed(config, seed), out)
                print(f"seed {seed}: scoring {name} on tests/nlu/ ...", flush=True)
                rows.append((name, seed, seconds, score(model)))
    print()
    header = f"{'pipeline':<13} {'seed':>5} {'train s':>8} {'F1 es':>7} {'F1 fr':>7} {'F1 other':>9} {'F1 all':>7} {'acc all':>8}"
    print(header)
    for name, seed, seconds, result in rows:
        print(
            f"{name:<13} {seed:>5} {seconds:>8.0f} {result['es']['macro_f1']:>7.3f} {result['fr']['macro_f1']:>7.3f} "
            f"{result['other']['macro_f1']:>9.3f} {result['all']['macro_f1']:>7.3f} {result['all']['accuracy']:>8.3f}"
        )
    for name in names:
        f1s = [r[3]["all"]["macro_f1"] for r in rows if r[0] == name]
        spread = statistics.pstdev(f1s) if len(f1s) > 1 else 0.0
        print(f"{name:<13} mean macro F1 over {len(f1s)} seed(s): {statistics.mean(f1s):.3f} ± {spread:.3f}")
    for name, seed, _, result in rows:
        print(f"\n{name} (seed {seed}): top confusions (truth -> predicted: count)")
        for pair, count in result["confusions"].items():
            print(f"  {pair}: {count}")


if __name__ == "__main__":
    main()
