"""A Rasa server for the edge's own end-to-end tests: real limits, a school origin, Redis locks.

Why its own server: the shared suite raises the per-client limit (its tests all
come from 127.0.0.1) and uses the in-memory lock store; the fault tests need a
Redis lock store they can kill and restart, and the limit tests the defaults.
Requests can come from any 127.x.y.z address, so each test is its own "client".
"""
from __future__ import annotations

import http.client
import json
import socket
import subprocess
import time
from pathlib import Path
from typing import Any, Dict, Optional, Tuple

import yaml

from tests.e2e.servers import ROOT, Servers, free_port

SCHOOL_ORIGIN = "https://colegio.example.org"


class RedisServer:
    """A throwaway redis-server on a free port, without persistence (a restart starts empty)."""

    def __init__(self, port: int, logs: Path) -> None:
        self.port = port
        self.logs = logs
        self.process: Optional[subprocess.Popen] = None

    def start(self) -> "RedisServer":
        log = open(self.logs / "redis.log", "ab")
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.logs)],
            stdout=log, stderr=subprocess.STDOUT,
        )
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.ping():
                return self
            time.sleep(0.2)
        raise RuntimeError(f"redis-server did not start; see {self.logs / 'redis.log'}")

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def kill(self) -> None:
        """As a crash would: SIGKILL, then wait until nothing listens on the port."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)


def endpoints_with_redis_locks(redis_port: int, folder: Path) -> Path:
    """The project's endpoints.yml plus a Redis lock store on `redis_port`."""
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text(encoding="utf-8"))
    endpoints["lock_store"] = {"type": "redis", "url": "127.0.0.1", "port": redis_port, "db": 1}
    path = folder / "endpoints.yml"
    path.write_text(yaml.safe_dump(endpoints), encoding="utf-8")
    return path


def start_edge_servers(model: Path) -> Tuple[Servers, RedisServer]:
    logs = ROOT / "var" / "log" / "e2e-edge"
    logs.mkdir(parents=True, exist_ok=True)
    redis = RedisServer(free_port(), logs).start()
    servers = Servers(free_port(), free_port(), logs, endpoints=str(endpoints_with_redis_locks(redis.port, logs)),
                      env={"CHATBOT_ALLOWED_ORIGINS": SCHOOL_ORIGIN})
    try:
        servers.start(model)
    except Exception:
        servers.stop()
        redis.kill()
        raise
    return servers, redis


def request(servers: Servers, method: str, path: str, body: Optional[bytes] = None,
            headers: Optional[Dict[str, str]] = None, source: str = "127.0.0.1",
            timeout: float = 120) -> Tuple[int, Dict[str, str], bytes]:
    """One HTTP request from the address `source` (any 127.x.y.z); returns status, headers, body."""
    connection = http.client.HTTPConnection("127.0.0.1", servers.rasa_port, timeout=timeout, source_address=(source, 0))
    try:
        connection.request(method, f"/webhooks/web{path}", body=body, headers=headers or {})
        reply = connection.getresponse()
        return reply.status, {k.lower(): v for k, v in reply.getheaders()}, reply.read()
    finally:
        connection.close()


def say(servers: Servers, sender: str, text: str, metadata: Optional[Dict[str, Any]] = None,
        source: str = "127.0.0.1") -> Tuple[int, Any]:
    status, _, body = request(servers, "POST", "/message",
                              json.dumps({"sender": sender, "message": text, "metadata": metadata or {}}).encode(),
                              {"Content-Type": "application/json"}, source)
    return status, json.loads(body or b"null")


def health(servers: Servers) -> Dict[str, Any]:
    status, _, body = request(servers, "GET", "/health", timeout=30)
    assert status == 200
    return json.loads(body)
