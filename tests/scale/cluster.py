"""One action server and N Rasa replicas, started for real on free ports.

Why beside tests/e2e/servers.py and not inside it: the end-to-end fixture starts
one Rasa server with the default endpoints; here several replicas share an
endpoints file (deploy/endpoints.production.yml: PostgreSQL tracker store, Redis
lock store) and the REST API is on (with a random token) so a test can read a
conversation's tracker from any replica. The benchmark (bench/load.py) starts
its servers with this class too, so both measure the same thing.
"""
from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional

from tests.e2e.servers import BIN, ROOT, STARTUP_SECONDS, free_port, post

PRODUCTION_ENDPOINTS = ROOT / "deploy" / "endpoints.production.yml"
LOCAL_POSTGRES = "postgresql+psycopg2://postgres@127.0.0.1:5432/test"


def local_store_env(action_port: int, schema: str, key_prefix: str) -> Dict[str, str]:
    """The variables deploy/endpoints.production.yml reads, for this machine's PostgreSQL and Redis.

    `POSTGRESQL_SCHEMA` is Rasa's own setting: the tracker table goes into that
    schema, so parallel runs on the shared `test` database never see each other.
    """
    return {
        "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{action_port}/webhook",
        "TRACKER_DB_HOST": "127.0.0.1", "TRACKER_DB_PORT": "5432", "TRACKER_DB_NAME": "test",
        "TRACKER_DB_USER": "postgres", "TRACKER_DB_PASSWORD": "", "POSTGRESQL_SCHEMA": schema,
        "REDIS_HOST": "127.0.0.1", "REDIS_PORT": "6379", "REDIS_DB": "1", "REDIS_PASSWORD": "",
        "LOCK_KEY_PREFIX": key_prefix,
    }


def rss_mb(pid: int) -> float:
    """Resident memory of one process (and its children, e.g. Sanic workers), in MB, from /proc."""
    total = 0.0
    pids = [pid]
    while pids:
        current = pids.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")) / 1024
        pids.extend(int(child) for child in children)
    return total


def cpu_seconds(pid: int) -> float:
    """User + system CPU time used so far by one process (and its children), from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    pids = [pid]
    while pids:
        current = pids.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime (fields 14, 15 of stat)
        pids.extend(int(child) for child in children)
    return total


@dataclass
class Cluster:
    """`replicas` Rasa servers on one model, all talking to one action server."""

    model: Path
    logs: Path
    replicas: int = 2
    endpoints: Path = ROOT / "endpoints.yml"
    env: Mapping[str, str] = field(default_factory=dict)
    api_token: Optional[str] = None
    sequential: bool = False  # start replicas one after the other, to time each model load alone
    action_port: int = field(default_factory=free_port)
    rasa_ports: List[int] = field(default_factory=list)
    processes: Dict[str, subprocess.Popen] = field(default_factory=dict)
    ready_seconds: Dict[str, float] = field(default_factory=dict)

    def base(self, replica: int) -> str:
        return f"http://127.0.0.1:{self.rasa_ports[replica]}"

    def message_url(self, replica: int) -> str:
        return f"{self.base(replica)}/webhooks/web/message"

    def start(self) -> "Cluster":
        self.logs.mkdir(parents=True, exist_ok=True)
        self.rasa_ports = [free_port() for _ in range(self.replicas)]
        env = {**os.environ, "ACTION_PORT": str(self.action_port), "RASA_TELEMETRY_ENABLED": "false",
               "PYTHONPATH": str(ROOT), "CHATBOT_TRACKER_DB": str(self.logs / "conversations.sqlite3"), **self.env}
        try:
            self._launch("actions", [str(BIN / "rasa"), "run", "actions", "--port", str(self.action_port)], env,
                         f"http://127.0.0.1:{self.action_port}/health")
            for replica, port in enumerate(self.rasa_ports):
                command = [str(BIN / "rasa"), "run", "--model", str(self.model), "--credentials", "credentials.yml",
                           "--endpoints", str(self.endpoints), "--port", str(port), "--interface", "127.0.0.1"]
                if self.api_token:
                    command += ["--enable-api", "--auth-token", self.api_token]
                self._launch(f"rasa{replica}", command, env, f"http://127.0.0.1:{port}/webhooks/web/health")
                if self.sequential:
                    self._wait_until_ready()
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _launch(self, name: str, command: List[str], env: Dict[str, str], health: str) -> None:
        with open(self.logs / f"{name}.log", "wb") as log:
            process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        process.health = health  # type: ignore[attr-defined]
        process.started = time.time()  # type: ignore[attr-defined]
        self.processes[name] = process

    def _wait_until_ready(self) -> None:
        deadline = time.time() + STARTUP_SECONDS
        while time.time() < deadline:
            waiting = [name for name in self.processes if name not in self.ready_seconds]
            if not waiting:
                return
            for name in waiting:
                process = self.processes[name]
                if process.poll() is not None:
                    raise RuntimeError(f"{name} exited while starting; log: {self.logs / name}.log")
                try:
                    urllib.request.urlopen(process.health, timeout=2).read()  # type: ignore[attr-defined]
                    self.ready_seconds[name] = time.time() - process.started  # type: ignore[attr-defined]
                except (urllib.error.URLError, ConnectionError, OSError):
                    pass
            time.sleep(0.5)
        raise RuntimeError(f"servers not ready after {STARTUP_SECONDS} s; logs in {self.logs}")

    def pids(self) -> Dict[str, int]:
        return {name: process.pid for name, process in self.processes.items()}

    def rss_mb(self) -> Dict[str, float]:
        return {name: rss_mb(pid) for name, pid in self.pids().items()}

    def cpu_seconds(self) -> Dict[str, float]:
        return {name: cpu_seconds(pid) for name, pid in self.pids().items()}

    def stop(self) -> None:
        for process in self.processes.values():
            process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def tracker(self, replica: int, sender: str) -> Dict[str, Any]:
        """The conversation as replica `replica` reads it from the shared tracker store (REST API)."""
        query = urllib.parse.urlencode({"token": self.api_token or ""})
        url = f"{self.base(replica)}/conversations/{urllib.parse.quote(sender)}/tracker?{query}"
        with urllib.request.urlopen(url, timeout=60) as response:
            return json.loads(response.read())


class ReplicaConversation:
    """One user whose turns the test sends to whichever replica it chooses (a load balancer's job)."""

    def __init__(self, cluster: Cluster, metadata: Optional[Dict[str, Any]] = None, sender: Optional[str] = None):
        self.cluster = cluster
        self.sender = sender or uuid.uuid4().hex
        self.metadata = metadata or {}

    def say(self, text: str, replica: int, metadata: Optional[Dict[str, Any]] = None) -> List[Dict[str, Any]]:
        body = {"sender": self.sender, "message": text, "metadata": self.metadata if metadata is None else metadata}
        status, replies = post(self.cluster.message_url(replica), json.dumps(body).encode())
        assert status == 200, (status, replies)
        assert isinstance(replies, list)
        return replies
