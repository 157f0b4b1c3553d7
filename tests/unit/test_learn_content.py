"""The awareness-mode content files: structure, ES/FR parity, facts from the directory only.

The validator is tested on broken copies of the real files, so each rule is shown
to fail when it should (and the real files to pass)."""
from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml

from chatbot.directory import read_directory
from chatbot.directory.query import Directory
from chatbot.learn.content import (
    MIN_QUIZ_ITEMS, ContentError, check_facts, load_content, load_guide, matches,
)
from chatbot.learn.walk import lesson_payloads, payload_of_step, quiz_payloads
from chatbot.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]
LESSONS, QUIZZES = ROOT / "data" / "lessons", ROOT / "data" / "quizzes"
DIRECTORY = Directory.from_files(read_directory(load_settings().directory_path))
# What issue #9 asks the lessons to cover, by file.
REQUIRED_LESSONS = {"deepfake", "consent", "law", "sextortion", "received", "friend", "help"}


def test_the_real_content_loads_and_every_fact_exists() -> None:
    content = load_content()
    assert {lesson.id for lesson in content.lessons} >= REQUIRED_LESSONS
    assert all(3 <= len(lesson.steps) <= 6 for lesson in content.lessons)
    assert sum(len(quiz.items) for quiz in content.quizzes) >= MIN_QUIZ_ITEMS
    assert check_facts(content, DIRECTORY) == []


def test_the_law_lesson_shows_laws_for_both_languages_countries() -> None:
    """Making, forwarding, asking and minor authors each have at least one law in Spain and in France."""
    law = load_content().lesson("law")
    assert law is not None
    with_laws = [step.facts.laws for step in law.steps if step.facts.laws]
    assert len(with_laws) >= 4 and all(laws.get("ES") and laws.get("FR") for laws in with_laws)


def test_myths_include_the_victim_blaming_one_answered_as_a_myth() -> None:
    myths = load_content().quiz("myths")
    assert myths is not None
    item = next(i for i in myths.items if i.id == "she_posted_photos")
    assert [o.id for o in item.options if o.correct] == ["myth"]


def broken(tmp_path: Path, folder: str, file: str, edit: Callable[[Any], Any]) -> Path:
    """A copy of data/lessons and data/quizzes with one file edited; returns the copy's root."""
    for name, source in (("lessons", LESSONS), ("quizzes", QUIZZES)):
        shutil.copytree(source, tmp_path / name)
    path = tmp_path / folder / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)  # edits in place
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return tmp_path


def load(root: Path):
    return load_content(root / "lessons", root / "quizzes")


