"""CLI commands for scoring and reports: ``werkscan score``, ``report``, ``schema``, ``employer-report``."""

from __future__ import annotations

import json
import pathlib
import sys
from typing import Any

import click

from blikopwerk._cli import console, lang_option, require_extra
from blikopwerk._errors import InvalidValueError
from blikopwerk._i18n import N_, translator
from werkscan._reports.words import advice_reason, score_text
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
    """The result of one questionnaire in words, in one language; no rule ids."""
    t = translator("werkscan", lang)
    wai = result.wai
    items = wai.items
    lines = [
        t._("WAI: {score} of 7-49, band: {band}").format(score=score_text(wai.score, t), band=wai.band_label(lang)),
        "  " + t._("items: {items}").format(items=" ".join(
            f"{i}={score_text(v, t)}" for i, v in enumerate(
                (items.current_work_ability, items.demands, items.diseases, items.impairment, items.sick_leave,
                 items.prognosis, items.mental_resources), start=1))),
        t._("advice: {advice}").format(advice=label(result.advice, lang)),
        "  " + advice_reason(result, t),
        t._("signals:"),
        *[f"  {label(area, lang):<22} {label(level, lang)}" for area, level in result.signals.items()],
        t._("act on: {areas}").format(areas=t.join(label(a, lang) for a in result.act_on) or "—"),
        t._("WAI drop that goes with the signals (an explanation, not part of the score): {drop}").format(
            drop=t.number(result.signal_drop)),
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


@click.command("score", help=N_("""Score a questionnaire (JSON) or a batch (CSV or Parquet, written to --output).

One questionnaire prints the WAI, the band, the advice and why, the signals and where
to act. A batch prints how many rows were read, scored and rejected; it exits with code
1 when more rows were rejected than --max-rejected allows (0 by default), and with
code 2 when it cannot be read at all."""))
@click.argument("file", type=click.Path(exists=True, path_type=pathlib.Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help=N_("One questionnaire: a readable summary or the JSON result. A batch: a summary line or JSON."))
@click.option("--output", "-o", type=click.Path(path_type=pathlib.Path),
              help=N_("Batch: results file (.parquet or .csv)."))
@click.option("--errors", "errors_path", type=click.Path(path_type=pathlib.Path),
              help=N_("Batch: write the rejected rows (row, field, value, reason) to this CSV."))
@click.option("--fail-fast", is_flag=True, help=N_("Batch: stop at the first invalid row."))
@click.option("--preventive", is_flag=True, default=None,
              help=N_("Preventive policy: advise a conversation whatever the score."))
@click.option("--chunk-rows", type=click.IntRange(min=1), default=262144, show_default=True,
              help=N_("Batch: rows scored at a time (memory against speed)."))
@click.option("--id-column", help=N_("Batch: a column carried into the results."))
@click.option("--max-rejected", type=click.IntRange(min=0), default=0, show_default=True,
              help=N_("Batch: exit with code 1 when more rows than this are rejected."))
@click.option("--sep", type=click.Choice([",", ";", "tab", "|"]), default=None,
              help=N_("Batch CSV: the separator (default: detected from the header)."))
@click.option("--decimal", type=click.Choice([".", ","]), default=None,
              help=N_("Batch CSV: the decimal mark (default: ',' when the separator is ';', else '.')."))
@lang_option
def score_command(file: pathlib.Path, fmt: str, output: pathlib.Path | None, errors_path: pathlib.Path | None,
                  fail_fast: bool, preventive: bool | None, chunk_rows: int, id_column: str | None,
                  max_rejected: int, sep: str | None, decimal: str | None, lang: str) -> None:
    """Command line: the help text is ``help=`` above (translated at run time)."""
    from werkscan._scoring.scalar import score

    t = translator("werkscan", lang)

    if not _is_batch(file):
        result = score(_load_answers(file), preventive=preventive)
        if fmt == "json":
            click.echo(json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False))
        else:
            click.echo(_summary_text(result, lang))
        return
    if output is None:
        raise click.UsageError(t._("a batch needs --output FILE (.parquet or .csv)"))
    require_extra("batch", "pyarrow", "numpy")
    from werkscan._scoring.batch import score_file

    total = _batch_rows(file)
    if total == 0:
        raise InvalidValueError("file", str(file), "holds no rows to score")
    options: dict[str, Any] = {"sep": "\t" if sep == "tab" else sep, "decimal": decimal}
    show = sys.stderr.isatty()
    if show:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(TextColumn(t._("scoring")), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      transient=True, console=console(stderr=True)) as progress:
            task = progress.add_task("score", total=total)
            summary = score_file(file, output, errors_output=errors_path, preventive=preventive,
                                 chunk_rows=chunk_rows, fail_fast=fail_fast, id_column=id_column,
                                 progress=lambda n: progress.advance(task, n), **options)
    else:
        summary = score_file(file, output, errors_output=errors_path, preventive=preventive,
                             chunk_rows=chunk_rows, fail_fast=fail_fast, id_column=id_column, **options)
    if summary.rows == 0:
        raise InvalidValueError("file", str(file), "holds no rows to score")
    report: dict[str, Any] = {"rows": summary.rows, "scored": summary.scored, "rejected": summary.rejected,
                              "output": str(summary.output)}
    if summary.errors_output is not None:
        report["errors"] = str(summary.errors_output)
    if fmt == "json":
        click.echo(json.dumps(report))
    else:
        line = t._("{rows} rows read, {scored} scored, {rejected} rejected; results in {output}").format(
            rows=t.integer(summary.rows), scored=t.integer(summary.scored), rejected=t.integer(summary.rejected),
            output=summary.output)
        if summary.errors_output:
            line += t._(", errors in {path}").format(path=summary.errors_output)
        click.echo(line)
        if summary.rejected and summary.errors_output is None:
            click.echo(t._("(pass --errors FILE to see why rows were rejected)"))
    if summary.rejected > max_rejected:
        click.echo(t._("error: {rejected} rows rejected, more than --max-rejected {allowed} allows").format(
            rejected=t.integer(summary.rejected), allowed=max_rejected), err=True)
        sys.exit(1)


@click.command("report", help=N_("""Render a worker's report from a JSON answers file, as PDF and/or HTML."""))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=pathlib.Path))
@click.option("--pdf", "pdf_path", type=click.Path(dir_okay=False, path_type=pathlib.Path),
              help=N_("Write the report as PDF to this file."))
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=pathlib.Path),
              help=N_("Write the report as HTML to this file."))
