"""The detector on the messages teens really send, short ones first."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from chatbot.language.detection import detect, requested_language

SHORT = yaml.safe_load((Path(__file__).parent.parent / "data" / "short_messages.yml").read_text(encoding="utf-8"))


def test_short_messages_are_mostly_recognised() -> None:
    labelled = [(text, lang) for lang in ("es", "fr") for text in SHORT[lang]]
    correct = sum(detect(text).language == lang for text, lang in labelled)
    accuracy = correct / len(labelled)
    print(f"short-message language accuracy: {correct}/{len(labelled)} = {accuracy:.3f}")
    assert accuracy >= 0.9


@pytest.mark.parametrize("text", SHORT["either"])
def test_words_both_languages_share_never_decide(text: str) -> None:
    assert not detect(text).decisive


@pytest.mark.parametrize(
    "text, language",
    [
        ("me han hecho un montaje y lo están pasando por el grupo de clase", "es"),
        ("no sé qué hacer, tengo mucho miedo de que lo vean mis padres", "es"),
        ("hola q tal", "es"),
        ("quelqu'un a fait un montage de moi et ça tourne sur snap", "fr"),
        ("je sais pas quoi faire, j'ai trop honte", "fr"),
        ("wesh tu peux m'aider", "fr"),
    ],
)
def test_full_sentences_are_decisive(text: str, language: str) -> None:
    detection = detect(text)
    assert detection.language == language
    assert detection.decisive


@pytest.mark.parametrize("text", ["", "   ", "😭😭😭", "123", "?!"])
def test_no_words_means_no_language(text: str) -> None:
    detection = detect(text)
    assert detection.language is None and not detection.decisive and detection.other is None


def test_non_latin_script_is_another_language() -> None:
    assert detect("مرحبا، هل يمكنك مساعدتي؟").other == "xx"
    assert detect("Привет, мне нужна помощь").other == "xx"


@pytest.mark.parametrize(
    "text, other",
    [
        ("hello, can you please help me with something", "en"),
        ("algú ha fet un muntatge amb la meva cara", "ca"),
    ],
)
def test_clear_other_languages_are_reported(text: str, other: str) -> None:
    assert detect(text).other == other


@pytest.mark.parametrize(
    "text, language",
    [
        ("¿hablas francés?", "fr"),
        ("habla en frances porfa", "fr"),
        ("Français", "fr"),
        ("en français stp", "fr"),
        ("parle espagnol", "es"),
        ("tu peux parler en espagnol ?", "es"),
        ("Español", "es"),
        ("en español porfa", "es"),
    ],
)
def test_explicit_requests(text: str, language: str) -> None:
    assert requested_language(text) == language


@pytest.mark.parametrize(
    "text",
    [
        "mi amiga habla francés y le han hecho un montaje en el insti",
        "hola",
        "je suis en cours d'espagnol et on m'a envoyé une photo",
    ],
)
def test_stories_mentioning_a_language_are_not_requests(text: str) -> None:
    assert requested_language(text) is None
