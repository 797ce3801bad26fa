#!/usr/bin/env bash
# The one command to run Tellus: sets up what is missing, builds, and starts the server with the
# app on http://127.0.0.1:8080, storing responses in data/tellus.sqlite3. Ctrl+C stops it.
# Extra arguments go to tellus-serve (for example --port 9090).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
bash scripts/setup.sh
bash scripts/build.sh
mkdir -p data
server="$here/build/native/serve/tellus-serve"
echo
echo "Server: $server"
echo "Open http://${TELLUS_HOST:-127.0.0.1}:${TELLUS_PORT:-8080}/ (kiosk: ?mode=kiosk, phone: ?mode=phone, French: ?lang=fr)"
echo "Responses are stored in ${TELLUS_DB:-data/tellus.sqlite3}. Press Ctrl+C to stop."
url="http://${TELLUS_HOST:-127.0.0.1}:${TELLUS_PORT:-8080}/"
# Staff tokens: the ones named on the command line or in TELLUS_STAFF_TOKEN_FILE, else data/staff-tokens
# (made on the first run, with one admin token printed once).
tokens=()
if [ -z "${TELLUS_STAFF_TOKEN_FILE:-}" ] && [[ " $* " != *" --staff-token-file"* ]]; then
  bash scripts/first_token.sh "$server" "$here/data/staff-tokens" "$url"
  tokens=(--staff-token-file "$here/data/staff-tokens")
fi
exec "$server" --web "$here/build/wasm/web" --surveys "$here/assets/surveys" "${tokens[@]}" "$@"
