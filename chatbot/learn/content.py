"""Awareness-mode content (lessons, quizzes, labels, teacher guide) read from YAML and checked.

Why data and not code: a teacher or maintainer must be able to fix a sentence in
`data/lessons/<lesson>.yml` or `data/quizzes/<quiz>.yml` without touching Python.
Why so strict: the files are read by 12-year-olds. Every text must exist in every
language (parity), and no law, penalty, phone number or address may be typed into
them: facts are referenced by id from the support directory (data/directory/), and
`check_facts` refuses an id the directory does not have for that country.

Layout: one file per lesson in data/lessons/ (files whose name starts with `_`
are not lessons: `_ui.yml` holds button labels and short shared sentences,
`_teacher_guide.yml` the printable guide), one file per quiz in data/quizzes/.
The format is described at the top of each file and in docs/teacher-guide.md.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

import yaml

from chatbot.directory.models import TOPICS
from chatbot.language.detection import fold
from chatbot.settings import PROJECT_ROOT, SUPPORTED_LANGUAGES

LESSONS_DIR = PROJECT_ROOT / "data" / "lessons"
QUIZZES_DIR = PROJECT_ROOT / "data" / "quizzes"
MIN_STEPS, MAX_STEPS = 3, 6
MIN_QUIZ_ITEMS = 12  # across all quizzes, per language (parity makes it the same for each)
MYTH, FACT = "myth", "fact"
_ID = re.compile(r"^[a-z][a-z0-9_]{1,30}$")
_COUNTRY = re.compile(r"^([A-Z]{2}|INT)$")
# No digit at all in lesson and quiz texts: a number there is a phone, an age or a
# penalty typed by hand, and those come from the directory. No address either.
_FORBIDDEN_IN_TEXT = re.compile(r"\d|https?://|www\.|@\w|\.(com|org|fr|es|gouv)\b", re.IGNORECASE)
# The one word with a digit a text may hold: the paper size "A4" (the teacher guide's print
# hint; "A cuatro" / "A quatre" read oddly, review T8). Upper-case, a whole word, nothing else.
_ALLOWED_WITH_DIGITS = re.compile(r"(?<![\w-])A4(?![\w-])")
# Words in braces are filled in by the code ({country} by the actions, {minutes} by the guide).
_PLACEHOLDER = re.compile(r"\{(\w*)\}")
_ALLOWED_PLACEHOLDERS = {"country", "correct", "total", "minutes"}

Texts = Mapping[str, str]


class ContentError(ValueError):
    """A lesson or quiz file is wrong; the message names every problem, with file and place."""


@dataclass(frozen=True)
class Facts:
    """Facts shown under a message, all from the directory, for the user's country."""

    laws: Mapping[str, Tuple[str, ...]] = field(default_factory=dict)           # country -> law ids
    organisations: Mapping[str, Tuple[str, ...]] = field(default_factory=dict)  # country -> organisation ids
    contacts: Tuple[str, ...] = ()                                              # directory topics

    def __bool__(self) -> bool:
        return bool(self.laws or self.organisations or self.contacts)


@dataclass(frozen=True)
class Reply:
    id: str
    label: Texts
    says: Optional[Texts] = None  # what the assistant answers to this reply before going on


@dataclass(frozen=True)
class Step:
    text: Texts
    replies: Tuple[Reply, ...]
    facts: Facts = Facts()


@dataclass(frozen=True)
class Lesson:
    id: str
    title: Texts
    keywords: Mapping[str, Tuple[str, ...]]
    steps: Tuple[Step, ...]
    quiz: Optional[str] = None
    position: int = 0


@dataclass(frozen=True)
class Option:
    id: str
    label: Texts
    correct: bool
    feedback: Optional[Texts] = None  # scenarios: why this choice is (not) the best one


@dataclass(frozen=True)
class Item:
    id: str
    kind: str  # "myth" (myth or fact?) or "scenario" (what do you do?)
    prompt: Texts
    options: Tuple[Option, ...]
    explanation: Texts
    facts: Facts = Facts()


@dataclass(frozen=True)
class Quiz:
    id: str
    title: Texts
    intro: Texts
    keywords: Mapping[str, Tuple[str, ...]]
    items: Tuple[Item, ...]
    position: int = 0


@dataclass(frozen=True)
class Content:
    lessons: Tuple[Lesson, ...]
    quizzes: Tuple[Quiz, ...]
    ui: Mapping[str, Texts]

    def lesson(self, lesson_id: str) -> Optional[Lesson]:
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)

    def quiz(self, quiz_id: str) -> Optional[Quiz]:
        return next((quiz for quiz in self.quizzes if quiz.id == quiz_id), None)

    def label(self, key: str, language: str) -> str:
        return self.ui[key][language]


