#!/usr/bin/env python3
"""The polars peer for `make bench`: the job done with the stack a data person would pick
today — fastexcel (calamine, into Arrow), Polars' vectorised regular expressions, and
rustpy-xlsxwriter (rust_xlsxwriter) to write every sheet back.

    python3 tests/bench/polars_peer.py IN.xlsx OUT.xlsx

It reads the Google Maps forms of the benchmark sheets (`!3d…!4d…` pin, `?q=lat,lng`,
`@lat,lng` map view, typed "lat, lng") and appends Latitude, Longitude and Coordinate source
columns after the sheet's columns. Only for timing: it does not try to match pinsheet's
coverage, and it loses what fastexcel does not read (hyperlinks, number formats but dates).
"""

import sys

import fastexcel
import polars as pl
from rustpy_xlsxwriter import FastExcel

NUMBER = r"(-?\d+(?:\.\d+)?)"
FORMS = (
    (rf"!3d{NUMBER}!4d{NUMBER}", "place pin"),
    (rf"[?&]q={NUMBER},{NUMBER}", "typed coordinates"),
    (rf"@{NUMBER},{NUMBER}", "map view"),
    (rf"^\s*{NUMBER},\s*{NUMBER}\s*$", "typed coordinates"),
)


def with_points(frame, column):
    text = pl.col(column).cast(pl.String)
    lat = pl.coalesce([text.str.extract(pattern, 1).cast(pl.Float64) for pattern, _ in FORMS])
    lon = pl.coalesce([text.str.extract(pattern, 2).cast(pl.Float64) for pattern, _ in FORMS])
    source = pl.when(text.str.contains(FORMS[0][0])).then(pl.lit(FORMS[0][1]))
    for pattern, name in FORMS[1:]:
        source = source.when(text.str.contains(pattern)).then(pl.lit(name))
    source = source.when(text.str.contains("goo.gl", literal=True)).then(pl.lit("short link — needs resolver"))
    source = source.otherwise(pl.lit("no coordinates"))
    return frame.with_columns(
        lat.alias("Latitude"), lon.alias("Longitude"), source.alias("Coordinate source")
    )


def link_column(frame):
    for name, dtype in frame.schema.items():
        if dtype == pl.String and frame[name].str.contains("google|goo\\.gl").any():
            return name
    return None


def main():
    source, target = sys.argv[1], sys.argv[2]
    reader = fastexcel.read_excel(source)
    book = FastExcel(target)
    for name in reader.sheet_names:
        frame = reader.load_sheet(name).to_polars()
        column = link_column(frame)
        if column is not None:
            frame = with_points(frame, column)
        book.sheet(name, frame)
    book.save()


if __name__ == "__main__":
    main()
