"""No secret is committed: no keys or tokens in any tracked file, no literal passwords in config.

Why a test: a chat for minors gets deployed by schools that copy the repository;
a token or database password in it would be everyone's. Settings that need one
read it from the environment (`${VAR}` in endpoints.yml / credentials.yml).
"""
from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Iterator, List

import yaml

ROOT = Path(__file__).resolve().parents[2]
SKIP_SUFFIXES = {".gz", ".png", ".jpg", ".ico", ".woff", ".woff2", ".sqlite3", ".pkl", ".tar"}

# High-confidence shapes of real credentials, whatever the file.
KEY_SHAPES = {
    "private key": re.compile("-----BEGIN [A-Z ]*" + "PRIVATE KEY-----"),
    "AWS access key": re.compile(r"\bAKIA[0-9A-Z]{16}\b"),
    "GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b"),
    "Slack token": re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"),
    "OpenAI-style key": re.compile(r"\bsk-[A-Za-z0-9]{32,}\b"),
    "Telegram bot token": re.compile(r"\b\d{8,10}:[A-Za-z0-9_-]{35}\b"),
    "JSON web token": re.compile(r"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"),
    "password in a URL": re.compile(r"\b[a-z][a-z0-9+.-]*://[^/\s:@'\"]+:[^/\s@'\"$]{3,}@"),
}
SECRET_KEYS = re.compile(r"(pass(word|wd)?|secret|token|api[_-]?key|private[_-]?key|auth)", re.I)


def tracked_files() -> List[Path]:
    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, stdout=subprocess.PIPE).stdout
        names = [n for n in out.decode().split("\0") if n]
    except (OSError, subprocess.CalledProcessError):  # not a git checkout: every file but the venv
        names = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*") if ".venv" not in p.parts and p.is_file()]
    return [ROOT / n for n in names if (ROOT / n).is_file() and (ROOT / n).suffix not in SKIP_SUFFIXES]


def _yaml_values(node: object, path: str = "") -> Iterator[tuple]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _yaml_values(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _yaml_values(value, f"{path}[{i}]")
    else:
        yield path, node


def test_no_key_or_token_shape_in_any_tracked_file() -> None:
    found = []
    for path in tracked_files():
        text = path.read_text(encoding="utf-8", errors="ignore")
        for name, shape in KEY_SHAPES.items():
            for match in shape.finditer(text):
                found.append(f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, match.start()) + 1}: {name}")
    assert found == []


def test_no_env_file_or_key_file_is_tracked() -> None:
    names = [p.name for p in tracked_files()]
    assert not [n for n in names if n == ".env" or n.startswith(".env.") or n.endswith((".pem", ".key", ".p12"))]


def refers_to_a_secret(key: str, value: object) -> bool:
    """Docker/Kubernetes secrets by name or by mounted file (`POSTGRES_PASSWORD_FILE: /run/secrets/...`)."""
    return key.startswith("secrets[") or (key.endswith("_FILE") and str(value).startswith("/run/secrets/"))


def test_config_secrets_come_from_the_environment() -> None:
    """In endpoints/credentials/any YAML config, a password/token/secret value is `${VAR}` or empty."""
    found = []
    # Training data, responses and the reviewed directory are content, not configuration.
    content = ("data", "domain", "tests")
    configs = [p for p in tracked_files()
               if p.suffix in (".yml", ".yaml") and p.relative_to(ROOT).parts[0] not in content]
    for path in configs:
        try:
            documents = list(yaml.safe_load_all(path.read_text(encoding="utf-8")))
        except yaml.YAMLError:
            continue
        for document in documents:
            for key_path, value in _yaml_values(document):
                last = key_path.rsplit(".", 1)[-1]
                if SECRET_KEYS.search(last) and isinstance(value, (str, int)) and str(value).strip() \
                        and not re.fullmatch(r"\$\{\w+\}", str(value).strip()) and not refers_to_a_secret(last, value):
                    found.append(f"{path.relative_to(ROOT)}: {key_path}")
    assert found == []


def test_the_scan_would_catch_a_planted_secret() -> None:
    planted = "url: postgresql://admin:" + "hunter22@db.example.org/x\n" + "-----BEGIN RSA " + "PRIVATE KEY-----"
    assert KEY_SHAPES["password in a URL"].search(planted) and KEY_SHAPES["private key"].search(planted)
    assert SECRET_KEYS.search("password") and not re.fullmatch(r"\$\{\w+\}", "hunter22")
    assert not refers_to_a_secret("POSTGRES_PASSWORD", "hunter22") and refers_to_a_secret("X_PASSWORD_FILE", "/run/secrets/x")
