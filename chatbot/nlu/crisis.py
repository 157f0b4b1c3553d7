"""A first deterministic safety net for danger and self-harm, independent of DIET.

Why not trust the classifier: on the held-out set DIET sent "me quiero quitar la
vida" to `get_removed`. A missed crisis is the worst error this product can make,
so these patterns force the crisis intent whatever the model said. Patterns run
on folded text (lower-case, no accents) and tolerate common teen spellings.
The full guard (lemmas, typos, a labelled recall set) grows from here.
"""
from __future__ import annotations

import re
from typing import Pattern, Tuple

from chatbot.language.detection import fold

_ES = (
    r"suicid",
    r"quitar(me)?\s+la\s+vida",
    r"\b(matar|mat)me\b",
    r"\bme\s+(quiero|kiero|qiero|voy\s+a|vy\s+a)\s+matar",
    r"\bme\s+mato\b",
    r"\b(quiero|kiero|qiero|ganas\s+de)\s+morir",
    r"\bno\s+(quiero|kiero)\s+(seguir\s+)?(vivi|estar\s+viv)",
    r"\bhacerme\s+(dano|danio)",
    r"\bme\s+(quiero\s+|voy\s+a\s+)?(cortar|corto|autolesion)",
    r"autolesi",
    r"desaparecer\s+para\s+siempre",
    r"acabar\s+con\s+todo",
    r"\bno\s+aguanto\s+mas\b.*\b(vivir|vida|morir|irme)",
    r"\bir(me)?\s+de\s+este\s+mundo",
    r"\bme\s+(\w+\s+){0,3}(hacer|hecho|hago)\s+dano",
    r"\bme\s+estoy\s+cortando|\bcortarme\b",
    r"(no\s+tiene|sin|no\s+le\s+veo)\s+sentido\s+(a\s+)?(seguir|vivir|la\s+vida)",
    r"\bno\s+despertar",
    r"mejor\s+muert",
    r"mejor\s+sin\s+mi\b",
    r"despedi(do)?\s+de\s+todos",
    r"desaparecer\s+y\s+no\s+volver",
    # Immediate danger from someone else.
    r"\bpegarme\b",
    r"\b(alguien|esta|estan)\s+fuera\s+de\s+mi\s+casa",
    r"\bme\s+esta(n)?\s+siguiendo",
    r"\bviene\s+a\s+por\s+mi",
    r"\bestoy\s+en\s+peligro",
    r"miedo.*\b(puerta|fuera\s+de\s+mi\s+casa)|\b(puerta|fuera\s+de\s+mi\s+casa)\b.*miedo",
)
_FR = (
    r"suicid",
    r"\bme\s+tuer\b",
    r"\b(veux|vais|veut|envie\s+de|jveux|jvais)\s+(me\s+)?(mourir|crever)",
    r"\bjveux\s+crever|\bveux\s+crever",
    r"\ben\s+finir\b",
    r"\bme\s+faire\s+du\s+mal",
    r"scarifi",
    r"\bme\s+couper\b",
    r"\bplus\s+envie\s+de\s+vivre",
    r"disparaitre\s+pour\s+toujours",
    r"\bme\s+foutre\s+en\s+l\s*air",
    r"\bmettre\s+fin\s+a\s+(mes\s+jours|ma\s+vie)",
    r"\b(envie|envi|gout)\s+de\s+(mourir|crever|me\s+blesser)",
    r"\bme\s+(suis\s+)?(encore\s+)?(fait|faire|fais)\s+du\s+mal",
    r"\bme\s+blesse(r)?\b",
    r"(\bj?veu|\bveux|\bveut)\s+(plu|plus)\s+(vivre|exister|etre\s+en\s+vie)",
    r"\bpeux\s+plus\s+de\s+vivre",
    r"\bque\s+tout\s+s\s*arrete",
    r"\bsert\s+a\s+rien\s+que\s+je\s+sois",
    r"\bme\s+regretterait",
    r"\btenir\s+jusqu\s*a\s+demain",
    r"\bce\s+que\s+je\s+vais\s+me\s+faire",
    r"\bma\s+vie\s+est\s+finie",
    # Immediate danger from someone else.
    r"\bpeur\s+pour\s+ma\s+vie|\bje\s+suis\s+en\s+danger",
    r"\bme\s+(frapper|tabasser)\b",
    r"\bme\s+suit\b.*\bmenace|\bmenace\b.*\bme\s+suit\b",
    r"(devant\s+(chez\s+moi|ma\s+porte)).*\bpeur|\bpeur\b.*(devant\s+(chez\s+moi|ma\s+porte))",
)
PATTERNS: Tuple[Pattern[str], ...] = tuple(re.compile(p) for p in _ES + _FR)


def signals_crisis(text: str) -> bool:
    """True when the message says, in Spanish or French, that the writer may harm themself."""
    folded = re.sub(r"['’]", " ", fold(text or ""))
    return any(pattern.search(folded) for pattern in PATTERNS)
