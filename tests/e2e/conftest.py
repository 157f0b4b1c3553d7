from __future__ import annotations

from typing import Iterator

import pytest

from tests.e2e.servers import ROOT, SUITE_ENV, Servers, free_port, trained_model


@pytest.fixture(scope="session")
def servers() -> Iterator[Servers]:
    running = Servers(free_port(), free_port(), ROOT / "var" / "log" / "e2e").start(trained_model())
    yield running
    running.stop()


@pytest.fixture(scope="session")
def edge_servers() -> Iterator[tuple]:
    """A second Rasa server with the real rate limits, a school origin and a Redis lock store (tests/e2e/edge_servers.py)."""
    from tests.e2e.edge_servers import start_edge_servers

    running, redis = start_edge_servers(trained_model())
    yield running, redis
    running.stop()
    redis.kill()


@pytest.fixture(scope="module")
def postgres_servers() -> Iterator[tuple]:
    """A Rasa server storing conversations in a private PostgreSQL the test may stop (edge_servers.PostgresServer).

    Never the machine's PostgreSQL on 5432: other tests use it. Skipped only when
    no PostgreSQL is installed (nothing to start).
    """
    from tests.e2e.edge_servers import PostgresServer, postgres_bin

    bin_dir = postgres_bin()
    if bin_dir is None:
        pytest.skip("no PostgreSQL binaries in /usr/lib/postgresql/*/bin: cannot start a private PostgreSQL")
    database = PostgresServer(free_port(), bin_dir).init().start()
    running = Servers(free_port(), free_port(), ROOT / "var" / "log" / "e2e-postgres",
                      env={**SUITE_ENV, "CHATBOT_TRACKER_DB": database.url})
    try:
        running.start(trained_model())
    except Exception:
        running.stop()
        database.remove()
        raise
    yield running, database
    running.stop()
    database.remove()
