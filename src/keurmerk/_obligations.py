"""Survey invitations, the telephone subsidy and holder obligations (KM-SAT-9, KM-SVC-2, KM-SVC-3)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs

from blikopwerk import Money, RuleSet
from keurmerk._services import INBURGERING, check_services, get_service
from keurmerk._tables import KEURMERK_RULES
from keurmerk._values import as_decimal, as_int, invalid, ruleset

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
    respondent is called instead (inburgering clients with learning profile 1 or 2, while
    fewer than ``phone_limit`` calls have succeeded).
    """

    channels: tuple[str, ...]
    reminders: int
    by_phone: bool = False
    phone_limit: int | None = None


def invitation_plan(kind: str, *, service: Any = None, learning_profile: Any = None,
                    successful_calls: Any = 0, rules: RuleSet = KEURMERK_RULES) -> InvitationPlan:
    """The invitation route for a client or principal (KM-SAT-9).

    Clients: e-mail and post, each with one reminder. Principals: e-mail only (one reminder
    is not stated in the sources; decision: none). Inburgering clients (dienst 11) with
    learning profile 1 or 2 are called, up to 25 *successful* calls: pass the number of
    calls that have succeeded so far as ``successful_calls``; once it reaches the cap, the
    next client of profile 1 or 2 (the 26th) is invited the regular way. Other learning
    profiles are invited the regular way. Learning profiles are 1-4 (decision, not
    official); anything else is an error.

    Args:
        kind: ``"client"`` or ``"principal"``.
        service: the client's service number (dienst 1-13).
        learning_profile: an inburgering client's learning profile, 1-4.
        successful_calls: calls of this survey that have succeeded so far, >= 0.
        rules: the rule set whose ``inburgering_phone_max`` (25),
            ``phone_learning_profile_max`` (2) and ``learning_profile_max`` (4) apply.

    Raises:
        InvalidValueError: an unknown kind or service, a learning profile that is not a
            whole number 1-4 or given for another service than inburgering, a negative
            ``successful_calls``.

    Example:
        >>> invitation_plan("client", service=8).channels
        ('email', 'post')
        >>> invitation_plan("principal").channels
        ('email',)
        >>> p = invitation_plan("client", service=11, learning_profile=2, successful_calls=24)
        >>> p.by_phone, p.phone_limit
        (True, 25)
        >>> invitation_plan("client", service=11, learning_profile=2, successful_calls=25).channels
        ('email', 'post')
        >>> invitation_plan("client", service=11, learning_profile=99)
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: learning_profile: must be at most 4 (got 99)
    """
    calls = as_int(successful_calls, "successful_calls", minimum=0)
    rules = ruleset(rules)
    if kind == "principal":
        return InvitationPlan(("email",), 0)
    if kind != "client":
        raise invalid("kind", kind, "must be 'client' or 'principal'")
    number = get_service(service, rules=rules).number if service is not None else None
    if learning_profile is not None:
        highest = as_int(rules.parameter("learning_profile_max"), "learning_profile_max", minimum=1)
        profile = as_int(learning_profile, "learning_profile", minimum=1)
        if profile > highest:
            raise invalid("learning_profile", learning_profile, f"must be at most {highest}")
        if number != INBURGERING:
            raise invalid("learning_profile", learning_profile,
                                    "learning profiles apply to inburgering (dienst 11) only")
        called = as_int(rules.parameter("phone_learning_profile_max"), "phone_learning_profile_max",
                        minimum=0)
        cap = as_int(rules.parameter("inburgering_phone_max"), "inburgering_phone_max", minimum=0)
        if profile <= called and calls < cap:
            return InvitationPlan(("phone",), 0, True, cap)
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
        raise invalid("price_per_call", price_per_call, "must not be negative")
    rules = ruleset(rules)
    share = as_decimal(rules.parameter("phone_subsidy_share"), "phone_subsidy_share")
    cap = as_int(rules.parameter("phone_subsidy_calls"), "phone_subsidy_calls", minimum=0)
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
        raise invalid("by_qualified_teachers", by_qualified_teachers, f"more than the {total} lessons")
    minimum = as_decimal(ruleset(rules).parameter("qualified_teacher_min_pct"), "qualified_teacher_min_pct")
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
