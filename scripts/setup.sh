#!/usr/bin/env bash
# Installs everything Tellus needs that is missing, and nothing twice.
# Called by scripts/run.sh and scripts/test.sh; safe to run again.
#   - Debian packages (apt) for the toolchain, libraries, fonts, PostgreSQL and Chromium
#   - Dear ImGui and SDL2 *sources* from Debian source packages (for the wasm build)
#   - SDL2 built for WebAssembly once, cached outside the work tree, keyed by version
#   - npm packages for the browser tests, pinned by tests/browser/package-lock.json
# Cache folder: $TELLUS_CACHE (default ~/.cache/tellus).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${TELLUS_CACHE:-$HOME/.cache/tellus}"
mkdir -p "$cache"

step() { printf '\n[setup] %s\n' "$*"; }
fail() { printf '[setup] FAILED: %s\n' "$*" >&2; exit 1; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  emscripten nodejs
  nlohmann-json3-dev doctest-dev libcpp-httplib-dev libssl-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql
  libqrcodegencpp-dev
  fonts-noto-core fonts-noto-cjk brotli
  chromium
  clang libclang-rt-14-dev
  wrk
)

step "1/5 Debian packages"
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm: Debian's package conflicts with a NodeSource nodejs, which ships npm itself.
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -q || fail "apt-get update did not work (is the Debian mirror reachable?)"
  as_root apt-get install -y -q --no-install-recommends "${missing[@]}" \
    || fail "apt-get install of ${missing[*]} did not work"
else
  echo "all ${#apt_packages[@]} packages present"
fi

# Source packages go through a private apt configuration so the system's sources stay untouched.
fetch_source() { # name tarball-glob -> prints the extracted folder
  local name="$1" glob="$2" dir="$cache/src/$1"
  local found; found=$(ls -d "$dir"/*/ 2>/dev/null | head -n1 || true)
  if [ -n "$found" ]; then echo "${found%/}"; return; fi
  mkdir -p "$dir" "$cache/apt/lists/partial" "$cache/apt/sources"
  : > "$cache/apt/empty.list"
  local uri; uri=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  uri="${uri:-http://deb.debian.org/debian}"
  cat > "$cache/apt/sources/tellus-src.sources" <<SRC
Types: deb-src
URIs: $uri
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  local opts=(-o Dir::Etc::SourceList="$cache/apt/empty.list" -o Dir::Etc::SourceParts="$cache/apt/sources"
              -o Dir::State::Lists="$cache/apt/lists")
  [ -f "$cache/apt/lists/.updated" ] || { apt-get "${opts[@]}" update -q >&2 && touch "$cache/apt/lists/.updated"; } \
    || fail "could not read Debian's source package index"
  (cd "$dir" && apt-get "${opts[@]}" source --download-only "$name" >&2) || true
  local tarball; tarball=$(ls "$dir"/$glob 2>/dev/null | head -n1 || true)
  [ -n "$tarball" ] || fail "could not download the source of $name"
  tar -xf "$tarball" -C "$dir"
  found=$(ls -d "$dir"/*/ | head -n1)
  echo "${found%/}"
}

step "2/5 Dear ImGui and SDL2 sources (Debian source packages)"
imgui_src=$(fetch_source imgui 'imgui_*.orig.tar.*')
sdl_src=$(fetch_source libsdl2 'libsdl2_*.orig.tar.*')
echo "imgui: $imgui_src"
echo "SDL2:  $sdl_src"

step "3/5 SDL2 for WebAssembly (built once, cached)"
sdl_version=$(basename "$sdl_src" | sed 's/^SDL2-//')
sdl_prefix="$cache/sdl2-wasm-$sdl_version-lean-lto"  # the build's flavour is in the name: a change rebuilds
if [ -f "$sdl_prefix/lib/libSDL2.a" ]; then
  echo "cached: $sdl_prefix"
else
  export NODE_PATH=/usr/share/nodejs
  build="$cache/build/sdl2-$sdl_version"
  rm -rf "$build"; mkdir -p "$build"
  # Only video and events: the kiosk never uses audio, joystick, haptics or sensors. Small (issue 16):
  # -Oz, SDL_LEAN_AND_MEAN (no software blitters, RLE or YUV: the app draws with WebGL) and -flto,
  # so the app's link keeps only the SDL2 code it calls.
  (cd "$build" && emcmake cmake "$sdl_src" -DCMAKE_BUILD_TYPE=MinSizeRel -DCMAKE_C_FLAGS_MINSIZEREL="-Oz -DNDEBUG" \
      -DCMAKE_C_FLAGS="-DSDL_LEAN_AND_MEAN=1 -flto" -DCMAKE_INSTALL_PREFIX="$sdl_prefix.tmp" \
      -DSDL_SHARED=OFF -DSDL_STATIC=ON -DSDL_TEST=OFF -DSDL_AUDIO=OFF -DSDL_JOYSTICK=OFF -DSDL_HAPTIC=OFF \
      -DSDL_SENSOR=OFF -DSDL_HIDAPI=OFF -DSDL_POWER=OFF -DSDL_LOCALE=OFF -DSDL_MISC=OFF -DSDL_FILESYSTEM=OFF \
      -DSDL_THREADS=OFF -DSDL_LOADSO=OFF -DSDL_RENDER=OFF >/dev/null \
   && emmake make -j"$(nproc)" >/dev/null && make install >/dev/null) \
    || fail "building SDL2 $sdl_version for WebAssembly (log: $build)"
  rm -rf "$sdl_prefix"; mv "$sdl_prefix.tmp" "$sdl_prefix"
  echo "built: $sdl_prefix"
fi

step "4/5 npm packages for browser tests and benchmarks (pinned by package-lock.json)"
for dir in tests/browser bench webdeps; do  # webdeps: libraries the built pages ship (QR code of the poster)
  [ -f "$here/$dir/package-lock.json" ] || continue
  stamp="$here/$dir/node_modules/.package-lock.json"
  if [ -f "$stamp" ] && [ "$stamp" -nt "$here/$dir/package-lock.json" ]; then
    echo "$dir: node_modules up to date"
  else
    (cd "$here/$dir" && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci in $dir"
  fi
done

step "5/5 build settings"
cat > "$cache/paths.cmake" <<CM
# Written by scripts/setup.sh: where set-up put the sources the build needs.
set(TELLUS_IMGUI_DIR "$imgui_src" CACHE PATH "Dear ImGui source checkout")
set(TELLUS_SDL2_WASM_PREFIX "$sdl_prefix" CACHE PATH "SDL2 built for Emscripten")
CM
echo "wrote $cache/paths.cmake"
step "done"
