"""Validates the action server's answers against a schema compiled once, not once per answer.

Why: Rasa 3.6 checks every action server response with `jsonschema.validate`,
which first validates the *schema itself* against the JSON Schema meta-schema,
every time. Under load that was the largest single cost in the Rasa server:
about 30% of its busy time at 10 concurrent conversations (py-spy,
docs/benchmarks.md), since every turn calls the action server at least once
(slot validation). The response schema is a constant, so checking it once per
process is enough; each response is still validated against it exactly as
before, and an invalid one still raises `jsonschema.ValidationError` with
Rasa's message.

Installed by importing `chatbot.nlu` (as fast_load).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, Text

_installed = False


@lru_cache(maxsize=None)
def _validator() -> Any:
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def install() -> None:
    """Replaces `RemoteAction._validate_action_result` once per process."""
    global _installed
    if _installed:
        return
    from jsonschema.exceptions import best_match
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
        error = best_match(_validator().iter_errors(result))
        if error is not None:
            error.message += (
                f". Failed to validate Action server response from API, "
                f"make sure your response from the Action endpoint is valid. "
                f"For more information about the format visit "
                f"{DOCS_BASE_URL}/custom-actions"
            )
            raise error
        return True

    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[assignment]
    _installed = True
