#!/usr/bin/env python3
"""The Markdown table of scripts/bench_python.sh: rows per second, and each pinsheet way as a
ratio of the regex peers measured in the same run."""

import json
import sys
from pathlib import Path


def load(path):
    return {r["name"]: r for r in map(json.loads, path.read_text().splitlines()) if r}


def main():
    work = Path(sys.argv[1])
    one, every, spark = (load(work / f"python-{name}.jsonl") for name in ("one-core", "all-cores", "spark"))
    peers = ("re per row (pure Python)", "Polars regex (str.extract)")
    print("| 1,000,000 mixed links | one core: rows/s | × re | × Polars regex | every core: rows/s | with a point |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, r in one.items():
        ratio = lambda peer: f"{r['rows_per_second'] / one[peer]['rows_per_second']:.1f}×"  # noqa: E731
        print(f"| {name} | {r['rows_per_second']:,} | {ratio(peers[0])} | {ratio(peers[1])} | "
              f"{every[name]['rows_per_second']:,} | {r['with_points']:,} |")
    print()
    print("| Spark local[2], 1,000,000 mixed links to the noop sink | seconds | rows/s | with a point |")
    print("|---|---:|---:|---:|")
    for name, r in spark.items():
        print(f"| {name} | {r['seconds']} | {r['rows_per_second']:,} | {r['with_points']:,} |")
    names = list(spark)
    if len(names) == 2:
        print(f"\npinsheet's Arrow UDF: {spark[names[0]]['rows_per_second'] / spark[names[1]]['rows_per_second']:.1f}× the Python regex UDF.")


if __name__ == "__main__":
    main()
