"""Does our bilingual spaCy front end help intent accuracy? Trains both pipelines, prints both.

Pipelines, identical but for the front end:
- ours: language detector + per-language spaCy (tokens, lemmas) + word/lemma and
  char n-gram count vectors + DIET;
- plain: whitespace tokens + char n-gram count vectors + DIET.
Both are trained on data/nlu/ and scored on the held-out tests/nlu/.
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


def _plain_pipeline() -> dict:
    config = _our_pipeline()
    ours = config["pipeline"]
    char_ngrams = next(c for c in ours if c.get("analyzer") == "char_wb")
    diet = next(c for c in ours if c["name"] == "DIETClassifier")
    config["pipeline"] = [
        {"name": "WhitespaceTokenizer"},
        dict(char_ngrams),
        dict(diet),
        {"name": "EntitySynonymMapper"},
        next(c for c in ours if c["name"] == "FallbackClassifier"),
    ]
    return config


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
    seeds = parser.parse_args().seeds
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for seed in seeds:
            for name, config in (("ours", _our_pipeline()), ("plain", _plain_pipeline())):
                print(f"seed {seed}: training {name} ...", flush=True)
                model, seconds = _train(f"{name}-{seed}", _with_seed(config, seed), out)
                print(f"seed {seed}: scoring {name} on tests/nlu/ ...", flush=True)
                rows.append((name, seed, seconds, score(model)))
    print()
    header = f"{'pipeline':<8} {'seed':>5} {'train s':>8} {'F1 es':>7} {'F1 fr':>7} {'F1 other':>9} {'F1 all':>7} {'acc all':>8}"
    print(header)
    for name, seed, seconds, result in rows:
        print(
            f"{name:<8} {seed:>5} {seconds:>8.0f} {result['es']['macro_f1']:>7.3f} {result['fr']['macro_f1']:>7.3f} "
            f"{result['other']['macro_f1']:>9.3f} {result['all']['macro_f1']:>7.3f} {result['all']['accuracy']:>8.3f}"
        )
    for name in ("ours", "plain"):
        f1s = [r[3]["all"]["macro_f1"] for r in rows if r[0] == name]
        spread = statistics.pstdev(f1s) if len(f1s) > 1 else 0.0
        print(f"{name:<8} mean macro F1 over {len(f1s)} seed(s): {statistics.mean(f1s):.3f} ± {spread:.3f}")
    for name, seed, _, result in rows:
        print(f"\n{name} (seed {seed}): top confusions (truth -> predicted: count)")
        for pair, count in result["confusions"].items():
            print(f"  {pair}: {count}")


if __name__ == "__main__":
    main()
