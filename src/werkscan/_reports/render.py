"""Worker (WS-RPT-1) and employer (WS-RPT-2/3) reports: one content model, HTML and PDF.

Each report is built once as a :class:`blikopwerk._document.Document` and written as HTML
(jinja2) and as PDF (ReportLab, DejaVu Sans embedded, page numbers, the date in words and
the document language), so both carry the same content. Charts are drawn with matplotlib's
Agg canvas. matplotlib, ReportLab and jinja2 are the ``reports`` extra, imported when a
report is written. Dutch by default, English with ``lang="en"``; the texts live in the
``werkscan`` message catalogue.
"""

from __future__ import annotations

import datetime
import io
import os
import re
from decimal import Decimal
from typing import TYPE_CHECKING

from blikopwerk._document import (
    Block,
    Bullets,
    Document,
    Figure,
    Heading,
    Para,
    Table,
    document_html,
    document_pdf,
    figure,
    png,
    today,
)
from blikopwerk._errors import InvalidValueError
from blikopwerk._i18n import Translator, translator
from werkscan._reports.context_figures import context_figures
from werkscan._reports.employer import (
    EmployerSummary,
    ReportCell,
    TooFewQuestionnairesError,
    _check_licence,
    check_reportable,
)
from werkscan._reports.measurement import BAND_ORDER, Measurement, RepeatSummary, compare
from werkscan._reports.repeat_words import (
    band_names,
    change_lines,
    direction_line,
    mean_line,
    score_words,
    stays,
    transition_rows,
)
from werkscan._reports.words import advice_reason, advice_text, next_steps, score_text
from werkscan._scoring.model import Band, ScoreResult, SignalArea, SignalLevel, label
from werkscan._scoring.wai_rules import WAI_RULES

if TYPE_CHECKING:
    from blikopwerk._protocols import Storage
    from blikopwerk._rules import RuleSet
    from werkscan._licensing.service import LicenceService

__all__ = [
    "band_scale_png",
    "employer_document",
    "employer_report_html",
    "employer_report_pdf",
    "signals_png",
    "worker_document",
    "worker_report_html",
    "worker_report_pdf",
]

_BAND_COLOURS = {"poor": "#c0392b", "moderate": "#e67e22", "good": "#f1c40f", "excellent": "#27ae60"}
_LEVEL_COLOURS = {"strong": "#c0392b", "weak": "#e67e22", "none": "#27ae60"}
_HIDDEN = "#9aa5ad"


def _t(lang: str) -> Translator:
    return translator("werkscan", lang)


def _band_edges() -> list[tuple[Decimal, Decimal, Band]]:
    """The bands of the 7-49 scale from the rule table: (low, high, band)."""
    entries = list(WAI_RULES["wai_bands"].items())
    highs = [low for low, _ in entries[1:]] + [Decimal(49)]
    return [(low, high, band) for (low, band), high in zip(entries, highs, strict=True)]


# ------------------------------------------------------------------------ charts


def band_scale_png(score: float | Decimal, lang: str = "nl") -> bytes:
    """A PNG of the 7-49 scale with the four bands and the worker's score marked above it.

    The band names sit inside the bands and the marker with the score above the bar, so
    they never overlap.

    Example:
        >>> band_scale_png(39.5)[:4]
        b'\\x89PNG'
    """
    t = _t(lang)
    lo, hi = WAI_RULES.parameter("wai_min", Decimal), WAI_RULES.parameter("wai_max", Decimal)
    value: object = score
    number = isinstance(value, int | float | Decimal) and not isinstance(value, bool)
    finite = number and (not isinstance(value, Decimal) or value.is_finite())
    if not finite or not lo <= score <= hi:
        raise InvalidValueError("score", value if number else type(value).__name__, f"a WAI lies in {lo}-{hi}")
    fig = figure(6.6, 1.35)
    ax = fig.add_subplot(1, 1, 1)
    for low, high, band in _band_edges():
        ax.barh(0, float(high - low), left=float(low), color=_BAND_COLOURS[band.value], height=0.62,
                edgecolor="white", linewidth=1.5)
        ax.text(float(low + high) / 2, 0, label(band, lang), ha="center", va="center", fontsize=7.5,
                color="white" if band in (Band.POOR, Band.EXCELLENT) else "#1f2a33")
    ax.plot([score], [0.47], marker="v", markersize=11, color="#1f2a33", clip_on=False)
    ax.text(score, 0.66, score_text(score, t), ha="center", va="bottom", fontsize=10, fontweight="bold",
            color="#1f2a33")
    ax.set_xlim(7, 49)
    ax.set_ylim(-0.4, 1.0)
    ax.set_yticks([])
    ax.set_xticks([7, *[float(low) for low, _, _ in _band_edges()[1:]], 49])
    ax.tick_params(axis="x", labelsize=8, length=3)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    return png(fig)


