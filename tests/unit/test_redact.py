"""Redaction of what teens type, in both languages: exact cases, then the labelled sets' floors."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.redaction_eval import LANGUAGES, Score, evaluate, nlu_false_finds, parse
from chatbot.privacy.redact import find_spans, redact, redact_with_secrets


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Hola, me llamo Lucía y mi número es 612 345 678", "Hola, me llamo [NAME] y mi número es [PHONE]"),
        ("mi insta es @lucia_2009", "mi insta es [HANDLE]"),
        ("mándame un correo a lucia@gmail.com", "mándame un correo a [EMAIL]"),
        ("el enlace es www.ejemplo.com/foto", "el enlace es [URL]"),
        ("estoy en 3ºB del IES Santa Eulalia", "estoy en [CLASS] del [SCHOOL]"),
        ("je m'appelle Léa, je suis en 3e B au collège Jean Moulin", "je m'appelle [NAME], je suis en [CLASS] au [SCHOOL]"),
        ("appelle-moi au +33 6 12 34 56 78", "appelle-moi au [PHONE]"),
        ("j'habite 12 rue des Lilas", "j'habite [ADDRESS]"),
        ("soy la maria de 3ºB", "soy la [NAME] de [CLASS]"),
        ("fue hugo el que lo subio", "fue [NAME] el que lo subio"),
        ("c'est enzo qui l'a posté", "c'est [NAME] qui l'a posté"),
        ("mi snap es carlitos_09", "mi snap es [HANDLE]"),
        ("mon num c'est le 06.12.34.56.78", "mon num c'est le [PHONE]"),
        ("vivo en la calle mayor 12, 2ºB", "vivo en la [ADDRESS]"),
        ("au clg jean jaures en 4eme2", "au [SCHOOL] en [CLASS]"),
    ],
)
def test_patterns_and_cues(text: str, expected: str) -> None:
    assert redact(text, use_spacy=False) == expected


@pytest.mark.parametrize("text, secret", [("fue Pablo el que lo pasó", "Pablo"), ("ça vient de Lyon", "Lyon"),
                                          ("un type de Saint-Étienne me fait du chantage", "Saint-Étienne")])
def test_spacy_and_capitals_catch_names_and_places(text: str, secret: str) -> None:
    assert secret not in redact(text)


@pytest.mark.parametrize("text", [
    "hola", "me han hecho un montaje en insta", "/greet", "quelqu'un me fait du chantage sur snap",
    "soy tonta por haberle mandado la foto", "mi insta es privado", "llame al 112 pero no se",
    "le 3018 c'est pour ça ?", "tengo 14 años y estoy en 3º de la ESO", "j'ai 14 ans et je suis en 3e",
    "quiero paz, que lo borren ya", "t'es un ange merci", "je viens de recevoir un montage",
    "mi amigo recibió un montaje", "tengo derecho a q el insti haga algo?", "Necesito ayuda",
])
def test_ordinary_messages_stay_as_they_are(text: str) -> None:
    assert redact(text) == text


def test_secrets_are_the_pieces_taken_out() -> None:
    text, secrets = redact_with_secrets("me llamo Lucía y mi insta es @lucia_2009", language="es")
    assert text == "me llamo [NAME] y mi insta es [HANDLE]"
    assert secrets == ["Lucía", "@lucia_2009"]


def test_the_labelled_format_is_read_right() -> None:
    item = parse("soy la [maria](NAME) de [3ºB](CLASS)")
    assert item.text == "soy la maria de 3ºB"
    assert [item.text[s:e] for s, e, _ in item.spans] == ["maria", "3ºB"]
    assert find_spans("") == []


def _combined(language: str) -> Score:
    total = Score()
    for held_out in (False, True):
        score = evaluate(language, held_out=held_out).total
        total.labelled += score.labelled
        total.caught += score.caught
        total.found += score.found
        total.right += score.right
    return total


@pytest.mark.parametrize("language", LANGUAGES)
def test_recall_and_precision_floors_on_the_labelled_sets(language: str) -> None:
    """Recall is what protects a child: at least 0.95 per language (tuned set and held-out set together;
    measured 0.993-1.000). Precision floor 0.95 (measured 0.993-1.000): a false find only costs a word
    in the stored copy, never the live conversation, so we trade it for recall, but a detector that
    starts replacing ordinary words (every capitalised word, every number) falls below it."""
    score = _combined(language)
    assert score.labelled >= 180
    assert score.recall >= 0.95, score
    assert score.precision >= 0.95, score


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_assistants_own_sentences_are_left_alone(language: str) -> None:
    """Our 900 NLU sentences per language hold no personal details; at most 1% may be touched (measured 0)."""
    total, changed = nlu_false_finds(language)
    assert total >= 500
    assert len(changed) <= total // 100, changed


_PIECES = list("abcdeilmnorsuzABCLMSñéèçº°@._#/:+-,'’ 0123456789") + [
    "soy ", "c'est ", "calle ", "rue ", "IES ", "lycée ", "me llamo ", "06 ", "3ºB", "insta es ", "www.", ".com"]
_TEEN_TEXT = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEEN_TEXT)
def test_any_text_gives_ordered_spans_inside_it(text: str) -> None:
    spans = find_spans(text, language="es", use_spacy=False)
    assert all(0 <= s.start < s.end <= len(text) for s in spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))
    assert redact(redact(text, use_spacy=False), use_spacy=False) == redact(text, use_spacy=False)


@settings(max_examples=30, deadline=None)
@given(st.text(max_size=60))
def test_any_unicode_text_never_breaks_the_redactor(text: str) -> None:
    assert isinstance(redact(text), str)
