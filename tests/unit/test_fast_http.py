"""chatbot.nlu.fast_http: Rasa's endpoint requests reuse one connection, and survive the server closing it."""
from __future__ import annotations

import asyncio
from typing import List, Tuple

from aiohttp import web
from rasa.utils.endpoints import EndpointConfig

import chatbot.nlu  # noqa: F401  (installs the patch, as the Rasa server does when it loads our components)
from chatbot.nlu import fast_http


async def _serve(peers: List[Tuple[str, int]]) -> Tuple[web.AppRunner, str]:
    async def webhook(request: web.Request) -> web.Response:
        peers.append(request.transport.get_extra_info("peername"))
        return web.json_response({"events": [], "responses": [], "echo": await request.json()})

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    runner = web.AppRunner(app, keepalive_timeout=5)  # as Sanic's default on the action server
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}/webhook"


def test_requests_reuse_one_connection_and_answers_stay_right() -> None:
    async def scenario() -> Tuple[List[Tuple[str, int]], List[int]]:
        peers: List[Tuple[str, int]] = []
        runner, url = await _serve(peers)
        endpoint = EndpointConfig(url)
        echoed = [(await endpoint.request(json={"n": n}))["echo"]["n"] for n in range(5)]
        await runner.cleanup()
        return peers, echoed

    peers, echoed = asyncio.run(scenario())
    assert echoed == [0, 1, 2, 3, 4]
    assert len(peers) == 5 and len(set(peers)) == 1  # Rasa's own code opened five connections


def test_an_idle_connection_is_dropped_before_the_server_closes_it() -> None:
    async def scenario() -> List[Tuple[str, int]]:
        peers: List[Tuple[str, int]] = []
        runner, url = await _serve(peers)
        endpoint = EndpointConfig(url)
        await endpoint.request(json={})
        await asyncio.sleep(fast_http.IDLE_SECONDS + 1)
        await endpoint.request(json={})  # a new connection, no error
        await runner.cleanup()
        return peers

    peers = asyncio.run(scenario())
    assert len(peers) == 2 and peers[0] != peers[1]


def test_a_new_event_loop_gets_its_own_session() -> None:
    async def one_request(endpoint: EndpointConfig) -> int:
        peers: List[Tuple[str, int]] = []
        runner, url = await _serve(peers)
        endpoint.url = url
        answer = await endpoint.request(json={"n": 7})
        await runner.cleanup()
        return answer["echo"]["n"]

    endpoint = EndpointConfig("http://127.0.0.1:9/webhook")
    assert asyncio.run(one_request(endpoint)) == 7
    assert asyncio.run(one_request(endpoint)) == 7  # the first loop's session is closed with its loop
