"""pinsheet: map links and coordinate text to WGS-84 points, for Python.

The same extractor as pinsheet's page and CLI (Rust, through Arrow): Google Maps, Apple Maps,
OpenStreetMap, Bing, Waze, HERE, Yandex, 2GIS, Baidu, Amap… links, geo URIs (RFC 5870),
plus codes (Open Location Code) and coordinate text in decimal degrees or degrees, minutes
and seconds. Points are WGS-84 decimal degrees; GCJ-02 and BD-09 links are converted.

- :func:`extract` — texts in, one point (or the reason there is none) each.
- :func:`resolve` — the same, following short links and place links to their point.
- :func:`convert` — the CLI's job: a workbook in, the workbook with coordinates out.
- ``pinsheet.polars``, ``pinsheet.duckdb``, ``pinsheet.spark`` — the same in those engines.

Every result has the fields of :data:`POINT` (a ``pyarrow.struct``):

========== ======= ===============================================================
field      type    meaning
========== ======= ===============================================================
lat        float64 latitude, WGS-84 decimal degrees (-90…90); null without a point
lon        float64 longitude, WGS-84 decimal degrees (-180…180); null without one
status     string  "ok", "low confidence", "needs resolver",
                   "needs a reference point" or "no coordinates"
source     string  the ``Coordinate source`` words of pinsheet's output files,
                   e.g. "Google Maps: place pin", "short link — needs resolver"
confidence string  "high" (the place itself) or "low" (a map view, or 0°, 0°);
                   null without a point
service    string  "Google Maps", "geo URI", "plus code", "text"…; null when none
form       string  "place pin", "map view", "decimal degrees"…; null without a point
datum      string  "GCJ-02", "BD-09", "BD-09 Mercator" when converted; else null
========== ======= ===============================================================
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Sequence, Tuple, Union

import pyarrow as pa

from . import _pinsheet
from ._pinsheet import Error, ReadError

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    import polars

__all__ = [
    "POINT",
    "RESOLVED",
    "Error",
    "ReadError",
    "Report",
    "convert",
    "extract",
    "resolve",
]

__version__: str = _pinsheet.__version__

#: The fields of every :func:`extract` result, in order (the table above), as the extension
#: makes them.
POINT: pa.StructType = _pinsheet.extract(pa.array([], type=pa.string()))[0].type

#: :data:`POINT` and what :func:`resolve` adds: the resolver's ``resolved`` status ("ok",
#: "gone", "no_coordinates", "not_a_map_link", "refused", "rate_limited", "upstream_error",
#: "timeout"), the ``final_url`` it reached and its ``message``; all null for a text with
#: nothing to follow.
RESOLVED: pa.StructType = _pinsheet.resolve(pa.array([], type=pa.string()))[0].type

#: A reference point: ``(lat, lon)`` in decimal degrees, or the text ``"lat,lng"``.
Near = Union[Tuple[float, float], str, None]


def _check_near(near: Near) -> None:
    """Raises ValueError for a reference point that is not one."""
    _pinsheet.extract(pa.array([], type=pa.string()), near=near)


def _arrow_input(values: Any) -> Any:
    """Anything pinsheet reads as a column of texts, as an Arrow object (no copy when it is one)."""
    if hasattr(values, "__arrow_c_stream__") or hasattr(values, "__arrow_c_array__"):
        return values
    if isinstance(values, (str, bytes)):
        raise TypeError("extract() takes a column of texts (a list, array or Series), not one text: use [text]")
    texts = [None if _is_missing(value) else value if isinstance(value, str) else str(value) for value in values]
    return pa.array(texts, type=pa.string())


def _is_missing(value: Any) -> bool:
    """None, NaN of any float type, pandas' NA and NaT: an empty cell."""
    if value is None or isinstance(value, str):
        return value is None
    try:
        return bool(value != value)
    except TypeError:  # pandas.NA: every comparison with it is NA
        return True
    except ValueError:  # an array in a cell: a value, read as its text
        return False


def _is_pandas(values: Any) -> bool:
    return type(values).__module__.startswith("pandas") and hasattr(values, "index")


def _is_polars(values: Any) -> bool:
    return type(values).__module__.startswith("polars") and hasattr(values, "to_arrow")


