#!/usr/bin/env bash
# Creates .venv and installs Spindle with its pinned dependencies. Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "Spindle needs Python 3.11 or newer as '$PYTHON' (set PYTHON=/path/to/python3.11)." >&2
    exit 1
fi
if [ ! -x .venv/bin/python ]; then
    if ! "$PYTHON" -m venv .venv; then
        echo "Could not create a virtualenv: on Debian/Ubuntu, apt-get install python3-venv" >&2
        exit 1
    fi
fi
.venv/bin/python -m pip install --quiet --upgrade pip
# constraints.txt pins every package to the versions we test with: a fresh install is reproducible.
.venv/bin/python -m pip install --quiet -c constraints.txt -e ".[dev]"
touch .venv/.installed