@lang_option
@click.option("--preventive", is_flag=True, default=None,
              help=N_("Preventive policy: advise a conversation whatever the score."))
def report_command(file: pathlib.Path, pdf_path: pathlib.Path | None, html_path: pathlib.Path | None,
                   lang: str, preventive: bool | None) -> None:
    """Command line: the help text is ``help=`` above (translated at run time)."""
    t = translator("werkscan", lang)
    if pdf_path is None and html_path is None:
        raise click.UsageError(t._("give --pdf FILE and/or --html FILE"))
    require_extra("reports", "matplotlib", "reportlab", "jinja2")
    from werkscan._reports.render import worker_report_html, worker_report_pdf
    from werkscan._scoring.scalar import score

    result = score(_load_answers(file), preventive=preventive)
    if html_path is not None:
        html_path.write_text(worker_report_html(result, lang=lang), encoding="utf-8")
        click.echo(t._("wrote {path}").format(path=html_path))
    if pdf_path is not None:
        worker_report_pdf(result, pdf_path, lang=lang)
        click.echo(t._("wrote {path}").format(path=pdf_path))


@click.command("schema", help=N_("""Print the JSON Schema of the questionnaire answers (for form builders)."""))
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=pathlib.Path),
              help=N_("Write the schema to a file instead of standard output."))
