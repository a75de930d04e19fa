"""Worker (WS-RPT-1) and employer (WS-RPT-2/3) reports: HTML (jinja2) and PDF (reportlab).

Charts are drawn with matplotlib's Agg canvas (no pyplot state). matplotlib, reportlab and
jinja2 are imported when a report is rendered (the ``reports`` extra). Dutch by default,
English with ``lang="en"``.
"""

from __future__ import annotations

import base64
import datetime
import io
import os
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from blikopwerk._errors import InvalidValueError
from werkscan._reports.employer import EmployerSummary, _check_licence
from werkscan._scoring.model import Advice, Band, ScoreResult, SignalArea, SignalLevel, label

if TYPE_CHECKING:
    from blikopwerk._protocols import Storage
    from werkscan._licensing.service import LicenceService

__all__ = [
    "band_scale_png",
    "employer_report_html",
    "employer_report_pdf",
    "signals_png",
    "worker_report_html",
    "worker_report_pdf",
]

_BAND_COLOURS = {"poor": "#c0392b", "moderate": "#e67e22", "good": "#f1c40f", "excellent": "#27ae60"}
_LEVEL_COLOURS = {"strong": "#c0392b", "weak": "#e67e22", "none": "#27ae60"}

_TEXT: dict[str, dict[str, str]] = {
    "nl": {
        "title": "Werkscan: uw resultaat",
        "wai": "Werkvermogen (WAI)",
        "score_line": "Uw WAI-score is {score} op een schaal van 7 tot 49: {band}.",
        "signals": "Signaalgebieden",
        "area": "Signaalgebied", "level": "Signaal",
        "advice": "Advies",
        "advice_urgent": "Dringend advies: wij raden u dringend aan een Werkscangesprek met een "
                         "Werkscandeskundige aan te gaan.",
        "advice_advised": "Advies: wij raden u aan een Werkscangesprek met een Werkscandeskundige aan te gaan.",
        "advice_preventive": "Uw werkvermogen is goed. Een Werkscangesprek kan helpen het zo te houden.",
        "advice_none": "Geen aanleiding: er is geen aanleiding voor een Werkscangesprek.",
        "act": "Waar kunt u actie ondernemen?",
        "act_none": "Op geen van de signaalgebieden is een signaal gegeven.",
        "explain": "Toelichting",
        "explain_line": "In een analyse van 2.908 ingevulde Werkscans ging ieder sterk signaal samen met een "
                        "gemiddeld 2,2 punten lagere WAI-score en ieder zwak signaal met 0,6 punt. Voor uw "
                        "signalen ({strong} sterk, {weak} zwak) is dat samen {drop} punten. Dit is een "
                        "gemiddeld verband, geen voorspelling en geen deel van uw score.",
        "footer": "Bewaar dit rapport zelf; u kunt later niet terug naar de resultaten. Regels {version}.",
        "scale": "Schaal 7-49",
        "emp_title": "Werkscan: rapport voor {employer}",
        "emp_intro": "Samenvatting van {n} ingevulde Werkscans. Het rapport bevat alleen totalen; groepen "
                     "van minder dan {cell} werkenden worden niet getoond (—).",
        "emp_mean": "Gemiddelde WAI-score: {mean}.",
        "emp_bands": "Verdeling over de klassen van werkvermogen",
        "emp_band": "Klasse", "emp_share": "Aandeel",
        "emp_advice": "Aandeel met advies voor een gesprek: {share}.",
        "emp_signals": "Signalen per gebied",
        "emp_strong": "Sterk signaal", "emp_weak": "Zwak signaal",
        "emp_context": "Achtergrond (WS-RPT-3)",
        "emp_context_1": "Een lager werkvermogen gaat samen met productiviteitsverlies: odds ratio's 2,03 / 3,50 / "
                         "5,54 voor goed / matig / slecht ten opzichte van uitstekend (Van den Berg e.a., 2011).",
        "emp_context_2": "Werkenden met een slecht werkvermogen hadden gemiddeld € 1.085 per jaar hogere "
                         "zorgkosten dan met een uitstekend werkvermogen, en bezochten de huisarts 2,6 / 5,4 / "
                         "11,5 keer zo vaak (Reeuwijk e.a., 2013).",
        "emp_context_3": "De evaluatie berekende 9,6 % productiviteitsverlies vóór en 7,4 % na een Werkscangesprek "
                         "(Panteia, 2015). Dit zijn uitkomsten van onderzoek, geen voorspelling per persoon.",
    },
    "en": {
        "title": "Werkscan: your results",
        "wai": "Work ability (WAI)",
        "score_line": "Your WAI score is {score} on a scale of 7 to 49: {band}.",
        "signals": "Signal areas",
        "area": "Signal area", "level": "Signal",
        "advice": "Advice",
        "advice_urgent": "Urgent advice: we strongly advise you to have a Werkscan conversation with a "
                         "Werkscan expert.",
        "advice_advised": "Advice: we advise you to have a Werkscan conversation with a Werkscan expert.",
        "advice_preventive": "Your work ability is good. A Werkscan conversation can help you keep it so.",
        "advice_none": "No reason: there is no reason for a Werkscan conversation.",
        "act": "Where can you act?",
        "act_none": "None of the signal areas shows a signal.",
        "explain": "Explanation",
        "explain_line": "In an analysis of 2,908 completed Werkscans each strong signal went with a WAI score "
                        "2.2 points lower on average, and each weak signal with 0.6 points. For your signals "
                        "({strong} strong, {weak} weak) that is {drop} points together. This is an average "
                        "association, not a prediction and not part of your score.",
        "footer": "Keep this report yourself; you cannot return to the results later. Rules {version}.",
        "scale": "Scale 7-49",
        "emp_title": "Werkscan: report for {employer}",
        "emp_intro": "Summary of {n} completed Werkscans. The report holds totals only; groups of fewer "
                     "than {cell} workers are not shown (—).",
        "emp_mean": "Mean WAI score: {mean}.",
        "emp_bands": "Distribution over the work ability bands",
        "emp_band": "Band", "emp_share": "Share",
        "emp_advice": "Share advised to have a conversation: {share}.",
        "emp_signals": "Signals per area",
        "emp_strong": "Strong signal", "emp_weak": "Weak signal",
        "emp_context": "Background (WS-RPT-3)",
        "emp_context_1": "Lower work ability goes with productivity loss: odds ratios 2.03 / 3.50 / 5.54 for "
                         "good / moderate / poor against excellent (van den Berg et al., 2011).",
        "emp_context_2": "Workers with poor work ability had EUR 1,085 a year higher care costs than those with "
                         "excellent work ability, and visited their GP 2.6 / 5.4 / 11.5 times as often "
                         "(Reeuwijk et al., 2013).",
        "emp_context_3": "The evaluation computed 9.6 % productivity loss before and 7.4 % after a Werkscan "
                         "conversation (Panteia, 2015). These are research findings, not a per-person prediction.",
    },
}


