"""Worker (WS-RPT-1) and employer (WS-RPT-2/3) reports; the PDFs are read back with pypdf."""

from __future__ import annotations

import copy
import io
from typing import Any

import pyarrow as pa
import pypdf
import pytest

from blikopwerk import InvalidValueError
from werkscan import (
    ScoreResult,
    TooFewQuestionnairesError,
    employer_report_html,
    employer_report_pdf,
    row_from_answers,
    score,
    score_batch,
    summarise_employer,
    worker_report_html,
    worker_report_pdf,
)

AREAS = ["health", "lifestyle", "work", "work_life_balance", "education", "career_development",
         "career_mobility", "self_reliance"]
EXAMPLE: dict[str, Any] = {
    "wai": {"current_work_ability": 8, "physical_demands": 4, "mental_demands": 3, "work_nature": "physical",
            "diagnosed_diseases": 1, "impairment": 5, "sick_leave_days": 3, "prognosis": 7,
            "mental_resources": [3, 3, 2]},
    "signals": {"health": "weak", "lifestyle": "none", "work": "strong", "work_life_balance": "none",
                "education": "none", "career_development": "weak", "career_mobility": "none",
                "self_reliance": "none"},
}


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def render_pdf(result: ScoreResult, lang: str = "nl") -> str:
    buf = io.BytesIO()
    worker_report_pdf(result, buf, lang=lang)
    return pdf_text(buf.getvalue())


def test_worker_pdf_dutch_holds_score_band_advice_signals_and_where_to_act() -> None:
    text = render_pdf(score(EXAMPLE))
    assert "Uw WAI-score is 39,5 op een schaal van 7 tot 49: goed." in text
    assert "wij raden u aan een Werkscangesprek" in text  # WS-ADV-2 advice
    for area in ("Gezondheid", "Leefstijl", "Werk-privé balans", "Scholing/opleiding", "Loopbaanontwikkeling",
                 "Loopbaanmobiliteit", "Zelfredzaamheid"):
        assert area in text
    # WS-ADV-5: strong first, then weak
    act = text[text.index("Waar kunt u actie ondernemen?"):]
    assert act.index("Werk (sterk signaal)") < act.index("Gezondheid (zwak signaal)") \
        < act.index("Loopbaanontwikkeling (zwak signaal)")
    # WS-SIG-3: 1 strong + 2 weak = 3,4 points, explained as an association
    assert "(1 sterk, 2 zwak) is dat samen 3,4 punten" in text
    assert "geen voorspelling" in text


def test_worker_pdf_english_and_urgent() -> None:
    answers = copy.deepcopy(EXAMPLE)
    answers["wai"].update(current_work_ability=2, physical_demands=1, mental_demands=1, diagnosed_diseases=5,
                          impairment=2, sick_leave_days=120, prognosis=1)
    answers["signals"] = {a: "strong" for a in AREAS}
    result = score(answers)
    assert result.wai.score == 12  # 2 + 2 + 1 + 2 + 1 + 1 + 3
    text = render_pdf(result, lang="en")
    assert "Your WAI score is 12 on a scale of 7 to 49: poor." in text
    assert "Urgent advice" in text
    assert "(8 strong, 0 weak) that is 17.6 points" in text


def test_worker_report_preventive_and_no_signals() -> None:
    answers = copy.deepcopy(EXAMPLE)
    answers["wai"].update(current_work_ability=10, physical_demands=5, mental_demands=5, diagnosed_diseases=0,
                          impairment=6, sick_leave_days=0, mental_resources=[4, 4, 4])
    answers["signals"] = {a: "none" for a in AREAS}
    none = render_pdf(score(answers))
    assert "Geen aanleiding" in none and "Op geen van de signaalgebieden" in none
    preventive = render_pdf(score(answers, preventive=True))
    assert "Uw werkvermogen is goed. Een Werkscangesprek kan helpen het zo te houden." in preventive


