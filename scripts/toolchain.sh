# Sourced by the other scripts: installs what the build and tests need, once, and sets up the
# environment for building the page. Every step checks first and skips what is present.
#
# The page is wasm32-unknown-unknown. Where rustup has (or can download) that target, it is
# used as is. Where it cannot (Debian machines without access to rustup's servers), Debian's
# rustc-web / cargo-web / rust-web-src build the standard library from source, linked with
# wasm-ld-22.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TRUNK_VERSION=0.21.14
TOOLS_BIN=${CARGO_HOME:-$HOME/.cargo}/bin
export PATH="$TOOLS_BIN:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "need root to run: $*"
  fi
}

APT_UPDATED=
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "please install: ${missing[*]}"
  say "apt-get install ${missing[*]}"
  if [ -z "$APT_UPDATED" ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# cargo install NAME at exactly VERSION unless BIN --version already says it.
cargo_tool() {
  local crate=$1 version=$2 bin=$3; shift 3
  if "$bin" --version 2>/dev/null | grep -q " $version\$\| $version "; then return 0; fi
  say "cargo install $crate $version (first time only)"
  # --locked where the lock still resolves; a yanked dependency makes it fail, so retry without.
  cargo install -q "$crate" --version "$version" --locked "$@" \
    || cargo install -q "$crate" --version "$version" "$@"
}

# Decides how to build wasm and exports the environment for it: WASM_MODE=rustup|debian.
wasm_toolchain() {
  if [ "${PINSHEET_WASM:-}" != debian ] && command -v rustup >/dev/null \
     && { rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
          || timeout 120 rustup target add wasm32-unknown-unknown >/dev/null 2>&1; }; then
    WASM_MODE=rustup
  else
    WASM_MODE=debian
    apt_install rustc-web cargo-web rust-web-src lld-22
    # Debian's cargo first; trunk calls `cargo` from PATH.
    export PATH="/usr/bin:$PATH"
    export RUSTC_BOOTSTRAP=1
    export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
    export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-22
    # Its own target dir: artifacts of two rustc builds would otherwise evict each other.
    export CARGO_TARGET_DIR="$ROOT/target/debian-wasm"
  fi
  export WASM_MODE
}

# Trunk and the wasm-bindgen CLI that matches Cargo.lock, built with the native toolchain.
web_tools() {
  local bindgen
  bindgen=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/[^0-9.]/, ""); print; exit}' "$ROOT/Cargo.lock")
  [ -n "$bindgen" ] || die "no wasm-bindgen in Cargo.lock"
  grep -q "wasm_bindgen = \"$bindgen\"" "$ROOT/Trunk.toml" \
    || die "Trunk.toml [tools] wasm_bindgen must be $bindgen, the version in Cargo.lock"
  cargo_tool trunk "$TRUNK_VERSION" trunk --no-default-features --features rustls
  cargo_tool wasm-bindgen-cli "$bindgen" wasm-bindgen
}

# What the page build takes from npm (web/package.json): wasm-opt from binaryen, Leaflet and
# the Natural Earth basemap, copied into web/generated/ for Trunk.
page_tools() {
  command -v npm >/dev/null || apt_install nodejs npm
  if [ ! -x "$ROOT/web/node_modules/.bin/wasm-opt" ] \
     || [ "$ROOT/web/package-lock.json" -nt "$ROOT/web/node_modules/.package-lock.json" ]; then
    say "npm ci (web: wasm-opt, Leaflet, Natural Earth)"
    (cd "$ROOT/web" && npm ci --silent --no-audit --no-fund)
  fi
  node "$ROOT/web/assets.mjs"
  # Trunk runs the wasm-opt it finds on PATH when its version is the one Trunk.toml names.
  export PATH="$ROOT/web/node_modules/.bin:$PATH"
}

# Builds the page into dist/ (release profile `web`), offline: never downloads a tool.
build_web() {
  web_tools
  wasm_toolchain
  # After the wasm toolchain, which may put /usr/bin first: npm's wasm-opt must come first.
  page_tools
  say "building the page ($WASM_MODE toolchain)"
  # Trunk runs cargo with --offline: compile once online first, so crates (and, on Debian,
  # the standard library's own dependencies) are fetched; trunk's cargo calls then only link.
  (cd "$ROOT" && cargo build -q --profile web --target wasm32-unknown-unknown -p pinsheet-web --bin app)
  (cd "$ROOT" && cargo build -q --profile worker --target wasm32-unknown-unknown -p pinsheet-web --bin worker)
  (cd "$ROOT" && trunk build --release --offline "$@")
}

# Chromium for the browser tests, the e2e node modules, and a Python venv with openpyxl.
test_tools() {
  if [ -z "${CHROMIUM:-}" ]; then
    apt_install chromium chromium-driver
    export CHROMIUM=/usr/bin/chromium
  fi
  if [ ! -d "$ROOT/tests/e2e/node_modules/playwright-core" ] \
     || [ "$ROOT/tests/e2e/package-lock.json" -nt "$ROOT/tests/e2e/node_modules/.package-lock.json" ]; then
    say "npm ci (tests/e2e)"
    (cd "$ROOT/tests/e2e" && npm ci --silent --no-audit --no-fund)
  fi
  local venv="$ROOT/target/py"
  if ! "$venv/bin/python" -c 'import openpyxl, pytest, openlocationcode, eviltransform' 2>/dev/null; then
    say "python venv with openpyxl, pytest and the reference implementations"
    [ -x "$venv/bin/pip" ] || python3 -m venv "$venv"
    "$venv/bin/pip" install -q -r "$ROOT/tests/requirements.txt"
  fi
  export PYTHON="$venv/bin/python"
}

# The Python package's build and test tools (tests/python/requirements.txt: maturin and the
# engines it is tested in) in the test venv, Java for Spark, and a wheelhouse of the wheel's
# one dependency (pyarrow) so the fresh-venv test installs offline.
python_tools() {
  test_tools
  command -v java >/dev/null || apt_install openjdk-17-jre-headless
  local venv="$ROOT/target/py" stamp="$ROOT/target/py/.python-requirements"
  if [ ! -f "$stamp" ] || [ "$ROOT/tests/python/requirements.txt" -nt "$stamp" ]; then
    say "python venv: maturin, pyarrow, pandas, polars, duckdb, pyspark"
    "$venv/bin/pip" install -q -r "$ROOT/tests/python/requirements.txt"
    touch "$stamp"
  fi
  local pyarrow
  pyarrow=$(awk -F'==' '/^pyarrow==/ {print $2}' "$ROOT/tests/python/requirements.txt")
  if ! ls "$ROOT/target/wheelhouse/pyarrow-$pyarrow-"*.whl >/dev/null 2>&1; then
    "$venv/bin/pip" download -q --no-deps --only-binary :all: "pyarrow==$pyarrow" -d "$ROOT/target/wheelhouse"
  fi
}

# `make python`: the wheel (maturin, release, abi3) into target/wheels/, installed into the
# test venv in place of the last one.
build_wheel() {
  rm -f "$ROOT/target/wheels/pinsheet-"*.whl
  "$ROOT/target/py/bin/maturin" build --release -q -m "$ROOT/crates/python/Cargo.toml" --out "$ROOT/target/wheels"
  "$ROOT/target/py/bin/pip" install -q --force-reinstall --no-deps "$ROOT/target/wheels/pinsheet-"*.whl
}
