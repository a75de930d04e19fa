"""What a licence did in one period, as plain typed records: the input of invoicing.

Storage reads these facts from its tables; the invoicing domain never reads storage. A
period's staffel purchases form one chain: the first replaces nothing, each later one is
an upgrade to a larger staffel that replaces the one before (WS-STF-5). Completions are
the charged questionnaires (WS-STF-1, WS-STF-6: one per questionnaire id) with the
expert they were charged for (WS-LIC-2); a :class:`ChargeCredit` cancels a charge made
by mistake.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, TypeVar

import attrs

from blikopwerk._calendar import dutch_day, require_aware
from blikopwerk._errors import InvalidValueError
from blikopwerk._money import Money, as_decimal
from blikopwerk._values import check_storable
from werkscan._invoicing.model import Party

__all__ = ["ChargeCredit", "Completion", "LicenceFacts", "StaffelPurchase"]

_T = TypeVar("_T")


def _text(field: str) -> Any:
    def check(_inst: Any, _attr: Any, value: Any) -> None:
        if not isinstance(value, str) or not value.strip():
            raise InvalidValueError(field, value, "must be a non-empty text")
        check_storable(value, field)  # a NUL byte: refused on every backend alike
    return check


def _aware(field: str) -> Any:
    def check(_inst: Any, _attr: Any, value: Any) -> None:
        require_aware(value, field)
    return check


def _unit_price(value: Any) -> Money:
    money = value if isinstance(value, Money) else Money(as_decimal(value, "unit_price"))
    if money < Money.zero():
        raise InvalidValueError("unit_price", value, "must not be negative")
    return money


@attrs.frozen
class StaffelPurchase:
    """A staffel bought on a licence (WS-STF-2), or an upgrade to a larger one (WS-STF-5).

    ``unit_price`` is the price per completed questionnaire excl. VAT as fixed at purchase
    (it may have more than two decimals); :attr:`price` is the staffel's price, size x
    unit price rounded half-up to cents (K-MON-1). ``replaces`` is the id of the staffel
    this one upgrades.

    Example:
        >>> s = StaffelPurchase("S1", 100, "8.125", dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC))
        >>> s.price
        Money('812.50')
    """

    id: str = attrs.field(validator=_text("staffel_id"))
    size: int
    unit_price: Money = attrs.field(converter=_unit_price)
    bought_at: dt.datetime = attrs.field(validator=_aware("bought_at"))
    replaces: str | None = None

    def __attrs_post_init__(self) -> None:
        if isinstance(self.size, bool) or not isinstance(self.size, int) or self.size <= 0:
            raise InvalidValueError("size", self.size, "must be a positive whole number")

    @property
    def price(self) -> Money:
        """Size x unit price, excl. VAT, rounded to cents (K-MON-1)."""
        return (self.unit_price * self.size).rounded()


@attrs.frozen
class Completion:
    """A completed questionnaire charged to the licence (WS-STF-1), for one expert (WS-LIC-2).

    Carries no identity of the worker (WS-ACC-4): the questionnaire id only keeps one
    charge per questionnaire (WS-STF-6).

    Example:
        >>> Completion("q1", "bert@arbo.example", dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)).expert_id
        'bert@arbo.example'
    """

    questionnaire_id: str = attrs.field(validator=_text("questionnaire_id"))
    expert_id: str = attrs.field(validator=_text("expert_id"))
    completed_at: dt.datetime = attrs.field(validator=_aware("completed_at"))


@attrs.frozen
class ChargeCredit:
    """A charge cancelled because it was made by mistake (WS-INV-1).

    Before the period's overage invoice is final the credited completion simply does not
    count; after it, the period-end run issues a credit note for it.

    Example:
        >>> ChargeCredit("q9", dt.datetime(2027, 1, 8, 9, tzinfo=dt.UTC), "test questionnaire").reason
        'test questionnaire'
    """

    questionnaire_id: str = attrs.field(validator=_text("questionnaire_id"))
    credited_at: dt.datetime = attrs.field(validator=_aware("credited_at"))
    reason: str = attrs.field(validator=_text("reason"))


def _tuple(values: Iterable[_T], kind: type[_T], field: str) -> tuple[_T, ...]:
    out = tuple(values)
    for i, value in enumerate(out):
        if not isinstance(value, kind):
            raise InvalidValueError(f"{field}[{i}]", value, f"expected a {kind.__name__}")
    return out


def _purchases(values: Iterable[StaffelPurchase]) -> tuple[StaffelPurchase, ...]:
    return _tuple(values, StaffelPurchase, "purchases")


def _completions(values: Iterable[Completion]) -> tuple[Completion, ...]:
    return _tuple(values, Completion, "completions")


def _credits(values: Iterable[ChargeCredit]) -> tuple[ChargeCredit, ...]:
    return _tuple(values, ChargeCredit, "credits")


@attrs.frozen
class LicenceFacts:
    """One licence period as invoicing needs it: buyer, period, purchases, completions, credits.

    ``period_start``..``period_end`` are both included (Dutch days). The purchases must
    form one chain of ever larger staffels (WS-STF-5); every completion and credit names a
    different questionnaire; a credit names a completion of this licence. ``auto_renew``
    says whether the period-end run renews the licence for a new period.

    Example:
        >>> t = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
        >>> facts = LicenceFacts("L1", Party("Arbo BV"), dt.date(2026, 1, 1), dt.date(2026, 12, 31),
        ...                      purchases=[StaffelPurchase("S1", 25, "12.50", t),
        ...                                 StaffelPurchase("S2", 50, "11.00", t, replaces="S1")])
        >>> facts.staffel.id, facts.used
        ('S2', 0)
        >>> LicenceFacts("L1", Party("Arbo BV"), dt.date(2026, 1, 1), dt.date(2026, 12, 31),
        ...              purchases=[StaffelPurchase("S1", 50, "11.00", t),
        ...                         StaffelPurchase("S2", 25, "12.50", t, replaces="S1")])
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: purchases[1].size: an upgrade must be larger than the staffel of 50 it replaces (got 25)
    """

    licence_id: str = attrs.field(validator=_text("licence_id"))
    buyer: Party
    period_start: dt.date
    period_end: dt.date
    purchases: tuple[StaffelPurchase, ...] = attrs.field(default=(), converter=_purchases)
    completions: tuple[Completion, ...] = attrs.field(default=(), converter=_completions)
    credits: tuple[ChargeCredit, ...] = attrs.field(default=(), converter=_credits)
    auto_renew: bool = True

    def __attrs_post_init__(self) -> None:
        for name in ("period_start", "period_end"):
            value = getattr(self, name)
            if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
                raise InvalidValueError(name, value, "expected a date")
        if self.period_end < self.period_start:
            raise InvalidValueError("period_end", self.period_end, "before period_start")
        previous: StaffelPurchase | None = None
        seen: set[str] = set()
        for i, purchase in enumerate(self.purchases):
            if purchase.id in seen:
                raise InvalidValueError(f"purchases[{i}].id", purchase.id, "listed twice")
            seen.add(purchase.id)
            expected = previous.id if previous else None
            if purchase.replaces != expected:
                reason = (f"must replace the staffel bought before it ({expected})" if expected
                          else "the first staffel of a period replaces none")
                raise InvalidValueError(f"purchases[{i}].replaces", purchase.replaces, reason)
            if previous is not None:
                if purchase.size <= previous.size:
                    raise InvalidValueError(f"purchases[{i}].size", purchase.size,
                                            f"an upgrade must be larger than the staffel of {previous.size} "
                                            "it replaces")
                if purchase.bought_at < previous.bought_at:
                    raise InvalidValueError(f"purchases[{i}].bought_at", purchase.bought_at,
                                            "before the staffel it replaces was bought")
            previous = purchase
        ids = [c.questionnaire_id for c in self.completions]
        if len(set(ids)) != len(ids):
            twice = sorted({q for q in ids if ids.count(q) > 1})
            raise InvalidValueError("completions", twice, "a questionnaire is charged once (WS-STF-6)")
        if self.completions and not self.purchases:
            raise InvalidValueError("completions", len(self.completions), "charged without a staffel")
        known = set(ids)
        credited: set[str] = set()
        for i, credit in enumerate(self.credits):
            if credit.questionnaire_id not in known:
                raise InvalidValueError(f"credits[{i}].questionnaire_id", credit.questionnaire_id,
                                        "no such charge on this licence")
            if credit.questionnaire_id in credited:
                raise InvalidValueError(f"credits[{i}].questionnaire_id", credit.questionnaire_id,
                                        "credited twice")
            credited.add(credit.questionnaire_id)

    @property
    def staffel(self) -> StaffelPurchase | None:
        """The staffel in force at the end of the chain (the last bought), or None."""
        return self.purchases[-1] if self.purchases else None

    @property
    def used(self) -> int:
        """The number of completed questionnaires that count, charged and not credited (WS-STF-1)."""
        credited = {c.questionnaire_id for c in self.credits}
        return sum(1 for c in self.completions if c.questionnaire_id not in credited)

    @property
    def overage(self) -> int:
        """Completions beyond the staffel in force (WS-STF-4); usage carries over (WS-STF-5)."""
        staffel = self.staffel
        return max(0, self.used - staffel.size) if staffel else 0

    def ended_by(self, day: dt.date) -> bool:
        """True when the period is over on Dutch day ``day`` (the day after its last day)."""
        return self.period_end < day

    def ended_at(self, instant: dt.datetime) -> bool:
        """True when the period is over at ``instant``, judged on its Dutch day (K-TZ-1)."""
        return self.ended_by(dutch_day(instant))
