"""Worker (WS-RPT-1) and employer (WS-RPT-2/3) reports; the PDFs are read back with pypdf."""

from __future__ import annotations

import copy
import io
from decimal import Decimal
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
    assert "€ 1.085" in text and "2,6; 5,4 en 11,5" in text  # WS-RPT-3 context, quoted from seed 002
    assert "odds" not in text and "2,03" not in text  # seed 002 prints no odds ratios (RULES.md does)
    html = employer_report_html(summary, lang="en")
    assert "Summary of 30 completed Werkscans" in html and html.count("data:image/png;base64,") == 2
    assert "Background" not in html  # context is optional


# --------------------------------------------------------------------------- issue 14: what people see

import datetime as dt  # noqa: E402
import re  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import pdfcheck  # noqa: E402
from werkscan._reports.employer import _partition  # noqa: E402
from werkscan._reports.render import employer_document, worker_document  # noqa: E402

DAY = dt.date(2026, 3, 2)
NAMES = "Şahin & Öztürk, Łódź · De Ĳssel · Sørensen · Émile Müller · ş ł ĳ é ö ø"


def _variants() -> dict[str, ScoreResult]:
    urgent = copy.deepcopy(EXAMPLE)
    urgent["wai"].update(current_work_ability=2, physical_demands=1, mental_demands=1, diagnosed_diseases=5,
                         impairment=2, sick_leave_days=120, prognosis=1)
    urgent["signals"] = {a: "strong" for a in AREAS}
    none = copy.deepcopy(EXAMPLE)
    none["wai"].update(current_work_ability=10, physical_demands=5, mental_demands=5, diagnosed_diseases=0,
                       impairment=6, sick_leave_days=0, mental_resources=[4, 4, 4])
    none["signals"] = {a: "none" for a in AREAS}
    return {"advised": score(EXAMPLE), "urgent": score(urgent), "none": score(none),
            "preventive": score(none, preventive=True)}


def _worker_pdf(result: ScoreResult, lang: str) -> bytes:
    buf = io.BytesIO()
    worker_report_pdf(result, buf, lang=lang, on=DAY)
    return buf.getvalue()


def _employer_pdf(lang: str, context: bool = True, employer: str = "Bakkerij De Korst") -> bytes:
    buf = io.BytesIO()
    employer_report_pdf(summarise_employer(employer_results(30, poor=3), employer=employer), buf, lang=lang,
                        context=context, on=DAY)
    return buf.getvalue()


