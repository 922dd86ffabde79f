#!/usr/bin/env bash
# `make bench`: 1k, 10k, 100k and 1,048,575 rows (Excel's maximum with a header) of long
# Google Maps links, side by side: the CLI, the page in headless Chromium (file chosen →
# download ready, peak renderer memory) and a Python peer doing the job the way the tool we
# replace did (pandas + re + openpyxl); plus links/s, the resolver and the wasm sizes. Prints
# a Markdown report for BENCHMARKS.md. Figures are recorded, never asserted. ≈ 25 minutes.
# Issue 16's typical workbook is timed against a polars peer and a SheetJS page, with its limit.
source "$(dirname "$0")/toolchain.sh"
cd "$ROOT"
cargo build -q --release -p pinsheet-cli
( build_web )
test_tools
apt_install hyperfine wrk unzip
"$PYTHON" -m pip install -q -r tests/bench/requirements.txt
SIZES="1000 10000 100000 1048575"
# Issue 16's typical workbook (bench_typical): against the stacks a person would pick instead.
TYPICAL="10000 100000 1000000"

work="$ROOT/target/bench"
mkdir -p "$work"
for rows in $SIZES; do
  [ -f "$work/links-$rows.xlsx" ] || cargo run -q --release -p pinsheet-core --example bench_sheet -- "$rows" "$work/links-$rows.xlsx"
done
for rows in $TYPICAL; do
  [ -f "$work/typical-$rows.xlsx" ] || cargo run -q --release -p pinsheet-core --example bench_typical -- "$rows" "$work/typical-$rows.xlsx"
done
runs() { case "$1" in 1048575|1000000) echo 1 ;; 100000) echo 3 ;; *) echo 5 ;; esac; }

say "links per second, native (one core)"
cargo run -q --release -p pinsheet-core --example bench_links -- 100000 "$work/links-mixed-100000.csv" > "$work/links-native.json"

say "native CLI"
for rows in $SIZES; do
  hyperfine -N --warmup 1 --runs "$(runs "$rows")" --export-json "$work/cli-$rows.json" \
    "target/release/pinsheet convert $work/links-$rows.xlsx -o $work/out-$rows.xlsx" >/dev/null 2>&1
  /usr/bin/time -f %M target/release/pinsheet convert "$work/links-$rows.xlsx" -o "$work/out-$rows.xlsx" \
    2> "$work/cli-$rows.rss" >/dev/null
done

say "Python peer (pandas + re + openpyxl)"
for rows in $SIZES; do
  hyperfine -N --runs "$(runs "$rows")" --export-json "$work/python-$rows.json" \
    "$PYTHON tests/bench/python_peer.py $work/links-$rows.xlsx $work/python-$rows.xlsx" >/dev/null 2>&1
done

say "headless Chromium"
: > "$work/browser.jsonl"
for rows in $SIZES; do
  (cd tests/e2e && BENCH_RUNS="$(runs "$rows")" node bench.mjs "$work/links-$rows.xlsx") >> "$work/browser.jsonl"
done
(cd tests/e2e && node bench.mjs "$work/links-mixed-100000.csv") >> "$work/browser.jsonl"

