"""Load benchmark: our pipeline against Rasa's default one, same data, same run, same machine.

For each pipeline (config.yml, and bench/default_config.yml = what `rasa init`
trains), it trains a model (timed, with an empty Rasa cache so nothing is
reused), starts the real servers as `make run` does (one Rasa server, one action
server; or --replicas/--stores production for the deploy/ setup), times the model
load, then runs N concurrent simulated users (closed loop: each sends a turn,
waits for the answer, sends the next) through realistic ES and FR conversations
(bench/flows.py) over HTTP on 127.0.0.1 only. Each level is bounded in time
(--seconds) and in turns (--max-turns). It prints p50/p95/p99 latency per turn,
turns per second, the peak RSS of each process, load and training time, the
held-out NLU macro F1 (tests/nlu/), and ours/default ratios; writes
results/bench/load.json and the latency plot.

    make bench                                  # the full run (docs/benchmarks.md)
    .venv/bin/python -m bench.load --levels 1 2 --seconds 5 --reuse-models   # a smoke run
"""
from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from bench.flows import FLOWS

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "results" / "bench"
PIPELINES = {"ours": ROOT / "config.yml", "default": ROOT / "bench" / "default_config.yml"}
TRAINING_INPUTS = ["domain", "data/nlu", "data/rules", "data/stories"]
OUR_CODE = ["chatbot/nlu", "chatbot/language"]  # only a pipeline that names our components depends on them


# ---------------------------------------------------------------- training

