"""``werkscan compare``: a repeat measurement from the command line (WS-RPT-5).

Two answer files (JSON) of one worker: the change between them. One batch file (CSV or
Parquet) with a worker column and a measurement column: the pairs and their summary.
"""

from __future__ import annotations

import json
import pathlib
from typing import Any

import click

from blikopwerk._cli import lang_option
from blikopwerk._errors import InvalidValueError
from blikopwerk._i18n import N_, translator
from werkscan._reports.measurement import MeasurementChange, RepeatSummary
from werkscan._reports.repeat_words import change_lines, summary_lines

__all__ = ["compare_command"]

def change_text(change: MeasurementChange, lang: str) -> str:
    """The change between two measurements in plain words, in one language (no rule ids)."""
    return "\n".join(change_lines(change, translator("werkscan", lang)))


def summary_text(summary: RepeatSummary, unpaired: int, rejected: int, lang: str) -> str:
    """A group of pairs in plain words: counts with their denominators, means, transitions."""
    return "\n".join(summary_lines(summary, unpaired, rejected, translator("werkscan", lang)))


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
            raise InvalidValueError("measurement", text, N_("the measurement column holds whole numbers")) from None
    return text


@click.command("compare", help=N_("""Compare two measurements of one worker (two JSON answer files), or summarise the pairs
of a batch (one CSV or Parquet file with a worker and a measurement column)."""))
@click.argument("first", type=click.Path(exists=True, dir_okay=True, path_type=pathlib.Path))
@click.argument("second", required=False, type=click.Path(exists=True, dir_okay=True, path_type=pathlib.Path))
@click.option("--worker-column", default="worker", show_default=True,
              help=N_("Batch: the column with the worker key (a pseudonym)."))
@click.option("--measurement-column", default="measurement", show_default=True,
              help=N_("Batch: the column with the measurement label (for example 1 and 2)."))
@click.option("--before", "before", default=None, help=N_("Batch: the label of the first measurement."))
@click.option("--after", "after", default=None, help=N_("Batch: the label of the second measurement."))
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=pathlib.Path),
              help=N_("Batch: write the pairs (one row per worker) to this .parquet or .csv file."))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help=N_("Readable text or JSON."))
@lang_option
def compare_command(first: pathlib.Path, second: pathlib.Path | None, worker_column: str, measurement_column: str, before: str | None,
                    after: str | None, output: pathlib.Path | None, fmt: str, lang: str) -> None:
    """Command line: the help text is ``help=`` above (translated at run time)."""
    t = translator("werkscan", lang)
    files = (first,) if second is None else (first, second)
    if len(files) == 2:
        from werkscan._cli.scoring import _load_answers
        from werkscan._reports.measurement import compare
        from werkscan._scoring.scalar import score

        change = compare(score(_load_answers(files[0])), score(_load_answers(files[1])))
        click.echo(json.dumps(change.to_json(), indent=2) if fmt == "json" else change_text(change, lang))
        return
    if len(files) != 1:
        raise click.UsageError(t._("give two answer files (JSON), or one batch file (CSV or Parquet)"))
    if first.is_file() and first.suffix.lower() == ".json":
        raise click.UsageError(t._("give two answer files (JSON), or one batch file (CSV or Parquet)"))
    from werkscan._reports.measurement_batch import _read_table, compare_batch

    table = _read_table(files[0])
    for name in (worker_column, measurement_column):
        if name not in table.column_names:
            raise InvalidValueError("column", name, N_("no such column in the batch file"))
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
            click.echo(t._("wrote {path}").format(path=output))


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
        raise InvalidValueError("output", str(path), N_("expected a .csv or .parquet file"))

