"""The progress bar of `werkscan score` knows the total for CSV and Parquet input."""

from __future__ import annotations

import pathlib

import pyarrow.csv as pcsv
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings

from strategies import csv_block_sizes, csv_row_counts
from werkscan._cli.scoring import _batch_rows, _csv_rows
from werkscan._demo.scoring import example_data

BATCH = example_data("example_batch.csv")


def arrow_rows(path: pathlib.Path) -> int:
    return int(pcsv.read_csv(path).num_rows)


def test_example_batch_counts_as_read() -> None:
    assert _batch_rows(BATCH) == arrow_rows(BATCH) == 40


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
@pytest.mark.parametrize("trailing", ["", "END", "END\n", "END\n\n"])
def test_line_endings_and_blank_lines(tmp_path: pathlib.Path, ending: str, trailing: str) -> None:
    lines = BATCH.read_text(encoding="utf-8").splitlines()
    text = ending.join(lines)
    text += {"": "", "END": "", "END\n": ending, "END\n\n": ending * 2}[trailing]
    path = tmp_path / "b.csv"
    path.write_bytes(text.encode())
    assert _csv_rows(path) == arrow_rows(path) == 40


@settings(max_examples=30, deadline=None)
@given(rows=csv_row_counts, block=csv_block_sizes)
def test_any_block_size(tmp_path_factory: pytest.TempPathFactory, rows: int, block: int) -> None:
    lines = BATCH.read_text(encoding="utf-8").splitlines()
    path = tmp_path_factory.mktemp("csv") / "b.csv"
    body = [lines[1 + i % 40] for i in range(rows)]
    path.write_text("\n".join([lines[0], *body]) + "\n", encoding="utf-8")
    assert _csv_rows(path, block=block) == rows


def test_parquet_from_metadata(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "b.parquet"
    pq.write_table(pcsv.read_csv(BATCH), path)
    assert _batch_rows(path) == 40
    assert _batch_rows(tmp_path / "missing.parquet") is None
