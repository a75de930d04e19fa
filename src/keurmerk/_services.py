"""The Keurmerk services (KM-SVC-1)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from blikopwerk import RuleSet
from keurmerk._tables import KEURMERK_RULES, Service
from keurmerk._values import as_bool, as_int, as_items, as_text, invalid, ruleset

__all__ = ["INBURGERING", "get_service", "services"]

#: The number of the inburgering service (dienst 11).
INBURGERING = 11


def get_service(number: Any, *, historic: bool = False, field: str = "service",
                rules: RuleSet = KEURMERK_RULES) -> Service:
    """The service ``dienst <number>`` (KM-SVC-1).

    Dienst 12 (duurzame inzetbaarheid) no longer exists: it is accepted only when
    ``historic`` is true (data from before it was dropped) and refused in new data.

    Args:
        number: the service number, 1-13.
        historic: whether the data is historic (then dienst 12 is accepted).
        field: the field name reported in errors.
        rules: the rule set whose ``services`` table is used.

    Returns:
        The :class:`Service`.

    Raises:
        InvalidValueError: an unknown number, or dienst 12 in new data.

    Example:
        >>> get_service(8).name_en
        'Work-to-work placement (first and second track)'
        >>> get_service(12, historic=True).name_nl
        'Duurzame inzetbaarheid'
        >>> get_service(12)
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: service: dienst 12 (Duurzame inzetbaarheid) no longer exists; accepted in historic data only (got 12)
    """
    as_text(field, "field", max_length=200)
    as_bool(historic, "historic")
    n = as_int(number, field)
    table = ruleset(rules)["services"]
    if n not in table:
        raise invalid(field, number, f"unknown service; services are {min(table)}-{max(table)}")
    service: Service = table[n]
    if service.retired and not historic:
        raise invalid(
            field, number,
            f"dienst {n} ({service.name_nl}) no longer exists; accepted in historic data only")
    return service


def services(*, historic: bool = False, rules: RuleSet = KEURMERK_RULES) -> list[Service]:
    """Every service in number order; retired ones only with ``historic=True`` (KM-SVC-1).

    Example:
        >>> [s.number for s in services()][-3:]
        [10, 11, 13]
        >>> len(services(historic=True))
        13
    """
    as_bool(historic, "historic")
    return [s for s in ruleset(rules)["services"].values() if historic or not s.retired]


def check_services(numbers: Iterable[Any], *, historic: bool = False, field: str = "services",
                   rules: RuleSet = KEURMERK_RULES) -> tuple[Service, ...]:
    """Validate several service numbers (no duplicates), in the given order."""
    result: list[Service] = []
    seen: set[int] = set()
    for i, n in enumerate(as_items(numbers, field)):
        s = get_service(n, historic=historic, field=f"{field}[{i}]", rules=rules)
        if s.number in seen:
            raise invalid(f"{field}[{i}]", n, "service listed twice")
        seen.add(s.number)
        result.append(s)
    return tuple(result)
