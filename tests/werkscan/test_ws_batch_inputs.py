"""Batch inputs at the edges (issue 11): every bad file is the library's error, every bad cell a row error.

File-level problems (an empty file, a row with too few or too many cells, a file that is
not UTF-8, a damaged Parquet file, a directory without Parquet files, an output that
cannot be written) raise :class:`InvalidValueError` naming the file and what is wrong.
Cell-level problems (``+4``, ``1e0``, 2**63, a boolean, a number where a level belongs)
are per-row errors identical to what the scalar path reports for the same row (WS-WAI-10).
"""

from __future__ import annotations

import pathlib
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from blikopwerk import InvalidValueError
from werkscan import AnswersError, answers_from_row, score, score_batch, score_file, score_partition

AREAS = ["health", "lifestyle", "work", "work_life_balance", "education", "career_development",
         "career_mobility", "self_reliance"]
GOOD: dict[str, Any] = {
    "current_work_ability": 8, "physical_demands": 4, "mental_demands": 3, "work_nature": "physical",
    "diagnosed_diseases": 1, "impairment": 5, "sick_leave_days": 3, "prognosis": 7,
    "mental_resources_1": 3, "mental_resources_2": 3, "mental_resources_3": 2, **dict.fromkeys(AREAS, "none"),
}
HEADER = list(GOOD)


def csv_text(rows: list[dict[str, Any]], sep: str = ",", quote_header: bool = False) -> str:
    head = [f'"{c}"' if quote_header else c for c in HEADER]
    lines = [sep.join(head)] + [sep.join("" if r[c] is None else str(r[c]) for c in HEADER) for r in rows]
    return "\n".join(lines) + "\n"


def scalar_errors(row: dict[str, Any]) -> list[tuple[str, Any, str]]:
    try:
        score(answers_from_row(row))
    except AnswersError as exc:
        return [(e.field, e.value, e.reason) for e in exc.errors]
    return []


def batch_errors(result: Any, row: int) -> list[tuple[str, Any, str]]:
    return [(e.field, e.value, e.reason) for e in result.errors if e.row == row]


# ----------------------------------------------------------------------------- CSV files


