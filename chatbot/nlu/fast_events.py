"""Finds an event's class by its type name from a table, not by walking every subclass of Event.

Why: Rasa 3.6 rebuilds the tracker from the database on every turn, and for each
stored event `Event.resolve_by_type` lists all subclasses of `Event` (recursively,
with an abstractness check on each) to find the one named like the event. That
walk was 5% of the Rasa server's busy time at 10 concurrent conversations
(py-spy, docs/benchmarks.md). The answer for a type name does not change while
the process runs, so the first answer is kept. Unknown names (and "topic") still
go through Rasa's own code, with its default or its error.

Installed by importing `chatbot.nlu` (as fast_load and fast_actions).
"""
from __future__ import annotations

from typing import Any, Dict, Optional, Text

_installed = False


def install() -> None:
    """Replaces `Event.resolve_by_type` once per process with a memoised version."""
    global _installed
    if _installed:
        return
    from rasa.shared.core.events import Event

    rasa_resolve = Event.resolve_by_type
    found: Dict[Text, Any] = {}

    def resolve_by_type(type_name: Text, default: Optional[Any] = None) -> Optional[Any]:
        cls = found.get(type_name)
        if cls is None:
            cls = rasa_resolve(type_name, default)
            if cls is not None and cls is not default:
                found[type_name] = cls
        return cls

    resolve_by_type.rasa_resolve = rasa_resolve  # type: ignore[attr-defined]
    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[assignment]
    _installed = True
