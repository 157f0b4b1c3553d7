"""The lookup tables of data/nlu/<lang>/lookups.yml: the word lists RegexFeaturizer turns into DIET features.

Why these rules: Rasa's RegexFeaturizer matches the raw message, so an accented
word must also be listed as teens type it (without the accent); a word in two
tables tells DIET two things at once; a table in one language only breaks parity;
and a number or a link has no place in a word list (facts live in data/directory/).
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Dict, List

import pytest
import yaml

from bench.nlu_cv import load_lookups
from chatbot.language.detection import fold

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("es", "fr")
MIN_ENTRIES = 40


def tables(language: str) -> Dict[str, List[str]]:
    """Lookup name -> entries, as Rasa reads them (and as every CV fold trains with them)."""
    return {table["name"]: list(table["elements"]) for table in load_lookups(language)}


@pytest.fixture(scope="module", params=LANGUAGES)
def lookups(request: pytest.FixtureRequest) -> Dict[str, List[str]]:
    return tables(request.param)


def test_both_languages_have_the_same_tables() -> None:
    assert set(tables("es")) == set(tables("fr"))
    assert len(tables("es")) >= 15


def test_tables_are_read_by_rasa_with_their_names(lookups: Dict[str, List[str]]) -> None:
    assert {"emotion", "everyday_topic", "bot_self", "law", "yes", "no"} <= set(lookups)
    assert all(isinstance(name, str) for name in lookups)  # `yes:` unquoted would be read as True


def test_every_table_is_big_enough(lookups: Dict[str, List[str]]) -> None:
    assert {name: len(entries) for name, entries in lookups.items() if len(entries) < MIN_ENTRIES} == {}


def test_no_entry_is_in_two_tables_or_twice(lookups: Dict[str, List[str]]) -> None:
    counts = Counter(entry.lower() for entries in lookups.values() for entry in entries)
    assert [entry for entry, n in counts.items() if n > 1] == []


def test_accented_entries_are_also_listed_without_accents(lookups: Dict[str, List[str]]) -> None:
    listed = {entry.lower() for entries in lookups.values() for entry in entries}
    assert sorted(entry for entry in listed if fold(entry) not in listed) == []


def test_entries_are_short_words_without_numbers_or_links(lookups: Dict[str, List[str]]) -> None:
    too_long = [e for entries in lookups.values() for e in entries if len(e.split()) > 4]
    with_digits_or_links = [e for entries in lookups.values() for e in entries
                            if re.search(r"\d{3}|https?:|www\.|\.(com|es|fr|org)\b|@", e)]
    assert too_long == [] and with_digits_or_links == []


def test_lookups_file_holds_only_lookup_tables() -> None:
    for language in LANGUAGES:
        document = yaml.safe_load((ROOT / "data" / "nlu" / language / "lookups.yml").read_text(encoding="utf-8"))
        assert all(set(block) == {"lookup", "examples"} for block in document["nlu"])
