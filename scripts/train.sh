#!/usr/bin/env bash
# Trains only when config, domain, training data or our NLU code changed.
# Prints the path of the model to use on its last line.
source "$(dirname "$0")/common.sh"

fingerprint="$(
  find config.yml domain data/nlu data/rules data/stories chatbot/nlu chatbot/language requirements/lock.txt \
       -type f \( -name '*.yml' -o -name '*.py' -o -name '*.txt' \) -print0 \
    | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16
)"
model="$MODELS/$fingerprint.tar.gz"
if [ -f "$model" ]; then
  echo "Model is up to date: $model" >&2
else
  step "Training the model (data, domain or config changed; about 7 minutes on 2 cores)" >&2
  start=$(date +%s)
  "$VENV/bin/rasa" train --config config.yml --domain domain --data data/nlu data/rules data/stories \
      --out "$MODELS" --fixed-model-name "$fingerprint" >&2
  echo "Trained in $(( $(date +%s) - start )) s: $model" >&2
  # Keep the two newest models, so switching back and forth stays cheap.
  ls -t "$MODELS"/*.tar.gz 2>/dev/null | tail -n +3 | xargs -r rm -f
fi
echo "$model"