def signals_png(signals: dict[SignalArea, SignalLevel], lang: str = "nl") -> bytes:
    """A PNG bar chart of the eight signal areas (strong = 2, weak = 1, none = a stub).

    Example:
        >>> signals_png({a: SignalLevel.WEAK for a in SignalArea})[:4]
        b'\\x89PNG'
    """
    if not isinstance(signals, dict) or set(signals) != set(SignalArea) \
            or not all(isinstance(v, SignalLevel) for v in signals.values()):
        raise InvalidValueError("signals", type(signals).__name__, "expected a SignalLevel for each of the eight areas")
    _t(lang)
    fig = figure(6.6, 2.9)
    ax = fig.add_subplot(1, 1, 1)
    areas = list(SignalArea)
    height = {"strong": 2, "weak": 1, "none": 0.06}
    ys = list(range(len(areas)))[::-1]
    ax.barh(ys, [height[signals[a].value] for a in areas], color=[_LEVEL_COLOURS[signals[a].value] for a in areas],
            height=0.62)
    ax.set_yticks(ys)
    ax.set_yticklabels([label(a, lang) for a in areas], fontsize=8.5)
    ax.set_xticks([0, 1, 2])
    ax.set_xticklabels([label(SignalLevel.NONE, lang), label(SignalLevel.WEAK, lang),
                        label(SignalLevel.STRONG, lang)], fontsize=8.5)
    ax.set_xlim(0, 2.15)
    ax.grid(axis="x", color="#dde3e8", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return png(fig)


def _cell_value(cell: ReportCell) -> float:
    return 0.0 if cell.share is None else cell.share * 100


def _employer_bands_png(summary: EmployerSummary, lang: str) -> bytes:
    t = _t(lang)
    hidden_text = t._("not shown")
    fig = figure(6.2, 1.9)
    ax = fig.add_subplot(1, 1, 1)
    names = [b.value for b in Band]
    cells = [summary.bands[n] for n in names]
    xs = list(range(len(names)))
    ax.bar(xs, [_cell_value(c) for c in cells], color=[_BAND_COLOURS[n] for n in names], width=0.62)
    for x, cell in zip(xs, cells, strict=True):
        if cell.suppressed:
            ax.text(x, 3, hidden_text, ha="center", va="bottom", fontsize=8, color="#1f2a33", style="italic",
                    bbox={"boxstyle": "round,pad=0.3", "facecolor": "#eef1f3", "edgecolor": _HIDDEN,
                          "linestyle": "--"})
        else:
            ax.text(x, _cell_value(cell) + 2, cell.display(lang), ha="center", va="bottom", fontsize=8.5)
    ax.set_xticks(xs)
    ax.set_xticklabels([label(Band(n), lang) for n in names], fontsize=8.5)
    ax.set_ylim(0, 112)
    ax.set_yticks([])
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    return png(fig)


def _employer_signals_png(summary: EmployerSummary, lang: str) -> bytes:
    t = _t(lang)
    hidden_text = t._("not shown")
    fig = figure(6.6, 3.0)
    ax = fig.add_subplot(1, 1, 1)
    areas = list(SignalArea)
    step = 1.0
    for i, area in enumerate(areas):
        y = (len(areas) - 1 - i) * step
        for offset, level, cell in ((0.19, "strong", summary.strong[area.value]),
                                    (-0.19, "weak", summary.weak[area.value])):
            if cell.suppressed:
                ax.text(1, y + offset, hidden_text, va="center", fontsize=7, color="#1f2a33", style="italic",
                        bbox={"boxstyle": "round,pad=0.2", "facecolor": "#eef1f3", "edgecolor": _HIDDEN,
                              "linestyle": "--"})
            else:
                value = _cell_value(cell)
                ax.barh(y + offset, value, height=0.34, color=_LEVEL_COLOURS[level])
                ax.text(value + 1, y + offset, cell.display(lang), va="center", fontsize=7)
    ax.set_yticks([(len(areas) - 1 - i) * step for i in range(len(areas))])
    ax.set_yticklabels([label(a, lang) for a in areas], fontsize=8.5)
    ax.set_xlim(0, 112)
    ax.set_xlabel("%", fontsize=8)
    ax.tick_params(axis="x", labelsize=8)
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color=_LEVEL_COLOURS["strong"], label=label(SignalLevel.STRONG, lang)),
                       Patch(color=_LEVEL_COLOURS["weak"], label=label(SignalLevel.WEAK, lang))],
              fontsize=7.5, loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2, frameon=False)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return png(fig)