@pytest.mark.parametrize("folder, file, edit, message", [
    ("lessons", "deepfake.yml", lambda d: d["steps"][0]["text"].pop("fr"), "missing the 'fr' text"),
    ("lessons", "consent.yml", lambda d: d["steps"][1]["replies"][1]["says"].pop("es"), "missing the 'es' text"),
    ("lessons", "law.yml", lambda d: d["steps"][0]["text"].update(en="Hello"), "unknown language(s) en"),
    ("lessons", "sextortion.yml", lambda d: d["steps"][0]["text"].update(es="Llama al 017"), "contains a digit"),
    ("lessons", "help.yml", lambda d: d["steps"][0]["text"].update(fr="Va sur https://example.org"), "contains a digit or an address"),
    ("lessons", "friend.yml", lambda d: d.update(steps=d["steps"][:2]), "3 to 6 steps"),
    ("lessons", "friend.yml", lambda d: d.update(steps=d["steps"] * 2), "3 to 6 steps"),
    ("lessons", "received.yml", lambda d: d.update(quiz="nope"), "quiz 'nope' does not exist"),
    ("lessons", "received.yml", lambda d: d.update(id="other"), "must equal the file name"),
    ("lessons", "received.yml", lambda d: d.update(colour="red"), "unknown key 'colour'"),
    ("lessons", "received.yml", lambda d: d["steps"][3].update(contacts=["gossip"]), "unknown contact topic"),
    ("lessons", "received.yml", lambda d: d["steps"][0].update(laws=["es-cp-189-1"]), "must map a country code"),
    ("lessons", "deepfake.yml", lambda d: d["steps"][0]["text"].update(es="Hola {name}"), "not a known placeholder"),
    ("lessons", "deepfake.yml", lambda d: d["keywords"].pop("fr"), "keywords need a list"),
    ("lessons", "_ui.yml", lambda d: d.pop("danger"), "_ui.yml danger"),
    ("lessons", "_order.yml", lambda d: d["lessons"].remove("help"), "_order.yml"),
    ("quizzes", "myths.yml", lambda d: d["items"][0].pop("answer"), "answer: myth"),
    ("quizzes", "myths.yml", lambda d: d["items"][1]["explanation"].pop("fr"), "missing the 'fr' text"),
    ("quizzes", "myths.yml", lambda d: d["items"][1].update(id=d["items"][0]["id"]), "is used twice"),
    ("quizzes", "scenarios.yml", lambda d: [o.update(correct=False) for o in d["items"][0]["options"]], "at least one option"),
    ("quizzes", "scenarios.yml", lambda d: d["items"][0].update(options=d["items"][0]["options"][:1]), "2 to 4 options"),
    ("quizzes", "scenarios.yml", lambda d: d["items"][0]["options"][0]["label"].pop("es"), "missing the 'es' text"),
    ("quizzes", "scenarios.yml", lambda d: d["items"][0].update(kind="essay"), "kind is 'myth' or 'scenario'"),
    ("quizzes", "myths.yml", lambda d: d.update(items=d["items"][:1]), f"fewer than {MIN_QUIZ_ITEMS} quiz items"),
])
def test_broken_files_are_refused_with_the_place_named(tmp_path: Path, folder: str, file: str,
                                                       edit: Callable[[Any], Any], message: str) -> None:
    root = broken(tmp_path, folder, file, edit)
    if message == f"fewer than {MIN_QUIZ_ITEMS} quiz items":
        (root / "quizzes" / "scenarios.yml").unlink()
        order = yaml.safe_load((root / "lessons" / "_order.yml").read_text())
        order["quizzes"] = ["myths"]
        for lesson in root.joinpath("lessons").glob("[a-z]*.yml"):
            data = yaml.safe_load(lesson.read_text())
            data["quiz"] = "myths" if data.get("quiz") else None
            lesson.write_text(yaml.safe_dump(data, allow_unicode=True))
        (root / "lessons" / "_order.yml").write_text(yaml.safe_dump(order))
    with pytest.raises(ContentError, match=re.escape(message)):
        load(root)


@pytest.mark.parametrize("edit, message", [
    (lambda d: d["steps"][1]["laws"].update(ES=["es-cp-999"]), "law 'es-cp-999' is not in data/directory/ES.yml"),
    (lambda d: d["steps"][1]["laws"].update(FR=["es-cp-189-1"]), "law 'es-cp-189-1' is not in data/directory/FR.yml"),
    (lambda d: d["steps"][1]["laws"].update(ES=["es-cp-173bis-proyecto"]), "is a bill, not a law in force"),
    (lambda d: d["steps"][1].update(organisations={"FR": ["es-anar"]}), "organisation 'es-anar' is not in data/directory/FR.yml"),
])
def test_a_fact_id_the_directory_does_not_have_is_refused(tmp_path: Path, edit: Callable[[Any], Any], message: str) -> None:
    content = load(broken(tmp_path, "lessons", "law.yml", edit))
    problems = check_facts(content, DIRECTORY)
    assert any(message in p for p in problems), problems


def test_texts_are_the_same_in_structure_for_both_languages() -> None:
    """Parity beyond presence: the same quick replies, options and facts whatever the language."""
    content = load_content()
    for lesson in content.lessons:
        for step in lesson.steps:
            assert all(set(r.label) == {"es", "fr"} for r in step.replies)
            # Same emoji markers in both languages (they carry the "❌ / 📸" structure of a step).
            assert _emoji(step.text["es"]) == _emoji(step.text["fr"]), (lesson.id, step.text["es"])
    for quiz in content.quizzes:
        for item in quiz.items:
            assert all(o.label == {} or set(o.label) == {"es", "fr"} for o in item.options)


def _emoji(text: str) -> list:
    return [ch for ch in text if ord(ch) > 0x2500 and ch not in "«»–—…’"]


