"""Input checks shared by the Keurmerk modules: exact numbers, never floats, never guesses."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from blikopwerk import InvalidValueError, as_decimal

__all__ = ["as_date", "as_decimal", "as_int", "round1"]

ONE_DECIMAL = Decimal("0.1")


def as_int(value: Any, field: str, minimum: int | None = None) -> int:
    """``value`` as an int (bools and floats refused), at least ``minimum`` when given."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValueError(field, value, "must be a whole number")
    if minimum is not None and value < minimum:
        raise InvalidValueError(field, value, f"must be at least {minimum}")
    return value


def as_date(value: Any, field: str) -> dt.date:
    """``value`` as a date (a datetime gives its date; ISO text is parsed)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise InvalidValueError(field, value, "not an ISO date (YYYY-MM-DD)") from None
    raise InvalidValueError(field, value, "expected a date")


def round1(value: Decimal) -> Decimal:
    """Half-up to one decimal, as the survey report prints percentages and marks."""
    return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