# ------------------------------------------------------------------------ worker report


def _require(value: object, kind: type, field: str, what: str) -> None:
    if not isinstance(value, kind):
        raise InvalidValueError(field, type(value).__name__, f"expected {what}")


def _repeat_blocks(result: ScoreResult, previous: ScoreResult | Measurement, t: Translator) -> list[Block]:
    """The worker's change since the previous measurement (WS-RPT-5, the follow-up of WS-RPT-7)."""
    change = compare(previous, result)
    lines = change_lines(change, t)
    return [
        Heading(t._("Compared with your previous Werkscan")),
        Para(lines[2]),
        Table((t._("Measurement"), t._("WAI score"), t._("Band")),
              [(t._("Previous"), score_words(change.before.score, t), label(change.before.band, t.lang)),
               (t._("Now"), score_words(change.after.score, t), label(change.after.band, t.lang))],
              align=("l", "r", "l"), widths=(0.4, 0.3, 0.3)),
        Bullets(lines[3:]),
        Para(t._("A change of a point or two can come from how you felt on the day; look at the direction "
                 "over more measurements."), "note"),
    ]


def _previous(value: object) -> ScoreResult | Measurement | None:
    if value is None or isinstance(value, ScoreResult | Measurement):
        return value
    raise InvalidValueError("previous", type(value).__name__,
                            "expected the ScoreResult (or Measurement) of the previous Werkscan")


