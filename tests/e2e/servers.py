"""Starts the real action server and Rasa server on free ports, as `make run` does."""
from __future__ import annotations

import json
import os
import random
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
STARTUP_SECONDS = 300


def free_port() -> int:
    """A port free on every interface, below Linux's ephemeral range (32768-60999).

    Why not bind to port 0: the kernel hands out ports from the ephemeral range, which
    outgoing connections draw from too, so between this check and the server's own bind
    another connection could take it ("address already in use", seen once in a CI run).
    """
    for _ in range(200):
        port = random.randint(20000, 32000)
        with socket.socket() as sock:
            try:
                sock.bind(("0.0.0.0", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port between 20000 and 32000")


def trained_model() -> Path:
    """The model the test command trained, or train one now (scripts/train.sh skips if current)."""
    if os.environ.get("MODEL"):
        return Path(os.environ["MODEL"])
    out = subprocess.run(["bash", "scripts/train.sh"], cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True)
    return Path(out.stdout.strip().splitlines()[-1])


# The suites send far more messages a minute from 127.0.0.1 than one teen or one
# school network would; the real limits are tested in test_faults.py with their defaults.
SUITE_ENV = {"CHATBOT_RATE_LIMIT_PER_CLIENT": "100000", "CHATBOT_RATE_LIMIT_PER_CONVERSATION": "100000"}


@dataclass
class Servers:
    rasa_port: int
    action_port: int
    logs: Path
    processes: List[subprocess.Popen] = field(default_factory=list)
    endpoints: str = "endpoints.yml"
    env: Dict[str, str] = field(default_factory=lambda: dict(SUITE_ENV))
    named: Dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def tracker_db(self) -> Path:
        """Where this run's Rasa server stores conversations (fresh for every run)."""
        return self.logs / "conversations.sqlite3"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}/webhooks/web"

    def _env(self) -> Dict[str, str]:
        return {**os.environ, "ACTION_PORT": str(self.action_port), "RASA_TELEMETRY_ENABLED": "false",
                "PYTHONPATH": str(ROOT), "CHATBOT_TRACKER_DB": str(self.tracker_db), **self.env}

    def _launch(self, name: str, command: List[str]) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "ab")
        process = subprocess.Popen(command, cwd=ROOT, env=self._env(), stdout=log, stderr=subprocess.STDOUT)
        self.processes.append(process)
        self.named[name] = process
        return process

    def start(self, model: Path) -> "Servers":
        self.logs.mkdir(parents=True, exist_ok=True)
        self.tracker_db.unlink(missing_ok=True)
        for name in ("actions", "rasa"):
            (self.logs / f"{name}.log").unlink(missing_ok=True)
        self.start_actions()
        self._launch("rasa", [str(BIN / "rasa"), "run", "--model", str(model), "--credentials", "credentials.yml",
                              "--endpoints", str(self.endpoints), "--port", str(self.rasa_port),
                              "--interface", "127.0.0.1"])
        self._wait_until_ready()
        return self

    def start_actions(self, wait: bool = False) -> None:
        """(Re)starts the action server alone (the fault tests kill it)."""
        self._launch("actions", [str(BIN / "rasa"), "run", "actions", "--port", str(self.action_port)])
        if wait:
            self._wait_until_ready([f"http://127.0.0.1:{self.action_port}/health"])

    def kill_actions(self) -> None:
        """Kills the action server as a crash would (SIGKILL), and waits until it is gone."""
        process = self.named["actions"]
        process.kill()
        process.wait(timeout=30)

    def _wait_until_ready(self, urls: Optional[List[str]] = None) -> None:
        deadline = time.time() + STARTUP_SECONDS
        urls = urls or [f"{self.base}/health", f"http://127.0.0.1:{self.action_port}/health"]
        live = [p for p in self.named.values()]
        while time.time() < deadline:
            for process in live:
                if process.poll() is not None:
                    raise RuntimeError(f"a server exited while starting; logs in {self.logs}")
            try:
                for url in urls:
                    urllib.request.urlopen(url, timeout=2).read()
                return
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(1)
        raise RuntimeError(f"servers not ready after {STARTUP_SECONDS} s; logs in {self.logs}")

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def post(url: str, body: bytes, content_type: str = "application/json") -> tuple:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


class Conversation:
    """One user talking to the page's endpoint, with its own random sender id."""

    def __init__(self, servers: Servers, metadata: Optional[Dict[str, Any]] = None) -> None:
        self.url = f"{servers.base}/message"
        self.sender = uuid.uuid4().hex
        self.metadata = metadata or {}

    def say(self, text: str) -> List[Dict[str, Any]]:
        status, replies = post(self.url, json.dumps({"sender": self.sender, "message": text, "metadata": self.metadata}).encode())
        assert status == 200, (status, replies)
        assert isinstance(replies, list)
        return replies

