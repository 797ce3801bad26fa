#!/usr/bin/env bash
# Where the wasm app's bytes go (issue 16): relinks build/wasm's tellus with function names kept
# (--profiling-funcs, the same objects and flags otherwise), then bench/app/size-report.mjs gives
# every function body to the library that defines it and prints code per library, the sections of
# the shipped tellus.wasm and its brotli size. Needs a wasm build (scripts/build.sh); builds nothing.
# usage: bench/app/size-report.sh [--json OUT]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
wasm_build="$root/build/wasm"
[ -f "$wasm_build/web/tellus.wasm" ] || { echo "bench/app/size-report.sh: build first (scripts/build.sh)" >&2; exit 1; }
work="$(mktemp -d /tmp/tellus-size-XXXXXX)"
trap 'rm -rf "$work"' EXIT
export NODE_PATH=/usr/share/nodejs  # Debian's emcc needs Debian's acorn for its JS optimizer
cd "$wasm_build"
# The link step ninja runs, writing to the work folder instead, with names kept.
link="$(ninja -t commands tellus | tail -1 | sed 's/^: && //; s/ && cd .*//')"
link="${link/-o web\/tellus.js/-o $work/named.js} --profiling-funcs"
eval "$link" 2>/dev/null
sdl="$(grep -o '[^ ]*libSDL2\.a' <<<"$link" | head -1)"
app_objects="$(grep -o 'src/app/CMakeFiles/tellus.dir/[^ ]*\.o' <<<"$link" | tr '\n' ',')"
node "$root/bench/app/size-report.mjs" "$work/named.wasm" web/tellus.wasm \
  "Tellus app (src/app, src/ui, src/platform)=${app_objects%,}" "Tellus core (src/core)=src/core/libtellus_core.a" \
  "Dear ImGui=libtellus_dep_imgui.a" "SDL2=$sdl" "$@"
