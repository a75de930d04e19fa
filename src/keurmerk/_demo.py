"""The Keurmerk part of the main demo: fee, audit, calendar, stars, search and a survey."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from importlib import resources
from pathlib import Path

__all__ = ["demo", "main"]


def demo(workdir: Path, echo: Callable[[str], None]) -> None:
    """Run the Keurmerk demo, writing survey reports into ``workdir``.

    Example:
        >>> import tempfile, pathlib
        >>> lines = []
        >>> demo(pathlib.Path(tempfile.mkdtemp()), lines.append)
        >>> any("2.327,00" in line for line in lines)
        True
    """
    from keurmerk import (
        Provider,
        StarInputs,
        TariffNotInSourcesError,
        audit_estimate,
        audit_route,
        load_survey,
        measurement_period,
        participant_fee,
        search_providers,
        stars,
        withdrawal_deadline,
        write_survey_report,
    )

    echo("Participant fee by annual turnover (KM-FEE-1), excl. VAT:")
    for turnover in ("74999", "74999.50", "75000", "249999", "250000", "50000000"):
        echo(f"  {Decimal(turnover):>14,.2f} -> {participant_fee(turnover).format()}")
    try:
        participant_fee(120_000, services=[11])
    except TariffNotInSourcesError as exc:
        echo(f"  inburgering-only provider: refused ({exc.code}): tariffs are not in the sources (KM-FEE-4)")
    for turnover in ("249999.99", "250000"):
        echo(f"Audit route at {turnover} (KM-AUD-1): {audit_route(turnover).describe()}")
    for employees, year in ((4, 1), (30, 1), (30, 2), (600, 3)):
        e = audit_estimate(employees, year)
        echo(f"Results audit, {employees} staff, year {year}: {e.mandays} man-days x "
             f"{e.rate.format()} = {e.cost.format()} (estimate, KM-AUD-3/4)")

    period = measurement_period(dt.date(2024, 2, 29))
    echo(f"Measurement period from {period.start} (KM-CAL-1): ends {period.end}; result data asked "
         f"{period.data_request_from} - {period.data_request_to}; audit by {period.audit_deadline}")
    echo(f"Registered 2024-02-20: may withdraw until {withdrawal_deadline(dt.date(2024, 2, 20))} (KM-CAL-4)")

    result = stars(StarInputs(norms_met=True, client_mark="8.3", principal_mark="7.6", performance_pct=80,
                              effort_pct=10, staff_pct=100, services=(7, 8)))
    echo(f"Stars (default policy KM-STAR-2, a decision): {result.stars}: "
         + ", ".join(c.id for c in result.counted))

    providers = [
        Provider("p1", "Werkpad Coöperatie", [("3511 AB", "Utrecht"), ("1012 AB", "Amsterdam")],
                 presentation="Jobcoaching en outplacement", mark="8.2", stars=3, top_services=[5, 7]),
        Provider("p2", "Loopbaanhuis", [("2511 AA", "Den Haag")], presentation="Loopbaanoriëntatie",
                 mark="7.4", stars=4, top_services=[3]),
        Provider("p3", "Re-integratie Oost", [("6811 AA", "Arnhem")], mark="7.9", stars=2,
                 top_services=[8, 9]),
    ]
    for label, kwargs in (("by mark", {}), ("by stars", {"order": "stars"}),
                          ("near 3811 (Amersfoort)", {"near": "3811"}),
                          ("keywords 'cooperatie loopbaanorientatie'",
                           {"query": "cooperatie loopbaanorientatie"})):
        hits = search_providers(providers, **kwargs)  # type: ignore[arg-type]
        shown = ", ".join(h.provider.name + (f" {h.distance:.1f~P}" if h.distance is not None else "")
                          for h in hits)
        echo(f"Search {label} (KM-SRCH-1): {shown}")

    text = resources.files("keurmerk").joinpath("data/example_survey_2020.json").read_text("utf-8")
    import json

    data = load_survey(json.loads(text, parse_float=str))
    survey = data.analyse()
    echo(f"Survey of {data.provider}:")
    for row in survey.rows:
        echo(f"  {row.label[:45]:<45} net {row.net_sample:>3}  completed {row.completed:>3}  "
             f"response {row.response_pct:>5} %  mark {row.mean_mark}  published {'ja' if row.published else 'nee'}")
    echo(f"  norm met: {survey.norm.met}; actual promoter score {survey.promoter_clients.score}")
    period_dates = (data.period_start, data.period_end) if data.period_start and data.period_end else None
    for name in ("keurmerk-survey.pdf", "keurmerk-survey.html"):
        path = write_survey_report(survey, workdir / name, provider=data.provider, period=period_dates)
        echo(f"  wrote {path}")


def main(argv: list[str] | None = None) -> int:
    """Run the Keurmerk demo: ``python -m keurmerk._demo --workdir DIR``."""
    from blikopwerk._demo import cli_demo, run_demo

    return run_demo([("Keurmerk: command line", cli_demo([["keurmerk", "--version"]])),
                     ("Keurmerk", demo)], argv, __doc__)


if __name__ == "__main__":
    import sys

    sys.exit(main())
