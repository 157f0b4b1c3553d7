"""The directory loader: real data loads; every kind of bad entry is refused by name."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from chatbot.directory import DirectoryError, load_directory

ROOT = Path(__file__).resolve().parents[2]

GOOD = {
    "id": "xx-112", "name": {"es": "112", "fr": "112"}, "channel": "phone", "value": "112",
    "topics": ["emergency"], "hours": {"es": "24 h", "fr": "24 h"}, "what": {"es": "a", "fr": "b"},
    "source_url": "https://example.org/112", "verified_on": "2026-11-25",
}


def write(folder: Path, country: str, contacts: list) -> None:
    text = yaml.safe_dump({"country": country, "contacts": contacts}, allow_unicode=True)
    (folder / f"{country}.yml").write_text(text.replace("'2026-11-25'", "2026-11-25"), encoding="utf-8")


def test_project_directory_loads_with_an_emergency_line_per_country() -> None:
    directory = load_directory(ROOT / "data" / "directory")
    assert {"ES", "FR"} <= set(directory.countries())
    for country in directory.countries():
        assert directory.for_topics(country, ("emergency",))


def test_tel_link_keeps_digits_only() -> None:
    contact = load_directory(ROOT / "data" / "directory").for_topics("ES", ("support",))[0]
    assert contact.tel.startswith("tel:") and contact.tel[4:].isdigit()


@pytest.mark.parametrize(
    "change, message",
    [
        ({"value": "call 112!"}, "not a phone number"),
        ({"name": {"es": "112"}}, "'name' needs a text"),
        ({"topics": ["astrology"]}, "unknown or missing topics"),
        ({"source_url": "http://example.org"}, "https://"),
        ({"channel": "pigeon"}, "unknown channel"),
    ],
)
def test_bad_entries_are_refused_naming_file_and_entry(tmp_path: Path, change: dict, message: str) -> None:
    write(tmp_path, "XX", [{**GOOD, **change}])
    with pytest.raises(DirectoryError, match=message) as error:
        load_directory(tmp_path)
    assert "XX.yml" in str(error.value) and "xx-112" in str(error.value)


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    write(tmp_path, "XX", [GOOD, GOOD])
    with pytest.raises(DirectoryError, match="duplicate id"):
        load_directory(tmp_path)


def test_a_country_without_emergency_line_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "XX", [{**GOOD, "topics": ["support"]}])
    with pytest.raises(DirectoryError, match="emergency"):
        load_directory(tmp_path)


def test_file_name_and_country_must_agree(tmp_path: Path) -> None:
    write(tmp_path, "XX", [GOOD])
    (tmp_path / "XX.yml").rename(tmp_path / "YY.yml")
    with pytest.raises(DirectoryError, match="'country' must be 'YY'"):
        load_directory(tmp_path)
