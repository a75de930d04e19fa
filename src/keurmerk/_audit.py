"""The results audit: man-days, cost estimate, route and exemption (KM-AUD-*)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from blikopwerk import Money, RuleSet
from keurmerk._tables import KEURMERK_RULES, ManDays
from keurmerk._values import as_decimal, as_int, invalid, ruleset

__all__ = [
    "AuditEstimate",
    "AuditRoute",
    "audit_estimate",
    "audit_exemption_eligible",
    "audit_mandays",
    "audit_route",
]


def _row(employees: Any, rules: RuleSet) -> ManDays:
    n = as_int(employees, "employees", minimum=1)
    row: ManDays = ruleset(rules)["mandays"].band(n).value
    return row


def audit_mandays(employees: Any, year: Any, *, rules: RuleSet = KEURMERK_RULES) -> Decimal:
    """Guideline man-days for the results audit (KM-AUD-3).

    Args:
        employees: staff in direct contact with clients, a whole number >= 1 (zero is an
            error: a provider without staff has nothing to audit).
        year: the audit year, 1 for the first; 2 and later use the later-years column.
        rules: the rule set whose ``mandays`` table is used.

    Returns:
        The man-days as a ``Decimal``.

    Raises:
        InvalidValueError: ``employees`` below 1 or ``year`` below 1, or not whole numbers.

    Example:
        >>> audit_mandays(5, 1), audit_mandays(6, 1), audit_mandays(6, 2)
        (Decimal('1'), Decimal('1.25'), Decimal('1'))
        >>> audit_mandays(501, 3)
        Decimal('2.25')
        >>> audit_mandays(0, 1)
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: employees: must be at least 1 (got 0)
    """
    row = _row(employees, rules)
    y = as_int(year, "year", minimum=1)
    return row.year1 if y == 1 else row.later


@attrs.frozen
class AuditEstimate:
    """An estimate of the results-audit cost: man-days x man-day rate (KM-AUD-4).

    Always an *estimate*: sites visited by sample may change the days (KM-AUD-4), and the
    certifying institution sets the price. Clients over twelve months and the number of
    sites are recorded, not priced (KM-AUD-5).

    Example:
        >>> e = audit_estimate(30, 1)
        >>> e.mandays, e.is_estimate
        (Decimal('1.5'), True)
        >>> print(e.cost.format())
        € 1.875,00
    """

    employees: int
    year: int
    mandays: Decimal
    rate: Money
    cost: Money
    clients: int | None = None
    sites: int | None = None
    is_estimate: bool = True
    note: str = ("guideline estimate (KM-AUD-4): the certifying institution sets the price; sites "
                 "visited by sample may change the man-days")


def audit_estimate(employees: Any, year: Any, *, rate: Any = None, clients: Any = None,
                   sites: Any = None, rules: RuleSet = KEURMERK_RULES) -> AuditEstimate:
    """Estimate the results-audit cost as man-days x man-day rate (KM-AUD-3, KM-AUD-4).

    Args:
        employees: client-contact staff, >= 1.
        year: audit year, >= 1.
        rate: man-day rate in euros (default: the rule set's ``manday_rate``, about 1,250).
        clients: clients over twelve months, recorded only (KM-AUD-5), >= 0.
        sites: number of sites, recorded only (KM-AUD-5), >= 1.
        rules: the rule set to use.

    Returns:
        An :class:`AuditEstimate` whose ``cost`` is rounded to cents.

    Example:
        >>> audit_estimate(1, 2, rate="1000").cost.amount
        Decimal('750.00')
    """
    mandays = audit_mandays(employees, year, rules=rules)
    rules = ruleset(rules)
    rate_amount = as_decimal(rules.parameter("manday_rate") if rate is None else rate, "rate")
    if rate_amount < 0:
        raise invalid("rate", rate, "must not be negative")
    if clients is not None:
        as_int(clients, "clients", minimum=0)
    if sites is not None:
        as_int(sites, "sites", minimum=1)
    rate_money = Money(rate_amount)
    return AuditEstimate(employees, year, mandays, rate_money, (rate_money * mandays).rounded(),
                         clients, sites)


@attrs.frozen
class AuditRoute:
    """How the results audit is arranged for a turnover (KM-AUD-1, KM-AUD-2).

    ``arranged_by_blik_op_werk`` is true below 250,000 turnover: Blik op Werk can arrange a
    collective audit for ``price`` (552). Otherwise the provider contracts one of
    ``institutions`` itself.

    Example:
        >>> audit_route(Decimal("249999.99")).arranged_by_blik_op_werk
        True
        >>> r = audit_route(250_000)
        >>> r.arranged_by_blik_op_werk, r.price
        (False, None)
    """

    turnover: Decimal
    arranged_by_blik_op_werk: bool
    price: Money | None
    institutions: tuple[str, ...]

    def describe(self) -> str:
        """One line for people."""
        if self.arranged_by_blik_op_werk and self.price is not None:
            return (f"Blik op Werk can arrange the results audit for {self.price.format()} "
                    "(excl. VAT); or contract a certifying institution yourself")
        return "contract one of the certifying institutions for the results audit yourself"


def audit_route(turnover: Any, *, rules: RuleSet = KEURMERK_RULES) -> AuditRoute:
    """Whether Blik op Werk can arrange the results audit, and at what price (KM-AUD-1).

    The edge is exact (cents count): 249,999.99 qualifies for the 552 route, 250,000 does
    not (decision on the seed's "tot 250.000,00").

    Args:
        turnover: annual turnover in euros (not negative; floats refused).
        rules: the rule set whose ``audit_routes`` table is used.

    Example:
        >>> audit_route(100_000).price
        Money('552')
        >>> audit_route(300_000).institutions[:2]
        ('Certiked', 'DNV GL Business Assurance B.V.')
    """
    value = as_decimal(turnover, "turnover")
    if value < 0:
        raise invalid("turnover", turnover, "must not be negative")
    rules = ruleset(rules)
    arrangement = rules["audit_routes"].band(value).value
    institutions = tuple(rules["certifying_institutions"].values())
    if not arrangement.arranged_by_blik_op_werk:
        institutions = tuple(i for i in institutions if not i.startswith("Cheq"))
    return AuditRoute(value, arrangement.arranged_by_blik_op_werk, arrangement.price, institutions)


def audit_exemption_eligible(year: Any, *, rules: RuleSet = KEURMERK_RULES) -> bool:
    """Whether an audit exemption may be granted in this audit year (KM-AUD-6).

    Eligibility only: Blik op Werk may grant it in the 4th year; it is never automatic.

    Example:
        >>> [audit_exemption_eligible(y) for y in (1, 3, 4, 5)]
        [False, False, True, False]
    """
    y = as_int(year, "year", minimum=1)
    exemption_year = as_int(ruleset(rules).parameter("audit_exemption_year"), "audit_exemption_year", minimum=1)
    return y == exemption_year
