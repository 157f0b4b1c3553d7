"""The widget's weight on the wire: each JS and CSS file, gzipped as a server would send it.

Budget (issue #6): widget JS + CSS <= 30 KB gzipped. The loader (widget.js/.css) is what
every page of a school loads; the panel (chat.js/.css) only when the chat is opened.
Run: `make widget-size` or `.venv/bin/python -m bench.widget_size`.
"""
from __future__ import annotations

import gzip
import sys

from chatbot.web.widget import STATIC

# strings.json travels inside the chat page (its JSON config block); counted to be safe.
FILES = ("widget.js", "widget.css", "chat.js", "chat.css", "strings.json")
BUDGET = 30 * 1024


def sizes() -> dict:
    out = {}
    for name in FILES:
        raw = (STATIC / name).read_bytes()
        out[name] = (len(raw), len(gzip.compress(raw, compresslevel=9, mtime=0)))
    return out


def main() -> int:
    measured = sizes()
    for name, (raw, packed) in measured.items():
        print(f"{name:<12} {raw:>7,} B raw  {packed:>6,} B gzipped")
    total = sum(packed for _, packed in measured.values())
    print(f"{'total':<12} {sum(raw for raw, _ in measured.values()):>7,} B raw  {total:>6,} B gzipped "
          f"({total / 1024:.1f} KB of the {BUDGET // 1024} KB budget)")
    return 0 if total <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
