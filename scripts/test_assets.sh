#!/usr/bin/env bash
# Test-only assets fetched from the npm registry (never served to users): axe-core, which the
# accessibility test injects into pages.
set -euo pipefail
cd "$(dirname "$0")/.."
AXE_VERSION=4.14.1
target=var/test-assets/axe-core-$AXE_VERSION.min.js
[ -f "$target" ] && exit 0
if ! command -v npm >/dev/null; then
    echo "npm is needed once to fetch axe-core $AXE_VERSION for the accessibility test" >&2
    exit 1
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
(cd "$scratch" && npm pack "axe-core@$AXE_VERSION" --silent >/dev/null && tar -xzf axe-core-*.tgz)
mkdir -p var/test-assets
cp "$scratch/package/axe.min.js" "$target"
