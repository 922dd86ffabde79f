#!/usr/bin/env python3
"""`make bench`: the typical workbook's table for BENCHMARKS.md, from the figures
scripts/bench.sh left in its work folder. Usage: bench_typical_report.py WORK ROWS..."""

import json
import sys
from pathlib import Path


def median_ms(path):
    return json.loads(path.read_text())["results"][0]["median"] * 1000


def peak_mib(path):
    return int(path.read_text().split()[-1]) // 1024


def browser(path, rows):
    for line in path.read_text().splitlines():
        record = json.loads(line)
        if record["file"].endswith(f"-{rows}.xlsx"):
            return record
    return {}


def seconds(ms):
    return f"{ms / 1000:.2f} s" if ms >= 1000 else f"{ms:.0f} ms"


def ratio(peer, ours):
    return f"{peer / ours:.1f}×" if peer and ours else "—"


def main():
    work = Path(sys.argv[1])
    print("| rows | CLI | polars peer | CLI vs polars | CLI peak RSS | polars peak RSS "
          "| limit (inflate + gzip -1) | CLI vs limit | page | SheetJS page | page vs SheetJS "
          "| page: renderers' peak | SheetJS: renderers' peak | page: worker convert + write |")
    print("|---:" * 14 + "|")
    for rows in sys.argv[2:]:
        cli = median_ms(work / f"typical-cli-{rows}.json")
        polars = median_ms(work / f"typical-polars-{rows}.json")
        limit = median_ms(work / f"typical-inflate-{rows}.json") + median_ms(work / f"typical-deflate-{rows}.json")
        page = browser(work / "typical-browser.jsonl", rows)
        sheetjs = browser(work / "typical-sheetjs.jsonl", rows)
        ours = page.get("median_ms")
        theirs = sheetjs.get("median_ms")
        failed = str(sheetjs.get("failed") or "not run")
        if "crashed" in failed:
            failed = f"the tab crashed at {sheetjs.get('peak_renderer_mib')} MiB"
        peer = seconds(theirs) if theirs else f"fails: {failed}"
        print(
            f"| {int(rows):,} | {seconds(cli)} | {seconds(polars)} | {ratio(polars, cli)} "
            f"| {peak_mib(work / f'typical-cli-{rows}.rss')} MiB | {peak_mib(work / f'typical-polars-{rows}.rss')} MiB "
            f"| {seconds(limit)} | {cli / limit:.1f}× the limit "
            f"| {seconds(ours) if ours else '—'} | {peer} | {ratio(theirs, ours)} "
            f"| {page.get('peak_renderer_mib', '—')} MiB | {sheetjs.get('peak_renderer_mib', '—')} MiB "
            f"| {seconds(page.get('worker_convert_ms', 0))} |"
        )


if __name__ == "__main__":
    main()
