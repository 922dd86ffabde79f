"""The peers of `make bench`'s Python figures (issue 17): the same job as pinsheet.extract on
the mixed corpus (crates/core/examples/bench_links.rs) done with regular expressions — one
pattern per link form in that corpus, from each service's documented URL parameters — in
pure Python (`re`, a row at a time, as the tool pinsheet replaces did) and in Polars'
vectorised regex.

Only for timing. They read what a regex can: no plus codes in Polars (decoding one is
arithmetic over a code, not a match; the Python peer calls Google's openlocationcode), no
validation of ranges, no datum conversion, no short links.
"""

import re

NUM = r"(-?\d{1,3}(?:\.\d+)?)"

# (pattern, latitude group, longitude group, words): the first that matches wins.
FORMS = [
    (rf"!3d{NUM}!4d{NUM}", 1, 2, "Google Maps: place pin"),
    (rf"[?&]q=(?:loc:)?{NUM},\s*{NUM}", 1, 2, "Google Maps: typed coordinates"),
    (rf"[?&]query={NUM}(?:,|%2C){NUM}", 1, 2, "Google Maps: typed coordinates"),
    (rf"/dir/(?:[^/]*/)*?{NUM},{NUM}/?$", 1, 2, "Google Maps: route destination"),
    (rf"@{NUM},{NUM}", 1, 2, "Google Maps: map view"),
    (rf"maps\.apple\.com/.*[?&]ll={NUM},{NUM}", 1, 2, "Apple Maps: place pin"),
    (rf"[?&]mlat={NUM}&mlon={NUM}", 1, 2, "OpenStreetMap: place pin"),
    (rf"[?&]cp={NUM}~{NUM}", 1, 2, "Bing Maps: map view"),
    (rf"waze\.com/.*[?&]ll={NUM},{NUM}", 1, 2, "Waze: place pin"),
    (rf"[?&]pt={NUM},{NUM}", 2, 1, "Yandex Maps: place pin"),
    (rf"^geo:{NUM},{NUM}", 1, 2, "geo URI: place pin"),
    (rf"share\.here\.com/l/{NUM},{NUM}", 1, 2, "HERE WeGo: place pin"),
    (rf"[?&]x={NUM}&y={NUM}", 2, 1, "Mapy.com: map view"),
    (rf"^\s*{NUM},\s*{NUM}\s*$", 1, 2, "text: decimal degrees"),
]
DMS = re.compile(
    r"(\d{1,3})°(\d{1,2})'(\d{1,2}(?:\.\d+)?)\"([NS])\s+(\d{1,3})°(\d{1,2})'(\d{1,2}(?:\.\d+)?)\"([EW])"
)
PLUS_CODE = re.compile(r"^[23456789CFGHJMPQRVWX]{8}\+[23456789CFGHJMPQRVWX]{2,3}$")
COMPILED = [(re.compile(p), la, lo, words) for p, la, lo, words in FORMS]


def per_row(text):
    """(lat, lon, words) for one text, a pattern at a time."""
    if not isinstance(text, str) or not text:
        return None, None, "empty cell"
    for pattern, la, lo, words in COMPILED:
        m = pattern.search(text)
        if m:
            lat, lon = float(m.group(la)), float(m.group(lo))
            if -90 <= lat <= 90 and -180 <= lon <= 180:
                return lat, lon, words
    m = DMS.search(text)
    if m:
        d1, m1, s1, h1, d2, m2, s2, h2 = m.groups()
        lat = (int(d1) + int(m1) / 60 + float(s1) / 3600) * (-1 if h1 == "S" else 1)
        lon = (int(d2) + int(m2) / 60 + float(s2) / 3600) * (-1 if h2 == "W" else 1)
        return lat, lon, "text: degrees, minutes and seconds"
    if PLUS_CODE.match(text):
        from openlocationcode import openlocationcode as olc

        area = olc.decode(text)
        return area.latitudeCenter, area.longitudeCenter, "plus code"
    if "goo.gl" in text:
        return None, None, "short link — needs resolver"
    return None, None, "no coordinates"


def polars_points(frame, column):
    """The Polars peer: every pattern's groups extracted over the column, the first hit kept."""
    import polars as pl

    text = pl.col(column).cast(pl.String)
    lats, lons, sources = [], [], pl.when(pl.lit(False)).then(pl.lit(None, pl.String))
    for pattern, la, lo, words in FORMS:
        lats.append(text.str.extract(pattern, la).cast(pl.Float64))
        lons.append(text.str.extract(pattern, lo).cast(pl.Float64))
        sources = sources.when(text.str.contains(pattern)).then(pl.lit(words))
    parts = text.str.extract_groups(DMS.pattern)
    sign = lambda group, negative: pl.when(parts.struct.field(group) == negative).then(-1.0).otherwise(1.0)  # noqa: E731
    dms = lambda d, m, s: (  # noqa: E731
        parts.struct.field(d).cast(pl.Float64)
        + parts.struct.field(m).cast(pl.Float64) / 60
        + parts.struct.field(s).cast(pl.Float64) / 3600
    )
    lats.append(dms("1", "2", "3") * sign("4", "S"))
    lons.append(dms("5", "6", "7") * sign("8", "W"))
    sources = sources.when(text.str.contains(DMS.pattern)).then(pl.lit("text: degrees, minutes and seconds"))
    sources = sources.when(text.str.contains("goo.gl", literal=True)).then(pl.lit("short link — needs resolver"))
    return frame.with_columns(
        pl.coalesce(lats).alias("lat"),
        pl.coalesce(lons).alias("lon"),
        sources.otherwise(pl.lit("no coordinates")).alias("source"),
    )
