"""The reviewed files: the real ones pass; every kind of bad entry is refused by file and entry."""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, Dict

import pytest
import yaml

from chatbot.directory.files import DirectoryError, read_directory

ROOT = Path(__file__).resolve().parents[2]

ORG: Dict[str, Any] = {
    "id": "lu-emergency", "name": {"es": "Emergencias", "fr": "Urgences"}, "what": {"es": "a", "fr": "b"},
    "topics": ["emergency"], "source_url": "https://example.org/112", "verified_on": "2026-01-02",
    "channels": [{"kind": "phone", "value": "112", "hours": {"es": "24 h", "fr": "24 h/24"}}],
}
LAW: Dict[str, Any] = {
    "id": "lu-law-1", "article": "Art. 1", "status": "in_force", "summary": {"es": "a", "fr": "b"},
    "max_penalty": {"es": "1 año", "fr": "1 an"}, "source_url": "https://example.org/law", "verified_on": "2026-01-02",
}


def write(folder: Path, code: str = "LU", organisations: Any = None, laws: Any = None, **extra: Any) -> Path:
    document = {"country": code, "name": {"es": "X", "fr": "X"}, "emergency_number": "112",
                "organisations": [ORG] if organisations is None else organisations,
                "laws": [LAW] if laws is None else laws, **extra}
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    path = folder / f"{code}.yml"
    path.write_text(text.replace("'2026-01-02'", "2026-01-02"), encoding="utf-8")
    return path


def test_the_projects_files_pass_every_check() -> None:
    files = read_directory(ROOT / "data" / "directory")
    codes = {c.code for c in files.countries}
    assert {"ES", "FR"} <= codes
    for country in files.countries:
        if country.code != "INT":
            assert country.emergency_number


def test_a_good_file_reads_and_its_hash_follows_its_content(tmp_path: Path) -> None:
    write(tmp_path)
    first = read_directory(tmp_path)
    assert first.countries[0].organisations[0].channels[0].tel == "tel:112"
    assert read_directory(tmp_path).content_hash == first.content_hash
    write(tmp_path, laws=[])
    assert read_directory(tmp_path).content_hash != first.content_hash


def with_change(path: str, value: Any) -> Dict[str, Any]:
    org = copy.deepcopy(ORG)
    target: Any = org
    keys = path.split(".")
    for key in keys[:-1]:
        target = target[int(key)] if key.isdigit() else target[key]
    target[keys[-1]] = value
    return org


@pytest.mark.parametrize(
    "org, message",
    [
        (with_change("channels.0.value", "call 112!"), "not a phone number"),
        (with_change("name", {"es": "Emergencias"}), "'name' needs a text"),
        (with_change("what", {"es": "a", "fr": " "}), "'what' needs a text"),
        (with_change("topics", ["astrology"]), "unknown topic"),
        (with_change("source_url", "http://example.org"), "https://"),
        (with_change("channels.0.kind", "pigeon"), "unknown channel kind"),
        (with_change("channels.0.ages", {"min": "twelve"}), "ages must be whole numbers"),
        (with_change("verified_on", "yesterday"), "verified_on must be a date"),
        (with_change("channels.0.caveat", {"es": "Según la prensa, es gratis.", "fr": "Gratuit."}), r"caveat \(es\) has a note for maintainers"),
        (with_change("channels.0.hours", {"es": "24 h", "fr": "24 h/24 (source de 2025)"}), r"hours \(fr\) has a note for maintainers"),
        (with_change("what", {"es": "Ayuda. Lo cita una sola fuente.", "fr": "Aide."}), r"what \(es\) has a note"),
        (with_change("channels.0.note", {"es": "x"}), "note must be a text"),
    ],
    ids=["bad-phone", "missing-fr-name", "blank-fr-text", "unknown-topic", "http-source", "unknown-kind", "bad-age", "bad-date",
         "sourcing-in-caveat", "sourcing-in-hours", "sourcing-in-what", "note-not-text"],
)
def test_bad_entries_are_refused_naming_file_and_entry(tmp_path: Path, org: Dict[str, Any], message: str) -> None:
    write(tmp_path, organisations=[org])
    with pytest.raises(DirectoryError, match=message) as error:
        read_directory(tmp_path)
    assert "LU.yml" in str(error.value) and "lu-emergency" in str(error.value)


def test_a_platform_needs_https_and_both_languages(tmp_path: Path) -> None:
    write(tmp_path)
    platform = {"id": "p", "name": "P", "how": {"es": "a"}, "source_url": "https://example.org", "verified_on": "2026-01-02"}
    (tmp_path / "platforms.yml").write_text(yaml.safe_dump({"platforms": [platform]}).replace("'2026-01-02'", "2026-01-02"))
    with pytest.raises(DirectoryError, match=r"platforms.yml, platform 1 \(p\): 'how' needs a text"):
        read_directory(tmp_path)


