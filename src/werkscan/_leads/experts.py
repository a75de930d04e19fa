"""Experts who take part in leads, and what leads cost them (WS-LEAD-2..4, WS-LEAD-9)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs

from blikopwerk._errors import InvalidValueError, UnknownPostcodeError
from blikopwerk._geo import GeoPoint
from blikopwerk._money import Money
from blikopwerk._protocols import Geocoder, Storage
from blikopwerk._rules import RuleSet
from werkscan._leads.records import (
    Absence,
    Establishment,
    Expert,
    ExpertState,
    LeadSubscription,
    require_leads,
)
from werkscan._leads.rules import LEAD_RULES

__all__ = ["ExpertService", "LeadPricing", "place_expert"]


def place_expert(expert: Expert, geocoder: Geocoder | None = None) -> tuple[GeoPoint, ...]:
    """The point of every establishment of ``expert``, or the library's error (WS-LEAD-2).

    Call it before storing an expert (:meth:`ExpertService.register` does): an expert at a
    postcode the geocoder does not know could never be matched, so it is refused with
    :class:`~blikopwerk.UnknownPostcodeError` naming the establishment and the postcode,
    never guessed.

    Args:
        expert: the expert to place.
        geocoder: the geocoder that matching uses (default: the offline PC4 table).

    Returns:
        One point per establishment, in order.

    Example:
        >>> e = Expert("E1", "A", "a@example.nl", [Establishment("3811"), Establishment("1009")], 5)
        >>> place_expert(e)
        Traceback (most recent call last):
        ...
        blikopwerk._errors.UnknownPostcodeError: establishments[1].postcode: not in the offline PC4 table; expert 'E1' cannot be placed, so would never be matched (got '1009')
    """
    if not isinstance(expert, Expert):
        raise InvalidValueError("expert", expert, "expected an Expert")
    if geocoder is None:
        from blikopwerk._backends.offline_geocoder import OfflineGeocoder

        geocoder = OfflineGeocoder()
    points = []
    for i, est in enumerate(expert.establishments):
        try:
            points.append(geocoder.lookup(est.postcode))
        except UnknownPostcodeError as exc:
            raise UnknownPostcodeError(
                f"establishments[{i}].postcode", str(est.postcode),
                f"{exc.reason}; expert {expert.id!r} cannot be placed, so would never be matched") from None
    return tuple(points)


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

    Every establishment is placed with ``geocoder`` (default: the offline PC4 table; pass
    the one your :class:`~werkscan.LeadService` uses) when an expert is registered or moves:
    a postcode it does not know is refused (:func:`place_expert`).

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

    def __init__(self, storage: Storage, geocoder: Geocoder | None = None) -> None:
        self.storage = require_leads(storage)
        if geocoder is None:
            from blikopwerk._backends.offline_geocoder import OfflineGeocoder

            geocoder = OfflineGeocoder()
        self.geocoder: Geocoder = geocoder

    def register(self, expert: Expert, now: dt.datetime) -> None:
        """Add an expert; :class:`~blikopwerk.ConflictError` if the id is taken,
        :class:`~blikopwerk.UnknownPostcodeError` if an establishment cannot be placed."""
        place_expert(expert, self.geocoder)
        self.storage.experts.add(expert, now)
        from werkscan._leads.live import expert_changed

        expert_changed(self.storage, expert.id, expert)

    def get(self, expert_id: str) -> Expert:
        """The expert; :class:`~blikopwerk.NotFoundError` if unknown."""
        return self.storage.experts.get(expert_id)

    def report_absence(self, expert_id: str, start: dt.date, end: dt.date) -> None:
        """The expert is away from ``start`` to ``end`` inclusive and gets no leads (WS-LEAD-3)."""
        self.storage.experts.add_absence(expert_id, Absence(start, end))

    def subscribe(self, expert_id: str, start: dt.date | dt.datetime) -> LeadSubscription:
        """Start the expert's lead subscription on ``start`` (a date, or an aware datetime's
        Dutch day, K-TZ-1); from that day on the expert is matched (WS-LEAD-9, -10).

        Raises:
            NotFoundError: no such expert.
            ConflictError: a subscription runs then, or one starts later.

        Example:
            >>> from blikopwerk import MemoryStorage
            >>> svc = ExpertService(MemoryStorage())
            >>> svc.register(Expert("E1", "A", "a@example.nl", [Establishment("3811")], 5),
            ...              dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC))
            >>> svc.subscribe("E1", dt.date(2026, 12, 1))
            LeadSubscription(start=datetime.date(2026, 12, 1), end=None)
            >>> svc.end_subscription("E1", dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC)).end
            datetime.date(2027, 1, 1)
        """
        from werkscan._leads.matching import check_day

        return self.storage.experts.subscribe(expert_id, check_day(start, field="start"))

    def end_subscription(self, expert_id: str, last_day: dt.date | dt.datetime) -> LeadSubscription:
        """End the running lead subscription after ``last_day`` (inclusive; a date or an
        aware datetime's Dutch day): from the next day on the expert is not matched
        (WS-LEAD-10). Offers made before stay open.

        Raises:
            NotFoundError: no such expert.
            ConflictError: no subscription runs.
            InvalidValueError: ``last_day`` lies before the subscription's start.
        """
        from werkscan._leads.matching import check_day

        return self.storage.experts.end_subscription(expert_id, check_day(last_day, field="last_day"))

    def subscriptions(self, expert_id: str) -> list[LeadSubscription]:
        """The expert's lead subscription periods, oldest first (WS-LEAD-9)."""
        return list(self.storage.experts.subscriptions(expert_id))

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
        """Replace an expert's establishments (visiting addresses, K-PC-2); each must be
        placeable (:func:`place_expert`)."""
        updated = attrs.evolve(self.get(expert_id), establishments=tuple(establishments))
        place_expert(updated, self.geocoder)
        self.storage.experts.update(updated)
        from werkscan._leads.live import expert_changed

        expert_changed(self.storage, expert_id, updated)
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
