#!/usr/bin/env python3
"""The Python peer for `make bench`: the same job done the way the tool pinsheet replaces did
it — pandas `read_excel`, a regular expression per link, `to_excel` with openpyxl.

    python3 tests/bench/python_peer.py IN.xlsx OUT.xlsx

It reads the Google Maps forms of the benchmark sheet (`!3d…!4d…` pin, `@lat,lng` map view,
`?q=lat,lng`) and appends Latitude, Longitude and Coordinate source columns. Only for
timing; it does not try to match pinsheet's coverage.
"""

import re
import sys

import pandas as pd

PIN = re.compile(r"!3d(-?\d+(?:\.\d+)?)!4d(-?\d+(?:\.\d+)?)")
VIEW = re.compile(r"@(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)")
QUERY = re.compile(r"[?&]q=(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)")


def extract(link):
    if not isinstance(link, str):
        return None, None, "no coordinates"
    for pattern, source in ((PIN, "place pin"), (QUERY, "typed coordinates"), (VIEW, "map view")):
        match = pattern.search(link)
        if match:
            return float(match.group(1)), float(match.group(2)), source
    if "goo.gl" in link:
        return None, None, "short link — needs resolver"
    return None, None, "no coordinates"


def main():
    source, target = sys.argv[1], sys.argv[2]
    frame = pd.read_excel(source, engine="openpyxl")
    column = next(c for c in frame.columns if frame[c].astype(str).str.contains("google|goo.gl").any())
    points = frame[column].map(extract)
    frame["Latitude"] = [p[0] for p in points]
    frame["Longitude"] = [p[1] for p in points]
    frame["Coordinate source"] = [p[2] for p in points]
    frame.to_excel(target, index=False, engine="openpyxl")


if __name__ == "__main__":
    main()
