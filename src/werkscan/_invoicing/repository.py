"""What storage must provide for invoicing, and an in-memory implementation (WS-INV-1, WS-INV-3).

:class:`InvoiceRepository` is the contract; the invoicing domain calls nothing else. Every
call happens inside the caller's unit of work: :func:`issue` asks for the next number
and stores the document in the same unit, so a unit that fails stores neither and the
number is given again (gapless). :class:`MemoryInvoiceRepository` keeps everything in
dictionaries, for tests and the demo; its :meth:`~MemoryInvoiceRepository.unit_of_work`
serialises units with a lock and undoes a failed one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Callable, Iterator
from typing import Any, Protocol, runtime_checkable

import attrs

from blikopwerk._calendar import dutch_day
from blikopwerk._errors import ConflictError, InvalidValueError, NotFoundError
from werkscan._invoicing.model import (
    CreditNote,
    DraftCreditNote,
    DraftInvoice,
    Invoice,
    Party,
    format_invoice_number,
    parse_invoice_number,
)

__all__ = ["InvoiceRepository", "MemoryInvoiceRepository", "Renewal", "issue_invoice"]

Document = Invoice | CreditNote


@attrs.frozen
class Renewal:
    """A licence renewed for a new period (WS-INV-3): both dates included.

    Example:
        >>> Renewal("L1", dt.date(2027, 1, 1), dt.date(2027, 12, 31)).period_end
        datetime.date(2027, 12, 31)
    """

    licence_id: str
    period_start: dt.date
    period_end: dt.date


@runtime_checkable
class InvoiceRepository(Protocol):
    """Final invoices and credit notes, their numbering, and renewals (WS-INV-1, WS-INV-3).

    Every method runs inside the caller's unit of work (one database transaction).
    :class:`MemoryInvoiceRepository` implements it in memory.

    Example:
        >>> isinstance(MemoryInvoiceRepository(), InvoiceRepository)
        True
    """

    def next_number(self, year: int) -> str:
        """The number after the highest stored in ``year``'s series (``YYYY-00001`` first).

        Gapless: the number is taken from what is stored, under a lock held until the unit
        of work ends, so a unit that rolls back gives its number to the next one.
        """
        ...

    def add(self, document: Invoice | CreditNote) -> None:
        """Store a final invoice or credit note; never change it afterwards.

        Raises :class:`blikopwerk.ConflictError` when its number is not the next of its
        year, or its number or key is stored already.
        """
        ...

    def get(self, number: str) -> Invoice | CreditNote:
        """The document with ``number``; :class:`blikopwerk.NotFoundError` when there is none."""
        ...

    def by_key(self, key: str) -> Invoice | CreditNote | None:
        """The document issued for ``key`` (what it is for), or None."""
        ...

    def for_licence(self, licence_id: str) -> list[Invoice | CreditNote]:
        """The documents of a licence, in the order of their numbers."""
        ...

    def add_renewal(self, renewal: Renewal) -> bool:
        """Record a renewal; False when the licence was renewed for that period already."""
        ...

    def renewals(self, licence_id: str) -> list[Renewal]:
        """The renewals of a licence, oldest first."""
        ...


class MemoryInvoiceRepository:
    """:class:`InvoiceRepository` in memory, for tests and the demo.

    Example:
        >>> repo = MemoryInvoiceRepository()
        >>> repo.next_number(2026)
        '2026-00001'
        >>> isinstance(repo, InvoiceRepository)
        True
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._documents: dict[str, Document] = {}
        self._keys: dict[str, str] = {}
        self._renewals: dict[tuple[str, dt.date], Renewal] = {}

    @contextlib.contextmanager
    def unit_of_work(self) -> Iterator[MemoryInvoiceRepository]:
        """Hold the lock; undo everything stored in the unit when it raises."""
        with self._lock:
            saved = (dict(self._documents), dict(self._keys), dict(self._renewals))
            try:
                yield self
            except BaseException:
                self._documents, self._keys, self._renewals = saved
                raise

    def next_number(self, year: int) -> str:
        with self._lock:
            last = max((parse_invoice_number(n)[1] for n in self._documents if n.startswith(f"{year:04d}-")),
                       default=0)
            return format_invoice_number(year, last + 1)

    def add(self, document: Invoice | CreditNote) -> None:
        if not isinstance(document, Invoice | CreditNote):
            raise InvalidValueError("document", document, "expected an Invoice or a CreditNote")
        with self._lock:
            year, _ = parse_invoice_number(document.number)
            if document.number in self._documents:
                raise ConflictError(f"invoice number {document.number} is taken")
            if document.key in self._keys:
                raise ConflictError(f"{document.key!r} was invoiced already as {self._keys[document.key]}")
            expected = self.next_number(year)
            if document.number != expected:
                raise ConflictError(f"invoice number {document.number} is not the next of {year} ({expected})")
            self._documents[document.number] = document
            self._keys[document.key] = document.number

    def get(self, number: str) -> Invoice | CreditNote:
        with self._lock:
            try:
                return self._documents[number]
            except KeyError:
                raise NotFoundError("invoice", number) from None

    def by_key(self, key: str) -> Invoice | CreditNote | None:
        with self._lock:
            number = self._keys.get(key)
            return None if number is None else self._documents[number]

    def for_licence(self, licence_id: str) -> list[Invoice | CreditNote]:
        with self._lock:
            found = [d for d in self._documents.values() if d.licence_id == licence_id]
        return sorted(found, key=lambda d: parse_invoice_number(d.number))

    def add_renewal(self, renewal: Renewal) -> bool:
        with self._lock:
            key = (renewal.licence_id, renewal.period_start)
            if key in self._renewals:
                return False
            self._renewals[key] = renewal
            return True

    def renewals(self, licence_id: str) -> list[Renewal]:
        with self._lock:
            found = [r for (lic, _), r in self._renewals.items() if lic == licence_id]
        return sorted(found, key=lambda r: r.period_start)

    def all_documents(self) -> list[Invoice | CreditNote]:
        """Every stored document in number order (for tests and the demo)."""
        with self._lock:
            return sorted(self._documents.values(), key=lambda d: parse_invoice_number(d.number))