def worker_document(result: ScoreResult, *, lang: str = "nl", on: datetime.date | None = None,
                    previous: ScoreResult | Measurement | None = None) -> Document:
    """The worker's report as a document (the content of the HTML and the PDF).

    With ``previous`` (the result of the worker's previous Werkscan, for example the
    follow-up measurement of WS-RPT-7) the report also shows the change (WS-RPT-5).
    """
    _require(result, ScoreResult, "result", "the ScoreResult of werkscan.score")
    before = _previous(previous)
    t = _t(lang)
    strong = sum(1 for lv in result.signals.values() if lv is SignalLevel.STRONG)
    weak = sum(1 for lv in result.signals.values() if lv is SignalLevel.WEAK)
    score = score_text(result.wai.score, t)
    band = result.wai.band_label(lang)
    act = [t._("{area} ({level})").format(area=label(a, lang), level=label(result.signals[a], lang))
           for a in result.act_on]
    blocks: list[Block] = [
        Heading(t._("Work ability (WAI)")),
        Para(score, "score"),
        Para(t._("Your WAI score is {score} on a scale of 7 to 49: {band}.").format(score=score, band=band),
             "lead"),
        Figure(band_scale_png(result.wai.score, lang),
               t._("The scale from 7 to 49 with the bands poor, moderate, good and excellent; your score "
                   "{score} is marked.").format(score=score), width_cm=15.5),
        Heading(t._("Advice")),
        Para(advice_text(result, t)),
        Para(advice_reason(result, t)),
        Para(next_steps(result, t), "box"),
        Heading(t._("Where can you act?")),
        Bullets(act) if act else Para(t._("None of the signal areas shows a signal.")),
        Heading(t._("Signal areas")),
        Figure(signals_png(result.signals, lang),
               t._("The eight signal areas with their signal: none, weak or strong."), width_cm=14),
        Table((t._("Signal area"), t._("Signal")),
              [(label(a, lang), label(lv, lang)) for a, lv in result.signals.items()], align=("l", "l"),
              widths=(0.5, 0.5)),
        Heading(t._("Explanation")),
        Para(t._("In an analysis of {n} completed Werkscans each strong signal went with a WAI score {strong_drop} "
                 "points lower on average, and each weak signal with {weak_drop} points. For your signals "
                 "({strong} strong, {weak} weak) that is {drop} points together. This is an average "
                 "association, not a prediction and not part of your score.").format(
                     n=t.integer(2908), strong_drop=t.number(Decimal("2.2")), weak_drop=t.number(Decimal("0.6")),
                     strong=strong, weak=weak, drop=t.number(result.signal_drop))),
        *(_repeat_blocks(result, before, t) if before is not None else []),
        Para(t._("Keep this report yourself; you cannot return to the results later. Calculated with the "
                 "Werkscan rules, version {version}.").format(version=result.rules_version), "note"),
    ]
    return Document(t._("Werkscan: your results"), lang, on or today(), blocks,
                    subject=t._("Werkscan results"))


def worker_report_html(result: ScoreResult, *, lang: str = "nl", on: datetime.date | None = None,
                       previous: ScoreResult | Measurement | None = None) -> str:
    """The worker's report as a self-contained HTML page (WS-RPT-1, WS-ADV-5, WS-SIG-3).

    Args:
        result: the scored questionnaire.
        lang: ``"nl"`` (default) or ``"en"``.
        on: the report date (default: today in the Netherlands).
        previous: the result of the worker's previous Werkscan: the report then also shows
            the change since (WS-RPT-5), as for a follow-up measurement (WS-RPT-7).

    Returns:
        HTML with the score, the band on the 7-49 scale, the advice and why, what to do
        next, where to act, the signals chart and table, and the explanation of the signals.

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
    return document_html(worker_document(result, lang=lang, on=on, previous=previous))


def worker_report_pdf(
    result: ScoreResult, target: str | os.PathLike[str] | io.BytesIO, *, lang: str = "nl",
    on: datetime.date | None = None, previous: ScoreResult | Measurement | None = None,
) -> None:
    """Write the worker's report as PDF (WS-RPT-1): the same content as :func:`worker_report_html`.

    Args:
        result: the scored questionnaire.
        target: a file path or a binary file object.
        lang: ``"nl"`` (default) or ``"en"``.
        on: the report date (default: today in the Netherlands).
        previous: the result of the worker's previous Werkscan: the report then also shows
            the change since (WS-RPT-5), as for a follow-up measurement (WS-RPT-7).

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
    document_pdf(worker_document(result, lang=lang, on=on, previous=previous), target)


# ------------------------------------------------------------------------ employer report


_PANTEIA_TITLE = "Panteia (2015), Evaluatie van de Werkscan"
_AUTHOR = re.compile(r"(?P<author>[^,(]+?)(?:\s+[A-Z]{1,3})?\s*[,(]")
_YEAR = re.compile(r"\((?P<year>\d{4})\)")


def _cite(study: str, t: Translator) -> str:
    """``Reeuwijk e.a., 2013`` (nl) or ``Reeuwijk et al., 2013`` (en) from a study as the table
    gives it; an organisation plain (``Panteia, 2015``); a figure computed with another
    study's model names both."""
    if ", with the model of " in study:
        own, model = study.split(", with the model of ", 1)
        return t._("{source}, with the model of {model}").format(source=_cite(own, t), model=_cite(model, t))
    author, year = _AUTHOR.match(study), _YEAR.search(study)
    if author is None or year is None:
        return study
    name = author["author"].strip()
    if name == "Panteia":
        return f"{name}, {year['year']}"
    name = name[:1].upper() + name[1:]
    return t._("{author} et al., {year}").format(author=name, year=year["year"])


