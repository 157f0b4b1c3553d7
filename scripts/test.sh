#!/usr/bin/env bash
# Every check, in order of cost; exits non-zero if any fails.
#   bash scripts/test.sh            everything (what CI runs)
#   bash scripts/test.sh unit       one kind: unit | directory | validate | nlu | stories | e2e | browser | replicas
source "$(dirname "$0")/common.sh"

only="${1:-all}"
results=()
failed=0
record() { results+=("$(printf '%-10s %s' "$1" "$2")"); [ "$2" = "passed" ] || failed=1; }
wants() { [ "$only" = all ] || [ "$only" = "$1" ]; }

# pytest exits 5 when it collected no test: for us that is a broken suite, not a pass.
run_pytest() {
  local name="$1"; shift
  set +e; "$PY" -m pytest "$@"; local rc=$?; set -e
  case $rc in
    0) record "$name" passed ;;
    5) echo "pytest collected no test in $*: that is an error here." >&2; record "$name" "FAILED (no tests)" ;;
    *) record "$name" "FAILED (exit $rc)" ;;
  esac
}

bash scripts/setup.sh
suite_start=$(date +%s)

if wants unit; then
  step "Unit tests"
  run_pytest unit tests/unit -q
fi

if wants directory; then
  step "Support directory: load data/directory/ and print the freshness report"
  if "$PY" -m chatbot.directory load && "$PY" -m chatbot.directory check; then
    record directory passed; else record directory FAILED; fi
fi

if wants validate; then
  step "rasa data validate (warnings fail)"
  if "$VENV/bin/rasa" data validate --fail-on-warnings --config config.yml --domain domain \
       --data data/nlu data/rules data/stories; then record validate passed; else record validate FAILED; fi
fi

if wants nlu || wants stories || wants e2e || wants browser || wants replicas; then
  step "Model"
  MODEL="$(bash scripts/train.sh | tail -n 1)"
  export MODEL
fi

if wants nlu; then
  step "NLU evaluation on the held-out set (tests/nlu/)"
  rm -rf results/nlu
  if "$VENV/bin/rasa" test nlu --model "$MODEL" --nlu tests/nlu --domain domain --out results/nlu --no-plot >/dev/null \
     && "$PY" -m tests.nlu_thresholds results/nlu; then record nlu passed; else record nlu FAILED; fi
fi

if wants stories; then
  step "Test stories (tests/stories/), no prediction error allowed"
  rm -rf results/stories; mkdir -p results/stories
  # Rasa stops at the first wrong step and prints that story: kept in a log for the summary.
  set +e
  "$VENV/bin/rasa" test core --model "$MODEL" --stories tests/stories --out results/stories --e2e \
       --fail-on-prediction-errors --no-plot 2>&1 | tee results/stories/test.log
  rc=${PIPESTATUS[0]}; set -e
  if [ "$rc" = 0 ]; then record stories passed; else record stories "FAILED (exit $rc)"; fi
fi

# Chromium and ChromeDriver (Debian's) for the browser tests and for the e2e check that the
# page runs under its CSP in a real browser: installed before either runs, once.
browser_deps=passed
if wants e2e || wants browser; then
  step "Browser dependencies (Debian's Chromium and ChromeDriver, axe-core)"
  bash scripts/browser-deps.sh || browser_deps=FAILED
fi

if wants e2e; then
  step "End-to-end: the real Rasa server and action server over HTTP"
  run_pytest e2e tests/e2e -q
fi

if wants browser; then
  step "Browser: the chat page and the school widget in headless Chromium (tests/browser/)"
  if [ "$browser_deps" = passed ] && "$PY" -m chatbot.directory load; then
    run_pytest browser tests/browser -q
  else
    record browser "FAILED (browser deps)"
  fi
fi

if wants replicas; then
  step "Two Rasa replicas sharing PostgreSQL (tracker) and Redis (lock), turns alternating (tests/scale/)"
  run_pytest replicas tests/scale -q
fi

step "Summary ($(( $(date +%s) - suite_start )) s)"
printf '  %s\n' "${results[@]}"
# CI shows the end of the log: the failed test story is printed again here, not only far above.
if printf '%s\n' "${results[@]}" | grep -q '^stories .*FAILED' && [ -s results/stories/test.log ]; then
  echo; echo "The test story that failed ('# predicted:' marks the wrong step; whole log: results/stories/test.log):"
  { grep -a -A40 'WrongPredictionException\|Traceback' results/stories/test.log || tail -n 30 results/stories/test.log; } | head -n 60
fi
exit $failed