def _texts(lang: str) -> dict[str, str]:
    try:
        return _TEXT[lang]
    except KeyError:
        raise InvalidValueError("lang", lang, f"unknown language; known: {sorted(_TEXT)}") from None


def _number(value: float | Decimal, lang: str) -> str:
    """A score in the reader's format: ``39,5`` (nl) or ``39.5`` (en); whole numbers plain."""
    from babel.numbers import format_decimal

    d = Decimal(str(value))
    pattern = "#,##0.#"
    return str(format_decimal(d, format=pattern, locale="nl_NL" if lang == "nl" else "en_GB"))


# ------------------------------------------------------------------------ charts


def _figure(width: float, height: float) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=150)
    FigureCanvasAgg(fig)
    return fig


def _png(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    return buf.getvalue()


def band_scale_png(score: float, lang: str = "nl") -> bytes:
    """A PNG of the 7-49 scale with the four bands and the worker's score marked.

    Example:
        >>> band_scale_png(39.5)[:4]
        b'\\x89PNG'
    """
    fig = _figure(6.5, 1.3)
    ax = fig.add_subplot(1, 1, 1)
    edges = [(7, 28, "poor"), (28, 37, "moderate"), (37, 44, "good"), (44, 49, "excellent")]
    for lo, hi, band in edges:
        ax.barh(0, hi - lo, left=lo, color=_BAND_COLOURS[band], height=0.6)
        ax.text((lo + hi) / 2, 0, label(Band(band), lang), ha="center", va="center", fontsize=8)
    ax.plot([score, score], [-0.45, 0.45], color="black", linewidth=3)
    ax.annotate(_number(score, lang), (score, 0.45), xytext=(0, 4), textcoords="offset points",
                ha="center", fontsize=9, fontweight="bold")
    ax.set_xlim(7, 49)
    ax.set_ylim(-0.6, 0.9)
    ax.set_yticks([])
    ax.set_xticks([7, 28, 37, 44, 49])
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    return _png(fig)


def signals_png(signals: dict[SignalArea, SignalLevel], lang: str = "nl") -> bytes:
    """A PNG bar chart of the eight signal areas (strong = 2, weak = 1, none = 0).

    Example:
        >>> signals_png({a: SignalLevel.WEAK for a in SignalArea})[:4]
        b'\\x89PNG'
    """
    fig = _figure(6.5, 3.0)
    ax = fig.add_subplot(1, 1, 1)
    areas = list(SignalArea)
    height = {"strong": 2, "weak": 1, "none": 0.08}
    values = [height[signals[a].value] for a in areas]
    colours = [_LEVEL_COLOURS[signals[a].value] for a in areas]
    ys = list(range(len(areas)))[::-1]
    ax.barh(ys, values, color=colours)
    ax.set_yticks(ys)
    ax.set_yticklabels([label(a, lang) for a in areas], fontsize=8)
    ax.set_xticks([0, 1, 2])
    ax.set_xticklabels([label(SignalLevel.NONE, lang), label(SignalLevel.WEAK, lang),
                        label(SignalLevel.STRONG, lang)], fontsize=8)
    ax.set_xlim(0, 2.2)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return _png(fig)


def _employer_bands_png(summary: EmployerSummary, lang: str) -> bytes:
    fig = _figure(6.0, 2.4)
    ax = fig.add_subplot(1, 1, 1)
    names = [b.value for b in Band]
    shares = [(summary.bands[n].share or 0.0) * 100 for n in names]
    bars = ax.bar([label(Band(n), lang) for n in names], shares, color=[_BAND_COLOURS[n] for n in names])
    for bar, n in zip(bars, names, strict=True):
        ax.annotate(summary.bands[n].display(lang), (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                    xytext=(0, 2), textcoords="offset points", ha="center", fontsize=8)
    ax.set_ylim(0, 110)
    ax.set_ylabel("%")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return _png(fig)


def _employer_signals_png(summary: EmployerSummary, lang: str) -> bytes:
    fig = _figure(6.5, 3.2)
    ax = fig.add_subplot(1, 1, 1)
    areas = list(SignalArea)
    ys = list(range(len(areas)))[::-1]
    strong = [(summary.strong[a.value].share or 0.0) * 100 for a in areas]
    weak = [(summary.weak[a.value].share or 0.0) * 100 for a in areas]
    t = _texts(lang)
    ax.barh(ys, strong, color=_LEVEL_COLOURS["strong"], label=t["emp_strong"])
    ax.barh(ys, weak, left=strong, color=_LEVEL_COLOURS["weak"], label=t["emp_weak"])
    ax.set_yticks(ys)
    ax.set_yticklabels([label(a, lang) for a in areas], fontsize=8)
    ax.set_xlim(0, 100)
    ax.set_xlabel("%")
    ax.legend(fontsize=7, loc="lower right")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return _png(fig)


# ------------------------------------------------------------------------ worker report


def _advice_text(result: ScoreResult, t: dict[str, str]) -> str:
    if result.advice is Advice.URGENT:
        return t["advice_urgent"]
    if result.advice is Advice.ADVISED:
        return t["advice_preventive"] + " " + t["advice_advised"] if "WS-ADV-4" in result.advice_rules \
            else t["advice_advised"]
    return t["advice_none"]


def _worker_context(result: ScoreResult, lang: str) -> dict[str, Any]:
    t = _texts(lang)
    strong = sum(1 for lv in result.signals.values() if lv is SignalLevel.STRONG)
    weak = sum(1 for lv in result.signals.values() if lv is SignalLevel.WEAK)
    return {
        "t": t,
        "lang": lang,
        "score": _number(result.wai.score, lang),
        "band": result.wai.band_label(lang),
        "score_line": t["score_line"].format(score=_number(result.wai.score, lang), band=result.wai.band_label(lang)),
        "signals": [(label(a, lang), label(lv, lang), lv.value) for a, lv in result.signals.items()],
        "advice_text": _advice_text(result, t),
        "act_on": [(label(a, lang), label(result.signals[a], lang)) for a in result.act_on],
        "explain": t["explain_line"].format(strong=strong, weak=weak, drop=_number(result.signal_drop, lang)),
        "footer": t["footer"].format(version=result.rules_version),
    }


_WORKER_HTML = """<!DOCTYPE html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ t.title }}</title>
<style>body{font-family:sans-serif;max-width:46em;margin:2em auto;color:#222}
table{border-collapse:collapse}td,th{padding:.2em .8em;border-bottom:1px solid #ddd;text-align:left}
.strong{color:#c0392b}.weak{color:#b9770e}.none{color:#1e8449}.score{font-size:2em;font-weight:bold}
img{max-width:100%}</style></head><body>
<h1>{{ t.title }}</h1>
<h2>{{ t.wai }}</h2>
<p class="score">{{ score }}</p>
<p>{{ score_line }}</p>
<img alt="{{ t.scale }}" src="data:image/png;base64,{{ scale_png }}">
<h2>{{ t.advice }}</h2>
<p>{{ advice_text }}</p>
<h2>{{ t.signals }}</h2>
<img alt="{{ t.signals }}" src="data:image/png;base64,{{ signals_png }}">
<table><tr><th>{{ t.area }}</th><th>{{ t.level }}</th></tr>
{% for area, level, key in signals %}<tr><td>{{ area }}</td><td class="{{ key }}">{{ level }}</td></tr>
{% endfor %}</table>
<h2>{{ t.act }}</h2>
{% if act_on %}<ul>{% for area, level in act_on %}<li>{{ area }} ({{ level }})</li>{% endfor %}</ul>
{% else %}<p>{{ t.act_none }}</p>{% endif %}
<h2>{{ t.explain }}</h2>
<p>{{ explain }}</p>
<footer><small>{{ footer }}</small></footer>
</body></html>
"""


def _jinja() -> Any:
    import jinja2

    return jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)


def worker_report_html(result: ScoreResult, *, lang: str = "nl") -> str:
    """The worker's report as a self-contained HTML page (WS-RPT-1, WS-ADV-5, WS-SIG-3).

    Args:
        result: the scored questionnaire.
        lang: ``"nl"`` (default) or ``"en"``.

    Returns:
        HTML with the score, the band on the 7-49 scale, the signals chart, the advice,
        where to act, and the explanation of the signals.

    Raises:
        InvalidValueError: an unknown language.

    Example:
        >>> from werkscan import score
        >>> r = score({"wai": {"current_work_ability": 8, "physical_demands": 4, "mental_demands": 3,
        ...     "work_nature": "physical", "diagnosed_diseases": 1, "impairment": 5, "sick_leave_days": 3,
        ...     "prognosis": 7, "mental_resources": [3, 3, 2]}, "signals": {"health": "weak",
        ...     "lifestyle": "none", "work": "strong", "work_life_balance": "none", "education": "none",
        ...     "career_development": "weak", "career_mobility": "none", "self_reliance": "none"}})
        >>> html = worker_report_html(r)
        >>> "39,5" in html and "goed" in html and "Werk (sterk signaal)" in html
        True
    """
    ctx = _worker_context(result, lang)
    ctx["scale_png"] = base64.b64encode(band_scale_png(result.wai.score, lang)).decode()
    ctx["signals_png"] = base64.b64encode(signals_png(result.signals, lang)).decode()
    return str(_jinja().from_string(_WORKER_HTML).render(**ctx))


def _pdf_styles() -> Any:
    from reportlab.lib.styles import getSampleStyleSheet

    return getSampleStyleSheet()


def _image(png: bytes, width_cm: float) -> Any:
    from reportlab.lib.units import cm
    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Image

    w, h = ImageReader(io.BytesIO(png)).getSize()
    return Image(io.BytesIO(png), width=width_cm * cm, height=width_cm * cm * h / w)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _write_pdf(story: list[Any], target: str | os.PathLike[str] | io.BufferedIOBase | io.BytesIO,
               title: str) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import SimpleDocTemplate

    out: Any = str(target) if isinstance(target, str | os.PathLike) else target
    doc = SimpleDocTemplate(out, pagesize=A4, title=title, author="blikopwerk",
                            leftMargin=2 * cm, rightMargin=2 * cm, topMargin=1.8 * cm, bottomMargin=1.8 * cm,
                            invariant=True)
    doc.build(story)


def worker_report_pdf(
    result: ScoreResult, target: str | os.PathLike[str] | io.BytesIO, *, lang: str = "nl",
) -> None:
    """Write the worker's report as PDF (WS-RPT-1): the same content as :func:`worker_report_html`.

    Args:
        result: the scored questionnaire.
        target: a file path or a binary file object.
        lang: ``"nl"`` (default) or ``"en"``.

    Raises:
        InvalidValueError: an unknown language.

    Example:
        >>> import io
        >>> from werkscan import score
        >>> r = score({"wai": {"current_work_ability": 8, "physical_demands": 4, "mental_demands": 3,
        ...     "work_nature": "physical", "diagnosed_diseases": 1, "impairment": 5, "sick_leave_days": 3,
        ...     "prognosis": 7, "mental_resources": [3, 3, 2]}, "signals": {"health": "weak",
        ...     "lifestyle": "none", "work": "strong", "work_life_balance": "none", "education": "none",
        ...     "career_development": "weak", "career_mobility": "none", "self_reliance": "none"}})
        >>> buf = io.BytesIO()
        >>> worker_report_pdf(r, buf, lang="en")
        >>> buf.getvalue()[:5]
        b'%PDF-'
    """
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    ctx = _worker_context(result, lang)
    t = ctx["t"]
    st = _pdf_styles()
    story: list[Any] = [
        Paragraph(_escape(t["title"]), st["Title"]),
        Paragraph(_escape(t["wai"]), st["Heading2"]),
        Paragraph(f"<b>{_escape(ctx['score_line'])}</b>", st["BodyText"]),
        _image(band_scale_png(result.wai.score, lang), 16),
        Paragraph(_escape(t["advice"]), st["Heading2"]),
        Paragraph(_escape(ctx["advice_text"]), st["BodyText"]),
        Paragraph(_escape(t["signals"]), st["Heading2"]),
        _image(signals_png(result.signals, lang), 15),
    ]
    rows = [[t["area"], t["level"]], *[[a, lv] for a, lv, _ in ctx["signals"]]]
    table = Table(rows, hAlign="LEFT")
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                               ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey)]))
    story += [table, Spacer(1, 8), Paragraph(_escape(t["act"]), st["Heading2"])]
    if ctx["act_on"]:
        story += [Paragraph(_escape(f"- {a} ({lv})"), st["BodyText"]) for a, lv in ctx["act_on"]]
    else:
        story.append(Paragraph(_escape(t["act_none"]), st["BodyText"]))
    story += [Paragraph(_escape(t["explain"]), st["Heading2"]), Paragraph(_escape(ctx["explain"]), st["BodyText"]),
              Spacer(1, 12), Paragraph(_escape(ctx["footer"]), st["Italic"])]
    _write_pdf(story, target, t["title"])


