"""Employer reports from the questionnaires stored under a licence (issue 17 §3, WS-RPT-2,
WS-LIC-1, WS-LIC-2, K-TZ-1): distinct questionnaires, completed with their result, inside
the licence; the 25 floor counts those. Library, CLI, and the batch record path's expert."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import werkscan
from blikopwerk import MemoryStorage, open_storage
from blikopwerk._errors import InvalidValueError
from blikopwerk._protocols import Storage
from werkscan import (
    AccessService,
    LicenceNotFoundError,
    LicenceService,
    QuestionnaireResult,
    StaffelService,
    TooFewQuestionnairesError,
)
from werkscan._cli.main import cli

T0 = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
AREAS = [a.value for a in werkscan.SignalArea]


def _answers(ability: int, strong: int = 0) -> dict[str, Any]:
    """Answers whose WAI moves with ``ability`` (0-10) and with ``strong`` strong signals."""
    return {"wai": {"current_work_ability": ability, "physical_demands": 4, "mental_demands": 3,
                    "work_nature": "physical", "diagnosed_diseases": 1, "impairment": 5,
                    "sick_leave_days": 3, "prognosis": 7, "mental_resources": [3, 3, 2]},
            "signals": {a: ("strong" if i < strong else "none") for i, a in enumerate(AREAS)}}


def _setup(storage: Storage) -> AccessService:
    LicenceService(storage).create("Arbo BV", "Anna de Vries", "anna@arbo.example",
                                   dt.date(2026, 1, 1), dt.date(2026, 6, 30), licence_id="L1")
    LicenceService(storage).verify_training("bert@arbo.example", "Bert", dt.date(2025, 11, 1))
    LicenceService(storage).add_expert("L1", "Bert@Arbo.example", now=T0)
    StaffelService(storage).buy("L1", 100, now=T0)
    return AccessService(storage, clock=lambda: T0)


def _complete_codes(access: AccessService, client: str, results: list[werkscan.ScoreResult], *,
                    expert: str | None = None) -> list[str]:
    issued = access.generate_codes("L1", client, len(results), expert=expert)
    ids = []
    for code, result in zip(issued.codes, results, strict=True):
        q = access.redeem(code).questionnaire
        access.complete(q.id, result=result)
        ids.append(q.id)
    return ids


def test_the_floor_counts_stored_questionnaires_not_copies(storage: Storage) -> None:
    access = _setup(storage)
    results = [werkscan.score(_answers(i % 11, i % 3)) for i in range(25)]
    ids = _complete_codes(access, "Bakkerij Jansen", results[:24], expert="bert@arbo.example")
    for _ in range(30):  # the same questionnaire again and again: still one
        access.complete(ids[0], result=results[0])
    licences = LicenceService(storage, clock=lambda: T0)
    with pytest.raises(TooFewQuestionnairesError) as info:
        licences.employer_report("L1", "Bakkerij Jansen")
    assert info.value.count == 24
    _complete_codes(access, "Bakkerij Jansen", results[24:], expert="bert@arbo.example")
    summary = licences.employer_report("L1", " Bakkerij Jansen ")
    # the same figures as the offline entry point over the same 25 distinct results
    assert summary == werkscan.summarise_employer(results, employer="Bakkerij Jansen")
    assert summary.questionnaires == 25
    # WS-LIC-2: the codes were issued for Bert; their charges are his usage
    assert access.counts("L1").by_expert == (("bert@arbo.example", 25),)


def test_other_employers_unfinished_and_resultless_questionnaires_do_not_count(storage: Storage) -> None:
    access = _setup(storage)
    good = werkscan.score(_answers(10))
    _complete_codes(access, "Bakkerij Jansen", [good] * 20)
    _complete_codes(access, "Garage Pietersen", [good] * 10)
    link = access.create_link("L1", "Bakkerij Jansen", expert="anna@arbo.example")
    for _ in range(3):
        access.complete(access.open_link(link).id)  # completed without a result
    for _ in range(2):
        access.open_link(link)  # started, never completed
    with pytest.raises(TooFewQuestionnairesError) as info:
        LicenceService(storage, clock=lambda: T0).employer_report("L1", "Bakkerij Jansen")
    assert info.value.count == 20
    # the link's completions were charged as the contact's usage (WS-LIC-2)
    assert dict(access.counts("L1").by_expert)["anna@arbo.example"] == 3


def test_inside_the_licence_on_the_dutch_day(storage: Storage) -> None:
    """K-TZ-1: 30 June 23:30 in Amsterdam is inside a licence ending 30 June; 00:30 on
    1 July (22:30 UTC on 30 June) is not."""
    _setup(storage)
    late = dt.datetime(2026, 6, 30, 12, tzinfo=dt.UTC)
    access = AccessService(storage, clock=lambda: late)
    issued = access.generate_codes("L1", "Bakkerij Jansen", 26)
    result = werkscan.score(_answers(7))
    for i, code in enumerate(issued.codes):
        q = access.redeem(code).questionnaire
        minute = dt.timedelta(hours=21, minutes=30) if i < 25 else dt.timedelta(hours=22, minutes=30)
        access.complete(q.id, result=result, now=dt.datetime(2026, 6, 30, tzinfo=dt.UTC) + minute)
    licences = LicenceService(storage, clock=lambda: late)
    assert licences.employer_report("L1", "Bakkerij Jansen").questionnaires == 25
    assert licences.employer_report("L1", "Bakkerij Jansen", since=dt.date(2026, 6, 30),
                                    until=dt.date(2026, 6, 30)).questionnaires == 25
    with pytest.raises(InvalidValueError, match="since"):
        licences.employer_report("L1", "Bakkerij Jansen", since=dt.date(2025, 12, 31))
    with pytest.raises(InvalidValueError, match="until"):
        licences.employer_report("L1", "Bakkerij Jansen", until=dt.date(2026, 7, 1))
    with pytest.raises(InvalidValueError, match="on"):
        licences.employer_report("L1", "Bakkerij Jansen", on=late)  # type: ignore[arg-type]
    # WS-LIC-1: an expired licence produces no employer report
    with pytest.raises(LicenceNotFoundError):
        licences.employer_report("L1", "Bakkerij Jansen", on=dt.date(2026, 7, 1))
    with pytest.raises(InvalidValueError, match="employer"):
        licences.employer_report("L1", "  ")


def test_since_after_until_is_refused() -> None:
    storage = MemoryStorage()
    _setup(storage)
    with pytest.raises(InvalidValueError, match="since"):
        LicenceService(storage, clock=lambda: T0).employer_report(
            "L1", "X", since=dt.date(2026, 3, 2), until=dt.date(2026, 3, 1))


def test_questionnaire_result_refuses_what_is_not_a_result() -> None:
    with pytest.raises(InvalidValueError, match="score"):
        QuestionnaireResult.decode("6.5", "poor", "urgent", "nnnnnnnn")
    with pytest.raises(InvalidValueError, match="band"):
        QuestionnaireResult.decode("30", "bad", "urgent", "nnnnnnnn")
    with pytest.raises(InvalidValueError, match="signals"):
        QuestionnaireResult.decode("30", "moderate", "advised", "nnnn")
    with pytest.raises(InvalidValueError, match="result"):
        QuestionnaireResult.of("30")  # type: ignore[arg-type]
    r = werkscan.score(_answers(3, 2))
    kept = QuestionnaireResult.of(r)
    assert (float(kept.score), kept.band, kept.advice) == (r.wai.score, r.wai.band, r.advice)
    assert kept.level(werkscan.SignalArea.HEALTH) == werkscan.SignalLevel.STRONG


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(picks=st.lists(st.tuples(st.integers(0, 10), st.integers(0, 8), st.integers(1, 3)),
                      min_size=25, max_size=32))
def test_report_equals_the_offline_summary_of_the_distinct_questionnaires(
        picks: list[tuple[int, int, int]]) -> None:
    """Property: however often each questionnaire is completed, the stored report is the
    offline summary of each distinct questionnaire's first result."""
    storage = MemoryStorage()
    access = _setup(storage)
    issued = access.generate_codes("L1", "Bakkerij Jansen", len(picks))
    firsts = []
    for code, (ability, strong, repeats) in zip(issued.codes, picks, strict=True):
        q = access.redeem(code).questionnaire
        first = werkscan.score(_answers(ability, strong))
        firsts.append(first)
        for k in range(repeats):  # repeats with another result keep the first
            access.complete(q.id, result=first if k == 0 else werkscan.score(_answers(10 - ability)))
    summary = LicenceService(storage, clock=lambda: T0).employer_report("L1", "Bakkerij Jansen")
    assert summary == werkscan.summarise_employer(firsts, employer="Bakkerij Jansen")


