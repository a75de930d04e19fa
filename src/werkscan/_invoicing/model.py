"""Invoices and credit notes: numbered, line-rounded, immutable (WS-INV-1, K-MON-1).

An invoice is built as a :class:`DraftInvoice` (no number), then finalised into an
:class:`Invoice` with a number of its calendar year's gapless series. Every line carries
its amount excluding VAT, the VAT and the total, each rounded half-up to cents **at the
line** (K-MON-1: a line amount is a final amount): the unit price on a line is whole
cents, so *quantity x unit price* is the line amount exactly and no sub-cent leftover
(``8.125`` each) stays on an invoice. The totals of an invoice are the sums of its lines.

A final invoice is never changed; a correction is a :class:`CreditNote` whose lines are
the credited lines with negative quantities, referring to the original invoice number.

Numbers: ``YYYY-NNNNN`` (the year of the issue date, a hyphen, the sequence number of
that year zero-padded to five digits: ``2026-00001``). Invoices and credit notes share
one series per calendar year, as Dutch VAT law asks one unique sequential numbering.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

import attrs

from blikopwerk._errors import InvalidValueError
from blikopwerk._i18n import Language, translator
from blikopwerk._money import CENT, VAT_RATE, Money, as_decimal
from blikopwerk._values import check_storable, storable_validator

__all__ = [
    "CreditNote",
    "DraftCreditNote",
    "DraftInvoice",
    "Invoice",
    "InvoiceItem",
    "LineKind",
    "Party",
    "format_invoice_number",
    "parse_invoice_number",
]

#: What a line is for; the description comes from the message catalogue by kind.
LineKind = Literal["staffel", "upgrade", "upgrade_credit", "overage"]
_KINDS: tuple[str, ...] = ("staffel", "upgrade", "upgrade_credit", "overage")
_NUMBER = re.compile(r"(?P<year>[0-9]{4})-(?P<seq>[0-9]{5,})", re.ASCII)


def format_invoice_number(year: int, sequence: int) -> str:
    """The invoice number of ``sequence`` in ``year``'s series: ``YYYY-NNNNN`` (WS-INV-1).

    Example:
        >>> format_invoice_number(2026, 7)
        '2026-00007'
        >>> format_invoice_number(2026, 0)
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: sequence: must be a whole number from 1 (got 0)
    """
    if isinstance(year, bool) or not isinstance(year, int) or not 1000 <= year <= 9999:
        raise InvalidValueError("year", year, "must be a four-digit year")
    if isinstance(sequence, bool) or not isinstance(sequence, int) or sequence < 1:
        raise InvalidValueError("sequence", sequence, "must be a whole number from 1")
    return f"{year}-{sequence:05d}"


def parse_invoice_number(number: object) -> tuple[int, int]:
    """The year and sequence of an invoice number (WS-INV-1).

    Example:
        >>> parse_invoice_number("2026-00007")
        (2026, 7)
        >>> parse_invoice_number("F-7")
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: number: not an invoice number like 2026-00001 (got 'F-7')
    """
    match = _NUMBER.fullmatch(number) if isinstance(number, str) else None
    if match is None or int(match.group("seq")) < 1:
        raise InvalidValueError("number", number, "not an invoice number like 2026-00001")
    return int(match.group("year")), int(match.group("seq"))


def _text(field: str) -> Any:
    def check(_inst: Any, _attr: Any, value: Any) -> None:
        if not isinstance(value, str) or not value.strip():
            raise InvalidValueError(field, value, "must be a non-empty text")
        check_storable(value, field)  # a NUL byte: refused on every backend alike
    return check


def _lines_tuple(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(check_storable(v, "address") for v in values)  # a NUL byte: refused alike


@attrs.frozen
class Party:
    """The seller or the buyer on an invoice (name, address lines, registration numbers).

    ``address`` is printed as given; a line like ``3511 AB Utrecht`` is read as postcode
    and city for the UBL export. ``coc_number`` is the KvK number; ``country`` the ISO
    3166 code (``NL`` unless given).

    Example:
        >>> Party("Arbo BV", ("Stationsplein 1", "3511 AB Utrecht")).address
        ('Stationsplein 1', '3511 AB Utrecht')
    """

    name: str = attrs.field(validator=_text("name"))
    address: tuple[str, ...] = attrs.field(default=(), converter=_lines_tuple)
    vat_number: str | None = attrs.field(default=None, validator=storable_validator)
    coc_number: str | None = attrs.field(default=None, validator=storable_validator)
    email: str | None = attrs.field(default=None, validator=storable_validator)
    country: str = attrs.field(default="NL")

    @country.validator
    def _check_country(self, _attr: Any, value: Any) -> None:
        if not isinstance(value, str) or not re.fullmatch(r"[A-Z]{2}", value):
            raise InvalidValueError("country", value, "an ISO 3166 country code such as NL")


def _cents(value: Decimal) -> Decimal:
    rounded = value.quantize(CENT, rounding=ROUND_HALF_UP)
    return rounded if rounded else abs(rounded)


def _as_money(value: Any) -> Money:
    return value if isinstance(value, Money) else Money(as_decimal(value, "amount"))


@attrs.frozen
class InvoiceItem:
    """One line of an invoice or credit note, rounded at the line (WS-INV-1, K-MON-1).

    ``unit_price`` is whole cents; ``amount`` (excl. VAT) is ``quantity x unit_price``,
    ``vat`` is ``amount x vat_rate`` rounded half-up to cents, ``total`` is their sum. A
    credit note's lines have negative quantities. Build lines with :meth:`build`, which
    rounds a sub-cent unit price half-up first; constructing a line whose figures do not
    add up is refused.

    Example:
        >>> line = InvoiceItem.build("overage", 3, Money("8.125"), size=250)
        >>> line.unit_price, line.amount, line.vat, line.total
        (Money('8.13'), Money('24.39'), Money('5.12'), Money('29.51'))
        >>> print(line.description("nl"))
        Werkscans boven de staffel van 250
        >>> print(line.description("en"))
        Werkscans beyond the staffel of 250
    """

    kind: LineKind
    quantity: int
    unit_price: Money = attrs.field(converter=_as_money)
    amount: Money = attrs.field(converter=_as_money)
    vat: Money = attrs.field(converter=_as_money)
    total: Money = attrs.field(converter=_as_money)
    size: int
    vat_rate: Decimal = VAT_RATE

    def __attrs_post_init__(self) -> None:
        if self.kind not in _KINDS:
            raise InvalidValueError("kind", self.kind, f"expected one of {list(_KINDS)}")
        if isinstance(self.quantity, bool) or not isinstance(self.quantity, int) or self.quantity == 0:
            raise InvalidValueError("quantity", self.quantity, "must be a whole number other than 0")
        if isinstance(self.size, bool) or not isinstance(self.size, int) or self.size <= 0:
            raise InvalidValueError("size", self.size, "must be a positive whole number")
        rate = as_decimal(self.vat_rate, "vat_rate")
        if rate < 0:
            raise InvalidValueError("vat_rate", self.vat_rate, "must not be negative")
        if self.unit_price.amount != _cents(self.unit_price.amount) or self.unit_price < Money.zero():
            raise InvalidValueError("unit_price", self.unit_price, "must be whole cents, not negative")
        if self.amount.amount != self.unit_price.amount * self.quantity:
            raise InvalidValueError("amount", self.amount, "must be quantity x unit price")
        if self.vat.amount != _cents(self.amount.amount * rate):
            raise InvalidValueError("vat", self.vat, "must be the amount x the VAT rate, rounded to cents")
        if self.total.amount != self.amount.amount + self.vat.amount:
            raise InvalidValueError("total", self.total, "must be the amount plus the VAT")

    @classmethod
    def build(cls, kind: LineKind, quantity: int, unit_price: Money, *, size: int,
              vat_rate: Decimal = VAT_RATE) -> InvoiceItem:
        """A line: the unit price rounded half-up to cents, then amount, VAT and total."""
        if isinstance(quantity, bool) or not isinstance(quantity, int):
            raise InvalidValueError("quantity", quantity, "must be a whole number")
        price = _cents(unit_price.amount if isinstance(unit_price, Money) else as_decimal(unit_price, "unit_price"))
        amount = price * quantity
        vat = _cents(amount * as_decimal(vat_rate, "vat_rate"))
        return cls(kind, quantity, Money(price), Money(amount), Money(vat), Money(amount + vat), size,
                   vat_rate)

    def credited(self, quantity: int) -> InvoiceItem:
        """This line with ``quantity`` of it credited: the same line with a negative quantity.

        Crediting the whole quantity gives exactly the negated line (half-up rounding is
        symmetric around zero), so a full credit note cancels its invoice to the cent.
        """
        if isinstance(quantity, bool) or not isinstance(quantity, int) or not 0 < quantity <= abs(self.quantity):
            raise InvalidValueError("quantity", quantity, f"must be from 1 to {abs(self.quantity)}")
        sign = -1 if self.quantity > 0 else 1
        return InvoiceItem.build(self.kind, sign * quantity, self.unit_price, size=self.size,
                                 vat_rate=self.vat_rate)

    def description(self, lang: Language | str = "nl") -> str:
        """What the line is for, from the message catalogue (Dutch unless asked otherwise)."""
        t = translator("werkscan", lang)
        if self.kind == "staffel":
            text = t.gettext("Staffel of {size} Werkscans (completed questionnaires)")
        elif self.kind == "upgrade":
            text = t.gettext("Larger staffel of {size} Werkscans (upgrade)")
        elif self.kind == "upgrade_credit":
            text = t.gettext("Credit for the staffel of {size} Werkscans already paid")
        else:
            text = t.gettext("Werkscans beyond the staffel of {size}")
        return text.format(size=t.integer(self.size))


def _items(values: Iterable[InvoiceItem]) -> tuple[InvoiceItem, ...]:
    items = tuple(values)
    for i, item in enumerate(items):
        if not isinstance(item, InvoiceItem):
            raise InvalidValueError(f"lines[{i}]", item, "expected an InvoiceItem")
    if not items:
        raise InvalidValueError("lines", items, "an invoice needs at least one line")
    return items


def _date(field: str) -> Any:
    def check(_inst: Any, _attr: Any, value: Any) -> None:
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise InvalidValueError(field, value, "expected a date")
    return check


class _Totals:
    lines: tuple[InvoiceItem, ...]

    @property
    def amount(self) -> Money:
        """The sum of the lines' amounts excl. VAT."""
        return sum((line.amount for line in self.lines), Money.zero())

    @property
    def vat(self) -> Money:
        """The sum of the lines' VAT."""
        return sum((line.vat for line in self.lines), Money.zero())

    @property
    def total(self) -> Money:
        """The sum of the lines' totals incl. VAT."""
        return sum((line.total for line in self.lines), Money.zero())


