"""Repeat measurement (WS-RPT-5, WS-RPT-7) in words for people: one language per output.

The same sentences serve ``werkscan compare`` and the worker and employer reports, from the
``werkscan`` message catalogue (Dutch by default, English on request), with numbers formatted
by Babel; no rule ids, reprs or ISO dates.
"""

from __future__ import annotations

from decimal import Decimal

from blikopwerk._i18n import Translator
from werkscan._reports.measurement import BAND_ORDER, MeasurementChange, RepeatSummary, Share, SignalChange
from werkscan._scoring.model import Band, SignalArea, label

__all__: list[str] = []


def score_words(value: Decimal | float, t: Translator) -> str:
    """A WAI in half points: ``39`` or ``39,5``."""
    return t.number(value, decimals=1, trim=True)


def signed(value: Decimal | float, t: Translator, decimals: int = 1) -> str:
    """A change with its sign: ``+3,5``, ``-2``, ``0``."""
    text = t.number(abs(Decimal(str(value))), decimals=decimals, trim=True)
    return ("+" if value > 0 else "-" if value < 0 else "") + text


def band_change(change: MeasurementChange, t: Translator) -> str:
    """``same band``, ``one band higher``, ``2 bands lower``."""
    steps = change.band_steps
    if steps == 0:
        return t._("same band")
    if steps > 0:
        return t.ngettext("{n} band higher", "{n} bands higher", steps).format(n=t.integer(steps))
    return t.ngettext("{n} band lower", "{n} bands lower", -steps).format(n=t.integer(-steps))


def change_name(kind: SignalChange, t: Translator) -> str:
    """The name of a signal change, as a heading of a list of areas."""
    return {
        SignalChange.APPEARED: t._("Signals that appeared"),
        SignalChange.WENT: t._("Signals that went"),
        SignalChange.STRONGER: t._("Signals that got stronger"),
        SignalChange.WEAKER: t._("Signals that got weaker"),
    }[kind]


def areas_words(areas: tuple[SignalArea, ...], t: Translator) -> str:
    return ", ".join(label(a, t.lang) for a in areas) or t._("none")


def change_lines(change: MeasurementChange, t: Translator) -> list[str]:
    """The change between two measurements of one worker, one statement a line."""
    lines = [
        t._("First measurement: WAI {score} ({band})").format(score=score_words(change.before.score, t),
                                                            band=label(change.before.band, t.lang)),
        t._("Second measurement: WAI {score} ({band})").format(score=score_words(change.after.score, t),
                                                             band=label(change.after.band, t.lang)),
        t.ngettext("Change: {change} point; {bands}", "Change: {change} points; {bands}",
                   1 if abs(change.wai_change) == 1 else 2).format(change=signed(change.wai_change, t),
                                                                   bands=band_change(change, t)),
    ]
    shown = False
    for kind in SignalChange:
        areas = change.areas(kind)
        if areas:
            lines.append(f"{change_name(kind, t)}: {areas_words(areas, t)}")
            shown = True
    if not shown:
        lines.append(t._("The signals are the same as at the first measurement."))
    return lines


def share_words(share: Share, t: Translator) -> str:
    """``40 van 62 (64,5 %)``: a count with its denominator and, when it has one, the percentage."""
    pct = share.percent()
    text = t._("{count} of {total}").format(count=t.integer(share.count), total=t.integer(share.of))
    return text if pct is None else f"{text} ({t.percent(pct, decimals=1)})"


def mean_line(summary: RepeatSummary, t: Translator) -> str:
    if summary.mean_before is None or summary.mean_after is None or summary.mean_change is None:
        return t._("Mean WAI: no pairs")
    return t._("Mean WAI: {before} at the first and {after} at the second measurement (change {change})").format(
        before=t.number(summary.mean_before, decimals=1), after=t.number(summary.mean_after, decimals=1),
        change=signed(summary.mean_change, t))


def direction_line(summary: RepeatSummary, t: Translator) -> str:
    n = summary.pairs
    return t._("Higher: {higher}; the same: {same}; lower: {lower}").format(
        higher=share_words(Share(summary.improved, n), t), same=share_words(Share(summary.unchanged, n), t),
        lower=share_words(Share(summary.declined, n), t))


def stayed_lines(summary: RepeatSummary, t: Translator) -> list[str]:
    return [t._("Still {band} at the second measurement: {share}").format(
        band=label(band, t.lang), share=share_words(summary.stayed(band), t))
        for band in BAND_ORDER if summary.started_in(band).count]


def summary_lines(summary: RepeatSummary, unpaired: int, rejected: int, t: Translator) -> list[str]:
    """A group of pairs in plain words: counts with their denominators, means, transitions."""
    lines = [
        t._("Pairs: {pairs} ({unpaired} without a second measurement; {rejected} rows that could not be "
            "scored)").format(pairs=t.integer(summary.pairs), unpaired=t.integer(unpaired),
                              rejected=t.integer(rejected)),
        mean_line(summary, t),
        direction_line(summary, t),
        t._("From band (first measurement, rows) to band (second measurement, columns):"),
    ]
    names = [label(b, t.lang) for b in BAND_ORDER]
    width = max(len(x) for x in names) + 2
    lines.append(" " * width + "".join(f"{x:>{width}}" for x in names))
    for band, name in zip(BAND_ORDER, names, strict=True):
        lines.append(f"{name:<{width}}" + "".join(f"{t.integer(summary.transition(band, b)):>{width}}"
                                                 for b in BAND_ORDER))
    lines += stayed_lines(summary, t)
    lines.append(t._("Signals by area: appeared / went / stronger / weaker") + ":")
    area_width = max(len(label(a, t.lang)) for a in SignalArea) + 2
    for area in SignalArea:
        counts = " / ".join(t.integer(summary.changes(area, k).count) for k in SignalChange)
        lines.append(f"  {label(area, t.lang):<{area_width}}{counts}")
    return lines


def transition_rows(summary: RepeatSummary, min_cell: int, t: Translator) -> list[tuple[str, ...]]:
    """The transition table of an employer report: a count below ``min_cell`` (but not 0) is
    not shown (WS-RPT-2), so no worker can be picked out."""
    def cell(count: int) -> str:
        return "—" if 0 < count < min_cell else t.integer(count)

    return [(label(band, t.lang), *(cell(summary.transition(band, b)) for b in BAND_ORDER)) for band in BAND_ORDER]


def band_names(t: Translator) -> tuple[str, ...]:
    return tuple(label(b, t.lang) for b in BAND_ORDER)


def stays(band: Band, summary: RepeatSummary, min_cell: int, t: Translator) -> str | None:
    """``Still excellent: 40 of 62 (64,5 %)`` when both counts are large enough to show."""
    share = summary.stayed(band)
    if share.of == 0 or 0 < share.count < min_cell or 0 < share.of - share.count < min_cell:
        return None
    return t._("Still {band} at the second measurement: {share}").format(band=label(band, t.lang),
                                                                        share=share_words(share, t))
