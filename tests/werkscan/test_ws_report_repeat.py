"""Repeat measurement in the reports (WS-RPT-5, WS-RPT-7) and the floor of employer reports (WS-RPT-2).

Seed 002 compares two measurements of one worker a year apart and summarises groups of
pairs (of 62 workers excellent at the first measurement, 65 % still excellent at the
second); the worker report shows one worker's change when the previous result is given, the
employer report a group's change when its pairs are given, never a group smaller than the
floor and never a transition of fewer than ``min_cell`` workers.
"""

from __future__ import annotations

import copy
import io
import math
from decimal import Decimal
from typing import Any

import pyarrow as pa
import pypdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from blikopwerk import InvalidValueError
from werkscan import (
    Measurement,
    TooFewQuestionnairesError,
    compare,
    employer_report_html,
    employer_report_pdf,
    score,
    summarise_employer,
    summarise_pairs,
    worker_report_html,
    worker_report_pdf,
)
from werkscan._reports.render import employer_document

AREAS = ["health", "lifestyle", "work", "work_life_balance", "education", "career_development",
         "career_mobility", "self_reliance"]
BASE: dict[str, Any] = {
    "wai": {"current_work_ability": 8, "physical_demands": 4, "mental_demands": 3, "work_nature": "physical",
            "diagnosed_diseases": 1, "impairment": 5, "sick_leave_days": 3, "prognosis": 7,
            "mental_resources": [3, 3, 2]},
    "signals": {a: "none" for a in AREAS} | {"work": "strong"},
}


def _later() -> dict[str, Any]:
    a = copy.deepcopy(BASE)
    a["wai"].update(current_work_ability=10, sick_leave_days=0, mental_resources=[4, 4, 4])
    a["signals"] = {x: "none" for x in AREAS} | {"health": "weak"}
    return a


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages).split())


def test_the_worker_report_shows_the_change_since_the_previous_werkscan() -> None:
    before, after = score(BASE), score(_later())
    buf = io.BytesIO()
    worker_report_pdf(after, buf, previous=before)
    nl = _text(buf.getvalue())
    assert "Vergeleken met uw vorige Werkscan" in nl
    assert f"Verandering: +{int(after.wai.score - before.wai.score)} punten" in nl
    assert "Signalen erbij: Gezondheid" in nl and "Signalen weg: Werk" in nl
    en = worker_report_html(after, lang="en", previous=before)
    assert "Compared with your previous Werkscan" in en and "Signals that went: Work" in en
    assert "Compared with your previous" not in worker_report_html(after, lang="en")  # one measurement: none
    with pytest.raises(InvalidValueError, match="previous"):
        worker_report_html(after, previous={"score": 39})  # type: ignore[arg-type]


def _pairs(n: int, stay: int) -> Any:
    quiet = {a: "none" for a in AREAS}
    changes = [compare(Measurement.from_score(46, quiet), Measurement.from_score(46 if i < stay else 42, quiet))
               for i in range(n)]
    return summarise_pairs(changes)


def _summary(n: int = 30) -> Any:
    return summarise_employer([score(BASE) for _ in range(n)], employer="Acme")


def test_the_employer_report_shows_the_repeat_measurement_of_the_group() -> None:
    buf = io.BytesIO()
    employer_report_pdf(_summary(), buf, repeat=_pairs(40, 26))
    nl = _text(buf.getvalue())
    assert "Herhaalmeting" in nl and "40 werkenden vulden de Werkscan twee keer in." in nl
    assert "Bij de tweede meting nog steeds uitstekend: 26 van 40 (65,0 %)" in nl  # as seed 002: 65 % stay
    en = employer_report_html(_summary(), lang="en", repeat=_pairs(40, 26))
    assert "Mean WAI: 46.0 at the first and 44.6 at the second measurement (change -1.4)" in en


