from __future__ import annotations

from typing import Iterator

import pytest

from tests.e2e.servers import ROOT, Servers, free_port, trained_model


@pytest.fixture(scope="session")
def servers() -> Iterator[Servers]:
    running = Servers(free_port(), free_port(), ROOT / "var" / "log" / "e2e").start(trained_model())
    yield running
    running.stop()
