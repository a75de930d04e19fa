"""``werkscan compare``: a repeat measurement from the command line (WS-RPT-5).

Two answer files (JSON) of one worker: the change between them. One batch file (CSV or
Parquet) with a worker column and a measurement column: the pairs and their summary.
"""

from __future__ import annotations

import json
import pathlib
from decimal import Decimal
from typing import Any

import click

from blikopwerk._errors import InvalidValueError
from werkscan._reports.measurement import BAND_ORDER, MeasurementChange, RepeatSummary, Share, SignalChange
from werkscan._scoring.model import SignalArea, label

__all__ = ["compare_command"]

_TEXT: dict[str, dict[str, str]] = {
    "nl": {
        "first": "Eerste meting", "second": "Tweede meting", "change": "Verandering",
        "points": "punten", "same_band": "band gelijk", "band_up": "{n} band(en) hoger",
        "band_down": "{n} band(en) lager", "appeared": "Signalen erbij", "went": "Signalen weg",
        "stronger": "Sterker geworden", "weaker": "Zwakker geworden", "no_signal_change": "Signalen gelijk",
        "pairs": "Paren", "unpaired": "zonder tweede meting", "rejected": "rijen niet te scoren",
        "mean": "Gemiddelde WAI", "improved": "Hoger", "unchanged": "Gelijk", "declined": "Lager",
        "transitions": "Van band (eerste meting) naar band (tweede meting)", "stayed": "Blijft {band}",
        "of": "van", "signals": "Signalen per gebied: erbij / weg / sterker / zwakker", "none": "geen",
    },
    "en": {
        "first": "First measurement", "second": "Second measurement", "change": "Change",
        "points": "points", "same_band": "same band", "band_up": "{n} band(s) higher",
        "band_down": "{n} band(s) lower", "appeared": "Signals appeared", "went": "Signals went",
        "stronger": "Got stronger", "weaker": "Got weaker", "no_signal_change": "Signals unchanged",
        "pairs": "Pairs", "unpaired": "without a second measurement", "rejected": "rows that could not be scored",
        "mean": "Mean WAI", "improved": "Higher", "unchanged": "Same", "declined": "Lower",
        "transitions": "From band (first measurement) to band (second measurement)", "stayed": "Stays {band}",
        "of": "of", "signals": "Signals by area: appeared / went / stronger / weaker", "none": "none",
    },
}
_LOCALE = {"nl": "nl_NL", "en": "en_GB"}


def _num(value: Decimal | float | None, lang: str, places: int = 1) -> str:
    from babel.numbers import format_decimal

    if value is None:
        return "-"
    d = Decimal(value).quantize(Decimal(1).scaleb(-places))
    return format_decimal(d, format="#,##0." + "0" * places if places else "#,##0", locale=_LOCALE[lang])


def _score(value: Decimal, lang: str) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale=_LOCALE[lang])  # 39 or 39,5: a WAI in half points


def _signed(value: Decimal, lang: str) -> str:
    text = _num(value, lang)
    return ("+" + text) if value > 0 else text


def _share(share: Share, lang: str) -> str:
    t = _TEXT[lang]
    pct = share.percent()
    return f"{share.count} {t['of']} {share.of}" + ("" if pct is None else f" ({_num(pct, lang)} %)")


def _areas(areas: tuple[SignalArea, ...], lang: str) -> str:
    return ", ".join(label(a, lang) for a in areas) or _TEXT[lang]["none"]


def change_text(change: MeasurementChange, lang: str) -> str:
    """The change between two measurements in plain words (no rule ids)."""
    t = _TEXT[lang]
    steps = change.band_steps
    band = t["same_band"] if steps == 0 else (t["band_up"] if steps > 0 else t["band_down"]).format(n=abs(steps))
    lines = [
        f"{t['first']}: WAI {_score(change.before.score, lang)} ({label(change.before.band, lang)})",
        f"{t['second']}: WAI {_score(change.after.score, lang)} ({label(change.after.band, lang)})",
        f"{t['change']}: {'+' if change.wai_change > 0 else ''}{_score(change.wai_change, lang)} {t['points']}; "
        f"{band}",
    ]
    shown = False
    for kind in SignalChange:
        areas = change.areas(kind)
        if areas:
            lines.append(f"{t[kind.value]}: {_areas(areas, lang)}")
            shown = True
    if not shown:
        lines.append(t["no_signal_change"])
    return "\n".join(lines)


