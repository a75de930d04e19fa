"""``werkscan licence`` invoicing steps: period end, invoices to files, credit, usage per
expert (WS-INV-1..3, WS-LIC-2)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from click.testing import CliRunner

from werkscan._cli.main import cli


def _run(runner: CliRunner, url: str, now: str, *args: str, lang: str = "en", code: int = 0) -> str:
    result = runner.invoke(cli, ["licence", "--storage", url, "--now", now, *args, "--lang", lang])
    assert result.exit_code == code, result.output
    return result.output


def _one_error_line(url: str, now: str, *args: str) -> None:
    """The real entry point: one clear line and a non-zero exit, never a traceback."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    env_path = os.pathsep.join(str(root / p) for p in ("src", "plugins/postgres/src", "plugins/pdok/src",
                                                        "plugins/smtp/src"))
    done = subprocess.run([sys.executable, "-c", "from werkscan._cli.main import main; main()", "licence",
                           "--storage", url, "--now", now, *args, "--lang", "en"],
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": env_path}, check=False)
    assert done.returncode != 0
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr, done.stderr


def test_invoicing_steps_from_the_command_line(tmp_path: Path) -> None:
    runner = CliRunner()
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    march = "2026-03-02T09:00:00+01:00"
    _run(runner, url, march, "create", "--company", "Arbo BV", "--contact-name", "Anna",
         "--contact-email", "anna@arbo.example", "--valid-from", "2026-01-01", "--valid-until", "2026-12-31",
         "--id", "L1", "--staffel", "25")
    csv_path = tmp_path / "done.csv"
    csv_path.write_text("questionnaire_id,completed_at,status\n" + "\n".join(
        f"q{i:02d},2026-03-02T10:{i:02d}:00+01:00,completed" for i in range(1, 28)) + "\n")
    _run(runner, url, march, "record", "L1", str(csv_path))
    dry = _run(runner, url, march, "period-end", "--dry-run")
    assert dry.startswith("staffel:") and len(dry.splitlines()) == 1
    out = _run(runner, url, march, "period-end", "--seller-vat", "NL000000000B01")
    assert out.splitlines()[0] == "2 March 2026: 0 licences due, 1 document issued, 0 renewals."
    new_year = "2027-01-01T00:30:00+01:00"
    out = _run(runner, url, new_year, "period-end", lang="nl")
    assert out.splitlines()[0] == "1 januari 2027: 1 licentie afgelopen, 1 document uitgereikt, 1 verlenging."
    assert "2027-00001" in out and "€\xa030,25" in out  # 2 beyond the staffel: 2 x 12.50 + 21 % VAT
    assert "0 documents issued" in _run(runner, url, new_year, "period-end")
    assert "credited" in _run(runner, url, new_year, "credit", "q27", "--reason", "test questionnaire")
    _one_error_line(url, new_year, "credit", "q27", "--reason", "again")
    _one_error_line(url, new_year, "invoice", "2027-00099", "--output", str(tmp_path / "x.pdf"))
    out = _run(runner, url, "2027-01-05T09:00:00+01:00", "period-end")
    assert "1 document issued" in out and "2027-00002" in out
    listed = _run(runner, url, new_year, "invoices", "L1").splitlines()
    assert [line.split()[0] for line in listed] == ["2026-00001", "2027-00001", "2027-00002"]
    for fmt, head in (("pdf", b"%PDF"), ("html", b"<!DOCTYPE"), ("json", b"{"), ("ubl", b"<?xml")):
        target = tmp_path / f"invoice.{fmt}"
        _run(runner, url, new_year, "invoice", "2027-00002", "--format", fmt, "--output", str(target))
        assert target.read_bytes()[: len(head)].upper() == head.upper()
    assert json.loads(_run(runner, url, march, "experts-usage", "L1")) == []  # the renewed year
    usage = json.loads(_run(runner, url, march, "experts-usage", "L1", "--on", "2026-06-01"))
    assert usage == [{"expert": "anna@arbo.example", "completed": 27, "credited": 1, "counted": 26}]
    counts = json.loads(_run(runner, url, march, "counts", "L1"))
    assert counts["by_expert"] == {"": 26}
