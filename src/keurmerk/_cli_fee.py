"""``keurmerk fee`` and ``keurmerk audit``."""

from __future__ import annotations

from typing import Any

import click

from blikopwerk._cli import lang_option
from blikopwerk._i18n import N_, Translator
from keurmerk._audit import AuditRoute, audit_estimate, audit_exemption_eligible, audit_route
from keurmerk._cli_common import FORMAT_OPTION, emit, print_pairs, tr
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


def _route_text(route: AuditRoute, t: Translator) -> str:
    if route.arranged_by_blik_op_werk and route.price is not None:
        return t._("Blik op Werk can arrange the results audit for {price} (excl. VAT); or contract a certifying "
                   "institution yourself").format(price=t.money(route.price))
    return t._("contract one of the certifying institutions for the results audit yourself")


@click.command("fee", help=N_("""The yearly participant fee for an annual TURNOVER in euros.

Example: keurmerk fee 249999"""))
@click.argument("turnover")
@click.option("--services", help=N_("Comma-separated service numbers, e.g. 7,8 (11 alone has no tariff)."))
@click.option("--manual-price", help=N_("Price paid for the manual, deducted from the first fee."))
@FORMAT_OPTION
@lang_option
def fee_command(turnover: str, services: str | None, manual_price: str | None, fmt: str, lang: str) -> None:
    """Command line: the help text is ``help=`` above (translated at run time)."""
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
    t = tr(lang)
    pairs = [(t._("turnover band"), t.money_range(lower, upper)),
             (t._("participant fee (excl. VAT)"), t.money(fee)),
             (t._("incl. 21 % VAT"), t.money(fee.with_vat()))]
    if first is not None:
        pairs.append((t._("first fee after the manual"), t.money(first)))
    pairs.append((t._("results audit"), _route_text(route, t)))
    print_pairs(t._("Keurmerk participant fee"), pairs)


@click.command("audit", help=N_("""Guideline man-days and a cost estimate for the results audit.

Example: keurmerk audit --employees 30 --year 2 --turnover 180000"""))
@click.option("--employees", required=True, type=int, help=N_("Staff in direct contact with clients."))
@click.option("--year", default=1, show_default=True, type=int, help=N_("Audit year (1 = first)."))
@click.option("--turnover", help=N_("Annual turnover in euros, to show how the audit is arranged."))
@click.option("--rate", help=N_("Man-day rate in euros (default 1250)."))
@click.option("--clients", type=int, help=N_("Clients over twelve months (recorded, not priced)."))
@click.option("--sites", type=int, help=N_("Number of sites (recorded, not priced)."))
@FORMAT_OPTION
@lang_option
def audit_command(employees: int, year: int, turnover: str | None, rate: str | None, clients: int | None,
                  sites: int | None, fmt: str, lang: str) -> None:
    """Command line: the help text is ``help=`` above (translated at run time)."""
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
    t = tr(lang)
    pairs = [(t._("employees"), t.integer(employees)), (t._("audit year"), t.integer(year)),
             (t._("man-days"), t.number(estimate.mandays)), (t._("man-day rate"), t.money(estimate.rate)),
             (t._("cost estimate"), t._("{amount} (estimate)").format(amount=t.money(estimate.cost)))]
    if clients is not None:
        pairs.append((t._("clients (12 months)"), t.integer(clients)))
    if sites is not None:
        pairs.append((t._("sites"), t.integer(sites)))
    if route is not None:
        pairs.append((t._("route"), _route_text(route, t)))
    pairs.append((t._("audit exemption"), t._("may be granted this year") if exemption else t.gettext("no")))
    print_pairs(t._("Results audit"), pairs)
    click.echo(t._("A guideline estimate: the certifying institution sets the price, and sites visited by sample "
                   "may change the man-days."))
