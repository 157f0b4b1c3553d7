"""What the flows say to a victim, read as the content review did (issue 18, review S2–S6, S10–S12, T1–T2).

Each test reads the real data (guides, lessons, quizzes, directory, domain) or runs the real
action, in both languages.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterator, List, Tuple

import pytest
import yaml

from actions.conversation import directory
from chatbot.directory.emergency import crisis_contacts
from chatbot.guides.content import guide_book
from tests.unit.test_guides import Conversation

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("es", "fr")
# Flows a victim opens: never tell them that having the image is a crime for them (review S5).
VICTIM_GUIDES = ("fake_image", "real_image", "blackmail", "asked_for_photos", "evidence", "get_removed", "report_it", "feelings",
                 "tell_adult")
THREAT_TO_VICTIM = {"es": re.compile(r"también para ti|delito.{0,40}para ti|tenerla.{0,30}delito", re.I),
                    "fr": re.compile(r"aussi pour toi|délit.{0,40}pour toi|l'avoir.{0,30}délit", re.I)}
# Spanish for Madrid and Buenos Aires alike: no vosotros (review T1).
# Also the conditional and past forms that carry no accent on "ais"/"eis": diríais, hablabais, hicisteis.
VOSOTROS = re.compile(r"\b(?:\w+(?:áis|éis|íais|abais|steis)|vosotr[oa]s|vuestr[oa]s?|os)\b", re.I)


def spanish_texts() -> Iterator[Tuple[str, str]]:
    """(where, text) of every Spanish text a user can read, from every data file."""
    files = [*ROOT.glob("data/guides/*.yml"), *ROOT.glob("data/lessons/*.yml"), *ROOT.glob("data/quizzes/*.yml"),
             *ROOT.glob("data/directory/*.yml"), *ROOT.glob("domain/*.yml")]

    def walk(node: object, where: str) -> Iterator[Tuple[str, str]]:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("source_url", "facts", "note"):
                    continue
                if key == "es" and isinstance(value, str):
                    yield where, value
                elif key == "text" and isinstance(value, str) and "language, value: fr" not in where:
                    yield where, value
                else:
                    yield from walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                condition = value.get("condition") if isinstance(value, dict) else None
                if condition and any(c.get("value") == "fr" for c in condition):
                    continue  # a domain response's French variation
                yield from walk(value, f"{where}/{i}")

    for path in files:
        yield from walk(yaml.safe_load(path.read_text(encoding="utf-8")), path.name)


def test_no_spanish_text_uses_vosotros() -> None:
    found = [(where, m.group(0)) for where, text in spanish_texts() for m in VOSOTROS.finditer(text)]
    assert found == []


def test_the_vosotros_check_can_fail() -> None:
    assert VOSOTROS.search("Podéis denunciarlo juntos; llevad las capturas") and VOSOTROS.search("si os llega")
    assert VOSOTROS.search("¿Qué le diríais a un amigo?") and VOSOTROS.search("¿lo hicisteis?")


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_victim_flow_tells_the_victim_that_keeping_the_image_is_a_crime_for_them(language: str) -> None:
    book = guide_book()
    said = [step.text[language] for gid in VICTIM_GUIDES for step in book.guides[gid].steps]
    said += [book.guides[gid].opening[language] for gid in VICTIM_GUIDES if book.guides[gid].opening]
    assert [t for t in said if THREAT_TO_VICTIM[language].search(t)] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_blackmail_keeps_evidence_before_blocking_and_asks_how_the_teen_is_with_crisis_lines(language: str) -> None:
    steps = [s.id for s in guide_book().guides["blackmail"].steps]
    assert steps.index("evidence") < steps.index("stop_block")
    for country in directory().countries():
        chat = Conversation(language, country=country)
        chat.slots.update(under_18="yes")
        shown: List[dict] = chat.say("blackmail")
        while chat.next_payload():
            shown += chat.tap_next()
        feelings = next(m for m in shown if guide_book().guides["blackmail"].steps[steps.index("how_are_you")].title[language]
                        in (m.get("text") or ""))
        # Its crisis lines; a country with none in the facts (Luxembourg) gets its emergency line first.
        crisis = {o.id for o in crisis_contacts(directory(), country)}
        assert {c["id"] for c in feelings["custom"]["contacts"]} & crisis, country


@pytest.mark.parametrize("language", LANGUAGES)
def test_evidence_advice_never_makes_a_new_copy_of_the_image(language: str) -> None:
    """Review S4: a screenshot of a chat where the message is the image is a new copy."""
    without = {"es": "sin que salga la imagen", "fr": "sans que l'image apparaisse"}[language]
    book = guide_book()
    for gid, sid in (("evidence", "what"), ("fake_image", "evidence"), ("blackmail", "evidence")):
        step = next(s for s in book.guides[gid].steps if s.id == sid)
        assert without in step.text[language], (gid, sid)


@pytest.mark.parametrize("language", LANGUAGES)
def test_feelings_comfort_a_teen_whose_real_image_is_shared_too(language: str) -> None:
    """Review S2: "Y es falsa: no eres tú" told a teen with a real image that the real case is shameful."""
    text = guide_book().guides["feelings"].steps[0].text[language]
    assert {"es": "si es real, tampoco es culpa tuya", "fr": "si elle est vraie, ce n'est pas ta faute"}[language] in text
    assert {"es": "Y es falsa", "fr": "Et elle est fausse"}[language] not in text


@pytest.mark.parametrize("language, said", [("es", "soy su madre y tengo 45 años"), ("fr", "je suis sa mère, j'ai 45 ans")])
def test_the_parent_flow_asks_about_the_person_in_the_image_not_the_parent(language: str, said: str) -> None:
    """Review S6: a parent's "No, 18 o más" about themselves sent a child's image to StopNCII (adults only)."""
    chat = Conversation(language, country="ES")
    asked = chat.say("parent_teacher", said)
    assert guide_book().questions["subject_under_18"].text[language] in chat.texts()
    assert chat.slots.get("under_18") is None, "the parent's own age is not the child's"
    chat.say("inform", "tiene 15" if language == "es" else "elle a 15 ans")
    assert chat.slots["under_18"] == "yes"
    assert asked


# Words of Spain only (review T1) or France only (T3) in what a teen reads; ALLOWED_NAMES holds
# a service's own name that contains one. France's school words (CPE, collège, lycée, vie
# scolaire, proviseur, infirmière scolaire…) mean little in Belgium, Switzerland or Québec:
# "un adulte de ton école (prof, infirmier ou infirmière, conseiller ou conseillère…)", "ton école".
SPAIN_ONLY = re.compile(r"\b(?:coger|cogen|coge|cogió|chivarse|chivato|instituto|bañador|bizum|apetece|ordenador)\b", re.I)
FRANCE_ONLY = re.compile(
    r"\b(?:CPE|conseill\w* principal\w* d'éducation|collèges?|collégien\w*|lycées?|lycéen\w*|proviseure?s?"
    r"|principale?s? (?:du|de ton|de l'|adjointe?)|vie scolaire|infirmi\w+ scolaires?)(?!\w)|Madame / Monsieur", re.I)
# Keys whose text no user reads as the bot's words: sources and notes, and the letters the
# teen sends to an authority of one country (data/guides/_shared.yml templates).
NOT_SHOWN = ("source_url", "facts", "note", "templates", "templates_by_country")


def _is_french_variation(value: object) -> bool:
    condition = value.get("condition") if isinstance(value, dict) else None
    return bool(condition) and any(c.get("value") == "fr" for c in condition)


def french_texts() -> Iterator[Tuple[str, str]]:
    """(where, text) of every French text a user can read: lessons, quizzes, the teacher guide,
    guides, and the French variations of the domain's responses (text and buttons)."""
    def walk(node: object, where: str) -> Iterator[Tuple[str, str]]:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in NOT_SHOWN:
                    continue
                if key == "fr" and isinstance(value, str):
                    yield where, value
                else:
                    yield from walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                yield from walk(value, f"{where}/{i}")

    for path in [*ROOT.glob("data/guides/*.yml"), *ROOT.glob("data/lessons/*.yml"), *ROOT.glob("data/quizzes/*.yml")]:
        yield from walk(yaml.safe_load(path.read_text(encoding="utf-8")), path.name)
    for path in ROOT.glob("domain/*.yml"):
        for name, variations in (yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {}).items():
            for variation in filter(_is_french_variation, variations):
                yield f"{path.name}/{name}", variation.get("text") or ""
                for button in variation.get("buttons") or []:
                    yield f"{path.name}/{name}", button.get("title") or ""


