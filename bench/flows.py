"""Realistic multi-turn conversations, in Spanish and French at parity, for the load test and the replica test.

Why these texts: they are the test stories' own user messages (tests/stories/),
so each flow follows a path the assistant is known to handle: a greeting, a
topic (with its contacts from the directory), "yes" to the menu, a second topic,
thanks and goodbye. The page setting (language, country) goes with the first
message only, as a page would send it; later turns rely on the stored slots.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Tuple


@dataclass(frozen=True)
class Flow:
    name: str
    language: str
    country: str
    turns: Tuple[str, ...]

    @property
    def page_setting(self) -> Dict[str, str]:
        return {"language": self.language, "country": self.country}


FLOWS: List[Flow] = [
    Flow("es-fake-image", "es", "ES", (
        "holaa",
        "alguien ha hecho una foto falsa mia desnuda con una app",
        "si",
        "como hago para que borren la foto de instagram",
        "muchas gracias",
        "no",
    )),
    Flow("fr-fake-image", "fr", "FR", (
        "coucou",
        "quelqu'un a fait une fausse photo de moi nue avec une appli",
        "oui",
        "comment je fais pour faire supprimer la photo sur insta",
        "merci beaucoup",
        "non",
    )),
    Flow("es-blackmail", "es", "MX", (
        "holaa",
        "me dice que si no le paso 100 euros por bizum sube mis fotos",
        "si",
        "quiero poner una denuncia en la policia",
        "necesito hablar con una persona de verdad",
        "adios, me voy",
    )),
    Flow("fr-blackmail", "fr", "BE", (
        "coucou",
        "il dit que si je lui envoie pas 100 euros il balance mes photos",
        "oui",
        "je veux porter plainte à la police",
        "j'ai besoin de parler à une vraie personne",
        "au revoir, je m'en vais",
    )),
    Flow("es-teacher", "es", "CO", (
        "holaa",
        "soy profesora y una alumna me ha contado que hay un montaje suyo",
        "si",
        "es delito hacer un montaje de alguien?",
        "muchas gracias",
        "no",
    )),
    Flow("fr-teacher", "fr", "CH", (
        "coucou",
        "je suis prof et une élève m'a dit qu'il y a un montage d'elle",
        "oui",
        "c'est illégal de faire un montage de quelqu'un ?",
        "merci beaucoup",
        "non",
    )),
]