def fingerprint(config: Path) -> str:
    digest = hashlib.sha256(config.read_bytes())
    uses_our_code = "chatbot." in config.read_text(encoding="utf-8")
    for folder in TRAINING_INPUTS + (OUR_CODE if uses_our_code else []):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path.suffix in (".yml", ".yaml", ".py"):
                digest.update(str(path.relative_to(ROOT)).encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def _children_cpu_seconds() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def train(name: str, config: Path, reuse: bool) -> Tuple[Path, Dict[str, Any], bool]:
    """(model, its training record, reused). A reused model reports the figures measured when it was trained.

    The record: train_seconds, train_cpu_seconds, loadavg, trained_at (results/bench/models/<stem>.json).
    """
    models = OUT / "models"
    models.mkdir(parents=True, exist_ok=True)
    stem = f"{name}-{fingerprint(config)}"
    model, record = models / f"{stem}.tar.gz", models / f"{stem}.json"
    if reuse and model.exists() and record.exists():
        return model, json.loads(record.read_text()), True
    print(f"[{name}] training with {config.relative_to(ROOT)} (empty Rasa cache) ...", flush=True)
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "RASA_CACHE_DIRECTORY": cache, "PYTHONPATH": str(ROOT)}
        start, cpu_start = time.time(), _children_cpu_seconds()
        subprocess.run(
            [sys.executable, "-m", "rasa", "train", "--config", str(config), "--domain", "domain", "--data",
             "data/nlu", "data/rules", "data/stories", "--out", str(models), "--fixed-model-name", stem],
            cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        seconds, cpu = time.time() - start, _children_cpu_seconds() - cpu_start
    # CPU seconds too: on a busy machine the wall time says more about the other jobs than about training.
    figures = {"train_seconds": seconds, "train_cpu_seconds": cpu, "loadavg": os.getloadavg(),
               "trained_at": time.strftime("%Y-%m-%d %H:%M:%S")}
    record.write_text(json.dumps(figures))
    print(f"[{name}] trained in {seconds:.0f} s ({cpu:.0f} s of CPU, load average {os.getloadavg()[0]:.1f})", flush=True)
    return model, figures, False


# ---------------------------------------------------------------- load

@dataclass
class Level:
    concurrency: int
    think_seconds: float = 0.0  # mean pause between a reply and the user's next message; 0 = saturated
    seconds: float = 0.0
    latencies_ms: List[float] = field(default_factory=list)
    errors: int = 0
    peak_rss_mb: Dict[str, float] = field(default_factory=dict)
    cpu_seconds: Dict[str, float] = field(default_factory=dict)

    def percentile(self, q: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]

    @property
    def mode(self) -> str:
        return "paced" if self.think_seconds else "saturated"

    @property
    def turns_per_second(self) -> float:
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0

    def summary(self) -> Dict[str, Any]:
        return {"concurrency": self.concurrency, "mode": self.mode, "think_seconds": self.think_seconds,
                "turns": len(self.latencies_ms), "errors": self.errors,
                "seconds": round(self.seconds, 2), "turns_per_second": round(self.turns_per_second, 2),
                "p50_ms": round(self.percentile(50), 1), "p95_ms": round(self.percentile(95), 1),
                "p99_ms": round(self.percentile(99), 1), "peak_rss_mb": {k: round(v) for k, v in self.peak_rss_mb.items()},
                "peak_rss_total_mb": round(sum(self.peak_rss_mb.values())),
                # CPU time per answered turn: what a turn costs, much less sensitive to a busy machine than latency.
                "cpu_ms_per_turn": {k: round(1000 * v / max(len(self.latencies_ms), 1), 1)
                                    for k, v in self.cpu_seconds.items()}}


class RssSampler(threading.Thread):
    """Peak resident memory of each server process, sampled every half second."""

    def __init__(self, cluster: Any) -> None:
        super().__init__(daemon=True)
        self.cluster, self.peak, self.done = cluster, {}, threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            for name, mb in self.cluster.rss_mb().items():
                self.peak[name] = max(self.peak.get(name, 0.0), mb)
            self.done.wait(0.5)

    def stop(self) -> Dict[str, float]:
        self.done.set()
        self.join()
        return self.peak


async def _user(session: Any, urls: List[str], index: int, deadline: float, budget: List[int], level: Level) -> None:
    """One simulated teen: conversation after conversation, each turn waiting for the answer.

    Paced (think_seconds > 0): users arrive spread over the first mean pause, and after each answer
    pause uniformly 0.5 to 1.5 times the mean (reading the answer, tapping a button or typing), as
    people do; saturated: all start at once and never pause.
    """
    import random

    pause = random.Random(index)  # the same pauses in every run
    if level.think_seconds:  # people do not all arrive in the same millisecond: spread the first messages
        await asyncio.sleep(pause.uniform(0, level.think_seconds))
    conversation = 0
    while True:
        flow = FLOWS[(index + conversation) % len(FLOWS)]
        sender = uuid.uuid4().hex
        for turn, text in enumerate(flow.turns):
            if time.monotonic() >= deadline or budget[0] <= 0:
                return
            budget[0] -= 1
            body = {"sender": sender, "message": text, "metadata": flow.page_setting if turn == 0 else {}}
            url = urls[(index + turn) % len(urls)]  # round robin over replicas, as the load balancer does
            start = time.perf_counter()
            try:
                async with session.post(url, json=body) as response:
                    replies = await response.json(content_type=None)
                    ok = response.status == 200 and isinstance(replies, list) and bool(replies)
            except Exception:  # a refused or dropped connection is an error of the server under load
                ok = False
            elapsed = (time.perf_counter() - start) * 1000
            if ok:
                level.latencies_ms.append(elapsed)
            else:
                level.errors += 1
            if level.think_seconds:
                await asyncio.sleep(min(level.think_seconds * pause.uniform(0.5, 1.5), max(0.0, deadline - time.monotonic())))
        conversation += 1


async def run_level(urls: List[str], concurrency: int, seconds: float, max_turns: int, think: float = 0.0) -> Level:
    import aiohttp

    assert all(u.startswith("http://127.0.0.1:") for u in urls), "loopback only"
    level = Level(concurrency, think)
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency), timeout=timeout) as session:
        start = time.monotonic()
        budget = [max_turns]
        await asyncio.gather(*(_user(session, urls, i, start + seconds, budget, level) for i in range(concurrency)))
        level.seconds = time.monotonic() - start
    return level


# ---------------------------------------------------------------- one pipeline

def modes(args: argparse.Namespace) -> List[float]:
    """The mean pause of each mode to run: paced (args.think) and/or saturated (0)."""
    return [args.think if mode == "paced" else 0.0 for mode in args.modes]


