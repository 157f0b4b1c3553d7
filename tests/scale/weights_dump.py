"""Loads a trained model as the Rasa server does and saves every DIET and TED weight (tests/scale/test_fast_load.py).

    python -m tests.scale.weights_dump fast|rasa MODEL OUT.npz
"fast": with chatbot.nlu's fast_load installed (what the server runs); "rasa": Rasa's own load.
"""
from __future__ import annotations

import os
import sys

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ["CHATBOT_STORE_CONVERSATIONS"] = "false"  # nothing to store: the model is only loaded


def main(mode: str, model: str, out: str) -> None:
    import numpy as np
    from rasa.utils.tensorflow.models import RasaModel

    rasa_load = RasaModel.__dict__["load"]
    import chatbot.nlu  # noqa: F401 - installs fast_load, as our components do in the server

    if mode == "rasa":
        RasaModel.load = rasa_load
    from rasa.core.agent import Agent

    agent = Agent.load(model)
    arrays = {}
    for node in agent.processor.graph_runner._instantiated_nodes.values():
        component = node._component
        if type(component).__name__ in ("DIETClassifier", "TEDPolicy"):
            inner = getattr(component, "model", None)
            arrays[f"{type(component).__name__}|loaded"] = np.array(inner is not None)
            for weight in getattr(inner, "weights", []):
                arrays[f"{type(component).__name__}|{weight.name}"] = weight.numpy()
    np.savez(out, **arrays)


if __name__ == "__main__":
    main(*sys.argv[1:4])
