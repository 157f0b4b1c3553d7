"""Maintainer commands for the awareness-mode content.

    python -m chatbot.learn check     check lessons, quizzes, labels, guide and every fact id
    python -m chatbot.learn stories   print the payload walk used in tests/stories/test_learn_*.yml
"""
from __future__ import annotations

import sys
from typing import List

from chatbot.learn.content import ContentError, check_facts, load_content, load_guide
from chatbot.learn.walk import payload_walk, story_step


def check() -> int:
    from chatbot.directory import read_directory
    from chatbot.directory.query import Directory
    from chatbot.settings import load_settings

    try:
        content = load_content()
        guide = load_guide()
    except ContentError as error:
        print(f"Content has problems:\n{error}", file=sys.stderr)
        return 1
    problems = check_facts(content, Directory.from_files(read_directory(load_settings().directory_path)))
    if problems:
        print("Fact ids not in the directory:\n" + "\n".join(problems), file=sys.stderr)
        return 1
    items = sum(len(q.items) for q in content.quizzes)
    print(f"{len(content.lessons)} lessons ({', '.join(l.id for l in content.lessons)}), "
          f"{len(content.quizzes)} quizzes with {items} items, guide with {len(guide.sections)} sections: OK")
    return 0


def stories() -> int:
    lines: List[str] = []
    for user, action in payload_walk(load_content()):
        lines += [story_step(user), f"      - action: {action}"]
    print("\n".join(lines))
    return 0


def main(argv: List[str]) -> int:
    commands = {"check": check, "stories": stories}
    if len(argv) != 1 or argv[0] not in commands:
        print(__doc__, file=sys.stderr)
        return 2
    return commands[argv[0]]()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
