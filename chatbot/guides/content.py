"""Loads and checks the guided flows in data/guides/.

Why data and not domain responses: a flow is a list of steps with conditions, in two
languages side by side; keeping it in one YAML file per situation lets a maintainer
edit the wording without touching Python, and lets one test check parity and that
every block (contacts, laws, platforms) it shows exists in the support directory.
A guide never holds a phone number, URL or penalty: those come from the directory.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

import yaml

from chatbot.directory.files import KNOWN_COUNTRIES
from chatbot.settings import SUPPORTED_LANGUAGES

LANGUAGES = SUPPORTED_LANGUAGES
GUIDES_DIR = Path(__file__).resolve().parents[2] / "data" / "guides"
# Blocks a step may show after its text; rendered by actions/guide_render.py from the directory.
BLOCK_KINDS = ("contacts", "law", "laws_key", "hash_tools", "platform", "template", "school")
TOPICS = ("emergency", "crisis", "emotional_support", "legal_advice", "parents_schools", "removal", "reporting", "sextortion")
ANSWER_VALUES = ("yes", "no", "unknown")
# What the teen's situation is, as the flows know it: a ready-to-send text has a version for each
# (a real photo is not "a fake image"; a blackmail is told differently), and a plain `default`.
SITUATIONS = ("default", "fake", "real", "blackmail", "grooming", "forwarded", "parent")
_LINK = re.compile(r"https?://|www\.|@\w")
_DIGITS = re.compile(r"\d[\d .]*\d|\d")
_YEAR = re.compile(r"(19|20)\d\d")


# Blocks that show something of the user's country: a step with one waits for the country.
COUNTRY_BLOCKS = ("contacts", "law", "laws_key", "template")


def payload(intent: str, **entities: str) -> str:
    """A button payload that sets entities: `/inform{"country": "ES"}`."""
    return f"/{intent}{json.dumps(entities)}" if entities else f"/{intent}"


class GuideError(ValueError):
    """A guide file that would show a teen something broken; the message names the place."""


Text = Dict[str, str]


@dataclass(frozen=True)
class Answer:
    value: str
    title: Text


@dataclass(frozen=True)
class Question:
    id: str
    text: Text
    answers: Tuple[Answer, ...]  # empty: answers come from the directory (countries, platforms)


@dataclass(frozen=True)
class Step:
    id: str
    title: Text
    text: Text
    show: Tuple[str, ...] = ()
    when: Mapping[str, str] = field(default_factory=dict)
    # A country's own version of the text (`text_in: {ES: {es, fr}}`): what the law asks of a teacher
    # in Spain is not what it asks in France, and neither is said to a teacher in Québec.
    text_in: Mapping[str, Text] = field(default_factory=dict)

    def text_for(self, country: Optional[str]) -> Text:
        return self.text_in.get(country or "", self.text)

    def applies(self, answers: Mapping[str, Optional[str]]) -> bool:
        """A step with `when: {under_18: "yes"}` is shown only if that was the answer."""
        return all(answers.get(key) == value for key, value in self.when.items())

    @property
    def needs_country(self) -> bool:
        """True if the step shows a country's contacts, laws or texts (see COUNTRY_BLOCKS)."""
        return bool(self.text_in) or any(block.partition(":")[0] in COUNTRY_BLOCKS for block in self.show)


@dataclass(frozen=True)
class Guide:
    id: str
    title: Text
    intents: Tuple[str, ...]
    opening: Optional[Text]  # the first words: for a victim, "not your fault" comes before anything
    questions: Tuple[str, ...]
    redirect: Mapping[str, Mapping[str, str]]  # question -> answer -> other guide
    steps: Tuple[Step, ...]
    situation: Optional[str] = None  # which version of a ready-to-send text fits (SITUATIONS)

    def steps_for(self, answers: Mapping[str, Optional[str]]) -> List[Step]:
        return [step for step in self.steps if step.applies(answers)]


@dataclass(frozen=True)
class Template:
    """A ready-to-send text, one version per situation (always a `default`).

    `language` is set when the text goes to an authority: a letter to the CNIL is in French and
    one to the AEPD in Spanish, whatever language the conversation is in (review P4).
    """
    versions: Mapping[str, Text]
    language: Optional[str] = None

    def text(self, situation: Optional[str], language: str) -> str:
        version = self.versions.get(situation or "default") or self.versions["default"]
        return version[self.language or language]


