"""Language detection on short messages: our detector against lingua alone, same messages.

Prints accuracy per language on tests/data/short_messages.yml, and how many of the
"either" messages (ok, si, emoji...) each would treat as decisive.
Run: .venv/bin/python -m bench.language_short
"""
from __future__ import annotations

from pathlib import Path

import yaml

from chatbot.language.detection import _lingua_scores, detect

MESSAGES = yaml.safe_load(
    (Path(__file__).resolve().parent.parent / "tests" / "data" / "short_messages.yml").read_text(encoding="utf-8")
)


def lingua_only(text: str) -> str:
    scores = _lingua_scores(text)
    return max(("es", "fr"), key=lambda language: scores.get(language, 0.0))


def main() -> None:
    print(f"{'language':<9} {'n':>3} {'ours':>6} {'lingua es/fr':>13}")
    for language in ("es", "fr"):
        texts = MESSAGES[language]
        ours = sum(detect(t).language == language for t in texts)
        lingua = sum(lingua_only(t) == language for t in texts)
        print(f"{language:<9} {len(texts):>3} {ours / len(texts):>6.3f} {lingua / len(texts):>13.3f}")
    either = MESSAGES["either"]
    print(f"ambiguous messages taken as decisive by ours: {sum(detect(t).decisive for t in either)}/{len(either)}")


if __name__ == "__main__":
    main()
