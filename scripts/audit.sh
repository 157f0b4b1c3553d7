#!/usr/bin/env bash
# Audits requirements/lock.txt for known vulnerabilities with pip-audit: PyPI's advisory
# data first, then OSV. Not part of `make test`: it needs a vulnerability service online.
#
# pip-audit lives in its own throwaway venv (var/audit-venv), never in .venv, so the
# project's pinned packages stay exactly the lock. Why the verdict is ours and not
# pip-audit's: when the service cannot find a package it skips it and still prints
# "No known vulnerabilities found", even with every package skipped. Here a run that
# audited nothing says "could not audit: <reason>".
#
# Exit: 0 no known vulnerability in what was audited, 1 vulnerabilities found,
#       2 could not audit (no service reachable, or every package skipped).
source "$(dirname "$0")/common.sh"

PIP_AUDIT_VERSION="2.10.1"
AUDIT_VENV="$ROOT/var/audit-venv"
OUT="$ROOT/var/audit"
LOCK="requirements/lock.txt"

if [ ! -x "$AUDIT_VENV/bin/pip-audit" ]; then
  python310="$(find_python310)" || fail "could not audit: Python 3.10 not found (needed for pip-audit's venv)."
  step "Creating $AUDIT_VENV with pip-audit $PIP_AUDIT_VERSION"
  rm -rf "$AUDIT_VENV"
  "$python310" -m venv "$AUDIT_VENV"
  mkdir -p "$OUT"
  "$AUDIT_VENV/bin/pip" install --disable-pip-version-check -q "pip-audit==$PIP_AUDIT_VERSION" > "$OUT/install.log" 2>&1 \
    || { tail -n 5 "$OUT/install.log"; echo "could not audit: pip-audit $PIP_AUDIT_VERSION could not be installed ($OUT/install.log)."; exit 2; }
fi
mkdir -p "$OUT"

reasons=()
for service in pypi osv; do
  command=(pip-audit -r "$LOCK" --no-deps --disable-pip -s "$service")
  step "$(date -u +%Y-%m-%d) pip-audit $PIP_AUDIT_VERSION: ${command[*]}"
  rm -f "$OUT/$service.json"
  set +e
  "$AUDIT_VENV/bin/${command[0]}" "${command[@]:1}" --format json -o "$OUT/$service.json" 2> "$OUT/$service.err"
  set -e
  if [ ! -s "$OUT/$service.json" ]; then
    reason="$(grep -v '^\s*$' "$OUT/$service.err" | tail -n 1 | cut -c1-300)"
    echo "$service: no answer: ${reason:-pip-audit wrote nothing}"
    reasons+=("$service: ${reason:-pip-audit wrote nothing}")
    continue
  fi
  set +e
  report="$("$AUDIT_VENV/bin/python" - "$OUT/$service.json" "$service" <<'PY'
"""Reads pip-audit's JSON; exit 0 clean, 1 vulnerable, 3 nothing audited (the reason on stdout)."""
import json
import sys
from collections import Counter

path, service = sys.argv[1], sys.argv[2]
dependencies = json.load(open(path, encoding="utf-8"))["dependencies"]
skipped = [d for d in dependencies if d.get("skip_reason")]
audited = [d for d in dependencies if not d.get("skip_reason")]
if not audited:
    reason = Counter(d["skip_reason"].split(":")[0] for d in skipped).most_common(1)
    print(f"{service}: all {len(skipped)} packages skipped ({reason[0][0] if reason else 'no package'})")
    sys.exit(3)
vulnerable = [d for d in audited if d.get("vulns")]
for d in vulnerable:
    for v in d["vulns"]:
        fixed = ", ".join(v.get("fix_versions") or []) or "no fix"
        aliases = ", ".join(v.get("aliases") or [])
        print(f"  {d['name']} {d['version']}: {v['id']} ({aliases}) fixed in {fixed}")
print(f"{service}: audited {len(audited)} of {len(dependencies)} packages; "
      f"{sum(len(d['vulns']) for d in vulnerable)} known vulnerabilities in {len(vulnerable)} packages.")
if skipped:
    print(f"  not audited ({len(skipped)}): " + "; ".join(d["skip_reason"] for d in skipped))
if not vulnerable:
    print("No known vulnerabilities in the audited packages." + (" The others above were NOT audited." if skipped else ""))
sys.exit(1 if vulnerable else 0)
PY
)"
  verdict=$?
  set -e
  echo "$report"
  case $verdict in
    0|1) echo "Full report: $OUT/$service.json"; exit $verdict ;;
    *) reasons+=("$(tail -n 1 <<<"$report")") ;;
  esac
done

echo
echo "could not audit: no vulnerability service answered for the packages of $LOCK."
printf '  %s\n' "${reasons[@]}"
exit 2
