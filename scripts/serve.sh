#!/usr/bin/env bash
# Serve the application with a Celery worker and beat beside it; Ctrl-C stops both.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  wait 2>/dev/null
}
trap 'stop; exit 0' INT TERM
trap stop EXIT

.venv/bin/celery -A contactpolicy worker --beat --pool=solo --loglevel=INFO &
pids+=($!)
$PY manage.py runserver "$HOST:$PORT" &
pids+=($!)

echo "Serving at http://$HOST:$PORT (Ctrl-C stops the web server and the Celery worker)"
wait -n
