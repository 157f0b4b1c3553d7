"""Precision and recall of the redactor on the labelled sets (tests/data/redaction/{es,fr}.yml).

Span level, per language and per type:
- recall: a labelled span is caught when every letter and digit of it lies inside
  something the redactor replaced (spaces and punctuation between two finds carry
  nothing). The type the redactor gave does not matter: a name replaced by [PLACE]
  is still gone from the database.
- precision: a replaced span is right when it overlaps a labelled span; one that
  overlaps none took out words that were not personal.

The redactor was tuned on {es,fr}.yml; {es,fr}_holdout.yml were written after
the tuning and never tuned on, so their figures are the honest ones.

    .venv/bin/python -m bench.redaction_eval [--no-spacy] [--misses]
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "redaction"
LANGUAGES = ("es", "fr")
_MARK = re.compile(r"\[([^\]]+)\]\(([A-Z]+)\)")


@dataclass(frozen=True)
class Labelled:
    text: str
    spans: Tuple[Tuple[int, int, str], ...]


def parse(marked: str) -> Labelled:
    """'soy [maria](NAME)' -> text 'soy maria' with the span (4, 9, 'NAME')."""
    text, spans, position = [], [], 0
    length = 0
    for match in _MARK.finditer(marked):
        before = marked[position:match.start()]
        text.append(before)
        length += len(before)
        spans.append((length, length + len(match.group(1)), match.group(2)))
        text.append(match.group(1))
        length += len(match.group(1))
        position = match.end()
    text.append(marked[position:])
    return Labelled("".join(text), tuple(spans))


def load(language: str, held_out: bool = False) -> List[Labelled]:
    name = f"{language}_holdout.yml" if held_out else f"{language}.yml"
    data = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    return [parse(sentence) for sentence in data["sentences"]]


@dataclass
class Score:
    labelled: int = 0
    caught: int = 0
    found: int = 0
    right: int = 0

    @property
    def recall(self) -> float:
        return self.caught / self.labelled if self.labelled else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0


@dataclass
class Report:
    language: str
    total: Score = field(default_factory=Score)
    by_type: Dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    misses: List[str] = field(default_factory=list)
    false_finds: List[str] = field(default_factory=list)
    seconds: float = 0.0
    sentences: int = 0


def _covered(text: str, start: int, end: int, found: List[Tuple[int, int]]) -> bool:
    return all(
        any(s <= i < e for s, e in found) for i in range(start, end) if text[i].isalnum()
    )


def evaluate(language: str, use_spacy: bool = True, held_out: bool = False) -> Report:
    from chatbot.privacy.redact import find_spans

    report = Report(language + (" held-out" if held_out else ""))
    items = load(language, held_out)
    report.sentences = len(items)
    find_spans("hola" if language == "es" else "salut", language=language, use_spacy=use_spacy)  # load spaCy first
    started = time.perf_counter()
    for item in items:
        spans = find_spans(item.text, language=language, use_spacy=use_spacy)
        found = [(s.start, s.end) for s in spans]
        for start, end, kind in item.spans:
            caught = _covered(item.text, start, end, found)
            for score in (report.total, report.by_type[kind]):
                score.labelled += 1
                score.caught += caught
            if not caught:
                report.misses.append(f"{kind:8} {item.text[start:end]!r} in {item.text!r}")
        for span in spans:
            right = any(span.start < end and start < span.end for start, end, _ in item.spans)
            for score in (report.total, report.by_type[span.kind]):
                score.found += 1
                score.right += right
            if not right:
                report.false_finds.append(f"{span.kind:8} {item.text[span.start:span.end]!r} in {item.text!r}")
    report.seconds = time.perf_counter() - started
    return report


def nlu_examples(language: str) -> List[str]:
    """The assistant's own NLU sentences (training, held-out) and the crisis net's set: no personal details."""
    sentences = []
    for path in sorted((ROOT / "data" / "nlu" / language).glob("*.yml")) + sorted((ROOT / "tests" / "nlu").glob(f"{language}*.yml")):
        for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            for line in str(item.get("examples", "")).splitlines():
                line = line.strip()
                if line.startswith("- "):
                    sentences.append(re.sub(r"\[([^\]]+)\][({][^)}]*[)}]", r"\1", line[2:].strip()))
    crisis = ROOT / "tests" / "data" / "crisis" / f"{language}.yml"
    if crisis.exists():  # the crisis net's labelled set: crisis and ordinary sentences, no personal details
        for group in (yaml.safe_load(crisis.read_text(encoding="utf-8")) or {}).values():
            sentences.extend(s for s in group or [] if isinstance(s, str))
    return sentences


def nlu_false_finds(language: str) -> Tuple[int, List[str]]:
    """How many of those sentences the redactor would change (each change is a false find)."""
    from chatbot.privacy.redact import find_spans

    sentences = nlu_examples(language)
    changed = []
    for sentence in sentences:
        spans = find_spans(sentence, language=language)
        if spans:
            changed.append(f"{[sentence[s.start:s.end] for s in spans]} in {sentence!r}")
    return len(sentences), changed


def _row(name: str, score: Score) -> str:
    return (f"  {name:8} recall {score.recall:.3f} ({score.caught}/{score.labelled})"
            f"   precision {score.precision:.3f} ({score.right}/{score.found})")


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-spacy", action="store_true", help="patterns, cues and name list only")
    parser.add_argument("--misses", action="store_true", help="list every miss and every false find")
    args = parser.parse_args(argv)
    for language, held_out in [(lang, False) for lang in LANGUAGES] + [(lang, True) for lang in LANGUAGES]:
        report = evaluate(language, use_spacy=not args.no_spacy, held_out=held_out)
        print(f"{report.language}: {report.sentences} sentences, {report.total.labelled} labelled spans, "
              f"{1000 * report.seconds / report.sentences:.1f} ms per sentence")
        print(_row("ALL", report.total))
        for kind in sorted(report.by_type):
            print(_row(kind, report.by_type[kind]))
        if args.misses:
            for line in report.misses:
                print("    missed     " + line)
            for line in report.false_finds:
                print("    false find " + line)
    for language in LANGUAGES:
        total, changed = nlu_false_finds(language)
        print(f"{language}: the assistant's own NLU and crisis sentences (no personal details) changed: "
              f"{len(changed)}/{total}")
        if args.misses:
            for line in changed:
                print("    false find " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
