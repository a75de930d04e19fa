"""No rule id, Python repr or ISO timestamp in any text for people (issue 14, STYLE).

Renders every report (worker, employer, survey: HTML and PDF), every e-mail and every CLI
output and error line, in Dutch and in English, and scans what a reader sees for

* a rule id: ``[A-Z]{1,3}-[A-Z]{2,5}-\\d`` (``WS-LEAD-5``, ``(WS-RPT-3)``, ``KM-FEE-1``);
* a Python repr: ``<... object at 0x...>``, ``Decimal('...')``, ``<Band.GOOD: 'good'>``;
* an ISO date or date-time: ``2026-12-22``, ``2026-12-22T10:00``, ``2026-12-22 10:00``.

Rule ids belong in docstrings and tests; people read dates in words.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import types
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import pdfcheck
from keurmerk._cli import cli as keurmerk_cli
from werkscan._cli.main import cli as werkscan_cli

RULE_ID = re.compile(r"[A-Z]{1,3}-[A-Z]{2,5}-\d")
REPR = re.compile(r"\bobject at 0x[0-9a-fA-F]+>|\b(?:Decimal|Money|datetime\.date(?:time)?)\(|"
                  r"<[A-Za-z]+\.[A-Z_]+: ")
ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?")
LANGS = ("nl", "en")
CLIS = {"werkscan": werkscan_cli, "keurmerk": keurmerk_cli}
NOW = "2026-12-22T10:00:00+01:00"


def problems(text: str) -> list[str]:
    """What a reader should not see in ``text``."""
    return [m.group(0) for pattern in (RULE_ID, REPR, ISO) for m in pattern.finditer(text)]


def test_the_scan_finds_what_it_looks_for() -> None:
    class Thing:
        pass

    assert problems("zie (WS-RPT-3) en WS-LEAD-5") == ["WS-RPT-3", "WS-LEAD-5"]
    assert problems(f"{Thing()} {Decimal('3E+1')!r} <Band.GOOD: 'good'>")[:3] != []
    assert len(problems(f"{Thing()!r}")) == 1 and problems("Decimal('30')") == ["Decimal("]
    assert problems("op 2026-12-22T10:00 en 2026-12-22 10:00:05") == ["2026-12-22T10:00", "2026-12-22 10:00:05"]
    assert problems("22 december 2026, 39,5, € 1.085, 7 – 27") == []


# ------------------------------------------------------------------------------- reports


def _answers(**wai: Any) -> dict[str, Any]:
    base = {"current_work_ability": 8, "physical_demands": 4, "mental_demands": 3, "work_nature": "physical",
            "diagnosed_diseases": 1, "impairment": 5, "sick_leave_days": 3, "prognosis": 7,
            "mental_resources": [3, 3, 2]}
    signals = {"health": "weak", "lifestyle": "none", "work": "strong", "work_life_balance": "none",
               "education": "none", "career_development": "weak", "career_mobility": "none",
               "self_reliance": "none"}
    return {"wai": base | wai, "signals": signals}


def _reports(lang: str) -> Iterator[tuple[str, str]]:
    """(what, visible text) of every werkscan report variant, HTML and PDF."""
    from werkscan import (
        Measurement,
        compare,
        employer_report_html,
        employer_report_pdf,
        score,
        summarise_employer,
        summarise_pairs,
        worker_report_html,
        worker_report_pdf,
    )

    day = dt.date(2026, 3, 2)
    urgent = score(_answers(current_work_ability=2, diagnosed_diseases=5, sick_leave_days=120, prognosis=1))
    results = {"worker": score(_answers()), "urgent": urgent, "preventive": score(_answers(), preventive=True)}
    for name, result in results.items():
        kwargs: dict[str, Any] = {"lang": lang, "on": day}
        if name == "urgent":
            kwargs["previous"] = results["worker"]
        yield f"{name} html", pdfcheck.html_text(worker_report_html(result, **kwargs))
        buf = io.BytesIO()
        worker_report_pdf(result, buf, **kwargs)
        yield f"{name} pdf", pdfcheck.text(buf.getvalue())
    quiet = {a: "none" for a in _answers()["signals"]}
    pairs = summarise_pairs([compare(Measurement.from_score(46, quiet), Measurement.from_score(40 + i % 7, quiet))
                             for i in range(30)])
    summary = summarise_employer([score(_answers(current_work_ability=i % 11)) for i in range(40)],
                                 employer="Bakkerij De Korst")
    yield "employer html", pdfcheck.html_text(employer_report_html(summary, lang=lang, context=True, on=day,
                                                                   repeat=pairs))
    buf = io.BytesIO()
    employer_report_pdf(summary, buf, lang=lang, context=True, on=day, repeat=pairs)
    yield "employer pdf", pdfcheck.text(buf.getvalue())


@pytest.mark.parametrize("lang", LANGS)
def test_no_rule_ids_reprs_or_iso_dates_in_the_werkscan_reports(lang: str) -> None:
    seen = 0
    for what, text in _reports(lang):
        assert len(text) > 500, what
        assert problems(text) == [], (what, problems(text))
        seen += 1
    assert seen == 8


# ------------------------------------------------------------------------------- e-mails


def _mails(lang: str) -> Iterator[tuple[str, str]]:
    from werkscan import SignalArea, SignalLevel
    from werkscan import _mail as mail

    ns = types.SimpleNamespace
    deadline = dt.datetime(2026, 12, 22, 9, tzinfo=dt.UTC)
    licence = ns(contact_email="anna@arbo.example", contact_name="Anna de Vries", company="Arbo BV", id="L1")
    staffel = ns(id="S1", size=25, used=20, unit_price=Decimal("30"))
    expert = ns(email="e@example.nl", name="Piet Expert")
    offer = ns(id="O1", lead_id="lead-7f3a", expires_at=deadline)
    contact = ns(email="jan@example.nl", name="Jan Jansen", phone=None)
    signals = [(SignalArea.WORK, SignalLevel.STRONG), (SignalArea.HEALTH, SignalLevel.WEAK)]
    messages = {
        "staffel-80": mail.staffel_warning(licence, staffel, lang=lang),
        "lead-offer": mail.lead_offer(offer, expert, wai=Decimal("3E+1"), signals=signals,
                                      distance_band="10-25 km", lang=lang),
        "lead-reminder": mail.lead_reminder(offer, expert, lang=lang),
        "lead-quote": mail.lead_quote(ns(offer_id="O1", amount=Decimal("450"), text="Gesprek van een uur"),
                                      contact, lang=lang),
        "lead-accepted": mail.lead_accepted(ns(lead_id="lead-7f3a", fee=Decimal("25")), contact, expert,
                                            lang=lang),
        "lead-consent": mail.consent_request("T1", "jan@example.nl", "https://app.example/c/abc", deadline,
                                             lang=lang),
        "lead-offer-closed": mail.lead_offer_closed(offer, expert, lang=lang),
        "lead-offer-expired": mail.lead_offer_expired(offer, expert, lang=lang),
        "lead-closed": mail.lead_closed(ns(id="lead-7f3a"), contact, lang=lang),
        "lead-erased": mail.lead_erased(ns(id="lead-7f3a"), contact, lang=lang),
    }
    assert sorted(messages) == sorted(mail.MAIL_TEMPLATES)
    for name, message in messages.items():
        yield name, f"{message.subject}\n{message.body}"


@pytest.mark.parametrize("lang", LANGS)
def test_no_rule_ids_reprs_or_iso_dates_in_the_e_mails(lang: str) -> None:
    for name, text in _mails(lang):
        assert problems(text) == [], (name, problems(text))
        assert "3E+1" not in text and "30" in text if name == "lead-offer" else True


# ------------------------------------------------------------------------------- command lines

EXPERTS = ("id,name,email,postcode,address,lead_cap,keurmerk\n"
           "amersfoort,Arbo Amersfoort,a@example.nl,3811 AB,Stationsplein 1,5,true\n")


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BLIKOPWERK_STORAGE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("BLIKOPWERK_OUTBOX_FOLDER", str(tmp_path / "mail"))
    monkeypatch.delenv("BLIKOPWERK_LANGUAGE", raising=False)
    assert CliRunner().invoke(werkscan_cli, ["examples"]).exit_code == 0
    (tmp_path / "experts.csv").write_text(EXPERTS, "utf-8")
    answers = json.loads((tmp_path / "answers.json").read_text("utf-8"))
    answers["wai"]["current_work_ability"] = 10
    (tmp_path / "later.json").write_text(json.dumps(answers), "utf-8")
    return tmp_path


#: Every command that prints words for people, once each (in order: the storage fills up).
RUNS: list[tuple[str, list[str]]] = [
    ("werkscan", ["score", "answers.json"]),
    ("werkscan", ["score", "batch.csv", "-o", "scores.parquet", "--max-rejected", "2"]),
    ("werkscan", ["report", "answers.json", "--html", "r.html", "--pdf", "r.pdf"]),
    ("werkscan", ["employer-report", "batch.csv", "--employer", "Voorbeeld BV", "--html", "e.html", "--pdf",
                  "e.pdf", "--context"]),
    ("werkscan", ["compare", "answers.json", "later.json"]),
    ("werkscan", ["licence", "--now", NOW, "create", "--company", "Arbo BV", "--contact-name", "Anna",
                  "--contact-email", "anna@arbo.example", "--valid-from", "2026-01-01", "--valid-until",
                  "2026-12-31", "--id", "L1", "--staffel", "25"]),
    ("werkscan", ["licence", "--now", NOW, "usage", "L1"]),
    ("werkscan", ["licence", "--now", NOW, "staffels"]),
    ("werkscan", ["licence", "--now", NOW, "list"]),
    ("werkscan", ["leads", "--now", NOW, "import-experts", "experts.csv"]),
    ("werkscan", ["leads", "--now", NOW, "match", "3511"]),
    ("werkscan", ["leads", "--now", NOW, "submit", "L1", "3511AB", "--wai", "30", "--signal", "work=strong",
                  "--name", "Jan", "--email", "jan@example.nl"]),
    ("werkscan", ["leads", "--now", "2026-12-28T09:00:00+01:00", "tick"]),
    ("werkscan", ["directory", "--on", "2026-06-01"]),
    ("werkscan", ["plugins"]),
    ("keurmerk", ["fee", "249999"]),
    ("keurmerk", ["audit", "--employees", "30", "--year", "2", "--turnover", "180000"]),
    ("keurmerk", ["calendar", "2024-02-29", "--registered", "2024-02-20", "--aspirant-from", "2024-03-01"]),
    ("keurmerk", ["services", "--historic"]),
    ("keurmerk", ["survey", "survey.json", "--reference", "reference.json", "--html", "s.html", "--pdf",
                  "s.pdf"]),
    ("keurmerk", ["stars", "--client-mark", "8.2", "--principal-mark", "7.9", "--staff-pct", "100"]),
    ("keurmerk", ["search", "providers.json", "--near", "3811"]),
]

#: Commands that fail: their one error line is text for people too.
FAILS: list[tuple[str, list[str]]] = [
    ("werkscan", ["score", "nothing.json"]),
    ("werkscan", ["employer-report", "batch.csv", "--employer", "X"]),
    ("werkscan", ["compare", "answers.json"]),
    ("werkscan", ["licence", "--now", NOW, "usage", "L404"]),
    ("werkscan", ["licence", "--now", "gisteren", "list"]),
    ("werkscan", ["leads", "--now", NOW, "match", "0000"]),
    ("werkscan", ["directory", "--on", "morgen"]),  # values a person types are echoed as typed: no ISO here
    ("keurmerk", ["fee", "-5"]),
    ("keurmerk", ["calendar", "30-02-2024"]),
    ("keurmerk", ["stars", "--client-mark", "11"]),
    ("keurmerk", ["survey", "nothing.json"]),
]


def run_main(tool: str, args: list[str], capsys: pytest.CaptureFixture[str],
             monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    """Run a command line as its script does (``main()``): (exit code, stdout, stderr)."""
    from keurmerk._cli import main as keurmerk_main
    from werkscan._cli.main import main as werkscan_main

    monkeypatch.setattr("sys.argv", [tool, *args])
    capsys.readouterr()
    try:
        (werkscan_main if tool == "werkscan" else keurmerk_main)()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("lang", LANGS)
def test_no_rule_ids_reprs_or_iso_dates_in_cli_output_and_the_files_it_writes(
        workdir: Path, lang: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    for tool, args in RUNS:
        result = runner.invoke(CLIS[tool], [*args, "--lang", lang], terminal_width=100)
        assert result.exit_code == 0, (args, result.output)
        assert problems(result.output) == [], (args, problems(result.output))
    for name in ("r", "e", "s"):
        html = pdfcheck.html_text((workdir / f"{name}.html").read_text("utf-8"))
        pdf = pdfcheck.text((workdir / f"{name}.pdf").read_bytes())
        assert problems(html) == [] and problems(pdf) == [], (name, problems(html), problems(pdf))
    for tool, args in FAILS:
        code, out, err = run_main(tool, [*args, "--lang", lang], capsys, monkeypatch)
        assert code != 0 and err.strip(), (args, out, err)
        assert "Traceback" not in err and problems(out + err) == [], (args, err)


# ----------------------------------------------------------------------------- keurmerk date errors

def _survey_with_period(folder: Path, start: str, end: str) -> str:
    data = json.loads((folder / "survey.json").read_text("utf-8"))
    data["period"] = {"start": start, "end": end}
    path = folder / f"survey-{start}-{end}.json"
    path.write_text(json.dumps(data), "utf-8")
    return path.name


#: keurmerk commands whose input error is about a date: (args, the text typed that is no date).
DATE_FAILS: list[tuple[list[str], str | None]] = [
    (["calendar", "9999-12-20"], None),                                   # its period leaves the calendar
    (["calendar", "9990-01-01", "--periods", "50"], None),                # a later period does
    (["calendar", "2024-01-01", "--registered", "9999-12-31"], None),     # the withdrawal deadline does
    (["calendar", "2024-01-01", "--aspirant-from", "9999-12-31"], None),  # the aspirant end does
    (["calendar", "2024-02-30"], "2024-02-30"),                           # no date: echoed as typed
    (["calendar", "2024-01-01", "--registered", "2023-13-01"], "2023-13-01"),
]


@pytest.mark.parametrize("lang", LANGS)
def test_keurmerk_date_errors_say_dates_in_words(workdir: Path, lang: str, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 14: an input error about a date (a calendar command, a survey's period) gives its
    reason and the date it read in words for the language, never as ISO text; only text that is
    no date at all is echoed as typed."""
    assert CliRunner().invoke(keurmerk_cli, ["examples", "--force"]).exit_code == 0
    runs = [*DATE_FAILS,
            (["survey", _survey_with_period(workdir, "2026-12-31", "2026-01-01")], None),  # end before start
            (["survey", _survey_with_period(workdir, "2026-02-30", "2026-12-31")], "2026-02-30")]
    words = {"nl": "december", "en": "December"}[lang]
    for args, typed in runs:
        code, out, err = run_main("keurmerk", [*args, "--lang", lang], capsys, monkeypatch)
        line = err.strip()
        assert code == 2 and len(line.splitlines()) == 1 and "Traceback" not in err, (args, err)
        seen = problems(line.replace(typed, "") if typed else line)
        assert seen == [], (args, line)
        if typed is None:
            assert words in line or {"nl": "januari", "en": "January"}[lang] in line, (args, line)
