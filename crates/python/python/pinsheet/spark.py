"""pinsheet in Spark: a column function on Spark's Arrow UDFs, and short links resolved once.

``extract`` runs inside the executors, on Arrow batches (``arrow_udf`` on Spark ≥ 4.1,
``pandas_udf`` before). Short links are never followed there — a thousand executors would
hit a map service at once; ``resolve_distinct`` collects the distinct ones, resolves them on
the driver at a controlled rate (in-process, or through a pinsheet-resolver) and joins the
points back.

    from pinsheet.spark import extract, resolve_distinct
    df = df.withColumn("point", extract("link"))
    df.select("link", "point.lat", "point.lon", "point.status")
    df = resolve_distinct(df, "link", resolver="http://127.0.0.1:8787")
"""

from typing import Union

import pyarrow as pa
from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F

from . import POINT, Near, _check_near, _pinsheet, resolve

__all__ = ["POINT_DDL", "extract", "resolve_distinct"]

#: :data:`pinsheet.POINT` as a Spark DDL string.
POINT_DDL: str = ", ".join(f"{f.name} {'double' if f.type == 'double' else 'string'}" for f in POINT)


def _points(texts: pa.Array, near: Near) -> pa.Array:
    # One thread: Spark already runs a task on every core.
    chunks = _pinsheet.extract(texts, near=near, threads=1)
    return chunks[0] if len(chunks) == 1 else pa.concat_arrays(chunks)


def _udf(near: Near):
    try:
        from pyspark.sql.functions import arrow_udf
    except ImportError:  # Spark < 4.1
        arrow_udf = None
    if arrow_udf is not None:

        def points(texts: pa.Array) -> pa.Array:
            return _points(texts, near)

        return arrow_udf(points, POINT_DDL)

    import pandas as pd
    from pyspark.sql.functions import pandas_udf

    # Spark reads the eval type off these hints when the UDF is made: real types, not strings.
    def frame(texts: pd.Series) -> pd.DataFrame:
        struct = _points(pa.array(texts, type=pa.string(), from_pandas=True), near)
        return pa.Table.from_arrays(struct.flatten(), names=[f.name for f in POINT]).to_pandas()

    return pandas_udf(frame, POINT_DDL)


def extract(column: Union[str, Column], *, near: Near = None) -> Column:
    """A column of :data:`pinsheet.POINT` structs: each text's WGS-84 point, or why it has none.

    ``column`` is a column name or a string Column; ``near`` a reference point for short plus
    codes. Short links and place links get status ``"needs resolver"``: see
    :func:`resolve_distinct`. A null text is an empty cell (status ``"no coordinates"``).
    """
    _check_near(near)
    col = F.col(column) if isinstance(column, str) else column
    return _udf(near)(col.cast("string"))


def resolve_distinct(
    df: DataFrame,
    column: str,
    *,
    output: str = "point",
    resolver: Union[str, None] = None,
    near: Near = None,
    cache=True,
    concurrency: int = 8,
) -> DataFrame:
    """``df`` with an ``output`` column of :data:`pinsheet.POINT` structs, short links and place
    links resolved.

    The distinct texts of ``column`` that need the resolver are collected to the driver (one
    Spark job), resolved there by :func:`pinsheet.resolve` — in-process, or through the
    pinsheet-resolver at ``resolver``; ``cache`` and ``concurrency`` as there — and joined
    back (a broadcast join); every other row gets :func:`extract`'s point. Each distinct link
    is followed once, however many rows hold it. The column has :data:`pinsheet.POINT`'s
    fields only; :func:`pinsheet.resolve` on the same links gives the resolver's own
    (``resolved``, ``final_url``, ``message``) when a failure needs explaining.
    """
    if output in df.columns:
        raise ValueError(f"df already has a column {output!r}: name another with output=")
    point = extract(column, near=near)
    pending = (
        df.select(F.col(column).cast("string").alias("link"))
        .where(F.col("link").isNotNull())
        .distinct()
        .where(extract("link", near=near).getField("status") == "needs resolver")
    )
    links = [row["link"] for row in pending.collect()]
    if not links:
        return df.withColumn(output, point)
    answers = resolve(pa.array(links, type=pa.string()), resolver=resolver, near=near, cache=cache, concurrency=concurrency)
    names = [f.name for f in POINT]
    rows = [
        (link, *(answer[name] for name in names)) for link, answer in zip(links, answers.to_pylist())
    ]
    key = "__pinsheet_link"
    resolved = df.sparkSession.createDataFrame(rows, f"{key} string, {POINT_DDL}").select(
        F.col(key), F.struct(*names).alias("__pinsheet_point")
    )
    joined = df.join(F.broadcast(resolved), F.col(column).cast("string") == F.col(key), "left")
    return joined.withColumn(output, F.coalesce(F.col("__pinsheet_point"), point)).drop(key, "__pinsheet_point")
