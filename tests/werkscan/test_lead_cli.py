"""``werkscan leads ...`` on SQLite, and the lead demo (WS-LEAD-2, -5, -6, -8)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from werkscan._cli.main import cli
from werkscan._demo.leads import demo

CSV = """id,name,email,postcode,address,lead_cap,keurmerk,subscribed_from
amersfoort,Arbo Amersfoort,a@example.nl,3811 AB,Stationsplein 1,5,true,2026-12-01
amsterdam,Werk Amsterdam,b@example.nl,1012,,5,false,2026-12-01
bosch,Loopbaan Bosch,c@example.nl,5211,,5,false,2026-12-01
maastricht,Zorg Maastricht,d@example.nl,6211,,5,false,2026-12-01
utrecht,Werk Utrecht,e@example.nl,3512,,5,false,
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
    assert _run(runner, url, "import-experts", str(experts)).strip() == "experts added 5, already there 0"
    assert "added 0, already there 5" in _run(runner, url, "import-experts", str(experts))
    out = _run(runner, url, "match", "3511 AB", "--format", "json")  # utrecht has no subscription
    assert [m["expert_id"] for m in json.loads(out)] == ["amersfoort", "amsterdam", "bosch"]
    assert "no expert available" in _run(runner, url, "match", "9901")
    out = _run(runner, url, "submit", "L1", "3511AB", "--wai", "31.5", "--signal", "work=strong",
               "--name", "Jan", "--email", "jan@example.nl")
    # the last day for quotes in words, never an ISO timestamp (issue 14)
    assert "offered to amersfoort (rank 1)" in out and "quotes up to and including 30 December 2026" in out
    assert "2026-12-31T00:00:00+01:00" not in out
    assert _run(runner, url, "tick", now="2026-12-29T08:59:00+01:00").strip() == (
        "reminders queued 0, offers expired 0, leads closed 0")
    out = _run(runner, url, "tick", "--deliver", now="2026-12-29T09:00:00+01:00")
    assert "reminders queued 3, offers expired 0" in out and "delivered 6," in out
    assert "reminders queued 0" in _run(runner, url, "tick", now="2026-12-29T10:00:00+01:00")
    assert "offers expired 3, leads closed 1" in _run(runner, url, "tick", "--deliver",
                                                      now="2026-12-31T00:00:00+01:00")
    # three expiry notices to the experts and one "no quotes" mail to the worker
    assert len(list((tmp_path / "mail").glob("*.eml"))) == 10
    out = _run(runner, url, "history", "L1")
    assert out.count("expired") == 3 and "lead closed" in out and "jan@example.nl" not in out


def test_leads_cli_whole_life(tmp_path: Path) -> None:
    """WS-LEAD-10..12 on the command line: subscribe, decline, quote, list, accept, erase."""
    runner = CliRunner()
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    experts = tmp_path / "experts.csv"
    experts.write_text(CSV)
    _run(runner, url, "import-experts", str(experts))
    assert "from 22 December 2026" in _run(runner, url, "subscribe", "utrecht")
    assert "ends after 31 December 2026" in _run(runner, url, "unsubscribe", "maastricht", "--last-day", "2026-12-31")
    out = _run(runner, url, "submit", "L1", "3511AB", "--wai", "31.5", "--signal", "work=strong",
               "--name", "Jan", "--email", "jan@example.nl")
    assert "offered to utrecht (rank 1)" in out
    assert "offer declined" in _run(runner, url, "decline", "L1:amsterdam")
    assert "€450.00" in _run(runner, url, "quote", "L1:utrecht", "450", "--text", "Two talks")
    out = _run(runner, url, "quotes", "L1")
    assert "L1:utrecht\t€450.00\tTwo talks" in out and "up to and including 21 January 2027" in out
    out = _run(runner, url, "expert-leads", "amsterdam")
    assert "L1:amsterdam\tdeclined\t25-50 km" in out and "km\t" not in out.split("25-50 km")[1][:3]
    out = _run(runner, url, "expert-leads", "utrecht", "--format", "json")
    assert [(v["state"], v["distance_band"]) for v in json.loads(out)] == [("quoted", "0-10 km")]
    assert "utrecht receives the contact data" in _run(runner, url, "accept", "L1:utrecht")
    assert "L1:amersfoort\tlost" in _run(runner, url, "expert-leads", "amersfoort")
    assert "won" in _run(runner, url, "expert-leads", "utrecht", "--state", "won")
    assert "confirmation queued" in _run(runner, url, "erase", "L1")
    assert "no contact data left" in _run(runner, url, "erase", "L1")
    out = _run(runner, url, "history", "--expert", "amsterdam")
    assert "declined by the expert" in out and "Jan" not in out
    assert "contact data erased of 0 leads" in _run(runner, url, "erase-due")
    result = runner.invoke(cli, ["leads", "--storage", url, "decline", "L1:amsterdam"])
    assert result.exit_code != 0 and "Traceback" not in result.output


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
    assert "reminder due Tue 29 Dec 09:00" in text
    assert "[deadline_passed]" in text and "[consent_link_invalid]" in text
    assert "[consent_link_used]" in text
    assert lines[-1].endswith("(1 client)")
    assert "utrecht-werk is nearest but has no subscription: not matched" in text  # WS-LEAD-10
    assert "match 1: utrecht-werk" not in text
    assert "amersfoort-arbo won, amsterdam-werk declined, bosch-loopbaan expired" in text
    assert "the lead is closed and the worker is told once" in text
    assert "erased True, confirmation mailed; asked again: erased False" in text
    assert "els" not in "\n".join(line for line in lines if "events" in line).lower()
    assert "jan" not in lines[8].lower()  # the expert's view line holds no contact data
    demo(tmp_path, lines.append)  # runs again in the same folder
