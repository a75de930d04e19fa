"""Fuzzing the batch entry points (issue 11, point 4): bad input is the library's error, never a crash.

``score_batch``, ``iter_score_batches``, ``score_file``, ``score_partition`` and the
``werkscan score`` command are fed generated bad or odd input: Arrow tables whose columns
have any type and any values, pandas frames with mixed object columns, CSV files mutated
byte by byte (truncated, other separators, quotes, NUL bytes, other encodings), Parquet
files truncated or with flipped bytes, odd options and paths. Any exception that is not a
:class:`~blikopwerk.BlikopwerkError` fails the test; the CLI must exit 0, 1 or 2 with at
most one line on stderr and no traceback.

Bounded: a few hundred examples per entry point, the whole module in well under a minute.
Set ``FUZZ_REPORT=path.json`` to write the inputs tried per entry point and the
exceptions found by type (to ``path.batch.json``, beside the other fuzz modules' report);
set ``FUZZ_COLLECT=1`` to count foreign exceptions instead of failing (to measure an
older version). A library error must also name its field and fit on one line.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import io
import json
import os
import pathlib
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import werkscan
from blikopwerk import BlikopwerkError, FieldValueError
from fuzz import _harness as harness

# ----------------------------------------------------------------------------- harness
# This module's checks (a message of one line naming its field; iterators run to the end)
# on top of the shared harness (tests/fuzz/_harness.py): every call is counted there, per
# entry point, and BLIKOPWERK_FUZZ_RECORD=1 records other exceptions instead of failing.

TRIED: Counter[str] = Counter()
FOUND: Counter[str] = Counter()
COUNT_ONLY = os.environ.get("FUZZ_COLLECT", os.environ.get("FUZZ_COUNT_ONLY")) == "1"
RECORD = os.environ.get("BLIKOPWERK_FUZZ_RECORD") == "1"


@pytest.fixture(scope="module", autouse=True)
def _report() -> Iterator[None]:
    yield
    target = os.environ.get("FUZZ_REPORT")
    if target:
        path = pathlib.Path(target)
        path.with_name(f"{path.stem}.batch{path.suffix}").write_text(
            json.dumps({"tried": TRIED, "tried_total": sum(TRIED.values()), "found": FOUND}, indent=2,
                       sort_keys=True))


def _check_message(entry: str, exc: BlikopwerkError) -> None:
    """A library error names its field and reads as one short line."""
    message = str(exc)
    if (isinstance(exc, FieldValueError) and not exc.field) or "\n" in message or len(message) > 2_000:
        FOUND[f"{entry}: message not one line naming the field"] += 1
        if not COUNT_ONLY:
            raise AssertionError(f"{entry}: {message[:300]!r}")


def assert_library_error(entry: str, call: Callable[[], Any]) -> None:
    """Run ``call``; it may succeed or raise the library's error, nothing else."""
    TRIED[entry] += 1

    def run() -> None:
        result = call()
        if isinstance(result, Iterator):
            for _ in result:
                pass

    try:
        run()
    except BlikopwerkError as exc:
        harness.count(f"werkscan.{entry}", "library error")
        _check_message(entry, exc)
    except Exception as exc:
        harness.count(f"werkscan.{entry}", "other exception")
        harness.FAILURES[f"werkscan.{entry}"][f"{type(exc).__module__}.{type(exc).__qualname__}"] += 1
        FOUND[f"{entry}: {type(exc).__module__}.{type(exc).__name__}"] += 1
        if not (COUNT_ONLY or RECORD):
            raise
    else:
        harness.count(f"werkscan.{entry}", "result")


FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "120")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])

AREAS = ["health", "lifestyle", "work", "work_life_balance", "education", "career_development",
         "career_mobility", "self_reliance"]
GOOD: dict[str, Any] = {
    "current_work_ability": 8, "physical_demands": 4, "mental_demands": 3, "work_nature": "physical",
    "diagnosed_diseases": 1, "impairment": 5, "sick_leave_days": 3, "sick_leave_band": None, "prognosis": 7,
    "mental_resources_1": 3, "mental_resources_2": 3, "mental_resources_3": 2, **dict.fromkeys(AREAS, "none"),
}

# ----------------------------------------------------------------------------- generators

text = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
odd_text = st.one_of(text, st.sampled_from(["+4", "1e0", "-0", "4,5", "3.0", " 7 ", "NaN", "inf", "geen",
                                             "sterk", "Strong", "\x00", "\"", "a;b", "1-9", "10-24",
                                             "9" * 30, "", "none", "weak"]))

