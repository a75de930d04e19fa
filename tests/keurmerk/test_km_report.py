"""The survey report in seed 004's structure, in Dutch and English, as HTML and PDF (issue 14)."""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources
from pathlib import Path

import pytest

import pdfcheck
from keurmerk import Respondent, SurveyReference, analyse_survey, load_survey_file, write_survey_report
from keurmerk._report import survey_document

EXAMPLE = Path(str(resources.files("keurmerk").joinpath("data/example_survey_2020.json")))
DAY = dt.date(2021, 2, 10)
REFERENCE = SurveyReference.from_mapping({
    "clients_mark": "7.4", "principals_mark": "7.5", "service_marks": {"7": "7.6", "8": "7.3"},
    "promoter_clients": "30.2", "clients_response": 24.3})


def _write(tmp_path: Path, suffix: str, lang: str = "nl", reference: SurveyReference | None = None,
           provider: str | None = None) -> Path:
    data = load_survey_file(EXAMPLE)
    return write_survey_report(data.analyse(), tmp_path / f"r-{lang}{suffix}", provider=provider or data.provider,
                               period=(data.period_start, data.period_end), lang=lang, on=DAY, reference=reference)


def test_survey_report_follows_seed_004(tmp_path: Path) -> None:
    text = pdfcheck.text(_write(tmp_path, ".pdf").read_bytes())
    order = ["Tevredenheidsonderzoek Voorbeeld Dienstverlener",
             "Meetperiode: 1 januari 2020 tot en met 31 december 2020", "10 februari 2021", "Samenvatting",
             "Respons", "Norm tevredenheid", "Cliënten", "Gemiddeld rapportcijfer", "Spreiding rapportcijfers",
             "Aanraden", "Tevredenheid", "Opdrachtgevers", "Over dit rapport"]
    at = 0
    for part in order:  # each heading after the one before it
        found = text.find(part, at)
        assert found >= 0, (part, text[at:at + 200])
        at = found + len(part)
    # seed 004 table 1.1, clients per service and the principals apart
    for cell in ("Outplacement 6 4 66,7 8,0 ja", "Totaal 460 97 21,1 7,6 ja", "Totaal opdrachtgevers 58 11 19,0 7,6 ja"):
        assert cell in text, cell
    assert "De actuele promotor score van de cliënten is 38,5" in text
    assert "Aan de resultaten in dit rapport kunnen geen rechten worden ontleend." in text
    assert "seed" not in text.lower() and "004" not in text


def test_norm_shows_plain_and_corrected_means() -> None:
    marks = [1, 8, 8, 8, 9]
    result = analyse_survey([Respondent.create("client", service=7, mark=m) for m in marks], {7: 10})
    doc = survey_document(result, provider="Demo", on=DAY)
    [norm] = [b for b in doc.blocks if hasattr(b, "header") and "Gecorrigeerd" in b.header]
    rows = {row[0]: row for row in norm.rows}
    # plain mean 6.8; every mark below 5.5 counts as 5: (5 + 8 + 8 + 8 + 9) / 5 = 7.6
    assert rows["Totaal"][1:4] == ("6,5", "6,8", "7,6")
    assert rows["Outplacement"][1:4] == ("5,5", "6,8", "7,6")


def test_mark_distribution_is_a_table_and_a_chart(tmp_path: Path) -> None:
    data = load_survey_file(EXAMPLE)
    doc = survey_document(data.analyse(), provider=data.provider, on=DAY)
    tables = [b for b in doc.blocks if hasattr(b, "header") and b.header[1:] == tuple(str(m) for m in range(10, 0, -1))]
    assert len(tables) == 2  # clients and principals
    counts = [int(c) for c in tables[0].rows[0][1:]]
    assert sum(counts) == 97 and counts[2] == 47  # 97 marks; 47 clients gave an 8
    assert sum(1 for b in doc.blocks if hasattr(b, "png")) == 3  # marks per service, two distributions


def test_comparison_with_all_participants_only_when_given(tmp_path: Path) -> None:
    without = pdfcheck.text(_write(tmp_path, ".pdf").read_bytes())
    assert "Vergelijking met alle deelnemers" not in without
    with_ref = pdfcheck.text(_write(tmp_path, ".pdf", reference=REFERENCE).read_bytes())
    assert "Vergelijking met alle deelnemers" in with_ref
    assert "Gemiddeld rapportcijfer, cliënten 7,6 7,4" in with_ref
    assert "Respons, cliënten 21,1 % 24,3 %" in with_ref


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_pdf_pages_language_date_and_no_foreign_words(tmp_path: Path, lang: str) -> None:
    data = _write(tmp_path, ".pdf", lang, REFERENCE).read_bytes()
    pages = pdfcheck.pages(data)
    for i, page in enumerate(pages, start=1):
        assert (f"Pagina {i} van {len(pages)}" if lang == "nl" else f"Page {i} of {len(pages)}") in page
        assert ("10 februari 2021" if lang == "nl" else "10 February 2021") in page
        assert len(pdfcheck.content_lines(page)) >= 8
    assert pdfcheck.language(data) == {"nl": "nl-NL", "en": "en-GB"}[lang]
    text = pdfcheck.text(data)
    assert not pdfcheck.RULE_ID.search(text) and not pdfcheck.ISO_DATE.search(text)
    assert not pdfcheck.REPR.search(text)
    assert pdfcheck.foreign_phrases(text, lang) == []
    if lang == "en":
        assert "Work-to-work placement (first and second track)" in text and "Net sample" in text


def test_provider_names_print_in_an_embedded_unicode_font(tmp_path: Path) -> None:
    name = "Şahin Łódź Ĳssel Sørensen Émile Öztürk — ş ł ĳ é ö ø"
    data = _write(tmp_path, ".pdf", provider=name).read_bytes()
    assert all(f.embedded and "DejaVuSans" in f.name for f in pdfcheck.fonts(data))
    assert {c for c in name if not c.isspace()} <= pdfcheck.drawable(data)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_html_and_pdf_carry_the_same_content(tmp_path: Path, lang: str) -> None:
    def squeeze(value: str) -> str:
        return re.sub(r"\s+", "", value.replace("\xa0", " "))

    data = load_survey_file(EXAMPLE)
    doc = survey_document(data.analyse(), provider=data.provider, period=(data.period_start, data.period_end),
                          lang=lang, on=DAY, reference=REFERENCE)
    html = squeeze(pdfcheck.html_text(_write(tmp_path, ".html", lang, REFERENCE).read_text("utf-8")))
    pdf = squeeze(pdfcheck.text(_write(tmp_path, ".pdf", lang, REFERENCE).read_bytes()))
    figures = {b.alt for b in doc.blocks if hasattr(b, "alt")}
    for item in doc.texts():
        assert squeeze(item) in html, item
        if item not in figures:
            assert squeeze(item) in pdf, item


def test_reference_figures_are_checked() -> None:
    from blikopwerk import InvalidValueError

    with pytest.raises(InvalidValueError) as exc:
        SurveyReference.from_mapping({"clients_mark": "high"})
    assert exc.value.field == "reference.clients_mark"
    with pytest.raises(InvalidValueError):
        SurveyReference.from_mapping({"client_mark": "7"})  # a typo is an error, never ignored
