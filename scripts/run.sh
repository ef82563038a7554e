#!/usr/bin/env bash
# `make run`: the app with demo content on http://127.0.0.1:8000 and a Celery worker.
# Embedded defaults when nothing is configured: SQLite under var/ and a filesystem broker.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

$BIN/python manage.py migrate --noinput
$BIN/python manage.py seed_demo --no-audio

if [ "${SANDBOX_BACKEND:-bwrap}" = "bwrap" ] && { ! command -v bwrap >/dev/null || [ "$(id -u)" -ne 0 ]; }; then
    cat >&2 <<'MSG'
WARNING: the bubblewrap sandbox needs `bwrap` (apt-get install bubblewrap) and a worker running
as root (it drops every run to an unprivileged uid in its own cgroup). Without it the worker
refuses to grade and exercise submissions wait. On a development machine you may instead run
SANDBOX_BACKEND=unconfined make run -- which runs student code WITHOUT any confinement.
MSG
fi

# Ctrl-C (or any exit) stops everything this script started.
trap 'trap - INT TERM EXIT; kill 0 2>/dev/null; wait' INT TERM EXIT
# Gradings on one worker; periodic upkeep (beat and the reaper) on a small one of its own, so a
# backlog of gradings never delays it.
QUEUE="${CELERY_QUEUE:-spindle}"
$BIN/celery -A config worker --loglevel=INFO --concurrency=2 -Q "$QUEUE" -n "grader@%h" &
$BIN/celery -A config worker --beat --loglevel=INFO --concurrency=1 -Q "$QUEUE-maintenance" \
    -n "maintenance@%h" --schedule var/celerybeat-schedule &
$BIN/python manage.py runserver 127.0.0.1:8000 &
# The demo's recordings (what is missing of them) take a minute or two of CPU: made in the
# background, at low priority, so the site is up at once; each file appears when it is whole.
nice -n 10 $BIN/python manage.py record_audio_lessons --if-available &
wait
