"""Which laws the rights flow shows, and what it says about the law (review F1-F4, F7, F8, F10, F11;
issue 18 point 3): chosen by meaning, never by "has a penalty"; a sentence only as strong as its facts.

Every flow runs through the real action with the real directory (tests/unit/test_guides.py's Conversation).
"""
from __future__ import annotations

import re
from typing import List, Tuple

import pytest

from actions.conversation import directory
from actions.rights import KEY_LAWS, key_laws, shows_something
from chatbot.directory.query import law_card
from chatbot.guides.content import guide_book
from tests.unit.test_actions import contacts_in
from tests.unit.test_guides import Conversation

LANGUAGES = ("es", "fr")
# Which law a country shows is decided once, in actions/rights.py KEY_LAWS; these tests check that the
# flow shows exactly those, that each exists and is in force, and the choices the review asked for.


def rights_walk(language: str, country: str) -> List[Tuple[str, List[str], str]]:
    """(step id, law ids shown, text) for every step of the rights flow in this country."""
    book = guide_book()
    guide = book.guides["my_rights"]
    chat = Conversation(language, country=country)
    chat.say("my_rights")
    seen = []
    while True:
        header = re.search(r"^(?:Paso|Étape) \d+ (?:de|sur) \d+ · (.+)$", chat.texts(), re.M)
        assert header, chat.texts()
        step = next(s.id for s in guide.steps if s.title[language] == header.group(1))
        laws = [c["id"] for m in chat.shown for c in contacts_in(m) if c.get("kind") == "law"]
        seen.append((step, laws, chat.texts()))
        if not chat.next_payload():
            return seen
        chat.tap_next()


def served() -> List[str]:
    return list(directory().countries())


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_key_laws_shown_are_exactly_the_ones_chosen_by_meaning(language: str) -> None:
    """ES shows its art. 189 definition (no penalty of its own); FR never 226-8 (non-sexual montage);
    AR's grooming law is not a law about images; a country with none gets "ask these people"."""
    for country in served():
        crime = next(laws for step, laws, _ in rights_walk(language, country) if step == "crime")
        assert crime == list(KEY_LAWS.get(country, ())), country
    assert "es-cp-189-definicion" in [law.id for law in key_laws("ES")]
    assert "fr-cp-226-8" not in [law.id for law in key_laws("FR")]
    assert key_laws("AR") == []  # its one law is about grooming, not images
    assert [law.id for law in key_laws("BE")] == ["be-cp-417-9"]  # the new Criminal Code, not 417/10


def test_every_chosen_law_exists_in_its_country_and_is_in_force() -> None:
    """A renamed or dropped law would silently vanish from the flow."""
    assert set(KEY_LAWS) <= set(served())
    for country, ids in KEY_LAWS.items():
        laws = {law.id: law for law in directory().laws(country)}
        for law_id in ids:
            assert law_id in laws and laws[law_id].status == "in_force", (country, law_id)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_country_without_key_laws_says_so_and_shows_who_advises(language: str) -> None:
    for country in served():
        if country in KEY_LAWS:
            continue
        walk = rights_walk(language, country)
        crime = next(text for step, _, text in walk if step == "crime")
        assert guide_book().texts["no_laws"][language] in crime, country
        assert not any(laws for step, laws, _ in walk if step == "crime"), country


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_bill_and_minors_steps_only_where_a_law_of_theirs_exists(language: str) -> None:
    """No "a new law is coming" in a country with no bill; no "if the author is a minor:" followed by
    nothing; Switzerland's consensual-exchange rule (197 al. 8) never under that heading (F3, F7)."""
    for country in served():
        steps = {step: laws for step, laws, _ in rights_walk(language, country)}
        assert ("bills" in steps) == (country == "ES"), country
        assert ("minors" in steps) == (country in ("ES", "FR")), country
        assert "ch-cp-197-8" not in steps.get("minors", [])
        if "bills" in steps:
            assert steps["bills"] == ["es-cp-173bis-proyecto"]
    walk = rights_walk(language, "CH")
    assert all("ch-cp-197-8" not in laws for _, laws, _ in walk)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_bill_is_shown_only_as_a_bill_and_only_in_its_step(language: str) -> None:
    """Loi 2023-566 (adopted, not applied) is no longer called a bill; a bill is never a key law."""
    for country in served():
        laws = {law.id: law for law in directory().laws(country)}
        for step, shown, text in rights_walk(language, country):
            for law_id in shown:
                assert (laws[law_id].status == "bill") == (step == "bills"), (country, step, law_id)
                assert law_card(laws[law_id], language) in text
    assert "fr-loi-2023-566" not in {law.id for law in directory().laws("FR")}