def _positive(_inst: Any, _attr: Any, value: tuple[InvoiceItem, ...]) -> None:
    for i, line in enumerate(value):
        if line.quantity < 0 and line.kind != "upgrade_credit":
            raise InvalidValueError(f"lines[{i}].quantity", line.quantity,
                                    "an invoice credits only a replaced staffel; use a credit note")


def _negative(_inst: Any, _attr: Any, value: tuple[InvoiceItem, ...]) -> None:
    for i, line in enumerate(value):
        if (line.quantity > 0) == (line.kind != "upgrade_credit"):
            raise InvalidValueError(f"lines[{i}].quantity", line.quantity,
                                    "a credit note's lines are the credited lines, opposite in sign")


@attrs.frozen
class DraftInvoice(_Totals):
    """An invoice as planned, before it has a number (WS-INV-1, WS-INV-3).

    ``key`` names what the invoice is for (``staffel:<purchase id>``,
    ``overage:<licence id>:<period start>:<n>``) so a repeated run finds it issued and
    does not invoice twice.

    Example:
        >>> d = DraftInvoice("staffel:S1", "L1", Party("Arbo BV"), dt.date(2026, 1, 5),
        ...                  dt.date(2026, 1, 5), [InvoiceItem.build("staffel", 1, Money("312.50"), size=25)])
        >>> d.amount, d.vat, d.total
        (Money('312.50'), Money('65.63'), Money('378.13'))
    """

    key: str = attrs.field(validator=_text("key"))
    licence_id: str = attrs.field(validator=_text("licence_id"))
    buyer: Party
    period_start: dt.date = attrs.field(validator=_date("period_start"))
    period_end: dt.date = attrs.field(validator=_date("period_end"))
    lines: tuple[InvoiceItem, ...] = attrs.field(converter=_items, validator=_positive)

    def finalise(self, number: str, issued_on: dt.date, seller: Party) -> Invoice:
        """The final invoice with ``number``, issued on ``issued_on`` (a Dutch day)."""
        return Invoice(number, self.key, self.licence_id, issued_on, seller, self.buyer, self.period_start,
                       self.period_end, self.lines)


