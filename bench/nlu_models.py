"""Two trained models side by side: parse time per message, memory, held-out scores.

Why: a pipeline change (a new component, another threshold) must show what it costs
the server per message and in memory, next to what it buys on the held-out set, in
the same run on the same machine. Each model runs in its own process, so the
memory figure is that model's alone.

    python -m bench.nlu_models models/<before>.tar.gz models/<after>.tar.gz
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

ROUNDS = 3  # every held-out sentence parsed this many times after one warm-up pass


def measure(model: str) -> Dict[str, Any]:
    """Runs in the child process: load, warm up, time every parse, score the held-out set."""
    from rasa.core.agent import Agent

    from bench.nlu_cv import _quiet
    from bench.nlu_eval import flatten, held_out_examples, score_predictions

    _quiet()
    started = time.perf_counter()
    agent = Agent.load(model)
    load_seconds = time.perf_counter() - started
    sets = held_out_examples()
    flat = flatten(sets)

    async def run() -> List[str]:
        guesses = [((await agent.parse_message(text)).get("intent") or {}).get("name") or "" for _, text, _ in flat]
        for _ in range(ROUNDS):
            for _, text, _ in flat:
                tick = time.perf_counter()
                await agent.parse_message(text)
                timings.append((time.perf_counter() - tick) * 1000)
        return guesses

    timings: List[float] = []
    guesses = asyncio.run(run())
    scores = score_predictions(sets, guesses)
    timings.sort()
    return {
        "load_s": load_seconds,
        "parse_ms_p50": statistics.median(timings),
        "parse_ms_p95": timings[int(0.95 * (len(timings) - 1))],
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "held_out_macro_f1": {lang: scores[lang]["macro_f1"] for lang in sets},
        "messages": len(flat),
    }


def _child(model: str) -> Dict[str, Any]:
    output = subprocess.run([sys.executable, "-m", "bench.nlu_models", "--child", model], check=True,
                            capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("models", nargs="*", help="baseline first, then the candidate")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args.child)))
        return 0
    if len(args.models) != 2:
        parser.error("give two models: the baseline, then the candidate")
    results = []
    for model in args.models:
        print(f"measuring {model} ...", file=sys.stderr, flush=True)
        results.append(_child(model))
    base, new = results
    print(f"{'':28}{'baseline':>12}{'candidate':>12}")
    rows = [("model load (s)", "load_s", "{:.1f}"), ("parse p50 (ms/message)", "parse_ms_p50", "{:.1f}"),
            ("parse p95 (ms/message)", "parse_ms_p95", "{:.1f}"), ("peak RSS (MB)", "max_rss_mb", "{:.0f}")]
    for label, key, fmt in rows:
        print(f"{label:28}{fmt.format(base[key]):>12}{fmt.format(new[key]):>12}")
    for lang in base["held_out_macro_f1"]:
        print(f"{'held-out macro F1 ' + lang:28}{base['held_out_macro_f1'][lang]:>12.3f}{new['held_out_macro_f1'][lang]:>12.3f}")
    print(f"({base['messages']} held-out sentences, each parsed {ROUNDS} times after a warm-up pass)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
