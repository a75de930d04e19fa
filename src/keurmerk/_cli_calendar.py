"""``keurmerk calendar`` and ``keurmerk services``."""

from __future__ import annotations

import click

from keurmerk._calendar import aspirant_end, measurement_period, withdrawal_deadline
from keurmerk._cli_common import FORMAT_OPTION, console, emit, print_pairs
from keurmerk._services import services

__all__ = ["calendar_command", "services_command"]


@click.command("calendar")
@click.argument("start")
@click.option("--registered", help="Registration date (YYYY-MM-DD): shows the withdrawal deadline.")
@click.option("--aspirant-from", help="Date aspirant status started: shows its latest end.")
@click.option("--periods", default=1, show_default=True, type=click.IntRange(1, 50),
              help="How many consecutive periods to show.")
@FORMAT_OPTION
def calendar_command(start: str, registered: str | None, aspirant_from: str | None, periods: int,
                     fmt: str) -> None:
    """Measurement-period dates for a START date (YYYY-MM-DD) (KM-CAL-1 to KM-CAL-5).

    Example: keurmerk calendar 2024-02-29 --registered 2024-02-20
    """
    period = measurement_period(start)
    chain = [period]
    for _ in range(periods - 1):
        chain.append(chain[-1].next())
    withdrawal = None if registered is None else withdrawal_deadline(registered)
    aspirant = None if aspirant_from is None else aspirant_end(aspirant_from)
    if fmt == "json":
        emit({"periods": [p.as_dict() for p in chain],
              "withdrawal_deadline": None if withdrawal is None else withdrawal.isoformat(),
              "aspirant_end": None if aspirant is None else aspirant.isoformat()})
        return
    for i, p in enumerate(chain, start=1):
        print_pairs(f"Measurement period {i}", [
            ("period (KM-CAL-1)", f"{p.start:%Y-%m-%d} to {p.end:%Y-%m-%d} ({p.days} days)"),
            ("result data requested (KM-CAL-2)", f"{p.data_request_from:%Y-%m-%d} to {p.data_request_to:%Y-%m-%d}"),
            ("results audit at the latest (KM-CAL-3)", f"{p.audit_deadline:%Y-%m-%d}"),
        ])
    extra = []
    if withdrawal is not None:
        extra.append(("withdraw at the latest (KM-CAL-4)", f"{withdrawal:%Y-%m-%d}"))
    if aspirant is not None:
        extra.append(("aspirant status ends at the latest (KM-CAL-5)", f"{aspirant:%Y-%m-%d}"))
    if extra:
        print_pairs("Registration", extra)


@click.command("services")
@click.option("--historic", is_flag=True, help="Include dienst 12 (historic data only).")
@FORMAT_OPTION
def services_command(historic: bool, fmt: str) -> None:
    """The Keurmerk services with Dutch and English names (KM-SVC-1)."""
    rows = services(historic=historic)
    if fmt == "json":
        emit([{"number": s.number, "name_nl": s.name_nl, "name_en": s.name_en, "retired": s.retired}
              for s in rows])
        return
    from rich.table import Table

    table = Table("dienst", "Nederlands", "English", title="Keurmerk services (KM-SVC-1)")
    for s in rows:
        table.add_row(str(s.number), s.name_nl, s.name_en + (" (no longer exists)" if s.retired else ""))
    console().print(table)