# Labels the actions need; `_ui.yml` must define each, in every language.
UI_KEYS = (
    "menu_intro", "disclosure_hint", "next", "another_lesson", "take_quiz", "main_menu", "help", "danger",
    "myth", "fact", "is_myth", "is_fact", "right", "not_quite", "score", "score_all", "score_some",
    "lesson_done", "quiz_done", "laws_intro", "contacts_intro", "no_laws_here",
    "your_country", "country_unknown",
)


class _Problems:
    """Collects every problem so that a maintainer fixes a file in one go."""

    def __init__(self) -> None:
        self.items: List[str] = []

    def add(self, where: str, what: str) -> None:
        self.items.append(f"{where}: {what}")

    def raise_if_any(self) -> None:
        if self.items:
            raise ContentError("\n".join(self.items))


def _texts(value: Any, where: str, problems: _Problems, allow_digits: bool = False) -> Texts:
    """A text in each supported language, no more, no less: that is the parity rule."""
    if not isinstance(value, dict):
        problems.add(where, f"needs a text for each of {', '.join(SUPPORTED_LANGUAGES)}")
        return {lang: "" for lang in SUPPORTED_LANGUAGES}
    extra = sorted(set(map(str, value)) - set(SUPPORTED_LANGUAGES))
    if extra:
        problems.add(where, f"unknown language(s) {', '.join(extra)}")
    texts: Dict[str, str] = {}
    for lang in SUPPORTED_LANGUAGES:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            problems.add(where, f"missing the '{lang}' text (every text needs {', '.join(SUPPORTED_LANGUAGES)})")
            text = ""
        text = " ".join(text.split())
        if not allow_digits and _FORBIDDEN_IN_TEXT.search(_ALLOWED_WITH_DIGITS.sub("", text)):
            problems.add(where, f"the '{lang}' text contains a digit or an address; numbers, ages, penalties "
                                f"and links come from the directory (use laws/organisations/contacts): {text!r}")
        unknown = [p for p in _PLACEHOLDER.findall(text) if p not in _ALLOWED_PLACEHOLDERS]
        if unknown:
            problems.add(where, f"the '{lang}' text has braces {{...}} that are not a known placeholder")
        texts[lang] = text
    return texts


def _keywords(value: Any, where: str, problems: _Problems) -> Dict[str, Tuple[str, ...]]:
    if not isinstance(value, dict) or any(not value.get(lang) for lang in SUPPORTED_LANGUAGES):
        problems.add(where, f"keywords need a list for each of {', '.join(SUPPORTED_LANGUAGES)}")
        return {lang: () for lang in SUPPORTED_LANGUAGES}
    return {lang: tuple(fold(str(k)) for k in value[lang] if str(k).strip()) for lang in SUPPORTED_LANGUAGES}


def _ids_by_country(value: Any, where: str, problems: _Problems) -> Dict[str, Tuple[str, ...]]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.add(where, "must map a country code (ES, FR...) to a list of directory ids")
        return {}
    result: Dict[str, Tuple[str, ...]] = {}
    for country, ids in value.items():
        if not _COUNTRY.match(str(country)) or not isinstance(ids, list) or not ids:
            problems.add(where, f"{country!r} must be a country code with a non-empty list of ids")
            continue
        result[str(country)] = tuple(str(i) for i in ids)
    return result


def _facts(entry: Mapping[str, Any], where: str, problems: _Problems) -> Facts:
    contacts = entry.get("contacts") or []
    unknown = [t for t in contacts if t not in TOPICS]
    if unknown:
        problems.add(where, f"unknown contact topic(s) {', '.join(map(str, unknown))} (one of {', '.join(TOPICS)})")
    return Facts(
        laws=_ids_by_country(entry.get("laws"), f"{where} laws", problems),
        organisations=_ids_by_country(entry.get("organisations"), f"{where} organisations", problems),
        contacts=tuple(str(t) for t in contacts),
    )


def _check_keys(entry: Any, allowed: Sequence[str], required: Sequence[str], where: str, problems: _Problems) -> bool:
    if not isinstance(entry, dict):
        problems.add(where, "must be a mapping of keys to values")
        return False
    for key in required:
        if entry.get(key) in (None, "", [], {}):
            problems.add(where, f"missing '{key}'")
    for key in entry:
        if key not in allowed:
            problems.add(where, f"unknown key '{key}' (allowed: {', '.join(allowed)})")
    return True