def test_small_transitions_are_not_shown_and_small_groups_refused() -> None:
    doc = employer_document(_summary(), lang="en", repeat=_pairs(30, 27))  # 3 went down: not shown
    tables = [b for b in doc.blocks if getattr(b, "rows", None) and b.header[0].startswith("From band")]
    (table,) = tables
    assert table.rows[3][3:] == ("—", "27")  # excellent -> good 3 (hidden), excellent -> excellent 27
    words = " ".join(getattr(b, "text", "") for b in doc.blocks)
    assert "Still excellent" not in words and "Higher:" not in words  # would give the 3 away
    with pytest.raises(TooFewQuestionnairesError):
        employer_document(_summary(), repeat=_pairs(24, 24))
    with pytest.raises(InvalidValueError, match="repeat"):
        employer_document(_summary(), repeat={"pairs": 30})  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -math.inf, 25.0, 30.5, "30", True, Decimal(30)])
def test_the_floor_refuses_what_is_not_a_whole_number(bad: Any) -> None:
    with pytest.raises(InvalidValueError, match="min_questionnaires"):
        summarise_employer([score(BASE) for _ in range(30)], employer="Acme", min_questionnaires=bad)


def test_the_floor_counts_distinct_questionnaires() -> None:
    one = score(BASE)
    with pytest.raises(InvalidValueError, match="given twice"):
        summarise_employer([one] * 25, employer="Acme")
    with pytest.raises(InvalidValueError, match="given twice"):
        summarise_employer({f"q{i}": one for i in range(25)}, employer="Acme")
    assert summarise_employer({f"q{i}": score(BASE) for i in range(25)}, employer="Acme").questionnaires == 25
    table = pa.table({"questionnaire_id": [f"q{i % 24}" for i in range(25)], "score": [39.0] * 25,
                      "band": ["good"] * 25, "advice": ["advised"] * 25, **{a: ["none"] * 25 for a in AREAS}})
    with pytest.raises(InvalidValueError, match="more than once") as exc:
        summarise_employer(table, employer="Acme")
    assert exc.value.field == "questionnaire_id" and exc.value.value == "q0"
    distinct = table.set_column(0, "questionnaire_id", pa.array([f"q{i}" for i in range(25)]))
    assert summarise_employer(distinct, employer="Acme").questionnaires == 25
    renamed = table.rename_columns(["id", *table.column_names[1:]])
    with pytest.raises(InvalidValueError, match="more than once"):
        summarise_employer(renamed, employer="Acme", id_column="id")


def test_the_renderers_refuse_a_summary_below_the_floor() -> None:
    summary = _summary(25)
    forged = [summary.model_copy(update={"questionnaires": 1}),
              summary.model_copy(update={"questionnaires": 3, "min_questionnaires": 1}),
              summary.model_construct(**{**dict(summary), "questionnaires": 24})]
    for bad in forged:
        for render in (lambda s: employer_report_html(s), lambda s: employer_report_pdf(s, io.BytesIO())):
            with pytest.raises(TooFewQuestionnairesError):
                render(bad)
    cell = summary.bands["good"].model_copy(update={"count": 2, "suppressed": False})
    with pytest.raises(InvalidValueError, match="fewer than 5"):
        employer_report_html(summary.model_copy(update={"bands": {**summary.bands, "good": cell}}))
    with pytest.raises(InvalidValueError, match="min_cell"):
        employer_report_html(summary.model_copy(update={"min_cell": 1}))


@settings(max_examples=30, deadline=None)
@given(n=st.integers(0, 60), floor=st.integers(25, 40))
def test_no_summary_below_its_floor(n: int, floor: int) -> None:
    results = [score(BASE) for _ in range(n)]
    if n < floor:
        with pytest.raises(TooFewQuestionnairesError):
            summarise_employer(results, employer="Acme", min_questionnaires=floor)
    else:
        s = summarise_employer(results, employer="Acme", min_questionnaires=floor)
        assert s.questionnaires == n >= floor and "Acme" in employer_report_html(s)
