"""Documents for people: one content model written as HTML (jinja2) and as PDF (ReportLab).

A report is built once as a :class:`Document` (headings, paragraphs, tables, figures) and
then written by :func:`document_html` and :func:`document_pdf`, so the HTML and the PDF
carry the same content. Every PDF:

- embeds DejaVu Sans (the TrueType fonts matplotlib ships in ``mpl-data/fonts/ttf``;
  Bitstream Vera licence with DejaVu's public-domain changes), so any Dutch or European
  name (Şahin, Łódź, IJssel with ĳ, Øster) prints as written;
- carries the document language (``/Lang``), title, subject and author;
- has a footer on every page with the title, the date in words (Babel, never ISO) and
  "page n of m".

Charts are drawn with matplotlib's Agg canvas (no pyplot state) in the same font.
matplotlib, ReportLab and jinja2 are the ``reports`` extra and are imported only when a
document is written.

Internal: used by the report modules of ``werkscan`` and ``keurmerk``.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import io
import os
from collections.abc import Iterable, Sequence
from typing import Any, Literal
from xml.sax.saxutils import escape

import attrs

from blikopwerk._errors import InvalidValueError
from blikopwerk._i18n import Language, check_language, translator

__all__ = [
    "Block",
    "Bullets",
    "Document",
    "Figure",
    "Heading",
    "Para",
    "Table",
    "document_html",
    "document_pdf",
    "figure",
    "font_path",
    "png",
    "today",
]

_FONT = "DejaVuSans"
_FONT_FILES = {
    _FONT: "DejaVuSans.ttf",
    f"{_FONT}-Bold": "DejaVuSans-Bold.ttf",
    f"{_FONT}-Oblique": "DejaVuSans-Oblique.ttf",
    f"{_FONT}-BoldOblique": "DejaVuSans-BoldOblique.ttf",
}
_INK = "#1f2a33"
_MUTED = "#5b6770"
_RULE = "#c9d1d8"
_HEAD_BG = "#e8eef3"
_ACCENT = "#1d5f8a"


def _strs(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


def _ints(values: Iterable[int]) -> tuple[int, ...]:
    return tuple(values)


def _floats(values: Iterable[float]) -> tuple[float, ...]:
    return tuple(values)


def _rows(rows: Iterable[Iterable[str]]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(row) for row in rows)


@attrs.frozen
class Heading:
    """A section heading (level 2) or sub-heading (level 3)."""

    text: str
    level: int = 2


@attrs.frozen
class Para:
    """A paragraph. ``style``: ``body``, ``lead`` (larger), ``score`` (a big figure),
    ``note`` (small, muted) or ``box`` (framed: what to do next)."""

    text: str
    style: Literal["body", "lead", "score", "note", "box"] = "body"


@attrs.frozen
class Bullets:
    """A bulleted list."""

    items: tuple[str, ...] = attrs.field(converter=_strs)


@attrs.frozen
class Table:
    """A table with a header row that repeats on every page it spans.

    ``align`` gives ``"l"`` or ``"r"`` per column (default: first left, others right);
    ``strong`` the indices of rows set in bold (totals); ``groups`` the indices of rows
    that name a group (one cell, spanning the table); ``widths`` the columns' shares of
    the text width; ``note`` a line under the table (what a dash means, the source);
    ``small`` a smaller type for wide tables.
    """

    header: tuple[str, ...] = attrs.field(converter=_strs)
    rows: tuple[tuple[str, ...], ...] = attrs.field(converter=_rows)
    align: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    strong: tuple[int, ...] = attrs.field(default=(), converter=_ints)
    groups: tuple[int, ...] = attrs.field(default=(), converter=_ints)
    widths: tuple[float, ...] = attrs.field(default=(), converter=_floats)
    note: str | None = None
    small: bool = False

    def alignment(self, column: int) -> str:
        """``"l"`` or ``"r"`` for a column."""
        if self.align:
            return self.align[column]
        return "l" if column == 0 else "r"


@attrs.frozen
class Figure:
    """A chart (PNG) with its text alternative; ``width_cm`` is its width in the PDF."""

    png: bytes = attrs.field(repr=False)
    alt: str
    width_cm: float = 16.0
    caption: str | None = None


Block = Heading | Para | Bullets | Table | Figure


def _blocks(blocks: Iterable[Block]) -> tuple[Block, ...]:
    return tuple(blocks)


@attrs.frozen
class Document:
    """A report for people, in one language.

    Attributes:
        title: the document title (first heading, PDF title, footer).
        lang: ``"nl"`` or ``"en"``.
        date: the report date, printed in words under the title and in the footer.
        blocks: the content in reading order.
        subtitle: a line under the title (e.g. the measurement period).
        subject: the PDF subject (what kind of document this is).
    """

    title: str
    lang: Language = attrs.field(converter=check_language)
    date: dt.date = attrs.field()
    blocks: tuple[Block, ...] = attrs.field(converter=_blocks)
    subtitle: str | None = None
    subject: str = ""

    @date.validator
    def _check_date(self, attribute: Any, value: Any) -> None:
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise InvalidValueError("on", value, "expected a date")

    def texts(self) -> list[str]:
        """Every text a reader sees, in order (for tests: HTML and PDF carry the same content)."""
        out = [self.title, *([self.subtitle] if self.subtitle else [])]
        for block in self.blocks:
            if isinstance(block, Heading | Para):
                out.append(block.text)
            elif isinstance(block, Bullets):
                out += list(block.items)
            elif isinstance(block, Table):
                out += [c for c in block.header if c]
                out += [c for row in block.rows for c in row if c]
                out += [block.note] if block.note else []
            else:
                out += [block.alt] + ([block.caption] if block.caption else [])
        return out


def today() -> dt.date:
    """Today's date in the Netherlands (the date a report carries by default, K-TZ-1)."""
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo("Europe/Amsterdam")).date()


