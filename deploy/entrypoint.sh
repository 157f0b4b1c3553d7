#!/bin/sh
# Starts one process of the assistant in its container:
#   rasa            the Rasa server (web channel) on :5005, production endpoints
#   actions         the action server on :5055
#   directory-load  loads data/directory/ into the directory database, then exits
# Secrets come as files (Docker secrets) or as variables (Kubernetes secretKeyRef):
# for each NAME below, NAME_FILE, if set, is read into NAME. Nothing is logged.
set -eu

for name in TRACKER_DB_PASSWORD REDIS_PASSWORD; do
  eval "file=\${${name}_FILE:-}"
  if [ -n "$file" ]; then
    export "$name=$(cat "$file")"
  fi
done
export TRACKER_DB_PASSWORD="${TRACKER_DB_PASSWORD:-}" REDIS_PASSWORD="${REDIS_PASSWORD:-}"

# The support directory lives in the same PostgreSQL database as the conversations
# (its own tables: docs/directory-schema.md) unless DATABASE_URL says otherwise.
if [ -z "${DATABASE_URL:-}" ] && [ -n "${TRACKER_DB_HOST:-}" ]; then
  DATABASE_URL="$(python -c 'import os, urllib.parse as u; e = os.environ
print("postgresql+psycopg2://%s:%s@%s:%s/%s" % (u.quote(e["TRACKER_DB_USER"], safe=""),
      u.quote(e["TRACKER_DB_PASSWORD"], safe=""), e["TRACKER_DB_HOST"], e.get("TRACKER_DB_PORT", "5432"),
      e["TRACKER_DB_NAME"]))')"
  export DATABASE_URL
fi

case "${1:-rasa}" in
  rasa)
    exec rasa run --model /app/models/ayuda.tar.gz --credentials credentials.yml \
      --endpoints deploy/endpoints.production.yml --port 5005 --interface 0.0.0.0 ;;
  actions)
    exec rasa run actions --port 5055 ;;
  directory-load)
    exec python -m chatbot.directory load ;;
  *)
    exec "$@" ;;
esac
