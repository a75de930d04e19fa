"""Experts who take part in leads, and what leads cost them (WS-LEAD-2..4, WS-LEAD-9)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs

from blikopwerk._errors import InvalidValueError
from blikopwerk._money import Money
from blikopwerk._protocols import Storage
from blikopwerk._rules import RuleSet
from werkscan._leads.records import Absence, Establishment, Expert, ExpertState, require_leads
from werkscan._leads.rules import LEAD_RULES

__all__ = ["ExpertService", "LeadPricing"]


def _money(value: Any) -> Money:
    return value if isinstance(value, Money) else Money(value)


@attrs.frozen
class LeadPricing:
    """The lead subscription (per month) and the fee per accepted quote (WS-LEAD-9).

    Both are cheaper for Keurmerk holders (seed 000); the amounts are not in the sources,
    so they are parameters (defaults in :data:`~werkscan.LEAD_RULES`, marked as a
    decision). A Keurmerk price that is not lower than the regular one is refused.

    Example:
        >>> p = LeadPricing.from_rules()
        >>> p.fee_for(keurmerk=True) < p.fee_for(keurmerk=False)
        True
        >>> LeadPricing(Money("30"), Money("30"), Money("75"), Money("50"))
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: subscription_month_keurmerk: must be lower than the regular price (WS-LEAD-9) (got Money('30'))
    """

    subscription_month: Money = attrs.field(converter=_money)
    subscription_month_keurmerk: Money = attrs.field(converter=_money)
    acceptance_fee: Money = attrs.field(converter=_money)
    acceptance_fee_keurmerk: Money = attrs.field(converter=_money)

    def __attrs_post_init__(self) -> None:
        for name in ("subscription_month", "subscription_month_keurmerk", "acceptance_fee",
                     "acceptance_fee_keurmerk"):
            if getattr(self, name) < Money.zero():
                raise InvalidValueError(name, getattr(self, name), "must not be negative")
        for regular, keurmerk in (("subscription_month", "subscription_month_keurmerk"),
                                  ("acceptance_fee", "acceptance_fee_keurmerk")):
            if not getattr(self, keurmerk) < getattr(self, regular):
                raise InvalidValueError(keurmerk, getattr(self, keurmerk),
                                        "must be lower than the regular price (WS-LEAD-9)")

    @classmethod
    def from_rules(cls, rules: RuleSet = LEAD_RULES) -> LeadPricing:
        """The prices in a rule set (the defaults are not in the sources: a decision)."""
        return cls(rules.parameter("subscription_month"), rules.parameter("subscription_month_keurmerk"),
                   rules.parameter("acceptance_fee"), rules.parameter("acceptance_fee_keurmerk"))

    def subscription_for(self, *, keurmerk: bool) -> Money:
        """The monthly subscription, excluding VAT."""
        return self.subscription_month_keurmerk if keurmerk else self.subscription_month

    def fee_for(self, *, keurmerk: bool) -> Money:
        """The fee for an accepted quote, excluding VAT."""
        return self.acceptance_fee_keurmerk if keurmerk else self.acceptance_fee


class ExpertService:
    """Register experts, their absences and lead caps (WS-LEAD-3, -4).

    Example:
        >>> from blikopwerk import MemoryStorage
        >>> from werkscan._leads.records import Establishment
        >>> svc = ExpertService(MemoryStorage())
        >>> now = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
        >>> svc.register(Expert("E1", "A. Deskundige", "a@example.nl", [Establishment("3811")], 5), now)
        >>> svc.report_absence("E1", dt.date(2026, 12, 24), dt.date(2027, 1, 3))
        >>> svc.state("E1").absent_on(dt.date(2026, 12, 28))
        True
        >>> svc.request_more_leads("E1", 10).lead_cap
        10
    """

    def __init__(self, storage: Storage) -> None:
        self.storage = require_leads(storage)

    def register(self, expert: Expert, now: dt.datetime) -> None:
        """Add an expert; :class:`~blikopwerk.ConflictError` if the id is taken."""
        self.storage.experts.add(expert, now)

    def get(self, expert_id: str) -> Expert:
        """The expert; :class:`~blikopwerk.NotFoundError` if unknown."""
        return self.storage.experts.get(expert_id)

    def report_absence(self, expert_id: str, start: dt.date, end: dt.date) -> None:
        """The expert is away from ``start`` to ``end`` inclusive and gets no leads (WS-LEAD-3)."""
        self.storage.experts.add_absence(expert_id, Absence(start, end))

    def request_more_leads(self, expert_id: str, new_cap: int) -> Expert:
        """Raise an expert's total of leads: the separate request of WS-LEAD-4.

        The new total must be above the current one; lowering goes through
        :meth:`set_lead_cap`.
        """
        expert = self.get(expert_id)
        if isinstance(new_cap, bool) or not isinstance(new_cap, int) or new_cap <= expert.lead_cap:
            raise InvalidValueError("new_cap", new_cap,
                                    f"must be a whole number above the current cap {expert.lead_cap}")
        updated = attrs.evolve(expert, lead_cap=new_cap)
        self.storage.experts.update(updated)
        return updated

    def set_lead_cap(self, expert_id: str, cap: int) -> Expert:
        """Set an expert's total of leads (any whole number >= 0)."""
        updated = attrs.evolve(self.get(expert_id), lead_cap=cap)
        self.storage.experts.update(updated)
        return updated

    def set_establishments(self, expert_id: str, establishments: Iterable[Establishment]) -> Expert:
        """Replace an expert's establishments (visiting addresses, K-PC-2)."""
        updated = attrs.evolve(self.get(expert_id), establishments=tuple(establishments))
        self.storage.experts.update(updated)
        return updated

    def set_keurmerk(self, expert_id: str, holds: bool) -> Expert:
        """Record whether the expert holds the Keurmerk (changes the price, not matching)."""
        updated = attrs.evolve(self.get(expert_id), keurmerk=holds)
        self.storage.experts.update(updated)
        return updated

    def states(self) -> list[ExpertState]:
        """Every expert with absences, leads received and open leads."""
        return list(self.storage.experts.states())

    def state(self, expert_id: str) -> ExpertState:
        """One expert's state; :class:`~blikopwerk.NotFoundError` if unknown."""
        for s in self.storage.experts.states():
            if s.expert.id == expert_id:
                return s
        self.get(expert_id)  # raises NotFoundError
        raise AssertionError("unreachable")  # pragma: no cover