# ------------------------------------------------------------------------ employer report


def _employer_context(summary: EmployerSummary, lang: str, context: bool) -> dict[str, Any]:
    t = _texts(lang)
    return {
        "t": t,
        "lang": lang,
        "title": t["emp_title"].format(employer=summary.employer),
        "intro": t["emp_intro"].format(n=summary.questionnaires, cell=summary.min_cell),
        "mean": t["emp_mean"].format(mean=_number(summary.mean_score, lang)),
        "bands": [(label(Band(b), lang), cell.display(lang)) for b, cell in summary.bands.items()],
        "advice": t["emp_advice"].format(share=summary.advice["advised"].display(lang)),
        "signals": [(label(a, lang), summary.strong[a.value].display(lang), summary.weak[a.value].display(lang))
                    for a in SignalArea],
        "context": [t["emp_context_1"], t["emp_context_2"], t["emp_context_3"]] if context else [],
        "footer": f"{summary.rules_version}",
    }


_EMPLOYER_HTML = """<!DOCTYPE html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>body{font-family:sans-serif;max-width:46em;margin:2em auto;color:#222}
table{border-collapse:collapse}td,th{padding:.2em .8em;border-bottom:1px solid #ddd;text-align:left}
img{max-width:100%}</style></head><body>
<h1>{{ title }}</h1>
<p>{{ intro }}</p>
<p>{{ mean }}</p>
<h2>{{ t.emp_bands }}</h2>
<img alt="{{ t.emp_bands }}" src="data:image/png;base64,{{ bands_png }}">
<table><tr><th>{{ t.emp_band }}</th><th>{{ t.emp_share }}</th></tr>
{% for name, share in bands %}<tr><td>{{ name }}</td><td>{{ share }}</td></tr>{% endfor %}</table>
<p>{{ advice }}</p>
<h2>{{ t.emp_signals }}</h2>
<img alt="{{ t.emp_signals }}" src="data:image/png;base64,{{ signals_png }}">
<table><tr><th>{{ t.area }}</th><th>{{ t.emp_strong }}</th><th>{{ t.emp_weak }}</th></tr>
{% for area, strong, weak in signals %}<tr><td>{{ area }}</td><td>{{ strong }}</td><td>{{ weak }}</td></tr>
{% endfor %}</table>
{% if context %}<h2>{{ t.emp_context }}</h2>{% for line in context %}<p>{{ line }}</p>{% endfor %}{% endif %}
<footer><small>{{ footer }}</small></footer>
</body></html>
"""


