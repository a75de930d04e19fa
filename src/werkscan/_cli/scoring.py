"""CLI commands for scoring and reports: ``werkscan score``, ``report``, ``schema``, ``employer-report``."""

from __future__ import annotations

import json
import pathlib
import sys
from typing import Any

import click

from blikopwerk._errors import InvalidValueError
from werkscan._scoring.model import Answers, ScoreResult, label

__all__ = ["employer_report_command", "report_command", "schema_command", "score_command"]

_BATCH_SUFFIXES = (".csv", ".parquet", ".pq")


def _is_batch(path: pathlib.Path) -> bool:
    return path.is_dir() or path.suffix.lower() in _BATCH_SUFFIXES


def _load_answers(path: pathlib.Path) -> Answers:
    try:
        text = path.read_bytes()
    except OSError as exc:
        raise InvalidValueError("file", str(path), f"cannot be read: {exc.strerror}") from None
    return Answers.parse_json(text)


def _summary_text(result: ScoreResult, lang: str) -> str:
    wai = result.wai
    items = wai.items
    lines = [
        f"WAI: {wai.score:g} of 7-49, band: {wai.band_label(lang)}",
        f"  items: 1={items.current_work_ability} 2={items.demands:g} 3={items.diseases} "
        f"4={items.impairment} 5={items.sick_leave} 6={items.prognosis} 7={items.mental_resources}",
        f"advice: {label(result.advice, lang)} ({', '.join(result.advice_rules)})",
        "signals:",
        *[f"  {label(area, lang):<22} {label(level, lang)}" for area, level in result.signals.items()],
        "act on: " + (", ".join(label(a, lang) for a in result.act_on) or "-"),
        f"WAI drop associated with the signals (WS-SIG-3, explanation only): {float(result.signal_drop):g}",
    ]
    return "\n".join(lines)


def _csv_rows(path: pathlib.Path, block: int = 1 << 20) -> int:
    """The data rows of a CSV file by a fast line count (1 MiB blocks, no parsing).

    Lines after the header are counted, blank lines (which the reader skips) left out; a
    quoted value spanning lines would count twice, so the total is an upper bound in
    that rare case (the progress bar then stops a little short of full).
    """
    lines = blank = 0
    last = b"\n"
    with open(path, "rb") as fh:
        while chunk := fh.read(block):
            lines += chunk.count(b"\n")
            blank += chunk.count(b"\n\n") + chunk.count(b"\n\r\n")
            if last == b"\n" and chunk[:1] == b"\n":
                blank += 1  # a blank line split over two blocks
            last = chunk[-1:]
    if last not in (b"\n", b""):
        lines += 1  # the last line has no line end
    return max(lines - blank - 1, 0)


def _batch_rows(path: pathlib.Path) -> int | None:
    """The number of rows of a Parquet dataset (from its metadata) or a CSV file, for the progress bar."""
    try:
        if path.is_dir() or path.suffix.lower() in (".parquet", ".pq"):
            import pyarrow.dataset as ds

            return int(ds.dataset(path, format="parquet").count_rows())
        if path.suffix.lower() == ".csv":
            return _csv_rows(path)
    except Exception:  # a broken file is reported by the scoring itself
        return None
    return None


@click.command("score")
@click.argument("file", type=click.Path(exists=True, path_type=pathlib.Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="One questionnaire: a readable summary or the JSON result.")
@click.option("--output", "-o", type=click.Path(path_type=pathlib.Path),
              help="Batch: results file (.parquet or .csv).")
@click.option("--errors", "errors_path", type=click.Path(path_type=pathlib.Path),
              help="Batch: write the rejected rows (row, field, value, reason) to this CSV.")
@click.option("--fail-fast", is_flag=True, help="Batch: stop at the first invalid row.")
@click.option("--preventive", is_flag=True, default=None, help="Preventive policy: always advise (WS-ADV-4).")
@click.option("--chunk-rows", type=click.IntRange(min=1), default=262144, show_default=True)
@click.option("--id-column", help="Batch: a column carried into the results.")
@click.option("--lang", type=click.Choice(["nl", "en"]), default="en", show_default=True,
              help="Language of the text summary.")
def score_command(file: pathlib.Path, fmt: str, output: pathlib.Path | None, errors_path: pathlib.Path | None,
                  fail_fast: bool, preventive: bool | None, chunk_rows: int, id_column: str | None,
                  lang: str) -> None:
    """Score a questionnaire (JSON) or a batch (CSV/Parquet, written to --output)."""
    from werkscan._scoring.scalar import score

    if not _is_batch(file):
        result = score(_load_answers(file), preventive=preventive)
        if fmt == "json":
            click.echo(json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False))
        else:
            click.echo(_summary_text(result, lang))
        return
    if output is None:
        raise click.UsageError("a batch needs --output FILE (.parquet or .csv)")
    from werkscan._scoring.batch import score_file

    total = _batch_rows(file)
    show = sys.stderr.isatty()
    if show:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(TextColumn("scoring"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      transient=True) as progress:
            task = progress.add_task("score", total=total)
            summary = score_file(file, output, errors_output=errors_path, preventive=preventive,
                                 chunk_rows=chunk_rows, fail_fast=fail_fast, id_column=id_column,
                                 progress=lambda n: progress.advance(task, n))
    else:
        summary = score_file(file, output, errors_output=errors_path, preventive=preventive,
                             chunk_rows=chunk_rows, fail_fast=fail_fast, id_column=id_column)
    report: dict[str, Any] = {"rows": summary.rows, "scored": summary.scored, "rejected": summary.rejected,
                              "output": str(summary.output)}
    if summary.errors_output is not None:
        report["errors"] = str(summary.errors_output)
    if fmt == "json":
        click.echo(json.dumps(report))
    else:
        click.echo(f"{summary.rows} rows read, {summary.scored} scored, {summary.rejected} rejected; "
                   f"results in {summary.output}"
                   + (f", errors in {summary.errors_output}" if summary.errors_output else ""))
        if summary.rejected and summary.errors_output is None:
            click.echo("(pass --errors FILE to see why rows were rejected)")


@click.command("report")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=pathlib.Path))
@click.option("--pdf", "pdf_path", type=click.Path(dir_okay=False, path_type=pathlib.Path))
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=pathlib.Path))
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True)
@click.option("--preventive", is_flag=True, default=None, help="Preventive policy: always advise (WS-ADV-4).")
def report_command(file: pathlib.Path, pdf_path: pathlib.Path | None, html_path: pathlib.Path | None,
                   lang: str, preventive: bool | None) -> None:
    """Render a worker's report (WS-RPT-1) from a JSON answers file, as PDF and/or HTML."""
    if pdf_path is None and html_path is None:
        raise click.UsageError("give --pdf FILE and/or --html FILE")
    from werkscan._reports.render import worker_report_html, worker_report_pdf
    from werkscan._scoring.scalar import score

    result = score(_load_answers(file), preventive=preventive)
    if html_path is not None:
        html_path.write_text(worker_report_html(result, lang=lang), encoding="utf-8")
        click.echo(f"wrote {html_path}")
    if pdf_path is not None:
        worker_report_pdf(result, pdf_path, lang=lang)
        click.echo(f"wrote {pdf_path}")


