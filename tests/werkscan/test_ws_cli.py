"""The scoring commands: werkscan score, report, schema, employer-report; and the demo."""

from __future__ import annotations

import io
import json
import pathlib
import subprocess
import sys

import pyarrow.parquet as pq
import pypdf
from click.testing import CliRunner

import werkscan
from werkscan._cli.main import cli
from werkscan._demo.scoring import demo, example_data

EXAMPLE = example_data("example_answers.json")
BATCH = example_data("example_batch.csv")


def pdf_text(path: pathlib.Path) -> str:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def test_score_json_file_text_and_json() -> None:
    runner = CliRunner()
    out = runner.invoke(cli, ["score", str(EXAMPLE), "--lang", "en"])
    assert out.exit_code == 0, out.output
    assert "WAI: 39.5 of 7-49, band: good" in out.output
    # the advice explains itself in words; no rule id reaches the reader (issue 14, WS-ADV-7)
    assert "WS-ADV-2" not in out.output and "is below 43" in out.output
    out = runner.invoke(cli, ["score", str(EXAMPLE)])  # Dutch by default, as `werkscan report`
    assert "WAI: 39,5 van 7-49, klasse: goed" in out.output and "advies: advies" in out.output
    out = runner.invoke(cli, ["score", str(EXAMPLE), "--format", "json"])
    assert out.exit_code == 0
    data = json.loads(out.output)
    assert data == werkscan.score(json.loads(EXAMPLE.read_text())).model_dump(mode="json")


def test_score_invalid_json_file_exits_2_naming_field(tmp_path: pathlib.Path) -> None:
    bad = json.loads(EXAMPLE.read_text())
    bad["wai"]["prognosis"] = 5
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad))
    proc = subprocess.run([sys.executable, "-c", "from werkscan._cli.main import main; main()", "score", str(path)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert "wai.prognosis" in proc.stderr and "5" in proc.stderr


def test_score_batch_csv_to_parquet_with_errors(tmp_path: pathlib.Path) -> None:
    out = tmp_path / "scores.parquet"
    errors = tmp_path / "errors.csv"
    # two rows of the example batch are invalid: accepted with --max-rejected 2 (issue 11)
    result = CliRunner().invoke(cli, ["score", str(BATCH), "--output", str(out), "--errors", str(errors),
                                      "--id-column", "questionnaire_id", "--max-rejected", "2",
                                      "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "40 rows read, 38 scored, 2 rejected" in result.output
    table = pq.read_table(out)
    assert table.num_rows == 38 and "questionnaire_id" in table.column_names
    lines = errors.read_text().splitlines()
    assert lines[0] == "row,field,value,reason" and len(lines) == 3
    assert lines[1].startswith("11,wai.prognosis,5,")


def test_score_batch_needs_output_and_fail_fast(tmp_path: pathlib.Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["score", str(BATCH)]).exit_code == 2
    result = runner.invoke(cli, ["score", str(BATCH), "-o", str(tmp_path / "s.parquet"), "--fail-fast"])
    assert isinstance(result.exception, werkscan.BatchRowError)
    assert result.exception.row_error.row == 11 and result.exception.row_error.field == "wai.prognosis"


def test_report_pdf_and_html_dutch_and_english(tmp_path: pathlib.Path) -> None:
    runner = CliRunner()
    pdf, html = tmp_path / "r.pdf", tmp_path / "r.html"
    result = runner.invoke(cli, ["report", str(EXAMPLE), "--pdf", str(pdf), "--html", str(html)])
    assert result.exit_code == 0, result.output
    assert "Uw WAI-score is 39,5 op een schaal van 7 tot 49: goed." in pdf_text(pdf)
    assert "Werk (sterk signaal)" in html.read_text()
    result = runner.invoke(cli, ["report", str(EXAMPLE), "--pdf", str(pdf), "--lang", "en"])
    assert "Your WAI score is 39.5 on a scale of 7 to 49: good." in pdf_text(pdf)
    assert runner.invoke(cli, ["report", str(EXAMPLE)]).exit_code == 2


def test_schema_command() -> None:
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["title"] == "WerkscanAnswers"
    assert schema == werkscan.Answers.model_json_schema()


def test_employer_report_command(tmp_path: pathlib.Path) -> None:
    runner = CliRunner()
    pdf = tmp_path / "employer.pdf"
    result = runner.invoke(cli, ["employer-report", str(BATCH), "--employer", "Voorbeeld BV", "--pdf", str(pdf),
                                 "--context"])
    assert result.exit_code == 0, result.output
    text = pdf_text(pdf)
    assert "Samenvatting van 38 ingevulde Werkscans" in text and "Van den Berg" in text
    # from a results file written by `werkscan score`
    scores = tmp_path / "scores.parquet"
    runner.invoke(cli, ["score", str(BATCH), "-o", str(scores)])
    html = tmp_path / "e.html"
    result = runner.invoke(cli, ["employer-report", str(scores), "--employer", "X", "--html", str(html),
                                 "--lang", "en"])
    assert result.exit_code == 0 and "Summary of 38 completed Werkscans" in html.read_text()


def test_employer_report_refused_below_25(tmp_path: pathlib.Path) -> None:
    small = tmp_path / "small.csv"
    small.write_text("\n".join(BATCH.read_text().splitlines()[:21]) + "\n")
    proc = subprocess.run([sys.executable, "-c", "from werkscan._cli.main import main; main()", "employer-report",
                           str(small), "--employer", "X", "--html", str(tmp_path / "x.html"), "--lang", "en"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert "at least 25 completed questionnaires" in proc.stderr
    assert not (tmp_path / "x.html").exists()


def test_demo_writes_worker_report(tmp_path: pathlib.Path) -> None:
    lines: list[str] = []
    demo(tmp_path, lines.append)
    assert (tmp_path / "werkscan-worker-report.pdf").stat().st_size > 1000
    assert "39,5" in pdf_text(tmp_path / "werkscan-worker-report.pdf")
    assert any("40 rows, 38 scored, 2 rejected" in line for line in lines)