ALLOWED_NAMES = ("Instituto Colombiano de Bienestar Familiar",)  # a service's own name


def test_no_spanish_text_uses_words_of_spain_only() -> None:
    def plain(text: str) -> str:
        for name in ALLOWED_NAMES:
            text = text.replace(name, "")
        return text

    assert [(where, m.group(0)) for where, text in spanish_texts() for m in SPAIN_ONLY.finditer(plain(text))] == []
    assert SPAIN_ONLY.search("Las apps cogen una foto") and SPAIN_ONLY.search("ni Bizum")


def test_no_french_text_uses_words_of_france_only_schools() -> None:
    texts = list(french_texts())
    assert len({where.split("/")[0] for where, _ in texts}) > 20, "the French texts of data/ and domain/ are read"
    assert [(where, m.group(0)) for where, text in texts for m in FRANCE_ONLY.finditer(text)] == []


@pytest.mark.parametrize("said", ["l'infirmière ou le CPE", "ne plus vouloir aller au collège ou au lycée",
                                  "la vie scolaire", "l'infirmière scolaire", "le proviseur", "la principale du collège",
                                  "les lycéens", "le conseiller principal d'éducation", "Madame / Monsieur"])
def test_the_france_only_check_can_fail(said: str) -> None:
    assert FRANCE_ONLY.search(said)