say "typical workbook: CLI, polars peer, page, SheetJS page, and the limit"
sheetjs="$work/sheetjs"
mkdir -p "$sheetjs"
cp tests/bench/sheetjs/index.html tests/bench/sheetjs/peer.js tests/e2e/node_modules/xlsx/dist/xlsx.full.min.js "$sheetjs/"
: > "$work/typical-browser.jsonl"
: > "$work/typical-sheetjs.jsonl"
for rows in $TYPICAL; do
  in="$work/typical-$rows.xlsx"
  hyperfine -N --warmup 1 --runs "$(runs "$rows")" --export-json "$work/typical-cli-$rows.json" \
    "target/release/pinsheet convert $in -o $work/typical-out-$rows.xlsx" >/dev/null 2>&1
  /usr/bin/time -f %M target/release/pinsheet convert "$in" -o "$work/typical-out-$rows.xlsx" \
    2> "$work/typical-cli-$rows.rss" >/dev/null
  hyperfine -N --warmup 1 --runs "$(runs "$rows")" --export-json "$work/typical-polars-$rows.json" \
    "$PYTHON tests/bench/polars_peer.py $in $work/typical-polars-$rows.xlsx" >/dev/null 2>&1
  /usr/bin/time -f %M "$PYTHON" tests/bench/polars_peer.py "$in" "$work/typical-polars-$rows.xlsx" \
    2> "$work/typical-polars-$rows.rss" >/dev/null
  # The limit: inflating the input's sheet parts once, and deflating (gzip -1) the output's.
  unzip -p "$work/typical-out-$rows.xlsx" 'xl/worksheets/*.xml' > "$work/typical-out-$rows.xml"
  hyperfine -N --runs "$(runs "$rows")" --export-json "$work/typical-inflate-$rows.json" \
    "unzip -p $in xl/worksheets/*.xml xl/sharedStrings.xml" >/dev/null 2>&1
  hyperfine -N --runs "$(runs "$rows")" --export-json "$work/typical-deflate-$rows.json" \
    "gzip -1 -c $work/typical-out-$rows.xml" >/dev/null 2>&1
  rm -f "$work/typical-out-$rows.xml"
  (cd tests/e2e && BENCH_RUNS="$(runs "$rows")" node bench.mjs "$in") >> "$work/typical-browser.jsonl"
  (cd tests/e2e && BENCH_RUNS="$(runs "$rows")" SHEETJS_DIR="$sheetjs" node bench_sheetjs.mjs "$in") >> "$work/typical-sheetjs.jsonl"
done

say "the Python package against regex in pure Python and Polars, and in Spark"
bash scripts/bench_python.sh >/dev/null

say "resolver: 1,000 short links at 100 ms latency, then cached load with wrk"
# Debug assertions stay on (the test hook requires them); optimised like a release build.
export CARGO_PROFILE_DEV_OPT_LEVEL=3
cargo build -q -p pinsheet-resolver --features test-hook --example resolver_bench
rm -f "$work/resolver.out"
(sleep 60 | target/debug/examples/resolver_bench > "$work/resolver.out") &
for _ in $(seq 1 300); do grep -q '^listening' "$work/resolver.out" 2>/dev/null && break; sleep 0.1; done
read -r _ address _ pid < <(grep '^listening' "$work/resolver.out")
rss() { awk '/VmRSS/ {print int($2 / 1024) " MiB"}' "/proc/$pid/status"; }
rest=$(rss)
cat > "$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"urls":["https://maps.app.goo.gl/s1","https://maps.app.goo.gl/s2","https://maps.app.goo.gl/s3"]}'
wrk.headers["Content-Type"] = "application/json"
LUA
(sleep 5; rss > "$work/rss-load") &
wrk -t2 -c32 -d10s --latency -s "$work/post.lua" "$address/resolve" > "$work/wrk.txt"
kill "$pid" 2>/dev/null || true
resolver_json=$(head -1 "$work/resolver.out")
rps=$(awk '/Requests\/sec/ {print int($2)}' "$work/wrk.txt")
p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")

say "resolving in the CLI: 1,000 short links at 100 ms latency, then again with the cache"
bash scripts/bench_resolve.sh >/dev/null
cli_resolve=$(cat "$work/resolve.json")

