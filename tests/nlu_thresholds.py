"""Fails the NLU evaluation when the held-out scores drop below what we measured.

Why floors and not "as good as possible": a change that lowers intent accuracy
must be seen in review, and a missed crisis is never acceptable.
Usage: python -m tests.nlu_thresholds results/nlu
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

MIN_MACRO_F1 = 0.90  # measured 0.918-0.932 on tests/nlu/ with ~2,500 examples per language (0.923 with half, when 21 held-out sentences were also training examples)
MIN_CRISIS_RECALL = 1.0


def main(folder: str) -> int:
    report = json.loads((Path(folder) / "intent_report.json").read_text(encoding="utf-8"))
    macro_f1 = report["macro avg"]["f1-score"]
    crisis_recall = report["crisis"]["recall"]
    weakest = sorted(
        (name, values["f1-score"]) for name, values in report.items() if isinstance(values, dict) and "support" in values
        and name not in ("macro avg", "weighted avg", "micro avg")
    )
    weakest.sort(key=lambda item: item[1])
    print(f"held-out intents: accuracy {report['accuracy']:.3f}, macro F1 {macro_f1:.3f} (floor {MIN_MACRO_F1}), "
          f"crisis recall {crisis_recall:.3f} (floor {MIN_CRISIS_RECALL})")
    print("weakest intents: " + ", ".join(f"{name} {f1:.2f}" for name, f1 in weakest[:4]))
    ok = macro_f1 >= MIN_MACRO_F1 and crisis_recall >= MIN_CRISIS_RECALL
    if not ok:
        print("NLU below its floor: see results/nlu/intent_errors.json", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "results/nlu"))
