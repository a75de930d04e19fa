"""``keurmerk stars``."""

from __future__ import annotations

import click

from keurmerk._cli_common import FORMAT_OPTION, console, emit
from keurmerk._stars import StarInputs, stars
from keurmerk._tables import KEURMERK_RULES

__all__ = ["stars_command"]


@click.command("stars")
@click.option("--client-mark", help="Clients' mean mark.")
@click.option("--principal-mark", help="Principals' mean mark.")
@click.option("--performance-pct", help="% of trajectories with performance agreements.")
@click.option("--effort-pct", help="% with transparent effort agreements.")
@click.option("--staff-pct", help="% of client-facing staff meeting the function requirements.")
@click.option("--exam-guarantee", is_flag=True, help="The provider offers an exam guarantee.")
@click.option("--service", "service_numbers", multiple=True, type=int, help="A service number (repeatable).")
@click.option("--aspirant", is_flag=True, help="Aspirant holder (no stars).")
@click.option("--norms-not-met", is_flag=True, help="The provider does not meet the norms (no stars).")
@FORMAT_OPTION
def stars_command(client_mark: str | None, principal_mark: str | None, performance_pct: str | None,
                  effort_pct: str | None, staff_pct: str | None, exam_guarantee: bool,
                  service_numbers: tuple[int, ...], aspirant: bool, norms_not_met: bool, fmt: str) -> None:
    """Stars under the default policy (KM-STAR-2, a decision: the official formula is not public).

    Example: keurmerk stars --client-mark 8.2 --principal-mark 7.9 --staff-pct 100
    """
    inputs = StarInputs(norms_met=not norms_not_met, aspirant=aspirant, client_mark=client_mark,
                        principal_mark=principal_mark, performance_pct=performance_pct,
                        effort_pct=effort_pct, staff_pct=staff_pct, exam_guarantee=exam_guarantee,
                        services=service_numbers)
    result = stars(inputs)
    if fmt == "json":
        emit({"stars": result.stars, "policy": result.policy,
              "criteria": [{"id": c.id, "description": c.description, "met": c.met,
                            "applicable": c.applicable, "detail": c.detail} for c in result.criteria]})
        return
    from rich.table import Table

    table = Table("criterion", "counted", "detail", title=f"Stars: {'*' * result.stars or '0'} "
                  f"({result.stars} of at most {KEURMERK_RULES.parameter('star_max')})")
    for c in result.criteria:
        table.add_row(c.description, "yes" if c.met else ("n/a" if not c.applicable else "no"), c.detail)
    out = console()
    out.print(table)
    out.print(f"Policy: {result.policy}; not an official formula.")