def issue_invoice(repo: InvoiceRepository, draft: DraftInvoice | DraftCreditNote, at: dt.datetime,
          seller: Party) -> Invoice | CreditNote:
    """Number and store ``draft`` as final, issued on the Dutch day of ``at`` (WS-INV-1, K-TZ-1).

    Call it inside one unit of work: the number is allocated and the document stored in
    it. Issuing a draft whose key was issued before returns the stored document unchanged.

    Example:
        >>> from blikopwerk import Money
        >>> from werkscan._invoicing.model import InvoiceItem
        >>> repo = MemoryInvoiceRepository()
        >>> draft = DraftInvoice("staffel:S1", "L1", Party("Arbo BV"), dt.date(2026, 12, 31),
        ...                      dt.date(2026, 12, 31), [InvoiceItem.build("staffel", 1, Money("312.50"), size=25)])
        >>> late = dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC)      # 1 January in the Netherlands
        >>> with repo.unit_of_work():
        ...     inv = issue_invoice(repo, draft, late, Party("Blik op Werk"))
        >>> inv.number, inv.issued_on
        ('2027-00001', datetime.date(2027, 1, 1))
        >>> issue_invoice(repo, draft, late, Party("Blik op Werk")) is inv
        True
    """
    existing = repo.by_key(draft.key)
    if existing is not None:
        return existing
    day = dutch_day(at, field="at")
    number = repo.next_number(day.year)
    document = draft.finalise(number, day, seller)
    repo.add(document)
    return document


UnitOfWork = Callable[[], contextlib.AbstractContextManager[Any]]
