"""pinsheet.resolve and convert(resolver=…): short links followed through a pinsheet-resolver
whose services are the fakes on loopback (crates/fake-upstream: Google's chains as captured),
compared with the CLI's `extract --resolver` field for field."""

import json

import pyarrow as pa
import pytest

import pinsheet

# The fake's Google: /pin redirects to a place link with the Eiffel Tower's pin
# (3d48.8583701 4d2.2944813); /dead answers 404, as a removed share link does.
PIN = "https://maps.app.goo.gl/pin"
DEAD = "https://maps.app.goo.gl/dead"
TEXTS = [PIN, "geo:1,2", DEAD, None, PIN, "call Anna"]


def test_short_links_get_their_point_and_each_row_says_what_happened(resolver, cli):
    rows = pinsheet.resolve(TEXTS, resolver=resolver, cache=False).to_pylist()
    assert rows[0]["lat"] == 48.8583701 and rows[0]["lon"] == 2.2944813
    assert rows[0]["status"] == "ok" and rows[0]["resolved"] == "ok" and rows[0]["service"] == "Google Maps"
    assert rows[0]["final_url"].startswith("https://www.google.com/maps/place/") and rows[4] == rows[0]
    assert rows[2]["lat"] is None and rows[2]["resolved"] == "gone" and "no longer works" in rows[2]["source"]
    # Rows with nothing to follow are extracted as they are, with no resolver fields.
    assert rows[1]["lat"] == 1.0 and rows[1]["resolved"] is None and rows[3]["source"] == "empty cell"
    assert [f.name for f in pinsheet.RESOLVED][-3:] == ["resolved", "final_url", "message"]

    texts = [t or "" for t in TEXTS]
    out = cli("extract", "--resolver", resolver, "--no-cache", stdin="\n".join(texts) + "\n")
    assert out.returncode == 0, out.stderr
    for line, row in zip(map(json.loads, out.stdout.splitlines()), rows):
        assert (row["lat"], row["lon"], row["confidence"]) == (line["lat"], line["lon"], line.get("confidence"))
        assert row["source"] == line.get("provenance", line.get("status"))
        assert (row["resolved"], row["final_url"], row["message"]) == (
            line.get("resolved"),
            line.get("final_url"),
            line.get("message"),
        )


def test_the_cache_file_answers_a_second_run_without_the_resolver(resolver, tmp_path):
    cache = tmp_path / "resolved.json"
    first = pinsheet.resolve(pa.array([PIN]), resolver=resolver, cache=cache)
    assert cache.exists()
    # Nothing listens on port 9: only the cache can answer.
    again = pinsheet.resolve(pa.array([PIN]), resolver="http://127.0.0.1:9", cache=cache)
    assert again.to_pylist()[0]["lat"] == first.to_pylist()[0]["lat"] == 48.8583701


def test_convert_resolves_the_sheets_short_links(resolver, tmp_path):
    source = tmp_path / "links.csv"
    source.write_text('Name,Link\nTower,https://maps.app.goo.gl/pin\nPoint,"geo:1,2"\n')
    report = pinsheet.convert(source, tmp_path / "out.csv", resolver=resolver, cache=False)
    assert report.resolved.startswith("1 links resolved: 1 with a point")
    lines = (tmp_path / "out.csv").read_text(encoding="utf-8-sig").splitlines()
    assert "48.8583701,2.2944813" in lines[1] and report.stats[0]["with_coordinates"] == 2


def test_resolving_mistakes_are_explained():
    with pytest.raises(ValueError, match="resolver='ftp://example.org': give the resolver's address"):
        pinsheet.resolve([PIN], resolver="ftp://example.org", cache=False)
    with pytest.raises(ValueError, match="concurrency"):
        pinsheet.resolve([PIN], resolver="http://127.0.0.1:9", cache=False, concurrency=0)
    with pytest.raises(pinsheet.Error, match="could not be reached"):
        pinsheet.resolve([PIN], resolver="http://127.0.0.1:9", cache=False)


def test_nothing_to_follow_makes_no_request():
    # Nothing listens at port 9: one request would fail the call ("could not be reached").
    rows = pinsheet.resolve(["geo:1,2", None, "call Anna"], resolver="http://127.0.0.1:9", cache=False).to_pylist()
    assert rows[0]["lat"] == 1.0 and all(r["resolved"] is None for r in rows)


def test_a_broken_cache_file_is_an_error_in_words(tmp_path):
    cache = tmp_path / "resolved.json"
    cache.write_text("not json")
    with pytest.raises(pinsheet.Error):
        pinsheet.resolve([PIN], resolver="http://127.0.0.1:9", cache=cache)
    assert cache.read_text() == "not json"
