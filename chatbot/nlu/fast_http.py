"""Keeps one HTTP session per endpoint (the action server), so its connections are reused.

Why: Rasa 3.6 opens a new aiohttp session, hence a new TCP connection, for every
request to the action server, and every turn makes two (slot validation, then
the action). Opening them was about 8% of the Rasa server's busy time at 10
concurrent conversations (py-spy, docs/benchmarks.md). The kept session is bound
to the running event loop (a new loop gets a new session). Idle connections are
dropped after `IDLE_SECONDS`, well before the action server (Sanic) closes its
side after 5 s, so a request never goes out on a connection the server is closing.

Installed by importing `chatbot.nlu` (as fast_load).
"""
from __future__ import annotations

import asyncio
from typing import Any, Optional, Tuple

IDLE_SECONDS = 2.0
_installed = False


class _KeptSession:
    """`async with` gives the kept session and leaves it open (Rasa's code closes what it gets)."""

    def __init__(self, session: Any) -> None:
        self._session = session

    async def __aenter__(self) -> Any:
        return self._session

    async def __aexit__(self, *exc: Any) -> bool:
        return False


def install() -> None:
    """Replaces `EndpointConfig.session` once per process."""
    global _installed
    if _installed:
        return
    import aiohttp
    from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig

    def session(self: EndpointConfig) -> Any:
        try:
            loop: Optional[asyncio.AbstractEventLoop] = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        kept: Optional[Tuple[Any, Any]] = self.__dict__.get("_kept_session")
        if kept is None or kept[0] is not loop or kept[1].closed:
            auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"]) if self.basic_auth else None
            connector = aiohttp.TCPConnector(keepalive_timeout=IDLE_SECONDS)
            kept = (loop, aiohttp.ClientSession(headers=self.headers, auth=auth, connector=connector,
                                                timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT)))
            self.__dict__["_kept_session"] = kept
        return _KeptSession(kept[1])

    EndpointConfig.session = session  # type: ignore[assignment]
    _installed = True
