"""A found personal detail: where it is in the text and what kind it is.

Why spans and not substitutions in turn: every detector reads the original text,
overlapping finds are merged once, and the evaluation (bench/redaction_eval.py)
can compare what was found with what was labelled, character by character.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, List

# Kinds, strongest first: when two finds overlap, the merged span keeps the stronger kind.
KINDS = ("EMAIL", "URL", "HANDLE", "PHONE", "ADDRESS", "SCHOOL", "CLASS", "NAME", "PLACE")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str

    @property
    def placeholder(self) -> str:
        return f"[{self.kind}]"


def merge(spans: Iterable[Span]) -> List[Span]:
    """Overlapping or touching-inside spans become one, of the strongest kind among them."""
    merged: List[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.end <= span.start:
            continue
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            kind = min(last.kind, span.kind, key=KINDS.index)
            merged[-1] = Span(last.start, max(last.end, span.end), kind)
        else:
            merged.append(span)
    return merged


def apply(text: str, spans: Iterable[Span]) -> str:
    """The text with every span replaced by its placeholder."""
    out, position = [], 0
    for span in merge(spans):
        out.append(text[position:span.start])
        out.append(span.placeholder)
        position = span.end
    out.append(text[position:])
    return "".join(out)