@click.command("schema")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=pathlib.Path),
              help="Write the schema to a file instead of standard output.")
def schema_command(output: pathlib.Path | None) -> None:
    """Print the JSON Schema of the questionnaire answers (for form builders)."""
    text = json.dumps(Answers.model_json_schema(), indent=2, ensure_ascii=False)
    if output is None:
        click.echo(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")
        click.echo(f"wrote {output}")


@click.command("employer-report")
@click.argument("file", type=click.Path(exists=True, path_type=pathlib.Path))
@click.option("--employer", required=True, help="The employer's name, shown on the report.")
@click.option("--pdf", "pdf_path", type=click.Path(dir_okay=False, path_type=pathlib.Path))
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=pathlib.Path))
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True)
@click.option("--context", is_flag=True, help="Add the research context on productivity and care costs (WS-RPT-3).")
@click.option("--licence", "licence_id", metavar="ID", default=None,
              help="The Werkscan licence the report is made under; refused unless valid on --on (WS-LIC-1).")
@click.option("--storage", "storage_url", metavar="URL", default=None,
              help="Storage holding the licences (default: BLIKOPWERK_STORAGE_URL or sqlite:///blikopwerk.sqlite3).")
@click.option("--on", "on_text", metavar="DATE", default=None,
              help="The day of the report for the licence check (default: today, UTC).")
def employer_report_command(file: pathlib.Path, employer: str, pdf_path: pathlib.Path | None,
                            html_path: pathlib.Path | None, lang: str, context: bool,
                            licence_id: str | None, storage_url: str | None, on_text: str | None) -> None:
    """Render an employer report (WS-RPT-2) from one employer's batch (answers or scored results).

    FILE is a CSV/Parquet batch of answers (scored here; invalid rows do not count as
    completed) or a results file written by ``werkscan score``. Fewer than 25 completed
    questionnaires are refused. With ``--licence ID`` the licence is looked up in the
    storage first: an unknown or expired licence cannot produce employer reports
    (WS-LIC-1) and nothing is written.
    """
    if pdf_path is None and html_path is None:
        raise click.UsageError("give --pdf FILE and/or --html FILE")
    if licence_id is None and (storage_url is not None or on_text is not None):
        raise click.UsageError("--storage and --on belong to --licence ID")
    if licence_id is not None:
        from blikopwerk._cli import parse_date
        from blikopwerk._select import open_storage
        from werkscan._reports.employer import require_reporting_licence

        on = parse_date(on_text, "on") if on_text is not None else None
        storage = open_storage(storage_url)
        try:
            require_reporting_licence(storage, licence_id, on)
        finally:
            storage.close()
    from werkscan._reports.employer import summarise_employer
    from werkscan._reports.render import employer_report_html, employer_report_pdf
    from werkscan._scoring.batch import score_batch

    if not _is_batch(file):
        raise InvalidValueError("file", str(file), "expected a .csv or .parquet batch")
    results: Any = _read_results(file)
    if results is None:
        batch = score_batch(file)
        results = batch.results
        if batch.rejected:
            click.echo(f"{batch.rejected} invalid rows were left out", err=True)
    summary = summarise_employer(results, employer=employer)
    if html_path is not None:
        html_path.write_text(employer_report_html(summary, lang=lang, context=context), encoding="utf-8")
        click.echo(f"wrote {html_path}")
    if pdf_path is not None:
        employer_report_pdf(summary, pdf_path, lang=lang, context=context)
        click.echo(f"wrote {pdf_path}")


def _read_results(path: pathlib.Path) -> Any:
    """A results table written by ``werkscan score``, or None when the file holds answers."""
    import pyarrow.csv as pcsv
    import pyarrow.dataset as ds

    if path.suffix.lower() == ".csv":
        table = pcsv.read_csv(path)
    else:
        table = ds.dataset(path, format="parquet").to_table()
    return table if {"score", "band", "advice"} <= set(table.column_names) else None
