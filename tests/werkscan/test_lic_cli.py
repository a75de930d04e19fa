"""``werkscan licence ...`` end to end on SQLite, and the licence demo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from werkscan._cli.main import cli
from werkscan._demo.licence import demo

NOW = ["--now", "2026-03-02T09:00:00+01:00"]


def _run(runner: CliRunner, url: str, *args: str, now: list[str] = NOW, lang: str = "en") -> str:
    result = runner.invoke(cli, ["licence", "--storage", url, *now, *args, "--lang", lang], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_licence_cli_flow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BLIKOPWERK_NOTIFIER", "eml")
    runner = CliRunner()
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    out = _run(runner, url, "create", "--company", "Arbo BV", "--contact-name", "Anna",
               "--contact-email", "anna@arbo.example", "--valid-from", "2026-01-01",
               "--valid-until", "2026-12-31", "--id", "L1", "--staffel", "25")
    # one language per output (issue 14): English words with English money, Dutch with Dutch
    assert "licence L1" in out and "€312.50" in out
    assert "€\xa012,50" in _run(runner, url, "staffels", lang="nl")
    _run(runner, url, "verify-training", "bert@example.nl", "--name", "Bert", "--on", "2025-11-01")
    assert "added to" in _run(runner, url, "add-expert", "L1", "bert@example.nl")
    csv_path = tmp_path / "done.csv"
    rows = [f"q{i:02d},2026-03-02T10:{i:02d}:00+01:00,completed" for i in range(1, 28)]
    csv_path.write_text("questionnaire_id,completed_at,status\n" + "\n".join(rows)
                        + "\nq99,,started\nq01,2026-03-02T10:01:00+01:00,completed\n")
    out = _run(runner, url, "record", "L1", str(csv_path))
    assert out.strip() == ("charged 27, duplicates 1, not completed 1, beyond the staffel 2, "
                           "80 % warnings queued 1")
    assert "charged 0, duplicates 28" in _run(runner, url, "record", "L1", str(csv_path))
    usage = json.loads(_run(runner, url, "usage", "L1", "--format", "json"))
    assert (usage["used"], usage["remaining"], usage["overage"]) == (27, 0, 2)
    assert (usage["overage_draft"], usage["total"]) == ("25.00", "337.50")
    folder = tmp_path / "mail"
    out = _run(runner, url, "deliver", "--folder", str(folder))
    assert "delivered 1" in out
    assert len(list(folder.glob("staffel-80*.eml"))) == 1
    assert "delivered 0" in _run(runner, url, "deliver", "--folder", str(folder))
    codes = _run(runner, url, "codes", "L1", "--client", "Garage", "--count", "3").split()
    assert len(codes) == 3 and all(len(c) == 11 for c in codes)
    assert _run(runner, url, "link", "L1", "--client", "Bakkerij").startswith("https://")
    counts = json.loads(_run(runner, url, "counts", "L1"))
    assert counts["charged_completions"] == 27
    assert "replaces" in _run(runner, url, "upgrade", "L1", "50")
    assert "Used                    27" in _run(runner, url, "usage", "L1")
    later = ["--now", "2027-01-02T00:00:00Z"]
    assert "0 invoice line(s) finalised" in _run(runner, url, "finalise", "L1", now=later)
    assert _run(runner, url, "list", now=later).strip() == ""
    assert "EXAMPLE" in _run(runner, url, "staffels")


def test_licence_cli_errors_are_one_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'err.sqlite3'}"
    proc = subprocess.run([sys.executable, "-c", "from werkscan._cli.main import main; main()", "licence",
                           "--storage", url, "add-expert", "nope", "x@example.nl", "--lang", "en"],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    # one line, no Python repr of the id (issue 14); the error code stays for support
    assert proc.stderr.strip() == "error: licence nope not found [licence_not_found]"


def test_custom_staffel_table_from_csv(tmp_path: Path) -> None:
    table = tmp_path / "staffels.csv"
    table.write_text("size,unit_price,source\n40,10.00,Licentieovereenkomst 2026 bijlage 1\n"
                     "400,7.25,Licentieovereenkomst 2026 bijlage 1\n")
    runner = CliRunner()
    url = f"sqlite:///{tmp_path / 't.sqlite3'}"
    opts = ["--staffel-table", str(table), "--table-version", "2026-contract"]
    out = _run(runner, url, *opts, "staffels")
    assert "2026-contract" in out and "EXAMPLE" not in out
    out = _run(runner, url, *opts, "create", "--company", "Arbo BV", "--contact-name", "Anna",
               "--contact-email", "anna@arbo.example", "--valid-from", "2026-01-01",
               "--valid-until", "2026-12-31", "--id", "L1", "--staffel", "40")
    assert "€10.00" in out and "€400.00" in out
    assert "€\xa010,00" in _run(runner, url, *opts, "staffels", lang="nl")


def test_licence_demo(tmp_path: Path) -> None:
    lines: list[str] = []
    demo(tmp_path, lines.append)
    text = "\n".join(lines)
    assert "queued at completion 20 of 25" in text
    assert "Overage                 5" in text
    assert "€\xa062,50" in text
    [eml] = list((tmp_path / "outbox").glob("*.eml"))
    assert eml.name == "staffel-80_S-2026-001.eml"
    assert "anna@arbo-utrecht.example" in eml.read_text()
    demo(tmp_path, lines.append)  # runs again on the same folder