def local_stores(action_port: int) -> Tuple[Dict[str, str], Any]:
    """A fresh PostgreSQL schema and Redis key prefix (as tests/scale does); returns (env, cleanup)."""
    import redis
    import sqlalchemy as sa

    from tests.scale.cluster import LOCAL_POSTGRES, local_store_env

    schema, prefix = f"bench_{uuid.uuid4().hex[:10]}", f"bench{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(LOCAL_POSTGRES, future=True)
    with engine.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))

    def cleanup() -> None:
        with engine.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()
        client = redis.Redis(host="127.0.0.1", port=6379, db=1)
        for key in client.scan_iter(f"{prefix}*"):
            client.delete(key)

    return local_store_env(action_port, schema, prefix), cleanup


def start_profile(pid: int, seconds: float, name: str) -> subprocess.Popen:
    """py-spy on the Rasa server while a level runs: raw stacks, for bench/profile_summary.py."""
    raw = OUT / f"profile-{name}.txt"
    command = [str(ROOT / ".venv" / "bin" / "py-spy"), "record", "--pid", str(pid), "--duration", str(int(seconds)),
               "--rate", "100", "--nonblocking", "--format", "raw", "-o", str(raw)]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def bench_pipeline(name: str, model: Path, args: argparse.Namespace) -> Dict[str, Any]:
    from tests.e2e.servers import ROOT as _ROOT, free_port
    from tests.scale.cluster import PRODUCTION_ENDPOINTS, Cluster

    action_port = free_port()
    env, cleanup = ({}, None)
    endpoints = _ROOT / "endpoints.yml"
    if args.stores == "production":
        env, cleanup = local_stores(action_port)
        endpoints = PRODUCTION_ENDPOINTS
    # Every simulated teen comes from 127.0.0.1: the per-address flood limit (600/min) would refuse
    # them as one client. The per-conversation limit stays as configured.
    env = {**env, "CHATBOT_RATE_LIMIT_PER_CLIENT": "100000000"}
    cluster = Cluster(model=model, logs=OUT / "logs" / name, replicas=args.replicas, endpoints=endpoints, env=env,
                      action_port=action_port, sequential=True)
    try:
        print(f"[{name}] starting {args.replicas} Rasa server(s) + 1 action server ...", flush=True)
        cluster.start()
        urls = [cluster.message_url(r) for r in range(args.replicas)]
        load = {k: round(v, 1) for k, v in cluster.ready_seconds.items()}
        print(f"[{name}] ready (seconds from start to health): {load}", flush=True)
        asyncio.run(run_level(urls, 2, 300, 2 * len(FLOWS[0].turns) * len(FLOWS)))  # warm-up, not measured
        levels = []
        for concurrency, think in [(c, t) for t in modes(args) for c in args.levels]:
            sampler = RssSampler(cluster)
            sampler.start()
            cpu_before = cluster.cpu_seconds()
            seconds = args.paced_seconds if think else args.seconds
            level = asyncio.run(run_level(urls, concurrency, seconds, args.max_turns, think))
            level.cpu_seconds = {k: v - cpu_before[k] for k, v in cluster.cpu_seconds().items()}
            level.peak_rss_mb = sampler.stop()
            levels.append(level.summary())
            s = levels[-1]
            print(f"[{name}] {s['mode']:<9} c={concurrency:<3} turns={s['turns']:<5} errors={s['errors']:<3} "
                  f"p50={s['p50_ms']:.0f} p95={s['p95_ms']:.0f} p99={s['p99_ms']:.0f} ms  "
                  f"{s['turns_per_second']:.1f} turns/s  RSS {s['peak_rss_total_mb']} MB  "
                  f"CPU ms/turn {s['cpu_ms_per_turn']}", flush=True)
        if args.profile:
            print(f"[{name}] profiling rasa0 and actions with py-spy at c={args.profile} ...", flush=True)
            spies = [start_profile(pid, args.seconds, f"{name}-{process}-c{args.profile}")
                     for process, pid in cluster.pids().items() if process in ("rasa0", "actions")]
            asyncio.run(run_level(urls, args.profile, args.seconds + 2, args.max_turns))
            for spy in spies:
                spy.wait(timeout=60)
        return {"load_seconds": cluster.ready_seconds, "levels": levels, "pids": cluster.pids()}
    finally:
        cluster.stop()
        if cleanup:
            cleanup()


