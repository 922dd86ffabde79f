#!/usr/bin/env bash
# `make fuzz`: each fuzz target for FUZZ_SECONDS (default 600) with cargo-fuzz on the nightly
# toolchain. Not part of `make test`. Crashes land in fuzz/artifacts/<target>/.
source "$(dirname "$0")/toolchain.sh"
cd "$ROOT"
command -v rustup >/dev/null && rustup toolchain list | grep -q nightly \
  || die "cargo fuzz needs a nightly toolchain (rustup toolchain install nightly)"
cargo fuzz --version >/dev/null 2>&1 || cargo install -q cargo-fuzz --locked
for target in $(cd fuzz && cargo +nightly fuzz list); do
  say "fuzzing $target for ${FUZZ_SECONDS:-600} s"
  (cd fuzz && cargo +nightly fuzz run "$target" -- -max_total_time="${FUZZ_SECONDS:-600}" -max_len=4096)
done