def test_worker_html_has_charts_and_escapes() -> None:
    html = worker_report_html(score(EXAMPLE), lang="en")
    assert html.count("data:image/png;base64,") == 2
    assert "Your WAI score is 39.5" in html and "Work (strong signal)" in html
    with pytest.raises(InvalidValueError):
        worker_report_html(score(EXAMPLE), lang="fr")


def employer_results(n: int, poor: int = 0) -> list[ScoreResult]:
    out = []
    for i in range(n):
        a = copy.deepcopy(EXAMPLE)
        if i < poor:
            a["wai"].update(current_work_ability=2, prognosis=1, diagnosed_diseases=5)
        elif i % 2:
            a["wai"].update(current_work_ability=10, physical_demands=5, mental_demands=5, diagnosed_diseases=0,
                            impairment=6, sick_leave_days=0, mental_resources=[4, 4, 4])
        a["signals"]["lifestyle"] = "strong" if i < 3 else "none"
        out.append(score(a))
    return out


def test_employer_report_refused_below_25() -> None:
    with pytest.raises(TooFewQuestionnairesError) as exc:
        summarise_employer(employer_results(24), employer="Acme")
    assert exc.value.field == "questionnaires" and exc.value.value == 24
    assert "25" in str(exc.value)
    summarise_employer(employer_results(25), employer="Acme")  # 25 is enough
    with pytest.raises(InvalidValueError):
        summarise_employer(employer_results(30), employer="Acme", min_questionnaires=10)


def test_employer_small_cells_are_suppressed() -> None:
    s = summarise_employer(employer_results(30, poor=3), employer="Acme")
    # bands: 3 poor (23.5), 13 good (39.5), 14 excellent (49), 0 moderate.
    # 3 poor workers: below 5, suppressed; the next smallest cell with workers (good, 13) is
    # suppressed too, or the 3 could be derived from the total; a 0 cell names nobody.
    assert s.bands["poor"].suppressed and s.bands["poor"].count is None
    assert s.bands["good"].suppressed
    assert (s.bands["moderate"].count, s.bands["excellent"].count) == (0, 14)
    assert s.bands["excellent"].display() == "47 %"
    # 3 strong lifestyle signals: suppressed
    assert s.strong["lifestyle"].suppressed
    assert s.strong["work"].count == 30 and s.strong["work"].share == 1.0


def test_employer_summary_from_batch_table_equals_from_results() -> None:
    results = employer_results(40, poor=6)
    rows = []
    for i in range(40):
        a = copy.deepcopy(EXAMPLE)
        if i < 6:
            a["wai"].update(current_work_ability=2, prognosis=1, diagnosed_diseases=5)
        elif i % 2:
            a["wai"].update(current_work_ability=10, physical_demands=5, mental_demands=5, diagnosed_diseases=0,
                            impairment=6, sick_leave_days=0, mental_resources=[4, 4, 4])
        a["signals"]["lifestyle"] = "strong" if i < 3 else "none"
        rows.append(row_from_answers(a))
    batch = score_batch(pa.Table.from_pylist(rows))
    a = summarise_employer(results, employer="Acme")
    b = summarise_employer(batch, employer="Acme")
    assert a == b


def test_employer_pdf_and_html_hold_aggregates_only() -> None:
    summary = summarise_employer(employer_results(30, poor=6), employer="Bakkerij De Korst")
    buf = io.BytesIO()
    employer_report_pdf(summary, buf, context=True)
    text = pdf_text(buf.getvalue())
    assert "Werkscan: rapport voor Bakkerij De Korst" in text
    assert "Samenvatting van 30 ingevulde Werkscans" in text
    assert "slecht 20 %" in text  # 6 of 30
    assert "€ 1.085" in text and "2,03 / 3,50 / 5,54" in text  # WS-RPT-3 context, quoted
    html = employer_report_html(summary, lang="en")
    assert "Summary of 30 completed Werkscans" in html and html.count("data:image/png;base64,") == 2
    assert "Background" not in html  # context is optional
