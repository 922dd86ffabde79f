"""Types of the extension module; the documented API is the `pinsheet` package's."""

from os import PathLike
from pathlib import Path
from typing import Any, Optional, Sequence, Tuple, TypedDict, Union

import pyarrow as pa

__version__: str

_Near = Union[Tuple[float, float], str, None]

class Error(Exception): ...
class ReadError(Error): ...

class _Stats(TypedDict):
    rows: int
    with_coordinates: int
    low_confidence: int
    needs_resolver: int
    needs_reference: int
    no_coordinates: int

class _Report(TypedDict):
    output: Path
    sheet: str
    columns: list[str]
    stats: list[_Stats]
    note: Optional[str]
    resolved: Optional[str]
    lines: list[str]

def extract(values: Any, near: _Near = None, threads: Optional[int] = None) -> list[pa.StructArray]: ...
def resolve(
    values: Any,
    near: _Near = None,
    resolver: Optional[str] = None,
    cache: Optional[Union[str, PathLike[str]]] = None,
    concurrency: int = 8,
    progress: bool = False,
) -> list[pa.StructArray]: ...
def convert(
    input: Union[str, PathLike[str]],
    output: Optional[Union[str, PathLike[str]]] = None,
    sheet: Optional[str] = None,
    columns: Sequence[str] = (),
    near: _Near = None,
    placement: str = "after-link",
    header: Optional[bool] = None,
    keep_formatting: bool = False,
    resolve: bool = False,
    resolver: Optional[str] = None,
    cache: Optional[Union[str, PathLike[str]]] = None,
    concurrency: int = 8,
    progress: bool = False,
) -> _Report: ...
def default_cache_path() -> Optional[Path]: ...
