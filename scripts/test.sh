#!/usr/bin/env bash
# `make test`: lint, unit and doc tests, CLI integration tests on files other programs wrote,
# then the release page end to end in headless Chromium. Installs what is missing first.
source "$(dirname "$0")/toolchain.sh"
cd "$ROOT"

say "rustfmt and clippy"
cargo fmt --all --check
# The CLI's resolving tests need its test hook (debug builds only); the release CLI below has none.
CRATES=(-p pinsheet-core -p pinsheet-follow -p pinsheet-cli -p pinsheet-resolver -p pinsheet-fake-upstream)
cargo clippy -q "${CRATES[@]}" -p pinsheet-python --features pinsheet-cli/test-hook --all-targets -- -D warnings
# The web app's logic (state arithmetic, the worker's Session) builds and runs natively too.
cargo clippy -q -p pinsheet-web --all-targets -- -D warnings

say "unit, property and doc tests; follower, CLI and resolver against fake services on loopback"
cargo test -q "${CRATES[@]}" --features pinsheet-cli/test-hook

say "the web app's logic natively: the worker's Session on small files, the table window, rates, labels"
cargo test -q -p pinsheet-web

say "release CLI; resolver with the test hook (debug) for the page's short-link test"
cargo build -q --release -p pinsheet-cli
export PINSHEET_BIN="$ROOT/target/release/pinsheet"
cargo build -q -p pinsheet-resolver --features test-hook
export RESOLVER_BIN="$ROOT/target/debug/pinsheet-resolver"
cargo build -q -p pinsheet-fake-upstream
export FAKE_UPSTREAM_BIN="$ROOT/target/debug/pinsheet-fake-upstream"

# A subshell: the Debian wasm toolchain changes PATH and cargo's environment.
( build_web
  if [ "$WASM_MODE" = rustup ]; then
    say "clippy (web app, wasm32)"
    cargo clippy -q -p pinsheet-web --target wasm32-unknown-unknown -- -D warnings
  fi )

test_tools
say "integration tests: the CLI on workbooks from openpyxl and LibreOffice"
"$PYTHON" -m pytest -q -p no:cacheprovider tests/integration

say "the Python package: its wheel, then pyarrow, pandas, Polars, DuckDB and Spark local[2]"
python_tools
build_wheel
"$PYTHON" -m pytest -q -p no:cacheprovider tests/python

say "end-to-end tests in headless Chromium"
tap="$ROOT/target/e2e.tap"
cd tests/e2e
node --test --test-concurrency=1 --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap"
# The plain closing line, for readers that do not know node's reporters.
echo "e2e: $(awk '/^# pass/ {print $3}' "$tap") passed, $(awk '/^# fail/ {print $3}' "$tap") failed"
