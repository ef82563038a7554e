#!/usr/bin/env bash
# Debian packages the test suite needs: Chromium for browser tests, bubblewrap for the sandbox,
# espeak-ng to record the audio lessons. With --bench, also what only `make bench` needs: wrk,
# the HTTP load generator of bench/pages.py, and stress-ng, the CPU hog beside which
# bench/false_alarms_under_load.py grades (so `make test` never depends on them).
set -euo pipefail

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v bwrap >/dev/null || missing+=(bubblewrap)
command -v espeak-ng >/dev/null || missing+=(espeak-ng)
if [ "${1:-}" = "--bench" ]; then
    command -v wrk >/dev/null || missing+=(wrk)
    command -v stress-ng >/dev/null || missing+=(stress-ng)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "Missing Debian packages: ${missing[*]}" >&2
    echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
