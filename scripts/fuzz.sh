#!/usr/bin/env bash
# `make fuzz`: each fuzz target for FUZZ_SECONDS (default 600) with cargo-fuzz on the nightly
# toolchain. Not part of `make test`. Crashes land in fuzz/artifacts/<target>/.
#   extract    any text through the link extractor (fuzz/extract.dict names every service,
#              scheme and notation it branches on)
#   read       any bytes through sniff, pre-scans, readers (the .xls HLINK walker and the
#              GeoJSON / Takeout reader included), convert and writers; seeded with the
#              fixtures and the generated hostile files
#   sheet_xml  the bytes as the sheet XML of a valid .xlsx and the content.xml of an .ods
#   read_fast  the bytes as the sheet XML of a valid .xlsx, read by the fast .xlsx reader and by
#              calamine: where the fast path reads it, the two must be equal
#   read_fast_package  the bytes as the parts around a sheet (workbook, relationships,
#              styles, shared strings), read by both readers, which must be equal
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
if [ ! -d fuzz/corpus/read_fast ]; then
  mkdir -p fuzz/corpus/read_fast
  cp fuzz/corpus/sheet_xml/* fuzz/corpus/read_fast/
  printf '<worksheet><dimension ref="A1:D3"/><sheetData><row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1" s="1"><v>45000.5</v></c><c r="C1" t="b"><v>1</v></c><c r="D1" t="str"><f>A1&amp;"x"</f><v>two runsx</v></c></row><row><c t="inlineStr"><is><r><t>a</t></r><rPh><t>b</t></rPh></is></c><c s="3"><v>1.25</v></c><c/><c r="D2" s="2"><v>-3E-2</v></c></row></sheetData><mergeCells><mergeCell ref="A3:B3"/></mergeCells></worksheet>' \
    > fuzz/corpus/read_fast/seed.xml
fi
# The byte scanner's markup, and where it hands over to quick-xml mid-row.
[ -f fuzz/corpus/read_fast/scanner.xml ] \
  || printf '<worksheet><sheetData>\n <row r="1" spans="1:3"><c r="A1" t="s"><v>2</v></c><c r="B1"><f>IF(A1&lt;&gt;"",A1&amp;"!","")</f><v>3</v></c><c r="C1" t="str"><v>a&amp;b</v></c></row><row r="2"/><row><c s="1"><v>45000</v></c><x:c t="n"><v>1</v></x:c><c r=\x27C3\x27><v>2</v></c></row ></row></sheetData></worksheet>' \
    > fuzz/corpus/read_fast/scanner.xml
# The parts around a sheet, as read_fast_package takes them (`\0` between parts).
if [ ! -f fuzz/corpus/read_fast_package/seed ]; then
  mkdir -p fuzz/corpus/read_fast_package
  NS='xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
  R='http://schemas.openxmlformats.org/officeDocument/2006/relationships'
  printf '%s\0%s\0%s\0%s\0%s\0%s' \
    '<worksheet><sheetData><row r="1"><c r="A1" s="1"><v>45000</v></c><c r="B1" t="s"><v>1</v></c></row></sheetData></worksheet>' \
    "<workbook $NS><workbookPr date1904=\"0\"/><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>" \
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"$R/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>" \
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"$R/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>" \
    "<styleSheet $NS><fonts count=\"1\"><font><name val=\"Calibri\"/></font></fonts><cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellXfs></styleSheet>" \
    "<sst $NS count=\"2\" uniqueCount=\"2\"><si><t>one</t></si><si><t>two</t></si></sst>" \
    > fuzz/corpus/read_fast_package/seed
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
