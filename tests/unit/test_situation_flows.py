"""The flows for situations the first flows missed (issue 18, review G1-G3, G5, S2, K2-K5, P4):
a real intimate photo passed round, someone asking for photos, "I forwarded it", porn sites;
and the ready-to-send texts that fit each situation. Run through the real action, both languages,
every served country, with the real directory."""
from __future__ import annotations

from typing import Dict, List, Optional

import pytest

from actions.conversation import directory
from actions.guide_render import steps_here
from chatbot.guides.answers import OTHER_COUNTRY, mentioned_platform
from chatbot.guides.content import guide_book
from tests.unit.test_actions import DOMAIN, contact_ids
from tests.unit.test_guides import Conversation

LANGUAGES = ("es", "fr")
SAY = {  # the first message a teen might type, per flow and language
    "real_image_shared": {"es": "mi ex pasó las fotos que le mandé", "fr": "mon ex a fait tourner mes photos"},
    "asked_for_photos": {"es": "un señor me pide fotos", "fr": "un homme me demande des photos"},
    "i_forwarded_it": {"es": "reenvié una foto de una compañera", "fr": "j'ai transféré la photo d'une fille"},
}
GUIDE = {"real_image_shared": "real_image", "asked_for_photos": "asked_for_photos", "i_forwarded_it": "forwarded"}


def countries() -> List[str]:
    return [*directory().countries(), OTHER_COUNTRY]


def walk(chat: Conversation) -> str:
    """Every text from the current turn to the end of the flow."""
    seen = chat.texts()
    while chat.next_payload():
        chat.tap_next()
        seen += "\n" + chat.texts()
    return seen


def answer_everything(chat: Conversation, country: str) -> None:
    """Answers the flow's questions as a teen with no threat, an image going round, under 18."""
    for _ in range(6):
        pending = chat.slots.get("pending_question")
        if not pending:
            return
        if pending == "threatened":
            chat.say("deny")
        elif pending in ("sharing_now", "under_18"):
            chat.say("affirm")
        elif pending == "country":
            chat.say("inform", country=country)
        elif pending == "platform":
            chat.say("inform", platform="instagram")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("intent", sorted(SAY))
def test_each_new_situation_opens_its_own_flow_and_reaches_its_end_in_every_country(language: str, intent: str) -> None:
    book = guide_book()
    guide = book.guides[GUIDE[intent]]
    for country in countries():
        chat = Conversation(language)
        chat.say(intent, SAY[intent][language])
        assert chat.slots["guide"] == guide.id
        assert chat.shown[0]["text"].startswith(guide.opening[language])
        answer_everything(chat, country)
        seen = walk(chat)
        assert book.texts["done"][language] in seen, (country, seen[-300:])
        for step in steps_here(guide, dict(chat.slots), country):
            assert step.text_for(country)[language] in seen, (country, step.id)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_real_photo_is_never_called_fake_and_its_texts_say_so(language: str) -> None:
    chat = Conversation(language, country="ES" if language == "es" else "FR")
    chat.say("real_image_shared", SAY["real_image_shared"][language])
    answer_everything(chat, "ES" if language == "es" else "FR")
    seen = walk(chat)
    fake_words = {"es": ("falsa", "no eres tú", "montaje"), "fr": ("fausse", "ce n'est pas toi", "montage")}[language]
    assert not [w for w in fake_words if w in seen.lower()], seen
    templates = guide_book().templates
    assert templates["tell_adult"].text("real", language) in seen
    assert templates["platform_removal"].text("real", language) in seen
    # The law for a real intimate image shared without consent: ES 197.7, FR 226-2-1 (review G1).
    law = "es-cp-197-7" if language == "es" else "fr-cp-226-2-1"
    assert law in contact_ids_of(chat, seen_all=True)


