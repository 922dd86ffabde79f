#!/usr/bin/env bash
# `make serve`: install what is missing, then build and serve the page on 127.0.0.1:8080.
# With --with-resolver (`make serve-resolver`) the short-link resolver runs beside it.
source "$(dirname "$0")/toolchain.sh"
if [ "${1:-}" = --with-resolver ]; then
  # Before build_web: the Debian wasm toolchain changes cargo's environment for the page.
  (cd "$ROOT" && cargo build -q --release -p pinsheet-resolver)
fi
build_web
if [ "${1:-}" = --with-resolver ]; then
  "$ROOT/target/release/pinsheet-resolver" --bind 127.0.0.1:8787 --allowed-origin http://127.0.0.1:8080 &
  resolver=$!
  trap 'kill $resolver 2>/dev/null' EXIT
  say "resolver at http://127.0.0.1:8787 — enter it under \"Short links\" on the page"
fi
say "serving pinsheet at http://127.0.0.1:8080 ($WASM_MODE toolchain; Ctrl-C stops it)"
cd "$ROOT" && trunk serve --release --offline --no-autoreload