def test_batch_record_takes_an_expert_column(storage: Storage) -> None:
    _setup(storage)
    rows = werkscan.read_completions(
        "questionnaire_id,completed_at,expert\n"
        "q1,2026-03-02T10:00+01:00,BERT@arbo.example\n"
        "q2,2026-03-02T10:01+01:00,\n"
        "q3,2026-03-02T10:02+01:00,anna@arbo.example\n")
    rep = StaffelService(storage, clock=lambda: T0).record_completions("L1", rows)
    assert rep.charged == ("q1", "q2", "q3")
    assert StaffelService(storage, clock=lambda: T0).statement("L1").by_expert == (
        ("", 1), ("anna@arbo.example", 1), ("bert@arbo.example", 1))
    stranger = werkscan.read_completions("questionnaire_id,completed_at,expert\n"
                                         "q4,2026-03-02T10:03+01:00,stranger@example.nl\n")
    with pytest.raises(InvalidValueError, match="expert_id"):
        StaffelService(storage, clock=lambda: T0).record_completions("L1", stranger)
    assert StaffelService(storage).storage.staffels.active("L1").used == 3


def test_codes_and_links_refuse_an_expert_not_on_the_licence(storage: Storage) -> None:
    access = _setup(storage)
    with pytest.raises(InvalidValueError, match="expert"):
        access.generate_codes("L1", "Bakkerij", 1, expert="stranger@example.nl")
    with pytest.raises(InvalidValueError, match="expert"):
        access.create_link("L1", "Bakkerij", expert=" ")
    assert access.storage.access.codes("L1") == []


