"""``keurmerk calendar`` and ``keurmerk services``."""

from __future__ import annotations

import click

from blikopwerk._cli import console, lang_option
from blikopwerk._i18n import N_
from keurmerk._calendar import aspirant_end, measurement_period, withdrawal_deadline
from keurmerk._cli_common import FORMAT_OPTION, emit, print_pairs, tr
from keurmerk._services import services

__all__ = ["calendar_command", "services_command"]


@click.command("calendar", help=N_("""Measurement-period dates for a START date (YYYY-MM-DD).

Example: keurmerk calendar 2024-02-29 --registered 2024-02-20"""))
@click.argument("start")
@click.option("--registered", help=N_("Registration date (YYYY-MM-DD): shows the withdrawal deadline."))
@click.option("--aspirant-from", help=N_("Date the aspirant status started (YYYY-MM-DD): shows its latest end."))
@click.option("--periods", default=1, show_default=True, type=click.IntRange(1, 50),
              help=N_("How many consecutive periods to show."))
@FORMAT_OPTION
@lang_option
def calendar_command(start: str, registered: str | None, aspirant_from: str | None, periods: int,
                     fmt: str, lang: str) -> None:
    """Command line: the help text is ``help=`` above (translated at run time)."""
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
    t = tr(lang)
    for i, p in enumerate(chain, start=1):
        print_pairs(t._("Measurement period {n}").format(n=i), [
            (t._("period"), t._("{start} to {end} ({days} days)").format(
                start=t.date(p.start), end=t.date(p.end), days=t.integer(p.days))),
            (t._("result data requested"), t._("{start} to {end}").format(
                start=t.date(p.data_request_from), end=t.date(p.data_request_to))),
            (t._("results audit at the latest"), t.date(p.audit_deadline)),
        ])
    extra = []
    if withdrawal is not None:
        extra.append((t._("withdraw at the latest"), t.date(withdrawal)))
    if aspirant is not None:
        extra.append((t._("aspirant status ends at the latest"), t.date(aspirant)))
    if extra:
        print_pairs(t._("Registration"), extra)


@click.command("services", help=N_("""The Keurmerk services (diensten) with their numbers."""))
@click.option("--historic", is_flag=True, help=N_("Include dienst 12, which no longer exists (historic data only)."))
@FORMAT_OPTION
@lang_option
def services_command(historic: bool, fmt: str, lang: str) -> None:
    """Command line: the help text is ``help=`` above (translated at run time)."""
    rows = services(historic=historic)
    if fmt == "json":
        emit([{"number": s.number, "name_nl": s.name_nl, "name_en": s.name_en, "retired": s.retired}
              for s in rows])
        return
    from rich.table import Table

    t = tr(lang)
    table = Table(t._("number"), t._("service"), title=t._("Keurmerk services"))
    for s in rows:
        name = s.name_nl if lang == "nl" else s.name_en
        table.add_row(str(s.number), name + (t._(" (no longer exists)") if s.retired else ""))
    console().print(table)
