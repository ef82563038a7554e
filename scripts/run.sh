#!/usr/bin/env bash
# `make run`: the app with demo content on http://127.0.0.1:8000 and a Celery worker.
# Embedded defaults when nothing is configured: SQLite under var/ and a filesystem broker.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

$BIN/python manage.py migrate --noinput
$BIN/python manage.py seed_demo

# Ctrl-C (or any exit) stops everything this script started.
trap 'trap - INT TERM EXIT; kill 0 2>/dev/null; wait' INT TERM EXIT
# -B: the worker also runs the periodic reaper of stuck gradings (one worker, locally).
$BIN/celery -A config worker --beat --loglevel=INFO --concurrency=2 --schedule var/celerybeat-schedule &
$BIN/python manage.py runserver 127.0.0.1:8000 &
wait