def _context_blocks(t: Translator, rules: RuleSet | None) -> list[Block]:
    """The research context of WS-RPT-3, read from the sourced table of WS-RPT-8.

    Only figures the table holds are quoted. The default table follows seed 002, which prints
    no odds ratios of productivity loss (RULES.md WS-RPT-3 quotes 2.03 / 3.50 / 5.54; the seed
    wins), so the report quotes none either; a rule set whose table holds them would show them.
    """
    gp = {f.band: f for f in context_figures("gp_visits_ratio", rules=rules)}
    costs = context_figures("care_costs_difference", rules=rules)
    loss = context_figures("productivity_loss_share", rules=rules)
    odds = {f.band: f for f in context_figures("productivity_loss_odds_ratio", rules=rules)}
    bands = (Band.GOOD, Band.MODERATE, Band.POOR)
    blocks: list[Block] = [Heading(t._("Background: work ability, productivity and care"))]
    studies: list[str] = []
    if odds:
        shown = [b for b in bands if b in odds]
        blocks.append(Para(t._("Lower work ability goes with productivity loss: odds ratios {odds} for {bands} "
                               "against excellent ({source}).").format(
            odds=" / ".join(t.number(odds[b].value, decimals=2) for b in shown),
            bands=" / ".join(label(b, t.lang) for b in shown), source=_cite(odds[shown[0]].study, t))))
        studies.append(odds[shown[0]].study)
    if gp:
        if all(b in gp for b in bands):
            blocks.append(Para(t._("Workers with good, moderate or poor work ability visited their GP {good}, "
                                   "{moderate} and {poor} times as often respectively as workers with excellent "
                                   "work ability ({source}).").format(
                good=t.number(gp[Band.GOOD].value, decimals=1), moderate=t.number(gp[Band.MODERATE].value, decimals=1),
                poor=t.number(gp[Band.POOR].value, decimals=1), source=_cite(gp[Band.GOOD].study, t))))
        else:
            blocks += [Para(t._("Workers with {band} work ability visited their GP {value} times as often as "
                                "workers with excellent work ability ({source}).").format(
                band=label(b, t.lang), value=t.number(f.value, decimals=1), source=_cite(f.study, t)))
                for b, f in gp.items() if b is not None]
        studies.append(next(iter(gp.values())).study)
    for f in costs:
        if f.band is not None:
            blocks.append(Para(t._("Workers with {band} work ability had on average {amount} a year higher care "
                                   "costs than workers with excellent work ability ({source}).").format(
                band=label(f.band, t.lang), amount=t.money(f.value, cents=False), source=_cite(f.study, t))))
            studies.append(f.study)
    rows: list[tuple[str, ...]] = []
    if odds:
        rows.append((t._("Productivity loss (odds ratio)"),
                     *(t.number(odds[b].value, decimals=2) if b in odds else "—" for b in bands)))
    if gp:
        rows.append((t._("GP visits (times as often)"),
                     *(t.number(gp[b].value, decimals=1) if b in gp else "—" for b in bands)))
    if costs:
        by_band = {f.band: f for f in costs}
        rows.append((t._("Care costs a year (more)"),
                     *(t.money(by_band[b].value, cents=False) if b in by_band else "—" for b in bands)))
    if rows:
        cites = "; ".join(dict.fromkeys(_cite(s, t) for s in studies))
        blocks.append(Table((t._("Compared with excellent work ability"), *(label(b, t.lang) for b in bands)), rows,
                            widths=(0.46, 0.18, 0.18, 0.18),
                            note=t._("— = not reported. Sources: {sources}; as cited in {evaluation}.").format(
                                sources=cites, evaluation=_PANTEIA_TITLE)))
    if len(loss) == 2:
        before, after = loss
        blocks.append(Para(t._("For the workers in the evaluation who had a Werkscan conversation, the evaluation "
                               "computed a productivity loss of {before} before and {after} after the conversation; "
                               "computed, not measured ({evaluation}).").format(
            before=t.percent(before.value, decimals=1), after=t.percent(after.value, decimals=1),
            evaluation=_cite(before.study, t))))
    blocks.append(Para(t._("These are research findings about groups of workers, not a prediction for one person or "
                           "for your organisation."), "note"))
    return blocks