def _lesson(data: Any, where: str, position: int, problems: _Problems) -> Optional[Lesson]:
    if not _check_keys(data, ("id", "title", "keywords", "quiz", "steps"), ("id", "title", "keywords", "steps"),
                       where, problems):
        return None
    lesson_id = str(data.get("id"))
    if not _ID.match(lesson_id):
        problems.add(where, f"id {lesson_id!r} must be lower-case letters, digits or _")
    raw_steps = data.get("steps") or []
    if not isinstance(raw_steps, list) or not MIN_STEPS <= len(raw_steps) <= MAX_STEPS:
        problems.add(where, f"a lesson has {MIN_STEPS} to {MAX_STEPS} steps")
        raw_steps = raw_steps if isinstance(raw_steps, list) else []
    steps = []
    for number, raw in enumerate(raw_steps, start=1):
        at = f"{where} step {number}"
        if not _check_keys(raw, ("text", "replies", "laws", "organisations", "contacts"), ("text",), at, problems):
            continue
        replies = []
        seen = set()
        for index, reply in enumerate(raw.get("replies") or [], start=1):
            rat = f"{at} reply {index}"
            if not _check_keys(reply, ("id", "label", "says"), ("id", "label"), rat, problems):
                continue
            reply_id = str(reply["id"]) if reply.get("id") else ""
            if not _ID.match(reply_id) or reply_id in seen:
                problems.add(rat, f"id {reply_id!r} must be unique in its step and lower-case")
            seen.add(reply_id)
            says = _texts(reply["says"], f"{rat} says", problems) if reply.get("says") else None
            replies.append(Reply(reply_id, _texts(reply.get("label"), f"{rat} label", problems), says))
        steps.append(Step(_texts(raw.get("text"), f"{at} text", problems), tuple(replies), _facts(raw, at, problems)))
    return Lesson(lesson_id, _texts(data.get("title"), f"{where} title", problems),
                  _keywords(data.get("keywords"), f"{where} keywords", problems), tuple(steps),
                  str(data["quiz"]) if data.get("quiz") else None, position)


def _item(raw: Any, where: str, problems: _Problems) -> Optional[Item]:
    allowed = ("id", "kind", "prompt", "answer", "options", "explanation", "laws", "organisations", "contacts")
    if not _check_keys(raw, allowed, ("id", "kind", "prompt", "explanation"), where, problems):
        return None
    item_id, kind = str(raw.get("id")), raw.get("kind")
    if not _ID.match(item_id):
        problems.add(where, f"id {item_id!r} must be lower-case letters, digits or _")
    options: List[Option] = []
    if kind == "myth":
        if raw.get("answer") not in (MYTH, FACT) or raw.get("options"):
            problems.add(where, f"a myth item has 'answer: {MYTH}' or 'answer: {FACT}' and no options")
        # Labels come from _ui.yml at run time; here only which one is right.
        options = [Option(MYTH, {}, raw.get("answer") == MYTH), Option(FACT, {}, raw.get("answer") == FACT)]
    elif kind == "scenario":
        raw_options = raw.get("options") or []
        if raw.get("answer") is not None or not isinstance(raw_options, list) or not 2 <= len(raw_options) <= 4:
            problems.add(where, "a scenario item has 2 to 4 options (and no 'answer')")
            raw_options = raw_options if isinstance(raw_options, list) else []
        for index, option in enumerate(raw_options, start=1):
            oat = f"{where} option {index}"
            if not _check_keys(option, ("id", "label", "correct", "feedback"), ("id", "label", "feedback"), oat, problems):
                continue
            if not isinstance(option.get("correct", False), bool):
                problems.add(oat, "'correct' is true or false")
            options.append(Option(str(option.get("id")), _texts(option.get("label"), f"{oat} label", problems),
                                  option.get("correct") is True, _texts(option.get("feedback"), f"{oat} feedback", problems)))
        ids = [o.id for o in options]
        if len(set(ids)) != len(ids) or any(not _ID.match(i) for i in ids):
            problems.add(where, "option ids must be unique and lower-case")
        if options and not any(o.correct for o in options):
            problems.add(where, "at least one option must be 'correct: true'")
    else:
        problems.add(where, "kind is 'myth' or 'scenario'")
    return Item(item_id, str(kind), _texts(raw.get("prompt"), f"{where} prompt", problems), tuple(options),
                _texts(raw.get("explanation"), f"{where} explanation", problems), _facts(raw, where, problems))


