"""Loads Rasa's TensorFlow models (DIET, TED) without tracing a training step.

Why: Rasa 3.6 rebuilds each model at load time by fitting it on one example in
graph mode, then overwrites the weights with the saved ones. Tracing that training
graph is most of a warm start (about 35 of 39 s for DIET and TED on 2 cores).
Running that single step eagerly builds the same variables in a fraction of the
time; the saved weights are then loaded as before and prediction is traced and
run in graph mode as before. Fine-tuning keeps Rasa's own path.

Installed by importing `chatbot.nlu` (our components live there, so the Rasa
server imports it before it loads any model).
"""
from __future__ import annotations

import logging
from typing import Any, Optional, Text

logger = logging.getLogger(__name__)
_installed = False


def install() -> None:
    """Replaces `RasaModel.load` once per process."""
    global _installed
    if _installed:
        return
    import tensorflow as tf
    from rasa.utils.tensorflow.constants import LEARNING_RATE
    from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator
    from rasa.utils.tensorflow.model_data import RasaModelData
    from rasa.utils.tensorflow.models import RasaModel

    rasa_load = RasaModel.load.__func__  # type: ignore[attr-defined]

    def load(
        cls: Any,
        model_file_name: Text,
        model_data_example: RasaModelData,
        predict_data_example: Optional[RasaModelData] = None,
        finetune_mode: bool = False,
        *args: Any,
        **kwargs: Any,
    ) -> RasaModel:
        if finetune_mode:
            return rasa_load(cls, model_file_name, model_data_example, predict_data_example, finetune_mode, *args, **kwargs)
        try:
            model = cls(*args, **kwargs)
            learning_rate = kwargs.get("config", {}).get(LEARNING_RATE, 0.001)
            model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate), run_eagerly=True)
            model.fit(RasaBatchDataGenerator(model_data_example, batch_size=1), verbose=False)
            # The eager step creates the optimizer's slot variables in another order than the
            # saved graph step did (TED: shapes then clash on restore). Prediction needs no
            # optimizer state: a fresh, unbuilt optimizer leaves those values unread.
            model.optimizer = tf.keras.optimizers.Adam(learning_rate)
            model.load_weights(model_file_name).expect_partial()
            model.run_eagerly = bool(kwargs.get("config", {}).get("run_eagerly"))
            if predict_data_example:
                model.run_inference(predict_data_example)  # traces the prediction graph now, not on the first message
            return model
        except Exception as error:  # noqa: BLE001 - never lose a model to a speed-up: Rasa's own path
            logger.warning("Fast load of %s failed (%s: %s); loading it the usual way.",
                           cls.__name__, type(error).__name__, error)
            return rasa_load(cls, model_file_name, model_data_example, predict_data_example, finetune_mode, *args, **kwargs)

    RasaModel.load = classmethod(load)  # type: ignore[assignment]
    _installed = True