def summary_text(summary: RepeatSummary, unpaired: int, rejected: int, lang: str) -> str:
    """A group of pairs in plain words: counts with their denominators, means, transitions."""
    t = _TEXT[lang]
    n = summary.pairs
    lines = [
        f"{t['pairs']}: {n} ({unpaired} {t['unpaired']}; {rejected} {t['rejected']})",
        f"{t['mean']}: {_num(summary.mean_before, lang)} -> {_num(summary.mean_after, lang)} "
        f"({t['change']} {_signed(summary.mean_change, lang) if summary.mean_change is not None else '-'})",
        f"{t['improved']}: {_share(Share(summary.improved, n), lang)}; {t['unchanged']}: "
        f"{_share(Share(summary.unchanged, n), lang)}; {t['declined']}: {_share(Share(summary.declined, n), lang)}",
        f"{t['transitions']}:",
    ]
    names = [label(b, lang) for b in BAND_ORDER]
    width = max(len(x) for x in names) + 2
    lines.append(" " * width + "".join(f"{x:>{width}}" for x in names))
    for band, name in zip(BAND_ORDER, names, strict=True):
        lines.append(f"{name:<{width}}" + "".join(f"{summary.transition(band, b):>{width}}" for b in BAND_ORDER))
    for band in BAND_ORDER:
        if summary.started_in(band).count:
            lines.append(f"{t['stayed'].format(band=label(band, lang))}: {_share(summary.stayed(band), lang)}")
    lines.append(f"{t['signals']}:")
    for area in SignalArea:
        counts = " / ".join(str(summary.changes(area, k).count) for k in SignalChange)
        lines.append(f"  {label(area, lang):<22} {counts}")
    return "\n".join(lines)


def _label_value(text: str | None, column: Any) -> Any:
    """A measurement label typed like the column (``1`` for an integer column)."""
    import pyarrow as pa

    if text is None:
        return None
    typ = column.type.value_type if pa.types.is_dictionary(column.type) else column.type
    if pa.types.is_integer(typ):
        try:
            return int(text)
        except ValueError:
            raise InvalidValueError("measurement", text, "the measurement column holds whole numbers") from None
    return text


@click.command("compare")
@click.argument("first", type=click.Path(exists=True, dir_okay=True, path_type=pathlib.Path))
@click.argument("second", required=False, type=click.Path(exists=True, dir_okay=True, path_type=pathlib.Path))
@click.option("--worker-column", default="worker", show_default=True,
              help="Batch: the column with the worker key (a pseudonym).")
@click.option("--measurement-column", default="measurement", show_default=True,
              help="Batch: the column with the measurement label (for example 1 and 2).")
@click.option("--before", "before", default=None, help="Batch: the label of the first measurement.")
@click.option("--after", "after", default=None, help="Batch: the label of the second measurement.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=pathlib.Path),
              help="Batch: write the pairs (one row per worker) to this .parquet or .csv file.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Readable text or JSON.")
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True,
              help="Language of the text.")
def compare_command(first: pathlib.Path, second: pathlib.Path | None, worker_column: str, measurement_column: str, before: str | None,
                    after: str | None, output: pathlib.Path | None, fmt: str, lang: str) -> None:
    """Compare two measurements of one worker (two JSON answer files), or summarise the pairs
    of a batch (one CSV or Parquet file with a worker and a measurement column)."""
    files = (first,) if second is None else (first, second)
    if len(files) == 2:
        from werkscan._cli.scoring import _load_answers
        from werkscan._reports.measurement import compare
        from werkscan._scoring.scalar import score

        change = compare(score(_load_answers(files[0])), score(_load_answers(files[1])))
        click.echo(json.dumps(change.to_json(), indent=2) if fmt == "json" else change_text(change, lang))
        return
    if len(files) != 1:
        raise click.UsageError("give two answer files (JSON), or one batch file (CSV or Parquet)")
    from werkscan._reports.measurement_batch import _read_table, compare_batch

    table = _read_table(files[0])
    for name in (worker_column, measurement_column):
        if name not in table.column_names:
            raise InvalidValueError(name, None, f"no such column in {files[0].name}")
    label_column = table.column(measurement_column)
    result = compare_batch(table, worker_column=worker_column, measurement_column=measurement_column,
                           before=_label_value(before, label_column), after=_label_value(after, label_column))
    if output is not None:
        _write(result.changes, output)
    if fmt == "json":
        click.echo(json.dumps({"pairs": result.summary.to_json(), "unpaired": result.unpaired,
                               "rejected": len({e.row for e in result.errors}), "before": result.before,
                               "after": result.after}, indent=2, default=str))
    else:
        click.echo(summary_text(result.summary, result.unpaired, len({e.row for e in result.errors}), lang))
        if output is not None:
            click.echo(f"-> {output}")


def _write(table: Any, path: pathlib.Path) -> None:
    if path.suffix.lower() == ".csv":
        import pyarrow as pa
        import pyarrow.csv as pcsv

        plain = pa.table({name: col.cast(col.type.value_type) if pa.types.is_dictionary(col.type) else col
                          for name, col in zip(table.column_names, table.columns, strict=True)})
        pcsv.write_csv(plain, path)
    elif path.suffix.lower() in (".parquet", ".pq"):
        import pyarrow.parquet as pq

        pq.write_table(table, path)
    else:
        raise InvalidValueError("output", str(path), "expected a .csv or .parquet file")

