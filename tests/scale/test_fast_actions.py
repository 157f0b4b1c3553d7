"""chatbot.nlu.fast_actions: the same verdict as Rasa's own check of action server answers, schema compiled once."""
from __future__ import annotations

from typing import Any, Dict

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

import chatbot.nlu  # noqa: F401  (installs the patch, as the Rasa server does when it loads our components)
from chatbot.nlu import fast_actions

VALID: Dict[str, Any] = {
    "events": [{"event": "slot", "name": "language", "value": "fr", "timestamp": None}],
    "responses": [{"text": "Salut !", "buttons": []}],
}
INVALID = [
    {"events": "not a list"},
    {"events": [{"event": "slot", "name": 3}]},
    {"responses": ["a string, not an object"]},
    {"events": [{"no": "event key"}]},
]


def test_the_patch_is_installed() -> None:
    assert RemoteAction._validate_action_result.__module__ == fast_actions.__name__


@pytest.mark.parametrize("answer", [VALID, {}, {"events": [], "responses": []}])
def test_valid_answers_pass(answer: Dict[str, Any]) -> None:
    jsonschema.validate(answer, RemoteAction.action_response_format_spec())  # Rasa's check agrees
    assert RemoteAction("action_x", None)._validate_action_result(answer) is True


@pytest.mark.parametrize("answer", INVALID)
def test_invalid_answers_fail_as_with_rasas_check(answer: Dict[str, Any]) -> None:
    with pytest.raises(jsonschema.ValidationError) as rasa_error:
        jsonschema.validate(answer, RemoteAction.action_response_format_spec())
    with pytest.raises(jsonschema.ValidationError) as ours:
        RemoteAction("action_x", None)._validate_action_result(answer)
    assert ours.value.message.startswith(rasa_error.value.message)
    assert "Failed to validate Action server response" in ours.value.message
