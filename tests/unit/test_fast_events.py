"""chatbot.nlu.fast_events: the same class as Rasa's own lookup for every event type name."""
from __future__ import annotations

import pytest
from rasa.shared.core.events import Event, SlotSet, UserUttered
from rasa.shared.utils.common import all_subclasses

import chatbot.nlu  # noqa: F401  (installs the patch, as the Rasa server does when it loads our components)

TYPE_NAMES = sorted({cls.type_name for cls in all_subclasses(Event)})


def test_the_patch_is_installed() -> None:
    assert hasattr(Event.resolve_by_type, "rasa_resolve")


@pytest.mark.parametrize("type_name", TYPE_NAMES)
def test_every_type_name_gives_rasas_class_twice(type_name: str) -> None:
    rasa_resolve = Event.resolve_by_type.rasa_resolve  # type: ignore[attr-defined]
    assert Event.resolve_by_type(type_name) is rasa_resolve(type_name)
    assert Event.resolve_by_type(type_name) is rasa_resolve(type_name)  # from the table this time


def test_unknown_names_keep_rasas_default_and_error() -> None:
    assert Event.resolve_by_type("no-such-event", default=SlotSet) is SlotSet
    assert Event.resolve_by_type("topic") is None
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no-such-event")
    # A default for an unknown name is not remembered as that name's class.
    with pytest.raises(ValueError):
        Event.resolve_by_type("no-such-event")


def test_events_still_round_trip() -> None:
    event = UserUttered("hola", {"name": "greet", "confidence": 1.0})
    assert Event.from_parameters(event.as_dict()) == event