# ------------------------------------------------------------------------ charts


@functools.cache
def font_path(style: str = "") -> str:
    """The path of a DejaVu Sans TrueType file shipped with matplotlib (``style``: ``""``,
    ``"Bold"``, ``"Oblique"`` or ``"BoldOblique"``)."""
    import matplotlib

    name = _FONT_FILES[f"{_FONT}-{style}" if style else _FONT]
    return os.path.join(matplotlib.get_data_path(), "fonts", "ttf", name)


def figure(width: float, height: float) -> Any:
    """A matplotlib figure on an Agg canvas (no global pyplot state), in DejaVu Sans."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure as MplFigure

    fig = MplFigure(figsize=(width, height), dpi=150)
    FigureCanvasAgg(fig)
    return fig


def png(fig: Any) -> bytes:
    """The figure as PNG bytes (tight bounding box, white background, no timestamp)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight", facecolor="white", metadata={"Software": None})
    return buf.getvalue()


# ------------------------------------------------------------------------ HTML

_HTML = """<!DOCTYPE html>
<html lang="{{ lang }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>
body{font-family:"DejaVu Sans",Verdana,sans-serif;max-width:48em;margin:2em auto;padding:0 1em;
color:#1f2a33;line-height:1.45}
h1{font-size:1.7em;margin-bottom:.1em}h2{font-size:1.25em;margin-top:1.6em;color:#1d5f8a}
h3{font-size:1.05em}.date{color:#5b6770;margin-top:0}
table{border-collapse:collapse;margin:.6em 0;width:100%}
th,td{padding:.3em .6em;border-bottom:1px solid #c9d1d8;vertical-align:top}
th{background:#e8eef3;text-align:left}td.r,th.r{text-align:right}tr.strong td{font-weight:bold}
tr.group td{font-weight:bold;background:#f4f7f9}
.lead{font-size:1.1em}.score{font-size:2.2em;font-weight:bold;margin:.2em 0}
.note{font-size:.85em;color:#5b6770}
.box{border:1px solid #1d5f8a;border-left-width:.4em;padding:.6em .9em;background:#f4f7f9}
figure{margin:.8em 0}figcaption{font-size:.85em;color:#5b6770}img{max-width:100%;height:auto}
footer{margin-top:2em;border-top:1px solid #c9d1d8;padding-top:.5em;font-size:.85em;color:#5b6770}
</style></head><body>
<header><h1>{{ title }}</h1>
{% if subtitle %}<p class="date">{{ subtitle }}</p>{% endif %}
<p class="date">{{ date }}</p></header>
<main>
{% for kind, b in blocks %}
{%- if kind == "heading" %}<h{{ b.level }}>{{ b.text }}</h{{ b.level }}>
{%- elif kind == "para" %}<p class="{{ b.style }}">{{ b.text }}</p>
{%- elif kind == "bullets" %}<ul>{% for item in b.items %}<li>{{ item }}</li>{% endfor %}</ul>
{%- elif kind == "table" %}<table><thead><tr>{% for h in b.header %}<th class="{{ b.alignment(loop.index0) }}">{{ h }}</th>{% endfor %}</tr></thead>
<tbody>{% for row in b.rows %}{% set i = loop.index0 %}{% if i in b.groups %}<tr class="group"><td colspan="{{ b.header|length }}">{{ row[0] }}</td></tr>
{% else %}<tr{% if i in b.strong %} class="strong"{% endif %}>{% for c in row %}<td class="{{ b.alignment(loop.index0) }}">{{ c }}</td>{% endfor %}</tr>
{% endif %}{% endfor %}</tbody></table>{% if b.note %}<p class="note">{{ b.note }}</p>{% endif %}
{%- elif kind == "figure" %}<figure><img alt="{{ b.alt }}" src="data:image/png;base64,{{ images[loop.index0] }}">
{% if b.caption %}<figcaption>{{ b.caption }}</figcaption>{% endif %}</figure>
{%- endif %}
{% endfor %}
</main>
<footer>{{ title }} · {{ date }}</footer>
</body></html>
"""


