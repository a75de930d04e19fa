"""``keurmerk survey FILE``."""

from __future__ import annotations

from pathlib import Path

import click

from blikopwerk import InvalidValueError
from keurmerk._cli_common import FORMAT_OPTION, emit
from keurmerk._report import survey_table_rows, write_survey_report
from keurmerk._survey_io import load_survey_file

__all__ = ["survey_command"]


def _net_samples(values: tuple[str, ...]) -> dict[int, int] | None:
    if not values:
        return None
    result: dict[int, int] = {}
    for value in values:
        key, sep, count = value.partition("=")
        if not sep or not key.strip().isdigit() or not count.strip().isdigit():
            raise InvalidValueError("--net-sample", value, "write SERVICE=COUNT, e.g. 8=428")
        result[int(key)] = int(count)
    return result


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
    data = load_survey_file(file, net_sample=_net_samples(net_sample),
                            principals_net_sample=principals_net_sample, historic=historic)
    result = data.analyse(low_mark_value=low_mark_value)
    period = (data.period_start, data.period_end) if data.period_start and data.period_end else None
    written = [write_survey_report(result, p, provider=data.provider, period=period)
               for p in (pdf, html) if p is not None]
    if fmt == "json":
        emit({"provider": data.provider, **result.as_dict(), "reports": [str(p) for p in written]})
        return
    from rich.console import Console
    from rich.table import Table

    rows = survey_table_rows(result)
    table = Table(*rows[0], title=f"Resultaten voor het keurmerk: {data.provider or file.name}")
    for row in rows[1:]:
        table.add_row(*row)
    console = Console()
    console.print(table)
    norm = result.norm
    verdict = "met" + (" (after the low-mark correction)" if norm.by_correction else "") if norm.met else "NOT met"
    console.print(f"Satisfaction norm (KM-SAT-3/4): {verdict}")
    for reason in norm.reasons:
        console.print(f"  - {reason}")
    score = result.promoter_clients.score
    console.print(f"Actual promoter score, clients (KM-SAT-7): {'-' if score is None else score}")
    shares = ", ".join(f"{k.replace('_', ' ')} {v if v is not None else '-'} %"
                       for k, v in result.satisfaction.shares.items())
    console.print(f"Satisfaction (KM-SAT-8): {shares}")
    for p in written:
        console.print(f"wrote {p}")
