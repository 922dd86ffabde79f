"""pinsheet.spark on a real local[2] Spark (the JVM, Arrow batches to Python workers), over
100,000 rows: the same points as pinsheet.extract, and short links resolved once each."""

import os
import sys

import pyarrow as pa
import pytest

import pinsheet
from test_extract import corpus

ROWS = 100_000


@pytest.fixture(scope="module")
def spark():
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("pinsheet-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_extract_over_100k_rows_equals_pinsheet_extract(spark):
    from pinsheet.spark import extract

    base = corpus()
    texts = [base[i % len(base)] if i % 97 else None for i in range(ROWS)]
    df = spark.createDataFrame(pa.table({"id": pa.array(range(ROWS), pa.int64()), "link": texts}))
    out = df.repartition(4).withColumn("point", extract("link")).orderBy("id").toArrow()
    assert out.num_rows == ROWS and out.column("link").to_pylist() == texts
    assert out.column("point").combine_chunks().to_pylist() == pinsheet.extract(texts).to_pylist()


def test_resolve_distinct_follows_the_short_links_and_joins_the_points_back(spark, resolver):
    from pinsheet.spark import resolve_distinct

    texts = ["https://maps.app.goo.gl/pin", "geo:1,2", "https://maps.app.goo.gl/dead", None] * 500
    df = spark.createDataFrame(pa.table({"id": pa.array(range(len(texts)), pa.int64()), "link": texts}))
    out = resolve_distinct(df, "link", resolver=resolver, cache=False).orderBy("id").toArrow()
    assert out.column_names == ["id", "link", "point"] and out.num_rows == len(texts)
    points = out.column("point").combine_chunks().to_pylist()
    assert points[0]["lat"] == 48.8583701 and points[0]["status"] == "ok"
    assert points[1]["lat"] == 1.0 and points[2]["status"] == "no coordinates" and "no longer works" in points[2]["source"]
    assert points[3]["source"] == "empty cell" and points[4] == points[0]
    with pytest.raises(ValueError, match="already has a column"):
        resolve_distinct(df, "link", output="id")


def test_spark_before_4_1_takes_the_pandas_udf(spark, monkeypatch):
    # Spark 3.5 and 4.0 have no arrow_udf: the same column through pandas_udf.
    import pyspark.sql.functions

    import pinsheet.spark

    monkeypatch.delattr(pyspark.sql.functions, "arrow_udf")
    texts = corpus()[:2000]
    df = spark.createDataFrame(pa.table({"id": pa.array(range(len(texts)), pa.int64()), "link": texts}))
    out = df.withColumn("point", pinsheet.spark.extract("link")).orderBy("id").toArrow()
    assert out.column("point").combine_chunks().to_pylist() == pinsheet.extract(texts).to_pylist()