def _kind(block: Block) -> str:
    return {Heading: "heading", Para: "para", Bullets: "bullets", Table: "table", Figure: "figure"}[type(block)]


def document_html(doc: Document) -> str:
    """The document as one self-contained HTML page (charts embedded as data URIs)."""
    import jinja2

    t = translator("blikopwerk", doc.lang)
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    images = [base64.b64encode(b.png).decode("ascii") if isinstance(b, Figure) else "" for b in doc.blocks]
    return str(env.from_string(_HTML).render(
        lang=doc.lang, title=doc.title, subtitle=doc.subtitle, date=t.date(doc.date),
        blocks=[(_kind(b), b) for b in doc.blocks], images=images))


# ------------------------------------------------------------------------ PDF


@functools.cache
def _register_fonts() -> None:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for style, (bold, italic) in {"": (0, 0), "Bold": (1, 0), "Oblique": (0, 1), "BoldOblique": (1, 1)}.items():
        name = f"{_FONT}-{style}" if style else _FONT
        pdfmetrics.registerFont(TTFont(name, font_path(style)))
        addMapping(_FONT, bold, italic, name)


@functools.cache
def _styles() -> dict[str, Any]:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    _register_fonts()
    ink, muted, accent = colors.HexColor(_INK), colors.HexColor(_MUTED), colors.HexColor(_ACCENT)
    body = ParagraphStyle("body", fontName=_FONT, fontSize=10, leading=14, textColor=ink, spaceAfter=5)
    return {
        "title": ParagraphStyle("title", parent=body, fontName=f"{_FONT}-Bold", fontSize=19, leading=23,
                                spaceAfter=2),
        "date": ParagraphStyle("date", parent=body, textColor=muted, spaceAfter=10),
        "h2": ParagraphStyle("h2", parent=body, fontName=f"{_FONT}-Bold", fontSize=13, leading=17,
                             textColor=accent, spaceBefore=10, spaceAfter=4, keepWithNext=1),
        "h3": ParagraphStyle("h3", parent=body, fontName=f"{_FONT}-Bold", fontSize=10.5, leading=14,
                             spaceBefore=6, spaceAfter=2, keepWithNext=1),
        "body": body,
        "lead": ParagraphStyle("lead", parent=body, fontSize=11.5, leading=16),
        "score": ParagraphStyle("score", parent=body, fontName=f"{_FONT}-Bold", fontSize=26, leading=30,
                                spaceAfter=2),
        "note": ParagraphStyle("note", parent=body, fontSize=8, leading=10.5, textColor=muted),
        "box": ParagraphStyle("box", parent=body, borderColor=accent, borderWidth=0.8, borderPadding=7,
                              backColor=colors.HexColor("#f4f7f9"), spaceBefore=12, spaceAfter=20,
                              leftIndent=7, rightIndent=7),
        **{f"{name}{suffix}": ParagraphStyle(
            f"{name}{suffix}", parent=body, fontName=f"{_FONT}-Bold" if "b" in name[5:] else _FONT,
            fontSize=size, leading=size * 1.28, spaceAfter=0, alignment=2 if name.endswith("r") else 0)
           for name in ("cell", "cell_r", "cell_b", "cell_br")
           for suffix, size in (("", 9.0), ("_small", 8.0))},
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=14, bulletIndent=3, spaceAfter=2),
    }


