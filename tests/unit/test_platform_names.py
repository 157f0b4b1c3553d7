"""Platform nicknames: every platform in the directory can be named, and names do not collide."""
from __future__ import annotations

from pathlib import Path

import pytest

from chatbot.directory import read_directory
from chatbot.guides.answers import NICKNAMES, mentioned_platform

ROOT = Path(__file__).resolve().parents[2]


def test_every_platform_of_the_directory_has_nicknames() -> None:
    ids = {p.id for p in read_directory(ROOT / "data" / "directory").platforms}
    assert ids == set(NICKNAMES)


@pytest.mark.parametrize(
    "text, platform",
    [
        ("lo subieron a Instagram", "instagram"), ("en TIKTOK", "tiktok"), ("por snap y luego por insta", "snapchat"),
        ("ils l'ont mis sur youtube", "youtube"), ("hay un enlace en google", "google_search"),
        ("me lo mandaron por whatsapp", "whatsapp"), ("ça tourne sur wtsp", "whatsapp"),
        ("x el wpp de clase", "whatsapp"), ("un compte twitter", "x"),
        # "x" alone is Spanish SMS for "por" ("x insta"): never read as the platform X.
        ("me lo pasaron x privado", None),
        ("me snapearon", None), ("instalar la app", None), ("hola", None),
    ],
)
def test_mentioned_platform(text: str, platform: str) -> None:
    assert mentioned_platform(text) == platform
