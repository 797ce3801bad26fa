#!/usr/bin/env bash
# Comment-masking benchmark (prints figures; never a pass/fail test). Builds bench/masking/bench.cpp
# against tellus_core of the native build, with the std::regex engine it replaced taken from git
# (commit 00c2477, src/core/masking.{hpp,cpp}) compiled in as namespace tellus_old, and prints,
# for both from one run: recall and harmless-kept on tests/unit/masking_corpus.tsv, ns per
# character on typical comments and worst cases, one 500-item batch of 5,000-character comments,
# and the stack each call needs.
#
# usage: bench/masking/run.sh
# env:   TELLUS_BUILD (default build/native: configured with `cmake --preset native` if missing)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${TELLUS_BUILD:-$root/build/native}"
old_commit=00c2477
work="$(mktemp -d /tmp/tellus-bench-masking-XXXXXX)"
trap 'rm -rf "$work"' EXIT

[ -f "$build/build.ninja" ] || (cd "$root" && cmake --preset native >/dev/null)
cmake --build "$build" -j1 --target tellus_core >/dev/null

# The old engine, renamed: namespace tellus -> tellus_old (which still sees tellus's Survey).
rename='s/^namespace tellus {/namespace tellus_old {\nusing namespace ::tellus;/'
git -C "$root" show "$old_commit:src/core/masking.hpp" | sed -e "$rename" >"$work/old_masking.hpp"
git -C "$root" show "$old_commit:src/core/masking.cpp" | sed -e "$rename" -e 's/#include "masking.hpp"/#include "old_masking.hpp"/' >"$work/old_masking.cpp"

g++ -std=c++20 -O2 -DNDEBUG -I"$work" -I"$root/src" -I"$root/src/core" -I"$root/tests/unit" -isystem "$build/deps/json" \
    -DTELLUS_SOURCE_DIR="\"$root\"" -DTELLUS_TEST_DATA="\"$root/tests/data\"" \
    "$here/bench.cpp" "$work/old_masking.cpp" "$build/src/core/libtellus_core.a" -lpthread -o "$work/bench"
echo "bench/masking: $(git -C "$root" rev-parse --short HEAD), $(g++ --version | head -1), $(nproc) CPU, $(uname -m)"
"$work/bench"
