"""pinsheet-core against kept reference implementations, not against itself.

- Plus codes: Google's own `openlocationcode` (the Open Location Code project's Python
  implementation) encodes random points, shortens them as the spec allows and recovers them
  against a reference point; pinsheet must give the same cell centre.
- China datums: `eviltransform` (the widely used GCJ-02/BD-09 formulas). The inverse
  GCJ-02 → WGS-84 has no closed form; pinsheet's must be the iterative one: sent forward
  again by the reference, its answer lands within 2e-7° of the GCJ-02 point it came from
  (the one-step inverse misses by up to ~2e-5°).
"""

import json
import random
import subprocess

import eviltransform
from openlocationcode import openlocationcode as olc

from conftest import pinsheet_path


def extract(lines, *args):
    result = subprocess.run(
        [pinsheet_path(), "extract", *args],
        input="\n".join(lines) + "\n", capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_plus_codes_match_the_reference_implementation():
    rng = random.Random(20261202)
    checked = 0
    for _ in range(60):
        lat, lon = rng.uniform(-80, 80), rng.uniform(-179, 179)
        code = olc.encode(lat, lon, rng.choice([10, 11, 12, 13, 15]))
        area = olc.decode(code)
        full = extract([code])[0]
        assert abs(full["lat"] - area.latitudeCenter) < 1e-7 and abs(full["lon"] - area.longitudeCenter) < 1e-7, code
        for removed in (2, 4, 6, 8):
            short = code[removed:]
            # A short code that keeps fewer than four digits and no letter reads as a sum or a
            # phone prefix (README: plus codes); the rule, not the reference, leaves it out.
            if removed >= 6 and not any(c.isalpha() for c in short):
                continue
            # Anywhere within a third of the cell the short code keeps, so the nearest match is
            # the original code.
            cell = 20.0 ** (2 - removed / 2)
            near_lat = area.latitudeCenter + rng.uniform(-0.3, 0.3) * cell
            near_lon = area.longitudeCenter + rng.uniform(-0.3, 0.3) * cell
            want = olc.decode(olc.recoverNearest(short, near_lat, near_lon))
            got = extract([short], f"--near={near_lat},{near_lon}")[0]
            assert got["lat"] is not None, (short, near_lat, near_lon, got)
            assert abs(got["lat"] - want.latitudeCenter) < 1e-7, (short, got)
            assert abs(got["lon"] - want.longitudeCenter) < 1e-7, (short, got)
            checked += 1
    assert checked > 200


# Boxes well inside mainland China (south, west, north, east): Beijing, Shanghai, Chengdu,
# Xi'an, Guangzhou, Harbin, Ürümqi, Lhasa, Kunming.
MAINLAND = [
    (39.7, 116.1, 40.1, 116.7), (31.0, 121.2, 31.4, 121.7), (30.5, 103.9, 30.8, 104.2),
    (34.1, 108.8, 34.4, 109.1), (23.0, 113.1, 23.3, 113.5), (45.6, 126.5, 45.9, 126.8),
    (43.7, 87.4, 43.9, 87.8), (29.6, 91.0, 29.7, 91.2), (24.9, 102.6, 25.1, 102.9),
]


def china_points(rng, n):
    for _ in range(n):
        s, w, north, e = rng.choice(MAINLAND)
        yield round(rng.uniform(s, north), 6), round(rng.uniform(w, e), 6)


def test_gcj02_inverse_is_the_iterative_one():
    rng = random.Random(5)
    points = list(china_points(rng, 200))
    # Amap's URI API: `position=lon,lat` in GCJ-02 unless `coordinate=wgs84`.
    out = extract([f"https://uri.amap.com/marker?position={lon},{lat}" for lat, lon in points])
    for (lat, lon), got in zip(points, out):
        assert "GCJ-02 → WGS-84" in got["provenance"], got
        back_lat, back_lon = eviltransform.wgs2gcj(got["lat"], got["lon"])
        # Within 2e-7°: the iteration's own error is far smaller; the rest is the 7 decimals.
        assert abs(back_lat - lat) < 2e-7 and abs(back_lon - lon) < 2e-7, (lat, lon, got)
        ref_lat, ref_lon = eviltransform.gcj2wgs_exact(lat, lon)
        assert abs(ref_lat - got["lat"]) < 2e-6 and abs(ref_lon - got["lon"]) < 2e-6, (lat, lon, got)


def test_bd09_matches_the_reference_formulas():
    rng = random.Random(9)
    points = list(china_points(rng, 200))
    # Baidu's URI API: `location=lat,lng` in BD-09 unless `coord_type` says otherwise.
    out = extract([f"https://api.map.baidu.com/marker?location={lat},{lon}&title=x" for lat, lon in points])
    for (lat, lon), got in zip(points, out):
        assert "BD-09 → WGS-84" in got["provenance"], got
        gcj_lat, gcj_lon = eviltransform.bd2gcj(lat, lon)
        back_lat, back_lon = eviltransform.wgs2gcj(got["lat"], got["lon"])
        assert abs(back_lat - gcj_lat) < 2e-6 and abs(back_lon - gcj_lon) < 2e-6, (lat, lon, got)


def test_points_outside_mainland_china_are_not_shifted():
    # Hong Kong, Macau and Taipei use WGS-84 on the same services.
    cells = [
        "https://uri.amap.com/marker?position=114.1694,22.3193",
        "https://uri.amap.com/marker?position=113.5439,22.1987",
        "https://uri.amap.com/marker?position=121.5654,25.0330",
    ]
    for cell, got in zip(cells, extract(cells)):
        assert "→ WGS-84" not in got["provenance"], got
