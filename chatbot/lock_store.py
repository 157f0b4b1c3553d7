"""A Redis ticket lock that two Rasa replicas can really share: each step is one atomic Redis script.

Why not Rasa's `RedisLockStore`: it reads the lock, changes it in Python and
writes it back (GET ... SET). When two replicas receive turns of the same
conversation at the same instant, both read "no lock", both issue ticket 0 and
both go ahead: the stored conversation loses a turn (measured by
tests/scale/test_replicas.py, and a known issue of Rasa Open Source, #9213).
Here issuing a ticket, checking whose turn it is and releasing are each a Lua
script, which Redis runs alone, so tickets are unique and served in order.

Same meaning as Rasa's lock: first come, first served per conversation; a ticket
lives `lock_lifetime` seconds (Rasa's TICKET_LOCK_LIFETIME, 60 s by default) so
a replica that dies while holding or waiting does not block the conversation
for longer than that. Configure it in an endpoints file (deploy/endpoints.production.yml):

    lock_store:
      type: chatbot.lock_store.AtomicRedisLockStore
      url: <host>
      port: 6379
      db: 1
      password: <password>
      key_prefix: <alphanumeric>
"""
from __future__ import annotations

import asyncio
import logging
import uuid
from contextlib import asynccontextmanager
from typing import Any, AsyncGenerator, Optional, Text

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, LockStore
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

# How often a waiting turn asks whether it is its turn. Rasa's lock waits 1 s
# between tries, which a user would feel on every second message of a burst.
WAIT_SECONDS = 0.02

# KEYS[1]: the conversation's hash (fields `last`, `serving`); KEYS[2]: its ticket key prefix.
_ISSUE = """
local number = redis.call('HINCRBY', KEYS[1], 'last', 1)
if redis.call('HEXISTS', KEYS[1], 'serving') == 0 then
  redis.call('HSET', KEYS[1], 'serving', number)
end
redis.call('SET', KEYS[2] .. number, ARGV[1], 'PX', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return number
"""

# ARGV: ticket number, token, lifetime in ms. 1 = this ticket is served now, 0 = wait,
# -1 = this ticket expired (its key outlived, or the lock was reset after an expiry).
_ACQUIRE = """
local ticket = tonumber(ARGV[1])
if redis.call('GET', KEYS[2] .. ticket) ~= ARGV[2] then return -1 end
local serving = tonumber(redis.call('HGET', KEYS[1], 'serving'))
if serving == nil then serving = ticket end
if serving > ticket then return -1 end
while serving < ticket and redis.call('EXISTS', KEYS[2] .. serving) == 0 do
  serving = serving + 1
end
redis.call('HSET', KEYS[1], 'serving', serving)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('PEXPIRE', KEYS[2] .. ticket, ARGV[3])
if serving == ticket then return 1 end
return 0
"""

# ARGV: ticket number, token. Gives the turn to the next ticket; removes the hash if nobody waits.
_RELEASE = """
local ticket = tonumber(ARGV[1])
if redis.call('GET', KEYS[2] .. ticket) ~= ARGV[2] then return 0 end
redis.call('DEL', KEYS[2] .. ticket)
if tonumber(redis.call('HGET', KEYS[1], 'serving')) == ticket then
  if tonumber(redis.call('HGET', KEYS[1], 'last') or '0') <= ticket then
    redis.call('DEL', KEYS[1])
  else
    redis.call('HSET', KEYS[1], 'serving', ticket + 1)
  end
end
return 1
"""


class AtomicRedisLockStore(LockStore):
    """A per-conversation FIFO lock in Redis, safe across processes and machines."""

    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, **kwargs: Any) -> None:
        import redis

        settings = {**((endpoint_config.kwargs if endpoint_config else {}) or {}), **kwargs}
        host = (endpoint_config.url if endpoint_config else None) or settings.pop("host", "localhost")
        prefix = str(settings.get("key_prefix") or "")
        if prefix and not prefix.isalnum():
            raise ValueError(f"key_prefix must be alphanumeric, got {prefix!r}")
        self.key_prefix = f"{prefix}:lock:" if prefix else "lock:"
        self.red = redis.StrictRedis(
            host=host,
            port=int(settings.get("port") or 6379),
            db=int(settings.get("db") or 1),
            username=settings.get("username") or None,
            password=settings.get("password") or None,
            ssl=bool(settings.get("use_ssl", False)),
            socket_timeout=float(settings.get("socket_timeout") or 10),
        )
        self._issue = self.red.register_script(_ISSUE)
        self._acquire = self.red.register_script(_ACQUIRE)
        self._release = self.red.register_script(_RELEASE)
        super().__init__()

    def _keys(self, conversation_id: Text) -> list:
        return [f"{self.key_prefix}{conversation_id}", f"{self.key_prefix}{conversation_id}:ticket:"]

    @asynccontextmanager
    async def lock(
        self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME, wait_time_in_seconds: float = WAIT_SECONDS
    ) -> AsyncGenerator[None, None]:
        """Waits for this conversation's turn (first come, first served), holds it, gives it on."""
        keys = self._keys(conversation_id)
        token = uuid.uuid4().hex
        lifetime_ms = int(lock_lifetime * 1000)
        ticket = int(self._issue(keys=keys, args=[token, lifetime_ms]))
        try:
            while True:
                state = int(self._acquire(keys=keys, args=[ticket, token, lifetime_ms]))
                if state == 1:
                    break
                if state == -1:
                    raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}'.")
                await asyncio.sleep(wait_time_in_seconds)
            yield None
        finally:
            self._release(keys=keys, args=[ticket, token])

    # Rasa's LockStore interface, for code that inspects locks; the lock itself is `lock()` above.
    def get_lock(self, conversation_id: Text) -> Optional[TicketLock]:
        return None

    def delete_lock(self, conversation_id: Text) -> None:
        hash_key, ticket_prefix = self._keys(conversation_id)
        self.red.delete(hash_key, *self.red.scan_iter(f"{ticket_prefix}*"))

    def save_lock(self, lock: TicketLock) -> None:
        raise NotImplementedError("AtomicRedisLockStore keeps its state in Redis scripts, not TicketLock objects.")