size() { stat -c %s "$1"; }
gz() { gzip -9 -c "$1" | wc -c; }
{
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%Y-%m-%d); wasm toolchain: $(source scripts/toolchain.sh; wasm_toolchain; echo "$WASM_MODE")"
  echo
  echo "| rows | CLI | CLI peak RSS | Chromium: waiting time | Chromium: peak renderer memory | … of it the worker's wasm | worker: convert + write | Python peer | CLI vs Python | page vs Python |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for rows in $SIZES; do
    cli=$("$PYTHON" -c "import json,sys; print(round(json.load(open(sys.argv[1]))['results'][0]['median']*1000))" "$work/cli-$rows.json")
    py=$("$PYTHON" -c "import json,sys; print(round(json.load(open(sys.argv[1]))['results'][0]['median']*1000))" "$work/python-$rows.json")
    rss=$(( $(tail -1 "$work/cli-$rows.rss") / 1024 ))
    read -r browser peak wasm worker < <("$PYTHON" -c "
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r['file'].endswith('-$rows.xlsx'): print(r['median_ms'], r['peak_renderer_mib'], r['worker_wasm_mib'], round(r['worker_convert_ms']))" "$work/browser.jsonl")
    echo "| $rows | $cli ms | $rss MiB | $browser ms | $peak MiB | $wasm MiB | $worker ms | $py ms | $((py / (cli > 0 ? cli : 1)))× | $((py / (browser > 0 ? browser : 1)))× |"
  done
  echo
  echo "Medians of $(runs 1000) runs (1k, 10k), $(runs 100000) (100k), $(runs 1048575) (1,048,575 rows)."
  echo
  echo "Typical workbook (bench_typical: name, map link, date, number, boolean, website hyperlinks; a second sheet):"
  echo
  "$PYTHON" scripts/bench_typical_report.py "$work" $TYPICAL
  echo
  native=$("$PYTHON" -c "import json,sys; print(json.load(open(sys.argv[1]))['links_per_second'])" "$work/links-native.json")
  wasm=$("$PYTHON" -c "
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r['file'].endswith('links-mixed-100000.csv'): print(r['links_per_second'])" "$work/browser.jsonl")
  echo "| extract, mixed corpus of 100,000 | native, one core | wasm in Chromium's worker |"
  echo "|---|---:|---:|"
  echo "| links per second | $native | $wasm |"
  read -r interactive ready < <("$PYTHON" -c "
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r['file'].endswith('links-1000.xlsx'): print(r['interactive_ms'], r['converter_ready_ms'])" "$work/browser.jsonl")
  echo
  echo "Page interactive (navigation → app mounted and taking files, median of $(runs 1000)): $interactive ms."
  echo "Converter loaded and warmed up (navigation → worker Ready, median of $(runs 1000)): $ready ms."
  echo
  echo "The Python package (scripts/bench_python.sh):"
  echo
  cat "$work/python.md"
  echo
  echo "| resolver | figure |"
  echo "|---|---|"
  echo "| 1,000 distinct short links, upstream 100 ms, 16 at once | $("$PYTHON" -c "import json,sys; print(json.loads(sys.argv[1])['seconds'])" "$resolver_json") s |"
  echo "| the same through \`pinsheet convert --resolve --concurrency 16\` (in-process) | $("$PYTHON" -c "import json,sys; r=json.loads(sys.argv[1]); print(f\"{r['cli_seconds']} s, {r['cli_resolved']} resolved\")" "$cli_resolve") |"
  echo "| the CLI again with its cache: time, requests upstream | $("$PYTHON" -c "import json,sys; r=json.loads(sys.argv[1]); print(f\"{r['cli_rerun_seconds']} s, {r['cli_rerun_upstream_requests']}\")" "$cli_resolve") |"
  echo "| cached: wrk -t2 -c32 -d10s, 3 links a request | $rps req/s, p99 $p99 |"
  echo "| memory (RSS) at rest after the 1,000 links / under load | $rest / $(cat "$work/rss-load") |"
  echo
  echo "| bundle | raw | gzip -9 |"
  echo "|---|---:|---:|"
  for f in dist/app-*_bg.wasm dist/worker_bg.wasm; do
    echo "| $(basename "$f") | $(size "$f") B | $(gz "$f") B |"
  done
} | tee "$work/report.md"