@pytest.mark.parametrize("code, value, ok", [("ES", "900 20 20 10", True), ("ES", "900 20 20 1", False),
                                             ("FR", "0 800 235 236", True), ("FR", "900 20 20 10", False),
                                             ("FR", "3018", True), ("CL", "+56 9 34 59 97 62", True)])
def test_phone_numbers_must_fit_their_countrys_plan(tmp_path: Path, code: str, value: str, ok: bool) -> None:
    org = with_change("id", f"{code.lower()}-emergency")
    org["channels"] = [{"kind": "phone", "value": "112"}, {"kind": "phone", "value": value}]
    write(tmp_path, code=code, organisations=[org], laws=[{**LAW, "id": f"{code.lower()}-law"}])
    if ok:
        read_directory(tmp_path)
    else:
        with pytest.raises(DirectoryError, match=f"digits of a {code} phone number"):
            read_directory(tmp_path)


def test_unknown_country_file_is_refused(tmp_path: Path) -> None:
    write(tmp_path, code="LU").rename(tmp_path / "Spain.yml")
    with pytest.raises(DirectoryError, match="Spain.yml is not a country file"):
        read_directory(tmp_path)


def test_an_unknown_country_is_refused(tmp_path: Path) -> None:
    write(tmp_path, code="ZZ")
    with pytest.raises(DirectoryError, match="ZZ.yml: unknown country 'ZZ'"):
        read_directory(tmp_path)


def test_file_name_and_country_must_agree(tmp_path: Path) -> None:
    write(tmp_path).rename(tmp_path / "MC.yml")
    with pytest.raises(DirectoryError, match="'country' must be 'MC'"):
        read_directory(tmp_path)


def test_duplicate_ids_are_refused_across_files(tmp_path: Path) -> None:
    write(tmp_path, code="LU")
    write(tmp_path, code="MC")
    with pytest.raises(DirectoryError, match="duplicate id 'lu-emergency'"):
        read_directory(tmp_path)


def test_a_country_needs_its_emergency_number_on_an_emergency_line(tmp_path: Path) -> None:
    write(tmp_path, organisations=[with_change("topics", ["crisis"])])
    with pytest.raises(DirectoryError, match="emergency_number"):
        read_directory(tmp_path)


def test_a_bill_must_say_it_is_one(tmp_path: Path) -> None:
    write(tmp_path, laws=[{**LAW, "status": "proposed"}])
    with pytest.raises(DirectoryError, match="status must be one of in_force, bill"):
        read_directory(tmp_path)


def test_a_maintainers_note_is_kept_but_never_in_a_card(tmp_path: Path) -> None:
    from chatbot.directory import card

    org = with_change("channels.0.note", "Cost: one newspaper says free, the official site says 0.20.")
    write(tmp_path, organisations=[org])
    files = read_directory(tmp_path)
    loaded = files.countries[0].organisations[0]
    assert loaded.channels[0].note and all("newspaper" not in card(loaded, lang) for lang in ("es", "fr"))


@pytest.mark.parametrize("code", ["PE", "LU"])
def test_peru_and_luxembourg_are_written_from_the_verified_rows(code: str) -> None:
    """Review G11. Every entry names its facts row (crisis-lines.md or updates-2026-12.md, which wins)."""
    files = read_directory(ROOT / "data" / "directory")
    country = next(c for c in files.countries if c.code == code)
    assert country.emergency_number and country.organisations
    for org in country.organisations:
        assert org.facts and ("crisis-lines.md" in org.facts or "updates-2026-12.md" in org.facts), org.id


def test_luxembourg_shows_no_hours_or_cost_the_facts_leave_unverified() -> None:
    """updates-2026-12.md LU-2: KJT 116 111 hours and cost UNVERIFIED; LU-3: BEE SECURE hours of low certainty
    (2019). Neither may promise an hour or, for KJT, a cost; each says it may not answer at every hour."""
    files = read_directory(ROOT / "data" / "directory")
    orgs = {o.id: o for c in files.countries if c.code == "LU" for o in c.organisations}
    kjt, bee = orgs["lu-kjt-116111"].channels[0], orgs["lu-bee-secure-helpline"].channels[0]
    assert kjt.value == "116 111" and kjt.hours is None and kjt.cost is None
    assert bee.value == "8002 12 34" and bee.hours is None
    assert all(c.caveat and "todas horas" in c.caveat["es"] and "toute heure" in c.caveat["fr"] for c in (kjt, bee))
    assert not any("crisis" in o.topics for o in orgs.values())  # no 24 h crisis line in Luxembourg's rows
