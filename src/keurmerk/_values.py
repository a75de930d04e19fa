"""Input checks shared by the Keurmerk modules: exact numbers, never floats, never guesses.

Every public keurmerk function checks its inputs with these helpers, so bad input is
always an :class:`blikopwerk.InvalidValueError` naming the field and the value (issue 11):

* numbers: ``int``, ``Decimal`` or ASCII numeric text (no floats, bools, ``"²"``, ``"١٢"``,
  NaN or infinity); below 10^15 in absolute value and with at most 20 decimals, so every
  sum, mean and amount is exact;
* texts: ``str`` without control characters (a NUL byte, an escape) or lone surrogates;
* dates: ``date``, ISO text, or an aware ``datetime`` (its day in Europe/Amsterdam,
  K-TZ-1); a naive ``datetime`` is refused;
* a value too long to show (a 5,000-digit number, a 10,000-character text) is named by a
  short description in the error, so the message stays one readable line.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from blikopwerk import InvalidValueError, RuleSet
from blikopwerk import as_decimal as _kernel_decimal

__all__ = [
    "MAX_MAGNITUDE",
    "as_bool",
    "as_date",
    "as_decimal",
    "as_int",
    "as_items",
    "as_text",
    "digits_to_int",
    "invalid",
    "round1",
    "ruleset",
    "shown",
]

ONE_DECIMAL = Decimal("0.1")
#: Numbers must lie below this in absolute value (no count, amount or mark comes near it).
MAX_MAGNITUDE = 10**15
#: At most this many decimals in a number.
MAX_DECIMALS = 20
_MAX_NUMBER_TEXT = 100
_AMSTERDAM = ZoneInfo("Europe/Amsterdam")
_DIGITS = re.compile(r"\s*-?[0-9]{1,15}\s*", re.ASCII)


def shown(value: Any) -> Any:
    """``value`` itself, or a short description when its repr would be huge or fail.

    Example:
        >>> shown(7), shown("x" * 400)
        (7, "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'... (400 characters)")
        >>> shown(10**5000)
        'a whole number of 5001 digits'
    """
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**60:
        digits = int(abs(value).bit_length() * math.log10(2)) + 1
        if abs(value) < 10 ** (digits - 1):
            digits -= 1
        return f"a whole number of {digits} digits"
    if isinstance(value, str | bytes | bytearray) and len(value) > 300:
        return f"{value[:60]!r}... ({len(value)} {'characters' if isinstance(value, str) else 'bytes'})"
    try:
        text = repr(value)
    except Exception:
        return f"a {type(value).__name__} that cannot be shown"
    if len(text) > 400:
        return f"{text[:120]}... (a {type(value).__name__} of {len(text)} characters)"
    return value


def invalid(field: str, value: Any, reason: str) -> InvalidValueError:
    """An :class:`InvalidValueError` whose value is shown safely (see :func:`shown`)."""
    return InvalidValueError(field, shown(value), reason)


def ruleset(value: Any, field: str = "rules") -> RuleSet:
    """``value`` if it is a :class:`blikopwerk.RuleSet`."""
    if not isinstance(value, RuleSet):
        raise invalid(field, value, "expected a RuleSet, e.g. keurmerk.KEURMERK_RULES")
    return value


def as_bool(value: Any, field: str) -> bool:
    """``value`` if it is ``True`` or ``False`` (no truthiness, no ``"ja"``)."""
    if not isinstance(value, bool):
        raise invalid(field, value, "must be true or false")
    return value


def as_int(value: Any, field: str, minimum: int | None = None, maximum: int | None = None) -> int:
    """``value`` as an int (bools, floats and texts refused), within the bounds given."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid(field, value, "must be a whole number")
    if abs(value) >= MAX_MAGNITUDE:
        raise invalid(field, value, "is too large")
    if minimum is not None and value < minimum:
        raise invalid(field, value, f"must be at least {minimum}")
    if maximum is not None and value > maximum:
        raise invalid(field, value, f"must be at most {maximum}")
    return value


