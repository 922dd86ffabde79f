"""pinsheet.extract: the points the link forms' documentation gives, every input kind a
Python user holds, and the CLI's `pinsheet extract` field for field on a wide corpus."""

import json
import random

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import pinsheet
from links import ROWS

# Forms from the services' documentation and the specs (RFC 5870 geo URIs, the Open Location
# Code spec, Apple's and Waze's URL schemes, Bing's cp=), with the point each one names.
DOCUMENTED = [
    ("geo:13.4125,103.8667", 13.4125, 103.8667),  # RFC 5870 §1
    ("geo:48.2010,16.3695,183", 48.2010, 16.3695),  # §6.2: altitude ignored
    ("geo:-48.876667,-123.393333;crs=wgs84;u=40", -48.876667, -123.393333),
    ("https://maps.apple.com/?ll=50.894967,4.341626&q=Atomium", 50.894967, 4.341626),
    ("https://www.waze.com/ul?ll=40.75889500,-73.98513100&navigate=yes", 40.758895, -73.985131),
    ("https://www.openstreetmap.org/?mlat=51.50073&mlon=-0.12463#map=17/51.50073/-0.12463", 51.50073, -0.12463),
    ("41.4036, 2.1744", 41.4036, 2.1744),
    ("41°24'12.2\"N 2°10'26.5\"E", 41.4033889, 2.1740278),
    ("8FVC9G8F+6X", 47.3655625, 8.5249375),  # the OLC spec's Zürich code: its cell's centre
]


def test_the_fixture_links_give_the_points_their_documentation_names():
    result = pinsheet.extract([link for _, link, *_ in ROWS]).to_pylist()
    for (name, _, lat, lon, source), row in zip(ROWS, result):
        assert (row["lat"], row["lon"], row["source"]) == (lat, lon, source), name
        found = row["status"] in ("ok", "low confidence")
        assert found == (lat is not None), name


@pytest.mark.parametrize("text, lat, lon", DOCUMENTED)
def test_documented_forms(text, lat, lon):
    row = pinsheet.extract([text])[0].as_py()
    assert (row["lat"], row["lon"]) == (pytest.approx(lat, abs=1e-7), pytest.approx(lon, abs=1e-7))
    assert row["status"] == "ok" and row["confidence"] == "high" and row["service"] and row["form"]


def test_a_gcj02_link_names_its_datum_and_moves_to_wgs84():
    # Amap's URI API takes GCJ-02 (its docs); pinsheet converts: the point moves by a few
    # hundred metres in China and the datum is named.
    row = pinsheet.extract(["https://uri.amap.com/marker?position=116.397428,39.90923"])[0].as_py()
    assert row["datum"] == "GCJ-02" and "GCJ-02 → WGS-84" in row["source"]
    assert abs(row["lat"] - 39.90923) < 0.01 and abs(row["lon"] - 116.397428) < 0.01
    assert (row["lat"], row["lon"]) != (39.90923, 116.397428)


def test_rows_without_a_point_say_why():
    rows = pinsheet.extract(["https://maps.app.goo.gl/abc123", "", None, "call Anna", "9G8F+6X"]).to_pylist()
    assert [r["status"] for r in rows] == [
        "needs resolver",
        "no coordinates",
        "no coordinates",
        "no coordinates",
        "needs a reference point",
    ]
    assert rows[0]["service"] == "Google Maps" and rows[1]["source"] == rows[2]["source"] == "empty cell"
    assert all(r["lat"] is None and r["lon"] is None and r["confidence"] is None for r in rows)


def test_a_reference_point_recovers_short_plus_codes():
    for near in [(47.37, 8.54), [47.37, 8.54], "47.37,8.54", " 47.37 , 8.54 "]:
        row = pinsheet.extract(["9G8F+6X"], near=near)[0].as_py()
        assert (row["lat"], row["lon"]) == (pytest.approx(47.3655625), pytest.approx(8.5249375))


@pytest.mark.parametrize("near", [(91, 0), (0, 181), "48.8", "a,b", (1, 2, 3), "nan,1"])
def test_a_bad_reference_point_is_a_value_error(near):
    with pytest.raises(ValueError):
        pinsheet.extract(["9G8F+6X"], near=near)


def test_the_struct_type_is_the_documented_one():
    result = pinsheet.extract(["geo:1,2"])
    assert isinstance(result, pa.StructArray) and result.type == pinsheet.POINT
    assert [f.name for f in pinsheet.POINT] == ["lat", "lon", "status", "source", "confidence", "service", "form", "datum"]
    empty = pinsheet.extract([])
    assert len(empty) == 0 and empty.type == pinsheet.POINT


TEXTS = ["geo:1,2", None, "https://www.google.com/maps/@-33.8567844,151.213108,17z", "x"]


