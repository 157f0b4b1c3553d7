"""Shared fixtures: the project's real data, loaded once per session into a real database."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Iterator

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session", autouse=True)
def directory_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A SQLite directory loaded from data/directory/, used by every test that asks the directory."""
    from chatbot.directory import read_directory
    from chatbot.directory.store import prepare
    from chatbot.settings import load_settings

    url = f"sqlite:///{tmp_path_factory.mktemp('directory') / 'directory.sqlite3'}"
    os.environ["DATABASE_URL"] = url
    prepare(url, read_directory(load_settings().directory_path))
    yield url
