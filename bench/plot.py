"""Latency against concurrency, ours and Rasa's default pipeline, from results/bench/load.json.

Paced users (pauses between turns, as people) and saturated ones (no pause) are drawn apart.

    .venv/bin/python -m bench.plot [results/bench/load.json] [docs/benchmarks-latency.png]
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Dict

ROOT = Path(__file__).resolve().parent.parent
TARGET_P95_MS = 150


def plot(report: Dict[str, Any], out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.2), dpi=120)
    styles = {"ours": ("tab:blue", "our pipeline (config.yml)"), "default": ("tab:gray", "Rasa default pipeline")}
    x: list = []
    for name, result in report["results"].items():
        color, label = styles.get(name, ("tab:red", name))
        for mode, marker in (("paced", "o"), ("saturated", "s")):
            levels = [l for l in result["levels"] if l.get("mode", "saturated") == mode]
            if not levels:
                continue
            x = [l["concurrency"] for l in levels]
            for key, dash in (("p50_ms", ":"), ("p95_ms", "-")):
                ax.plot(x, [l[key] for l in levels], dash, marker=marker, color=color,
                        alpha=1.0 if mode == "paced" else 0.55, label=f"{label}, {mode}, {key.split('_')[0]}")
    ax.axhline(TARGET_P95_MS, color="tab:red", linewidth=0.8)
    ax.text(x[-1], TARGET_P95_MS * 0.88, f"target: p95 ≤ {TARGET_P95_MS} ms at 10", color="tab:red", fontsize=8, ha="right")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xticks(x)
    ax.set_xticklabels([str(v) for v in x])
    ax.set_xlabel("concurrent conversations")
    ax.set_ylabel("latency per turn (ms)")
    ax.set_title(f"Latency per turn, {report['replicas']} Rasa server(s), {report['stores']} stores", fontsize=10)
    ax.grid(True, which="both", linewidth=0.3)
    ax.legend(fontsize=7, ncol=2)
    fig.text(0.01, 0.01, report["machine"][:110], fontsize=6, color="gray")
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out)
    plt.close(fig)


if __name__ == "__main__":
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "results" / "bench" / "load.json"
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "docs" / "benchmarks-latency.png"
    plot(json.loads(source.read_text()), target)
    print(target)
