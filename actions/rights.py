"""What the law says in the user's country, from the directory's laws.

The key laws are chosen by what they mean, not by "has a penalty" (review F4): a law without
a penalty of its own can be the one that matters most (Spain's art. 189 definition is why a
fake nude of a minor can be a crime), and a law with one can be beside the point (France's
226-8 is the non-sexual montage, with an exemption a teen can misread; Argentina's art. 131 is
grooming, not images). Each list names, most relevant first, the laws the facts tie to a
sexual image of someone passed round without their consent, fake or not:

- ES: art. 189 (its definition takes in realistic images of a minor), 189.1 (producing and
  spreading them), 173.1 (used with 189 in the Almendralejo case): es-latam.md · 3 and 5.4.
- FR: 226-8-1 (sexual montages and AI content), 227-23 ("image ou représentation" of a minor):
  fr-be-ch-ca.md · 2 and 4; FR-5. Blackmail (312-10) is the blackmail flow's, not a law on fakes.
- BE: the new Criminal Code's offence of sharing sexual content without consent, number not
  known (updates-2026-12.md · BEC-1, BEC-3); its card says nobody has confirmed it covers fakes.
- CH: 197a (passing on sexual content, "representations" included) and 197 al. 4/5 (minors);
  whether AI images fall under them is not confirmed, and the cards say so.
- CA: 162.1 (intimate images; C-16 extends it to fakes, in force date unknown, said on the card).
- MX: Ley Olimpia (says so for fake content; adults only, said on the card).
- AR, CO, CL, and any new country: none yet (AR's only law is grooming): the flow says it does
  not have the country's laws and shows who can advise.
"""
from __future__ import annotations

from typing import Dict, List, Optional, Sequence, Tuple

from actions.conversation import directory
from chatbot.directory.files import LawData

KEY_LAWS: Dict[str, Tuple[str, ...]] = {
    "ES": ("es-cp-189-definicion", "es-cp-189-1", "es-cp-173-1"),
    "FR": ("fr-cp-226-8-1", "fr-cp-227-23"),
    "BE": ("be-cp-417-9",),
    "CH": ("ch-cp-197a", "ch-cp-197-4-5"),
    "CA": ("ca-cc-162-1",),
    "MX": ("mx-ley-olimpia",),
}


def key_laws(country: str) -> List[LawData]:
    """The country's key laws in KEY_LAWS order; only laws in force (a bill is not a law, and a
    teen asking "is it a crime?" needs what applies today: the rights flow shows bills apart)."""
    laws = {law.id: law for law in directory().laws(country) if law.status == "in_force"}
    return [laws[law_id] for law_id in KEY_LAWS.get(country, ()) if law_id in laws]


def shows_something(blocks: Sequence[str], country: Optional[str]) -> bool:
    """False for a step that only shows laws (`law:<id>`) of which this country has none: its text
    would introduce nothing ("a bill is on its way" where none is, "if the author is a minor:" with no
    law after it). Unknown country: True (the flow asks it before such a step)."""
    laws = [block.partition(":")[2] for block in blocks if block.startswith("law:")]
    if not laws or len(laws) < len(blocks) or country is None:
        return True
    have = {law.id for law in directory().laws(country)}
    return any(law_id in have for law_id in laws)
