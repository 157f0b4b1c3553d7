"""The situations of issue 18 typed as a teen (or a parent) would, through the real servers and the
trained model, in both languages: a real photo leaked by an ex, sextortion after paying, an adult
asking for photos, the parent of a blackmailed son, and a video on a porn site."""
from __future__ import annotations

from typing import Dict, List, Optional, Tuple

import pytest

from chatbot.guides.content import load_guides
from tests.e2e.languages import texts
from tests.e2e.servers import Conversation, Servers
from tests.e2e.test_guided_flows import in_language

BOOK = load_guides()
# How a teen answers each question of a flow, by language (free text, no buttons).
ANSWERS: Dict[str, Dict[str, str]] = {
    "es": {"threatened": "no, nadie me pide nada", "sharing_now": "sí", "under_18": "tengo 15",
           "subject_under_18": "sí, tiene 15", "country": "vivo en españa", "platform": "en instagram"},
    "fr": {"threatened": "non, personne me demande rien", "sharing_now": "oui", "under_18": "j'ai 15 ans",
           "subject_under_18": "oui, il a 15 ans", "country": "j'habite en france", "platform": "sur insta"},
}
NEXT = {"es": "siguiente", "fr": "suivant"}


def pending_question(said: List[str], language: str) -> Optional[str]:
    last = said[-1] if said else ""
    return next((q for q, question in BOOK.questions.items() if last.startswith(question.text[language])), None)


def talk_until(chat: Conversation, said: List[str], language: str, wanted: str, turns: int = 14) -> Tuple[str, List[str]]:
    """Answers the flow's questions and taps "next" until `wanted` was said; returns all said."""
    everything = list(said)
    for _ in range(turns):
        if any(wanted in s for s in everything):
            break
        question = pending_question(said, language)
        said = in_language(language, chat.say(ANSWERS[language][question] if question else NEXT[language]))
        everything += said
    return "\n".join(everything), everything


CASES = {
    "real photo leaked by an ex": {
        "es": "mi ex ha pasado a todo el grupo las fotos que le mandé cuando estábamos juntos",
        "fr": "mon ex a envoyé à tout le groupe les photos que je lui avais envoyées quand on était ensemble"},
    "sextortion after paying": {
        "es": "le pagué 50 euros para que no suba mis fotos y ahora me pide más",
        "fr": "j'ai payé 50 euros pour qu'il publie pas mes photos et maintenant il en veut plus"},
    "an adult asks for photos": {
        "es": "un señor que conocí en un juego me pide que le mande fotos sin ropa",
        "fr": "un monsieur rencontré dans un jeu me demande de lui envoyer des photos sans vêtements"},
    "parent of a blackmailed son": {
        "es": "soy madre, a mi hijo le están chantajeando con una foto suya y le piden dinero",
        "fr": "je suis parent, mon fils se fait faire du chantage avec une photo de lui et on lui demande de l'argent"},
}
GUIDES = {"real photo leaked by an ex": "real_image", "sextortion after paying": "blackmail",
          "an adult asks for photos": "asked_for_photos", "parent of a blackmailed son": "parent_teacher"}


@pytest.mark.parametrize("language", ["es", "fr"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_each_situation_opens_its_flow_and_walks_to_its_last_step(servers: Servers, language: str, case: str) -> None:
    chat = Conversation(servers)
    said = in_language(language, chat.say(CASES[case][language]))
    guide = BOOK.guides[GUIDES[case]]
    assert said[0].startswith(guide.opening[language]), said
    last = guide.steps[-1].text[language]
    everything, _ = talk_until(chat, said, language, last)
    assert last in everything, everything[-600:]
    if case == "real photo leaked by an ex":
        assert BOOK.templates["tell_adult"].text("real", language) in everything
    if case == "parent of a blackmailed son":  # asked about the child, never "were you under 18?"
        assert BOOK.questions["subject_under_18"].text[language] in everything
        assert BOOK.questions["under_18"].text[language] not in everything


@pytest.mark.parametrize("language, text", [
    ("es", "hay un video mío en una página porno y quiero que lo quiten"),
    ("fr", "il y a une vidéo de moi sur un site porno et je veux qu'elle soit retirée"),
])
def test_a_video_on_a_porn_site_gets_the_adult_site_advice(servers: Servers, language: str, text: str) -> None:
    chat = Conversation(servers)
    said = in_language(language, chat.say(text))
    wanted = BOOK.texts["adult_site_how"][language]
    everything, _ = talk_until(chat, said, language, wanted)
    assert wanted in everything, everything[-600:]