def employer_report_html(
    summary: EmployerSummary, *, lang: str = "nl", context: bool = False,
    licence: LicenceService | Storage | None = None, licence_id: str | None = None, on: datetime.date | None = None,
) -> str:
    """The employer report as HTML (WS-RPT-2), optionally with the research context (WS-RPT-3).

    Args:
        summary: from :func:`summarise_employer` (which refuses fewer than 25 questionnaires).
        lang: ``"nl"`` (default) or ``"en"``.
        context: include the quoted research findings (WS-RPT-3).
        licence: check the licence first (WS-LIC-1): a :class:`werkscan.LicenceService`
            or a storage; with ``licence_id`` and ``on`` (default today), see
            :func:`require_reporting_licence`.
        licence_id: the licence the report is made under.
        on: the day of the report.

    Returns:
        A self-contained HTML page with charts.

    Raises:
        LicenceNotFoundError: a licence is checked and is unknown or not valid on ``on``.

    Example:
        >>> from werkscan import score, summarise_employer
        >>> base = {"wai": {"current_work_ability": 8, "physical_demands": 4, "mental_demands": 3,
        ...     "work_nature": "physical", "diagnosed_diseases": 1, "impairment": 5, "sick_leave_days": 3,
        ...     "prognosis": 7, "mental_resources": [3, 3, 2]},
        ...     "signals": {a: "none" for a in ("health", "lifestyle", "work", "work_life_balance",
        ...     "education", "career_development", "career_mobility", "self_reliance")}}
        >>> s = summarise_employer([score(base)] * 25, employer="Acme")
        >>> "25 ingevulde Werkscans" in employer_report_html(s)
        True
    """
    _check_licence(licence, licence_id, on)
    ctx = _employer_context(summary, lang, context)
    ctx["bands_png"] = base64.b64encode(_employer_bands_png(summary, lang)).decode()
    ctx["signals_png"] = base64.b64encode(_employer_signals_png(summary, lang)).decode()
    return str(_jinja().from_string(_EMPLOYER_HTML).render(**ctx))


