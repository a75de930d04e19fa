"""Survey reports: a terminal table, JSON, and PDF/HTML with a mark-distribution chart.

matplotlib, reportlab and jinja2 (the ``reports`` extra) are imported only when a report
is written.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from blikopwerk import InvalidValueError
from keurmerk._survey import SATISFACTION_LABELS_EN, SATISFACTION_LEVELS, SurveyResult

__all__ = ["mark_distribution_png", "survey_table_rows", "write_survey_report"]

_HEADER = ("", "Netto steekproef", "Ingevuld", "Respons (%)", "Rapportcijfer", "Publicatie")


def _nl_decimal(value: Any) -> str:
    return "-" if value is None else str(value).replace(".", ",")


def survey_table_rows(result: SurveyResult) -> list[tuple[str, ...]]:
    """The response table as text cells, in the layout of seed 004's table 1.1.

    Numbers use the Dutch decimal comma, as the report prints them.

    Example:
        >>> from keurmerk import Respondent, analyse_survey
        >>> r = analyse_survey([Respondent.create("client", service=7, mark=8)] * 4, {7: 6})
        >>> survey_table_rows(r)[1]
        ('Outplacement', '6', '4', '66,7', '8,0', 'ja')
    """
    rows: list[tuple[str, ...]] = [_HEADER]
    for row in result.rows:
        rows.append((row.label, str(row.net_sample), str(row.completed), _nl_decimal(row.response_pct),
                     _nl_decimal(row.mean_mark), "ja" if row.published else "nee"))
    return rows


def mark_distribution_png(result: SurveyResult, *, dpi: int = 120) -> bytes:
    """A PNG bar chart of the mark distribution (clients, and principals if any).

    Like figures 3.2 and 4.2 of seed 004: how many gave each mark 1-10 (principals'
    marks rounded to whole marks). Uses matplotlib's Agg canvas, imported lazily.

    Example:
        >>> from keurmerk import Respondent, analyse_survey
        >>> r = analyse_survey([Respondent.create("client", service=7, mark=8)] * 4, {7: 6})
        >>> mark_distribution_png(r)[:8]
        b'\\x89PNG\\r\\n\\x1a\\n'
    """
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    groups: list[tuple[str, Mapping[int, int]]] = [("Cliënten", result.mark_distribution_clients)]
    if result.principals is not None:
        groups.append(("Opdrachtgevers", result.mark_distribution_principals))
    fig = Figure(figsize=(3.6 * len(groups), 3.2), dpi=dpi)
    FigureCanvasAgg(fig)
    for i, (title, dist) in enumerate(groups):
        ax = fig.add_subplot(1, len(groups), i + 1)
        marks = list(range(10, 0, -1))
        counts = [dist.get(m, 0) for m in marks]
        ax.barh([str(m) for m in marks], counts, color="#2f6f9f")
        for y, c in enumerate(counts):
            if c:
                ax.text(c, y, f" {c}", va="center", fontsize=7)
        ax.set_title(f"Spreiding rapportcijfers: {title}", fontsize=8)
        ax.set_xlabel("aantal", fontsize=7)
        ax.tick_params(labelsize=7)
        ax.invert_yaxis()
        ax.set_xlim(0, max([*counts, 1]) * 1.2)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def _context(result: SurveyResult, provider: str, period: tuple[dt.date, dt.date] | None) -> dict[str, Any]:
    def share(key: str) -> str:
        value = result.satisfaction.shares[key]
        return "-" if value is None else f"{_nl_decimal(value)} %"

    return {
        "provider": provider or "Dienstverlener",
        "period": (f"{period[0]:%d-%m-%Y} tot en met {period[1]:%d-%m-%Y}" if period else ""),
        "table": survey_table_rows(result),
        "norm_met": result.norm.met,
        "norm_by_correction": result.norm.by_correction,
        "norm_reasons": list(result.norm.reasons),
        "promoter": _nl_decimal(result.promoter_clients.score),
        "promoter_answered": result.promoter_clients.answered,
        "satisfaction": [(k.replace("_", " "), SATISFACTION_LABELS_EN[k], share(k),
                          result.satisfaction.counts[k]) for k in SATISFACTION_LEVELS],
    }


_HTML = """<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8">
<title>Tevredenheidsonderzoek {{ provider }}</title>
<style>body{font-family:sans-serif;max-width:50em;margin:2em auto}
table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:.2em .5em}
td.n{text-align:right}</style></head><body>
<h1>Tevredenheidsonderzoek {{ provider }}</h1>
{% if period %}<p>Meetperiode: {{ period }}</p>{% endif %}
<h2>Resultaten voor het keurmerk</h2>
<table><thead><tr>{% for h in table[0] %}<th>{{ h }}</th>{% endfor %}</tr></thead><tbody>
{% for row in table[1:] %}<tr><td>{{ row[0] }}</td>{% for c in row[1:] %}<td class="n">{{ c }}</td>{% endfor %}</tr>
{% endfor %}</tbody></table>
<h2>Norm tevredenheid</h2>
<p>{% if norm_met %}Norm gehaald{% if norm_by_correction %} (na correctie voor lage rapportcijfers){% endif %}.
{% else %}Norm niet gehaald.{% endif %}</p>
{% if norm_reasons %}<ul>{% for r in norm_reasons %}<li>{{ r }}</li>{% endfor %}</ul>{% endif %}
<p>Actuele promotor score (cliënten): {{ promoter }} ({{ promoter_answered }} antwoorden).</p>
<h2>Tevredenheid</h2>
<table>{% for nl, en, share, count in satisfaction %}<tr><td>{{ nl }} ({{ en }})</td>
<td class="n">{{ share }}</td><td class="n">{{ count }}</td></tr>{% endfor %}</table>
<h2>Spreiding rapportcijfers</h2>
<img alt="Spreiding rapportcijfers" src="data:image/png;base64,{{ chart }}">
<p><small>Generated by blikopwerk (keurmerk). Publication and norm rules marked as decisions in the
documentation are not official.</small></p>
</body></html>
"""


def _write_html(path: Path, context: dict[str, Any], chart: bytes) -> None:
    import jinja2

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    html = env.from_string(_HTML).render(**context, chart=base64.b64encode(chart).decode("ascii"))
    path.write_text(html, "utf-8")


def _write_pdf(path: Path, context: dict[str, Any], chart: bytes) -> None:
    import io
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    story: list[Any] = [Paragraph(escape(f"Tevredenheidsonderzoek {context['provider']}"), styles["Title"])]
    if context["period"]:
        story.append(Paragraph(escape(f"Meetperiode: {context['period']}"), styles["Normal"]))
    story += [Spacer(1, 0.4 * cm), Paragraph("Resultaten voor het keurmerk", styles["Heading2"])]
    table = Table(context["table"], repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde7ef")),
        ("FONTSIZE", (0, 0), (-1, -1), 7),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
    ]))
    story.append(table)
    story += [Spacer(1, 0.4 * cm), Paragraph("Norm tevredenheid", styles["Heading2"])]
    verdict = ("Norm gehaald" + (" (na correctie voor lage rapportcijfers)" if context["norm_by_correction"]
                                 else "") + ".") if context["norm_met"] else "Norm niet gehaald."
    story.append(Paragraph(escape(verdict), styles["Normal"]))
    for reason in context["norm_reasons"]:
        story.append(Paragraph(escape(f"- {reason}"), styles["Normal"]))
    story.append(Paragraph(escape(f"Actuele promotor score (cliënten): {context['promoter']} "
                                  f"({context['promoter_answered']} antwoorden)."), styles["Normal"]))
    story += [Spacer(1, 0.4 * cm), Paragraph("Tevredenheid", styles["Heading2"])]
    story.append(Table([[f"{nl} ({en})", share, str(count)] for nl, en, share, count in context["satisfaction"]],
                       style=[("FONTSIZE", (0, 0), (-1, -1), 8)]))
    story += [Spacer(1, 0.4 * cm), Paragraph("Spreiding rapportcijfers", styles["Heading2"])]
    image = Image(io.BytesIO(chart))
    scale = (16 * cm) / image.drawWidth
    image.drawWidth, image.drawHeight = image.drawWidth * scale, image.drawHeight * scale
    story.append(image)
    doc = SimpleDocTemplate(str(path), pagesize=A4, title=f"Tevredenheidsonderzoek {context['provider']}",
                            author="blikopwerk")
    doc.build(story)


def write_survey_report(result: SurveyResult, path: str | Path, *, provider: str = "",
                        period: tuple[dt.date, dt.date] | None = None) -> Path:
    """Write a survey report as PDF (``.pdf``, reportlab) or HTML (``.html``, jinja2).

    The report holds the response table (seed 004, table 1.1 layout), the norm verdict,
    the promoter score, the satisfaction distribution and a mark-distribution chart.

    Args:
        result: the analysis from :func:`keurmerk.analyse_survey`.
        path: the file to write; its suffix picks the format.
        provider: the provider's name for the title.
        period: the measurement period ``(start, end)``, if known.

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
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".pdf", ".html", ".htm"):
        raise InvalidValueError("path", str(path), "a report is written as .pdf or .html")
    context = _context(result, provider, period)
    chart = mark_distribution_png(result)
    if suffix == ".pdf":
        _write_pdf(target, context, chart)
    else:
        _write_html(target, context, chart)
    return target
