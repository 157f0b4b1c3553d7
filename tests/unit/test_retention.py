"""Retention: `python -m chatbot.privacy purge` on real SQLite and PostgreSQL databases.

PostgreSQL runs on this machine and on CI; if it cannot be reached these tests
fail, they never skip. Each PostgreSQL test gets its own fresh database, dropped
afterwards, so nothing collides with other tests using `test`.
"""
from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Iterator, List

import pytest
from sqlalchemy import create_engine, text

from chatbot.privacy.__main__ import parse_period
from chatbot.privacy.retention import PurgeBusy, purge

ROOT = Path(__file__).resolve().parents[2]
POSTGRES_ADMIN_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/test"
DAY = 86400.0


def _postgres_database() -> Iterator[str]:
    name = f"privacy_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_ADMIN_URL, future=True, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # noqa: BLE001 - any failure here means PostgreSQL is not usable
        admin.dispose()
        pytest.fail(f"PostgreSQL at {POSTGRES_ADMIN_URL} is not reachable: {error}")
    try:
        yield f"postgresql+psycopg2://postgres@127.0.0.1:5432/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty conversations database: a SQLite file or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'conversations.sqlite3'}"
    else:
        yield from _postgres_database()


def store_conversation(url: str, sender: str, ages_in_days: List[float]) -> None:
    """Writes one conversation through the real tracker store, one user message per age (oldest first)."""
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from chatbot.stores import RedactingSQLTrackerStore

    store = RedactingSQLTrackerStore(domain=Domain.empty(), host=url)
    tracker = DialogueStateTracker(sender, [])
    now = time.time()
    for age in ages_in_days:
        tracker.update(UserUttered("hola", {"name": "greet", "confidence": 1.0}, timestamp=now - age * DAY))
        tracker.update(ActionExecuted("utter_greet", timestamp=now - age * DAY + 1))
    asyncio.run(store.save(tracker))
    store.engine.dispose()


def senders(url: str) -> dict:
    engine = create_engine(url, future=True)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT sender_id, COUNT(*) FROM events GROUP BY sender_id")).all()
    engine.dispose()
    return dict(rows)


def _three_conversations(url: str) -> None:
    store_conversation(url, "old-conversation", [12, 10])        # last message 10 days ago
    store_conversation(url, "recent-conversation", [1])           # yesterday
    store_conversation(url, "long-conversation", [12, 0.01])      # began 12 days ago, still going on


def test_purge_deletes_whole_old_conversations_only_and_is_idempotent(database_url: str) -> None:
    _three_conversations(database_url)
    before = senders(database_url)

    first = purge(database_url, 7 * DAY)
    assert (first.conversations, first.events) == (1, before["old-conversation"])
    assert set(senders(database_url)) == {"recent-conversation", "long-conversation"}
    assert senders(database_url)["long-conversation"] == before["long-conversation"]  # kept whole

    second = purge(database_url, 7 * DAY)
    assert (second.conversations, second.events) == (0, 0)


def test_dry_run_counts_and_deletes_nothing(database_url: str) -> None:
    _three_conversations(database_url)
    before = senders(database_url)
    result = purge(database_url, 0.5 * DAY, dry_run=True)
    assert (result.conversations, result.events) == (
        2, before["old-conversation"] + before["recent-conversation"])
    assert senders(database_url) == before


def test_a_database_with_nothing_stored_yet_is_fine(database_url: str) -> None:
    result = purge(database_url, 7 * DAY)
    assert not result.table_exists and result.events == 0
    if database_url.startswith("sqlite"):
        assert not Path(database_url.split("///")[1]).exists()  # a purge never creates the file


def test_two_purges_never_run_at_once_on_postgresql() -> None:
    for url in _postgres_database():
        store_conversation(url, "old-conversation", [10])
        holder = create_engine(url, future=True)
        with holder.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(7207011907)"))
            with pytest.raises(PurgeBusy):
                purge(url, 7 * DAY)
            connection.execute(text("SELECT pg_advisory_unlock(7207011907)"))
            connection.commit()
        holder.dispose()
        assert purge(url, 7 * DAY).conversations == 1


def test_sqlite_file_keeps_no_trace_of_deleted_text(tmp_path: Path) -> None:
    """secure_delete: the deleted rows' bytes are overwritten, not left in free pages of the file."""
    path = tmp_path / "conversations.sqlite3"
    url = f"sqlite:///{path}"
    store_conversation(url, "marker-conversation-zq", [10])
    assert b"marker-conversation-zq" in path.read_bytes()
    purge(url, 7 * DAY)
    assert b"marker-conversation-zq" not in path.read_bytes()


def test_sqlite_write_ahead_log_keeps_no_trace_of_deleted_text(tmp_path: Path) -> None:
    """The store writes through a WAL; while the server holds the file open, old pages live in
    the -wal file: the purge must empty it too."""
    path = tmp_path / "conversations.sqlite3"
    url = f"sqlite:///{path}"
    holder = create_engine(url, future=True)
    with holder.connect() as server_connection:  # an open connection keeps the WAL file, as a running server does
        server_connection.execute(text("SELECT 1"))
        store_conversation(url, "marker-wal-conversation", [10])
        wal = path.with_name(path.name + "-wal")
        assert server_connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert wal.exists() and b"marker-wal-conversation" in path.read_bytes() + wal.read_bytes()
        purge(url, 7 * DAY)
        leftover = path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
        assert b"marker-wal-conversation" not in leftover
    holder.dispose()


def _cli(*args: str, env_extra: dict) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **env_extra}
    return subprocess.run([sys.executable, "-m", "chatbot.privacy", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_command_line_purge_output_and_exit_codes(tmp_path: Path) -> None:
    path = tmp_path / "conversations.sqlite3"
    store_conversation(f"sqlite:///{path}", "old-conversation", [10])
    env = {"CHATBOT_TRACKER_DB": str(path)}

    dry = _cli("purge", "--dry-run", env_extra=env)
    assert dry.returncode == 0 and "would delete 1 conversation(s)" in dry.stdout, dry

    kept = _cli("purge", env_extra={**env, "CHATBOT_RETENTION_DAYS": "30"})
    assert kept.returncode == 0 and "deleted 0 conversation(s)" in kept.stdout, kept

    done = _cli("purge", "--older-than", "7d", env_extra=env)
    assert done.returncode == 0 and "deleted 1 conversation(s), 2 event(s)" in done.stdout, done
    assert "old-conversation" not in done.stdout  # no sender ids in the output

    assert _cli("purge", "--older-than", "soon", env_extra=env).returncode == 2
    assert _cli("purge", env_extra={**env, "CHATBOT_RETENTION_DAYS": "a week"}).returncode == 2
    unreachable = _cli("purge", env_extra={"CHATBOT_TRACKER_DB": "postgresql+psycopg2://postgres@127.0.0.1:1/none"})
    assert unreachable.returncode == 1 and "nothing deleted" in unreachable.stderr, unreachable


@pytest.mark.parametrize("value, seconds", [("7d", 7 * DAY), ("7", 7 * DAY), ("12h", 12 * 3600), ("30m", 1800)])
def test_periods(value: str, seconds: float) -> None:
    assert parse_period(value) == seconds
