#!/usr/bin/env bash
# Builds both halves: the native build (tellus-serve, tests) and the WebAssembly app.
# Incremental: a second run only rebuilds what changed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
export NODE_PATH=/usr/share/nodejs  # Debian's emcc needs Debian's acorn for its JS optimizer
jobs="${TELLUS_JOBS:-$(nproc)}"

echo "[build] WebAssembly app (build/wasm)"
[ -f build/wasm/build.ninja ] || emcmake cmake --preset wasm >/dev/null || { echo "[build] FAILED: configuring the wasm build" >&2; exit 1; }
cmake --build build/wasm -j "$jobs" || { echo "[build] FAILED: building the wasm app" >&2; exit 1; }

echo "[build] native server and tests (build/native)"
[ -f build/native/build.ninja ] || cmake --preset native >/dev/null || { echo "[build] FAILED: configuring the native build" >&2; exit 1; }
cmake --build build/native -j "$jobs" || { echo "[build] FAILED: building tellus-serve and tests" >&2; exit 1; }

# Precompressed copies, served to browsers that accept them (smaller first visit on mobile data).
for f in build/wasm/web/*.wasm build/wasm/web/*.js build/wasm/web/*.html build/wasm/web/*.css build/wasm/web/*.webmanifest \
         build/wasm/web/i18n/*.json; do
  case "$f" in *.gz|*.br) continue ;; esac
  [ "$f.gz" -nt "$f" ] || gzip -9 -k -f "$f"
  if command -v brotli >/dev/null; then [ "$f.br" -nt "$f" ] || brotli -q 11 -f -o "$f.br" "$f"; fi
done
echo "[build] done: app in build/wasm/web, server at build/native/serve/tellus-serve"