@dataclass(frozen=True)
class GuideBook:
    guides: Mapping[str, Guide]
    questions: Mapping[str, Question]
    templates: Mapping[str, Template]
    texts: Mapping[str, Text]
    # A template whose addressee depends on the country (AEPD in Spain, CNIL in France).
    templates_by_country: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # Directory ids of the hash tools to show, by the answer to under_18.
    hash_tools: Mapping[str, Tuple[str, ...]] = field(default_factory=dict)

    def template(self, name: str, country: str) -> Optional[Template]:
        """The text for `name`, or for this country's version of it; None where there is none."""
        if name in self.templates_by_country:
            name = self.templates_by_country[name].get(country, "")
        return self.templates.get(name)

    def for_intent(self, intent: str) -> Optional[Guide]:
        return next((g for g in self.guides.values() if intent in g.intents), None)


def _text(value: Any, where: str) -> Text:
    if not isinstance(value, dict) or set(value) != set(LANGUAGES):
        raise GuideError(f"{where}: needs exactly the languages {LANGUAGES}, got {value!r}")
    for language, text in value.items():
        if not isinstance(text, str) or not text.strip():
            raise GuideError(f"{where}.{language}: empty text")
        numbers = [re.sub(r"\D", "", m) for m in _DIGITS.findall(text)]
        if _LINK.search(text) or any(len(n) >= 3 and not _YEAR.fullmatch(n) for n in numbers):
            raise GuideError(f"{where}.{language}: numbers and links come from data/directory/, not from a guide")
    return dict(value)


def _template(raw: Any, where: str) -> Template:
    """`{es, fr}`; or versions by situation (`default`, `real`, ...); `in: fr` for one language only."""
    if not isinstance(raw, dict):
        raise GuideError(f"{where}: a template is a mapping, got {raw!r}")
    language = raw.get("in")
    if language is not None and language not in LANGUAGES:
        raise GuideError(f"{where}.in: one of {LANGUAGES}, got {language!r}")
    raw = {k: v for k, v in raw.items() if k != "in"}
    if set(raw) == set(LANGUAGES) or (language and set(raw) == {language}):
        raw = {"default": raw}
    if "default" not in raw or set(raw) - set(SITUATIONS):
        raise GuideError(f"{where}: versions are {SITUATIONS} with a `default`, got {sorted(raw)}")
    versions = {}
    for situation, text in raw.items():
        here = f"{where}.{situation}"
        if language:  # one language: checked like any text, with that language alone
            if not isinstance(text, dict) or set(text) != {language}:
                raise GuideError(f"{here}: needs exactly the language {language!r} (see `in`), got {text!r}")
            _text({lang: text[language] for lang in LANGUAGES}, here)
            versions[situation] = dict(text)
        else:
            versions[situation] = _text(text, here)
    return Template(versions, language)


def _block(value: str, where: str) -> str:
    kind = value.split(":", 1)[0]
    if kind not in BLOCK_KINDS:
        raise GuideError(f"{where}: unknown block {value!r} (known: {', '.join(BLOCK_KINDS)})")
    if kind == "contacts" and value.split(":", 1)[-1] not in TOPICS:
        raise GuideError(f"{where}: unknown topic in {value!r}")
    return value


def _question(qid: str, raw: Mapping[str, Any]) -> Question:
    answers = tuple(
        Answer(str(a["value"]), _text(a["title"], f"questions.{qid}.answers.{a.get('value')}"))
        for a in raw.get("answers") or ()
    )
    for answer in answers:
        if answer.value not in ANSWER_VALUES:
            raise GuideError(f"questions.{qid}: answer values are {ANSWER_VALUES}, got {answer.value!r}")
    return Question(qid, _text(raw.get("text"), f"questions.{qid}.text"), answers)


