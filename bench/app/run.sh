#!/usr/bin/env bash
# Tellus vs SurveyJS benchmark: prints a table and writes bench/out/app.json, then the wasm's size
# report (bench/app/size-report.sh; bench/out/size.json). See bench/README.md.
# Environment: BENCH_RUNS (5), BENCH_IDLE_MS (10000), BENCH_SETTLE_MS (1000), TELLUS_CHROMIUM (/usr/bin/chromium),
# BENCH_PER_LANGUAGE (1; 0 skips the first visit in each of the twelve languages).
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ ! -d "$bench/node_modules/survey-core" ] || [ ! -d "$bench/node_modules/survey-js-ui" ] || [ ! -d "$bench/node_modules/playwright-core" ] \
  || [ ! -d "$bench/node_modules/lighthouse" ]; then
  echo "[bench/app] installing pinned npm packages (npm ci in bench/)" >&2
  (cd "$bench" && npm ci --no-audit --no-fund --loglevel=error)
fi
node "$bench/app/bench.mjs" "$@"
# Lighthouse's mobile preset on both, "on a phone on mobile data" (issue 16): a table and
# bench/out/lighthouse.json. BENCH_LIGHTHOUSE=0 skips it; BENCH_LIGHTHOUSE_RUNS (3) runs per app.
if [ "${BENCH_LIGHTHOUSE:-1}" != 0 ]; then
  echo
  node "$bench/app/lighthouse.mjs"
fi
# Where the wasm's bytes go, printed with the figures (issue 16).
echo
bash "$bench/app/size-report.sh" --json "$bench/out/size.json"
