"""Invoices on the storage engine: one :class:`~werkscan.InvoiceRepository` for every SQL
database (SQLite, PostgreSQL, MariaDB/MySQL), and the licence facts read from storage.

Tables (:mod:`werkscan._storage.tables`): ``invoice_series`` (the last number of
each year, and the numbering lock in the row of year 0), ``invoices``,
``invoice_lines``, ``licence_renewals``; the facts come from ``ws_licences``,
``ws_staffels``, ``ws_charges`` and ``ws_charge_credits``.

Gapless numbering (WS-INV-1) rests on the database: a unit of work that numbers a
document first locks the row of year 0 (``SELECT ... FOR UPDATE``; SQLite's
``BEGIN IMMEDIATE`` holds the write lock already), then reads and raises the year's last
number in the same transaction as it stores the document. A unit that rolls back
releases the number with everything else. On PostgreSQL an invoicing unit of work runs
at ``READ COMMITTED``, so a unit that waited for the lock reads the number the one
before it committed (at ``SERIALIZABLE`` it would fail instead). The repository decides
nothing: what is invoiced, and when, is :mod:`werkscan._invoicing.period`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import threading
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any, TypeVar

from blikopwerk._backends.sql import SqlDatabase, Tx, from_iso, iso
from blikopwerk._errors import ConflictError, InvalidValueError, NotFoundError
from blikopwerk._money import Money
from werkscan._invoicing.facts import ChargeCredit, Completion, LicenceFacts, StaffelPurchase
from werkscan._invoicing.model import (
    CreditNote,
    Invoice,
    InvoiceItem,
    Party,
    format_invoice_number,
    parse_invoice_number,
)
from werkscan._invoicing.repository import Renewal

__all__ = ["LicencePeriod", "SqlInvoiceRepository", "invoice_repository"]

T = TypeVar("T")

_DOC = ("number, doc_key, licence_id, kind, issued_on, seller, buyer, period_start, period_end, "
        "original_number, reason")
_LINE = "kind, quantity, unit_price, amount, vat, total, size, vat_rate"


def _party_json(party: Party) -> str:
    return json.dumps({"name": party.name, "address": list(party.address), "vat_number": party.vat_number,
                       "coc_number": party.coc_number, "email": party.email, "country": party.country},
                      ensure_ascii=False, sort_keys=True)


def _party(text: str) -> Party:
    data = json.loads(text)
    return Party(data["name"], tuple(data["address"]), data["vat_number"], data["coc_number"], data["email"],
                 data["country"])


def _date(text: str | None) -> dt.date:
    assert text is not None
    return dt.date.fromisoformat(text)


class LicencePeriod:
    """One period of a stored licence: its first and last day (both included)."""

    __slots__ = ("end", "start")

    def __init__(self, start: dt.date, end: dt.date) -> None:
        self.start = start
        self.end = end


class SqlInvoiceRepository:
    """:class:`~werkscan.InvoiceRepository` on the storage engine (WS-INV-1, WS-INV-3).

    Its methods run in the transaction of the current :meth:`unit_of_work` of this
    thread; called outside one, each runs in a transaction of its own. Open it on a
    storage with :func:`werkscan.invoice_repository`.

    Example:
        >>> from blikopwerk import storage
        >>> from werkscan import invoice_repository
        >>> s = storage.open_storage("memory://")
        >>> repo = invoice_repository(s)
        >>> with repo.unit_of_work():
        ...     repo.next_number(2026)
        '2026-00001'
        >>> s.close()
    """

    def __init__(self, db: SqlDatabase) -> None:
        self.db = db
        self._local = threading.local()
        self._dialect = str(getattr(db.dialect, "name", ""))

    # -- units of work -------------------------------------------------------------------

    @contextlib.contextmanager
    def unit_of_work(self) -> Iterator[Tx]:
        """One transaction for several steps: committed on success, rolled back on an error.

        Nested use on one thread joins the outer unit.
        """
        current = getattr(self._local, "tx", None)
        if current is not None:
            yield current
            return
        with self.db.transaction() as tx:
            self._begin(tx)
            self._local.tx = tx
            try:
                yield tx
            finally:
                self._local.tx = None

    def run(self, fn: Callable[[Tx], T]) -> T:
        """Run ``fn`` as one unit of work, again on a transient error (busy, deadlock)."""
        current = getattr(self._local, "tx", None)
        if current is not None:
            return fn(current)

        def unit(tx: Tx) -> T:
            self._begin(tx)
            self._local.tx = tx
            try:
                return fn(tx)
            finally:
                self._local.tx = None

        return self.db.run(unit)

    def _begin(self, tx: Tx) -> None:
        if self._dialect == "postgresql":
            tx.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
        elif self._dialect == "mysql":
            # MariaDB runs SERIALIZABLE (every read takes shared locks): take the numbering
            # lock before any of them, so two invoicing units never hold locks the other wants
            self._lock(tx)

    def _lock(self, tx: Tx) -> None:
        if self._dialect != "sqlite":  # SQLite: BEGIN IMMEDIATE holds the write lock
            tx.execute("SELECT last_sequence FROM invoice_series WHERE year = 0 FOR UPDATE")

    @property
    def _fresh(self) -> str:
        # MariaDB at REPEATABLE READ: a plain read sees the snapshot of the unit's first
        # read; a locking read sees what the unit before it committed.
        return " FOR UPDATE" if self._dialect == "mysql" else ""

    def _last(self, tx: Tx, year: int) -> int:
        self._lock(tx)
        row = tx.one("SELECT last_sequence FROM invoice_series WHERE year = ?" + self._fresh, (year,))
        return 0 if row is None else int(row[0])

    # -- InvoiceRepository ---------------------------------------------------------------

    def next_number(self, year: int) -> str:
        if isinstance(year, bool) or not isinstance(year, int) or not 1000 <= year <= 9999:
            raise InvalidValueError("year", year, "must be a four-digit year")
        return self.run(lambda tx: format_invoice_number(year, self._last(tx, year) + 1))

    def add(self, document: Invoice | CreditNote) -> None:
        if not isinstance(document, Invoice | CreditNote):
            raise InvalidValueError("document", document, "expected an Invoice or a CreditNote")
        self.run(lambda tx: self._add(tx, document))

    def _add(self, tx: Tx, document: Invoice | CreditNote) -> None:
        year, sequence = parse_invoice_number(document.number)
        last = self._last(tx, year)
        if tx.one("SELECT number FROM invoices WHERE number = ?" + self._fresh, (document.number,)) is not None:
            raise ConflictError(f"invoice number {document.number} is taken")
        taken = tx.one("SELECT number FROM invoices WHERE doc_key = ?" + self._fresh, (document.key,))
        if taken is not None:
            raise ConflictError(f"{document.key!r} was invoiced already as {taken[0]}")
        if sequence != last + 1:
            raise ConflictError(f"invoice number {document.number} is not the next of {year} "
                                f"({format_invoice_number(year, last + 1)})")
        if last == 0:
            tx.execute("INSERT INTO invoice_series (year, last_sequence) VALUES (?, ?)", (year, sequence))
        else:
            tx.execute("UPDATE invoice_series SET last_sequence = ? WHERE year = ?", (sequence, year))
        credit = isinstance(document, CreditNote)
        tx.execute(
            f"INSERT INTO invoices ({_DOC}, year, sequence, amount, vat, total) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (document.number, document.key, document.licence_id, "credit_note" if credit else "invoice",
             document.issued_on.isoformat(), _party_json(document.seller), _party_json(document.buyer),
             None if isinstance(document, CreditNote) else document.period_start.isoformat(),
             None if isinstance(document, CreditNote) else document.period_end.isoformat(),
             document.original_number if isinstance(document, CreditNote) else None,
             document.reason if isinstance(document, CreditNote) else None,
             year, sequence, str(document.amount.amount), str(document.vat.amount),
             str(document.total.amount)))
        for position, line in enumerate(document.lines):
            tx.execute(f"INSERT INTO invoice_lines (number, position, {_LINE}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       (document.number, position, line.kind, line.quantity, str(line.unit_price.amount),
                        str(line.amount.amount), str(line.vat.amount), str(line.total.amount), line.size,
                        str(line.vat_rate)))

    def _load(self, tx: Tx, row: tuple[Any, ...]) -> Invoice | CreditNote:
        lines = [InvoiceItem(r[0], int(r[1]), Money(r[2]), Money(r[3]), Money(r[4]), Money(r[5]), int(r[6]),
                             Decimal(r[7]))
                 for r in tx.all(f"SELECT {_LINE} FROM invoice_lines WHERE number = ? ORDER BY position",
                                 (row[0],))]
        if row[3] == "credit_note":
            return CreditNote(row[0], row[1], row[2], _date(row[4]), _party(row[5]), _party(row[6]), row[9],
                              row[10], lines)
        return Invoice(row[0], row[1], row[2], _date(row[4]), _party(row[5]), _party(row[6]), _date(row[7]),
                       _date(row[8]), lines)

    def get(self, number: str) -> Invoice | CreditNote:
        def read(tx: Tx) -> Invoice | CreditNote:
            row = tx.one(f"SELECT {_DOC} FROM invoices WHERE number = ?", (number,))
            if row is None:
                raise NotFoundError("invoice", number)
            return self._load(tx, row)
        return self.run(read)

    def by_key(self, key: str) -> Invoice | CreditNote | None:
        def read(tx: Tx) -> Invoice | CreditNote | None:
            row = tx.one(f"SELECT {_DOC} FROM invoices WHERE doc_key = ?", (key,))
            return None if row is None else self._load(tx, row)
        return self.run(read)

    def for_licence(self, licence_id: str) -> list[Invoice | CreditNote]:
        return self.run(lambda tx: [self._load(tx, r) for r in tx.all(
            f"SELECT {_DOC} FROM invoices WHERE licence_id = ? ORDER BY year, sequence", (licence_id,))])

    def all_documents(self) -> list[Invoice | CreditNote]:
        """Every stored document in number order."""
        return self.run(lambda tx: [self._load(tx, r) for r in tx.all(
            f"SELECT {_DOC} FROM invoices ORDER BY year, sequence")])

    def add_renewal(self, renewal: Renewal) -> bool:
        def store(tx: Tx) -> bool:
            key = (renewal.licence_id, renewal.period_start.isoformat())
            if tx.one("SELECT period_end FROM licence_renewals WHERE licence_id = ? AND period_start = ?",
                      key) is not None:
                return False
            tx.execute("INSERT INTO licence_renewals (licence_id, period_start, period_end) VALUES (?, ?, ?)",
                       (*key, renewal.period_end.isoformat()))
            return True
        return self.run(store)

    def renewals(self, licence_id: str) -> list[Renewal]:
        return self.run(lambda tx: [Renewal(licence_id, _date(r[0]), _date(r[1])) for r in tx.all(
            "SELECT period_start, period_end FROM licence_renewals WHERE licence_id = ? "
            "ORDER BY period_start", (licence_id,))])

    # -- the facts of stored licences ----------------------------------------------------

    def licence_ids(self) -> list[str]:
        """Every stored licence, by id."""
        return self.run(lambda tx: [r[0] for r in tx.all("SELECT id FROM ws_licences ORDER BY id")])

    def periods(self, licence_id: str) -> list[LicencePeriod]:
        """The periods of a licence, oldest first: the first from its start, then one per renewal."""
        def read(tx: Tx) -> list[LicencePeriod]:
            row = tx.one("SELECT valid_from, valid_until FROM ws_licences WHERE id = ?", (licence_id,))
            if row is None:
                raise NotFoundError("licence", licence_id)
            starts = [_date(row[0])] + [_date(r[0]) for r in tx.all(
                "SELECT period_start FROM licence_renewals WHERE licence_id = ? ORDER BY period_start",
                (licence_id,))]
            ends = [s - dt.timedelta(days=1) for s in starts[1:]] + [_date(row[1])]
            return [LicencePeriod(s, e) for s, e in zip(starts, ends, strict=True)]
        return self.run(read)

    def licence_facts(self, licence_id: str, period: LicencePeriod | None = None, *,
                      auto_renew: bool = True) -> LicenceFacts:
        """What the licence did in ``period`` (default: its latest), as invoicing reads it.

        Purchases are the staffels bought on a Dutch day inside the period, oldest first;
        completions are the charges to those staffels, each with the expert it was for
        (the licence's contact when none was recorded, WS-LIC-2); credits are the charges
        credited by mistake.
        """
        from blikopwerk._calendar import dutch_day

        chosen = period if period is not None else self.periods(licence_id)[-1]

        def read(tx: Tx) -> LicenceFacts:
            lic = tx.one("SELECT company, contact_email FROM ws_licences WHERE id = ?", (licence_id,))
            if lic is None:
                raise NotFoundError("licence", licence_id)
            staffels = [r for r in tx.all(
                "SELECT id, size, unit_price, bought_at, replaces FROM ws_staffels WHERE licence_id = ? "
                "ORDER BY bought_at, id", (licence_id,))
                if chosen.start <= dutch_day(_instant(r[3])) <= chosen.end]
            ids = {r[0] for r in staffels}
            purchases = [StaffelPurchase(r[0], int(r[1]), Money(r[2]), _instant(r[3]),
                                         r[4] if r[4] in ids else None) for r in staffels]
            charges = [r for r in tx.all(
                "SELECT questionnaire_id, staffel_id, expert_id, completed_at FROM ws_charges "
                "WHERE licence_id = ? ORDER BY ordinal, questionnaire_id", (licence_id,)) if r[1] in ids]
            completions = [Completion(r[0], r[2] or lic[1], _instant(r[3])) for r in charges]
            charged = {r[0] for r in charges}
            credits = [ChargeCredit(r[0], _instant(r[1]), r[2]) for r in tx.all(
                "SELECT questionnaire_id, credited_at, reason FROM ws_charge_credits WHERE licence_id = ? "
                "ORDER BY credited_at, questionnaire_id", (licence_id,)) if r[0] in charged]
            return LicenceFacts(licence_id, Party(lic[0], email=lic[1]), chosen.start, chosen.end, purchases,
                                completions, credits, auto_renew)
        return self.run(read)

    def add_charge_credit(self, licence_id: str, questionnaire_id: str, credited_at: dt.datetime,
                          reason: str) -> bool:
        """Store a credit for a charge; False when it is credited already."""
        def store(tx: Tx) -> bool:
            if tx.one("SELECT questionnaire_id FROM ws_charge_credits WHERE questionnaire_id = ?",
                      (questionnaire_id,)) is not None:
                return False
            tx.execute("INSERT INTO ws_charge_credits (questionnaire_id, licence_id, credited_at, reason) "
                       "VALUES (?, ?, ?, ?)", (questionnaire_id, licence_id, iso(credited_at, "at"), reason))
            return True
        return self.run(store)

    def charge_licence(self, questionnaire_id: str) -> str | None:
        """The licence a questionnaire was charged to, or None."""
        row = self.run(lambda tx: tx.one("SELECT licence_id FROM ws_charges WHERE questionnaire_id = ?",
                                         (questionnaire_id,)))
        return None if row is None else str(row[0])

    def set_charge_expert(self, questionnaire_id: str, expert_id: str) -> None:
        """Record the expert a charged questionnaire was for (WS-LIC-2)."""
        self.run(lambda tx: tx.execute("UPDATE ws_charges SET expert_id = ? WHERE questionnaire_id = ?",
                                       (expert_id, questionnaire_id)))

    def extend_licence(self, licence_id: str, valid_until: dt.date) -> None:
        """Store the licence's new last day."""
        self.run(lambda tx: tx.execute("UPDATE ws_licences SET valid_until = ? WHERE id = ?",
                                       (valid_until.isoformat(), licence_id)))

    def end_active_staffel(self, licence_id: str) -> None:
        """Mark the licence's active staffel ended (its period is over)."""
        self.run(lambda tx: tx.execute("UPDATE ws_staffels SET status = 'ended' WHERE licence_id = ? "
                                       "AND status = 'active'", (licence_id,)))


def _instant(text: str) -> dt.datetime:
    value = from_iso(text)
    assert value is not None
    return value


def invoice_repository(storage: Any) -> SqlInvoiceRepository:
    """The invoice repository of an open storage (any SQL URL, ``memory://`` included).

    Example:
        >>> from blikopwerk import storage
        >>> s = storage.open_storage("memory://")
        >>> invoice_repository(s).licence_ids()
        []
        >>> s.close()
    """
    db = getattr(storage, "db", None)
    if not isinstance(db, SqlDatabase):
        raise InvalidValueError("storage", type(storage).__name__, "expected a storage opened by "
                                "blikopwerk.storage.open_storage")
    return SqlInvoiceRepository(db)
