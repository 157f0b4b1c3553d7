"""chatbot.nlu.fast_load gives the server the same DIET and TED as Rasa's own load, weight for weight.

Why this test: until 2026-11-25 the fast path failed on TED (the optimizer's saved slots
clashed in shape), Rasa's TEDPolicy.load swallowed the error, and the server ran without
TED, with nothing in any log above DEBUG. Our config.yml has no TED now, but Rasa's
default pipeline (the benchmark's baseline) has, and the speed-up applies to every
TensorFlow model: so a small TED model is trained here to cover it.
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

TINY_DOMAIN = """version: "3.1"
intents: [greet, goodbye, thanks]
responses:
  utter_greet: [{text: "hola"}]
  utter_goodbye: [{text: "adios"}]
  utter_welcome: [{text: "de nada"}]
"""
TINY_STORIES = """version: "3.1"
stories:
- story: a
  steps: [{intent: greet}, {action: utter_greet}, {intent: thanks}, {action: utter_welcome}]
- story: b
  steps: [{intent: greet}, {action: utter_greet}, {intent: goodbye}, {action: utter_goodbye}]
"""
TINY_CONFIG = """recipe: default.v1
assistant_id: tiny-ted
policies:
  - {name: TEDPolicy, max_history: 3, epochs: 3, random_seed: 1}
"""


def _env() -> Dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false"}


def _tiny_ted_model(folder: Path) -> Path:
    for name, text in (("domain.yml", TINY_DOMAIN), ("stories.yml", TINY_STORIES), ("config.yml", TINY_CONFIG)):
        (folder / name).write_text(text, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "rasa", "train", "core", "--config", "config.yml", "--domain",
                           "domain.yml", "--stories", "stories.yml", "--out", "models", "--fixed-model-name", "tiny"],
                          cwd=folder, env=_env(), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return folder / "models" / "tiny.tar.gz"


def _weights(mode: str, model: Path, out: Path) -> Dict[str, np.ndarray]:
    done = subprocess.run([sys.executable, "-m", "tests.scale.weights_dump", mode, str(model), str(out)],
                          cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Fast load of" not in done.stderr, "the fast path fell back to Rasa's load: " + done.stderr[-2000:]
    with np.load(out) as saved:
        return {name: saved[name] for name in saved.files}


@pytest.fixture(scope="module", params=["DIETClassifier", "TEDPolicy"])
def loaded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple:
    """(component, weights loaded the fast way, weights loaded Rasa's way)."""
    folder = tmp_path_factory.mktemp(request.param)
    model = trained_model() if request.param == "DIETClassifier" else _tiny_ted_model(folder)
    return (request.param, _weights("fast", model, folder / "fast.npz"), _weights("rasa", model, folder / "rasa.npz"))


def test_fast_load_loads_the_model(loaded: tuple) -> None:
    component, fast, _ = loaded
    assert bool(fast[f"{component}|loaded"]), f"{component} has no model after the fast load"
    assert any(name.startswith(f"{component}|") and not name.endswith("|loaded") for name in fast)


def test_fast_load_restores_every_weight_exactly(loaded: tuple) -> None:
    _, fast, rasa = loaded
    assert sorted(fast) == sorted(rasa)
    different = [name for name in rasa if fast[name].shape != rasa[name].shape or not np.array_equal(fast[name], rasa[name])]
    assert not different, different[:10]
