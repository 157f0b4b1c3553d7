"""deploy/ read as a reviewer would: replicas behind a round-robin balancer, shared stores, no secret in the repo.

There is no container engine on the development machines, so the compose file,
the Kubernetes manifests, the nginx config and the Dockerfile are checked
statically here; the replica test (test_replicas.py) runs the same endpoints file
for real.
"""
from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest
import yaml

from rasa.utils.endpoints import read_endpoint_config
from tests.e2e.servers import ROOT

DEPLOY = ROOT / "deploy"
ENDPOINTS = DEPLOY / "endpoints.production.yml"
SECRET_NAME = re.compile(r"PASSWORD|SECRET|TOKEN|KEY$", re.I)


def compose() -> Dict[str, Any]:
    return yaml.safe_load((DEPLOY / "docker-compose.yml").read_text(encoding="utf-8"))


def k8s_documents() -> List[Dict[str, Any]]:
    docs = []
    for path in sorted((DEPLOY / "k8s").glob("*.yaml")):
        docs.extend(d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d)
    return docs


def k8s(kind: str, name: str) -> Dict[str, Any]:
    return next(d for d in k8s_documents() if d["kind"] == kind and d["metadata"]["name"] == name)


def endpoint_variables() -> List[str]:
    return sorted(set(re.findall(r"\$\{(\w+)\}", ENDPOINTS.read_text(encoding="utf-8"))))


def containers() -> Iterator[Dict[str, Any]]:
    for doc in k8s_documents():
        if doc["kind"] in ("Deployment", "Job"):
            yield from doc["spec"]["template"]["spec"]["containers"]


