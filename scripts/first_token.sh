#!/usr/bin/env bash
# First run (issue 11): when the server is started with no staff token file of its own, it uses
# data/staff-tokens; the first time, this makes one admin token, keeps only its hash in that file,
# and prints the token once with the sign-in link. Later runs print nothing but where the file is.
# usage: scripts/first_token.sh TELLUS_SERVE TOKEN_FILE URL
set -euo pipefail
serve="$1" file="$2" url="$3"
if [ -s "$file" ]; then
  echo "Staff tokens: $file (add one: $serve token new --role viewer --name \"QI lead\" --add-to $file, then restart)"
  exit 0
fi
mkdir -p "$(dirname "$file")"
made="$("$serve" token new --role admin --name "First admin" --add-to "$file")"
token="$(printf '%s\n' "$made" | sed -n '2p' | tr -d ' ')"
cat <<TEXT

  First run: one admin staff token was made. It is shown only this once; keep it somewhere safe.

      $token

  Sign in to staff mode at ${url}#staff and type it. Only its hash is kept, in $file.
  To revoke it, delete its line from that file and restart. To add people:
      $serve token new --role viewer  --name "QI lead" --add-to $file
      $serve token new --role manager --name "Office manager" --add-to $file

TEXT
