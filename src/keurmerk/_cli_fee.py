"""``keurmerk fee`` and ``keurmerk audit``."""

from __future__ import annotations

from typing import Any

import click

from keurmerk._audit import audit_estimate, audit_exemption_eligible, audit_route
from keurmerk._cli_common import FORMAT_OPTION, emit, print_pairs
from keurmerk._fees import first_participant_fee, participant_fee, turnover_band
from keurmerk._values import digits_to_int

__all__ = ["audit_command", "fee_command"]


def _services(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [v.strip() for v in value.split(",") if v.strip()]


def _numbers(values: list[str] | None) -> list[Any] | None:
    if values is None:
        return None
    return [digits_to_int(v) for v in values]


@click.command("fee")
@click.argument("turnover")
@click.option("--services", help="Comma-separated service numbers, e.g. 7,8 (11 alone: no tariff).")
@click.option("--manual-price", help="Price paid for the manual, deducted from the first fee (KM-FEE-3).")
@FORMAT_OPTION
def fee_command(turnover: str, services: str | None, manual_price: str | None, fmt: str) -> None:
    """The yearly participant fee for an annual TURNOVER in euros (KM-FEE-1).

    Example: keurmerk fee 249999
    """
    numbers = _numbers(_services(services))
    fee = participant_fee(turnover, services=numbers)
    lower, upper = turnover_band(turnover)
    route = audit_route(turnover)
    first = None if manual_price is None else first_participant_fee(turnover, manual_price, services=numbers)
    if fmt == "json":
        emit({"turnover": turnover, "band": {"from": lower, "to": upper}, "fee": fee.amount,
              "fee_incl_vat": fee.with_vat().amount,
              "first_fee_after_manual": None if first is None else first.amount,
              "audit_by_blik_op_werk": route.arranged_by_blik_op_werk,
              "audit_price": None if route.price is None else route.price.amount})
        return
    band = f"{lower:,} - {upper:,}" if upper is not None else f"{lower:,} and more"
    pairs = [("turnover band (EUR)", band), ("participant fee (excl. VAT)", fee.format()),
             ("incl. 21 % VAT", fee.with_vat().format())]
    if first is not None:
        pairs.append(("first fee after manual", first.format()))
    pairs.append(("results audit", route.describe()))
    print_pairs("Keurmerk participant fee (KM-FEE-1)", pairs)


@click.command("audit")
@click.option("--employees", required=True, type=int, help="Staff in direct contact with clients.")
@click.option("--year", default=1, show_default=True, type=int, help="Audit year (1 = first).")
@click.option("--turnover", help="Annual turnover in euros, to show the audit route (KM-AUD-1).")
@click.option("--rate", help="Man-day rate in euros (default 1250, KM-AUD-4).")
@click.option("--clients", type=int, help="Clients over twelve months (recorded, KM-AUD-5).")
@click.option("--sites", type=int, help="Number of sites (recorded, KM-AUD-5).")
@FORMAT_OPTION
def audit_command(employees: int, year: int, turnover: str | None, rate: str | None, clients: int | None,
                  sites: int | None, fmt: str) -> None:
    """Guideline man-days and cost estimate for the results audit (KM-AUD-3, KM-AUD-4).

    Example: keurmerk audit --employees 30 --year 2 --turnover 180000
    """
    estimate = audit_estimate(employees, year, rate=rate, clients=clients, sites=sites)
    route = None if turnover is None else audit_route(turnover)
    exemption = audit_exemption_eligible(year)
    if fmt == "json":
        emit({"employees": employees, "year": year, "mandays": estimate.mandays, "rate": estimate.rate.amount,
              "cost_estimate": estimate.cost.amount, "is_estimate": True, "note": estimate.note,
              "clients": clients, "sites": sites, "exemption_eligible": exemption,
              "audit_by_blik_op_werk": None if route is None else route.arranged_by_blik_op_werk,
              "audit_price": None if route is None or route.price is None else route.price.amount})
        return
    pairs = [("employees", str(employees)), ("audit year", str(year)), ("man-days", str(estimate.mandays)),
             ("man-day rate", estimate.rate.format()), ("cost estimate", f"{estimate.cost.format()} (estimate)")]
    if clients is not None:
        pairs.append(("clients (12 months)", str(clients)))
    if sites is not None:
        pairs.append(("sites", str(sites)))
    if route is not None:
        pairs.append(("route", route.describe()))
    pairs.append(("audit exemption", "may be granted this year (KM-AUD-6)" if exemption else "no"))
    print_pairs("Results audit (KM-AUD-3, KM-AUD-4)", pairs)
    click.echo(estimate.note)