@attrs.frozen
class Invoice(_Totals):
    """A final invoice: numbered, immutable (WS-INV-1).

    ``issued_on`` is the Dutch day of issue (K-TZ-1) and its year is the year of the
    number's series; ``period_start``..``period_end`` (both included) is the period of
    supply. Totals are the sums of the lines. Correct an invoice with a :class:`CreditNote`.

    Example:
        >>> inv = Invoice("2026-00001", "staffel:S1", "L1", dt.date(2026, 1, 5), Party("Blik op Werk"),
        ...               Party("Arbo BV"), dt.date(2026, 1, 5), dt.date(2026, 1, 5),
        ...               [InvoiceItem.build("staffel", 1, Money("312.50"), size=25)])
        >>> inv.total
        Money('378.13')
        >>> inv.number = "2026-00002"
        Traceback (most recent call last):
        ...
        attr.exceptions.FrozenInstanceError: can't set attribute
    """

    number: str
    key: str = attrs.field(validator=_text("key"))
    licence_id: str = attrs.field(validator=_text("licence_id"))
    issued_on: dt.date = attrs.field(validator=_date("issued_on"))
    seller: Party
    buyer: Party
    period_start: dt.date = attrs.field(validator=_date("period_start"))
    period_end: dt.date = attrs.field(validator=_date("period_end"))
    lines: tuple[InvoiceItem, ...] = attrs.field(converter=_items, validator=_positive)

    def __attrs_post_init__(self) -> None:
        year, _ = parse_invoice_number(self.number)
        if year != self.issued_on.year:
            raise InvalidValueError("number", self.number, f"not in the series of {self.issued_on.year}")
        if self.period_end < self.period_start:
            raise InvalidValueError("period_end", self.period_end, "before period_start")

    @property
    def sequence(self) -> int:
        """The sequence number within the year."""
        return parse_invoice_number(self.number)[1]