def _suppression_note(summary: EmployerSummary, t: Translator) -> str:
    return t._("— = not shown. Groups of fewer than {cell} workers are not shown. When a hidden group could be "
               "worked out from the total and the groups shown, the smallest other group is not shown "
               "either.").format(cell=summary.min_cell)


def _employer_repeat_blocks(summary: EmployerSummary, repeat: RepeatSummary, t: Translator) -> list[Block]:
    """The repeat measurement of a group (WS-RPT-5): only with at least the floor of pairs, and
    transitions of fewer than ``min_cell`` workers not shown (WS-RPT-2)."""
    blocks: list[Block] = [
        Heading(t._("Repeat measurement")),
        Para(t._("{pairs} workers filled in the Werkscan twice.").format(pairs=t.integer(repeat.pairs))),
        Para(mean_line(repeat, t)),
    ]
    small = [c for c in (repeat.improved, repeat.unchanged, repeat.declined) if 0 < c < summary.min_cell]
    if not small:
        blocks.append(Para(direction_line(repeat, t)))
    blocks.append(Table((t._("From band \u2193 to band \u2192"), *band_names(t)),
                        transition_rows(repeat, summary.min_cell, t), widths=(0.32, 0.17, 0.17, 0.17, 0.17),
                        note=t._("Number of workers per band at the first measurement (rows) and the second "
                                 "(columns). — = not shown: fewer than {cell} workers.").format(
                                     cell=summary.min_cell)))
    blocks += [Para(line) for line in (stays(b, repeat, summary.min_cell, t) for b in BAND_ORDER) if line]
    return blocks


def _repeat(repeat: object, summary: EmployerSummary) -> RepeatSummary | None:
    if repeat is None:
        return None
    if not isinstance(repeat, RepeatSummary):
        raise InvalidValueError("repeat", type(repeat).__name__, "expected the RepeatSummary of the measurement pairs")
    floor = max(summary.min_questionnaires, 25)
    if repeat.pairs < floor:
        raise TooFewQuestionnairesError(repeat.pairs, floor)
    return repeat