def load_directory() -> None:
    """The action server reads contacts from a directory database: load data/directory/ into one of our own."""
    from chatbot.directory import read_directory
    from chatbot.directory.store import prepare
    from chatbot.settings import load_settings

    url = f"sqlite:///{OUT / 'directory.sqlite3'}"
    (OUT / "directory.sqlite3").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = url
    prepare(url, read_directory(load_settings().directory_path))


# ---------------------------------------------------------------- report

def machine() -> str:
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), platform.processor())
    memory = int(next(l.split()[1] for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")))
    return f"{os.cpu_count()} CPU ({cpu}), {memory / 1024 ** 2:.0f} GB RAM, {platform.platform()}, Python {platform.python_version()}"


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else "-"


def print_table(results: Dict[str, Dict[str, Any]], levels: List[int]) -> None:
    ours, base = results["ours"], results["default"]
    rows: List[Tuple[str, float, float, str]] = []
    rows.append(("training time (s)", ours["train_seconds"], base["train_seconds"], "{:.0f}"))
    if "train_cpu_seconds" in ours and "train_cpu_seconds" in base:
        rows.append(("training CPU time (s)", ours["train_cpu_seconds"], base["train_cpu_seconds"], "{:.0f}"))
    rows.append(("model load: start to ready (s)", ours["rasa_load_seconds"], base["rasa_load_seconds"], "{:.1f}"))
    base_levels = {(l.get("mode", "saturated"), l["concurrency"]): l for l in base["levels"]}
    for o in ours["levels"]:
        mode, c = o.get("mode", "saturated"), o["concurrency"]
        d = base_levels.get((mode, c))
        if d is None:
            continue
        for key, label, fmt in (("p50_ms", "p50 ms", "{:.0f}"), ("p95_ms", "p95 ms", "{:.0f}"),
                                ("p99_ms", "p99 ms", "{:.0f}"), ("turns_per_second", "turns/s", "{:.1f}"),
                                ("errors", "errors", "{:.0f}")):
            rows.append((f"{mode[:5]} c={c:<3} {label}", o[key], d[key], fmt))
    for process in ours["levels"][-1]["peak_rss_mb"]:
        rows.append((f"peak RSS {process} (MB)", max(l["peak_rss_mb"].get(process, 0) for l in ours["levels"]),
                     max(l["peak_rss_mb"].get(process, 0) for l in base["levels"]), "{:.0f}"))
    for process in ours["levels"][-1]["cpu_ms_per_turn"]:
        rows.append((f"CPU ms per turn, {process} (c={levels[-1]})", ours["levels"][-1]["cpu_ms_per_turn"][process],
                     base["levels"][-1]["cpu_ms_per_turn"].get(process, 0), "{:.0f}"))
    rows.append(("peak RSS all processes (MB)", max(l["peak_rss_total_mb"] for l in ours["levels"]),
                 max(l["peak_rss_total_mb"] for l in base["levels"]), "{:.0f}"))
    for part in ("all", "es", "fr"):
        rows.append((f"NLU macro F1 held-out ({part})", ours["nlu"][part]["macro_f1"], base["nlu"][part]["macro_f1"],
                     "{:.3f}"))
    print(f"\n{'':<34} {'ours':>10} {'default':>10} {'ours/default':>13}")
    for label, a, b, fmt in rows:
        print(f"{label:<34} {fmt.format(a):>10} {fmt.format(b):>10} {ratio(a, b):>13}")


def report_only(args: argparse.Namespace) -> None:
    """The table and plot from earlier runs, e.g. when each pipeline was run on its own (--pipelines)."""
    reports = [json.loads(path.read_text()) for path in args.report]
    merged = {**reports[0], "results": {}, "runs": [{k: r[k] for k in ("command", "when", "loadavg_at_end")} for r in reports]}
    for report in reports:
        merged["results"].update(report["results"])
    (OUT / f"{args.name}.json").write_text(json.dumps(merged, indent=2, default=str))
    levels = [level["concurrency"] for level in merged["results"]["ours"]["levels"]]
    for run in merged["runs"]:
        print(f"run: {run['command']}  at {run['when']}, load average at its end {run['loadavg_at_end']}")
    print(f"machine: {merged['machine']}")
    print_table(merged["results"], levels)
    from bench.plot import plot

    plot(merged, args.plot)
    print(f"\nplot: {args.plot}\nfigures: {(OUT / f'{args.name}.json').relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 10, 50], help="concurrent conversations")
    parser.add_argument("--seconds", type=float, default=30, help="time bound of each saturated level")
    parser.add_argument("--modes", nargs="+", choices=["paced", "saturated"], default=["paced", "saturated"],
                        help="paced: users pause between turns as people do (latency); saturated: no pause (throughput)")
    parser.add_argument("--think", type=float, default=3.0,
                        help="paced mode: mean pause in seconds between an answer and the next message")
    parser.add_argument("--paced-seconds", type=float, default=60, help="time bound of each paced level")
    parser.add_argument("--max-turns", type=int, default=3000, help="turn bound of each level")
    parser.add_argument("--replicas", type=int, default=1, help="Rasa servers (turns round robin)")
    parser.add_argument("--stores", choices=["local", "production"], default="local",
                        help="local: endpoints.yml (SQLite, in-memory lock, as `make run`); "
                             "production: deploy/endpoints.production.yml on this machine's PostgreSQL and Redis")
    parser.add_argument("--reuse-models", action="store_true", help="reuse models trained by an earlier run (and its time)")
    parser.add_argument("--pipelines", nargs="+", default=list(PIPELINES), choices=list(PIPELINES))
    parser.add_argument("--profile", type=int, metavar="C", help="after the levels, py-spy the Rasa server at C users")
    parser.add_argument("--plot", type=Path, default=ROOT / "docs" / "benchmarks-latency.png")
    parser.add_argument("--name", default="load", help="figures go to results/bench/NAME.json")
    parser.add_argument("--report", type=Path, nargs="+", metavar="JSON",
                        help="no run: merge figures files of earlier runs (one per pipeline), print the table and plot")
    args = parser.parse_args()
    if args.report:
        return report_only(args)
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    load_directory()

    results: Dict[str, Dict[str, Any]] = {}
    models = {name: train(name, PIPELINES[name], args.reuse_models) for name in args.pipelines}
    for name, (model, record, reused) in models.items():
        run = bench_pipeline(name, model, args)
        results[name] = {"config": str(PIPELINES[name].relative_to(ROOT)), "model": model.name,
                         "train_seconds": round(record["train_seconds"], 1), "train_reused": reused,
                         "train_cpu_seconds": round(record.get("train_cpu_seconds", float("nan")), 1),
                         "train_loadavg": record.get("loadavg"),
                         "rasa_load_seconds": round(max(v for k, v in run["load_seconds"].items() if k.startswith("rasa")), 1),
                         **run}
    for name, (model, _, _) in models.items():
        from bench.nlu_eval import score

        print(f"[{name}] scoring NLU on tests/nlu/ ...", flush=True)
        scored = score(model)
        results[name]["nlu"] = {k: v for k, v in scored.items() if k != "confusions"}

    report = {"command": " ".join(["python -m bench.load"] + sys.argv[1:]), "machine": machine(),
              "loadavg_at_end": os.getloadavg(), "when": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
              "replicas": args.replicas, "stores": args.stores, "seconds_per_level": args.seconds,
              "flows": [asdict(f) for f in FLOWS], "results": results}
    figures = OUT / f"{args.name}.json"
    figures.write_text(json.dumps(report, indent=2, default=str))
    print(f"\nmachine: {report['machine']}; load average at the end: {report['loadavg_at_end']}")
    if set(results) == set(PIPELINES):
        print_table(results, args.levels)
        from bench.plot import plot

        plot(report, args.plot)
        print(f"\nplot: {args.plot}")
    print(f"figures: {figures.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
