"""pinsheet as a Polars expression.

>>> import polars as pl, pinsheet.polars
>>> df = pl.DataFrame({"link": ["geo:52.52,13.405", "no link here"]})
>>> df.with_columns(pinsheet.polars.extract("link")).unnest("link_point").select("link", "lat", "lon", "status")
shape: (2, 4)
┌──────────────────┬───────┬────────┬────────────────┐
│ link             ┆ lat   ┆ lon    ┆ status         │
│ ---              ┆ ---   ┆ ---    ┆ ---            │
│ str              ┆ f64   ┆ f64    ┆ str            │
╞══════════════════╪═══════╪════════╪════════════════╡
│ geo:52.52,13.405 ┆ 52.52 ┆ 13.405 ┆ ok             │
│ no link here     ┆ null  ┆ null   ┆ no coordinates │
└──────────────────┴───────┴────────┴────────────────┘
"""

from __future__ import annotations

from typing import Union

import polars as pl
import pyarrow as pa

from . import POINT, Near, _check_near, _pinsheet

__all__ = ["POINT_DTYPE", "extract"]

#: :data:`pinsheet.POINT` as a Polars dtype.
POINT_DTYPE: pl.Struct = pl.Struct(
    {field.name: (pl.Float64 if field.type == "double" else pl.String) for field in POINT}
)


def extract(column: Union[str, pl.Expr], *, near: Near = None, threads: Union[int, None] = None) -> pl.Expr:
    """An expression giving each text's point as a struct of :data:`pinsheet.POINT`'s fields.

    ``column`` is a column name or a string expression. The result is named
    ``<column>_point`` (the link column stays as it is); ``.struct.unnest()`` or
    ``DataFrame.unnest`` spreads it into ``lat``, ``lon``, ``status``… ``near`` is a
    reference point for short plus codes and ``threads`` caps the cores used, as in
    :func:`pinsheet.extract`. Works in lazy and
    streaming queries: each batch is extracted on its own, no row depends on another.
    """
    expr = pl.col(column) if isinstance(column, str) else column
    _check_near(near)  # said now, not at the first batch

    def batch(series: pl.Series) -> pl.Series:
        chunks = _pinsheet.extract(series.cast(pl.String), near=near, threads=threads)
        whole = chunks[0] if len(chunks) == 1 else pa.chunked_array(chunks, type=POINT)
        return pl.Series(series.name, whole, dtype=POINT_DTYPE)

    return expr.map_batches(batch, return_dtype=POINT_DTYPE, is_elementwise=True).name.suffix("_point")
