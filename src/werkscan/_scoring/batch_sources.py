"""Where a batch comes from: files (CSV, Parquet, a Parquet directory) and in-memory tables.

Every problem with a file (empty, not UTF-8, a row with too few or too many cells, a
truncated or foreign Parquet file, a directory without Parquet files) is answered with
:class:`~blikopwerk.InvalidValueError` naming the file and what is wrong, never with a
raw Arrow or OS error.

CSV files are read with every answer column as a dictionary (the few distinct values of
a column are parsed once, as Parquet's text columns are), an empty cell as the only
missing value, and nothing inferred. The separator (``,``, ``;``, tab or ``|``) is
detected from the header unless given; the decimal mark is ``,`` for ``;``-separated
files (Dutch Excel's default) and ``.`` otherwise, unless given.
"""

from __future__ import annotations

import csv
import os
import pathlib
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeGuard

from blikopwerk._errors import InvalidValueError

if TYPE_CHECKING:
    import pyarrow as pa

__all__: list[str] = []

SEPARATORS = (",", ";", "\t", "|")
DECIMAL_MARKS = (".", ",")
_HEADER_LIMIT = 1 << 20  # a header line longer than 1 MiB is not a batch header
# Arrow's message for a row with too few or too many cells (its row handler cannot take non-UTF-8 rows)
_RAGGED = re.compile(r"Expected (\d+) columns, got (\d+): (.*)", re.DOTALL)


class Source:
    """An opened batch source: its column names (when known before reading) and its batches."""

    __slots__ = ("batches", "decimal", "names", "total_rows")

    def __init__(self, names: Sequence[str] | None, batches: Iterator[pa.RecordBatch], total_rows: int | None,
                 decimal: str = ".") -> None:
        self.names = names
        self.batches = batches
        self.total_rows = total_rows
        self.decimal = decimal


def shown(path: Any) -> str:
    """A path as an error shows it: whole up to 200 characters, else its start and end."""
    text = str(path)
    return text if len(text) <= 200 else f"{text[:120]}...{text[-60:]}"


def check_dialect(sep: str | None, decimal: str | None) -> None:
    """Refuse separators and decimal marks the CSV reader does not take."""
    if sep is not None and sep not in SEPARATORS:
        raise InvalidValueError("sep", sep, "expected one of ',', ';', tab or '|'")
    if decimal is not None and decimal not in DECIMAL_MARKS:
        raise InvalidValueError("decimal", decimal, "expected '.' or ','")
    if sep is not None and sep == decimal:
        raise InvalidValueError("decimal", decimal, "must differ from the separator")


def _header_line(path: pathlib.Path) -> str:
    with open(path, "rb") as fh:
        raw = fh.readline(_HEADER_LIMIT)
    if not raw.strip():
        raise InvalidValueError("source", shown(path), "is empty: a CSV batch needs a header line with the column names")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidValueError("source", shown(path),
                                "the header is not UTF-8 text; save the file as CSV UTF-8") from None


def sniff_separator(header: str, known: Iterable[str]) -> str:
    """The separator that splits the header into the most known column names (``,`` on a tie).

    Example:
        >>> sniff_separator('"health";"work";x\\n', ["health", "work"])
        ';'
    """
    wanted = set(known)
    best, best_hits = ",", -1
    for sep in SEPARATORS:
        try:
            cells = next(csv.reader([header.rstrip("\r\n")], delimiter=sep), [])
        except csv.Error:
            continue
        hits = sum(1 for c in cells if c.strip() in wanted)
        if hits > best_hits:
            best, best_hits = sep, hits
    return best


def _arrow_error(path: pathlib.Path, kind: str, exc: BaseException) -> InvalidValueError:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if kind == "CSV" and (isinstance(exc, UnicodeDecodeError) or "UTF8" in text or "UTF-8" in text):
        return InvalidValueError("source", shown(path), f"is not UTF-8 text; save the file as CSV UTF-8 ({text})")
    return InvalidValueError("source", shown(path), f"cannot be read as {kind}: {text}")


def open_csv(path: pathlib.Path, *, columns: Sequence[str], text_columns: Sequence[str], id_column: str | None,
             chunk_bytes: int, sep: str | None, decimal: str | None) -> Source:
    """Open a CSV batch (see the module docstring)."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    header = _header_line(path)
    delimiter = sep or sniff_separator(header, columns)
    mark = decimal or ("," if delimiter == ";" else ".")
    if delimiter == mark:
        raise InvalidValueError("decimal", mark, "must differ from the separator")
    parse = pcsv.ParseOptions(delimiter=delimiter)

    def reader(block: int, convert: Any) -> Any:
        return pcsv.open_csv(path, read_options=pcsv.ReadOptions(block_size=block), parse_options=parse,
                             convert_options=convert)

    def failure(exc: BaseException) -> InvalidValueError:
        ragged = _RAGGED.search(str(exc))
        if ragged:
            expected, actual, text = ragged.groups()
            return InvalidValueError("source", f"{path}: {text.strip()[:80]}",
                                     f"a row has {actual} cells where the header has {expected} "
                                     f"(separator {delimiter!r})")
        return _arrow_error(path, "CSV", exc)

    try:
        names = reader(1 << 16, pcsv.ConvertOptions(include_columns=[])).schema.names
    except (pa.ArrowException, OSError, UnicodeDecodeError) as exc:
        raise failure(exc) from None
    wanted = {*columns, *([id_column] if id_column else [])}
    text_type = pa.dictionary(pa.int32(), pa.string())
    types = {c: (pa.string() if c == id_column else text_type) for c in names if c in wanted}
    include = [c for c in dict.fromkeys(names) if c in wanted]
    convert = pcsv.ConvertOptions(column_types=types, include_columns=include, strings_can_be_null=True,
                                  null_values=[""], quoted_strings_can_be_null=True)

    def batches() -> Iterator[pa.RecordBatch]:
        try:
            yield from reader(chunk_bytes, convert)
        except (pa.ArrowException, OSError, UnicodeDecodeError) as exc:
            raise failure(exc) from None

    return Source(names, batches(), None, mark)


def parquet_files(path: pathlib.Path) -> list[str]:
    """The Parquet files of a file or a dataset directory, in order."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    if not path.is_dir():
        return [str(path)]
    try:
        files = sorted(ds.dataset(path, format="parquet").files)
    except (pa.ArrowException, OSError, UnicodeDecodeError) as exc:
        raise _arrow_error(path, "a Parquet dataset", exc) from None
    if not files:
        raise InvalidValueError("source", shown(path), "is a directory without Parquet files")
    return files


