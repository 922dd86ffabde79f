#!/usr/bin/env bash
# `make serve`: install what is missing, then build and serve the page on 127.0.0.1:8080.
source "$(dirname "$0")/toolchain.sh"
build_web
say "serving pinsheet at http://127.0.0.1:8080 ($WASM_MODE toolchain; Ctrl-C stops it)"
cd "$ROOT" && exec trunk serve --release --offline --no-autoreload
