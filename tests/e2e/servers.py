"""Starts the real action server and Rasa server on free ports, as `make run` does."""
from __future__ import annotations

import json
import os
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
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def trained_model() -> Path:
    """The model the test command trained, or train one now (scripts/train.sh skips if current)."""
    if os.environ.get("MODEL"):
        return Path(os.environ["MODEL"])
    out = subprocess.run(["bash", "scripts/train.sh"], cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True)
    return Path(out.stdout.strip().splitlines()[-1])


@dataclass
class Servers:
    rasa_port: int
    action_port: int
    logs: Path
    processes: List[subprocess.Popen] = field(default_factory=list)

    @property
    def tracker_db(self) -> Path:
        """Where this run's Rasa server stores conversations (fresh for every run)."""
        return self.logs / "conversations.sqlite3"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}/webhooks/web"

    def start(self, model: Path) -> "Servers":
        env = {**os.environ, "ACTION_PORT": str(self.action_port), "RASA_TELEMETRY_ENABLED": "false",
               "PYTHONPATH": str(ROOT), "CHATBOT_TRACKER_DB": str(self.tracker_db)}
        self.logs.mkdir(parents=True, exist_ok=True)
        self.tracker_db.unlink(missing_ok=True)
        commands = {
            "actions": [str(BIN / "rasa"), "run", "actions", "--port", str(self.action_port)],
            "rasa": [str(BIN / "rasa"), "run", "--model", str(model), "--credentials", "credentials.yml",
                     "--endpoints", "endpoints.yml", "--port", str(self.rasa_port), "--interface", "127.0.0.1"],
        }
        for name, command in commands.items():
            log = open(self.logs / f"{name}.log", "wb")
            self.processes.append(subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))
        self._wait_until_ready()
        return self

    def _wait_until_ready(self) -> None:
        deadline = time.time() + STARTUP_SECONDS
        urls = [f"{self.base}/health", f"http://127.0.0.1:{self.action_port}/health"]
        while time.time() < deadline:
            for process in self.processes:
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

