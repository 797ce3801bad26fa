#!/usr/bin/env bash
# Summary cost (prints figures; never a pass/fail test): how long GET /api/v1/summary's core takes
# to decide which counts to hide, for random sparse tables of several shapes, with this tree's
# disclosure engine and, side by side in the same run, the engine as it was before its speed-up and
# work budget (git revision $BASELINE, default 6ecfeec). The old engine gets at most 60 s a case.
# usage: bench/server/summary.sh   (after scripts/build.sh)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
baseline="${BASELINE:-6ecfeec}"
work="$(mktemp -d /tmp/tellus-summary-bench-XXXXXX)"
trap 'rm -rf "$work"' EXIT
core="$root/build/native/src/core/libtellus_core.a"
[ -f "$core" ] || { echo "bench/server/summary.sh: build first (scripts/build.sh)" >&2; exit 1; }
json_include="$root/build/native/deps/json"
flags=(-std=c++20 -O2 -I "$root/src" -isystem "$json_include")
g++ "${flags[@]}" "$root/bench/server/summary_bench.cpp" "$core" -o "$work/now"
mkdir -p "$work/old/core"
for f in disclosure.hpp disclosure.cpp summary.hpp summary.cpp; do git -C "$root" show "$baseline:src/core/$f" > "$work/old/core/$f"; done
g++ "${flags[@]}" -I "$work/old" -I "$root/src/core" "$root/bench/server/summary_bench.cpp" "$work/old/core/disclosure.cpp" \
    "$work/old/core/summary.cpp" "$core" -o "$work/old_engine"
cd "$root"
printf '%-8s %-10s %-14s | %-22s | %-22s\n' sites responses breakdown "this tree: s (gave up)" "$baseline: s"
for shape in "1 50 -" "1 50 home_language" "1 200 home_language" "6 300 -" "2 60 home_language" "2 200 home_language" \
             "6 1000 home_language" "6 3000 age_band" "40 4000 -"; do
    set -- $shape
    now="$("$work/now" "$1" "$2" "$3")"
    old="$(timeout 60 "$work/old_engine" "$1" "$2" "$3" || echo "> 60")"
    printf '%-8s %-10s %-14s | %-22s | %-22s\n' "$1" "$2" "$3" "$now" "${old% -}"
done
