"""``werkscan compare`` (WS-RPT-5): two answer files, or one batch file with a measurement column."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq
from click.testing import CliRunner

from strategies import SIGNAL_AREAS as AREAS
from werkscan import row_from_answers
from werkscan._cli.main import cli

WAI = {"current_work_ability": 8, "physical_demands": 4, "mental_demands": 3, "work_nature": "both",
       "diagnosed_diseases": 1, "impairment": 5, "sick_leave_days": 3, "prognosis": 7, "mental_resources": [3, 3, 2]}
QUIET = {a: "none" for a in AREAS}
FIRST = {"wai": WAI, "signals": {**QUIET, "work": "strong"}}
LATER = {"wai": {**WAI, "current_work_ability": 10, "prognosis": 7, "sick_leave_days": 0},
         "signals": {**QUIET, "health": "weak"}}


def _files(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "first.json", tmp_path / "later.json"
    a.write_text(json.dumps(FIRST))
    b.write_text(json.dumps(LATER))
    return a, b


def _batch(tmp_path: Path, suffix: str = ".csv") -> Path:
    rows: list[dict[str, Any]] = []
    for i in range(4):
        rows.append({**row_from_answers(FIRST), "worker": f"w{i}", "measurement": 1})
        rows.append({**row_from_answers(LATER if i % 2 else FIRST), "worker": f"w{i}", "measurement": 2})
    rows.append({**row_from_answers(FIRST), "worker": "alone", "measurement": 1})
    rows.append({**row_from_answers(FIRST), "prognosis": 5, "worker": "bad", "measurement": 2})
    path = tmp_path / f"batch{suffix}"
    table = pa.Table.from_pylist(rows)
    pcsv.write_csv(table, path) if suffix == ".csv" else pq.write_table(table, path)
    return path


def test_two_answer_files_in_dutch_and_english(tmp_path: Path) -> None:
    a, b = _files(tmp_path)
    out = CliRunner().invoke(cli, ["compare", str(a), str(b)])
    assert out.exit_code == 0, out.output
    assert out.output.splitlines() == [
        "Eerste meting: WAI 39 (goed)", "Tweede meting: WAI 42 (goed)", "Verandering: +3 punten; klasse gelijk",
        "Signalen erbij: Gezondheid", "Signalen weg: Werk"]
    en = CliRunner().invoke(cli, ["compare", str(a), str(b), "--lang", "en"]).output
    assert en.splitlines() == [
        "First measurement: WAI 39 (good)", "Second measurement: WAI 42 (good)", "Change: +3 points; same band",
        "Signals that appeared: Health", "Signals that went: Work"]
    data = json.loads(CliRunner().invoke(cli, ["compare", str(a), str(b), "--format", "json"]).output)
    assert data["wai_change"] == 3.0 and data["signal_changes"] == {"health": "appeared", "work": "went"}


def test_a_measurement_compared_with_itself(tmp_path: Path) -> None:
    a, _b = _files(tmp_path)
    out = CliRunner().invoke(cli, ["compare", str(a), str(a), "--lang", "en"]).output
    assert "Change: 0 points; same band" in out and "The signals are the same as at the first measurement." in out


def test_a_batch_with_a_measurement_column(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.parquet"
    out = CliRunner().invoke(cli, ["compare", str(_batch(tmp_path)), "-o", str(pairs), "--lang", "en"])
    assert out.exit_code == 0, out.output
    text = out.output
    assert "Pairs: 4 (1 without a second measurement; 1 rows that could not be scored)" in text
    assert "Mean WAI: 39.0 at the first and 40.5 at the second measurement (change +1.5)" in text
    assert "Higher: 2 of 4 (50.0%); the same: 2 of 4 (50.0%); lower: 0 of 4 (0.0%)" in text
    assert "Still good at the second measurement: 4 of 4 (100.0%)" in text
    nl = CliRunner().invoke(cli, ["compare", str(_batch(tmp_path))]).output  # Dutch by default
    assert "Paren: 4 (1 zonder tweede meting; 1 rijen die niet te scoren waren)" in nl
    assert "Gemiddelde WAI: 39,0 bij de eerste en 40,5 bij de tweede meting (verandering +1,5)" in nl
    assert "Hoger: 2 van 4 (50,0 %)" in nl and " of " not in nl
    table = pq.read_table(pairs)
    assert table.column("worker").to_pylist() == ["w0", "w1", "w2", "w3"]
    assert table.column("wai_change").to_pylist() == [0.0, 3.0, 0.0, 3.0]
    data = json.loads(CliRunner().invoke(cli, ["compare", str(_batch(tmp_path, ".parquet")), "--format", "json",
                                               "--before", "1", "--after", "2"]).output)
    assert data["pairs"]["pairs"] == 4 and data["unpaired"] == 1 and data["rejected"] == 1


def test_errors_are_one_line_and_exit_2(tmp_path: Path) -> None:
    batch = _batch(tmp_path)
    for args, words in ((["--worker-column", "nobody"], "nobody"), (["--before", "1", "--after", "x"], "x"),
                        (["--before", "1"], "after")):
        proc = subprocess.run([sys.executable, "-c", "from werkscan._cli.main import main; main()", "compare",
                               str(batch), *args], capture_output=True, text=True)
        assert proc.returncode == 2, proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1 and words in proc.stderr and "Traceback" not in proc.stderr
    a, b = _files(tmp_path)
    assert CliRunner().invoke(cli, ["compare", str(a), str(b), str(a)]).exit_code == 2


def test_one_answer_file_is_refused_in_the_language_of_the_command(tmp_path: Path) -> None:
    a, _b = _files(tmp_path)
    for lang, words in (("nl", "geef twee antwoordbestanden"), ("en", "give two answer files")):
        proc = subprocess.run([sys.executable, "-c", "from werkscan._cli.main import main; main()", "compare",
                               str(a), "--lang", lang], capture_output=True, text=True)
        assert proc.returncode == 2 and words in proc.stderr, proc.stderr
