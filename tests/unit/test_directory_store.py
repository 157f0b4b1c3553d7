"""The directory database on both backends: migrations, all-or-nothing loads, queries, refresh.

PostgreSQL (127.0.0.1:5432, database `test`) runs on every developer and CI
machine; if it cannot be reached these tests fail, they never skip.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Iterator

import pytest
import yaml
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError, OperationalError

from chatbot.directory.cli import main as cli
from chatbot.directory.files import read_directory
from chatbot.directory.query import LiveDirectory, card, read_snapshot
from chatbot.directory.store import downgrade, load, loaded_hash, make_engine, migrate
from tests.unit.test_directory_files import LAW, ORG, with_change, write

ROOT = Path(__file__).resolve().parents[2]
PLATFORM = {"id": "chatapp", "name": "ChatApp", "how": {"es": "Denúnciala.", "fr": "Signale-la."}, "report_url": None,
            "take_it_down": None, "stopncii": False, "end_to_end_encrypted": True,
            "source_url": "https://example.org/help", "verified_on": "2026-01-02"}
POSTGRES_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/test"
TABLES = {"countries", "organisations", "organisation_topics", "channels", "laws", "platforms", "data_version"}


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'directory.sqlite3'}"
        return
    engine = make_engine(POSTGRES_URL)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as error:
        pytest.fail(f"PostgreSQL at {POSTGRES_URL} is not reachable: {error}")
    finally:
        engine.dispose()
    downgrade(POSTGRES_URL, "base")
    yield POSTGRES_URL
    downgrade(POSTGRES_URL, "base")


def tables(url: str) -> set:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names()) & TABLES
    finally:
        engine.dispose()


def channel_columns(url: str) -> set:
    engine = make_engine(url)
    try:
        return {c["name"] for c in inspect(engine).get_columns("channels")}
    finally:
        engine.dispose()


def test_migrations_go_up_and_down(url: str) -> None:
    migrate(url)
    assert tables(url) == TABLES
    assert "note" in channel_columns(url)
    downgrade(url, "0002")
    assert tables(url) == TABLES and "note" not in channel_columns(url)
    downgrade(url, "0001")
    assert tables(url) == TABLES - {"platforms"}
    downgrade(url, "base")
    assert tables(url) == set()
    migrate(url)
    assert tables(url) == TABLES


def test_the_real_files_load_once_and_read_back_equal(url: str) -> None:
    files = read_directory(ROOT / "data" / "directory")
    migrate(url)
    engine = make_engine(url)
    try:
        assert load(engine, files) is True
        assert load(engine, files) is False  # loading twice changes nothing
        snapshot = read_snapshot(engine)
    finally:
        engine.dispose()
    assert snapshot.countries_data == files.countries
    assert snapshot.platforms == files.platforms and len(files.platforms) >= 12


def test_a_failed_load_leaves_the_previous_data(url: str, tmp_path: Path) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    write(folder)
    good = read_directory(folder)
    migrate(url)
    engine = make_engine(url)
    try:
        load(engine, good)
        # Bypass the file checks to reach the database's own constraint: the whole load must roll back.
        country = good.countries[0]
        bad_org = dataclasses.replace(country.organisations[0], id="lu-other", topics=("astrology",))
        bad = dataclasses.replace(good, content_hash="other",
                                  countries=(dataclasses.replace(country, organisations=country.organisations + (bad_org,)),))
        with pytest.raises(IntegrityError):
            load(engine, bad)
        assert loaded_hash(engine) == good.content_hash
        assert read_snapshot(engine).countries_data == good.countries
    finally:
        engine.dispose()


def test_queries_order_filter_and_render(url: str, tmp_path: Path) -> None:
    crisis = with_change("id", "lu-crisis")
    crisis.update(topics=["crisis"], channels=[{"kind": "phone", "value": "024", "ages": {"min": None, "max": 17}}])
    adults = with_change("id", "lu-adults")
    adults.update(topics=["crisis"], channels=[{"kind": "website", "value": "https://example.org", "ages": {"min": 18, "max": None}}])
    write(tmp_path, organisations=[ORG, crisis, adults], laws=[LAW, {**LAW, "id": "lu-bill", "status": "bill"}])
    (tmp_path / "platforms.yml").write_text(yaml.safe_dump({"platforms": [PLATFORM]}, allow_unicode=True).replace("'2026-01-02'", "2026-01-02"))
    migrate(url)
    engine = make_engine(url)
    try:
        load(engine, read_directory(tmp_path))
        directory = read_snapshot(engine)
    finally:
        engine.dispose()
    assert [o.id for o in directory.contacts("LU", ["emergency", "crisis"])] == ["lu-emergency", "lu-crisis", "lu-adults"]
    assert [o.id for o in directory.contacts("LU", ["crisis"], age=15)] == ["lu-crisis"]
    assert [o.id for o in directory.contacts("LU", ["crisis"], age=19)] == ["lu-adults"]
    assert [(law.id, law.status) for law in directory.laws("LU")] == [("lu-law-1", "in_force"), ("lu-bill", "bill")]
    assert directory.emergency_number("LU") == "112"
    assert card(directory.contacts("LU", ["emergency"])[0], "fr") == "📞 Urgences: 112 · 24 h/24\nb"
    platform = directory.platform("chatapp")
    assert platform and platform.how["fr"] == "Signale-la." and platform.take_it_down is None and platform.end_to_end_encrypted


def test_a_running_process_sees_new_data_without_restarting(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    folder = tmp_path / "files"
    folder.mkdir()
    write(folder)
    migrate(url)
    engine = make_engine(url)
    load(engine, read_directory(folder))
    live = LiveDirectory(url, check_every=0)
    assert [law.id for law in live.get().laws("LU")] == ["lu-law-1"]
    write(folder, laws=[])
    load(engine, read_directory(folder))
    engine.dispose()
    assert live.get().laws("LU") == ()


def test_check_reports_old_entries_and_strict_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    old = with_change("verified_on", dt.date.today() - dt.timedelta(days=400))
    write(folder, organisations=[old])
    (folder / "LU.yml").write_text((folder / "LU.yml").read_text().replace(f"'{old['verified_on']}'", str(old["verified_on"])))
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("CHATBOT_DIRECTORY_PATH", str(folder))
    assert cli(["load"]) == 0
    assert cli(["check"]) == 0
    assert cli(["check", "--strict"]) == 1
    out = capsys.readouterr().out
    assert "lu-emergency: verified 400 days ago" in out
    assert cli(["export", str(tmp_path / "all.csv")]) == 0
    rows = (tmp_path / "all.csv").read_text().splitlines()
    assert rows[0].startswith("country,id") and len(rows) == 3  # header, one channel, one law


def test_load_refuses_bad_files_with_a_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    write(folder, organisations=[with_change("channels.0.value", "not a phone")])
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("CHATBOT_DIRECTORY_PATH", str(folder))
    assert cli(["load"]) == 1
    assert "LU.yml" in capsys.readouterr().err