def test_a_step_that_shows_only_laws_the_country_lacks_says_nothing() -> None:
    only_laws = ("law:es-lo-5-2000", "law:fr-cjpm-l11-1")
    assert shows_something(only_laws, "ES") and shows_something(only_laws, "FR")
    assert not shows_something(only_laws, "BE") and not shows_something(only_laws, "INT")
    assert shows_something(only_laws, None)  # unknown country: the flow asks it first
    assert shows_something(("law:es-lo-1-1982", "contacts:removal"), "BE")  # the contacts still say something
    assert shows_something((), "BE")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_minors_step_says_consequences_depend_on_age(language: str) -> None:
    """Not "he doesn't get off" over cards saying under-14s (ES) and under-13s (FR) get no penalty (F3)."""
    text = next(s for s in guide_book().guides["my_rights"].steps if s.id == "minors").text[language]
    words = {"es": ("edad", "no hay penas"), "fr": ("âge", "pas de peine")}[language]
    assert all(w in text for w in words)
    assert "no se libra" not in text and "n'y échappe pas" not in text


# --- what is said about the law --------------------------------------------------------

HEDGES = re.compile(r"muchos países|beaucoup de pays|puede|peut|España y en Francia|Espagne et en France|En Francia|En France")
CRIME = re.compile(r"delito|délit")


@pytest.mark.parametrize("guide", ["my_rights", "fake_image", "received_image"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_categorical_its_a_crime_everywhere(guide: str, language: str) -> None:
    """Chile and Colombia have no verified law, Belgium's covering fakes is unknown (F1): every sentence
    that says "crime" says where, or "can be"."""
    g = guide_book().guides[guide]
    texts = [g.opening[language]] if g.opening else []
    texts += [s.text[language] for s in g.steps] if guide == "my_rights" else []
    for text in texts:
        for sentence in re.split(r"(?<=[.:!?])\s+", text):
            if CRIME.search(sentence):
                assert HEDGES.search(sentence), sentence


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_unsourced_claims_in_the_rights_flow(language: str) -> None:
    """F2: asking for a fake is not shown as an offence; F8: no Almendralejo detail the facts lack."""
    guide = guide_book().guides["my_rights"]
    everything = " ".join([guide.opening[language]] + [s.text[language] for s in guide.steps])
    for unsourced in ("pedirla", "la demander", "WhatsApp", "compañeras", "camarades", "unos chicos", "des garçons"):
        assert unsourced not in everything
    real_case = next(s for s in guide.steps if s.id == "real_case").text[language]
    assert all(fact in real_case for fact in ("2024", "15", "14", "17", "20"))


def test_belgian_laws_cite_no_replaced_article_and_no_unknown_penalty() -> None:
    """Belgium's new Criminal Code (8 April 2026) replaced 417/9-417/10; the new numbers and penalty
    level are UNVERIFIED (updates-2026-12.md §3), so none is cited."""
    for law in directory().laws("BE"):
        for text in (law.article, law.summary["es"], law.summary["fr"]):
            assert "417/" not in text and "371/" not in text, law.id
    key = {law.id: law for law in directory().laws("BE")}["be-cp-417-9"]
    assert key.max_penalty is None and "2026" in key.article


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_key_law_the_facts_do_not_tie_to_fakes_says_so_on_its_first_view(language: str) -> None:
    """Belgium, Switzerland and Canada: whether the law covers AI fakes (or already applies to them)
    is not known, and the card's first view says it, not only its "more"."""
    doubt = {"es": "no sé", "fr": "je ne sais pas"}[language]
    for country in ("BE", "CH", "CA"):
        for law in key_laws(country):
            assert doubt in law_card(law, language).lower(), law.id


def test_fr_226_8_1_shows_only_the_penalty_the_latest_facts_confirm() -> None:
    """updates-2026-12.md FR-5 (wins): the online aggravation (3 years, 75,000 €) is only 'medium'."""
    law = {law.id: law for law in directory().laws("FR")}["fr-cp-226-8-1"]
    assert law.max_penalty and all("75" not in text for text in law.max_penalty.values())


# --- the other sentences of this change (F9, F10, F11) ----------------------------------

def test_x_tells_a_teen_outside_the_us_which_option_to_choose() -> None:
    how = directory().platform("x").how  # type: ignore[union-attr]
    assert "Si no te sale esa opción" in how["es"] and "contenido íntimo sin permiso" in how["es"]
    assert "Si tu ne vois pas cette option" in how["fr"] and "contenu intime sans accord" in how["fr"]


def test_no_platform_says_where_no_account_is_needed_in_both_languages() -> None:
    text = guide_book().texts["no_platform"]
    assert "No hace falta tener cuenta en todas" not in text["es"]
    assert "Discord" in text["es"] and "Discord" in text["fr"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_removal_services_are_not_said_to_be_for_a_teen_alone(language: str) -> None:
    """No source says 14-17-year-olds can file the AEPD form themselves (second-check.md)."""
    step = next(s for s in guide_book().guides["fake_image"].steps if s.id == "removal_channel")
    assert {"es": "adulto de confianza", "fr": "adulte de confiance"}[language] in step.text[language]
    assert "Puedes usarlos tú" not in step.text[language] and "toi-même" not in step.text[language]
