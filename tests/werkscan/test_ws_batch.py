"""Batch scoring from every source kind: Arrow, pandas, polars, Parquet, CSV; streaming; errors."""

from __future__ import annotations

import pathlib
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from blikopwerk import InvalidValueError
from werkscan import (
    BatchRowError,
    iter_score_batches,
    row_from_answers,
    score,
    score_batch,
    score_file,
)

AREAS = ["health", "lifestyle", "work", "work_life_balance", "education", "career_development",
         "career_mobility", "self_reliance"]
GOOD: dict[str, Any] = {
    "current_work_ability": 8, "physical_demands": 4, "mental_demands": 3, "work_nature": "physical",
    "diagnosed_diseases": 1, "impairment": 5, "sick_leave_days": 3, "sick_leave_band": None, "prognosis": 7,
    "mental_resources_1": 3, "mental_resources_2": 3, "mental_resources_3": 2,
    **dict.fromkeys(AREAS, "none"), "work": "strong", "health": "weak",
}


def rows(n: int, bad: dict[int, dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    out = []
    for i in range(n):
        row = {**GOOD, "id": f"Q{i}", "current_work_ability": i % 11}
        row.update((bad or {}).get(i, {}))
        out.append(row)
    return out


def test_arrow_table_scores_match_scalar() -> None:
    data = rows(30)
    result = score_batch(pa.Table.from_pylist(data))
    assert result.rows == 30 and result.scored == 30 and result.rejected == 0
    for got, row in zip(result.results.to_pylist(), data, strict=True):
        expected = score({"wai": {k: v for k, v in row.items() if k in GOOD and k not in AREAS
                                  and k != "sick_leave_band" and not k.startswith("mental_resources")}
                          | {"mental_resources": [3, 3, 2]},
                          "signals": {a: row[a] for a in AREAS}})
        assert got["score"] == expected.wai.score
        assert got["band"] == expected.wai.band.value
        assert got["signal_drop"] == pytest.approx(2.8) and got["signal_drop"] == float(expected.signal_drop)


def test_pandas_with_missing_values_is_float_and_still_scored() -> None:
    """pandas turns an int column with a missing value into float64 (NaN): rows stay per-row."""
    df = pd.DataFrame(rows(5, {2: {"prognosis": None}}))
    assert df["prognosis"].dtype == np.float64
    result = score_batch(df)
    assert result.scored == 4
    assert [(e.row, e.field, e.value, e.reason) for e in result.errors] == [
        (2, "wai.prognosis", None, "Field required")]
    assert result.results.column("score").to_pylist()[0] == 31.5


def test_pandas_non_whole_float_is_an_error() -> None:
    df = pd.DataFrame(rows(3))
    df["impairment"] = df["impairment"].astype(float)
    df.loc[1, "impairment"] = 4.5
    result = score_batch(df)
    assert [(e.row, e.field, e.value) for e in result.errors] == [(1, "wai.impairment", 4.5)]


def test_pandas_categorical_and_polars_sources() -> None:
    df = pd.DataFrame(rows(12, {5: {"work_nature": "office"}}))
    for area in AREAS:
        df[area] = df[area].astype("category")
    a = score_batch(df)
    b = score_batch(pl.from_pandas(pd.DataFrame(rows(12, {5: {"work_nature": "office"}}))))
    assert a.results.column("score").to_pylist() == b.results.column("score").to_pylist()
    assert [(e.row, e.field, e.value) for e in a.errors] == [(5, "wai.work_nature", "office")]
    assert [(e.row, e.field, e.value) for e in b.errors] == [(5, "wai.work_nature", "office")]


def test_parquet_file_and_dataset_directory(tmp_path: pathlib.Path) -> None:
    table = pa.Table.from_pylist(rows(50, {7: {"impairment": 0}}))
    pq.write_table(table, tmp_path / "one.parquet", row_group_size=8)
    directory = tmp_path / "dataset"
    directory.mkdir()
    pq.write_table(table.slice(0, 20), directory / "part-0.parquet")
    pq.write_table(table.slice(20), directory / "part-1.parquet")
    a = score_batch(tmp_path / "one.parquet", chunk_rows=8)
    b = score_batch(str(directory))
    assert a.results.column("score").to_pylist() == b.results.column("score").to_pylist()
    assert [(e.row, e.field) for e in a.errors] == [(7, "wai.impairment")] == [(e.row, e.field) for e in b.errors]


def test_csv_text_in_number_columns_is_a_row_error(tmp_path: pathlib.Path) -> None:
    data = rows(6)
    path = tmp_path / "batch.csv"
    pd.DataFrame(data).to_csv(path, index=False)
    text = path.read_text().splitlines()
    cells = text[3].split(",")
    assert text[0].split(",")[0] == "current_work_ability"
    cells[0] = "eight"  # row 2, current_work_ability
    text[3] = ",".join(cells)
    path.write_text("\n".join(text) + "\n")
    result = score_batch(path)
    assert result.scored == 5
    assert [(e.row, e.field, e.value, e.reason) for e in result.errors] == [
        (2, "wai.current_work_ability", "eight", "Input should be a valid integer")]


def test_csv_and_sick_leave_band_column(tmp_path: pathlib.Path) -> None:
    data = rows(4, {1: {"sick_leave_days": None, "sick_leave_band": "100-365"},
                    2: {"sick_leave_days": None, "sick_leave_band": None}})
    path = tmp_path / "b.csv"
    pd.DataFrame(data).to_csv(path, index=False)
    result = score_batch(path)
    items = dict(zip(result.results.column("row").to_pylist(),
                     result.results.column("item_sick_leave").to_pylist(), strict=True))
    assert items == {0: 4, 1: 1, 3: 4}
    assert [(e.row, e.field) for e in result.errors] == [(2, "wai.sick_leave_days")]


def test_fail_fast_raises_with_row_and_field() -> None:
    with pytest.raises(BatchRowError) as exc:
        score_batch(pa.Table.from_pylist(rows(10, {6: {"prognosis": 5}})), fail_fast=True)
    assert exc.value.row_error.row == 6 and exc.value.row_error.field == "wai.prognosis"
    assert "row 6" in str(exc.value) and "wai.prognosis" in str(exc.value)


def test_missing_columns_and_unknown_sources() -> None:
    table = pa.Table.from_pylist(rows(2)).drop_columns(["prognosis"])
    with pytest.raises(InvalidValueError) as exc:
        score_batch(table)
    assert exc.value.field == "columns" and "prognosis" in exc.value.value
    with pytest.raises(InvalidValueError):
        score_batch(pa.Table.from_pylist(rows(2)).drop_columns(["sick_leave_days", "sick_leave_band"]))
    with pytest.raises(InvalidValueError):
        score_batch({"not": "a table"})
    with pytest.raises(InvalidValueError):
        score_batch("missing-file.parquet")
    with pytest.raises(InvalidValueError):
        score_batch(pa.Table.from_pylist(rows(2)), chunk_rows=0)
    bad_type = pa.Table.from_pylist(rows(2)).set_column(1, "current_work_ability", pa.array([[1], [2]]))
    with pytest.raises(InvalidValueError):
        score_batch(bad_type)


def test_streaming_chunks_and_id_column() -> None:
    table = pa.Table.from_pylist(rows(25, {3: {"health": "bad"}, 20: {"mental_resources_1": 9}}))
    chunks = list(iter_score_batches(table, chunk_rows=10, id_column="id"))
    assert [c.rows for c in chunks] == [10, 10, 5]
    assert [c.offset for c in chunks] == [0, 10, 20]
    assert [c.rejected for c in chunks] == [1, 0, 1]
    assert chunks[2].errors[0].row == 20
    assert chunks[0].results.column("id").to_pylist()[:4] == ["Q0", "Q1", "Q2", "Q4"]


def test_score_file_parquet_and_csv_outputs(tmp_path: pathlib.Path) -> None:
    source = pa.Table.from_pylist(rows(30, {4: {"prognosis": 2}}))
    seen: list[int] = []
    summary = score_file(source, tmp_path / "out.parquet", errors_output=tmp_path / "errors.csv",
                         chunk_rows=7, progress=seen.append)
    assert (summary.rows, summary.scored, summary.rejected) == (30, 29, 1)
    assert sum(seen) == 30 and len(seen) == 5
    assert pq.read_table(tmp_path / "out.parquet").num_rows == 29
    assert "4,wai.prognosis,2," in (tmp_path / "errors.csv").read_text()
    summary = score_file(source, tmp_path / "out.csv")
    frame = pd.read_csv(tmp_path / "out.csv")
    assert len(frame) == 29 and set(frame["band"]) <= {"poor", "moderate", "good", "excellent"}
    with pytest.raises(InvalidValueError):
        score_file(source, tmp_path / "out.xlsx")


def test_empty_batch() -> None:
    empty = pa.Table.from_pylist(rows(1)).slice(0, 0)
    result = score_batch(empty)
    assert result.rows == 0 and result.scored == 0 and result.rejected == 0


def test_preventive_policy_in_batch() -> None:
    high = {**GOOD, "current_work_ability": 10, "physical_demands": 5, "mental_demands": 5,
            "diagnosed_diseases": 0, "impairment": 6, "sick_leave_days": 0, "mental_resources_1": 4,
            "mental_resources_2": 4, "mental_resources_3": 4}
    table = pa.Table.from_pylist([high])
    assert score_batch(table).results.column("advice").to_pylist() == ["none"]
    r = score_batch(table, preventive=True).results
    assert r.column("advice").to_pylist() == ["advised"] and r.column("advice_rule").to_pylist() == ["WS-ADV-4"]


def test_row_from_answers_round_trip() -> None:
    answers = {"wai": {"current_work_ability": 8, "physical_demands": 4, "mental_demands": 3,
                       "work_nature": "physical", "diagnosed_diseases": 1, "impairment": 5,
                       "sick_leave_days": 3, "prognosis": 7, "mental_resources": [3, 3, 2]},
               "signals": {a: "none" for a in AREAS}}
    result = score_batch(pa.Table.from_pylist([row_from_answers(answers)]))
    assert result.results.column("score").to_pylist() == [score(answers).wai.score]


def test_no_first_call_tax_numba_is_not_loaded_for_files_or_ordinary_batches(tmp_path: pathlib.Path) -> None:
    """Issue 18: a CSV file or a table of 100k rows never imports numba (0.7-1.1 s); the results are the same."""
    import subprocess
    import sys

    pytest.importorskip("numba", reason="the jit extra (numba) is not installed")
    data = rows(50, {7: {"health": "sterk"}}) * 2_000  # 100,000 rows
    path = tmp_path / "big.csv"
    pd.DataFrame(data).to_csv(path, index=False)
    code = (
        "import sys, pyarrow.csv as pcsv, werkscan\n"
        f"a = werkscan.score_batch({str(path)!r})\n"
        f"b = werkscan.score_batch(pcsv.read_csv({str(path)!r}))\n"
        "assert a.rejected == b.rejected == 2000 and a.results.equals(b.results)\n"
        "print('numba' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", out.stderr