COLUMN_TYPES: dict[str, tuple[pa.DataType, st.SearchStrategy[Any]]] = {
    "int64": (pa.int64(), st.integers(-(2**63), 2**63 - 1) | st.integers(-3, 400)),
    "uint64": (pa.uint64(), st.integers(0, 2**64 - 1) | st.integers(0, 12)),
    "int8": (pa.int8(), st.integers(-128, 127)),
    "uint16": (pa.uint16(), st.integers(0, 2**16 - 1)),
    "float64": (pa.float64(), st.floats() | st.integers(-3, 12).map(float)),
    "float32": (pa.float32(), st.floats(width=32)),
    "bool": (pa.bool_(), st.booleans()),
    "string": (pa.string(), odd_text),
    "large_string": (pa.large_string(), odd_text),
    "string_view": (pa.string_view(), odd_text),
    "binary": (pa.binary(), st.binary(max_size=8)),
    "null": (pa.null(), st.none()),
    "date32": (pa.date32(), st.dates()),
    "decimal": (pa.decimal128(20, 2), st.decimals(min_value=-(10**10), max_value=10**10, places=2)),
    "list": (pa.list_(pa.int64()), st.lists(st.integers(-5, 5), max_size=3)),
    "timestamp": (pa.timestamp("us", tz="UTC"),
                  st.datetimes(timezones=st.just(dt.UTC), min_value=dt.datetime(1970, 1, 2),
                               max_value=dt.datetime(2200, 1, 1))),
}


@st.composite
def arrow_tables(draw: st.DrawFn) -> pa.Table:
    """A table of some batch columns (usually all), each of any type, maybe dictionary-encoded."""
    n = draw(st.integers(0, 12))
    names = [c for c in GOOD if draw(st.integers(0, 9)) > 0]
    names += draw(st.lists(st.sampled_from(["id", "extra", "health", "row", ""]), max_size=2))
    columns: list[pa.Array] = []
    for name in names:
        if draw(st.integers(0, 2)) > 0:  # the expected type, with odd values now and then
            kind = "int64" if isinstance(GOOD.get(name), int) else "string"
        else:
            kind = draw(st.sampled_from(sorted(COLUMN_TYPES)))
        typ, values = COLUMN_TYPES[kind]
        cells = draw(st.lists(st.none() | values, min_size=n, max_size=n))
        arr = pa.array(cells, type=typ)
        if kind in ("string", "int64", "large_string") and draw(st.booleans()):
            arr = arr.dictionary_encode()
        columns.append(arr)
    return pa.Table.from_arrays(columns, names=names)


MIXED = st.one_of(st.none(), st.integers(-(2**70), 2**70), st.floats(), odd_text, st.booleans(),
                  st.binary(max_size=4), st.decimals(allow_nan=True, places=2), st.just([1, 2]), st.just({"a": 1}),
                  st.dates(), st.just(float("nan")))


@st.composite
def pandas_frames(draw: st.DrawFn) -> pd.DataFrame:
    """A frame of the batch columns, some of them object columns mixing kinds of values."""
    n = draw(st.integers(0, 8))
    data: dict[Any, Any] = {}
    for name, good in GOOD.items():
        if draw(st.integers(0, 12)) == 0:
            continue
        if draw(st.booleans()):
            data[name] = pd.Series(draw(st.lists(MIXED, min_size=n, max_size=n)), dtype=object)
        else:
            data[name] = pd.Series([good] * n, dtype=object if good is None else None)
    if draw(st.booleans()):
        data[7] = list(range(n))  # a column name that is not text
    return pd.DataFrame(data)


