"""Measures the crisis safety net (chatbot/nlu/crisis.py), per language.

Prints, for Spanish and French:
- recall and hard-negative false positives on every labelled set in
  tests/data/crisis/: the dev set ({es,fr}.yml), the held-out set (held_out_*,
  written before the lemma net) and three blind sets and a final one, each
  written before the net was tuned on it;
- false positives on every non-crisis example of data/nlu and tests/nlu;
- each miss and false positive, listed;
- the CPU cost of the net in µs per message over the NLU data (process time, so
  other jobs on the machine do not count), with and without the gate that skips
  the spaCy pass;
- with a trained model in models/: DIET alone (net off) against the net, and
  both together (what users get), per set.

Every set is now at 100% recall, so these figures only guard against
regressions. How the net does on phrasings it has never seen is what each set
gave the first time it was measured, before its misses were fixed:

| set (first measure)                 | recall es | recall fr | hard-neg. FP es | fr   |
|-------------------------------------|-----------|-----------|-----------------|------|
| held_out, regex net of main         | 31/76     | 31/77     | 8/63            | 7/63 |
| blind, after tuning on held_out     | 22/25     | 20/25     | 1/25            | 0/25 |
| blind2, after tuning on blind       | 17/20     | 16/20     | 2/20            | 0/20 |
| blind3, after tuning on blind2      | 12/15     | 10/15     | 1/15            | 0/15 |
| final_blind, after tuning on blind3 | 7/12      | 7/12      | 4/12            | 3/12 |

So expect roughly 60-85% recall from the net alone on new phrasings; DIET
catches part of the rest (the union is what the assistant acts on).

Run: .venv/bin/python -m bench.crisis_eval [--no-model]
"""
from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
CRISIS_DIR = ROOT / "tests" / "data" / "crisis"
LANGUAGES = ("es", "fr")
SETS = ("dev", "held_out", "blind", "blind2", "blind3", "final_blind")


def labelled(language: str, name: str) -> Dict[str, List[str]]:
    """{"crisis": [...], "not_crisis": [...]} of one labelled set."""
    path = CRISIS_DIR / (f"{language}.yml" if name == "dev" else f"{name}_{language}.yml")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def nlu_examples() -> Dict[str, List[Tuple[str, str]]]:
    """(text, intent) by language from data/nlu/<lang>/ and tests/nlu/<lang>.yml; 'other' for the rest."""
    from rasa.shared.nlu.training_data.loading import load_data

    out: Dict[str, List[Tuple[str, str]]] = {"es": [], "fr": [], "other": []}
    paths = sorted((ROOT / "data" / "nlu").rglob("*.yml")) + sorted((ROOT / "tests" / "nlu").glob("*.yml"))
    for path in paths:
        language = path.parent.name if path.parent.name in LANGUAGES else path.stem
        language = language if language in LANGUAGES else "other"
        out[language] += [(m.get("text"), m.get("intent")) for m in load_data(str(path)).intent_examples]
    return out


def _listing(title: str, texts: List[str]) -> None:
    for text in texts:
        print(f"    {title}: {text}")


def net_report() -> None:
    from chatbot.nlu import crisis

    nlu = nlu_examples()
    for language in LANGUAGES:
        print(f"\n=== {language} ===")
        for name in SETS:
            data = labelled(language, name)
            missed = [t for t in data["crisis"] if not crisis.signals_crisis(t)]
            flagged = [t for t in data["not_crisis"] if crisis.signals_crisis(t)]
            n, m = len(data["crisis"]), len(data["not_crisis"])
            print(f"{name:<9} recall {n - len(missed)}/{n} = {(n - len(missed)) / n:.3f}   "
                  f"hard-negative FP {len(flagged)}/{m} = {len(flagged) / m:.3f}")
            _listing("miss", missed)
            _listing("FP", flagged)
        pairs = nlu[language]
        crisis_texts = [t for t, i in pairs if i == "crisis"]
        others = [t for t, i in pairs if i != "crisis"]
        missed = [t for t in crisis_texts if not crisis.signals_crisis(t)]
        flagged = [t for t in others if crisis.signals_crisis(t)]
        print(f"NLU data  recall {len(crisis_texts) - len(missed)}/{len(crisis_texts)}   "
              f"FP {len(flagged)}/{len(others)} = {len(flagged) / len(others):.4f} (other intents)")
        _listing("miss", missed)
        _listing("FP", flagged)
    other = [t for t, i in nlu["other"] if i != "crisis"]
    flagged = [t for t in other if crisis.signals_crisis(t)]
    print(f"\nother-language NLU examples: FP {len(flagged)}/{len(other)}")
    _listing("FP", flagged)