def _cli(url: str, *args: str, lang: str | None = None) -> str:
    extra = [] if lang is None else ["--lang", lang]
    result = CliRunner().invoke(cli, ["licence", "--storage", url, "--now", "2026-03-02T10:00:00+01:00",
                                      *args, *extra])
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_employer_report_from_storage(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'report.sqlite3'}"
    storage = open_storage(url)
    try:
        access = _setup(storage)
        results = [werkscan.score(_answers(i % 11)) for i in range(25)]
        _complete_codes(access, "Bakkerij Jansen", results, expert="bert@arbo.example")
    finally:
        storage.close()
    out = _cli(url, "employer-report", "L1", "Bakkerij Jansen", lang="en")
    assert "Employer report for Bakkerij Jansen under licence L1" in out
    assert "25 completed questionnaires" in out
    dutch = _cli(url, "employer-report", "L1", "Bakkerij Jansen")  # Dutch by default
    assert "25 ingevulde vragenlijsten" in dutch and "Werkgeversrapport" in dutch
    data = json.loads(_cli(url, "employer-report", "L1", "Bakkerij Jansen", "--format", "json"))
    assert data["questionnaires"] == 25 and data["employer"] == "Bakkerij Jansen"
    refused = subprocess.run([sys.executable, "-c", "from werkscan._cli.main import main; main()", "licence",
                              "--storage", url, "--now", "2026-03-02T10:00:00+01:00", "employer-report", "L1",
                              "Garage", "--lang", "en"], capture_output=True, text=True)
    assert refused.returncode != 0
    assert len(refused.stderr.strip().splitlines()) == 1  # one line, no traceback
    assert "an employer report needs at least 25 completed questionnaires; there are 0" in refused.stderr


def test_cli_employer_report_help_is_dutch_by_default(capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from werkscan._cli.main import main

    monkeypatch.delenv("BLIKOPWERK_LANGUAGE", raising=False)
    for args, phrase in ((["--help"], "Het werkgeversrapport van één klant"),
                         (["--help", "--lang", "en"], "The employer report of one client")):
        monkeypatch.setattr("sys.argv", ["werkscan", "licence", "employer-report", *args])
        code: object = 0
        try:
            main()
        except SystemExit as exc:
            code = exc.code
        assert code in (0, None)
        assert phrase in capsys.readouterr().out
