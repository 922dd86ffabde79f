#!/usr/bin/env bash
# `make fuzz`: each fuzz target for FUZZ_SECONDS (default 600) with cargo-fuzz on the nightly
# toolchain. Not part of `make test`. Crashes land in fuzz/artifacts/<target>/.
#   extract    any text through the link extractor (fuzz/extract.dict names every service,
#              scheme and notation it branches on)
#   read       any bytes through sniff, pre-scans, readers (the .xls HLINK walker and the
#              GeoJSON / Takeout reader included), convert and writers; seeded with the
#              fixtures and the generated hostile files
#   sheet_xml  the bytes as the sheet XML of a valid .xlsx and the content.xml of an .ods
#   patch_xlsx any bytes as the original of "keep formatting" (read, convert, patch), and
#              as the sheet XML of a valid .xlsx, so the splice is reached
# FUZZ_TARGETS="read" limits the run to some targets. Leak detection is off: thread-local
# destructor registrations (32 bytes, once per thread) are reported as leaks.
source "$(dirname "$0")/toolchain.sh"
cd "$ROOT"
command -v rustup >/dev/null && rustup toolchain list | grep -q nightly \
  || die "cargo fuzz needs a nightly toolchain (rustup toolchain install nightly)"
cargo fuzz --version >/dev/null 2>&1 || cargo install -q cargo-fuzz --locked
seed=fuzz/corpus/read
if [ ! -d "$seed" ]; then
  mkdir -p "$seed" fuzz/corpus/sheet_xml
  python3 tests/fixtures/make_hostile.py "$ROOT/target/hostile-seed" >/dev/null
  # Small files only: libFuzzer mutates better from short inputs.
  find tests/fixtures/libreoffice tests/fixtures/openpyxl tests/fixtures/takeout target/hostile-seed -type f -size -64k -exec cp {} "$seed"/ \;
  printf '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>https://maps.google.com/?q=1,2</t></is></c></row></sheetData><hyperlinks><hyperlink ref="A1" r:id="rId1"/></hyperlinks><mergeCells><mergeCell ref="B1:C1"/></mergeCells></worksheet>' \
    > fuzz/corpus/sheet_xml/seed.xml
fi
# The readers are fuzzed as they ship (-O: no overflow checks, like the release and web
# profiles): calamine 0.38 subtracts unchecked in get_dimension ("B2:A1"), which only a
# debug build turns into a panic. The extractor keeps its debug assertions.
for target in ${FUZZ_TARGETS:-$(cd fuzz && cargo +nightly fuzz list)}; do
  case "$target" in
    extract) max_len=4096; mode=""; dict="-dict=extract.dict" ;;
    *) max_len=262144; mode="-O"; dict="" ;;
  esac
  say "fuzzing $target for ${FUZZ_SECONDS:-600} s"
  (cd fuzz && cargo +nightly fuzz run $mode "$target" -- -max_total_time="${FUZZ_SECONDS:-600}" \
     -max_len="$max_len" -rss_limit_mb=3072 -timeout=20 -detect_leaks=0 $dict)
done
