"""pinsheet.polars and pinsheet.duckdb: the same points as pinsheet.extract, inside the engine."""

import duckdb
import polars as pl
import pyarrow as pa
import pytest

import pinsheet
import pinsheet.duckdb
import pinsheet.polars
from links import ROWS
from test_extract import corpus

TEXTS = corpus()


def test_a_polars_expression_eager_lazy_and_streaming():
    df = pl.DataFrame({"link": TEXTS, "n": range(len(TEXTS))})
    expected = pinsheet.extract(TEXTS).to_pylist()
    eager = df.with_columns(pinsheet.polars.extract("link"))
    assert eager.columns == ["link", "n", "link_point"] and eager["link"].to_list() == TEXTS
    assert eager["link_point"].to_list() == expected
    lazy = df.lazy().select(pinsheet.polars.extract(pl.col("link")).alias("p")).collect(engine="streaming")
    assert lazy["p"].to_list() == expected
    unnested = eager.unnest("link_point")
    assert unnested.schema["lat"] == pl.Float64 and unnested["status"].to_list() == [r["status"] for r in expected]


def test_polars_reads_non_string_columns_as_text_and_checks_the_reference_point_at_once():
    df = pl.DataFrame({"code": pl.Series(["9G8F+6X", None], dtype=pl.Categorical)})
    near = df.select(pinsheet.polars.extract("code", near=(47.37, 8.54)))["code_point"].to_list()
    assert near[0]["lat"] == pytest.approx(47.3655625) and near[1]["source"] == "empty cell"
    with pytest.raises(ValueError):
        pinsheet.polars.extract("code", near="north")


def test_duckdb_function_over_a_table():
    con = duckdb.connect()
    pinsheet.duckdb.register(con)
    con.register("links", pa.table({"i": range(len(TEXTS)), "link": TEXTS}))
    rows = con.execute(
        "SELECT p.lat, p.lon, p.status, p.source, p.confidence, p.service, p.form, p.datum "
        "FROM (SELECT i, pinsheet_extract(link) AS p FROM links) ORDER BY i"
    ).fetchall()
    expected = [tuple(r.values()) for r in pinsheet.extract(TEXTS).to_pylist()]
    assert rows == expected
    null = con.execute("SELECT (pinsheet_extract(NULL::VARCHAR)).source").fetchone()
    assert null == ("empty cell",)
    links = [link for _, link, *_ in ROWS]
    found = con.execute(
        "SELECT count(*) FROM (SELECT unnest(?) AS link) WHERE pinsheet_extract(link).lat IS NOT NULL",
        [links],
    ).fetchone()
    assert found == (sum(1 for row in ROWS if row[2] is not None),)


def test_duckdb_under_another_name_with_a_reference_point():
    con = duckdb.connect()
    pinsheet.duckdb.register(con, "where_is", near="47.37,8.54")
    assert con.execute("SELECT where_is('9G8F+6X').form").fetchone() == ("plus code",)
    with pytest.raises(ValueError):
        pinsheet.duckdb.register(con, "bad", near=(0, 200))
