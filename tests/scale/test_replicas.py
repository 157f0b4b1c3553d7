"""Two real Rasa replicas on the production stores: PostgreSQL tracker store, Redis lock store.

What a load balancer does (round robin, no sticky sessions) is done here by hand:
each conversation's turns alternate between the replicas while six conversations
(three Spanish, three French, six countries) run at once. Every turn must be
answered in the conversation's language, and both replicas must then read the
same conversation back: every message in order, the language and country slots
kept, nothing from another conversation. A second test sends turns of one
conversation to both replicas at the same instant: the Redis lock must make them
take turns, or the stored conversation would interleave.

Runs on this machine's PostgreSQL (127.0.0.1:5432, db `test`) in a schema of its
own and on Redis (127.0.0.1:6379) with a key prefix of its own, both removed after.
"""
from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, Iterator, List, Optional

import pytest
import redis
import sqlalchemy as sa

from actions.conversation import directory
from chatbot.directory.query import law_card
from actions.platforms import platform_card
from actions.rights import key_laws
from bench.flows import FLOWS, Flow
from chatbot.guides.answers import NICKNAMES
from chatbot.privacy.redact import redact
from tests.e2e.languages import language_of, texts
from tests.e2e.servers import ROOT, free_port, trained_model
from tests.scale.cluster import LOCAL_POSTGRES, PRODUCTION_ENDPOINTS, Cluster, ReplicaConversation, local_store_env

REPLICAS = 2


def cards(country: str) -> Dict[str, str]:
    """Texts the actions render beyond tests/e2e/languages.py's: platform and law cards, by language.

    Law cards are the country's own: one from another country means the
    replica lost the conversation's country slot.
    """
    platforms = filter(None, map(directory().platform, NICKNAMES))
    found = {platform_card(p, language): language for p in platforms for language in ("es", "fr")}
    found.update({law_card(law, language): language for law in key_laws(country) for language in ("es", "fr")})
    return found


def reply_language(text: str, country: str) -> Optional[str]:
    return language_of(text) or cards(country).get(text)


@pytest.fixture(scope="module")
def engine() -> Iterator[sa.engine.Engine]:
    engine = sa.create_engine(LOCAL_POSTGRES, future=True)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def schema(engine: sa.engine.Engine) -> Iterator[str]:
    name = f"scale_{uuid.uuid4().hex[:12]}"
    with engine.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{name}"'))
    yield name
    with engine.begin() as connection:
        connection.execute(sa.text(f'DROP SCHEMA "{name}" CASCADE'))


@pytest.fixture(scope="module")
def cluster(schema: str) -> Iterator[Cluster]:
    key_prefix = f"scale{uuid.uuid4().hex[:12]}"
    action_port = free_port()
    running = Cluster(
        model=trained_model(), logs=ROOT / "var" / "log" / "replicas", replicas=REPLICAS,
        endpoints=PRODUCTION_ENDPOINTS, env=local_store_env(action_port, schema, key_prefix),
        api_token=uuid.uuid4().hex, action_port=action_port,
    ).start()
    yield running
    running.stop()
    store = redis.Redis(host="127.0.0.1", port=6379, db=1)
    for key in store.scan_iter(f"{key_prefix}*"):
        store.delete(key)


def user_texts(tracker: Dict[str, Any]) -> List[str]:
    return [event["text"] for event in tracker["events"] if event["event"] == "user"]


def run_flow(cluster: Cluster, flow: Flow, first_replica: int) -> str:
    """Plays the flow, turn n on replica (first_replica + n) % 2; checks each answer's language."""
    chat = ReplicaConversation(cluster)
    for turn, text in enumerate(flow.turns):
        metadata = flow.page_setting if turn == 0 else {}
        replies = chat.say(text, replica=(first_replica + turn) % REPLICAS, metadata=metadata)
        said = texts(replies)
        assert said, f"{flow.name}: turn {turn} ({text!r}) got no answer"
        assert [reply_language(t, flow.country) for t in said] == [flow.language] * len(said), (flow.name, turn, said)
    return chat.sender


def test_conversations_alternating_between_replicas_keep_their_turns_and_slots(
    cluster: Cluster, engine: sa.engine.Engine, schema: str
) -> None:
    with ThreadPoolExecutor(max_workers=len(FLOWS)) as pool:
        senders = list(pool.map(lambda item: run_flow(cluster, item[1], item[0] % REPLICAS), enumerate(FLOWS)))

    for sender, flow in zip(senders, FLOWS):
        for replica in range(REPLICAS):
            tracker = cluster.tracker(replica, sender)
            assert user_texts(tracker) == [redact(t) for t in flow.turns], (flow.name, replica)
            assert tracker["slots"]["language"] == flow.language, (flow.name, replica)
            assert tracker["slots"]["country"] == flow.country, (flow.name, replica)

    # The conversations are in PostgreSQL (not in a replica's memory), each under its own sender.
    with engine.connect() as connection:
        rows = connection.execute(sa.text(
            f'SELECT sender_id, count(*) FROM "{schema}".events WHERE type_name = \'user\' GROUP BY sender_id'
        )).all()
    stored = dict(rows)
    assert {sender: stored.get(sender) for sender in senders} == {s: len(f.turns) for s, f in zip(senders, FLOWS)}


def test_simultaneous_turns_on_both_replicas_are_serialised_by_the_lock(cluster: Cluster) -> None:
    chat = ReplicaConversation(cluster)
    chat.say("holaa", replica=0, metadata={"language": "es", "country": "ES"})
    rounds = [("ensename el menu", "necesito hablar con una persona de verdad")] * 3
    for pair in rounds:
        barrier = threading.Barrier(REPLICAS)

        def send(replica: int, text: str) -> List[Dict[str, Any]]:
            barrier.wait()
            return chat.say(text, replica=replica, metadata={})

        with ThreadPoolExecutor(max_workers=REPLICAS) as pool:
            answers = list(pool.map(send, range(REPLICAS), pair))
        for replies in answers:
            said = texts(replies)
            assert said and [reply_language(t, "ES") for t in said] == ["es"] * len(said), said

    events = cluster.tracker(1, chat.sender)["events"]
    assert len(user_texts({"events": events})) == 1 + 2 * len(rounds)
    # Each turn ran alone: every user message comes right after the previous turn's action_listen.
    for index, event in enumerate(events):
        if event["event"] == "user":
            before = [e for e in events[:index] if e["event"] in ("action", "user")]
            assert before and before[-1]["event"] == "action" and before[-1]["name"] == "action_listen", index