def test_empty_csv_file_is_refused(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(InvalidValueError) as exc:
        score_batch(path)
    assert exc.value.field == "source" and exc.value.value == str(path) and "empty" in exc.value.reason


def test_header_only_csv_has_no_rows(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "header.csv"
    path.write_text(",".join(HEADER) + "\n")
    result = score_batch(path)
    assert (result.rows, result.scored, result.rejected) == (0, 0, 0)
    path.write_text("a,b\n")  # the columns are checked before any row is read
    with pytest.raises(InvalidValueError) as exc:
        score_batch(path)
    assert exc.value.field == "columns"


@pytest.mark.parametrize("cut", [1, -1])
def test_short_or_long_row_names_the_row(tmp_path: pathlib.Path, cut: int) -> None:
    lines = csv_text([GOOD] * 3).splitlines()
    cells = lines[2].split(",")
    lines[2] = ",".join(cells[:-1] if cut == 1 else [*cells, "extra"])
    path = tmp_path / "ragged.csv"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InvalidValueError) as exc:
        score_batch(path)
    assert exc.value.field == "source" and lines[2][:40] in exc.value.value and str(path) in exc.value.value
    expected = len(HEADER) - 1 if cut == 1 else len(HEADER) + 1
    assert f"a row has {expected} cells where the header has {len(HEADER)}" in exc.value.reason


def test_non_utf8_header_and_cells_are_refused(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(csv_text([GOOD]).replace("health", "gezondheid\xe9").encode("latin-1"))
    with pytest.raises(InvalidValueError) as exc:
        score_batch(path)
    assert "UTF-8" in exc.value.reason and exc.value.value == str(path)
    row = {**GOOD, "work": "st\xe9rk"}
    path.write_bytes(csv_text([GOOD, row]).encode("latin-1"))
    with pytest.raises(InvalidValueError) as exc:
        score_batch(path)
    assert "UTF-8" in exc.value.reason


def test_quoted_header_reads_cells_as_text_not_inferred(tmp_path: pathlib.Path) -> None:
    """Issue 11: a quoted header used to switch to type inference, which accepted 1e0 and +4."""
    path = tmp_path / "quoted.csv"
    path.write_text(csv_text([GOOD, {**GOOD, "prognosis": "1e0"}, {**GOOD, "impairment": "+4"}, GOOD],
                             quote_header=True))
    result = score_batch(path)
    assert result.scored == 2
    assert [(e.row, e.field, e.value, e.reason) for e in result.errors] == [
        (1, "wai.prognosis", "1e0", "Input should be a valid integer"),
        (2, "wai.impairment", "+4", "Input should be a valid integer"),
    ]


def test_plus_sign_cell_is_one_row_error_not_the_batch(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "plus.csv"
    path.write_text(csv_text([GOOD, {**GOOD, "current_work_ability": "+4"}, GOOD]))
    result = score_batch(path)
    assert result.scored == 2 and result.rejected == 1
    assert batch_errors(result, 1) == [("wai.current_work_ability", "+4", "Input should be a valid integer")]


def test_csv_numbers_are_reported_as_numbers_like_parquet(tmp_path: pathlib.Path) -> None:
    """A number that is out of range reads the same from CSV text as from an integer column."""
    rows = [GOOD, {**GOOD, "prognosis": 5}, {**GOOD, "current_work_ability": 11, "health": "sterk"},
            {**GOOD, "sick_leave_days": "99999999999999999999999"}, {**GOOD, "impairment": " 004 "}]
    path = tmp_path / "b.csv"
    path.write_text(csv_text(rows))
    from_csv = score_batch(path)
    typed = [dict(r, sick_leave_days=int("9" * 23)) if r["sick_leave_days"] == "99999999999999999999999" else
             dict(r, impairment=4) if r["impairment"] == " 004 " else r for r in rows]
    for i, row in enumerate(typed):
        assert batch_errors(from_csv, i) == scalar_errors(row), i
    assert from_csv.scored == 2


def test_dutch_excel_csv_semicolons_and_decimal_comma(tmp_path: pathlib.Path) -> None:
    rows = [GOOD, {**GOOD, "current_work_ability": "8,0"}, {**GOOD, "impairment": "4,5"},
            {**GOOD, "mental_demands": "3.0"}]
    path = tmp_path / "excel.csv"
    path.write_text(csv_text(rows, sep=";"))
    detected = score_batch(path)
    chosen = score_batch(path, sep=";", decimal=",")
    for result in (detected, chosen):
        assert result.results.column("row").to_pylist() == [0, 1]
        assert result.results.column("score").to_pylist() == [39.5, 39.5]
        assert [(e.row, e.field, e.value) for e in result.errors] == [
            (2, "wai.impairment", "4,5"), (3, "wai.mental_demands", "3.0")]
    # a decimal point chosen for a semicolon file: 8,0 is then not a whole number
    point = score_batch(path, sep=";", decimal=".")
    assert [(e.row, e.value) for e in point.errors] == [(1, "8,0"), (2, "4,5")]
    tabs = tmp_path / "tabs.csv"
    tabs.write_text(csv_text(rows[:2], sep="\t"))
    assert score_batch(tabs).scored == 1  # tab detected; "8,0" is not a number with a decimal point


def test_csv_options_are_checked(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "b.csv"
    path.write_text(csv_text([GOOD]))
    for kwargs in ({"sep": ":"}, {"decimal": "'"}, {"sep": ",", "decimal": ","}):
        with pytest.raises(InvalidValueError):
            score_batch(path, **kwargs)
    with pytest.raises(InvalidValueError) as exc:
        score_batch(pa.Table.from_pylist([GOOD]), sep=";")
    assert exc.value.field == "sep" and "CSV" in exc.value.reason


def test_only_an_empty_cell_is_missing(tmp_path: pathlib.Path) -> None:
    """NA, null or nan in a cell are what they say, not missing values guessed by the reader."""
    path = tmp_path / "na.csv"
    path.write_text(csv_text([{**GOOD, "current_work_ability": "NA"}, {**GOOD, "work": "null"},
                              {**GOOD, "prognosis": None}]))
    result = score_batch(path)
    assert [(e.row, e.field, e.value, e.reason) for e in result.errors] == [
        (0, "wai.current_work_ability", "NA", "Input should be a valid integer"),
        (1, "signals.work", "null", "Input should be 'strong', 'weak' or 'none'"),
        (2, "wai.prognosis", None, "Field required"),
    ]


def test_duplicate_column_names_are_refused() -> None:
    table = pa.Table.from_arrays([pa.array([v]) for v in GOOD.values()] + [pa.array(["none"])],
                                 names=[*HEADER, "health"])
    with pytest.raises(InvalidValueError) as exc:
        score_batch(table)
    assert exc.value.value == ["health"] and "twice" in exc.value.reason


# ----------------------------------------------------------------------------- Parquet


def test_truncated_or_foreign_parquet_is_refused(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "b.parquet"
    pq.write_table(pa.Table.from_pylist([GOOD] * 100), path)
    data = path.read_bytes()
    for cut in (0, 4, len(data) // 2, len(data) - 3):
        path.write_bytes(data[:cut])
        with pytest.raises(InvalidValueError) as exc:
            score_batch(path)
        assert exc.value.field == "source" and str(path) in str(exc.value.value)
    path.write_text(csv_text([GOOD]))
    with pytest.raises(InvalidValueError):
        score_batch(path)


def test_directory_without_parquet_files_is_refused(tmp_path: pathlib.Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InvalidValueError) as exc:
        score_batch(empty)
    assert "without Parquet files" in exc.value.reason
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    pq.write_table(pa.Table.from_pylist([GOOD]), mixed / "part-0.parquet")
    (mixed / "notes.csv").write_text(csv_text([GOOD]))
    with pytest.raises(InvalidValueError) as exc:
        score_batch(mixed)
    assert "notes.csv" in str(exc.value)


def test_uint64_of_two_to_the_63_does_not_wrap() -> None:
    """Issue 11: 2**63 and more used to wrap to negative numbers."""
    big = [2**63, 2**64 - 1, 8]
    table = pa.table({**{c: pa.array([v] * 3) for c, v in GOOD.items()},
                      "current_work_ability": pa.array(big, type=pa.uint64())})
    result = score_batch(table)
    assert result.scored == 1
    for i, v in enumerate(big[:2]):
        assert batch_errors(result, i) == [("wai.current_work_ability", v, "Input should be less than or equal to 10")]
        assert batch_errors(result, i) == scalar_errors({**GOOD, "current_work_ability": v})


# ----------------------------------------------------------------------------- typed columns


@pytest.mark.parametrize(("column", "values", "arrow_type"), [
    ("health", [True, False, None], pa.bool_()),
    ("health", [1, 0, None], pa.int64()),
    ("health", [1.0, 2.5, None], pa.float64()),
    ("work_nature", [3.0, 2.5, None], pa.float64()),
    ("work_nature", [True, False, None], pa.bool_()),
    ("current_work_ability", [True, False, None], pa.bool_()),
    ("prognosis", [4.5, float("inf"), 7.0], pa.float64()),
    ("mental_resources_2", [True, None, False], pa.bool_()),
    ("diagnosed_diseases", [1e20, -1e19, None], pa.float64()),
])
def test_typed_columns_give_the_scalar_paths_errors(column: str, values: list[Any], arrow_type: pa.DataType) -> None:
    rows = [{**GOOD, column: v} for v in values]
    table = pa.table({**{c: pa.array([r[c] for r in rows]) for c in HEADER},
                      column: pa.array(values, type=arrow_type)})
    result = score_batch(table)
    for i, row in enumerate(rows):
        assert batch_errors(result, i) == scalar_errors(row), (i, row[column])


def test_nan_in_an_arrow_float_column_is_not_an_integer() -> None:
    table = pa.table({**{c: pa.array([v]) for c, v in GOOD.items()},
                      "impairment": pa.array([float("nan")], type=pa.float64())})
    (error,) = score_batch(table).errors
    assert (error.field, error.reason) == ("wai.impairment", "Input should be a valid integer")
    assert np.isnan(error.value)


def test_pandas_object_columns_with_mixed_types_are_read_cell_by_cell() -> None:
    df = pd.DataFrame([GOOD] * 5)
    df["current_work_ability"] = pd.Series([8, "x", 4.5, None, "9"], dtype=object)
    df["work"] = pd.Series(["strong", 3, None, True, "none"], dtype=object)
    result = score_batch(df)
    assert [(e.row, e.field, e.value, e.reason) for e in result.errors] == [
        (1, "wai.current_work_ability", "x", "Input should be a valid integer"),
        (1, "signals.work", "3", "Input should be 'strong', 'weak' or 'none'"),
        (2, "wai.current_work_ability", "4.5", "Input should be a valid integer"),
        (2, "signals.work", None, "Field required"),
        (3, "wai.current_work_ability", None, "Field required"),
        (3, "signals.work", "True", "Input should be 'strong', 'weak' or 'none'"),
    ]
    assert result.results.column("row").to_pylist() == [0, 4]
    out = score_partition(df)
    assert out["error"].isna().tolist() == [True, False, False, False, True]


def test_unsupported_column_types_name_the_column() -> None:
    table = pa.table({**{c: pa.array([v]) for c, v in GOOD.items()}, "impairment": pa.array([[1]])})
    with pytest.raises(InvalidValueError) as exc:
        score_batch(table)
    assert exc.value.field == "columns.impairment"


# ----------------------------------------------------------------------------- outputs


def test_outputs_that_cannot_be_written_are_refused_before_scoring(tmp_path: pathlib.Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(csv_text([GOOD]))
    cases = [
        ({"output": tmp_path / "missing" / "out.parquet"}, "output", "folder does not exist"),
        ({"output": tmp_path}, "output", "expected a .parquet or .csv"),
        ({"output": source}, "output", "is the input file"),
        ({"output": tmp_path / "o.parquet", "errors_output": tmp_path / "nope" / "e.csv"}, "errors_output",
         "folder does not exist"),
        ({"output": tmp_path / "o.csv", "errors_output": tmp_path / "o.csv"}, "errors_output", "results file"),
    ]
    (tmp_path / "dir.parquet").mkdir()
    cases.append(({"output": tmp_path / "dir.parquet"}, "output", "is a directory"))
    for kwargs, field, reason in cases:
        with pytest.raises(InvalidValueError) as exc:
            score_file(source, **kwargs)
        assert exc.value.field == field and reason in exc.value.reason, kwargs


def test_a_failed_run_leaves_the_earlier_output_as_it_was(tmp_path: pathlib.Path) -> None:
    out = tmp_path / "scores.parquet"
    errors = tmp_path / "errors.csv"
    out.write_bytes(b"earlier")
    errors.write_text("earlier")
    bad = tmp_path / "bad.csv"
    bad.write_text(csv_text([GOOD] * 3) + "1,2\n")
    with pytest.raises(InvalidValueError):
        score_file(bad, out, errors_output=errors, chunk_rows=1)
    assert out.read_bytes() == b"earlier" and errors.read_text() == "earlier"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv", "errors.csv", "scores.parquet"]


def test_errors_csv_quotes_only_where_needed(tmp_path: pathlib.Path) -> None:
    table = pa.Table.from_pylist([GOOD, {**GOOD, "work": 'a "b", c'}, {**GOOD, "prognosis": 5}])
    score_file(table, tmp_path / "o.parquet", errors_output=tmp_path / "e.csv")
    assert (tmp_path / "e.csv").read_text().splitlines() == [
        "row,field,value,reason",
        "1,signals.work,\"a \"\"b\"\", c\",\"Input should be 'strong', 'weak' or 'none'\"",
        "2,wai.prognosis,5,\"prognosis must be 1, 4 or 7 (WS-WAI-6)\"",
    ]
    import csv

    with open(tmp_path / "e.csv", newline="", encoding="utf-8") as fh:
        assert list(csv.reader(fh))[1][2] == 'a "b", c'


def test_partition_error_text_is_the_python_repr_of_each_value() -> None:
    """score_partition builds its error texts from Arrow columns: the same text as from the RowErrors."""
    values = ["x", "it's", 'say "hi"', "back\\slash", "é", "\x00", "tab\t", None]
    rows = [{**GOOD, "work": v, "prognosis": p, "impairment": i}
            for v, p, i in zip(values, [5, 7, 1.5, 7, 7, 2, 7, 7], [4, 4, 4, 9.0, 4, 4, 1e20, 4], strict=True)]
    frame = pd.DataFrame(rows)
    frame["health"] = pd.Series([True, False, None, "none", "none", "none", "none", "none"], dtype=object)
    out = score_partition(frame)
    result = score_batch(frame)
    expected: dict[int, list[str]] = {}
    for e in result.errors:
        expected.setdefault(e.row, []).append(f"{e.field}: {e.reason} (got {e.value!r})")
    assert out["error"].tolist() == [("; ".join(expected[i]) if i in expected else None) for i in range(len(rows))]
    assert "(got 'it\\'s')" not in out["error"][1] and "(got \"it's\")" in out["error"][1]


def test_score_partition_reads_a_file_or_refuses_other_things(tmp_path: pathlib.Path) -> None:
    rows = [GOOD, {**GOOD, "prognosis": 5}]
    path = tmp_path / "part.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path)
    csv_path = tmp_path / "part.csv"
    csv_path.write_text(csv_text(rows, sep=";"))
    from_frame = score_partition(pd.DataFrame(rows))
    for source in (path, str(path), csv_path):
        out = score_partition(source)
        assert out["score"].tolist()[0] == from_frame["score"].tolist()[0] == 39.5
        assert out["error"].tolist() == from_frame["error"].tolist()
    for bad in (None, 5, pa.Table.from_pylist(rows), tmp_path / "missing.parquet"):
        with pytest.raises(InvalidValueError):
            score_partition(bad)  # type: ignore[arg-type]


def test_score_partition_in_chunks_equals_one_chunk(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A partition larger than a chunk is scored chunk by chunk: the same frame as in one piece
    (rows counted over the partition, error texts on their own rows, dtypes and categories)."""
    from werkscan._scoring import batch

    rows = []
    for i in range(50):
        row: dict[str, Any] = {**GOOD, "id": 1000 + i}
        if i % 5 == 0:
            row["prognosis"] = 5
        if i % 6 == 1:
            row["work"] = "x"
        if i % 11 == 3:
            row["impairment"] = None
        rows.append(row)
    frame = pd.DataFrame(rows)
    path = tmp_path / "part.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path)
    csv_path = tmp_path / "part.csv"
    columns = [*HEADER, "id"]
    csv_path.write_text("\n".join([",".join(columns)] + [",".join("" if r[c] is None else str(r[c]) for c in columns)
                                                        for r in rows]) + "\n")
    sources: list[Any] = [frame, path, csv_path]
    whole = [score_partition(s, id_column="id") for s in sources]
    invalid = [i % 5 == 0 or i % 6 == 1 or i % 11 == 3 for i in range(50)]
    monkeypatch.setattr(batch, "_DEFAULT_CHUNK", 7)
    expected: dict[int, list[str]] = {}
    for e in score_batch(frame, id_column="id").errors:
        expected.setdefault(e.row, []).append(f"{e.field}: {e.reason} (got {e.value!r})")
    for source, one in zip(sources, whole, strict=True):
        chunked = score_partition(source, id_column="id")
        pd.testing.assert_frame_equal(chunked, one)
        assert chunked["row"].tolist() == list(range(50))
        assert [int(v) for v in chunked["id"].tolist()] == [1000 + i for i in range(50)]  # text from CSV
        assert chunked["error"].notna().tolist() == chunked["score"].isna().tolist() == invalid
    # the valid rows carry score_batch's results, the invalid rows nulls in every result column
    results = score_batch(frame, id_column="id").results.to_pandas()
    out = whole[0]
    for name in results.columns:
        if name in ("row", "id"):
            continue
        valid = out[name][[not bad for bad in invalid]]
        assert [None if pd.isna(v) else v for v in valid.tolist()] == results[name].tolist(), name
        assert out[name].isna().tolist() == invalid, name
    texts = [v if isinstance(v, str) else None for v in whole[0]["error"].tolist()]
    assert texts == [("; ".join(expected[i]) if i in expected else None) for i in range(50)]


def test_score_partition_of_a_file_without_rows_is_the_meta(tmp_path: pathlib.Path) -> None:
    """A file with a header or schema and no rows (an empty file of a dataset) scores to no rows."""
    from werkscan import partition_meta

    path = tmp_path / "empty.parquet"
    pq.write_table(pa.Table.from_pylist([{**GOOD, "id": 1}]).slice(0, 0), path)
    csv_path = tmp_path / "empty.csv"
    csv_path.write_text(",".join(HEADER) + "\n")
    pd.testing.assert_frame_equal(score_partition(path, id_column="id"), partition_meta(id_column="id"))
    pd.testing.assert_frame_equal(score_partition(csv_path), partition_meta())
    with pytest.raises(InvalidValueError) as exc:
        score_partition(path, id_column="questionnaire_id")
    assert exc.value.field == "columns"
