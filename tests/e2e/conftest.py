from __future__ import annotations

from typing import Iterator

import pytest

from tests.e2e.servers import ROOT, Servers, free_port, trained_model


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