def _paragraph(text: str, style: str) -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(escape(text), _styles()[style])


def _table(block: Table, width: float) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.platypus import Table as RlTable
    from reportlab.platypus import TableStyle

    n = len(block.header)

    def cell(text: str, column: int, bold: bool) -> Any:
        name = "cell_b" if bold else "cell"
        if block.alignment(column) == "r":
            name = "cell_br" if bold else "cell_r"
        return _paragraph(text, name + ("_small" if block.small else ""))

    data = [[cell(h, i, True) for i, h in enumerate(block.header)]]
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), _FONT),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(_HEAD_BG)),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor(_RULE)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3 if block.small else 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3 if block.small else 4),
    ]
    for i, row in enumerate(block.rows, start=1):
        if i - 1 in block.groups:
            data.append([cell(row[0], 0, True), *([""] * (n - 1))])
            commands += [("SPAN", (0, i), (-1, i)), ("BACKGROUND", (0, i), (-1, i), colors.HexColor("#f4f7f9"))]
        else:
            data.append([cell(c, j, i - 1 in block.strong) for j, c in enumerate(row)])
    if block.widths:
        widths = [width * w for w in block.widths]
    else:
        first = 0.46 if n > 2 else 0.6
        widths = [width * first] + [width * (1 - first) / (n - 1)] * (n - 1) if n > 1 else [width]
    widths = _fit_words(block, widths)
    table = RlTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    out: list[Any] = [table]
    if block.note:
        out.append(_paragraph(block.note, "note"))
    return out


def _fit_words(block: Table, widths: list[float]) -> list[float]:
    """Widen any column too narrow for its longest word (so no word is broken), taking the
    room from the widest column; a table never grows wider than given."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    size = 8.0 if block.small else 9.0
    padding = 6.0 if block.small else 8.0
    need = []
    for j in range(len(block.header)):
        words = [(w, True) for w in block.header[j].split()]
        words += [(w, i in block.strong or i in block.groups) for i, row in enumerate(block.rows) if j < len(row)
                  and i not in block.groups for w in row[j].split()]
        need.append(max([stringWidth(w, f"{_FONT}-Bold" if bold else _FONT, size) for w, bold in words] or [0.0])
                    + padding + 1)
    out = list(widths)
    for j, minimum in enumerate(need):
        if out[j] < minimum:
            widest = max(range(len(out)), key=lambda k: out[k] - need[k])
            room = min(minimum - out[j], out[widest] - need[widest])
            if widest != j and room > 0:
                out[widest] -= room
                out[j] += room
    return out


def _image(block: Figure, width: float) -> Any:
    from reportlab.lib.units import cm
    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Image

    w, h = ImageReader(io.BytesIO(block.png)).getSize()
    draw_w = min(block.width_cm * cm, width)
    return Image(io.BytesIO(block.png), width=draw_w, height=draw_w * h / w, hAlign="LEFT")


def _flowables(block: Block, width: float) -> list[Any]:
    from reportlab.platypus import ListFlowable, ListItem, Spacer

    if isinstance(block, Heading):
        return [_paragraph(block.text, "h2" if block.level <= 2 else "h3")]
    if isinstance(block, Para):
        return [_paragraph(block.text, block.style)]
    if isinstance(block, Bullets):
        return [ListFlowable([ListItem(_paragraph(item, "body"), leftIndent=14) for item in block.items],
                             bulletType="bullet", start="•", leftIndent=14, bulletFontName=_FONT)]
    if isinstance(block, Table):
        return [*_table(block, width), Spacer(1, 6)]
    out = [_image(block, width)]
    if block.caption:
        out.append(_paragraph(block.caption, "note"))
    return out


def _numbered_canvas(footer: str, page_label: str) -> Any:
    from reportlab.lib import colors
    from reportlab.lib.units import cm
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        """Draws "title · date" and "page n of m" on every page once the page count is known."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            width, _ = self._pagesize
            self.saveState()
            self.setStrokeColor(colors.HexColor(_RULE))
            self.setLineWidth(0.4)
            self.line(2 * cm, 1.45 * cm, width - 2 * cm, 1.45 * cm)
            self.setFont(_FONT, 8)
            self.setFillColor(colors.HexColor(_MUTED))
            self.drawString(2 * cm, 1.05 * cm, footer)
            self.drawRightString(width - 2 * cm, 1.05 * cm,
                                 page_label.format(page=self._pageNumber, pages=total))
            self.restoreState()

    return NumberedCanvas


