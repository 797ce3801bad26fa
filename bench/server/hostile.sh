#!/usr/bin/env bash
# Hostile-load figures for tellus-serve (issue 10). Prints figures; never a pass/fail test.
#  1. WAL under sustained load: single-response POSTs with wrk until at least BENCH_POSTS
#     (default 1,000,000) are acknowledged, on SQLite; the -wal file's size sampled every 0.2 s
#     (largest and last), the server's CPU time per acknowledged request and its peak memory.
#  2. Slow connections: 100 clients (from 127.0.0.2) sending one byte a second for 30 s while a
#     fresh client (127.0.0.1) asks /healthz twice a second: its latency (median, largest) and how
#     many of the slow ones were refused at once (per-client cap) or cut at the head deadline.
# usage: bench/server/hostile.sh     env: BENCH_POSTS, BENCH_CONNECTIONS (default 32), TELLUS_SERVE
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
serve="${TELLUS_SERVE:-$root/build/native/serve/tellus-serve}"
posts="${BENCH_POSTS:-1000000}"
connections="${BENCH_CONNECTIONS:-32}"
work="$(mktemp -d /tmp/tellus-hostile-XXXXXX)"
out="$root/bench/out/server"
mkdir -p "$out" "$work/web"
echo '<!doctype html>' >"$work/web/index.html"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
[ -x "$serve" ] || { echo "build tellus-serve first" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
start() { # port db
  "$serve" --host 127.0.0.1 --port "$1" --db "$2" --surveys "$root/assets/surveys" --web "$work/web" --rate-limit 0 \
    2>>"$out/hostile-serve.log" &
  pid=$!
  for _ in $(seq 1 200); do curl -s -o /dev/null "http://127.0.0.1:$1/healthz" && return 0; sleep 0.05; done
  echo "tellus-serve did not start" >&2; exit 1
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

echo "== 1. WAL under sustained load: $posts posts, $connections connections"
port=$(free_port); db="$work/load.sqlite3"; start "$port" "$db"
( max=0; while kill -0 "$pid" 2>/dev/null; do
    s=$(stat -c %s "$db-wal" 2>/dev/null || echo 0); [ "$s" -gt "$max" ] && max=$s; echo "$max $s" >"$work/wal"; sleep 0.2
  done ) &
sampler=$!
ticks0=$(cpu_ticks "$pid"); start_s=$(date +%s.%N); done_posts=0
while [ "$done_posts" -lt "$posts" ]; do
  line=$(wrk -t2 -c"$connections" -d30s --timeout 10s -s "$here/post_response.lua" "http://127.0.0.1:$port" -- /api/v1/responses | grep '^RESULT')
  read -r _ _ _ _ requests failed <<<"$line"; done_posts=$((done_posts + requests - failed))
  echo "   $done_posts acknowledged so far; WAL largest/last bytes: $(cat "$work/wal")"
done
elapsed=$(echo "$(date +%s.%N) - $start_s" | bc); ticks=$(( $(cpu_ticks "$pid") - ticks0 ))
hwm=$(awk '/VmHWM/{print $2}' "/proc/$pid/status")
read -r wal_max wal_last <"$work/wal"
rows=$(sqlite3 "$db" 'select count(*) from responses')
kill "$sampler" 2>/dev/null || true
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
printf 'RESULT wal posts=%d rows=%d seconds=%.0f per_second=%.0f wal_max_mib=%.1f wal_last_mib=%.1f cpu_us_per_post=%.0f peak_rss_mib=%.0f\n' \
  "$done_posts" "$rows" "$elapsed" "$(echo "$done_posts / $elapsed" | bc -l)" "$(echo "$wal_max / 1048576" | bc -l)" \
  "$(echo "$wal_last / 1048576" | bc -l)" "$(echo "$ticks * 10000 / $done_posts" | bc -l)" "$(echo "$hwm / 1024" | bc -l)"

echo "== 2. 100 slow connections for 30 s, a fresh client's /healthz"
port=$(free_port); start "$port" "$work/slow.sqlite3"
python3 - "$port" <<'PY'
import socket, sys, time, threading, statistics, http.client
port = int(sys.argv[1])
slow, refused, cut = [], 0, 0
for _ in range(100):
    s = socket.socket(); s.bind(("127.0.0.2", 0)); s.connect(("127.0.0.1", port)); s.setblocking(False); slow.append(s)
request = b"POST /api/v1/responses HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n" + b" " * 100
latencies, failures, start = [], 0, time.time()
for tick in range(60):
    if tick % 2 == 0:
        for s in slow:
            try: s.send(request[tick // 2:tick // 2 + 1])
            except OSError: pass
    t = time.time()
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=5); c.request("GET", "/healthz")
        ok = c.getresponse().status == 200; c.close()
    except OSError: ok = False
    if ok: latencies.append((time.time() - t) * 1000)
    else: failures += 1
    time.sleep(max(0, start + (tick + 1) * 0.5 - time.time()))
for s in slow:
    try:
        data = s.recv(4096)
        if data.startswith(b"HTTP/1.1 503"): refused += 1
        else: cut += 1
    except BlockingIOError: pass
    except OSError: cut += 1
print("RESULT slow healthz_ok=%d healthz_failed=%d median_ms=%.1f max_ms=%.1f slow_refused_503=%d slow_cut=%d" % (
    len(latencies), failures, statistics.median(latencies) if latencies else -1, max(latencies) if latencies else -1, refused, cut))
PY
