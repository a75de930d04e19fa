"""Survey invitations, the telephone subsidy and holder obligations (KM-SAT-9, KM-SVC-2, KM-SVC-3)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs

from blikopwerk import InvalidValueError, Money, RuleSet
from keurmerk._services import INBURGERING, check_services, get_service
from keurmerk._tables import KEURMERK_RULES
from keurmerk._values import as_decimal, as_int

__all__ = [
    "InvitationPlan",
    "invitation_plan",
    "qualified_teachers_ok",
    "telephone_subsidy",
    "unmeasured_services",
]


@attrs.frozen
class InvitationPlan:
    """How one respondent is invited to the satisfaction survey (KM-SAT-9).

    ``channels`` in order of use; ``reminders`` per channel; ``by_phone`` when the
    respondent is called instead (inburgering clients with learning profile 1 or 2, up to
    ``phone_limit`` successful calls).
    """

    channels: tuple[str, ...]
    reminders: int
    by_phone: bool = False
    phone_limit: int | None = None


def invitation_plan(kind: str, *, service: Any = None, learning_profile: Any = None,
                    rules: RuleSet = KEURMERK_RULES) -> InvitationPlan:
    """The invitation route for a client or principal (KM-SAT-9).

    Clients: e-mail and post, each with one reminder. Principals: e-mail only (one reminder
    is not stated in the sources; decision: none). Inburgering clients (dienst 11) with
    learning profile 1 or 2 are called, up to 25 successful calls; other learning profiles
    are invited the regular way.

    Example:
        >>> invitation_plan("client", service=8).channels
        ('email', 'post')
        >>> invitation_plan("principal").channels
        ('email',)
        >>> p = invitation_plan("client", service=11, learning_profile=2)
        >>> p.by_phone, p.phone_limit
        (True, 25)
    """
    if kind == "principal":
        return InvitationPlan(("email",), 0)
    if kind != "client":
        raise InvalidValueError("kind", kind, "must be 'client' or 'principal'")
    number = get_service(service, rules=rules).number if service is not None else None
    if learning_profile is not None:
        profile = as_int(learning_profile, "learning_profile", minimum=1)
        if number != INBURGERING:
            raise InvalidValueError("learning_profile", learning_profile,
                                    "learning profiles apply to inburgering (dienst 11) only")
        if profile <= 2:
            return InvitationPlan(("phone",), 0, True, rules.parameter("inburgering_phone_max", int))
    return InvitationPlan(("email", "post"), 1)


def telephone_subsidy(calls: Any, price_per_call: Any, *, rules: RuleSet = KEURMERK_RULES) -> Money:
    """Blik op Werk's share of the optional telephone round (KM-SAT-9).

    Blik op Werk pays 50 % of the first 20 calls bought.

    Args:
        calls: calls bought, >= 0.
        price_per_call: the price of one call (``Money``, ``Decimal``, ``int`` or ``str``).
        rules: the rule set whose ``phone_subsidy_share`` and ``phone_subsidy_calls`` apply.

    Example:
        >>> telephone_subsidy(30, "12.50").amount
        Decimal('125.00')
        >>> telephone_subsidy(8, "12.50").amount
        Decimal('50.00')
    """
    n = as_int(calls, "calls", minimum=0)
    price = as_decimal(price_per_call, "price_per_call")
    if price < 0:
        raise InvalidValueError("price_per_call", price_per_call, "must not be negative")
    share = as_decimal(rules.parameter("phone_subsidy_share"), "phone_subsidy_share")
    cap = rules.parameter("phone_subsidy_calls", int)
    return Money(Decimal(min(n, cap)) * price * share).rounded()


def qualified_teachers_ok(lessons: Any, by_qualified_teachers: Any, *, rules: RuleSet = KEURMERK_RULES) -> bool:
    """Whether at least 80 % of inburgering lessons were given by qualified teachers (KM-SVC-3).

    Example:
        >>> qualified_teachers_ok(200, 160), qualified_teachers_ok(200, 159)
        (True, False)
    """
    total = as_int(lessons, "lessons", minimum=1)
    qualified = as_int(by_qualified_teachers, "by_qualified_teachers", minimum=0)
    if qualified > total:
        raise InvalidValueError("by_qualified_teachers", by_qualified_teachers, f"more than the {total} lessons")
    minimum = as_decimal(rules.parameter("qualified_teacher_min_pct"), "qualified_teacher_min_pct")
    return Decimal(qualified) * 100 >= minimum * total


def unmeasured_services(offered: Iterable[Any], measured: Iterable[Any], *,
                        rules: RuleSet = KEURMERK_RULES) -> tuple[int, ...]:
    """Services the provider offers but leaves out of the measurements (KM-SVC-2).

    A Keurmerk holder must include all its activities under the defined services: an
    empty result means nothing was cherry-picked.

    Example:
        >>> unmeasured_services([5, 7], [5])
        (7,)
        >>> unmeasured_services([5, 7], [7, 5])
        ()
    """
    offer = {s.number for s in check_services(offered, field="offered", rules=rules)}
    done = {s.number for s in check_services(measured, field="measured", rules=rules)}
    return tuple(sorted(offer - done))