def contact_ids_of(chat: Conversation, seen_all: bool = False) -> List[str]:
    return contact_ids(chat.history) if seen_all else contact_ids(chat.shown)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_threat_turns_the_real_photo_and_the_photo_request_flows_into_blackmail(language: str) -> None:
    for intent in ("real_image_shared", "asked_for_photos"):
        chat = Conversation(language, country="MX")
        chat.say(intent, SAY[intent][language])
        chat.say("affirm")  # "yes, they threaten me"
        assert chat.slots["guide"] == "blackmail"
        assert chat.shown[0]["text"] == guide_book().guides["blackmail"].opening[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_photo_request_flow_says_dont_send_before_anything_else_and_never_blames(language: str) -> None:
    guide = guide_book().guides["asked_for_photos"]
    assert guide.steps[0].id == "dont_send"
    order = [s.id for s in guide.steps]
    assert order.index("evidence") < order.index("block_report")  # capture before blocking (review S4)
    assert {"es": "No es culpa tuya", "fr": "Ce n'est pas ta faute"}[language] in guide.opening[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_forwarded_flow_helps_without_threatening(language: str) -> None:
    guide = guide_book().guides["forwarded"]
    text = " ".join([guide.opening[language]] + [s.text[language] for s in guide.steps]).lower()
    assert [s.id for s in guide.steps][:3] == ["delete", "ask_delete", "report"]  # the order of review G2
    for word in {"es": ("delito", "cárcel", "castig"), "fr": ("délit", "prison", "puni")}[language]:
        assert word not in text.replace("no están para castigarte", "").replace("pas là pour te punir", "")


# --- the ready-to-send texts, by situation -------------------------------------------

@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("intent, situation", [("fake_image_of_me", "fake"), ("real_image_shared", "real"),
                                               ("blackmail", "blackmail"), ("asked_for_photos", "grooming"),
                                               ("i_forwarded_it", "forwarded")])
def test_tell_an_adult_fits_the_situation(language: str, intent: str, situation: str) -> None:
    chat = Conversation(language, country="CH")
    chat.say(intent)
    answer_everything(chat, "CH")
    seen = walk(chat)
    template = guide_book().templates["tell_adult"]
    assert template.text(situation, language) in seen
    others = [template.text(s, language) for s in template.versions if s != situation]
    assert not [t for t in others if t in seen]
    assert "[o pasado]" not in seen and "[ou fait tourner]" not in seen  # review T6


@pytest.mark.parametrize("language", LANGUAGES)
def test_get_removed_after_a_real_photo_flow_uses_the_real_photo_text(language: str) -> None:
    chat = Conversation(language, country="FR")
    chat.say("real_image_shared")
    chat.say("deny")
    chat.slots["guide"] = None  # the teen went to the menu
    chat.say("get_removed")
    answer_everything(chat, "FR")
    seen = walk(chat)
    assert guide_book().templates["platform_removal"].text("real", language) in seen


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("country, template, authority_language", [("ES", "aepd_removal", "es"),
                                                                   ("FR", "cnil_site_erasure", "fr")])
def test_a_text_for_an_authority_is_in_the_authoritys_language(language: str, country: str, template: str,
                                                               authority_language: str) -> None:
    chat = Conversation(language, country=country)
    chat.say("get_removed")
    answer_everything(chat, country)
    seen = walk(chat)
    text = guide_book().templates[template]
    assert text.language == authority_language
    assert text.versions["default"][authority_language] in seen
    if language != authority_language:
        name = guide_book().texts[f"language_{authority_language}"][language]
        assert guide_book().texts["template_in_language"][language].format(language=name) in seen


def test_the_cnil_text_asks_the_site_first_and_names_the_one_month_delay() -> None:
    """Review F5/K4: the site is asked first; the CNIL only after a month without an answer."""
    text = guide_book().templates["cnil_site_erasure"].versions["default"]["fr"]
    assert text.startswith("Madame, Monsieur") and "un mois" in text and "CNIL" in text.split(".")[-2]


# --- porn and adult sites (review G5) ------------------------------------------------

@pytest.mark.parametrize("text, expected", [("está en una página porno", "adult"), ("c'est sur un site porno", "adult"),
                                            ("en pornhub", "adult"), ("me hicieron un montaje porno", None),
                                            ("en insta", "instagram")])
def test_a_porn_site_is_read_as_its_own_answer(text: str, expected: Optional[str]) -> None:
    assert mentioned_platform(text) == expected


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_porn_site_gets_the_adult_site_advice_and_googles_removal(language: str) -> None:
    chat = Conversation(language, country="ES")
    chat.say("get_removed")
    assert any(p == '/inform{"platform": "adult"}' for _, p in chat.buttons())
    chat.say("inform", "una web porno" if language == "es" else "un site porno", platform="web")  # DIET's entity
    assert chat.slots["platform"] == "adult"
    answer_everything(chat, "ES")
    texts = chat.texts()
    assert guide_book().texts["adult_site_how"][language] in texts
    assert directory().platform("google_search").how[language] in texts


# --- the menu (review T7) ------------------------------------------------------------

def menu_payloads(response: str) -> Dict[str, List[str]]:
    found: Dict[str, List[str]] = {}
    for variation in DOMAIN["responses"][response]:
        language = next((c["value"] for c in variation.get("condition") or []), "default")
        found[language] = [b["payload"] for b in variation.get("buttons", [])]
    return found


def test_the_menu_fits_a_phone_and_every_situation_is_one_tap_or_two_away() -> None:
    first, more = menu_payloads("utter_menu"), menu_payloads("utter_more_options")
    for language in LANGUAGES:
        assert len(first[language]) <= 7 and first[language][-1] == "/more_options"
        reachable = set(first[language]) | set(more[language])
        flows = {f"/{i}" for g in guide_book().guides.values() if g.situation or g.id in
                 ("received_image", "get_removed", "report_it", "my_rights") for i in g.intents}
        assert flows <= reachable, flows - reachable
        assert "/talk_to_someone" in first[language]
    assert first["es"][:6] == first["fr"][:6] and more["es"][:6] == more["fr"][:6]  # same order, both languages


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("guide", ["fake_image", "real_image", "asked_for_photos", "blackmail"])
def test_telling_an_adult_offers_another_adult_and_steers_a_young_child_to_one(language: str, guide: str) -> None:
    """Review S10 (home may not be safe) and G10 (13 or younger: an adult does the steps with them)."""
    step = next(s for s in guide_book().guides[guide].steps if s.id == "tell_adult").text[language]
    assert {"es": "13 años o menos", "fr": "13 ans ou moins"}[language] in step
    if guide != "blackmail":
        assert {"es": "Si en casa no es seguro", "fr": "Si chez toi ce n'est pas sûr"}[language] in step


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("intent", ["fake_image_of_me", "real_image_shared"])
def test_take_it_down_is_not_shown_twice_in_a_row_where_a_country_has_no_removal_service(language: str, intent: str) -> None:
    """Mexico has no national removal service: the removal step fell back to Take It Down, and the
    next step showed it again (seen in an example conversation)."""
    for country in countries():
        chat = Conversation(language)
        chat.say(intent)
        answer_everything(chat, country)
        shown: List[List[str]] = [contact_ids(chat.shown)]
        while chat.next_payload():
            chat.tap_next()
            shown.append(contact_ids(chat.shown))
        repeated = [a for a, b in zip(shown, shown[1:]) if "int-take-it-down" in a and "int-take-it-down" in b]
        assert not repeated, (country, shown)
        assert any("int-take-it-down" in ids for ids in shown), country
