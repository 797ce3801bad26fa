#!/usr/bin/env bash
# The one command to test Tellus: sets up what is missing, builds, and runs every test
# (unit, server, browser) with one ctest run.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
bash scripts/setup.sh
bash scripts/build.sh
echo
echo "[test] ctest (unit, server, browser)"
ctest --preset native --timeout 600 "$@"