def as_decimal(value: Any, field: str) -> Decimal:
    """``value`` as an exact, finite Decimal of sensible size (see the module docs).

    Example:
        >>> as_decimal("7.5", "mark")
        Decimal('7.5')
        >>> as_decimal("٧", "mark")
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: mark: write numbers with the digits 0-9 (got '٧')
    """
    if isinstance(value, str):
        if not value.isascii() or "\x00" in value:
            raise invalid(field, value, "write numbers with the digits 0-9")
        if len(value) > _MAX_NUMBER_TEXT:
            raise invalid(field, value, "is too long for a number")
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) >= MAX_MAGNITUDE:
        raise invalid(field, value, "is too large")
    result = _kernel_decimal(value, field)
    if abs(result) >= MAX_MAGNITUDE:
        raise invalid(field, value, "is too large")
    _, digits, exponent = result.as_tuple()
    if isinstance(exponent, int) and exponent < -MAX_DECIMALS:
        kept = len(digits)
        while kept > 1 and digits[kept - 1] == 0 and exponent < 0:  # trailing zeros are no decimals
            kept -= 1
            exponent += 1
        if exponent < -MAX_DECIMALS:
            raise invalid(field, value, f"has more than {MAX_DECIMALS} decimals")
    return result


def as_text(value: Any, field: str, *, required: bool = True, multiline: bool = False,
            max_length: int = 300) -> str:
    """``value`` if it is printable text: no control characters, no lone surrogates.

    ``multiline`` allows line breaks and tabs (presentation texts); ``required`` refuses
    empty or blank text.

    Example:
        >>> as_text("Werkpad", "name")
        'Werkpad'
        >>> as_text("Werk\\x00pad", "name")
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: name: contains a control character (a NUL byte, an escape, ...) (got 'Werk\\x00pad')
    """
    if not isinstance(value, str):
        raise invalid(field, value, "must be a text")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise invalid(field, value, "is not valid Unicode text") from None
    allowed = "\n\r\t" if multiline else ""
    if any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in value):
        raise invalid(field, value, "contains a control character (a NUL byte, an escape, ...)")
    if required and not value.strip():
        raise invalid(field, value, "must not be empty")
    if len(value) > max_length:
        raise invalid(field, value, f"is longer than {max_length} characters")
    return value


def digits_to_int(value: Any) -> Any:
    """A text of ASCII digits (``"7"``, ``" 12 "``) as an int; anything else unchanged, for
    the checks that follow to refuse (``"²"`` and ``"١٢"`` are not read as numbers).

    Example:
        >>> digits_to_int(" 12 "), digits_to_int("²"), digits_to_int(7)
        (12, '²', 7)
    """
    if isinstance(value, str) and _DIGITS.fullmatch(value):
        return int(value)
    return value


def as_items(value: Any, field: str) -> tuple[Any, ...]:
    """The items of a list-like ``value`` (texts, bytes and mappings are refused)."""
    if isinstance(value, str | bytes | bytearray | Mapping) or not isinstance(value, Iterable):
        raise invalid(field, value, "must be a list")
    return tuple(value)


def as_date(value: Any, field: str) -> dt.date:
    """``value`` as a date: a date, ISO text, or an aware datetime's day in Europe/Amsterdam.

    A naive datetime is refused (K-TZ-1: the day of an instant is its Dutch day).

    Example:
        >>> as_date(dt.datetime(2024, 12, 31, 23, 30, tzinfo=dt.UTC), "start")
        datetime.date(2025, 1, 1)
    """
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise invalid(field, value, "a datetime needs a time zone (its day in the Netherlands counts)")
        try:
            return value.astimezone(_AMSTERDAM).date()
        except (OverflowError, ValueError):
            raise invalid(field, value, "outside the calendar") from None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if not text.isascii() or len(text) > 40:
            raise invalid(field, value, "not an ISO date (YYYY-MM-DD)")
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise invalid(field, value, "not an ISO date (YYYY-MM-DD)") from None
    raise invalid(field, value, "expected a date")


def round1(value: Decimal) -> Decimal:
    """Half-up to one decimal, as the survey report prints percentages and marks."""
    return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