def _units(blocks: Sequence[Block]) -> list[list[Block]]:
    """The blocks grouped into what the PDF keeps on one page, so nothing is orphaned.

    A heading stays with what follows it; a chart with the heading and the one paragraph
    before it; a table of up to 12 rows stays whole, with the paragraph or heading before
    it. Everything else flows (a long table splits, its header repeated on every page).
    """
    units: list[list[Block]] = []
    for block in blocks:
        unit = units[-1] if units else []
        last = unit[-1] if unit else None
        leading = unit and all(isinstance(b, Heading) for b in unit[:-1]) and isinstance(last, Heading | Para)
        join = (isinstance(last, Heading)
                or (isinstance(block, Figure) and leading)
                or (isinstance(block, Table) and len(block.rows) <= 12 and isinstance(last, Para | Heading)))
        if join:
            unit.append(block)
        else:
            units.append([block])
    return units


def document_pdf(doc: Document, target: str | os.PathLike[str] | io.BufferedIOBase | io.BytesIO) -> None:
    """Write the document as an A4 PDF with embedded fonts, ``/Lang``, page numbers and the date."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer

    _register_fonts()
    t = translator("blikopwerk", doc.lang)
    date = t.date(doc.date)
    if isinstance(target, str | os.PathLike):
        out: Any = os.fspath(target)
        if not isinstance(out, str) or not out or "\x00" in out:
            raise InvalidValueError("target", repr(out)[:80], "expected a file path (text without NUL bytes)")
        if os.path.isdir(out):
            raise InvalidValueError("target", out, "is a folder; give a file path")
    elif hasattr(target, "write"):
        out = target
    else:
        raise InvalidValueError("target", target, "expected a file path or a binary file object")
    template = SimpleDocTemplate(
        out, pagesize=A4, title=doc.title, author="blikopwerk", subject=doc.subject, creator="blikopwerk",
        lang={"nl": "nl-NL", "en": "en-GB"}[doc.lang], leftMargin=2 * cm, rightMargin=2 * cm,
        topMargin=1.8 * cm, bottomMargin=2.2 * cm, invariant=True, initialFontName=_FONT,
        displayDocTitle=True)
    width = template.width
    story: list[Any] = [_paragraph(doc.title, "title")]
    if doc.subtitle:
        story.append(_paragraph(doc.subtitle, "date"))
    story += [_paragraph(date, "date"), Spacer(1, 2)]
    for unit in _units(doc.blocks):
        flowables = [f for block in unit for f in _flowables(block, width)]
        story.append(KeepTogether(flowables))
    footer = f"{doc.title} · {date}"
    try:
        template.build(story, canvasmaker=_numbered_canvas(footer, t.gettext("Page {page} of {pages}")))
    except OSError as exc:
        raise InvalidValueError("target", str(out), f"cannot be written: {exc.strerror or exc}") from None


def texts_in_order(blocks: Sequence[Block]) -> list[str]:
    """The texts of ``blocks`` (see :meth:`Document.texts`)."""
    return Document("", "nl", dt.date(2000, 1, 1), tuple(blocks)).texts()[1:]