def _quiz(data: Any, where: str, position: int, problems: _Problems) -> Optional[Quiz]:
    if not _check_keys(data, ("id", "title", "intro", "keywords", "items"), ("id", "title", "intro", "keywords", "items"),
                       where, problems):
        return None
    quiz_id = str(data.get("id"))
    if not _ID.match(quiz_id):
        problems.add(where, f"id {quiz_id!r} must be lower-case letters, digits or _")
    items = [_item(raw, f"{where} item {n}", problems) for n, raw in enumerate(data.get("items") or [], start=1)]
    found = [i for i in items if i]
    ids = [i.id for i in found]
    for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
        problems.add(where, f"item id {duplicate!r} is used twice")
    return Quiz(quiz_id, _texts(data.get("title"), f"{where} title", problems),
                _texts(data.get("intro"), f"{where} intro", problems),
                _keywords(data.get("keywords"), f"{where} keywords", problems), tuple(found), position)


def _read_yaml(path: Path, problems: _Problems) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        problems.add(path.name, f"is not valid YAML ({error})")
        return None


def load_content(lessons_dir: Path = LESSONS_DIR, quizzes_dir: Path = QUIZZES_DIR) -> Content:
    """Reads and checks every lesson, quiz and label; raises ContentError listing every problem."""
    problems = _Problems()
    ui_raw = _read_yaml(lessons_dir / "_ui.yml", problems) if (lessons_dir / "_ui.yml").exists() else None
    if not isinstance(ui_raw, dict):
        problems.add("_ui.yml", "missing or not a mapping of label names to texts")
        ui_raw = {}
    ui = {key: _texts(ui_raw.get(key), f"_ui.yml {key}", problems, allow_digits=True) for key in UI_KEYS}
    for key in sorted(set(ui_raw) - set(UI_KEYS)):
        problems.add("_ui.yml", f"unknown label '{key}'")
    lessons = []
    order = _read_yaml(lessons_dir / "_order.yml", problems) if (lessons_dir / "_order.yml").exists() else {}
    order = order if isinstance(order, dict) else {}
    for path in sorted(lessons_dir.glob("*.yml")):
        if path.name.startswith("_"):
            continue
        lesson = _lesson(_read_yaml(path, problems), path.name, 0, problems)
        if lesson and lesson.id != path.stem:
            problems.add(path.name, f"id {lesson.id!r} must equal the file name")
        if lesson:
            lessons.append(lesson)
    quizzes = []
    for path in sorted(quizzes_dir.glob("*.yml")):
        quiz = _quiz(_read_yaml(path, problems), path.name, 0, problems)
        if quiz and quiz.id != path.stem:
            problems.add(path.name, f"id {quiz.id!r} must equal the file name")
        if quiz:
            quizzes.append(quiz)
    lessons = _ordered(lessons, order.get("lessons"), "lessons", problems)
    quizzes = _ordered(quizzes, order.get("quizzes"), "quizzes", problems)
    if not lessons:
        problems.add(str(lessons_dir), "no lesson found")
    if sum(len(q.items) for q in quizzes) < MIN_QUIZ_ITEMS:
        problems.add(str(quizzes_dir), f"fewer than {MIN_QUIZ_ITEMS} quiz items in all")
    quiz_ids = {q.id for q in quizzes}
    for lesson in lessons:
        if lesson.quiz and lesson.quiz not in quiz_ids:
            problems.add(f"{lesson.id}.yml", f"quiz {lesson.quiz!r} does not exist in {quizzes_dir.name}/")
    problems.raise_if_any()
    return Content(tuple(lessons), tuple(quizzes), ui)


def _ordered(found: List[Any], order: Any, what: str, problems: _Problems) -> List[Any]:
    """The menu order from `_order.yml` (every file must be listed once, so none is forgotten)."""
    ids = [x.id for x in found]
    if not isinstance(order, list) or sorted(map(str, order)) != sorted(ids):
        problems.add("_order.yml", f"'{what}' must list each of {', '.join(sorted(ids))} once")
        return found
    by_id = {x.id: x for x in found}
    return [by_id[str(i)] for i in order]


def _referenced(content: Content) -> List[Tuple[str, Facts]]:
    refs = [(f"{lesson.id}.yml step {n}", step.facts) for lesson in content.lessons
            for n, step in enumerate(lesson.steps, start=1)]
    refs += [(f"{quiz.id}.yml item {item.id}", item.facts) for quiz in content.quizzes for item in quiz.items]
    return refs


