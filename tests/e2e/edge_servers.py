"""A Rasa server for the edge's own end-to-end tests: real limits, a school origin, Redis locks.

Why its own server: the shared suite raises the per-client limit (its tests all
come from 127.0.0.1) and uses the in-memory lock store; the fault tests need a
Redis lock store they can kill and restart, and the limit tests the defaults.
Requests can come from any 127.x.y.z address, so each test is its own "client".
"""
from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

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


POSTGRES_BINARIES = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name)
                           if p.parent.name.isdigit() else 0)


def postgres_bin() -> Optional[Path]:
    """The newest installed PostgreSQL's bin folder (Debian layout), or None if there is none."""
    found = [path for path in POSTGRES_BINARIES if (path / "initdb").exists() and (path / "pg_ctl").exists()]
    return found[-1] if found else None


class PostgresServer:
    """A throwaway PostgreSQL cluster for a fault test: its own data folder, a free port on 127.0.0.1.

    Why not the machine's PostgreSQL on 5432: the test stops the database, and
    other people's tests use that one. Everything lives in a temporary folder
    (data, socket, log) removed by `remove()`. initdb refuses to run as root, so
    as root the cluster runs as the `postgres` system user.
    """

    def __init__(self, port: int, bin_dir: Path) -> None:
        self.port = port
        self.bin = bin_dir
        self.folder = Path(tempfile.mkdtemp(prefix="chatbot-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "postgres.log"
        if os.geteuid() == 0:
            shutil.chown(self.folder, user="postgres", group="postgres")

    @property
    def url(self) -> str:
        return f"postgresql+psycopg2://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *command: str) -> None:
        prefix: List[str] = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run(prefix + list(command), check=True, cwd=self.folder, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=120)

    def init(self) -> "PostgresServer":
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                  "-E", "UTF8", "--locale=C.UTF-8")
        return self

    def start(self) -> "PostgresServer":
        """Starts (or restarts after `stop`) and waits until it accepts connections."""
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder}"
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")
        return self

    def stop(self) -> None:
        """As a crash would: immediate shutdown, no checkpoint; waits until it is gone."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def sql(self, statement: str) -> None:
        """Runs one statement as the superuser, through the cluster's own socket."""
        self._run(str(self.bin / "psql"), "-h", str(self.folder), "-p", str(self.port), "-d", "postgres",
                  "-v", "ON_ERROR_STOP=1", "-c", statement)

    def remove(self) -> None:
        """Stops it if it runs and deletes its folder."""
        if (self.data / "postmaster.pid").exists():
            try:
                self.stop()
            except subprocess.CalledProcessError:
                pass
        shutil.rmtree(self.folder, ignore_errors=True)


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
