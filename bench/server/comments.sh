#!/usr/bin/env bash
# Comment paging benchmark (issue 15; prints figures, never a pass/fail test). On SQLite:
#   1. BENCH_RESPONSES responses (default 100,000) over one year, most with one or two free-text
#      answers, stored with `tellus-serve import` (validation, masking and the comments rows, as an
#      upload stores them);
#   2. a viewer pages through every comment of the year, 100 a page, following next_cursor, over one
#      keep-alive connection: per-page latency (p50, p99, first and last page) and the server's peak
#      memory (VmHWM) after the first page and after the last;
#   3. one search (q=) for a word in no comment, which reads every comment of the year.
#
# usage: bench/server/comments.sh        env: BENCH_RESPONSES, TELLUS_SERVE (path to the executable)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
serve="${TELLUS_SERVE:-$root/build/native/serve/tellus-serve}"
responses="${BENCH_RESPONSES:-100000}"
work="$(mktemp -d /tmp/tellus-bench-comments-XXXXXX)"
out="$root/bench/out/server"
mkdir -p "$out"
pid=""

say() { echo "== $*" >&2; }
fail() { echo "bench/server/comments: $*" >&2; exit 1; }
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

[ -x "$serve" ] || fail "build tellus-serve first (cmake --preset native && cmake --build build/native), or set TELLUS_SERVE"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

say "1/3 making and importing $responses responses"
python3 "$here/comments_bench.py" generate "$responses" >"$work/responses.ndjson"
db="$work/tellus.sqlite3"
import_start=$(date +%s.%N)
"$serve" import "$work/responses.ndjson" --db "$db" --surveys "$root/assets/surveys" >"$out/comments-import.log" 2>&1
import_s=$(python3 -c "import time; print(f'{time.time() - $import_start:.1f}')")
comments=$(sqlite3 "$db" "SELECT count(*) FROM comments")
db_mib=$(( $(stat -c %s "$db") / 1048576 ))

say "2/3 paging through every comment of the year"
echo "viewer QI lead bench-viewer-token-0123456789" >"$work/tokens"
mkdir -p "$work/web" && echo '<!doctype html>' >"$work/web/index.html"
port=$(free_port)
"$serve" --host 127.0.0.1 --port "$port" --db "$db" --surveys "$root/assets/surveys" --web "$work/web" \
         --staff-token-file "$work/tokens" --rate-limit 0 2>>"$out/comments-serve.log" &
pid=$!
for _ in $(seq 1 200); do curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.05; done

python3 "$here/comments_bench.py" page "$port" "$pid" bench-viewer-token-0123456789 >"$work/figures"
cat "$work/figures" >"$out/comments.txt"

echo
echo "tellus-serve comment paging on SQLite, $(nproc) cores"
echo "stored: $responses responses with $comments comments (database ${db_mib} MiB), imported in ${import_s}s"
cat "$work/figures"
