"""Where the Rasa server spends its time under load, from py-spy's raw stacks (bench/load.py --profile).

Prints, for the top functions, the share of samples in which each is on the
stack (inclusive) and at the top of it (self). Idle samples (the event loop
waiting in select/epoll) are counted apart, so the shares are of busy time.

    .venv/bin/python -m bench.profile_summary results/bench/profile-ours-c10.txt [--match chatbot/]
"""
from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path
from typing import List, Tuple

IDLE = re.compile(r"\b(select|poll|epoll_wait|_run_once|wait|sleep|accept)\b \(")


def function_of(frame: str) -> str:
    """'score (chatbot/nlu/x.py:12)' -> 'score (chatbot/nlu/x.py)': one entry per function, not per line."""
    return re.sub(r":\d+\)$", ")", frame.strip())


def read(path: Path) -> List[Tuple[List[str], int]]:
    stacks = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            stacks.append(([function_of(f) for f in stack.split(";")], int(count)))
    return stacks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("raw", type=Path)
    parser.add_argument("--match", default="", help="only functions whose file path contains this")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    stacks = read(args.raw)
    total = sum(n for _, n in stacks)
    idle = sum(n for frames, n in stacks if frames and IDLE.search(frames[-1]))
    busy = total - idle
    inclusive, own = Counter(), Counter()
    for frames, n in stacks:
        if frames and IDLE.search(frames[-1]):
            continue
        for name in set(frames):
            inclusive[name] += n
        own[frames[-1]] += n
    print(f"{args.raw}: {total} samples, {idle} idle ({idle / max(total, 1):.0%}), {busy} busy")
    print(f"\n{'incl.':>6} {'self':>6}  function (share of busy samples)")
    shown = [(name, n) for name, n in inclusive.most_common() if args.match in name][: args.top]
    for name, n in shown:
        print(f"{n / max(busy, 1):>6.1%} {own[name] / max(busy, 1):>6.1%}  {name}")


if __name__ == "__main__":
    main()
