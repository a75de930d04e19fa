"""Money: Decimal euros (K-MON-1)."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from functools import total_ordering
from typing import Any

import attrs

from blikopwerk._errors import InvalidValueError

__all__ = ["CENT", "MAX_MAGNITUDE", "VAT_RATE", "Money", "as_decimal"]

CENT = Decimal("0.01")
#: Dutch standard VAT rate, 21 % (K-MON-1).
VAT_RATE = Decimal("0.21")


#: The largest magnitude :func:`as_decimal` accepts (exclusive): a quintillion. Beyond it
#: Decimal arithmetic at the default 28 digits would round whole euros away.
MAX_MAGNITUDE = Decimal("1e18")
#: The longest text :func:`as_decimal` reads as a number.
MAX_TEXT = 100
# A decimal number written the plain way, ASCII digits only: no '_' separators (Python
# literal syntax), no other scripts' digits ('١٢' is 12 to Decimal), no NaN or Infinity.
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?(?P<exp>[0-9]+))?", re.ASCII)


def as_decimal(value: Any, field: str = "amount") -> Decimal:
    """``value`` as a finite Decimal; floats are refused, never rounded (K-MON-1).

    Accepts Decimal, int, numeric text and :class:`Money` (its amount). Text is a plain
    decimal number in ASCII digits with an optional sign, point and exponent (``"1605.50"``,
    ``"-2"``, ``"1e3"``), spaces around it allowed. Refused, with
    :class:`InvalidValueError` naming ``field`` and the value: floats and booleans, NaN and
    infinities (also as Decimal, quiet or signalling), digits of other scripts (``"١٢"``),
    superscripts (``"²"``), ``_`` separators (``"1_000"``), control characters, text over
    100 characters, and magnitudes of 10**18 (``MAX_MAGNITUDE``) and more (a huge
    exponent, an int of thousands of digits).

    Example:
        >>> as_decimal("1605.50", "turnover")
        Decimal('1605.50')
        >>> as_decimal(0.1, "turnover")
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: turnover: floats are not accepted; use Decimal, int or str (got 0.1)
        >>> as_decimal("1_000", "turnover")
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: turnover: not a decimal number in digits 0-9 (got '1_000')
        >>> as_decimal(Decimal("1e999999"), "turnover")
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: turnover: too large: must be less than 10**18 in size (got Decimal('1E+999999'))
    """
    if isinstance(value, Money):
        return value.amount
    if isinstance(value, bool):
        raise InvalidValueError(field, value, "booleans are not accepted; use Decimal, int or str")
    if isinstance(value, float):
        raise InvalidValueError(field, value, "floats are not accepted; use Decimal, int or str")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        if value.bit_length() > 64:  # 2**64 > 10**18: refuse before any conversion
            raise InvalidValueError(field, value, "too large: must be less than 10**18 in size")
        result = Decimal(value)
    elif isinstance(value, str):
        text = value.strip(" \t\r\n")
        if len(text) > MAX_TEXT:
            raise InvalidValueError(field, value, f"too long for a number (over {MAX_TEXT} characters)")
        match = _NUMBER.fullmatch(text)
        if match is None:
            raise InvalidValueError(field, value, "not a decimal number in digits 0-9")
        if len(match.group("exp") or "") > 6:
            raise InvalidValueError(field, value, "the exponent is out of range")
        try:
            result = Decimal(text)
        except ArithmeticError:  # pragma: no cover - the pattern admits only valid numbers
            raise InvalidValueError(field, value, "not a decimal number in digits 0-9") from None
    else:
        raise InvalidValueError(field, value, "expected Decimal, int or str")
    if not result.is_finite():
        raise InvalidValueError(field, value, "must be a finite number")
    if result and result.adjusted() >= 18:
        raise InvalidValueError(field, value, "too large: must be less than 10**18 in size")
    return result


@total_ordering
@attrs.frozen(eq=False, repr=False)
class Money:
    """An amount of euros, exact (K-MON-1).

    Amounts are ``Decimal``; floats are refused. Arithmetic keeps full precision;
    :meth:`rounded` rounds half-up to cents when a final amount is formed. An amount is
    checked by :func:`as_decimal` (finite, ASCII digits, less than 10**18 euros), also
    when arithmetic forms it, so every bad amount is an :class:`InvalidValueError`.

    Example:
        >>> fee = Money("1605")
        >>> print(fee.format())
        € 1.605,00
        >>> (fee * Decimal("1.21")).rounded()
        Money('1942.05')
        >>> Money("0.005").rounded().amount
        Decimal('0.01')
    """

    amount: Decimal = attrs.field(converter=as_decimal)

    @classmethod
    def zero(cls) -> Money:
        """Zero euros."""
        return cls(Decimal(0))

    def rounded(self) -> Money:
        """Round half-up to whole cents (K-MON-1); a negative amount that rounds to zero
        is zero (``€ 0,00``, never ``€ -0,00``)."""
        cents = self.amount.quantize(CENT, rounding=ROUND_HALF_UP)
        return Money(cents if cents else abs(cents))

    def with_vat(self, rate: Decimal = VAT_RATE) -> Money:
        """This amount (excl. VAT) plus VAT, rounded to cents (K-MON-1)."""
        return Money(self.amount * (1 + as_decimal(rate, "rate"))).rounded()

    def format(self, locale: str = "nl_NL") -> str:
        """Format for display with Babel, Dutch by default: ``€ 1.605,00``.

        Raises:
            InvalidValueError: ``locale`` is not a locale Babel knows.
        """
        from babel import Locale, UnknownLocaleError
        from babel.numbers import format_currency

        try:
            parsed = Locale.parse(locale)
        except (UnknownLocaleError, ValueError, TypeError):
            raise InvalidValueError("locale", locale, "not a locale such as 'nl_NL' or 'en_GB'") from None
        return str(format_currency(self.rounded().amount, "EUR", locale=parsed))

    def __str__(self) -> str:
        return self.format()

    def __repr__(self) -> str:
        return f"Money({str(self.amount)!r})"

    def _other(self, other: object) -> Decimal:
        if isinstance(other, Money):
            return other.amount
        raise TypeError(f"cannot combine Money with {type(other).__name__}")

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Money):
            return self.amount == other.amount
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.amount)

    def __lt__(self, other: Money) -> bool:
        return self.amount < self._other(other)

    def __add__(self, other: Money) -> Money:
        return Money(self.amount + self._other(other))

    def __radd__(self, other: object) -> Money:
        if other == 0:  # lets sum() work
            return self
        return Money(self._other(other) + self.amount)

    def __sub__(self, other: Money) -> Money:
        return Money(self.amount - self._other(other))

    def __neg__(self) -> Money:
        return Money(-self.amount)

    def __mul__(self, factor: Decimal | int) -> Money:
        if isinstance(factor, bool | float) or not isinstance(factor, Decimal | int):
            raise TypeError(f"Money can be multiplied by Decimal or int, not {type(factor).__name__}")
        return Money(self.amount * as_decimal(factor, "factor"))

    __rmul__ = __mul__
