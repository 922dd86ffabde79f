"""pinsheet as a DuckDB function.

>>> import duckdb, pinsheet.duckdb
>>> con = duckdb.connect()
>>> pinsheet.duckdb.register(con)
>>> con.sql("SELECT p.lat, p.lon, p.source FROM (SELECT pinsheet_extract('41°24′12.2″N 2°10′26.5″E') AS p)").fetchall()
[(41.4033889, 2.1740278, 'text: degrees, minutes and seconds')]
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from . import POINT, Near, _check_near, _pinsheet

__all__ = ["POINT_TYPE", "register"]

#: :data:`pinsheet.POINT` as a DuckDB type.
POINT_TYPE = duckdb.struct_type(
    {field.name: duckdb.sqltype("DOUBLE" if field.type == "double" else "VARCHAR") for field in POINT}
)


def register(con: duckdb.DuckDBPyConnection, name: str = "pinsheet_extract", *, near: Near = None) -> None:
    """Adds ``name(text VARCHAR) → STRUCT(lat DOUBLE, lon DOUBLE, status VARCHAR, source VARCHAR,
    confidence VARCHAR, service VARCHAR, form VARCHAR, datum VARCHAR)`` to the connection: the
    fields of :data:`pinsheet.POINT`. An Arrow function: DuckDB hands over each vector of
    texts as Arrow, pinsheet extracts it in one call. A NULL text is an empty cell (status
    "no coordinates"), as in :func:`pinsheet.extract`. ``near`` is a reference point for
    short plus codes.
    """
    _check_near(near)  # said now, not at the first query

    def points(texts: pa.ChunkedArray) -> pa.ChunkedArray:
        return pa.chunked_array(_pinsheet.extract(texts, near=near, threads=1), type=POINT)

    con.create_function(
        name,
        points,
        [duckdb.sqltype("VARCHAR")],
        POINT_TYPE,
        type="arrow",
        # NULLs are passed in, so a NULL is read as an empty cell, as everywhere else.
        null_handling="special",
    )
