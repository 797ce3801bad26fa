#!/usr/bin/env bash
# Upload-server benchmark (prints figures; never a pass/fail test). On loopback, with wrk:
#   single-response POSTs per second (acknowledged = HTTP 200), p50 and p99 latency, for
#   tellus-serve on SQLite and on PostgreSQL, against two references measured in the same run:
#   a no-op endpoint in the same HTTP library (the ceiling) and json-server from npm.
# Then: export of 1,000,000 responses to CSV, time and the server's peak memory, next to the
# peak memory of exporting 10.
#
# usage: bench/server/run.sh [seconds per run, default 10]
# env:   BENCH_CONNECTIONS (default 32), BENCH_THREADS (wrk threads, default 2),
#        BENCH_ROWS (export size, default 1000000), TELLUS_SERVE (path to the executable)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
serve="${TELLUS_SERVE:-$root/build/native/serve/tellus-serve}"
seconds="${1:-10}"
connections="${BENCH_CONNECTIONS:-32}"
wrk_threads="${BENCH_THREADS:-2}"
rows="${BENCH_ROWS:-1000000}"
pg_bin=/usr/lib/postgresql/15/bin
work="$(mktemp -d /tmp/tellus-bench-XXXXXX)"
chmod 755 "$work"  # PostgreSQL runs as another user and must reach its folder
out="$root/bench/out/server"
mkdir -p "$out"
pids=()

say() { echo "== $*" >&2; }
fail() { echo "bench/server: $*" >&2; exit 1; }
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -f "$work/pg/data/postmaster.pid" ]; then as_pg "$pg_bin/pg_ctl" -D "$work/pg/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

[ -x "$serve" ] || fail "build tellus-serve first (cmake --preset native && cmake --build build/native), or set TELLUS_SERVE"
command -v wrk >/dev/null || fail "wrk is not installed (scripts/setup.sh installs it)"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { # url
  for _ in $(seq 1 200); do curl -s -o /dev/null "$1" && return 0; sleep 0.05; done
  fail "nothing answered at $1"
}
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

results=()
measure() { # name port path
  local line
  line=$(wrk -t"$wrk_threads" -c"$connections" -d"${seconds}s" --timeout 10s -s "$here/post_response.lua" \
           "http://127.0.0.1:$2" -- "$3" | grep '^RESULT') || fail "wrk failed against $1"
  results+=("$1|${line#RESULT }")
  say "$1: $line"
}

