#!/usr/bin/env bash
# Sets up, trains if needed, starts the action server and the Rasa server, and
# prints the chat page's URL. Ctrl-C stops both.
source "$(dirname "$0")/common.sh"

RASA_PORT="${RASA_PORT:-5005}"
export ACTION_PORT="${ACTION_PORT:-5055}"

bash scripts/setup.sh
step "Support directory (data/directory/ -> ${DATABASE_URL:-var/directory.sqlite3})"
"$PY" -m chatbot.directory load || fail "the directory files have an error (above); nothing was started."
model="$(bash scripts/train.sh | tail -n 1)"

pids=()
stop() {
  trap - INT TERM EXIT
  if [ ${#pids[@]} -gt 0 ]; then
    echo; step "Stopping"
    kill "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
}
trap stop EXIT
trap 'stop; echo "Stopped."; exit 0' INT TERM

for port in "$RASA_PORT" "$ACTION_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "port $port is already in use (another copy running?). Stop it, or set RASA_PORT / ACTION_PORT."
  fi
done

step "Starting the action server on port $ACTION_PORT (log: var/log/actions.log)"
# setsid: the servers get no Ctrl-C of their own; the trap above stops them in order.
setsid "$VENV/bin/rasa" run actions --port "$ACTION_PORT" >"$LOGS/actions.log" 2>&1 &
pids+=($!)
step "Starting the Rasa server on port $RASA_PORT (log: var/log/rasa.log)"
setsid "$VENV/bin/rasa" run --model "$model" --credentials credentials.yml --endpoints endpoints.yml \
    --port "$RASA_PORT" --interface 127.0.0.1 >"$LOGS/rasa.log" 2>&1 &
pids+=($!)

printf 'Loading the model'
start=$(date +%s)
until curl -fs "http://127.0.0.1:$RASA_PORT/webhooks/web/health" >/dev/null 2>&1 \
   && curl -fs "http://127.0.0.1:$ACTION_PORT/health" >/dev/null 2>&1; do
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo; tail -n 20 "$LOGS/rasa.log" "$LOGS/actions.log"; fail "a server stopped while starting (logs above)."; }
  done
  [ $(( $(date +%s) - start )) -lt 300 ] || fail "the servers did not answer within 300 s; see var/log/."
  printf '.'; sleep 1
done
echo " ready in $(( $(date +%s) - start )) s."
printf '\n  Chat page: \033[1mhttp://127.0.0.1:%s/webhooks/web/\033[0m\n  (French page: add ?lang=fr; the chat asks the country unless the page sets it: &country=FR)   Ctrl-C to stop.\n\n' "$RASA_PORT"
wait -n "${pids[@]}" || true
fail "a server stopped unexpectedly; see var/log/."