def _guide(raw: Mapping[str, Any], path: Path, questions: Mapping[str, Question]) -> Guide:
    gid = raw.get("guide")
    where = f"{path.name}"
    steps = []
    for index, item in enumerate(raw.get("steps") or ()):
        sid = item.get("id") or f"#{index}"
        here = f"{where}: step {sid}"
        when = dict(item.get("when") or {})
        for key, value in when.items():
            if key not in questions or str(value) not in ANSWER_VALUES:
                raise GuideError(f"{here}: `when` must name a question and an answer, got {key}: {value}")
        steps.append(Step(
            id=str(sid),
            title=_text(item.get("title"), f"{here}.title"),
            text=_text(item.get("text"), f"{here}.text"),
            show=tuple(_block(b, here) for b in item.get("show") or ()),
            when=when,
            text_in={str(c): _text(t, f"{here}.text_in.{c}") for c, t in _countries(item.get("text_in"), here).items()},
        ))
    if not gid or not steps:
        raise GuideError(f"{where}: needs `guide` and at least one step")
    if len({s.id for s in steps}) != len(steps):
        raise GuideError(f"{where}: step ids must be unique")
    asked = tuple(raw.get("questions") or ())
    for qid in asked:
        if qid not in questions:
            raise GuideError(f"{where}: unknown question {qid!r}")
    for step in steps:
        for key in step.when:
            if key not in asked:
                raise GuideError(f"{where}: step {step.id} depends on {key!r}, which this guide never asks")
    return Guide(
        id=str(gid),
        title=_text(raw.get("title"), f"{where}: title"),
        intents=tuple(raw.get("intents") or ()),
        opening=_text(raw["opening"], f"{where}: opening") if raw.get("opening") else None,
        questions=asked,
        redirect={q: dict(a) for q, a in (raw.get("redirect") or {}).items()},
        steps=tuple(steps),
        situation=_situation(raw.get("situation"), where),
    )


def _countries(value: Any, where: str) -> Mapping[str, Any]:
    value = value or {}
    if not isinstance(value, dict):
        raise GuideError(f"{where}: text_in maps country codes to texts, got {value!r}")
    unknown = [c for c in value if c not in KNOWN_COUNTRIES]
    if unknown:
        raise GuideError(f"{where}: text_in maps country codes to texts, unknown {unknown!r}")
    return value


def _situation(value: Any, where: str) -> Optional[str]:
    if value is not None and value not in SITUATIONS:
        raise GuideError(f"{where}: situation is one of {SITUATIONS}, got {value!r}")
    return value


def load_guides(directory: Path = GUIDES_DIR) -> GuideBook:
    """Every guide, checked; raises GuideError naming the file and step at the first problem."""
    shared = yaml.safe_load((directory / "_shared.yml").read_text(encoding="utf-8")) or {}
    questions = {qid: _question(qid, raw) for qid, raw in (shared.get("questions") or {}).items()}
    templates = {tid: _template(raw, f"_shared.yml: templates.{tid}") for tid, raw in (shared.get("templates") or {}).items()}
    texts = {tid: _text(raw, f"_shared.yml: texts.{tid}") for tid, raw in (shared.get("texts") or {}).items()}
    by_country = {name: dict(m) for name, m in (shared.get("templates_by_country") or {}).items()}
    for name, mapping in by_country.items():
        for country, target in mapping.items():
            if target not in templates:
                raise GuideError(f"_shared.yml: templates_by_country.{name}.{country}: unknown template {target!r}")
    guides: Dict[str, Guide] = {}
    for path in sorted(directory.glob("[!_]*.yml")):
        guide = _guide(yaml.safe_load(path.read_text(encoding="utf-8")) or {}, path, questions)
        if guide.id in guides:
            raise GuideError(f"{path.name}: guide id {guide.id!r} used twice")
        guides[guide.id] = guide
    for guide in guides.values():
        for qid, answers in guide.redirect.items():
            for target in answers.values():
                if target not in guides:
                    raise GuideError(f"guide {guide.id}: redirect to unknown guide {target!r}")
        for step in guide.steps:
            for block in step.show:
                name = block.split(":", 1)[-1]
                if block.startswith("template:") and name not in templates and name not in by_country:
                    raise GuideError(f"guide {guide.id}: step {step.id} shows unknown template {block!r}")
    intents = [i for g in guides.values() for i in g.intents]
    if len(intents) != len(set(intents)):
        raise GuideError("an intent opens two guides")
    hash_tools = {str(k): tuple(v) for k, v in (shared.get("hash_tools") or {}).items()}
    if set(hash_tools) != set(ANSWER_VALUES):
        raise GuideError(f"_shared.yml: hash_tools needs the answers {ANSWER_VALUES}")
    return GuideBook(guides, questions, templates, texts, by_country, hash_tools)


@lru_cache(maxsize=1)
def guide_book() -> GuideBook:
    return load_guides()


def law_ids(book: GuideBook) -> Sequence[str]:
    """Every law id a guide refers to, for the check against the directory."""
    return sorted({b.split(":", 1)[1] for g in book.guides.values() for s in g.steps for b in s.show if b.startswith("law:")})