def open_parquet(path: pathlib.Path, *, text_columns: Sequence[str], chunk_rows: int) -> Source:
    """A Parquet file, or every file of a dataset directory in order, one batch at a time.

    Read synchronously, a row group at a time: a dataset scanner reads ahead while the
    consumer works (up to a gigabyte when scoring is paced by writing the results), so
    memory would grow with the speed difference rather than with ``chunk_rows``.
    Text columns are read as dictionaries: Parquet stores them so, and scoring then
    compares a handful of values instead of every string.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    files = parquet_files(path)
    try:
        first = pq.ParquetFile(files[0])
        names = first.schema_arrow.names
        total = 0
        for name in files:
            total += pq.ParquetFile(name).metadata.num_rows
    except (pa.ArrowException, OSError, UnicodeDecodeError) as exc:
        raise _arrow_error(path, "Parquet", exc) from None
    wanted = set(text_columns)

    def batches() -> Iterator[pa.RecordBatch]:
        for name in files:
            try:
                schema = pq.read_schema(name)
                strings = [f.name for f in schema if f.name in wanted
                           and (pa.types.is_string(f.type) or pa.types.is_large_string(f.type))]
                reader = pq.ParquetFile(name, read_dictionary=strings)
                try:
                    yield from reader.iter_batches(batch_size=chunk_rows, use_threads=False)
                finally:
                    reader.close()
            except (pa.ArrowException, OSError, UnicodeDecodeError) as exc:
                raise _arrow_error(pathlib.Path(name), "Parquet", exc) from None

    return Source(names, batches(), total)


def _text_cell(value: Any) -> str | None:
    """One cell of a pandas object column that mixes kinds of values, as text."""
    if value is None:
        return None
    if isinstance(value, float):
        if value != value:  # NaN: pandas' missing value
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _pandas_table(part: Any) -> pa.Table:
    """A pandas frame as Arrow; object columns that mix kinds of values are read as text."""
    import pyarrow as pa

    try:
        return pa.Table.from_pandas(part, preserve_index=False)
    except (pa.ArrowException, TypeError, ValueError, OverflowError):
        pass
    arrays: list[pa.Array] = []
    for name in part.columns:
        series = part[name]
        try:
            arrays.append(pa.array(series, from_pandas=True))
        except (pa.ArrowException, TypeError, ValueError, OverflowError):
            arrays.append(pa.array([_text_cell(v) for v in series.tolist()], type=pa.string()))
    return pa.Table.from_arrays(arrays, names=[str(c) for c in part.columns])


def open_memory(source: Any, chunk_rows: int) -> Source | None:
    """An in-memory source (Arrow, pandas, polars, an iterable of record batches), or None."""
    import pyarrow as pa

    if isinstance(source, pa.RecordBatch):
        source = pa.Table.from_batches([source])
    if isinstance(source, pa.Table):
        return Source(source.schema.names, iter(source.to_batches(max_chunksize=chunk_rows)), source.num_rows)
    if isinstance(source, pa.RecordBatchReader):
        return Source(source.schema.names, iter(source), None)
    module = type(source).__module__.split(".")[0]
    if module == "pandas" and hasattr(source, "iloc"):
        frame = source

        def frames() -> Iterator[pa.RecordBatch]:
            for start in range(0, len(frame), chunk_rows):
                table = _pandas_table(frame.iloc[start:start + chunk_rows])
                yield from table.combine_chunks().to_batches()

        return Source([str(c) for c in frame.columns], frames(), len(frame))
    if module == "polars" and hasattr(source, "to_arrow"):
        table = source.to_arrow()
        return Source(table.schema.names, iter(table.to_batches(max_chunksize=chunk_rows)), table.num_rows)
    if isinstance(source, Iterable) and not isinstance(source, str | bytes | Mapping):
        items = source

        def batches() -> Iterator[pa.RecordBatch]:
            for item in items:
                if not isinstance(item, pa.RecordBatch):
                    raise InvalidValueError("source", type(item).__name__,
                                            "an iterable source must yield RecordBatches")
                yield item

        return Source(None, batches(), None)
    return None


def is_path(source: Any) -> TypeGuard[str | os.PathLike[str]]:
    """Whether ``source`` names a file or directory."""
    return isinstance(source, str | os.PathLike)
