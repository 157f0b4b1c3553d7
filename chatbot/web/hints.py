"""The last known language and country of each conversation, in memory only.

Why: the edge answers some messages without Rasa (an image, a flood, a fault) and
must do it in the conversation's language, even when the conversation database is
the part that is down. It keeps two short codes per sender id, nothing typed,
for a bounded number of recent conversations.
"""
from __future__ import annotations

import time
from collections import OrderedDict
from typing import Callable, Optional, Tuple


class ConversationHints:
    """sender id -> (language, country), least recently used dropped first, forgotten after `ttl`."""

    def __init__(self, max_size: int = 50_000, ttl: float = 3600.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_size = max_size
        self.ttl = ttl
        self._clock = clock
        self._items: "OrderedDict[str, Tuple[Optional[str], Optional[str], float]]" = OrderedDict()

    def remember(self, sender: str, language: Optional[str], country: Optional[str]) -> None:
        old_language, old_country = self.get(sender)
        self._items[sender] = (language or old_language, country or old_country, self._clock())
        self._items.move_to_end(sender)
        while len(self._items) > self.max_size:
            self._items.popitem(last=False)

    def get(self, sender: str) -> Tuple[Optional[str], Optional[str]]:
        item = self._items.get(sender)
        if item is None:
            return None, None
        if self._clock() - item[2] > self.ttl:
            del self._items[sender]
            return None, None
        return item[0], item[1]

    def __len__(self) -> int:
        return len(self._items)