def employer_report_pdf(
    summary: EmployerSummary, target: str | os.PathLike[str] | io.BytesIO, *, lang: str = "nl",
    context: bool = False, licence: LicenceService | Storage | None = None, licence_id: str | None = None,
    on: datetime.date | None = None,
) -> None:
    """Write the employer report as PDF (WS-RPT-2/3); the content of :func:`employer_report_html`.

    ``licence``, ``licence_id`` and ``on`` check the licence first, as in
    :func:`employer_report_html`; nothing is written when it is not valid (WS-LIC-1).

    Raises:
        LicenceNotFoundError: a licence is checked and is unknown or not valid on ``on``.

    Example:
        >>> import io
        >>> from werkscan import score, summarise_employer
        >>> base = {"wai": {"current_work_ability": 8, "physical_demands": 4, "mental_demands": 3,
        ...     "work_nature": "physical", "diagnosed_diseases": 1, "impairment": 5, "sick_leave_days": 3,
        ...     "prognosis": 7, "mental_resources": [3, 3, 2]},
        ...     "signals": {a: "none" for a in ("health", "lifestyle", "work", "work_life_balance",
        ...     "education", "career_development", "career_mobility", "self_reliance")}}
        >>> buf = io.BytesIO()
        >>> employer_report_pdf(summarise_employer([score(base)] * 25, employer="Acme"), buf)
        >>> buf.getvalue()[:5]
        b'%PDF-'
    """
    _check_licence(licence, licence_id, on)
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    ctx = _employer_context(summary, lang, context)
    t = ctx["t"]
    st = _pdf_styles()
    style = TableStyle([("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey)])
    bands = Table([[t["emp_band"], t["emp_share"]], *[list(r) for r in ctx["bands"]]], hAlign="LEFT")
    bands.setStyle(style)
    signals = Table([[t["area"], t["emp_strong"], t["emp_weak"]], *[list(r) for r in ctx["signals"]]],
                    hAlign="LEFT")
    signals.setStyle(style)
    story: list[Any] = [
        Paragraph(_escape(ctx["title"]), st["Title"]),
        Paragraph(_escape(ctx["intro"]), st["BodyText"]),
        Paragraph(_escape(ctx["mean"]), st["BodyText"]),
        Paragraph(_escape(t["emp_bands"]), st["Heading2"]),
        _image(_employer_bands_png(summary, lang), 14), bands, Spacer(1, 6),
        Paragraph(_escape(ctx["advice"]), st["BodyText"]),
        Paragraph(_escape(t["emp_signals"]), st["Heading2"]),
        _image(_employer_signals_png(summary, lang), 15), signals,
    ]
    if ctx["context"]:
        story.append(Paragraph(_escape(t["emp_context"]), st["Heading2"]))
        story += [Paragraph(_escape(line), st["BodyText"]) for line in ctx["context"]]
    _write_pdf(story, target, ctx["title"])
