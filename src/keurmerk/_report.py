"""Survey reports: a terminal table, and HTML/PDF in the structure of a Keurmerk survey report.

The written report follows the satisfaction report of seed ``004_eb95cfb9df74a09a.txt``:
the response per service for clients and in total for principals (its table 1.1), the
norm with the plain and the corrected mean per service and in total, then the clients
and the principals apart: the mean mark (in total and per service), the mark
distribution as a table and a chart, the promoter score and the satisfaction; a
comparison with all participants when reference figures are given; the disclaimer; and
the report date. The HTML and the PDF are written from one content model, so they carry
the same content. Dutch by default, English with ``lang="en"``.

matplotlib, ReportLab and jinja2 (the ``reports`` extra) are imported only when a report
is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from blikopwerk._document import (
    Block,
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
from blikopwerk._i18n import N_, Translator, translator
from keurmerk._paths import output_path, parse_json, read_text
from keurmerk._services import get_service
from keurmerk._survey import SATISFACTION_LEVELS, PromoterScore, ResponseRow, ServiceNorm, SurveyResult
from keurmerk._tables import KEURMERK_RULES
from keurmerk._values import as_decimal, digits_to_int, invalid, round1

__all__ = ["SATISFACTION_TERMS", "SurveyReference", "mark_distribution_png", "survey_document", "survey_table_rows",
           "write_survey_report"]

#: The satisfaction answers as people read them (English; Dutch in the catalogue).
SATISFACTION_TERMS: Mapping[str, str] = {
    "zeer_tevreden": N_("very satisfied"), "tevreden": N_("satisfied"), "ontevreden": N_("dissatisfied"),
    "zeer_ontevreden": N_("very dissatisfied"), "geen_mening": N_("no opinion"),
}
_BAR = "#2f6f9f"
_REFERENCE = "#b0bcc5"


def _t(lang: str) -> Translator:
    return translator("keurmerk", lang)


def _figure(value: Any, field: str) -> Decimal | None:
    return None if value is None else as_decimal(value, f"reference.{field}")


def _clients_mark(value: Any) -> Decimal | None:
    return _figure(value, "clients_mark")


def _principals_mark(value: Any) -> Decimal | None:
    return _figure(value, "principals_mark")


def _promoter_clients(value: Any) -> Decimal | None:
    return _figure(value, "promoter_clients")


def _promoter_principals(value: Any) -> Decimal | None:
    return _figure(value, "promoter_principals")


def _clients_response(value: Any) -> Decimal | None:
    return _figure(value, "clients_response")


def _service_marks(value: Any) -> Mapping[int, Decimal]:
    if not isinstance(value, Mapping):
        raise invalid("reference.service_marks", value, "expected {service: mark}")
    marks: dict[int, Decimal] = {}
    for key, mark in value.items():
        number = get_service(digits_to_int(key), historic=True, field="reference.service_marks").number
        if number in marks:
            raise invalid("reference.service_marks", key, "service given twice")
        marks[number] = as_decimal(mark, f"reference.service_marks[{number}]")
    return marks


def _label(value: Any) -> str | Mapping[str, str]:
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping) and set(value) <= {"nl", "en"} and all(isinstance(v, str) for v in value.values()):
        return dict(value)
    raise invalid("reference.label", value, "one text, or texts by language (nl, en)")


def _check_result(result: Any) -> SurveyResult:
    if not isinstance(result, SurveyResult):
        raise invalid("result", result, "expected the SurveyResult of keurmerk.analyse_survey")
    return result


@attrs.frozen
class SurveyReference:
    """Reference figures of all participants in the survey, to compare a provider with.

    Seed 004 sets each provider's results against "de gemiddelde resultaten van alle
    deelnemers". Those figures are not in the sources; give them when you have them.

    Attributes:
        clients_mark: the mean client mark of all participants.
        principals_mark: the mean principal mark of all participants.
        service_marks: the mean client mark per service number.
        promoter_clients, promoter_principals: the promoter scores of all participants.
        clients_response: the clients' response of all participants, in percent.
        label: how the report names the reference group, one text or one per language
            (``{"nl": ..., "en": ...}``); default: "alle deelnemers" / "all participants".

    Example:
        >>> ref = SurveyReference.from_mapping({"clients_mark": "7.4", "service_marks": {"8": "7.3"}})
        >>> ref.clients_mark, dict(ref.service_marks)
        (Decimal('7.4'), {8: Decimal('7.3')})
    """

    clients_mark: Decimal | None = attrs.field(default=None, converter=_clients_mark)
    principals_mark: Decimal | None = attrs.field(default=None, converter=_principals_mark)
    service_marks: Mapping[int, Decimal] = attrs.field(factory=dict, converter=_service_marks)
    promoter_clients: Decimal | None = attrs.field(default=None, converter=_promoter_clients)
    promoter_principals: Decimal | None = attrs.field(default=None, converter=_promoter_principals)
    clients_response: Decimal | None = attrs.field(default=None, converter=_clients_response)
    label: str | Mapping[str, str] = attrs.field(default="", converter=_label)

    def label_for(self, lang: str) -> str:
        """The label in ``lang`` ("" when none is given for it)."""
        if isinstance(self.label, Mapping):
            return str(self.label.get(lang, ""))
        return self.label

    @classmethod
    def from_mapping(cls, raw: Any) -> SurveyReference:
        """Read reference figures from a mapping (parsed JSON); numbers may be text.

        Raises:
            InvalidValueError: an unknown key or a value that is not a number.
        """
        if not isinstance(raw, Mapping):
            raise invalid("reference", raw, "expected an object")
        known = ("clients_mark", "principals_mark", "service_marks", "promoter_clients", "promoter_principals",
                 "clients_response", "label")
        unknown = sorted(str(k) for k in set(raw) - set(known))
        if unknown:
            raise invalid("reference", unknown, f"unknown fields; known: {', '.join(known)}")
        values = {key: (str(value) if isinstance(value, float) else value) for key, value in raw.items()}
        if values.get("service_marks") is None:
            values.pop("service_marks", None)
        if values.get("label") is None:
            values.pop("label", None)
        return cls(**values)

    @classmethod
    def from_file(cls, path: str | Path) -> SurveyReference:
        """Read reference figures from a JSON file (see :meth:`from_mapping`)."""
        where, text = read_text(path, "reference")
        return cls.from_mapping(parse_json(text, "reference", str(where), parse_float=str))


# ------------------------------------------------------------------------ figures as people read them


def _mark(value: Decimal | None, t: Translator) -> str:
    return "—" if value is None else t.number(round1(value), decimals=1)


def _pct(value: Decimal | None, t: Translator) -> str:
    return "—" if value is None else t.percent(value, decimals=1)


def _row_label(row: ResponseRow, t: Translator) -> str:
    if row.service is not None:
        service = get_service(row.service, historic=True)
        return service.name_nl if t.lang == "nl" else service.name_en
    return t._("Total principals") if row.group == "principal" else t._("Total clients")


def _norm_label(norm: ServiceNorm, t: Translator) -> str:
    if norm.service is None:
        return t._("Total clients")
    service = get_service(norm.service, historic=True)
    return service.name_nl if t.lang == "nl" else service.name_en


def _header(t: Translator) -> tuple[str, ...]:
    return ("", t._("Net sample"), t._("Completed"), t._("Response"), t._("Mark"), t._("Published"))


def _row_cells(row: ResponseRow, t: Translator) -> tuple[str, ...]:
    return (_row_label(row, t), t.integer(row.net_sample), t.integer(row.completed),
            t.number(row.response_pct, decimals=1), _mark(row.mean_mark, t),
            t.gettext("yes") if row.published else t.gettext("no"))


def survey_table_rows(result: SurveyResult, *, lang: str = "nl") -> list[tuple[str, ...]]:
    """The response table as text cells, in the layout of seed 004's table 1.1.

    Numbers are formatted for ``lang`` (Dutch: decimal comma), as the report prints them;
    the first row is the header.

    Example:
        >>> from keurmerk import Respondent, analyse_survey
        >>> r = analyse_survey([Respondent.create("client", service=7, mark=8)] * 4, {7: 6})
        >>> survey_table_rows(r)[1]
        ('Outplacement', '6', '4', '66,7', '8,0', 'ja')
        >>> survey_table_rows(r, lang="en")[1]
        ('Outplacement', '6', '4', '66.7', '8.0', 'yes')
    """
    t = _t(lang)
    return [_header(t), *[_row_cells(row, t) for row in _check_result(result).rows]]


# ------------------------------------------------------------------------ charts


def _distribution_axes(ax: Any, dist: Mapping[int, int], t: Translator) -> None:
    marks = list(range(10, 0, -1))
    counts = [dist.get(m, 0) for m in marks]
    ys = list(range(len(marks)))
    ax.barh(ys, counts, color=_BAR, height=0.65)
    for y, c in zip(ys, counts, strict=True):
        ax.text(c, y, f" {t.integer(c)}", va="center", fontsize=7.5)
    ax.set_yticks(ys)
    ax.set_yticklabels([str(m) for m in marks], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, max([*counts, 1]) * 1.18)
    ax.set_xlabel(t._("number of respondents"), fontsize=8)
    ax.set_ylabel(t._("mark"), fontsize=8)
    ax.tick_params(axis="x", labelsize=7.5)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _distribution_png(dist: Mapping[int, int], lang: str) -> bytes:
    fig = figure(5.6, 2.1)
    _distribution_axes(fig.add_subplot(1, 1, 1), dist, _t(lang))
    return png(fig)


def mark_distribution_png(result: SurveyResult, *, dpi: int = 120, lang: str = "nl") -> bytes:
    """A PNG bar chart of the mark distribution (clients, and principals if any).

    Like figures 3.2 and 4.2 of seed 004: how many gave each mark 1-10 (principals'
    marks rounded to whole marks). Uses matplotlib's Agg canvas, imported lazily.

    Example:
        >>> from keurmerk import Respondent, analyse_survey
        >>> r = analyse_survey([Respondent.create("client", service=7, mark=8)] * 4, {7: 6})
        >>> mark_distribution_png(r)[:8]
        b'\\x89PNG\\r\\n\\x1a\\n'
    """
    t = _t(lang)
    _check_result(result)
    if isinstance(dpi, bool) or not isinstance(dpi, int) or not 30 <= dpi <= 600:
        raise invalid("dpi", dpi, "a whole number of dots per inch, 30-600")
    groups: list[tuple[str, Mapping[int, int]]] = [(t._("Clients"), result.mark_distribution_clients)]
    if result.principals is not None:
        groups.append((t._("Principals"), result.mark_distribution_principals))
    fig = figure(3.6 * len(groups), 3.2)
    fig.set_dpi(dpi)
    for i, (title, dist) in enumerate(groups):
        ax = fig.add_subplot(1, len(groups), i + 1)
        _distribution_axes(ax, dist, t)
        ax.set_title(t._("Distribution of marks: {group}").format(group=title), fontsize=8)
    fig.tight_layout()
    return png(fig)


def _service_marks_png(result: SurveyResult, reference: SurveyReference | None, lang: str) -> bytes:
    t = _t(lang)
    rows = [r for r in (*result.services, result.clients_total) if r.mean_mark is not None]
    fig = figure(6.4, 0.34 * len(rows) + 0.8)
    ax = fig.add_subplot(1, 1, 1)
    ys = list(range(len(rows)))
    ax.barh(ys, [float(r.mean_mark or 0) for r in rows], color=_BAR, height=0.55, label=t._("this provider"))
    for y, r in zip(ys, rows, strict=True):
        ax.text(float(r.mean_mark or 0) + 0.1, y, _mark(r.mean_mark, t), va="center", fontsize=7.5)
    if reference is not None:
        refs = [(y, reference.clients_mark if r.service is None else reference.service_marks.get(r.service))
                for y, r in zip(ys, rows, strict=True)]
        shown = [(y, v) for y, v in refs if v is not None]
        if shown:
            ax.scatter([float(v) for _, v in shown], [y for y, _ in shown], marker="D", s=22, color="#1f2a33",
                       zorder=3, label=reference.label_for(t.lang) or t._("all participants"))
            ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=1, frameon=False)
    norm = float(KEURMERK_RULES.parameter("norm_total", Decimal))
    ax.axvline(norm, color="#c0392b", linewidth=0.8, linestyle="--")
    ax.text(norm, -0.75, t._("norm {norm}").format(norm=t.number(Decimal(str(norm)), decimals=1)), fontsize=7,
            color="#c0392b", ha="center", va="bottom")
    ax.set_yticks(ys)
    ax.set_yticklabels([_shorten(_row_label(r, t)) for r in rows], fontsize=7.5)
    ax.invert_yaxis()
    ax.set_xlim(0, 10.6)
    ax.set_xticks(range(0, 11))
    ax.tick_params(axis="x", labelsize=7.5)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return png(fig)


def _shorten(text: str, width: int = 34) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


# ------------------------------------------------------------------------ the document


def _norm_blocks(result: SurveyResult, t: Translator) -> list[Block]:
    rules = KEURMERK_RULES
    total = t.number(as_decimal(rules.parameter("norm_total"), "norm_total"), decimals=1)
    service = t.number(as_decimal(rules.parameter("norm_service"), "norm_service"), decimals=1)
    below = t.number(as_decimal(rules.parameter("low_mark_below"), "low_mark_below"), decimals=1)
    value = t.number(as_decimal(rules.parameter("low_mark_value"), "low_mark_value"), trim=True, decimals=1)
    text = t._("For the Keurmerk the mean mark of all clients is at least {total}, and at least {service} for "
               "every service. A provider that does not reach it is also judged on the corrected mean, in which "
               "every mark below {below} counts as {value}: all failing marks count equally heavy, whether 1 or "
               "5.").format(total=total, service=service, below=below, value=value)
    good = t.number(as_decimal(rules.parameter("correction_good_mark"), "correction_good_mark"), trim=True,
                    decimals=1)
    text += " " + t._("The correction counts only when more than half of the marks are {good} or higher."
                      ).format(good=good)
    norms = [*([result.norm.total] if result.norm.total else []), *result.norm.services]
    rows = []
    for n in norms:
        corrected = n.corrected_shown if n.correction_applies else None
        rows.append((_norm_label(n, t), t.number(n.threshold, decimals=1), _mark(n.mean_shown, t), _mark(corrected, t),
                     t.gettext("yes") if n.met else t.gettext("no")))
    if result.norm.met:
        verdict = (t._("The satisfaction norm is met, thanks to the correction for low marks.")
                   if result.norm.by_correction else t._("The satisfaction norm is met."))
    else:
        failed = [_norm_label(n, t) for n in norms if not n.met]
        verdict = (t._("The satisfaction norm is not met: there are no client marks.") if not norms else
                   t._("The satisfaction norm is not met for: {parts}.").format(parts=t.join(failed)))
    return [
        Heading(t._("Satisfaction norm")),
        Para(verdict, "lead"),
        Table((t._("Group"), t._("Norm"), t._("Mean"), t._("Corrected mean"), t._("Met")), rows,
              widths=(0.42, 0.1, 0.15, 0.19, 0.14),
              note=t._("Means as published, to one decimal. — = no marks, or the correction does not count.")),
        Para(text),
    ]


def _promoter_rows(p: PromoterScore, t: Translator) -> list[tuple[str, str, str]]:
    def share(n: int) -> str:
        return "—" if not p.answered else t.percent(round1(Decimal(n) * 100 / p.answered), decimals=1)

    return [(t._("recommended"), t.integer(p.recommended), share(p.recommended)),
            (t._("not recommended"), t.integer(p.not_recommended), share(p.not_recommended)),
            (t._("advised against"), t.integer(p.advised_against), share(p.advised_against))]


def _distribution_table(dist: Mapping[int, int], t: Translator, note: str | None = None) -> Table:
    """The mark distribution as a table: one column per mark, 10 down to 1 (as the chart)."""
    answered = sum(dist.values())
    marks = list(range(10, 0, -1))
    counts = [t.integer(dist.get(m, 0)) for m in marks]
    shares = ["—" if not answered else t.percent(round1(Decimal(dist.get(m, 0)) * 100 / answered), decimals=1)
              for m in marks]
    return Table((t._("Mark"), *[str(m) for m in marks]), [(t._("Number"), *counts), (t._("Share"), *shares)],
                 widths=(0.15, *[0.085] * 10), small=True, note=note)


def _clients_blocks(result: SurveyResult, provider: str, reference: SurveyReference | None,
                    t: Translator) -> list[Block]:
    c = result.clients_total
    ref_label = (reference.label_for(t.lang) if reference else "") or t._("all participants")
    mark_rows = [(_row_label(r, t), t.integer(r.marks), _mark(r.mean_mark, t),
                  *([_mark(reference.clients_mark if r.service is None else reference.service_marks.get(r.service),
                           t)] if reference else []))
                 for r in (*result.services, c)]
    header = (t._("Service"), t._("Marks"), provider or t._("Provider"), *([ref_label] if reference else []))
    widths = (0.46, 0.12, 0.21, 0.21) if reference else (0.56, 0.2, 0.24)
    p = result.promoter_clients
    promoter = (t._("The actual promoter score of the clients is {score} ({n} answers): the share who "
                    "recommended the provider minus the share who advised against it.").format(
                        score=t.number(p.score, decimals=1), n=t.integer(p.answered))
                if p.score is not None else t._("No client answered whether they recommended the provider."))
    sat = result.satisfaction
    blocks: list[Block] = [
        Heading(t._("Clients")),
        Heading(t._("Mean mark"), 3),
        Para(t._("The clients gave a mean mark of {mark} ({n} marks).").format(
            mark=_mark(c.mean_mark, t), n=t.integer(c.marks))),
        Figure(_service_marks_png(result, reference, t.lang),
               t._("Bar chart of the mean client mark per service and in total, with the norm and the reference "
                   "figures.") if reference else
               t._("Bar chart of the mean client mark per service and in total, with the norm."), width_cm=14),
        Table(header, mark_rows, strong=(len(mark_rows) - 1,), widths=widths),
        Heading(t._("Distribution of marks"), 3),
        Figure(_distribution_png(result.mark_distribution_clients, t.lang),
               t._("Bar chart: how many clients gave each mark from 10 to 1."), width_cm=11),
        _distribution_table(result.mark_distribution_clients, t),
        Heading(t._("Recommendation"), 3),
        Para(promoter),
        Table((t._("Have you recommended the provider to others?"), t._("Number"), t._("Share")),
              _promoter_rows(p, t), widths=(0.6, 0.2, 0.2)),
        Heading(t._("Satisfaction"), 3),
        Table((t._("Answer"), t._("Number"), t._("Share")),
              [(t.gettext(SATISFACTION_TERMS[k]), t.integer(sat.counts[k]), _pct(sat.shares[k], t))
               for k in SATISFACTION_LEVELS], widths=(0.6, 0.2, 0.2),
              note=t._("{n} clients answered this question.").format(n=t.integer(sat.answered))),
    ]
    return blocks


def _principals_blocks(result: SurveyResult, t: Translator) -> list[Block]:
    row = result.principals
    if row is None:
        return []
    p = result.promoter_principals
    return [
        Heading(t._("Principals")),
        Para(t._("The principals gave a mean mark of {mark} ({n} marks). A client who is also the principal "
                 "fills in the client questionnaire only.").format(mark=_mark(row.mean_mark, t),
                                                                     n=t.integer(row.marks))),
        Heading(t._("Distribution of marks"), 3),
        Figure(_distribution_png(result.mark_distribution_principals, t.lang),
               t._("Bar chart: how many principals gave each mark from 10 to 1, rounded to whole marks."),
               width_cm=11),
        _distribution_table(result.mark_distribution_principals, t,
                            t._("Principals may give marks with decimals; the distribution shows them rounded to "
                                "whole marks, so the mean can differ from what the distribution suggests.")),
        Heading(t._("Recommendation"), 3),
        Para(t._("The actual promoter score of the principals is {score} ({n} answers).").format(
            score=t.number(p.score, decimals=1), n=t.integer(p.answered)) if p.score is not None
            else t._("No principal answered whether they recommended the provider.")),
        Table((t._("Have you recommended the provider to others?"), t._("Number"), t._("Share")),
              _promoter_rows(p, t), widths=(0.6, 0.2, 0.2)),
    ]


def _comparison_blocks(result: SurveyResult, provider: str, reference: SurveyReference | None,
                       t: Translator) -> list[Block]:
    if reference is None:
        return []
    ref_label = reference.label_for(t.lang) or t._("all participants")
    rows: list[tuple[str, str, str]] = []
    c = result.clients_total
    if reference.clients_mark is not None:
        rows.append((t._("Mean mark, clients"), _mark(c.mean_mark, t), _mark(reference.clients_mark, t)))
    if reference.principals_mark is not None and result.principals is not None:
        rows.append((t._("Mean mark, principals"), _mark(result.principals.mean_mark, t),
                     _mark(reference.principals_mark, t)))
    if reference.promoter_clients is not None:
        rows.append((t._("Promoter score, clients"), _mark(result.promoter_clients.score, t),
                     _mark(reference.promoter_clients, t)))
    if reference.promoter_principals is not None and result.principals is not None:
        rows.append((t._("Promoter score, principals"), _mark(result.promoter_principals.score, t),
                     _mark(reference.promoter_principals, t)))
    if reference.clients_response is not None:
        rows.append((t._("Response, clients"), _pct(c.response_pct, t), _pct(reference.clients_response, t)))
    if not rows:
        return []
    return [
        Heading(t._("Compared with all participants")),
        Para(t._("The results set against the mean results of all participants in the Blik op Werk satisfaction "
                 "survey.")),
        Table(("", provider or t._("Provider"), ref_label), rows, widths=(0.5, 0.25, 0.25)),
    ]


def _disclaimer(t: Translator) -> list[Block]:
    return [
        Heading(t._("About this report")),
        Para(t._("The satisfaction survey is one of the norms of the Keurmerk. Meeting the satisfaction norm "
                 "does not guarantee the Keurmerk: Blik op Werk decides on the basis of the audit report and "
                 "the outcome of this survey. No rights can be derived from the results in this report.")),
        Para(t._("The anonymity of the clients is protected: do not approach clients about the questionnaire they "
                 "filled in on the basis of this report.")),
        Para(t._("Calculated with blikopwerk under the rules of the Keurmerk. Where the sources leave a "
                 "choice open (when a mark is published, when the correction counts), the documentation names "
                 "the decision taken; those decisions are not official."), "note"),
    ]


def survey_document(result: SurveyResult, *, provider: str = "", period: tuple[dt.date, dt.date] | None = None,
                    lang: str = "nl", on: dt.date | None = None,
                    reference: SurveyReference | None = None) -> Document:
    """The survey report as a document: the content of both the HTML and the PDF report.

    Example:
        >>> import datetime as dt
        >>> from keurmerk import Respondent, analyse_survey
        >>> r = analyse_survey([Respondent.create("client", service=7, mark=8)] * 4, {7: 6})
        >>> doc = survey_document(r, provider="Demo", on=dt.date(2021, 2, 10))
        >>> doc.title, doc.subtitle
        ('Tevredenheidsonderzoek Demo', None)
    """
    t = _t(lang)
    _check_result(result)
    if not isinstance(provider, str):
        raise invalid("provider", provider, "expected the provider's name as text")
    if period is not None and not (isinstance(period, tuple) and len(period) == 2
                                   and all(isinstance(d, dt.date) for d in period)):
        raise invalid("period", period, "expected (start, end) dates")
    if on is not None and (not isinstance(on, dt.date) or isinstance(on, dt.datetime)):
        raise invalid("on", on, "expected a date")
    if reference is not None and not isinstance(reference, SurveyReference):
        raise invalid("reference", reference, "expected a keurmerk.SurveyReference")
    c = result.clients_total
    subtitle = (t._("Measurement period: {start} to {end}").format(start=t.date(period[0]), end=t.date(period[1]))
                if period else None)
    response = t._("For this report {clients} clients were approached (net sample), and {completed} filled in "
                   "a usable questionnaire: a response of {pct}.").format(
                       clients=t.integer(c.net_sample), completed=t.integer(c.completed),
                       pct=_pct(c.response_pct, t))
    if result.principals is not None:
        p = result.principals
        response += " " + t._("Of {principals} principals approached, {completed} filled in the questionnaire: a "
                              "response of {pct}.").format(principals=t.integer(p.net_sample),
                                                           completed=t.integer(p.completed),
                                                           pct=_pct(p.response_pct, t))
    rows = [_row_cells(r, t) for r in result.rows]
    group_rows: list[tuple[str, ...]] = [(t._("Clients"),), *rows[: len(result.services) + 1]]
    groups = [0]
    strong = [len(group_rows) - 1]
    if result.principals is not None:
        groups.append(len(group_rows))
        group_rows += [(t._("Principals"),), rows[-1]]
        strong.append(len(group_rows) - 1)
    summary = [t._("Mean client mark: {mark}.").format(mark=_mark(c.mean_mark, t))]
    if result.principals is not None:
        summary.append(t._("Mean principal mark: {mark}.").format(mark=_mark(result.principals.mean_mark, t)))
    if result.promoter_clients.score is not None:
        summary.append(t._("Actual promoter score of the clients: {score}.").format(
            score=t.number(result.promoter_clients.score, decimals=1)))
    summary.append(t._("The satisfaction norm is met.") if result.norm.met else
                   t._("The satisfaction norm is not met."))
    blocks: list[Block] = [
        Heading(t._("Summary")),
        Para(" ".join(summary), "lead"),
        Heading(t._("Response")),
        Para(response + " " + t._("Only questionnaires in which at least the questions about the service were "
                                  "answered count.")),
        Table(_header(t), group_rows, groups=groups, strong=strong, widths=(0.35, 0.14, 0.12, 0.12, 0.15, 0.12),
              note=t._("Published: whether the response is enough for the mark to be published on the Blik op "
                       "Werk website. The principals' mark is always published.")),
        *_norm_blocks(result, t),
        *_clients_blocks(result, provider, reference, t),
        *_principals_blocks(result, t),
        *_comparison_blocks(result, provider, reference, t),
        *_disclaimer(t),
    ]
    title = t._("Satisfaction survey {provider}").format(provider=provider) if provider else \
        t._("Satisfaction survey")
    return Document(title.strip(), lang, on or today(), blocks, subtitle=subtitle,
                    subject=t._("Keurmerk satisfaction survey"))


def write_survey_report(result: SurveyResult, path: str | Path, *, provider: str = "",
                        period: tuple[dt.date, dt.date] | None = None, lang: str = "nl",
                        on: dt.date | None = None, reference: SurveyReference | None = None) -> Path:
    """Write a survey report as PDF (``.pdf``, reportlab) or HTML (``.html``, jinja2).

    The report follows seed 004: the response per service (its table 1.1), the norm with
    the plain and corrected means, the clients and the principals apart (mean mark in
    total and per service, mark distribution as a table and a chart, promoter score,
    satisfaction), a comparison with all participants when ``reference`` is given, the
    disclaimer and the date. Both formats carry the same content.

    Args:
        result: the analysis from :func:`keurmerk.analyse_survey`.
        path: the file to write; its suffix picks the format.
        provider: the provider's name for the title.
        period: the measurement period ``(start, end)``, if known.
        lang: ``"nl"`` (default) or ``"en"``.
        on: the report date (default: today in the Netherlands).
        reference: figures of all participants to compare with (:class:`SurveyReference`).

    Returns:
        The path written.

    Example:
        >>> import tempfile, pathlib
        >>> from keurmerk import Respondent, analyse_survey
        >>> r = analyse_survey([Respondent.create("client", service=7, mark=8)] * 4, {7: 6})
        >>> out = write_survey_report(r, pathlib.Path(tempfile.mkdtemp()) / "r.html", provider="Demo")
        >>> "Outplacement" in out.read_text("utf-8")
        True
    """
    target = output_path(path, "path", (".pdf", ".html", ".htm"))
    doc = survey_document(result, provider=provider, period=period, lang=lang, on=on, reference=reference)
    try:
        if target.suffix.lower() == ".pdf":
            document_pdf(doc, target)
        else:
            target.write_text(document_html(doc), "utf-8")
    except OSError as exc:
        raise invalid("path", str(target), f"cannot be written: {exc.strerror or exc}") from None
    return target
