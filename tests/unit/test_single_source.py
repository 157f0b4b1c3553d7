"""Every phone number and address the assistant can show lives in data/directory/ only."""
from __future__ import annotations

import re
from pathlib import Path
from typing import List

from chatbot.directory import read_directory

ROOT = Path(__file__).resolve().parents[2]
CODE = [p for folder in ("actions", "chatbot", "domain", "data/rules", "data/stories", "data/guides")
        for p in (ROOT / folder).rglob("*") if p.suffix in (".py", ".html", ".js", ".css", ".yml")]
# Short numbers (112, 17, 024...) also occur as ordinary numbers in code; they are
# looked for where a user reads them: responses and the page.
# (data/guides/ says ages like "menos de 18", "14 a 17"; its loader refuses any number
# of three digits or more and any link, so the French 15/17/18 are the only overlap.)
USER_FACING = [p for p in CODE if p.suffix in (".html", ".js") or p.parts[-2] == "domain"]


def _values() -> List[str]:
    files = read_directory(ROOT / "data" / "directory")
    return [c.value for country in files.countries for org in country.organisations for c in org.channels]


def test_no_contact_value_is_typed_outside_the_directory() -> None:
    found = []
    for value in _values():
        if value.startswith("https://") or "@" in value:
            pattern = re.compile(re.escape(value.split("://")[-1].rstrip("/")))
        else:
            digits = re.sub(r"\D", "", value)
            # Glued to a name ("under_18") it is an identifier, not a number a user reads.
            pattern = re.compile(r"(?<![\w.,])" + r"[ -]?".join(digits) + r"(?![\d.,]\d|\w)")
        for path in CODE if len(re.sub(r"\D", "", value)) >= 5 else USER_FACING:
            text = path.read_text(encoding="utf-8")
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: {value}")
    assert found == []
