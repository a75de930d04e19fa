"""``keurmerk survey FILE``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from blikopwerk._cli import console, lang_option, require_extra
from blikopwerk._i18n import N_, Translator
from keurmerk._cli_common import FORMAT_OPTION, emit, tr
from keurmerk._paths import output_path
from keurmerk._report import SATISFACTION_TERMS, SurveyReference, survey_table_rows, write_survey_report
from keurmerk._survey import SATISFACTION_LEVELS, SurveyResult
from keurmerk._survey_io import load_survey_file
from keurmerk._values import digits_to_int, invalid

__all__ = ["survey_command"]

def _net_samples(values: tuple[str, ...]) -> dict[int, int] | None:
    if not values:
        return None
    result: dict[int, int] = {}
    for value in values:
        key, sep, count = value.partition("=")
        service, number = digits_to_int(key), digits_to_int(count)
        if not sep or not isinstance(service, int) or not isinstance(number, int):
            raise invalid("--net-sample", value, "write SERVICE=COUNT, e.g. 8=428")
        if service in result:
            raise invalid("--net-sample", value, f"service {service} given twice")
        result[service] = number
    return result


def _write(result: SurveyResult, path: Path, option: str, provider: str, period: tuple[dt.date, dt.date] | None,
           lang: str, reference: SurveyReference | None) -> Path:
    try:
        return write_survey_report(result, path, provider=provider, period=period, lang=lang, reference=reference)
    except OSError as exc:
        raise invalid(option, str(path), f"cannot be written: {exc.strerror or exc}") from None


def _reference(file: Path, reference: Path | None) -> SurveyReference | None:
    """``--reference FILE``, else a ``reference`` object in a JSON survey file, else none."""
    if reference is not None:
        return SurveyReference.from_file(reference)
    if file.suffix.lower() == ".json":
        raw = json.loads(file.read_text("utf-8"), parse_float=str)
        if isinstance(raw, dict) and raw.get("reference") is not None:
            return SurveyReference.from_mapping(raw["reference"])
    return None


def _print(result: SurveyResult, provider: str, t: Translator) -> None:
    from rich import box
    from rich.table import Table

    rows = survey_table_rows(result, lang=t.lang)
    out = console()
    out.print(t._("Results for the Keurmerk: {provider}").format(provider=provider))
    table = Table(box=box.SIMPLE_HEAD)
    table.add_column(rows[0][0], min_width=10)
    for i, header in enumerate(rows[0][1:], start=1):
        width = max([len(word) for word in header.split()] + [len(row[i]) for row in rows[1:]])
        table.add_column(header, justify="right", min_width=width, max_width=width)
    for row in rows[1:]:
        table.add_row(*row)
    out.print(table)
    norm = result.norm
    if norm.met:
        verdict = (t._("The satisfaction norm is met, thanks to the correction for low marks.") if norm.by_correction
                   else t._("The satisfaction norm is met."))
    else:
        verdict = t._("The satisfaction norm is not met.")
    out.print(verdict)
    score = result.promoter_clients.score
    out.print(t._("Actual promoter score of the clients: {score}.").format(
        score="—" if score is None else t.number(score, decimals=1)))
    shares = ", ".join(f"{t.gettext(SATISFACTION_TERMS[k])} "
                       f"{'—' if result.satisfaction.shares[k] is None else t.percent(result.satisfaction.shares[k], decimals=1)}"
                       for k in SATISFACTION_LEVELS)
    out.print(t._("Satisfaction: {shares}").format(shares=shares))


@click.command("survey", help=N_("""Analyse a satisfaction survey FILE (.json, or .csv with --net-sample).

Example: keurmerk survey survey.json --pdf report.pdf"""))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--net-sample", multiple=True, metavar="SERVICE=N",
              help=N_("Clients' net sample per service (needed for a CSV file; overrides the JSON's)."))
@click.option("--principals-net-sample", type=int, help=N_("Principals' net sample."))
@click.option("--historic", is_flag=True, help=N_("Historic data: accept dienst 12."))
@click.option("--low-mark-value", help=N_("Value of failing marks in the corrected mean (default 5)."))
@click.option("--reference", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help=N_("JSON file with the figures of all participants, to compare with (see the how-to)."))
@click.option("--pdf", "pdf", type=click.Path(dir_okay=False, path_type=Path), help=N_("Write a PDF report."))
@click.option("--html", "html", type=click.Path(dir_okay=False, path_type=Path), help=N_("Write an HTML report."))
@FORMAT_OPTION
@lang_option
def survey_command(file: Path, net_sample: tuple[str, ...], principals_net_sample: int | None, historic: bool,
                   low_mark_value: str | None, reference: Path | None, pdf: Path | None, html: Path | None,
                   fmt: str, lang: str) -> None:
    """Command line: the help text is ``help=`` above (translated at run time)."""
    t = tr(lang)
    outputs = [(output_path(p, option, suffixes), option) for p, option, suffixes in
               ((pdf, "--pdf", (".pdf",)), (html, "--html", (".html", ".htm"))) if p is not None]
    if outputs:
        require_extra("reports", "matplotlib", "reportlab", "jinja2")
    data = load_survey_file(file, net_sample=_net_samples(net_sample),
                            principals_net_sample=principals_net_sample, historic=historic)
    result = data.analyse(low_mark_value=low_mark_value)
    period = (data.period_start, data.period_end) if data.period_start and data.period_end else None
    figures = _reference(file, reference)
    written = [_write(result, p, option, data.provider, period, lang, figures) for p, option in outputs]
    if fmt == "json":
        emit({"provider": data.provider, **result.as_dict(), "reports": [str(p) for p in written]})
        return
    _print(result, data.provider or file.name, t)
    for p in written:
        console().print(t._("wrote {path}").format(path=p))
