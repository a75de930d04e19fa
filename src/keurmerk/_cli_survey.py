"""``keurmerk survey FILE``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from keurmerk._cli_common import FORMAT_OPTION, console, emit
from keurmerk._paths import output_path
from keurmerk._report import survey_table_rows, write_survey_report
from keurmerk._survey import SurveyResult
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


def _write(result: SurveyResult, path: Path, option: str, provider: str,
           period: tuple[dt.date, dt.date] | None) -> Path:
    try:
        return write_survey_report(result, path, provider=provider, period=period)
    except OSError as exc:
        raise invalid(option, str(path), f"cannot be written: {exc.strerror or exc}") from None


@click.command("survey")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--net-sample", multiple=True, metavar="SERVICE=N",
              help="Clients' net sample per service (needed for a CSV file; overrides the JSON's).")
@click.option("--principals-net-sample", type=int, help="Principals' net sample.")
@click.option("--historic", is_flag=True, help="Historic data: accept dienst 12.")
@click.option("--low-mark-value", help="Value of failing marks in the corrected mean (default 5, KM-SAT-4).")
@click.option("--pdf", "pdf", type=click.Path(dir_okay=False, path_type=Path), help="Write a PDF report.")
@click.option("--html", "html", type=click.Path(dir_okay=False, path_type=Path), help="Write an HTML report.")
@FORMAT_OPTION
def survey_command(file: Path, net_sample: tuple[str, ...], principals_net_sample: int | None, historic: bool,
                   low_mark_value: str | None, pdf: Path | None, html: Path | None, fmt: str) -> None:
    """Analyse a satisfaction survey FILE (.json, or .csv with --net-sample) (KM-SAT-*).

    Example: keurmerk survey survey.json --pdf report.pdf
    """
    outputs = [(output_path(p, option, suffixes), option) for p, option, suffixes in
               ((pdf, "--pdf", (".pdf",)), (html, "--html", (".html", ".htm"))) if p is not None]
    data = load_survey_file(file, net_sample=_net_samples(net_sample),
                            principals_net_sample=principals_net_sample, historic=historic)
    result = data.analyse(low_mark_value=low_mark_value)
    period = (data.period_start, data.period_end) if data.period_start and data.period_end else None
    written = [_write(result, p, option, data.provider, period) for p, option in outputs]
    if fmt == "json":
        emit({"provider": data.provider, **result.as_dict(), "reports": [str(p) for p in written]})
        return
    from rich.table import Table

    rows = survey_table_rows(result)
    table = Table(*rows[0], title=f"Resultaten voor het keurmerk: {data.provider or file.name}")
    for row in rows[1:]:
        table.add_row(*row)
    out = console()
    out.print(table)
    norm = result.norm
    verdict = "met" + (" (after the low-mark correction)" if norm.by_correction else "") if norm.met else "NOT met"
    out.print(f"Satisfaction norm (KM-SAT-3/4): {verdict}")
    for reason in norm.reasons:
        out.print(f"  - {reason}")
    score = result.promoter_clients.score
    out.print(f"Actual promoter score, clients (KM-SAT-7): {'-' if score is None else score}")
    shares = ", ".join(f"{k.replace('_', ' ')} {v if v is not None else '-'} %"
                       for k, v in result.satisfaction.shares.items())
    out.print(f"Satisfaction (KM-SAT-8): {shares}")
    for p in written:
        out.print(f"wrote {p}")