@lang_option
def schema_command(output: pathlib.Path | None, lang: str) -> None:
    """Command line: the help text is ``help=`` above (translated at run time)."""
    text = json.dumps(Answers.model_json_schema(), indent=2, ensure_ascii=False)
    if output is None:
        click.echo(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")
        click.echo(translator("werkscan", lang)._("wrote {path}").format(path=output))


@click.command("employer-report", help=N_("""Render an employer report from one employer's batch (answers or scored results).

FILE is a CSV or Parquet batch of answers (scored here; invalid rows do not count as
completed) or a results file written by "werkscan score". Fewer than 25 completed
questionnaires are refused. With --licence ID the licence is looked up in the storage
first: an unknown or expired licence cannot produce employer reports, and nothing is
written."""))
@click.argument("file", type=click.Path(exists=True, path_type=pathlib.Path))
@click.option("--employer", required=True, help=N_("The employer's name, shown on the report."))
@click.option("--pdf", "pdf_path", type=click.Path(dir_okay=False, path_type=pathlib.Path),
              help=N_("Write the report as PDF to this file."))
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=pathlib.Path),
              help=N_("Write the report as HTML to this file."))
@lang_option
@click.option("--context", is_flag=True,
              help=N_("Add the research context on productivity and care costs, with its sources."))
@click.option("--licence", "licence_id", metavar="ID", default=None,
              help=N_("The Werkscan licence the report is made under; refused unless valid on --on."))
@click.option("--storage", "storage_url", metavar="URL", default=None,
              help=N_("Storage holding the licences (default: BLIKOPWERK_STORAGE_URL or sqlite:///blikopwerk.sqlite3)."))
@click.option("--on", "on_text", metavar="DATE", default=None,
              help=N_("The day of the report (YYYY-MM-DD), also for the licence check (default: today)."))
def employer_report_command(file: pathlib.Path, employer: str, pdf_path: pathlib.Path | None,
                            html_path: pathlib.Path | None, lang: str, context: bool,
                            licence_id: str | None, storage_url: str | None, on_text: str | None) -> None:
    """Command line: the help text is ``help=`` above (translated at run time)."""
    t = translator("werkscan", lang)
    if pdf_path is None and html_path is None:
        raise click.UsageError(t._("give --pdf FILE and/or --html FILE"))
    if licence_id is None and storage_url is not None:
        raise click.UsageError(t._("--storage belongs to --licence ID"))
    require_extra("batch", "pyarrow", "numpy")
    require_extra("reports", "matplotlib", "reportlab", "jinja2")
    from blikopwerk._cli import parse_date

    on = parse_date(on_text, "on") if on_text is not None else None
    if licence_id is not None:
        from blikopwerk._select import open_storage
        from werkscan._reports.employer import require_reporting_licence

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
            click.echo(t.ngettext("{n} invalid row was left out", "{n} invalid rows were left out",
                                  batch.rejected).format(n=t.integer(batch.rejected)), err=True)
    summary = summarise_employer(results, employer=employer)
    if html_path is not None:
        html_path.write_text(employer_report_html(summary, lang=lang, context=context, on=on), encoding="utf-8")
        click.echo(t._("wrote {path}").format(path=html_path))
    if pdf_path is not None:
        employer_report_pdf(summary, pdf_path, lang=lang, context=context, on=on)
        click.echo(t._("wrote {path}").format(path=pdf_path))


def _read_results(path: pathlib.Path) -> Any:
    """A results table written by ``werkscan score``, or None when the file holds answers."""
    import pyarrow as pa
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    from werkscan._scoring.batch_sources import parquet_files

    try:
        if path.suffix.lower() == ".csv":
            names = pcsv.open_csv(path).schema.names
            if not {"score", "band", "advice"} <= set(names):
                return None
            return pcsv.read_csv(path)
        files = parquet_files(path)
        if not {"score", "band", "advice"} <= set(pq.read_schema(files[0]).names):
            return None
        return pq.read_table(files[0]) if len(files) == 1 else pa.concat_tables(pq.read_table(f) for f in files)
    except (pa.ArrowException, OSError, UnicodeDecodeError) as exc:
        raise InvalidValueError("file", str(path), f"cannot be read: {str(exc).splitlines()[0] if str(exc) else exc}") from None