def _csv_lines(rows: int, sep: str) -> list[str]:
    header = sep.join(GOOD)
    body = [sep.join("" if v is None else str(v) for v in GOOD.values()) for _ in range(rows)]
    return [header, *body]


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    """A valid CSV batch mutated: cells replaced, bytes cut, inserted or flipped, other encodings."""
    sep = draw(st.sampled_from([",", ";", "\t", "|"]))
    lines = _csv_lines(draw(st.integers(0, 6)), sep)
    for _ in range(draw(st.integers(0, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        cells = lines[i].split(sep)
        j = draw(st.integers(0, len(cells) - 1))
        cells[j] = draw(odd_text)
        if draw(st.integers(0, 4)) == 0:
            cells = cells[:-1] if draw(st.booleans()) else [*cells, "x"]
        lines[i] = sep.join(cells)
    if draw(st.booleans()):
        lines[0] = sep.join(f'"{c}"' for c in lines[0].split(sep))
    data = ("\r\n" if draw(st.booleans()) else "\n").join(lines).encode(
        draw(st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16"])), errors="replace")
    for _ in range(draw(st.integers(0, 3))):
        op = draw(st.sampled_from(["cut", "insert", "flip"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "cut":
            data = data[:at]
        elif op == "insert":
            data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at:]
        elif data:
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1:]
    return data


def _parquet_bytes(rows: int) -> bytes:
    sink = io.BytesIO()
    pq.write_table(pa.Table.from_pylist([GOOD] * rows), sink, row_group_size=3)
    return sink.getvalue()


PARQUET = {rows: _parquet_bytes(rows) for rows in (0, 1, 7)}


@st.composite
def parquet_files(draw: st.DrawFn) -> bytes:
    """A valid Parquet file truncated or with a few bytes flipped (or none: a valid file)."""
    data = PARQUET[draw(st.sampled_from(sorted(PARQUET)))]
    op = draw(st.sampled_from(["cut", "flip", "none"]))
    if op == "cut":
        data = data[:draw(st.integers(0, len(data) - 1))]
    elif op == "flip":
        for _ in range(draw(st.integers(1, 3))):
            at = draw(st.integers(0, len(data) - 1))
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1:]
    return data


options = st.fixed_dictionaries({}, optional={
    "chunk_rows": st.one_of(st.integers(-2, 5), st.just(10**12), st.just(True), st.just("3"), st.just(2.5)),
    "id_column": st.one_of(st.none(), st.sampled_from(["id", "health", "row", "", "missing"]), st.just(5)),
    "preventive": st.one_of(st.none(), st.booleans(), st.just("nee"), st.just(0)),
    "fail_fast": st.one_of(st.booleans(), st.just("yes")),
    "rules": st.one_of(st.none(), st.just("WAI"), st.just(werkscan.WAI_RULES)),
})
csv_options = st.fixed_dictionaries({}, optional={
    "sep": st.sampled_from([",", ";", "\t", "|", ":", "", ",,"]),
    "decimal": st.sampled_from([".", ",", ";", "x"]),
}) if os.environ.get("FUZZ_NO_DIALECT") != "1" else st.just({})  # (an older version has no sep/decimal)


@pytest.fixture(scope="module")
def folder() -> Iterator[pathlib.Path]:
    with tempfile.TemporaryDirectory() as tmp:
        yield pathlib.Path(tmp)


# ----------------------------------------------------------------------------- entry points


@FUZZ
@given(arrow_tables(), options)
def test_score_batch_on_arrow_tables(table: pa.Table, kwargs: dict[str, Any]) -> None:
    assert_library_error("score_batch(arrow)", lambda: werkscan.score_batch(table, **kwargs))
    assert_library_error("iter_score_batches(arrow)", lambda: werkscan.iter_score_batches(table, **kwargs))


@FUZZ
@given(pandas_frames(), options)
def test_score_batch_and_partition_on_pandas(frame: pd.DataFrame, kwargs: dict[str, Any]) -> None:
    assert_library_error("score_batch(pandas)", lambda: werkscan.score_batch(frame, **kwargs))
    part = {k: v for k, v in kwargs.items() if k in ("rules", "preventive", "id_column")}
    assert_library_error("score_partition", lambda: werkscan.score_partition(frame, **part))


@FUZZ
@given(csv_files(), options, csv_options, st.sampled_from([".csv", ".parquet"]))
def test_score_file_on_mutated_csv(folder: pathlib.Path, data: bytes, kwargs: dict[str, Any],
                                   dialect: dict[str, Any], out_suffix: str) -> None:
    path = folder / "in.csv"
    path.write_bytes(data)
    out = folder / f"out{out_suffix}"
    assert_library_error("score_file(csv)", lambda: werkscan.score_file(
        path, out, errors_output=folder / "errors.csv", **kwargs, **dialect))
    assert_library_error("score_batch(csv)", lambda: werkscan.score_batch(path, **kwargs, **dialect))


@FUZZ
@given(parquet_files(), options)
def test_score_file_on_damaged_parquet(folder: pathlib.Path, data: bytes, kwargs: dict[str, Any]) -> None:
    path = folder / "in.parquet"
    path.write_bytes(data)
    assert_library_error("score_file(parquet)", lambda: werkscan.score_file(path, folder / "out.parquet", **kwargs))
    assert_library_error("iter_score_batches(parquet)", lambda: werkscan.iter_score_batches(path, **kwargs))


odd_sources = st.one_of(
    st.none(), st.integers(), st.just({"a": 1}), st.just([1, 2]), st.just(b"bytes"), st.just(iter([pa.table({})])),
    st.sampled_from(["missing.csv", "a\x00b.csv", "x" * 5000 + ".csv", "/", ".", "in.txt", "in.CSV", "dir"]),
)
odd_outputs = st.one_of(st.sampled_from(["o.parquet", "o.csv", "o.txt", "", "dir", "no/such/o.parquet",
                                         "a\x00.parquet", "x" * 5000 + ".csv", "in.csv"]), st.integers())


@FUZZ
@given(odd_sources, odd_outputs, st.one_of(st.none(), odd_outputs), st.one_of(st.none(), st.just(print), st.just(3)))
def test_odd_sources_outputs_and_progress(folder: pathlib.Path, source: Any, output: Any, errors_output: Any,
                                          progress: Any) -> None:
    (folder / "dir").mkdir(exist_ok=True)
    (folder / "in.csv").write_text(",".join(GOOD) + "\n")

    def inside(name: Any) -> Any:
        return folder / name if isinstance(name, str) and "\x00" not in name and not name.startswith("/") else name

    with contextlib.chdir(folder):
        assert_library_error("score_batch(odd source)", lambda: werkscan.score_batch(inside(source)))
        assert_library_error("score_file(odd output)", lambda: werkscan.score_file(
            folder / "in.csv", inside(output), errors_output=inside(errors_output), progress=progress))


@FUZZ
@given(st.one_of(csv_files(), parquet_files()), st.sampled_from([".csv", ".parquet", ".pq"]),
       st.lists(st.sampled_from([["--sep", ";"], ["--sep", "tab"], ["--decimal", ","], ["--max-rejected", "3"],
                                 ["--chunk-rows", "2"], ["--id-column", "id"], ["--fail-fast"], ["--preventive"],
                                 ["--format", "json"], ["--errors", "errors.csv"], ["-o", "out.csv"],
                                 ["-o", "out.parquet"], ["-o", "missing/out.parquet"]]), max_size=4))
def test_werkscan_score_cli(folder: pathlib.Path, data: bytes, suffix: str, flags: list[list[str]]) -> None:
    """The CLI exits 0, 1 or 2 with at most one line on stderr, whatever the file holds."""
    from blikopwerk._cli import run_cli
    from werkscan._cli.main import cli

    path = folder / f"in{suffix}"
    path.write_bytes(data)
    args = ["werkscan", "score", str(path), "-o", str(folder / "s.parquet")]
    for flag in flags:
        args += [str(folder / a) if a.endswith((".csv", ".parquet")) else a for a in flag]
    TRIED["werkscan score"] += 1
    err = io.StringIO()
    code: Any = 0
    saved = sys.argv
    sys.argv = args
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            run_cli(cli)
    except SystemExit as exc:
        code = exc.code
    except Exception as exc:
        harness.count("cli.werkscan score (batch)", "other exception")
        FOUND[f"werkscan score: {type(exc).__module__}.{type(exc).__name__}"] += 1
        if not COUNT_ONLY:
            raise
        return
    finally:
        sys.argv = saved
    lines = err.getvalue().strip().splitlines()
    good = code in (0, 1, 2, None) and len(lines) <= 1 and "Traceback" not in err.getvalue()
    harness.count("cli.werkscan score (batch)", "result" if good else "other exception")
    if not good:
        FOUND["werkscan score: bad exit or stderr"] += 1
        if not COUNT_ONLY:
            raise AssertionError((args, code, err.getvalue()))


def test_decimal_module_is_not_touched() -> None:
    """The generators use Decimal values; the batch path never turns them into numbers silently."""
    table = pa.table({**{c: pa.array([v]) for c, v in GOOD.items() if v is not None},
                      "impairment": pa.array([decimal.Decimal("4.00")], type=pa.decimal128(5, 2))})
    with pytest.raises(BlikopwerkError) as exc:
        werkscan.score_batch(table)
    assert "impairment" in str(exc.value)
