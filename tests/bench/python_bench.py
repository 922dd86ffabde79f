#!/usr/bin/env python3
"""The Python half of `make bench` (issue 17): rows per second for a column of mixed links,
pinsheet's Python package against the ways a Python user would do it otherwise.

    python3 tests/bench/python_bench.py local CORPUS.csv   # one JSON line per way
    python3 tests/bench/python_bench.py spark CORPUS.csv

`local` times pinsheet.extract on a pyarrow array and on a pandas Series, the Polars
expression, regular expressions per row in pure Python (as the tool pinsheet replaces did) and
Polars' vectorised regex — regex_peers.py, a pattern per form of the corpus. bench.sh runs it
under `taskset -c 0` with POLARS_MAX_THREADS=1 for the one-core figures, and again on every
core. `spark` times a local[2] Spark job writing to the `noop` sink: pinsheet's Arrow UDF
against a Python UDF applying the same per-row regex. `with_points` says how many rows each
found a point in. Only for timing.
"""

import json
import os
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

sys.path.insert(0, str(Path(__file__).resolve().parent))


def best_of(runs, job):
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = job()
        best = min(best, time.perf_counter() - started)
    return best, result


def report(name, rows, seconds, with_points):
    print(json.dumps({"name": name, "rows": rows, "seconds": round(seconds, 4),
                      "rows_per_second": round(rows / seconds), "with_points": with_points}), flush=True)


def local(links: pa.Array):
    import pandas as pd
    import polars as pl

    import pinsheet
    import pinsheet.polars
    from regex_peers import per_row, polars_points

    threads = int(os.environ.get("PINSHEET_THREADS", "0")) or None
    rows = len(links)
    seconds, out = best_of(3, lambda: pinsheet.extract(links, threads=threads))
    report("pinsheet.extract (pyarrow)", rows, seconds, rows - out.field("lat").null_count)

    series = links.to_pandas()
    seconds, out = best_of(3, lambda: pinsheet.extract(series, threads=threads))
    report("pinsheet.extract (pandas Series)", rows, seconds, int(out["lat"].notna().sum()))

    frame = pl.from_arrow(pa.table({"link": links}))
    seconds, out = best_of(3, lambda: frame.select(pinsheet.polars.extract("link", threads=threads)))
    report("pinsheet.polars.extract", rows, seconds, int(out["link_point"].struct.field("lat").is_not_null().sum()))

    texts = links.to_pylist()
    seconds, out = best_of(1, lambda: [per_row(t) for t in texts])
    report("re per row (pure Python)", rows, seconds, sum(1 for lat, _, _ in out if lat is not None))

    seconds, out = best_of(3, lambda: polars_points(frame, "link"))
    report("Polars regex (str.extract)", rows, seconds, int(out["lat"].is_not_null().sum()))


def spark(path: str, rows: int):
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ["PYSPARK_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    from pinsheet.spark import extract
    from regex_peers import per_row

    session = (
        SparkSession.builder.master("local[2]").appName("pinsheet-bench")
        .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "4g").config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1").getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    # The regex UDF's patterns travel to the Python workers with it.
    session.sparkContext.addPyFile(str(Path(__file__).resolve().with_name("regex_peers.py")))
    # The corpus quotes as RFC 4180 does ("" inside a quoted field), not Spark's default `\`.
    df = session.read.option("header", True).option("escape", '"').csv(path).withColumnRenamed("Link", "link").cache()
    df.count()
    regex = F.udf(lambda t: per_row(t)[:2], "struct<lat: double, lon: double>")

    def run(column):
        df.withColumn("point", column).write.format("noop").mode("overwrite").save()

    for name, column, found in [
        ("Spark local[2]: pinsheet Arrow UDF", extract("link"), extract("link").getField("lat")),
        ("Spark local[2]: Python regex UDF", regex("link"), regex("link").getField("lat")),
    ]:
        run(column)  # warm: the Python workers start
        seconds, _ = best_of(2, lambda: run(column))
        report(name, rows, seconds, df.where(found.isNotNull()).count())
    session.stop()


def main():
    mode, path = sys.argv[1], sys.argv[2]
    links = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(column_types={"Link": pa.string()}))
    links = links.column("Link").combine_chunks()
    if mode == "local":
        local(links)
    else:
        spark(path, len(links))


if __name__ == "__main__":
    main()