def test_pdf_embeds_a_unicode_font_that_draws_every_european_name() -> None:
    data = _employer_pdf("nl", employer=NAMES)
    fonts = pdfcheck.fonts(data)
    assert fonts and all(f.embedded for f in fonts), [f.name for f in fonts if not f.embedded]
    assert all("DejaVuSans" in f.name for f in fonts)  # no built-in Helvetica anywhere
    drawable = pdfcheck.drawable(data)
    missing = {c for c in NAMES if not c.isspace() and c not in drawable}
    assert not missing, missing
    assert "Şahin & Öztürk, Łódź" in pdfcheck.text(data)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_pdf_has_page_numbers_a_date_in_words_and_its_language(lang: str) -> None:
    date = {"nl": "2 maart 2026", "en": "2 March 2026"}[lang]
    for data in (_worker_pdf(score(EXAMPLE), lang), _employer_pdf(lang)):
        pages = pdfcheck.pages(data)
        for i, page in enumerate(pages, start=1):
            label = f"Pagina {i} van {len(pages)}" if lang == "nl" else f"Page {i} of {len(pages)}"
            assert label in page and date in page
        assert pdfcheck.language(data) == {"nl": "nl-NL", "en": "en-GB"}[lang]
        assert not pdfcheck.ISO_DATE.search(pdfcheck.text(data))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_page_is_nearly_empty(lang: str) -> None:
    outputs = [_worker_pdf(r, lang) for r in _variants().values()]
    outputs += [_employer_pdf(lang, context=True), _employer_pdf(lang, context=False)]
    for data in outputs:
        for page in pdfcheck.pages(data):
            assert len(pdfcheck.content_lines(page)) >= 8, page


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_html_and_pdf_carry_the_same_content(lang: str) -> None:
    def squeeze(value: str) -> str:
        return re.sub(r"\s+", "", value.replace("\xa0", " "))

    summary = summarise_employer(employer_results(30, poor=3), employer="Acme")
    cases = [(worker_document(score(EXAMPLE), lang=lang, on=DAY), worker_report_html(score(EXAMPLE), lang=lang,
                                                                                     on=DAY),
              _worker_pdf(score(EXAMPLE), lang)),
             (employer_document(summary, lang=lang, context=True, on=DAY),
              employer_report_html(summary, lang=lang, context=True, on=DAY), _employer_pdf(lang, employer="Acme"))]
    for doc, html, pdf in cases:
        html_text, pdf_text = squeeze(pdfcheck.html_text(html)), squeeze(pdfcheck.text(pdf))
        figures = {b.alt for b in doc.blocks if hasattr(b, "alt")}
        for item in doc.texts():
            assert squeeze(item) in html_text, item
            if item not in figures:
                assert squeeze(item) in pdf_text, item


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_reports_hold_no_rule_id_repr_iso_date_or_other_language(lang: str) -> None:
    summary = summarise_employer(employer_results(30, poor=3), employer="Acme")
    outputs = [pdfcheck.text(_worker_pdf(r, lang)) for r in _variants().values()]
    outputs += [pdfcheck.html_text(worker_report_html(r, lang=lang, on=DAY)) for r in _variants().values()]
    outputs += [pdfcheck.text(_employer_pdf(lang)),
                pdfcheck.html_text(employer_report_html(summary, lang=lang, context=True, on=DAY))]
    for out in outputs:
        assert not pdfcheck.RULE_ID.search(out), pdfcheck.RULE_ID.search(out)
        assert not pdfcheck.ISO_DATE.search(out)
        assert not pdfcheck.REPR.search(out), pdfcheck.REPR.search(out)
        assert pdfcheck.foreign_phrases(out, lang) == []


@pytest.mark.parametrize(("lang", "heading"), [("nl", "Wat kunt u nu doen?"), ("en", "What to do now")])
def test_worker_report_says_why_and_what_to_do_next(lang: str, heading: str) -> None:
    for name, result in _variants().items():
        text = pdfcheck.text(_worker_pdf(result, lang))
        assert heading in text, name
        # the advice explains itself: the score against its edge, in words
        assert re.search(r"(Uw WAI-score|Your WAI score) \(\d+(,5|\.5)?\) ", text), name
    assert "lager dan 28" in pdfcheck.text(_worker_pdf(_variants()["urgent"], "nl"))


def test_employer_report_says_exactly_how_it_suppresses() -> None:
    summary = summarise_employer(employer_results(30, poor=3), employer="Acme")
    # 3 poor workers: small; 13 good: hidden too, or the 3 could be worked out from the total
    assert (summary.bands["poor"].reason, summary.bands["good"].reason) == ("small", "derivable")
    text = pdfcheck.text(_employer_pdf("nl"))
    assert "Groepen van minder dan 5 werkenden worden niet getoond" in text
    assert "wordt ook de kleinste andere groep niet getoond" in text
    en = pdfcheck.text(_employer_pdf("en"))
    assert "the smallest other group is not shown either" in en


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_suppressed_cell_reads_as_suppressed_never_as_zero(lang: str) -> None:
    summary = summarise_employer(employer_results(30, poor=3), employer="Acme")
    doc = employer_document(summary, lang=lang, on=DAY)
    tables = [b for b in doc.blocks if hasattr(b, "rows")]
    bands = {row[0]: row[1] for row in tables[0].rows}
    from werkscan import Band, label

    for band, cell in summary.bands.items():
        shown = bands[label(Band(band), lang)]
        assert (shown == "—") == cell.suppressed, (band, shown)
        if cell.count == 0:
            assert shown in ("0 %", "0%")
    signals = {row[0]: row[1:] for row in tables[1].rows}
    assert signals[label(werkscan_area("lifestyle"), lang)][0] == "—"  # 3 strong: hidden, not 0 %
    assert all(t.note and ("—" in t.note) for t in tables[:2])