def cost_report() -> None:
    from chatbot.nlu import crisis

    texts = [t for pairs in nlu_examples().values() for t, _ in pairs]
    crisis.signals_crisis("warm up los modelos")  # loads spaCy once, outside the timing
    crisis.signals_crisis("je veux me tuer")
    gated = sum(
        any(crisis.LEMMA_GATE[lang].search(crisis.normalize(t, lang)) for lang in LANGUAGES) for t in texts
    )
    start = time.process_time()
    for text in texts:
        crisis.signals_crisis(text)
    per_message = (time.process_time() - start) / len(texts) * 1e6
    start = time.process_time()
    for text in texts:
        crisis.crisis_reason(text, use_gate=False)
    ungated = (time.process_time() - start) / len(texts) * 1e6
    print(f"\ncost over {len(texts)} NLU messages: {per_message:.0f} µs/message "
          f"({gated} messages ({gated / len(texts):.0%}) needed the spaCy pass); "
          f"without the gate {ungated:.0f} µs/message")


def diet_report() -> None:
    """DIET alone (the net switched off in this process only), then DIET and the net together.

    Why the union matters: the running assistant shows the crisis response when
    either says crisis, so its false alarms are DIET's plus the net's, and DIET
    may catch a crisis the net misses.
    """
    models = sorted((ROOT / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        print("\nDIET alone: no trained model in models/ (run scripts/train.sh); skipped.")
        return
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    import chatbot.nlu.intent_overrides as overrides
    from chatbot.nlu import crisis

    logging.getLogger("rasa").setLevel(logging.WARNING)
    configure_structlog(logging.WARNING)
    original = overrides.signals_crisis
    overrides.signals_crisis = lambda text: False  # type: ignore[assignment]
    try:
        agent = Agent.load(str(models[-1]))

        async def intents(texts: List[str]) -> List[str]:
            return [((await agent.parse_message(t)).get("intent") or {}).get("name") or "" for t in texts]

        print(f"\nDIET alone ({models[-1].name}, net off) against the net, and both together (what users get):")
        for language in LANGUAGES:
            for name in SETS:
                data = labelled(language, name)
                diet_neg = [i == "crisis" for i in asyncio.run(intents(data["not_crisis"]))]
                diet_pos = [i == "crisis" for i in asyncio.run(intents(data["crisis"]))]
                net_neg = [crisis.signals_crisis(t) for t in data["not_crisis"]]
                net_pos = [crisis.signals_crisis(t) for t in data["crisis"]]
                n, m = len(diet_pos), len(diet_neg)
                print(f"{language} {name:<9} recall DIET {sum(diet_pos)}/{n}, net {sum(net_pos)}/{n}, "
                      f"both {sum(a or b for a, b in zip(diet_pos, net_pos))}/{n};  hard-negative FP "
                      f"DIET {sum(diet_neg)}/{m}, net {sum(net_neg)}/{m}, both {sum(a or b for a, b in zip(diet_neg, net_neg))}/{m}")
                _listing("DIET FP", [t for t, hit in zip(data["not_crisis"], diet_neg) if hit])
                _listing("caught by DIET only", [t for t, d, c in zip(data["crisis"], diet_pos, net_pos) if d and not c])
    finally:
        overrides.signals_crisis = original


def main(argv: List[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-model", action="store_true", help="skip the DIET-alone part")
    args = parser.parse_args(argv)
    net_report()
    cost_report()
    if not args.no_model:
        diet_report()


if __name__ == "__main__":
    main(sys.argv[1:])
