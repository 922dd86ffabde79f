#!/usr/bin/env bash
# `make bench-python` (and the Python part of `make bench`): rows per second for 1,000,000
# mixed links (crates/core/examples/bench_links.rs' corpus) through the Python package —
# pyarrow, pandas, the Polars expression — against a regex per row in pure Python and Polars'
# vectorised regex (tests/bench/regex_peers.py), on one core (taskset, POLARS_MAX_THREADS=1)
# and on every core; then Spark local[2], pinsheet's Arrow UDF against a Python regex UDF.
# Writes target/bench/python.md. Figures are recorded, never asserted. ≈ 3 minutes.
source "$(dirname "$0")/toolchain.sh"
cd "$ROOT"
python_tools
build_wheel
work="$ROOT/target/bench"
mkdir -p "$work"
corpus="$work/links-mixed-1000000.csv"
[ -f "$corpus" ] || cargo run -q --release -p pinsheet-core --example bench_links -- 1000000 "$corpus" >/dev/null
say "Python: one core"
PINSHEET_THREADS=1 POLARS_MAX_THREADS=1 taskset -c 0 "$PYTHON" tests/bench/python_bench.py local "$corpus" > "$work/python-one-core.jsonl"
say "Python: every core"
"$PYTHON" tests/bench/python_bench.py local "$corpus" > "$work/python-all-cores.jsonl"
say "Spark local[2]"
"$PYTHON" tests/bench/python_bench.py spark "$corpus" > "$work/python-spark.jsonl" 2> "$work/python-spark.log"
"$PYTHON" scripts/bench_python_report.py "$work" | tee "$work/python.md"