@pytest.mark.parametrize("said", ["Menu principal", "Le principal, c'est que tu sois en sécurité", "un adulte de ton école",
                                  "un infirmier ou une infirmière", "l'établissement"])
def test_the_france_only_check_lets_words_for_every_country_through(said: str) -> None:
    assert not FRANCE_ONLY.search(said)


# The French bot speaks as masculine ("Je suis désolé", "pas sûr", "un assistant"): never also
# as feminine (review T8).
BOT_FEMININE = re.compile(r"\bje (?:suis|ne suis pas)\s+(?:\w+\s+)?(?:désolée|sûre|certaine|navrée|prête|contente|ravie|seule)\b"
                          r"|^désolée\b|\bune assistante\b|\bje \w+ toute seule\b", re.I)


def widget_french_texts() -> Iterator[Tuple[str, str]]:
    """The chat page's own French strings (chatbot/web/static/strings.json), the bot's voice too."""
    strings = json.loads((ROOT / "chatbot/web/static/strings.json").read_text(encoding="utf-8"))["fr"]
    yield from (("strings.json", value) for value in strings.values() if isinstance(value, str))


def test_the_french_bot_speaks_as_masculine_everywhere() -> None:
    bot = [(where, text) for where, text in [*french_texts(), *widget_french_texts()] if "_teacher_guide" not in where]
    assert [(where, m.group(0)) for where, text in bot for m in BOT_FEMININE.finditer(text)] == []
    assert any("désolé" in text for _, text in bot) and any("pas sûr" in text for _, text in bot)
    assert BOT_FEMININE.search("Je suis vraiment désolée") and BOT_FEMININE.search("je ne suis pas sûre d'avoir compris")
    assert BOT_FEMININE.search("Désolée, je parle seulement français") and BOT_FEMININE.search("Je réessaie toute seule")
    assert not BOT_FEMININE.search("Tu n'es pas seule") and not BOT_FEMININE.search("Bien sûr.")


@pytest.mark.parametrize("language, said", [("es", "soy su madre, mi hija tiene 14 y le han hecho un montaje"),
                                            ("fr", "je suis sa mère, ma fille a 14 ans et on a fait un montage d'elle"),
                                            ("es", "soy madre, a mi hijo de 15 le están chantajeando con una foto"),
                                            ("fr", "mon fils de 15 ans se fait faire du chantage avec une photo")])
def test_a_parent_who_gives_the_childs_age_at_once_is_not_asked_again(language: str, said: str) -> None:
    chat = Conversation(language, country="FR")
    chat.say("parent_teacher", said)
    assert chat.slots["under_18"] == "yes"
    assert guide_book().questions["subject_under_18"].text[language] not in chat.texts()
