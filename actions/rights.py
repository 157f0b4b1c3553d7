"""What the law says in the user's country, from the directory's laws."""
from __future__ import annotations

from typing import List

from actions.conversation import directory
from chatbot.directory.files import LawData

MAX_LAWS = 3


def key_laws(country: str) -> List[LawData]:
    """Laws in force with a known penalty, in the reviewed file's order (most relevant first).

    Bills are left out here: a bill is not a law, and a teen asking "is it a crime?"
    needs what applies today (the rights flow shows bills separately, marked as bills).
    """
    return [law for law in directory().laws(country) if law.status == "in_force" and law.max_penalty][:MAX_LAWS]