@pytest.mark.parametrize(
    "kind",
    ["list", "tuple", "generator", "string", "large_string", "string_view", "dictionary"],
)
def test_every_arrow_layout_and_python_sequence(kind):
    values = {
        "list": TEXTS,
        "tuple": tuple(TEXTS),
        "generator": (t for t in TEXTS),
        "string": pa.array(TEXTS, pa.string()),
        "large_string": pa.array(TEXTS, pa.large_string()),
        "string_view": pa.array(TEXTS, pa.string_view()),
        "dictionary": pa.array(TEXTS).dictionary_encode(),
    }[kind]
    assert pinsheet.extract(values).to_pylist() == pinsheet.extract(pa.array(TEXTS)).to_pylist()


def test_a_chunked_array_keeps_its_chunks():
    chunked = pa.chunked_array([TEXTS[:1], TEXTS[1:]], pa.string())
    result = pinsheet.extract(chunked)
    assert isinstance(result, pa.ChunkedArray) and [len(c) for c in result.chunks] == [1, 3]
    assert result.to_pylist() == pinsheet.extract(TEXTS).to_pylist()


def test_numbers_are_read_as_their_text_and_binary_is_refused():
    # A number alone is no coordinate, but it is a value: "no coordinates", never "empty cell".
    for values in ([48.5, 7], pa.array([1, 2]), pa.array([True, False]), pa.array([1.5, 2.5], pa.float32())):
        assert [r["source"] for r in pinsheet.extract(values).to_pylist()] == ["no coordinates"] * 2
    # A pair of numbers in one text is one: the cast keeps the digits.
    pair = pinsheet.extract(pa.array(["48.8584, 2.2945"]).cast(pa.large_string()).dictionary_encode())
    assert pair.to_pylist()[0]["lat"] == 48.8584
    with pytest.raises(TypeError, match="cannot be read as text"):
        pinsheet.extract(pa.array([b"\x00"], pa.binary()))
    with pytest.raises(TypeError, match="not one text"):
        pinsheet.extract("geo:1,2")


def test_pandas_series_gives_a_frame_with_its_index():
    series = pd.Series(["geo:1,2", float("nan"), 3.5, None, pd.NA, pd.NaT], index=[10, 20, 30, 40, 50, 60], name="link")
    frame = pinsheet.extract(series)
    assert list(frame.index) == [10, 20, 30, 40, 50, 60] and list(frame.columns) == [f.name for f in pinsheet.POINT]
    assert frame.loc[10, "lat"] == 1.0 and frame.loc[30, "source"] == "no coordinates"
    assert list(frame.loc[[20, 40, 50, 60], "source"]) == ["empty cell"] * 4
    arrow_backed = pd.Series(["geo:1,2", None], dtype="string[pyarrow]")
    assert pinsheet.extract(arrow_backed)["lon"].tolist()[0] == 2.0


def test_polars_series_gives_a_polars_frame():
    frame = pinsheet.extract(pl.Series("link", ["geo:1,2", None]))
    assert isinstance(frame, pl.DataFrame) and frame.columns == [f.name for f in pinsheet.POINT]
    assert frame["lat"].to_list() == [1.0, None]


def test_threads_change_nothing_but_speed():
    texts = [link for _, link, *_ in ROWS] * 4000
    one = pinsheet.extract(texts, threads=1)
    assert pinsheet.extract(texts, threads=4).equals(one) and pinsheet.extract(texts).equals(one)


def corpus():
    """Every form above, and the same texts damaged at random (cut, a character changed, a
    digit doubled, spaces, other scripts), with a fixed seed: inputs nobody wrote on purpose."""
    base = [link for _, link, *_ in ROWS] + [text for text, *_ in DOCUMENTED]
    base += ["https://uri.amap.com/marker?position=116.397428,39.90923", "9G8F+6X", "", "  ", "0,0", "-0.0, 180"]
    rng = random.Random(20261204)
    noise = "0123456789.,-+°'\"/:?&=@!#%NSEW zéд中 \t"
    texts = list(base)
    for _ in range(3000):
        text = list(rng.choice(base))
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(text) + 1)
            action = rng.randrange(4)
            if action == 0:
                text = text[:at]
            elif action == 1 and text:
                text[min(at, len(text) - 1)] = rng.choice(noise)
            elif action == 2:
                text.insert(at, rng.choice(noise))
            elif text:
                del text[min(at, len(text) - 1)]
        texts.append("".join(text).replace("\n", " ").replace("\r", " "))
    return texts


def test_the_same_answers_as_the_cli_field_for_field(cli):
    texts = corpus()
    out = cli("extract", stdin="\n".join(texts) + "\n")
    assert out.returncode == 0, out.stderr
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(lines) == len(texts)
    for text, line, row in zip(texts, lines, pinsheet.extract(texts).to_pylist()):
        assert line["input"] == text
        assert (row["lat"], row["lon"]) == (line["lat"], line["lon"]), text
        assert row["source"] == line.get("provenance", line.get("status")), text
        assert row["confidence"] == line.get("confidence"), text