def test_the_endpoints_file_uses_our_redacting_tracker_store_on_postgresql_and_our_redis_lock(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in endpoint_variables():
        monkeypatch.setenv(name, "5432" if name.endswith("PORT") else "x")
    tracker = read_endpoint_config(str(ENDPOINTS), "tracker_store")
    lock = read_endpoint_config(str(ENDPOINTS), "lock_store")
    assert (tracker.type, tracker.kwargs["dialect"]) == ("chatbot.stores.RedactingSQLTrackerStore", "postgresql")
    assert lock.type == "chatbot.lock_store.AtomicRedisLockStore"
    assert not (yaml.safe_load(ENDPOINTS.read_text()) or {}).get("event_broker"), "a broker would see unredacted text"


def test_no_value_in_the_endpoints_file_is_literal() -> None:
    raw = yaml.safe_load(ENDPOINTS.read_text(encoding="utf-8").replace("${", "ENV{"))
    for section in ("tracker_store", "lock_store"):
        for key, value in raw[section].items():
            if key not in ("type", "dialect"):
                assert str(value).startswith("ENV{"), (section, key, value)


def test_compose_runs_two_rasa_replicas_and_two_action_servers_behind_nginx() -> None:
    services = compose()["services"]
    assert {"postgres", "redis", "directory-load", "actions", "rasa", "nginx"} <= set(services)
    assert services["rasa"]["deploy"]["replicas"] >= 2
    assert services["actions"]["deploy"]["replicas"] >= 2
    assert services["rasa"]["command"] == ["rasa"]
    assert "ports" not in services["rasa"], "replicas are reached through nginx only"
    assert [p for p in services["nginx"]["ports"]] == ["127.0.0.1:8080:8080"]
    assert services["actions"]["depends_on"]["directory-load"]["condition"] == "service_completed_successfully"


def test_compose_gives_every_endpoint_variable_and_passwords_only_as_secret_files() -> None:
    document = compose()
    for name in ("rasa", "actions", "directory-load"):
        service = document["services"][name]
        env = service["environment"]
        for variable in endpoint_variables():
            assert variable in env or f"{variable}_FILE" in env, (name, variable)
        for key, value in env.items():
            if SECRET_NAME.search(key.removesuffix("_FILE")) and key != "LOCK_KEY_PREFIX":
                assert key.endswith("_FILE") and str(value).startswith("/run/secrets/"), (name, key)
                assert Path(value).name in service["secrets"], (name, key)
    for secret in document["secrets"].values():
        assert set(secret) == {"file"} and secret["file"].startswith("./secrets/")
    for service in document["services"].values():
        for key, value in (service.get("environment") or {}).items():
            if SECRET_NAME.search(key) and key != "LOCK_KEY_PREFIX":
                assert key.endswith("_FILE"), (key, "a password must not be written in the compose file")


def test_no_secret_file_is_committed() -> None:
    tracked = subprocess.run(["git", "ls-files", "deploy"], cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True)
    assert not [p for p in tracked.stdout.split() if p.startswith("deploy/secrets/")]
    assert "secrets/" in (DEPLOY / ".gitignore").read_text().split()


def test_nginx_balances_round_robin_without_stickiness_and_exposes_only_the_web_channel() -> None:
    conf = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    code = "\n".join(line.split("#")[0] for line in conf.splitlines())
    upstream = re.search(r"upstream\s+(\w+)\s*\{([^}]*)\}", code)
    assert upstream and "server rasa:5005" in upstream.group(2)
    for sticky in ("ip_hash", "hash ", "sticky", "least_conn"):
        assert sticky not in upstream.group(2), sticky
    locations = re.findall(r"location\s+(\S+)\s*\{([^}]*)\}", code)
    proxied = [path for path, body in locations if "proxy_pass" in body]
    assert proxied == ["/webhooks/web/"]
    assert re.search(r"proxy_pass\s+http://" + upstream.group(1) + ";", code)
    assert "access_log off;" in code


def test_kubernetes_runs_two_rasa_replicas_with_no_affinity() -> None:
    assert k8s("Deployment", "ayuda-rasa")["spec"]["replicas"] >= 2
    assert k8s("Deployment", "ayuda-actions")["spec"]["replicas"] >= 2
    assert k8s("Service", "ayuda-rasa")["spec"].get("sessionAffinity", "None") == "None"
    ingress = k8s("Ingress", "ayuda")
    assert not [a for a in ingress["metadata"].get("annotations", {}) if "affinity" in a or "session-cookie" in a]
    paths = [p["path"] for rule in ingress["spec"]["rules"] for p in rule["http"]["paths"]]
    assert paths == ["/webhooks/web/"]
    listed = yaml.safe_load((DEPLOY / "k8s" / "kustomization.yaml").read_text())["resources"]
    assert sorted(listed) == sorted(p.name for p in (DEPLOY / "k8s").glob("*.yaml") if p.name != "kustomization.yaml")


def test_kubernetes_passwords_come_from_a_secret_that_is_not_in_the_repo() -> None:
    assert not [d for d in k8s_documents() if d["kind"] == "Secret"]
    config = k8s("ConfigMap", "ayuda-config")["data"]
    assert not [k for k in config if SECRET_NAME.search(k) and k != "LOCK_KEY_PREFIX"]
    for container in containers():
        env = {e["name"]: e for e in container.get("env", [])}
        for variable in endpoint_variables():
            assert variable in env or variable in config, (container["name"], variable)
        for name in ("TRACKER_DB_PASSWORD", "REDIS_PASSWORD"):
            assert "value" not in env[name] and env[name]["valueFrom"]["secretKeyRef"]["name"] == "ayuda-secrets"


def test_dockerfile_copies_what_exists_and_runs_as_a_plain_user() -> None:
    lines = [l.strip() for l in (DEPLOY / "Dockerfile").read_text(encoding="utf-8").splitlines()]
    for line in lines:
        if line.startswith("COPY ") and "--from=" not in line:
            for source in line.split()[1:-1]:
                assert (ROOT / source).exists(), source
    users = [l for l in lines if l.startswith("USER ")]
    assert users and users[-1] != "USER root" and users[-1] != "USER 0"
    assert 'ENTRYPOINT ["/app/deploy/entrypoint.sh"]' in lines
    entrypoint = (DEPLOY / "entrypoint.sh").read_text(encoding="utf-8")
    assert "--endpoints deploy/endpoints.production.yml" in entrypoint
    assert "--enable-api" not in entrypoint, "Rasa's REST API stays off in production"
