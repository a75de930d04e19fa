"""``werkscan leads ...`` on SQLite, and the lead demo (WS-LEAD-2, -5, -6, -8)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from werkscan._cli.main import cli
from werkscan._demo.leads import demo

CSV = """id,name,email,postcode,address,lead_cap,keurmerk
amersfoort,Arbo Amersfoort,a@example.nl,3811 AB,Stationsplein 1,5,true
amsterdam,Werk Amsterdam,b@example.nl,1012,,5,false
bosch,Loopbaan Bosch,c@example.nl,5211,,5,false
maastricht,Zorg Maastricht,d@example.nl,6211,,5,false
"""


def _run(runner: CliRunner, url: str, *args: str, now: str = "2026-12-22T10:00:00+01:00") -> str:
    args = (*args, "--lang", "en")
    result = runner.invoke(cli, ["leads", "--storage", url, "--now", now, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_leads_cli_flow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BLIKOPWERK_NOTIFIER", "eml")
    monkeypatch.setenv("BLIKOPWERK_OUTBOX_FOLDER", str(tmp_path / "mail"))
    runner = CliRunner()
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    experts = tmp_path / "experts.csv"
    experts.write_text(CSV)
    assert _run(runner, url, "import-experts", str(experts)).strip() == "experts added 4, already there 0"
    assert "added 0, already there 4" in _run(runner, url, "import-experts", str(experts))
    out = _run(runner, url, "match", "3511 AB", "--format", "json")
    assert [m["expert_id"] for m in json.loads(out)] == ["amersfoort", "amsterdam", "bosch"]
    assert "no expert available" in _run(runner, url, "match", "9901")
    out = _run(runner, url, "submit", "L1", "3511AB", "--wai", "31.5", "--signal", "work=strong",
               "--name", "Jan", "--email", "jan@example.nl")
    # the last day for quotes in words, never an ISO timestamp (issue 14)
    assert "offered to amersfoort (rank 1)" in out and "quotes up to and including 30 December 2026" in out
    assert "2026-12-31T00:00:00+01:00" not in out
    assert _run(runner, url, "tick", now="2026-12-28T08:59:00+01:00").strip() == (
        "reminders queued 0, offers expired 0")
    out = _run(runner, url, "tick", "--deliver", now="2026-12-28T09:00:00+01:00")
    assert "reminders queued 3, offers expired 0" in out and "delivered 6," in out
    assert "reminders queued 0" in _run(runner, url, "tick", now="2026-12-28T10:00:00+01:00")
    assert "offers expired 3" in _run(runner, url, "tick", now="2026-12-31T00:00:00+01:00")
    assert len(list((tmp_path / "mail").glob("*.eml"))) == 6


def test_unknown_postcode_is_an_error(tmp_path: Path) -> None:
    runner = CliRunner()
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    result = runner.invoke(cli, ["leads", "--storage", url, "match", "4999"])
    assert result.exit_code != 0
    assert "4999" in str(result.exception)


def test_demo_runs_from_match_to_consent(tmp_path: Path) -> None:
    lines: list[str] = []
    demo(tmp_path, lines.append)
    text = "\n".join(lines)
    assert "match 1: amersfoort-arbo at 20.0 km" in text
    assert "reminder due Mon 28 Dec 09:00" in text
    assert "[deadline_passed]" in text and "[consent_link_invalid]" in text
    assert "[consent_link_used]" in text
    assert lines[-1].endswith("(1 client)")
    assert "jan" not in lines[8].lower()  # the expert's view line holds no contact data
    demo(tmp_path, lines.append)  # runs again in the same folder
