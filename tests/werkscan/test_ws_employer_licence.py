"""Employer reports need a valid licence (WS-LIC-1), on memory and SQLite storage; library and CLI."""

from __future__ import annotations

import datetime as dt
import io
import pathlib
import subprocess
import sys

import pytest
from click.testing import CliRunner

import werkscan
from blikopwerk import open_storage
from blikopwerk._errors import InvalidValueError
from blikopwerk._protocols import Storage
from werkscan import LicenceNotFoundError
from werkscan._cli.main import cli
from werkscan._demo.scoring import example_data

BATCH = example_data("example_batch.csv")
BASE = {"wai": {"current_work_ability": 8, "physical_demands": 4, "mental_demands": 3,
                "work_nature": "physical", "diagnosed_diseases": 1, "impairment": 5, "sick_leave_days": 3,
                "prognosis": 7, "mental_resources": [3, 3, 2]},
        "signals": {a.value: "none" for a in werkscan.SignalArea}}
FROM, UNTIL = dt.date(2026, 1, 1), dt.date(2026, 12, 31)


@pytest.fixture
def storage(storage: Storage) -> Storage:
    """The shared embedded backend (tests/conftest.py) holding licence L1."""
    werkscan.LicenceService(storage).create("Arbo BV", "Anna de Vries", "anna@arbo.example", FROM, UNTIL,
                                            licence_id="L1")
    return storage


@pytest.fixture(scope="module")
def summary() -> werkscan.EmployerSummary:
    return werkscan.summarise_employer([werkscan.score(BASE) for _ in range(25)], employer="Acme")


@pytest.mark.parametrize("day", [FROM, dt.date(2026, 6, 1), UNTIL])
def test_ws_lic_1_valid_licence_reports(storage: Storage, summary: werkscan.EmployerSummary, day: dt.date) -> None:
    assert werkscan.require_reporting_licence(storage, "L1", day).id == "L1"
    svc = werkscan.LicenceService(storage)
    assert werkscan.require_reporting_licence(svc, "L1", day).company == "Arbo BV"
    html = werkscan.employer_report_html(summary, licence=storage, licence_id="L1", on=day)
    assert "25 ingevulde Werkscans" in html
    buf = io.BytesIO()
    werkscan.employer_report_pdf(summary, buf, licence=svc, licence_id="L1", on=day)
    assert buf.getvalue()[:5] == b"%PDF-"


@pytest.mark.parametrize("day", [FROM - dt.timedelta(days=1), UNTIL + dt.timedelta(days=1)])
def test_ws_lic_1_expired_or_not_started_licence_refused(storage: Storage, summary: werkscan.EmployerSummary,
                                                         day: dt.date) -> None:
    with pytest.raises(LicenceNotFoundError) as exc:
        werkscan.require_reporting_licence(storage, "L1", day)
    assert exc.value.key == "L1" and day.isoformat() in str(exc.value)
    with pytest.raises(LicenceNotFoundError):
        werkscan.employer_report_html(summary, licence=storage, licence_id="L1", on=day)
    buf = io.BytesIO()
    with pytest.raises(LicenceNotFoundError):
        werkscan.employer_report_pdf(summary, buf, licence=storage, licence_id="L1", on=day)
    assert buf.getvalue() == b""  # nothing written


def test_ws_lic_1_unknown_licence_refused(storage: Storage, summary: werkscan.EmployerSummary) -> None:
    with pytest.raises(LicenceNotFoundError) as exc:
        werkscan.employer_report_html(summary, licence=storage, licence_id="NOPE", on=dt.date(2026, 6, 1))
    assert exc.value.key == "NOPE"


def test_licence_gate_arguments(storage: Storage, summary: werkscan.EmployerSummary) -> None:
    with pytest.raises(InvalidValueError) as exc:
        werkscan.employer_report_html(summary, licence=storage)
    assert exc.value.field == "licence_id"
    with pytest.raises(InvalidValueError) as exc:
        werkscan.employer_report_html(summary, licence_id="L1")
    assert exc.value.field == "licence"
    with pytest.raises(InvalidValueError) as exc:
        werkscan.require_reporting_licence(storage, "L1", dt.datetime(2026, 6, 1, tzinfo=dt.UTC))  # type: ignore[arg-type]
    assert exc.value.field == "on"


def test_default_day_is_today_by_the_service_clock(storage: Storage) -> None:
    inside = werkscan.LicenceService(storage, clock=lambda: dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC))
    after = werkscan.LicenceService(storage, clock=lambda: dt.datetime(2027, 1, 1, 0, 1, tzinfo=dt.UTC))
    assert werkscan.require_reporting_licence(inside, "L1").id == "L1"
    with pytest.raises(LicenceNotFoundError):
        werkscan.require_reporting_licence(after, "L1")


@pytest.fixture
def sqlite_url(tmp_path: pathlib.Path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    st = open_storage(url)
    werkscan.LicenceService(st).create("Arbo BV", "Anna de Vries", "anna@arbo.example", FROM, UNTIL,
                                       licence_id="L1")
    st.close()
    return url


def test_cli_employer_report_with_valid_licence(tmp_path: pathlib.Path, sqlite_url: str) -> None:
    html = tmp_path / "e.html"
    result = CliRunner().invoke(cli, ["employer-report", str(BATCH), "--employer", "Voorbeeld BV",
                                      "--html", str(html), "--licence", "L1", "--storage", sqlite_url,
                                      "--on", "2026-12-31"])
    assert result.exit_code == 0, result.output
    assert "38 ingevulde Werkscans" in html.read_text(encoding="utf-8")


@pytest.mark.parametrize(("licence", "on"), [("L1", "2027-01-01"), ("L1", "2025-12-31"), ("L9", "2026-06-01")])
def test_cli_employer_report_refused_without_valid_licence(tmp_path: pathlib.Path, sqlite_url: str,
                                                          licence: str, on: str) -> None:
    out = tmp_path / "e.pdf"
    proc = subprocess.run([sys.executable, "-c", "from werkscan._cli.main import main; main()", "employer-report",
                           str(BATCH), "--employer", "X", "--pdf", str(out), "--licence", licence,
                           "--storage", sqlite_url, "--on", on, "--lang", "en"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 2, proc.stderr
    # one line in the language asked for, the id as text, not a Python repr (issue 14)
    assert f"licence {licence} not found" in proc.stderr and "'" not in proc.stderr
    assert not out.exists()


def test_cli_unknown_licence_on_memory_storage(tmp_path: pathlib.Path) -> None:
    result = CliRunner().invoke(cli, ["employer-report", str(BATCH), "--employer", "X", "--html",
                                      str(tmp_path / "e.html"), "--licence", "L1", "--storage", "memory://"])
    assert isinstance(result.exception, LicenceNotFoundError)
    assert not (tmp_path / "e.html").exists()


def test_cli_storage_without_licence_is_a_usage_error(tmp_path: pathlib.Path) -> None:
    result = CliRunner().invoke(cli, ["employer-report", str(BATCH), "--employer", "X", "--html",
                                      str(tmp_path / "e.html"), "--storage", "memory://"])
    assert result.exit_code == 2 and "--licence" in result.output
