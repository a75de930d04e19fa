"""`werkscan score` on a batch (issue 11): exit codes, --max-rejected, CSV dialects, one line on stderr.

Exit code 0: every row scored (or no more rejected than ``--max-rejected``); 1: more rows
rejected than allowed (the results are still written); 2: the input or output cannot be
used at all (empty, a directory without Parquet files, a broken file, an unwritable
output). Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import pathlib
import subprocess
import sys

import pyarrow.parquet as pq
import pytest

from werkscan._demo.scoring import example_data

BATCH = example_data("example_batch.csv")


def werkscan(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from werkscan._cli.main import main; main()", *args],
                          capture_output=True, text=True, check=False)


def one_line_error(proc: subprocess.CompletedProcess[str]) -> str:
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    return lines[0]


def test_rejected_rows_exit_1_unless_allowed(tmp_path: pathlib.Path) -> None:
    out = tmp_path / "s.parquet"
    proc = werkscan("score", str(BATCH), "-o", str(out))
    assert proc.returncode == 1
    assert "2 rows rejected" in one_line_error(proc)
    assert pq.read_table(out).num_rows == 38  # the results are written all the same
    assert werkscan("score", str(BATCH), "-o", str(out), "--max-rejected", "1").returncode == 1
    proc = werkscan("score", str(BATCH), "-o", str(out), "--max-rejected", "2")
    assert proc.returncode == 0 and proc.stderr == ""


def test_valid_batch_exits_0(tmp_path: pathlib.Path) -> None:
    lines = BATCH.read_text(encoding="utf-8").splitlines()
    good = tmp_path / "good.csv"
    good.write_text("\n".join(lines[:12] + lines[13:28] + lines[29:]) + "\n")
    proc = werkscan("score", str(good), "-o", str(tmp_path / "s.csv"))
    assert proc.returncode == 0, proc.stderr
    assert "38 rows read, 38 scored, 0 rejected" in proc.stdout


@pytest.mark.parametrize("kind", ["empty", "header", "directory", "blank-lines"])
def test_empty_inputs_and_directories_are_refused(tmp_path: pathlib.Path, kind: str) -> None:
    header = BATCH.read_text(encoding="utf-8").splitlines()[0]
    if kind == "directory":
        path = tmp_path / "folder"
        path.mkdir()
        (path / "answers.csv").write_text(BATCH.read_text(encoding="utf-8"))
    else:
        path = tmp_path / "in.csv"
        path.write_text({"empty": "", "header": header + "\n", "blank-lines": header + "\n\n\n"}[kind])
    proc = werkscan("score", str(path), "-o", str(tmp_path / "s.parquet"))
    assert proc.returncode == 2
    line = one_line_error(proc)
    assert line.startswith("error [invalid_value]:") and str(path) in line
    assert "0 rows" not in proc.stdout


def test_broken_files_and_unwritable_outputs_give_one_line(tmp_path: pathlib.Path) -> None:
    ragged = tmp_path / "ragged.csv"
    ragged.write_text(BATCH.read_text(encoding="utf-8") + "1,2,3\n")
    truncated = tmp_path / "t.parquet"
    truncated.write_bytes(b"PAR1 not really")
    for args in (
        [str(ragged), "-o", str(tmp_path / "s.parquet")],
        [str(truncated), "-o", str(tmp_path / "s.parquet")],
        [str(BATCH), "-o", str(tmp_path / "no" / "s.parquet")],
        [str(BATCH), "-o", str(tmp_path / "s.parquet"), "--errors", str(tmp_path / "no" / "e.csv")],
        [str(BATCH), "-o", str(tmp_path / "s.xlsx")],
        [str(ragged), "-o", str(ragged)],
    ):
        proc = werkscan("score", *args)
        assert proc.returncode == 2, (args, proc.stderr)
        assert one_line_error(proc).startswith("error [invalid_value]:"), args


def test_dutch_excel_csv_detected_or_chosen(tmp_path: pathlib.Path) -> None:
    lines = BATCH.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "excel.csv"
    path.write_text("\n".join(line.replace(",", ";") for line in lines) + "\n", encoding="utf-8")
    for extra in ([], ["--sep", ";", "--decimal", ","]):
        proc = werkscan("score", str(path), "-o", str(tmp_path / "s.parquet"), "--max-rejected", "2", *extra)
        assert proc.returncode == 0, proc.stderr
        assert "40 rows read, 38 scored, 2 rejected" in proc.stdout
    proc = werkscan("score", str(path), "-o", str(tmp_path / "s.parquet"), "--sep", ",")
    assert proc.returncode == 2 and "required columns are missing" in one_line_error(proc)
