"""School files: a wrong key or value stops start-up with a sentence naming the file and key."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict

import pytest
import yaml

from chatbot.web.schools import (
    SchoolConfigError,
    all_allowed_origins,
    contrast_with_white,
    load_schools,
    parse_school,
    schools_dir,
)

GOOD: Dict[str, Any] = {
    "name": "IES Prueba", "language": "es", "country": "ES", "accent_colour": "#4b2a8a",
    "allowed_origins": ["https://www.ies-prueba.example"],
    "counsellor": {"name": {"es": "Orientación", "fr": "Orientation"}, "email": "orientacion@example.org"},
}


def school(**changes: Any) -> Any:
    return parse_school("ies-prueba", {**GOOD, **changes}, "schools/ies-prueba.yml")


def test_a_good_file_gives_its_settings_and_defaults() -> None:
    got = school()
    assert (got.slug, got.language, got.country, got.mode, got.keep_history_in_tab) == ("ies-prueba", "es", "ES", "help", False)
    assert got.counsellor and got.counsellor.name["fr"] == "Orientation"
    assert got.exit_url.startswith("https://")


def test_the_shipped_sample_schools_load() -> None:
    schools = load_schools(schools_dir())
    assert {"ies-ejemplo", "college-exemple"} <= set(schools)
    assert schools["college-exemple"].language == "fr"


@pytest.mark.parametrize(
    "changes, words",
    [
        ({"colour": "#4b2a8a"}, "unknown setting(s) 'colour'"),
        ({"language": "en"}, "language 'en' is not supported"),
        ({"country": "US"}, "country 'US' is not one the directory knows"),
        ({"country": "INT"}, "country 'INT' is not one the directory knows"),
        ({"accent_colour": "purple"}, "accent_colour 'purple' must be a colour"),
        ({"accent_colour": "#ffdd00"}, "too light for white text"),
        ({"allowed_origins": ["https://www.ies.example/"]}, "no path or trailing slash"),
        ({"allowed_origins": ["http://www.ies.example"]}, "must use https://"),
        ({"allowed_origins": "https://www.ies.example"}, "must be a list"),
        ({"mode": "quiz"}, "mode 'quiz'"),
        ({"keep_history_in_tab": "yes"}, "true or false"),
        ({"exit_url": "javascript:alert(1)"}, "must be an https:// address"),
        ({"name": ""}, "'name' must be a non-empty text"),
        ({"counsellor": {"name": {"es": "Orientación"}, "email": "a@example.org"}}, "one text per language"),
        ({"counsellor": {"name": {"es": "a", "fr": "b"}}}, "at least one of phone, email or url"),
        ({"counsellor": {"name": {"es": "a", "fr": "b"}, "phone": "12345678"}}, "not a phone number of ES"),
        ({"counsellor": {"name": {"es": "a", "fr": "b"}, "email": "x", "office": "12"}}, "unknown setting(s) 'office'"),
    ],
)
def test_bad_values_are_refused_with_the_file_and_key(changes: Dict[str, Any], words: str) -> None:
    with pytest.raises(SchoolConfigError) as error:
        school(**changes)
    assert "schools/ies-prueba.yml" in str(error.value) and words in str(error.value)


def test_required_keys_and_file_names(tmp_path: Path) -> None:
    with pytest.raises(SchoolConfigError, match="'country' is required"):
        parse_school("ies-prueba", {"name": "x", "language": "es"}, "f.yml")
    with pytest.raises(SchoolConfigError, match="file name must be lowercase"):
        parse_school("IES Prueba", GOOD, "f.yml")
    (tmp_path / "broken.yml").write_text("name: [unclosed", encoding="utf-8")
    with pytest.raises(SchoolConfigError, match="broken.yml: not valid YAML"):
        load_schools(tmp_path)


def test_local_http_is_allowed_only_for_localhost_test_sites() -> None:
    got = school(allowed_origins=["http://127.0.0.1:8001"], exit_url="http://127.0.0.1:8001/neutral.html")
    assert got.allowed_origins == ("http://127.0.0.1:8001",)


def test_origins_of_every_school_are_collected(tmp_path: Path) -> None:
    for slug, origin in (("a-school", "https://a.example"), ("b-school", "https://b.example")):
        (tmp_path / f"{slug}.yml").write_text(yaml.safe_dump({**GOOD, "allowed_origins": [origin]}), encoding="utf-8")
    assert all_allowed_origins(load_schools(tmp_path)) == ("https://a.example", "https://b.example")


def test_contrast_is_the_wcag_ratio() -> None:
    assert contrast_with_white("#000000") == pytest.approx(21.0)
    assert contrast_with_white("#ffffff") == pytest.approx(1.0)
    assert 4.5 <= contrast_with_white("#767676") < 4.6  # the classic AA grey on white
