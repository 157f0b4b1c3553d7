"""chatbot.nlu.fast_load gives the server the same DIET and TED as Rasa's own load, weight for weight.

Why this test: until 2026-11-25 the fast path failed on TED (the optimizer's saved slots
clashed in shape), Rasa's TEDPolicy.load swallowed the error, and the server ran without
TED, rules and memoization alone, with nothing in any log above DEBUG.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Dict

import numpy as np
import pytest

from tests.e2e.servers import ROOT, trained_model


def _weights(mode: str, model: Path, out: Path) -> Dict[str, np.ndarray]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "tests.scale.weights_dump", mode, str(model), str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Fast load of" not in done.stderr, "the fast path fell back to Rasa's load: " + done.stderr[-2000:]
    with np.load(out) as saved:
        return {name: saved[name] for name in saved.files}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, Dict[str, np.ndarray]]:
    model, folder = trained_model(), tmp_path_factory.mktemp("weights")
    return {mode: _weights(mode, model, folder / f"{mode}.npz") for mode in ("fast", "rasa")}


@pytest.mark.parametrize("component", ["DIETClassifier", "TEDPolicy"])
def test_fast_load_loads_the_model(loaded: Dict[str, Dict[str, np.ndarray]], component: str) -> None:
    fast = loaded["fast"]
    assert bool(fast[f"{component}|loaded"]), f"{component} has no model after the fast load"
    assert any(name.startswith(f"{component}|") and not name.endswith("|loaded") for name in fast)


def test_fast_load_restores_every_weight_exactly(loaded: Dict[str, Dict[str, np.ndarray]]) -> None:
    fast, rasa = loaded["fast"], loaded["rasa"]
    assert sorted(fast) == sorted(rasa)
    different = [name for name in rasa if fast[name].shape != rasa[name].shape or not np.array_equal(fast[name], rasa[name])]
    assert not different, different[:10]