def test_no_text_blames_the_person_in_the_image() -> None:
    """Phrases that put the blame on the victim never appear outside a myth's statement."""
    blaming = re.compile(r"(tu culpa por|te lo buscaste|deberías haber|no deberías|c'est de ta faute|"
                         r"tu l'as cherché|tu n'aurais pas dû)", re.IGNORECASE)
    content = load_content()
    said = [t for lesson in content.lessons for step in lesson.steps for t in step.text.values()]
    said += [t for quiz in content.quizzes for item in quiz.items for t in item.explanation.values()]
    assert [t for t in said if blaming.search(t)] == []


@pytest.mark.parametrize("text, expected", [("que es un deepfake", "deepfake"), ("c'est quoi la sextorsion", "sextortion"),
                                            ("explícame lo del consentimiento", "consent"), ("hola", None)])
def test_keywords_pick_the_lesson(text: str, expected: str) -> None:
    content = load_content()
    best = max(content.lessons, key=lambda lesson: matches(text, lesson.keywords))
    assert (best.id if matches(text, best.keywords) else None) == expected


def test_short_keywords_match_whole_words_only() -> None:
    assert matches("la ia lo hizo", {"es": ("ia",)}) == 1
    assert matches("mi amiga iago", {"es": ("ia",)}) == 0


@pytest.mark.parametrize("language", ["es", "fr"])
def test_the_test_stories_walk_every_lesson_step_and_quiz_answer(language: str) -> None:
    stories = yaml.safe_load((ROOT / "tests" / "stories" / f"test_learn_{language}.yml").read_text(encoding="utf-8"))
    sent = {payload_of_step(step) for story in stories["stories"] for step in story["steps"]
            if step.get("intent") == "learn" and step.get("entities")}
    content = load_content()
    missing = [p for p in lesson_payloads(content) + quiz_payloads(content) if p not in sent]
    assert not missing, f"regenerate with `python -m chatbot.learn stories`: {missing[:3]}"


def test_the_teacher_guide_loads_and_its_plan_lasts_a_quarter_of_an_hour() -> None:
    guide = load_guide()
    plan = next(s for s in guide.sections if s.steps)
    assert plan.minutes == 15
    assert {s.id for s in guide.sections} >= {"plan", "questions", "help", "disclosure"}


@pytest.mark.parametrize("edit, message", [
    (lambda d: d["sections"][1]["steps"][0].update(minutes="two"), "minutes is a whole number"),
    (lambda d: d["sections"][0]["points"][0].pop("fr"), "missing the 'fr' text"),
    (lambda d: d["sections"][5].update(topics=["gossip"]), "unknown topic"),
    (lambda d: d["title"].update(es="Llama al 3018"), "contains a digit"),
    (lambda d: d["print_hint"].update(fr="Format A4, ou appelle le 3018"), "contains a digit"),
    (lambda d: d["print_hint"].update(es="Hojas A45"), "contains a digit"),
    (lambda d: d["print_hint"].update(es="Hojas a4"), "contains a digit"),
    (lambda d: d["print_hint"].update(es="Hojas 2A4"), "contains a digit"),
])
def test_a_broken_teacher_guide_is_refused(tmp_path: Path, edit: Callable[[Any], Any], message: str) -> None:
    path = tmp_path / "_teacher_guide.yml"
    data = yaml.safe_load((LESSONS / "_teacher_guide.yml").read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError, match=re.escape(message)):
        load_guide(path)


def test_the_paper_size_a4_is_the_one_word_with_a_digit_a_text_may_hold(tmp_path: Path) -> None:
    """Review T8: the no-digits rule made the print hint say "A cuatro" / "A quatre"."""
    guide = load_guide()
    assert "A4" in guide.print_hint["es"] and "A4" in guide.print_hint["fr"]
    assert "cuatro" not in guide.print_hint["es"] and "quatre" not in guide.print_hint["fr"]
    path = tmp_path / "_teacher_guide.yml"
    data = yaml.safe_load((LESSONS / "_teacher_guide.yml").read_text(encoding="utf-8"))
    data["sections"][0]["points"][0].update(es="Imprime en A4.", fr="(A4) : imprimez en A4")
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert load_guide(path).sections[0].points[0]["fr"] == "(A4) : imprimez en A4"
