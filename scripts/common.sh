# Shared by the run and test scripts: paths, the venv, logging helpers.
# shellcheck shell=bash
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
export RASA_TELEMETRY_ENABLED=false          # no network calls at first use
export TF_CPP_MIN_LOG_LEVEL=2                # TensorFlow: errors only
export PYTHONWARNINGS="ignore::DeprecationWarning"
export SQLALCHEMY_SILENCE_UBER_WARNING=1
export PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}"
MODELS="$ROOT/models"
LOGS="$ROOT/var/log"
mkdir -p "$MODELS" "$LOGS"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf '\033[31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# The first Python 3.10 found (Rasa 3.6 supports no newer); used by setup.sh and audit.sh.
find_python310() {
  local candidate
  for candidate in python3.10 "$(pyenv root 2>/dev/null || echo /nonexistent)"/versions/3.10*/bin/python3.10 /usr/bin/python3.10; do
    if "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 10)' >/dev/null 2>&1; then
      command -v "$candidate" 2>/dev/null || echo "$candidate"
      return 0
    fi
  done
  return 1
}
