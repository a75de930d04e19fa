"""Money: Decimal euros (K-MON-1)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import total_ordering
from typing import Any

import attrs

from blikopwerk._errors import InvalidValueError

__all__ = ["CENT", "VAT_RATE", "Money", "as_decimal"]

CENT = Decimal("0.01")
#: Dutch standard VAT rate, 21 % (K-MON-1).
VAT_RATE = Decimal("0.21")


def as_decimal(value: Any, field: str = "amount") -> Decimal:
    """``value`` as a finite Decimal; floats are refused, never rounded (K-MON-1).

    Accepts Decimal, int, numeric text (underscores allowed) and :class:`Money` (its
    amount). Raises :class:`InvalidValueError` naming ``field`` and the value.

    Example:
        >>> as_decimal("1_605.50", "turnover")
        Decimal('1605.50')
        >>> as_decimal(0.1, "turnover")
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: turnover: floats are not accepted; use Decimal, int or str (got 0.1)
    """
    if isinstance(value, Money):
        return value.amount
    if isinstance(value, bool | float):
        raise InvalidValueError(field, value, "floats are not accepted; use Decimal, int or str")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise InvalidValueError(field, value, "not a decimal number") from None
    else:
        raise InvalidValueError(field, value, "expected Decimal, int or str")
    if not result.is_finite():
        raise InvalidValueError(field, value, "must be a finite number")
    return result


@total_ordering
@attrs.frozen(eq=False, repr=False)
class Money:
    """An amount of euros, exact (K-MON-1).

    Amounts are ``Decimal``; floats are refused. Arithmetic keeps full precision;
    :meth:`rounded` rounds half-up to cents when a final amount is formed.

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
        """Round half-up to whole cents (K-MON-1)."""
        return Money(self.amount.quantize(CENT, rounding=ROUND_HALF_UP))

    def with_vat(self, rate: Decimal = VAT_RATE) -> Money:
        """This amount (excl. VAT) plus VAT, rounded to cents (K-MON-1)."""
        return Money(self.amount * (1 + rate)).rounded()

    def format(self, locale: str = "nl_NL") -> str:
        """Format for display with Babel, Dutch by default: ``€ 1.605,00``."""
        from babel.numbers import format_currency

        return str(format_currency(self.rounded().amount, "EUR", locale=locale))

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
        return Money(self.amount * factor)

    __rmul__ = __mul__
