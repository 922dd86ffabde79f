#!/usr/bin/env bash
# The resolving half of `make bench` (also `make bench-resolve` alone): 1,000 distinct short
# links against the fake services on loopback answering each request after 100 ms, 16 at
# once — through pinsheet-resolver (examples/resolver_bench.rs) and through
# `pinsheet convert --resolve` in-process; then the CLI again with its cache, which must ask
# the fake nothing. Writes target/bench/resolve.json. Figures are recorded, never asserted.
source "$(dirname "$0")/toolchain.sh"
cd "$ROOT"
work="$ROOT/target/bench"
mkdir -p "$work"
# Debug assertions stay on (the test hooks require them); optimised like a release build.
export CARGO_PROFILE_DEV_OPT_LEVEL=3
cargo build -q -p pinsheet-cli --features test-hook
cargo build -q -p pinsheet-fake-upstream
apt_install curl

{ echo "Name,Link"; for i in $(seq 0 999); do echo "P$i,https://maps.app.goo.gl/s$i"; done; } > "$work/short-1000.csv"
rm -f "$work/fake.out" "$work/resolve-cache.json"
(sleep 120 | target/debug/pinsheet-fake-upstream --latency-ms 100 > "$work/fake.out") &
for _ in $(seq 1 300); do grep -q '^listening' "$work/fake.out" 2>/dev/null && break; sleep 0.1; done
read -r _ fake < <(grep '^listening' "$work/fake.out")
seen() { curl -s -H 'Host: fake.test' "http://$fake/seen"; }

cli() {
  target/debug/pinsheet convert "$work/short-1000.csv" -o "$work/short-1000.out.csv" --resolve \
    --concurrency 16 --cache "$work/resolve-cache.json" --test-upstream "$fake" 2>"$work/cli-resolve.err"
}
ms() { echo $(( $(date +%s%N) / 1000000 )); }
start=$(ms); cli; end=$(ms)
first_requests=$(seen)
start2=$(ms); cli; end2=$(ms)
rerun_requests=$(( $(seen) - first_requests ))
resolved=$(grep -c ',Google Maps: place pin' "$work/short-1000.out.csv" || true)
printf '{"cli_seconds": %d.%03d, "cli_resolved": %d, "cli_upstream_requests": %d, "cli_rerun_seconds": %d.%03d, "cli_rerun_upstream_requests": %d}\n' \
  $(( (end - start) / 1000 )) $(( (end - start) % 1000 )) "$resolved" "$first_requests" \
  $(( (end2 - start2) / 1000 )) $(( (end2 - start2) % 1000 )) "$rerun_requests" \
  > "$work/resolve.json"
cat "$work/resolve.json"