def check_facts(content: Content, directory: Any, extra: Sequence[Tuple[str, Facts]] = ()) -> List[str]:
    """Every fact id used must exist in the directory for its country; laws must be in force.

    `directory` is a chatbot.directory.Directory (from the files in tests, from the
    database at run time). Returns the problems (empty when all is well).
    """
    problems: List[str] = []
    for where, facts in list(_referenced(content)) + list(extra):
        for country, ids in facts.laws.items():
            laws = {law.id: law for law in directory.laws(country)}
            for law_id in ids:
                if law_id not in laws:
                    problems.append(f"{where}: law {law_id!r} is not in data/directory/{country}.yml")
                elif laws[law_id].status != "in_force":
                    problems.append(f"{where}: law {law_id!r} is a bill, not a law in force: never teach it as law")
        for country, ids in facts.organisations.items():
            known = {o.id for o in directory.organisations() if o.country == country}
            for org_id in ids:
                if org_id not in known:
                    problems.append(f"{where}: organisation {org_id!r} is not in data/directory/{country}.yml")
    return problems


def matches(text: str, keywords: Mapping[str, Tuple[str, ...]]) -> int:
    """How many of the keywords (any language) occur in `text`, on folded text.

    A keyword matches at the start of a word ("delito" finds "delitos"); a short one
    (three letters or fewer, like "ia") only as a whole word.
    """
    folded = fold(text or "")
    found = 0
    for word in {w for words in keywords.values() for w in words}:
        end = r"(?!\w)" if len(word) <= 3 else ""
        found += bool(re.search(r"(?<!\w)" + re.escape(word) + end, folded))
    return found


# --- the teacher guide (data/lessons/_teacher_guide.yml), printed from /webhooks/web/guide/<lang> ---

GUIDE_FILE = LESSONS_DIR / "_teacher_guide.yml"
GUIDE_LISTS = ("lessons",)  # sections that list something from the content


@dataclass(frozen=True)
class GuideStep:
    minutes: int
    text: Texts


@dataclass(frozen=True)
class GuideSection:
    id: str
    heading: Texts
    intro: Optional[Texts] = None
    points: Tuple[Texts, ...] = ()
    steps: Tuple[GuideStep, ...] = ()
    topics: Tuple[str, ...] = ()   # contacts of the guide's country, from the directory
    lists: Optional[str] = None    # "lessons": the lessons and quizzes, from data/lessons and data/quizzes

    @property
    def minutes(self) -> int:
        return sum(step.minutes for step in self.steps)


@dataclass(frozen=True)
class Guide:
    title: Texts
    audience: Texts
    intro: Texts
    open_chat: Texts
    print_hint: Texts
    emergency: Texts
    sections: Tuple[GuideSection, ...]
    footer: Texts


def load_guide(path: Path = GUIDE_FILE) -> Guide:
    """Reads and checks the teacher guide; raises ContentError listing every problem."""
    problems = _Problems()
    data = _read_yaml(path, problems) if path.exists() else None
    keys = ("title", "audience", "intro", "open_chat", "print_hint", "emergency", "sections", "footer")
    if not _check_keys(data, keys, keys, path.name, problems):
        problems.raise_if_any()
    sections = []
    for number, raw in enumerate(data.get("sections") or [], start=1):
        where = f"{path.name} section {number}"
        allowed = ("id", "heading", "intro", "points", "steps", "topics", "lists")
        if not _check_keys(raw, allowed, ("id", "heading"), where, problems):
            continue
        steps = []
        for index, step in enumerate(raw.get("steps") or [], start=1):
            sat = f"{where} step {index}"
            if _check_keys(step, ("minutes", "text"), ("minutes", "text"), sat, problems):
                minutes = step.get("minutes")
                if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 60:
                    problems.add(sat, "minutes is a whole number from 1 to 60")
                    minutes = 0
                steps.append(GuideStep(minutes, _texts(step.get("text"), f"{sat} text", problems)))
        topics = tuple(str(t) for t in raw.get("topics") or [])
        for topic in topics:
            if topic not in TOPICS:
                problems.add(where, f"unknown topic {topic!r} (one of {', '.join(TOPICS)})")
        if raw.get("lists") not in (None,) + GUIDE_LISTS:
            problems.add(where, f"lists is one of {', '.join(GUIDE_LISTS)}")
        sections.append(GuideSection(
            id=str(raw["id"]), heading=_texts(raw.get("heading"), f"{where} heading", problems),
            intro=_texts(raw["intro"], f"{where} intro", problems) if raw.get("intro") else None,
            points=tuple(_texts(p, f"{where} point {i}", problems) for i, p in enumerate(raw.get("points") or [], 1)),
            steps=tuple(steps), topics=topics, lists=raw.get("lists"),
        ))
    guide = Guide(
        *(_texts(data.get(key), f"{path.name} {key}", problems) for key in keys[:6]),
        sections=tuple(sections), footer=_texts(data.get("footer"), f"{path.name} footer", problems),
    )
    problems.raise_if_any()
    return guide