tellus() { # port db [more options]
  local port=$1 db=$2; shift 2
  "$serve" --host 127.0.0.1 --port "$port" --db "$db" --surveys "$root/assets/surveys" --web "$work/web" \
           --rate-limit 0 "$@" 2>>"$out/tellus-serve.log" &
  pids+=($!)
  wait_for "http://127.0.0.1:$port/healthz"
}
stop_last() { kill "${pids[-1]}" 2>/dev/null || true; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'; }

mkdir -p "$work/web" && echo '<!doctype html>' >"$work/web/index.html"
: >"$out/tellus-serve.log"

say "1/5 no-op endpoint (same HTTP library): the ceiling"
g++ -std=c++20 -O2 -DCPPHTTPLIB_OPENSSL_SUPPORT -DCPPHTTPLIB_ZLIB_SUPPORT -DCPPHTTPLIB_BROTLI_SUPPORT \
    "$here/noop_server.cpp" -o "$work/noop" -lcpp-httplib -lssl -lcrypto -pthread
port=$(free_port); "$work/noop" "$port" 2>/dev/null & pids+=($!)
sleep 0.3; measure "no-op (httplib)" "$port" /api/v1/responses; stop_last

say "2/5 tellus-serve on SQLite"
port=$(free_port); tellus "$port" "$work/sqlite/tellus.sqlite3"
measure "tellus-serve SQLite" "$port" /api/v1/responses; stop_last
sqlite_rows=$(sqlite3 "$work/sqlite/tellus.sqlite3" "SELECT count(*) FROM responses")

say "3/5 tellus-serve on PostgreSQL"
pg_rows="-"
if [ -x "$pg_bin/initdb" ]; then
  mkdir -p "$work/pg"; [ "$(id -u)" = 0 ] && chown postgres: "$work/pg"
  pg_port=$(free_port)
  as_pg "$pg_bin/initdb" -D "$work/pg/data" -A trust -U tellus -E UTF8 >/dev/null
  as_pg "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w \
        -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1" start >/dev/null
  as_pg "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U tellus tellus
  port=$(free_port); tellus "$port" "postgresql://tellus@127.0.0.1:$pg_port/tellus"
  measure "tellus-serve PostgreSQL" "$port" /api/v1/responses; stop_last
  pg_rows=$(as_pg "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U tellus -tAc "SELECT count(*) FROM responses" tellus)
  as_pg "$pg_bin/pg_ctl" -D "$work/pg/data" -m fast -w stop >/dev/null
else
  say "PostgreSQL not installed: skipped"
fi

say "4/5 json-server (npm)"
if [ -x "$root/bench/node_modules/.bin/json-server" ]; then
  echo '{"responses": []}' >"$work/db.json"
  port=$(free_port)
  "$root/bench/node_modules/.bin/json-server" --port "$port" --host 127.0.0.1 --quiet "$work/db.json" >/dev/null 2>&1 & pids+=($!)
  wait_for "http://127.0.0.1:$port/responses"
  measure "json-server 0.17.4" "$port" /responses; stop_last
else
  say "json-server not installed (cd bench && npm ci): skipped"
fi

say "5/5 CSV export of $rows responses"
token="bench-staff-token-0123456789abcdef"; echo "$token" >"$work/tokens"
export_db="$work/export/tellus.sqlite3"
port=$(free_port); tellus "$port" "$export_db"; stop_last   # creates the schema
fill() { # count
  sqlite3 "$export_db" "DELETE FROM responses;
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)
    INSERT INTO responses SELECT printf('%08x-0000-4000-8000-%012x', i, i), 'primary-care-visit', 1, 'north',
      '2026-11-23T10:16:02-05:00', 1795446962000, '2026-11-23T15:16:03.000Z',
      json_object('id', printf('%08x-0000-4000-8000-%012x', i, i),
                  'survey', json_object('id', 'primary-care-visit', 'version', 1), 'locale', 'fr-CA',
                  'channel', 'kiosk', 'site', 'north', 'started_at', '2026-11-23T10:15:00-05:00',
                  'submitted_at', '2026-11-23T10:16:02-05:00',
                  'answers', json_object('care_when_needed', 'good', 'listened', 'yes', 'overall', 9,
                                         'went_well', 'Très bien, merci', 'age_band', '40_64'))
    FROM n;"
}
export_run() { # count -> "seconds lines peak_kib"
  fill "$1"
  port=$(free_port); tellus "$port" "$export_db" --staff-token-file "$work/tokens"
  local pid=${pids[-1]} start end lines
  start=$(date +%s%N)
  lines=$(curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/responses?format=csv&survey=primary-care-visit" | wc -l)
  end=$(date +%s%N)
  local peak; peak=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
  stop_last
  local ms=$(( (end - start) / 1000000 ))
  echo "$((ms / 1000)).$(printf '%03d' $((ms % 1000))) $lines $peak"
}
read -r small_s small_lines small_peak < <(export_run 10)
say "filling $rows rows (sqlite3) and exporting"
read -r big_s big_lines big_peak < <(export_run "$rows")

echo
echo "tellus-serve upload benchmark: wrk -t$wrk_threads -c$connections -d${seconds}s, single-response POSTs on loopback, $(nproc) cores"
printf '%-26s %14s %9s %9s %10s %8s\n' "target" "acknowledged/s" "p50 ms" "p99 ms" "requests" "failed"
for row in "${results[@]}"; do
  name="${row%%|*}"; set -- ${row#*|}
  printf '%-26s %14s %9s %9s %10s %8s\n' "$name" "$1" "$2" "$3" "$4" "$5"
done
echo "rows stored: SQLite $sqlite_rows, PostgreSQL $pg_rows (at least each run's requests: those still in flight when wrk stops are stored but not counted)"
echo
echo "CSV export (SQLite): $((big_lines - 1)) rows in ${big_s}s, server peak memory $((big_peak / 1024)) MiB;" \
     "$((small_lines - 1)) rows: ${small_s}s, peak $((small_peak / 1024)) MiB"