@attrs.frozen
class DraftCreditNote(_Totals):
    """A credit note as planned, before it has a number (WS-INV-1).

    Example:
        >>> line = InvoiceItem.build("overage", 5, Money("11.00"), size=50)
        >>> DraftCreditNote("credit:2026-00003:1", "L1", Party("Arbo BV"), "2026-00003",
        ...                 "charged by mistake", [line.credited(1)]).amount
        Money('-11.00')
    """

    key: str = attrs.field(validator=_text("key"))
    licence_id: str = attrs.field(validator=_text("licence_id"))
    buyer: Party
    original_number: str
    reason: str = attrs.field(validator=_text("reason"))
    lines: tuple[InvoiceItem, ...] = attrs.field(converter=_items, validator=_negative)

    def finalise(self, number: str, issued_on: dt.date, seller: Party) -> CreditNote:
        """The final credit note with ``number``, issued on ``issued_on`` (a Dutch day)."""
        return CreditNote(number, self.key, self.licence_id, issued_on, seller, self.buyer,
                          self.original_number, self.reason, self.lines)


@attrs.frozen
class CreditNote(_Totals):
    """A final credit note: the credited lines with negative quantities, referring to the
    original invoice by its number (WS-INV-1). Numbered in the same series as invoices.

    Example:
        >>> line = InvoiceItem.build("overage", 5, Money("11.00"), size=50)
        >>> note = CreditNote("2026-00004", "credit:2026-00003:1", "L1", dt.date(2027, 1, 8),
        ...                   Party("Blik op Werk"), Party("Arbo BV"), "2026-00003", "charged by mistake",
        ...                   [line.credited(5)])
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: number: not in the series of 2027 (got '2026-00004')
    """

    number: str
    key: str = attrs.field(validator=_text("key"))
    licence_id: str = attrs.field(validator=_text("licence_id"))
    issued_on: dt.date = attrs.field(validator=_date("issued_on"))
    seller: Party
    buyer: Party
    original_number: str
    reason: str = attrs.field(validator=_text("reason"))
    lines: tuple[InvoiceItem, ...] = attrs.field(converter=_items, validator=_negative)

    def __attrs_post_init__(self) -> None:
        year, _ = parse_invoice_number(self.number)
        if year != self.issued_on.year:
            raise InvalidValueError("number", self.number, f"not in the series of {self.issued_on.year}")
        parse_invoice_number(self.original_number)

    @property
    def sequence(self) -> int:
        """The sequence number within the year."""
        return parse_invoice_number(self.number)[1]
