"""chatbot.lock_store.AtomicRedisLockStore on the real Redis (127.0.0.1:6379): mutual exclusion, order, expiry."""
from __future__ import annotations

import asyncio
import threading
import time
import uuid
from typing import Iterator, List

import pytest
import redis

from chatbot.lock_store import AtomicRedisLockStore
from rasa.core.lock_store import LockStore
from rasa.utils.endpoints import EndpointConfig


@pytest.fixture()
def prefix() -> Iterator[str]:
    prefix = f"locktest{uuid.uuid4().hex[:10]}"
    yield prefix
    client = redis.Redis(host="127.0.0.1", port=6379, db=1)
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)


def store(prefix: str) -> AtomicRedisLockStore:
    """Built as Rasa builds it from an endpoints file (`type: chatbot.lock_store.AtomicRedisLockStore`)."""
    config = EndpointConfig(url="127.0.0.1", type="chatbot.lock_store.AtomicRedisLockStore", port=6379, db=1,
                            key_prefix=prefix, password="")
    built = LockStore.create(config)
    assert isinstance(built, AtomicRedisLockStore)
    return built


def test_turns_from_two_replicas_never_overlap(prefix: str) -> None:
    """Two stores (two replicas), each in its own thread and event loop, do a slow read-modify-write."""
    client = redis.Redis(host="127.0.0.1", port=6379, db=1)
    counter = f"{prefix}:counter"
    inside: List[int] = []
    overlaps: List[int] = []

    async def turns(lock_store: AtomicRedisLockStore, count: int) -> None:
        async def one() -> None:
            async with lock_store.lock("conversation"):
                inside.append(1)
                if len(inside) > 1:
                    overlaps.append(len(inside))
                value = int(client.get(counter) or 0)
                await asyncio.sleep(0.005)
                client.set(counter, value + 1)
                inside.pop()
        await asyncio.gather(*(one() for _ in range(count)))

    threads = [threading.Thread(target=lambda: asyncio.run(turns(store(prefix), 15))) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not overlaps
    assert int(client.get(counter)) == 30
    assert list(client.scan_iter(f"{prefix}:lock:*")) == [], "the lock is removed when nobody waits"


def test_turns_are_served_in_arrival_order(prefix: str) -> None:
    lock_store = store(prefix)
    served: List[int] = []

    async def run() -> None:
        async def one(number: int) -> None:
            async with lock_store.lock("conversation"):
                served.append(number)
                await asyncio.sleep(0.01)
        tasks = []
        for number in range(8):
            tasks.append(asyncio.create_task(one(number)))
            await asyncio.sleep(0.002)  # each task issues its ticket before the next starts
        await asyncio.gather(*tasks)

    asyncio.run(run())
    assert served == list(range(8))


def test_a_holder_that_died_blocks_only_for_its_lifetime(prefix: str) -> None:
    lock_store = store(prefix)
    keys = lock_store._keys("conversation")
    lock_store._issue(keys=keys, args=["dead-replica", 400])  # a ticket nobody will ever release

    async def run() -> float:
        start = time.monotonic()
        async with lock_store.lock("conversation"):
            return time.monotonic() - start

    waited = asyncio.run(run())
    assert 0.3 <= waited < 5
