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


def test_submit_without_a_lead_id_prints_the_id_the_library_made(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """WS-LEAD-13: the lead id is optional; the library makes an opaque one and prints it,
    and the later steps take it."""
    import re

    runner = CliRunner()
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    experts = tmp_path / "experts.csv"
    experts.write_text(CSV)
    _run(runner, url, "import-experts", str(experts))
    out = _run(runner, url, "submit", "3511AB", "--wai", "31.5", "--signal", "work=strong",
               "--name", "Jan", "--email", "jan@example.nl")
    found = re.search(r"^lead (ld-[0-9a-f]{20}): area 3511, WAI 31\.5$", out, re.MULTILINE)
    assert found is not None, out
    lead_id = found.group(1)
    assert "offered to amersfoort (rank 1)" in out
    assert f"{lead_id}\t" in _run(runner, url, "history", lead_id)
    again = _run(runner, url, "submit", "3511AB", "--wai", "30", "--name", "Piet",
                 "--email", "piet@example.nl", "--no-offer")
    assert lead_id not in again and re.search(r"^lead ld-[0-9a-f]{20}: ", again, re.MULTILINE)
    # an id of one's own still works; one carrying personal data is refused in one line
    assert _run(runner, url, "submit", "L7", "3511AB", "--wai", "30", "--name", "Kees",
                "--email", "kees@example.nl", "--no-offer").startswith("lead L7: ")
    bad = _fail(capsys, "leads", "--storage", url, "submit", "jan@example.nl", "3511AB", "--wai", "30",
                "--name", "Jan", "--email", "jan@example.nl")
    assert bad.startswith("fout: lead_id: ") and "[invalid_value]" in bad  # Dutch by default
    three = _fail(capsys, "leads", "--storage", url, "submit", "L8", "3511AB", "extra", "--wai", "30",
                  "--name", "Jan", "--email", "jan@example.nl")
    assert "geef een postcode, of een lead-id en een postcode" in three
    assert "L8" not in _run(runner, url, "history", "--expert", "amersfoort")


def _fail(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """The one line ``werkscan`` prints for a refused command (Dutch unless ``--lang``)."""
    from blikopwerk._cli import run_cli

    with pytest.raises(SystemExit) as exit_:
        run_cli(cli, "werkscan", list(args))
    assert exit_.value.code != 0
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    return err


def test_submit_help_is_dutch_by_default_and_names_the_optional_id(capsys: pytest.CaptureFixture[str]) -> None:
    from blikopwerk._cli import run_cli

    for args, words in ((["leads", "submit", "--help"], "Zonder LEAD_ID maakt de bibliotheek een ondoorzichtig lead-id"),
                        (["leads", "submit", "--help", "--lang", "en"],
                         "Without LEAD_ID the library makes an opaque lead id")):
        run_cli(cli, "werkscan", args)  # help returns; it does not exit with an error
        out = " ".join(capsys.readouterr().out.split())
        assert "[LEAD_ID] POSTCODE" in out and words in out, out


def test_erase_due_erases_a_lead_that_found_no_expert(tmp_path: Path) -> None:
    """WS-LEAD-12 (decision, not official): a lead nobody was offered loses its contact data
    90 days after the Dutch day it was submitted, through the daily command too."""
    runner = CliRunner()
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    out = _run(runner, url, "submit", "9901", "--wai", "30", "--name", "Jan", "--email", "jan@example.nl")
    assert "the lead stays new" in out  # no expert at all
    assert "of 0 leads" in _run(runner, url, "erase-due", now="2027-03-21T23:59:00+01:00")
    assert "of 1 leads" in _run(runner, url, "erase-due", now="2027-03-22T00:00:00+01:00")
    assert "of 0 leads" in _run(runner, url, "erase-due", now="2027-03-22T00:00:00+01:00")
    out = _run(runner, url, "erase-due", "--help")
    assert "found no expert" in out
