"""In-memory sliding-window rate limits: per conversation and per client address.

Why in memory: one Rasa server takes the page's messages; a flood must be
stopped before it reaches the NLU (which costs a core per message), and the
limiter keeps only counters and timestamps, never what was written. Memory is
bounded: keys idle for a whole window are dropped.
"""
from __future__ import annotations

import math
import time
from collections import OrderedDict, deque
from typing import Callable, Deque


class SlidingWindowLimiter:
    """At most `limit` accepted hits per key in any `window` seconds."""

    def __init__(self, limit: int, window: float, max_keys: int = 100_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self.max_keys = max_keys
        self._clock = clock
        self._hits: "OrderedDict[str, Deque[float]]" = OrderedDict()

    def hit(self, key: str) -> bool:
        """Counts one request for `key` if it is within the limit; False means refuse it."""
        now = self._clock()
        self._prune(now)
        hits = self._hits.get(key)
        if hits is None:
            hits = self._hits[key] = deque()
        self._hits.move_to_end(key)
        while hits and now - hits[0] >= self.window:
            hits.popleft()
        if len(hits) >= self.limit:
            return False
        hits.append(now)
        return True

    def retry_after(self, key: str) -> int:
        """Whole seconds until `key` may send again (at least 1)."""
        hits = self._hits.get(key)
        if not hits:
            return 1
        return max(1, math.ceil(self.window - (self._clock() - hits[0])))

    def _prune(self, now: float) -> None:
        """Drops the least recently used keys that are idle or over the memory bound."""
        while self._hits:
            oldest_key, oldest = next(iter(self._hits.items()))
            idle = not oldest or now - oldest[-1] >= self.window
            if idle or len(self._hits) >= self.max_keys:
                self._hits.popitem(last=False)
            else:
                break

    def __len__(self) -> int:
        return len(self._hits)