def employer_document(summary: EmployerSummary, *, lang: str = "nl", context: bool = False,
                      on: datetime.date | None = None, rules: RuleSet | None = None,
                      repeat: RepeatSummary | None = None) -> Document:
    """The employer report as a document (the content of the HTML and the PDF).

    ``rules`` is the rule set whose ``context_figures`` table the research context is read
    from (default :data:`werkscan.REPORT_RULES`). ``repeat`` adds the repeat measurement of
    the group (WS-RPT-5), when it holds at least as many pairs as the floor of questionnaires.
    """
    _require(summary, EmployerSummary, "summary", "the EmployerSummary of werkscan.summarise_employer")
    check_reportable(summary)  # the floor of WS-RPT-2 holds for any summary, however it was made
    pairs = _repeat(repeat, summary)
    t = _t(lang)
    note = _suppression_note(summary, t)
    edges = {band: (low, high) for low, high, band in _band_edges()}
    band_rows = []
    for b, cell in summary.bands.items():
        low, high = edges[Band(b)]
        upper = high if high == 49 else high - Decimal("0.5")
        band_rows.append((label(Band(b), lang), cell.display(lang), t.number_range(low, upper, decimals=None)))
    advised = summary.advice["advised"]
    if not advised.suppressed:
        advice = t._("Share advised to have a conversation: {share}.").format(share=advised.display(lang))
    elif advised.reason == "small":
        advice = t._("Share advised to have a conversation: not shown (a small group).")
    else:
        advice = t._("Share advised to have a conversation: not shown (the small group without advice could "
                     "otherwise be worked out).")
    blocks: list[Block] = [
        Para(t._("Summary of {n} completed Werkscans. The report holds totals only: no answers or results of "
                 "individual workers. Groups of fewer than {cell} workers are not shown.").format(
                     n=t.integer(summary.questionnaires), cell=summary.min_cell), "lead"),
        Para(t._("Mean WAI score: {mean}.").format(mean=score_text(summary.mean_score, t))),
        Heading(t._("Distribution over the work ability bands")),
        Figure(_employer_bands_png(summary, lang),
               t._("Bar chart of the share of workers per work ability band; a group not shown is marked as such."),
               width_cm=12),
        Table((t._("Band"), t._("Share"), t._("WAI score")), band_rows, align=("l", "r", "r"),
              widths=(0.4, 0.3, 0.3),
              note=note),
        Para(advice),
        Heading(t._("Signals per area")),
        Figure(_employer_signals_png(summary, lang),
               t._("Bar chart of the share of workers with a strong and with a weak signal per area; a group "
                   "not shown is marked as such."), width_cm=14.5),
        Table((t._("Signal area"), t._("Strong signal"), t._("Weak signal")),
              [(label(a, lang), summary.strong[a.value].display(lang), summary.weak[a.value].display(lang))
               for a in SignalArea], widths=(0.5, 0.25, 0.25), note=note),
    ]
    if pairs is not None:
        blocks += _employer_repeat_blocks(summary, pairs, t)
    if context:
        blocks += _context_blocks(t, rules)
    blocks.append(Para(t._("Calculated with the Werkscan rules, version {version}.").format(
        version=summary.rules_version), "note"))
    title = t._("Werkscan: report for {employer}").format(employer=summary.employer)
    return Document(title, lang, on or today(), blocks, subject=t._("Werkscan employer report"))


def employer_report_html(
    summary: EmployerSummary, *, lang: str = "nl", context: bool = False,
    licence: LicenceService | Storage | None = None, licence_id: str | None = None, on: datetime.date | None = None,
    rules: RuleSet | None = None, repeat: RepeatSummary | None = None,
) -> str:
    """The employer report as HTML (WS-RPT-2), optionally with the research context (WS-RPT-3).

    Args:
        summary: from :func:`summarise_employer` (which refuses fewer than 25 questionnaires).
        lang: ``"nl"`` (default) or ``"en"``.
        context: include the quoted research findings (WS-RPT-3), each with its groups and source.
        licence: check the licence first (WS-LIC-1): a :class:`werkscan.LicenceService`
            or a storage; with ``licence_id`` and ``on`` (default today), see
            :func:`require_reporting_licence`.
        licence_id: the licence the report is made under.
        on: the day of the report (its date, and the day the licence must be valid).
        rules: the rule set whose ``context_figures`` table gives the research context
            (WS-RPT-8; default :data:`werkscan.REPORT_RULES`).
        repeat: the repeat measurement of the group (:func:`werkscan.summarise_pairs` or
            :func:`werkscan.compare_batch`), at least as many pairs as the floor (WS-RPT-5).

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
        >>> s = summarise_employer([score(base) for _ in range(25)], employer="Acme")
        >>> "25 ingevulde Werkscans" in employer_report_html(s)
        True
    """
    _check_licence(licence, licence_id, on)
    return document_html(employer_document(summary, lang=lang, context=context, on=on, rules=rules, repeat=repeat))


def employer_report_pdf(
    summary: EmployerSummary, target: str | os.PathLike[str] | io.BytesIO, *, lang: str = "nl",
    context: bool = False, licence: LicenceService | Storage | None = None, licence_id: str | None = None,
    on: datetime.date | None = None, rules: RuleSet | None = None, repeat: RepeatSummary | None = None,
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
        >>> employer_report_pdf(summarise_employer([score(base) for _ in range(25)], employer="Acme"), buf)
        >>> buf.getvalue()[:5]
        b'%PDF-'
    """
    _check_licence(licence, licence_id, on)
    document_pdf(employer_document(summary, lang=lang, context=context, on=on, rules=rules, repeat=repeat), target)