def werkscan_area(name: str) -> object:
    from werkscan import SignalArea

    return SignalArea(name)


def test_context_figures_are_attributed_to_their_bands() -> None:
    nl = pdfcheck.text(_employer_pdf("nl"))
    assert ("Werkenden met een goed, matig of slecht werkvermogen bezochten de huisarts respectievelijk "
            "2,6; 5,4 en 11,5 keer zo vaak als werkenden met een uitstekend werkvermogen") in nl
    assert "Achtergrond: werkvermogen, productiviteit en zorg" in nl and "(WS-" not in nl
    assert "berekend, niet gemeten" in nl
    en = pdfcheck.text(_employer_pdf("en"))
    assert "visited their GP 2.6, 5.4 and 11.5 times as often respectively" in en
    assert "Reeuwijk et al., 2013" in en and "Reeuwijk e.a., 2013" in nl
    for text in (nl, en):  # seed 002 prints no odds ratios, so the report quotes none (WS-RPT-3/8)
        assert not any(v in text for v in ("2,03", "2.03", "3,50", "3.50", "5,54", "5.54", "odds"))


def test_the_context_comes_from_the_rule_set_in_use() -> None:
    """WS-RPT-8: the employer report reads its context figures from the table of the rule set
    it is given; a figure the table does not hold is not quoted."""
    import datetime as dt

    from blikopwerk import RuleTable, Source
    from werkscan import REPORT_RULES, Band, ContextFigure

    newer = RuleTable.build("context_figures", "Newer figures", dt.date(2027, 1, 1), [
        ("gp_visits.poor", ContextFigure("gp_visits_ratio", Decimal("9.3"), "times as often",
                                         "workers with poor work ability, against excellent",
                                         "Jansen A, Smit B (2027). Later study", Band.POOR, Band.EXCELLENT),
         Source.decision("example", rules=("WS-RPT-8",)))], version="2027.1", sorted_keys=False)
    summary = summarise_employer(employer_results(30, poor=6), employer="Acme")
    doc = employer_document(summary, lang="en", context=True, on=DAY,
                            rules=REPORT_RULES.replace(context_figures=newer))
    words = " ".join(str(getattr(b, "text", "")) + " ".join(" ".join(r) for r in getattr(b, "rows", ()))
                     for b in doc.blocks)
    assert "9.3" in words and "Jansen et al., 2027" in words
    assert "2.6" not in words and "1,085" not in words and "9.6" not in words


@settings(max_examples=200, deadline=None)
@given(counts=st.lists(st.integers(min_value=0, max_value=60), min_size=2, max_size=5),
       min_cell=st.integers(min_value=1, max_value=8),
       hidden_last=st.booleans())
def test_suppression_hides_exactly_what_it_states(counts: list[int], min_cell: int, hidden_last: bool) -> None:
    total = sum(counts) or 1
    shown = [True] * len(counts)
    if hidden_last:
        shown[-1] = False  # a cell the report never prints (the "no signal" share)
    cells = _partition(counts, total, min_cell, shown)
    small = [i for i, c in enumerate(counts) if 0 < c < min_cell]
    for i, (count, cell) in enumerate(zip(counts, cells, strict=True)):
        if 0 < count < min_cell:
            assert cell.suppressed and cell.reason == "small"
        elif cell.suppressed:
            # hidden only to protect the one small cell, and only when everything else is printed
            assert cell.reason == "derivable" and len(small) == 1
            assert all(shown[j] for j in range(len(counts)) if j != small[0])
            assert count == min(c for j, c in enumerate(counts) if j not in small and c > 0)
        else:
            assert cell.count == count and cell.reason is None
    hidden = [i for i, cell in enumerate(cells) if cell.suppressed]
    printed_with_workers = [i for i, c in enumerate(counts) if c > 0 and i not in small and shown[i]]
    if len(small) == 1 and all(shown[j] for j in range(len(counts)) if j != small[0]) and printed_with_workers:
        assert len(hidden) == 2  # a lone hidden cell could be worked out from the total and the rest
