"""The ``keurmerk`` CLI: fee, audit, calendar, services, survey (table, JSON, PDF, HTML), stars."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner

from keurmerk._cli import cli

EXAMPLE = Path(str(resources.files("keurmerk").joinpath("data/example_survey_2020.json")))


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_fee_table_and_json() -> None:
    out = run("fee", "249999")
    assert "2.327,00" in out and "552" in out
    data = json.loads(run("fee", "250000", "--format", "json"))
    assert data["fee"] == "2673"
    assert data["audit_by_blik_op_werk"] is False
    data = json.loads(run("fee", "74999.50", "--format", "json", "--manual-price", "100"))
    assert (data["fee"], data["first_fee_after_manual"]) == ("1605", "1505.00")
    assert data["band"] == {"from": "0", "to": "74999"}


def test_audit_json() -> None:
    data = json.loads(run("audit", "--employees", "30", "--year", "2", "--turnover", "249999.99",
                          "--format", "json"))
    assert (data["mandays"], data["cost_estimate"], data["audit_price"]) == ("1.25", "1562.50", "552")
    assert data["is_estimate"] is True
    assert "1.562,50" in run("audit", "--employees", "30", "--year", "2")


def test_calendar_json_leap_year() -> None:
    data = json.loads(run("calendar", "2024-02-29", "--registered", "2024-02-20", "--periods", "2",
                          "--format", "json"))
    assert data["periods"][0]["end"] == "2025-02-28"
    assert data["periods"][1]["start"] == "2025-03-01"
    assert data["withdrawal_deadline"] == "2024-03-05"
    # dates in words in what people read, never ISO (issue 14)
    assert "28 mei 2025" in run("calendar", "2024-02-29")
    assert "28 May 2025" in run("calendar", "2024-02-29", "--lang", "en")


def test_services_lists_names() -> None:
    assert "Supported employment" in run("services")
    data = json.loads(run("services", "--historic", "--format", "json"))
    assert [s["number"] for s in data] == list(range(1, 14))


def test_survey_table_json_and_reports(tmp_path: Path) -> None:
    out = run("survey", str(EXAMPLE))
    # one number format per language (issue 14): Dutch commas throughout, English points
    assert "66,7" in out and "21,1" in out and "38,5" in out
    out = run("survey", str(EXAMPLE), "--lang", "en")
    assert "66.7" in out and "21.1" in out and "38.5" in out
    pdf, html = tmp_path / "r.pdf", tmp_path / "r.html"
    data = json.loads(run("survey", str(EXAMPLE), "--format", "json", "--pdf", str(pdf), "--html", str(html)))
    rows = [(r["net_sample"], r["completed"], r["response_pct"], r["published"]) for r in data["rows"]]
    assert rows == [(6, 4, "66.7", True), (428, 81, "18.9", True), (26, 12, "46.2", True),
                    (460, 97, "21.1", True), (58, 11, "19.0", True)]
    assert data["promoter_score"]["clients"]["score"] == "38.5"

    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for cell in ("Outplacement", "428", "66,7", "18,9", "46,2", "21,1", "19,0", "Totaal opdrachtgevers",
                 "38,5"):
        assert cell in text
    assert sum(len(page.images) for page in reader.pages) >= 1  # the mark-distribution chart
    page = html.read_text("utf-8")
    assert "data:image/png;base64," in page and "Toeleiden naar werk vanuit situatie geen werk" in page


def test_survey_csv_with_net_sample(tmp_path: Path) -> None:
    csv_file = tmp_path / "resp.csv"
    csv_file.write_text("id,kind,service,mark,recommendation,satisfaction,aspects_answered\n"
                        "1,client,7,8,recommended,tevreden,true\n"
                        "2,client,7,9,,,true\n"
                        "3,client,7,2,,,false\n"
                        "4,principal,,7.5,,,true\n", "utf-8")
    data = json.loads(run("survey", str(csv_file), "--net-sample", "7=4", "--principals-net-sample", "2",
                          "--format", "json"))
    assert [(r["completed"], r["response_pct"]) for r in data["rows"]] == [(2, "50.0"), (2, "50.0"), (1, "50.0")]


def test_stars_json() -> None:
    data = json.loads(run("stars", "--client-mark", "8.2", "--principal-mark", "7.9", "--staff-pct", "100",
                          "--format", "json"))
    assert data["stars"] == 3
    assert [c["id"] for c in data["criteria"] if c["met"]] == ["norms", "client_mark", "trained_staff"]
    assert "not an official formula" in run("stars", "--aspirant", "--lang", "en")


@pytest.mark.parametrize(("args", "message"), [
    (["fee", "--", "-5"], "turnover"),
    (["fee", "100000", "--services", "11"], "tariff_not_in_sources"),
    (["audit", "--employees", "0"], "employees"),
    (["calendar", "29-02-2024"], "start"),
    (["stars", "--client-mark", "11"], "client_mark"),
])
def test_errors_exit_2_with_a_message(args: list[str], message: str) -> None:
    exe = Path(sys.executable).parent / "keurmerk"
    proc = subprocess.run([str(exe), *args], capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert message in proc.stderr


def test_survey_net_sample_option_is_checked(tmp_path: Path) -> None:
    f = tmp_path / "x.csv"
    f.write_text("kind,service,mark\nclient,7,8\n", "utf-8")
    exe = Path(sys.executable).parent / "keurmerk"
    proc = subprocess.run([str(exe), "survey", str(f), "--net-sample", "seven"], capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 2 and "--net-sample" in proc.stderr


def test_demo_writes_reports(tmp_path: Path) -> None:
    from keurmerk._demo import demo

    lines: list[str] = []
    demo(tmp_path, lines.append)
    assert (tmp_path / "keurmerk-survey.pdf").stat().st_size > 1000
    assert (tmp_path / "keurmerk-survey.html").exists()
    assert any("38.5" in line for line in lines)
