"""Deletes whole conversations whose last event is older than the retention period.

Why whole conversations, decided by the last event: a conversation that is still
going on must not lose its beginning, and one that ended a week ago must not
leave a tail behind. Safe under cron: one transaction (all or nothing), a lock so
two purges never run at once (PostgreSQL advisory lock; SQLite's write lock),
SQLite's secure_delete so deleted text is overwritten in the file (and the
write-ahead log emptied after), and running it
twice deletes nothing the second time.
"""
from __future__ import annotations

import time
from pathlib import Path
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Connection, Engine, make_url

from chatbot.privacy.database import EVENTS_TABLE

# Any constant shared by every purge process: pg_try_advisory_xact_lock takes a bigint.
_LOCK_KEY = 7_207_011_907

_OLD_CONVERSATIONS = (
    f"SELECT sender_id FROM {EVENTS_TABLE} GROUP BY sender_id "
    f'HAVING MAX(COALESCE("timestamp", 0)) < :cutoff'
)


class PurgeBusy(RuntimeError):
    """Another purge holds the lock; this one did nothing (cron will run again)."""


@dataclass(frozen=True)
class PurgeResult:
    conversations: int
    events: int
    cutoff: float
    dry_run: bool
    table_exists: bool = True


def make_engine(url: str) -> Engine:
    """An engine whose transactions lock the database for writing from their first statement (SQLite)."""
    if not url.startswith("sqlite"):
        return create_engine(url, future=True)
    engine = create_engine(url, future=True, connect_args={"isolation_level": None, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.execute("PRAGMA secure_delete = ON")  # deleted text is overwritten, not left in free pages
        dbapi_connection.execute("PRAGMA busy_timeout = 30000")  # wait for the Rasa server's write to end

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _empty_write_ahead_log(engine: Engine) -> None:
    """Moves SQLite's write-ahead log (chatbot.privacy.database.tune_sqlite) into the file and empties it:
    it may still hold copies of the pages the purge just overwrote. Outside any transaction (autocommit)."""
    raw = engine.raw_connection()
    try:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()


def _lock(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        if not connection.execute(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": _LOCK_KEY}).scalar():
            raise PurgeBusy("another purge is running")
    # SQLite: BEGIN IMMEDIATE (make_engine) already holds the only write lock.


def purge(url: str, older_than_seconds: float, dry_run: bool = False, now: Optional[float] = None) -> PurgeResult:
    """Deletes (or, dry run, counts) the conversations whose last event is older than `older_than_seconds`."""
    if older_than_seconds < 0:
        raise ValueError("the retention period cannot be negative")
    cutoff = (time.time() if now is None else now) - older_than_seconds
    database = make_url(url).database if url.startswith("sqlite") else None
    if database and not Path(database).exists():
        return PurgeResult(0, 0, cutoff, dry_run, table_exists=False)  # never create a file to find it empty
    engine = make_engine(url)
    try:
        if not inspect(engine).has_table(EVENTS_TABLE):
            return PurgeResult(0, 0, cutoff, dry_run, table_exists=False)
        with engine.connect() as connection:
            transaction = connection.begin()
            try:
                _lock(connection)
                params = {"cutoff": cutoff}
                conversations = connection.execute(
                    text(f"SELECT COUNT(*) FROM ({_OLD_CONVERSATIONS}) AS old"), params).scalar()
                if dry_run:
                    events = connection.execute(
                        text(f"SELECT COUNT(*) FROM {EVENTS_TABLE} WHERE sender_id IN ({_OLD_CONVERSATIONS})"), params
                    ).scalar()
                    transaction.rollback()
                else:
                    events = connection.execute(
                        text(f"DELETE FROM {EVENTS_TABLE} WHERE sender_id IN ({_OLD_CONVERSATIONS})"), params
                    ).rowcount
                    transaction.commit()
            except BaseException:
                if transaction.is_active:
                    transaction.rollback()
                raise
        if database and not dry_run:
            _empty_write_ahead_log(engine)
        return PurgeResult(int(conversations or 0), int(events or 0), cutoff, dry_run)
    finally:
        engine.dispose()