def _pandas_texts(series: "pandas.Series") -> pa.Array:
    try:
        return pa.array(series, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        # Mixed cells (numbers among links, as Excel columns often are): each as its text.
        return _arrow_input(series.tolist())


def _shape(chunks: list, values: Any, kind: pa.StructType) -> Any:
    """The result in the input's own kind: pandas → DataFrame, Polars → DataFrame,
    a ChunkedArray or stream → ChunkedArray, anything else → StructArray."""
    if _is_pandas(values) or _is_polars(values):
        table = pa.Table.from_batches([pa.RecordBatch.from_struct_array(c) for c in chunks], schema=pa.schema(kind))
        if _is_polars(values):
            import polars as pl

            return pl.from_arrow(table)
        frame = table.to_pandas()
        frame.index = values.index
        return frame
    # One array in (a list, an Array, anything exporting one array), one array out.
    one_array = hasattr(values, "__arrow_c_array__") or not hasattr(values, "__arrow_c_stream__")
    if len(chunks) == 1 and one_array and not isinstance(values, pa.ChunkedArray):
        return chunks[0]
    return pa.chunked_array(chunks, type=kind)


def _native_input(values: Any) -> Any:
    if _is_pandas(values):
        return _pandas_texts(values)
    return _arrow_input(values)


def extract(
    values: Union[Iterable[Union[str, None]], pa.Array, pa.ChunkedArray, "pandas.Series", "polars.Series"],
    *,
    near: Near = None,
    threads: Union[int, None] = None,
) -> Any:
    """Each text's WGS-84 point, or why it has none.

    ``values`` is a column of texts: a list or other iterable (None, NaN and pandas' NA are
    empty cells, other values are read as ``str(value)``), a pyarrow Array or ChunkedArray of strings (or
    anything with the Arrow PyCapsule interface), a pandas Series or a Polars Series.

    Returns one row of :data:`POINT` per text, in order, in the input's kind: a
    ``pyarrow.StructArray`` (a ``ChunkedArray`` for a chunked input), a pandas DataFrame with
    the Series' index, or a Polars DataFrame.

    ``near`` is a point near the places — ``(lat, lon)`` or ``"lat,lng"`` — to recover short
    plus codes such as ``9G8F+6X``; ``threads`` caps the cores used (default: all, up to 8).

    Raises ``ValueError`` for a bad reference point, ``TypeError`` for a column that cannot
    be read as text (binary data). Short links and place links get ``"needs resolver"``:
    :func:`resolve` follows them.

    >>> import pinsheet
    >>> row = pinsheet.extract(["https://www.google.com/maps/place/@48.8584,2.2945,17z"])[0].as_py()
    >>> row["lat"], row["lon"], row["status"], row["source"]
    (48.8584, 2.2945, 'low confidence', 'Google Maps: map view')
    """
    chunks = _pinsheet.extract(_native_input(values), near=near, threads=threads)
    return _shape(chunks, values, POINT)


def resolve(
    values: Union[Iterable[Union[str, None]], pa.Array, pa.ChunkedArray, "pandas.Series", "polars.Series"],
    *,
    resolver: Union[str, None] = None,
    near: Near = None,
    cache: Union[str, "os.PathLike[str]", bool] = True,
    concurrency: int = 8,
    progress: bool = False,
) -> Any:
    """:func:`extract`, then short links (maps.app.goo.gl, maps.apple/p, yandex.*/maps/-,
    mapy.cz/s, go.2gis.com, share.google) and Google place links (cid=, ftid=, ludocid=)
    followed to their point, each distinct link once, with the CLI's ``--resolve`` rules:
    https only, each service's own hosts, public addresses.

    ``resolver`` sends the links to a running pinsheet-resolver (``"http://127.0.0.1:8787"``)
    instead of following them from this process. ``cache`` is the file that keeps answers
    between runs: True for ``pinsheet/resolved.json`` in the user's cache directory (as the
    CLI), a path for another file, False for none. ``concurrency`` is the number of links
    followed at once (1…64); ``progress`` shows a bar on stderr.

    Returns :data:`RESOLVED` rows in the input's kind, as :func:`extract` does.

    Raises ``ValueError`` for a bad reference point, resolver address or concurrency, and
    :class:`pinsheet.Error` when the cache file cannot be read or written or the resolver
    cannot be reached. Only the links leave the machine.
    """
    chunks = _pinsheet.resolve(
        _native_input(values),
        near=near,
        resolver=resolver,
        cache=_cache_path(cache),
        concurrency=concurrency,
        progress=progress,
    )
    return _shape(chunks, values, RESOLVED)


def _cache_path(cache: Union[str, "os.PathLike[str]", bool]) -> Union[str, Path, None]:
    if cache is False or cache is None:
        return None
    if cache is True:
        path = _pinsheet.default_cache_path()
        if path is None:
            raise Error("there is no cache directory for resolved links here; give one with cache=PATH, or cache=False")
        return path
    return os.fspath(cache)


@dataclass(frozen=True)
class Report:
    """What :func:`convert` did: the file written, the sheet and link columns converted, and
    each column's counts (``rows``, ``with_coordinates``, ``low_confidence``,
    ``needs_resolver``, ``needs_reference``, ``no_coordinates``)."""

    output: Path
    sheet: str
    columns: Sequence[str]
    stats: Sequence[dict]
    note: Union[str, None] = None
    resolved: Union[str, None] = None
    lines: Sequence[str] = field(default_factory=tuple, repr=False)

    def __str__(self) -> str:
        """The CLI's closing lines: the sheet and columns, then each column's counts."""
        return "\n".join(self.lines)


def convert(
    input: Union[str, "os.PathLike[str]"],
    output: Union[str, "os.PathLike[str]", None] = None,
    *,
    sheet: Union[str, None] = None,
    column: Union[str, Sequence[str], None] = None,
    near: Near = None,
    placement: str = "after-link",
    header: Union[bool, None] = None,
    keep_formatting: bool = False,
    resolve: bool = False,
    resolver: Union[str, None] = None,
    cache: Union[str, "os.PathLike[str]", bool] = True,
    concurrency: int = 8,
    progress: bool = False,
) -> Report:
    """The CLI's ``pinsheet convert``: the workbook ``input`` (.xlsx, .xlsm, .xlsb, .xls,
    .ods, .csv, or a GeoJSON such as Google Takeout's "Saved Places.json") written to
    ``output`` with Latitude, Longitude and Coordinate source columns beside each link column.

    ``output``'s extension picks the format: .csv, .geojson, .kml, .gpx, anything else .xlsx
    (default: beside the input, ``<name>.coordinates.xlsx``). ``sheet`` is a sheet name and
    ``column`` a link column's letters (``"B"``) or header text, or a list of them (default:
    the sheet and column with the most map links). ``placement`` is ``"after-link"`` (the
    new columns right after the link column) or ``"end"`` (after the last column).
    ``header`` says whether row 1 holds column names (default: guessed).
    ``keep_formatting`` adds the columns to the original .xlsx/.xlsm, keeping its styles,
    charts and macros. ``resolve``, ``resolver``, ``cache`` and ``concurrency`` follow short
    links as :func:`resolve` does.

    Returns a :class:`Report`. Raises :class:`pinsheet.ReadError` when the input cannot be
    read, ``ValueError`` for a sheet or column not in it (or a bad option), and
    :class:`pinsheet.Error` when resolving fails or the output cannot be written — with the
    CLI's messages.
    """
    columns = [column] if isinstance(column, str) else list(column or [])
    wants_resolving = resolve or resolver is not None
    report = _pinsheet.convert(
        os.fspath(input),
        None if output is None else os.fspath(output),
        sheet=sheet,
        columns=columns,
        near=near,
        placement=placement,
        header=header,
        keep_formatting=keep_formatting,
        resolve=wants_resolving,
        resolver=resolver,
        cache=_cache_path(cache) if wants_resolving else None,
        concurrency=concurrency,
        progress=progress,
    )
    return Report(
        output=Path(report["output"]),
        sheet=report["sheet"],
        columns=tuple(report["columns"]),
        stats=tuple(report["stats"]),
        note=report["note"],
        resolved=report["resolved"],
        lines=tuple(report["lines"]),
    )
