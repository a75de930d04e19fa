"""Conformance suite for :class:`werkscan.InvoiceRepository` (WS-INV-1, WS-INV-3).

A backend subclasses :class:`InvoiceRepositorySuite` and overrides the ``invoices``
fixture to return its repository and its unit of work (a callable returning a context
manager: one transaction that commits on success and rolls back on an exception). The
unit of work must be usable from several threads at once, each call its own transaction.

.. code-block:: python

    import pytest
    from werkscan.testing import InvoiceRepositorySuite

    class TestMyInvoices(InvoiceRepositorySuite):
        @pytest.fixture
        def invoices(self, tmp_path):
            store = open_my_store(tmp_path)
            return store.invoices, store.transaction
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest

from blikopwerk._errors import ConflictError, NotFoundError
from blikopwerk._money import Money
from werkscan._invoicing.model import CreditNote, DraftInvoice, Invoice, InvoiceItem, Party
from werkscan._invoicing.period import credit_invoice
from werkscan._invoicing.repository import InvoiceRepository, Renewal, UnitOfWork, issue_invoice

__all__ = ["InvoiceRepositorySuite"]

_SELLER = Party("Blik op Werk", ("Postbus 1", "3500 AA Utrecht"), vat_number="NL000000000B01")
_BUYER = Party("Arbo Ĳssel & Şahin BV", ("Stationsplein 1", "3511 AB Utrecht"), coc_number="12345678")
_T = dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC)


def _draft(key: str, licence_id: str = "L1", price: str = "312.50") -> DraftInvoice:
    lines = [InvoiceItem.build("upgrade", 1, Money("550.00"), size=50),
             InvoiceItem.build("upgrade_credit", -1, Money(price), size=25)]
    return DraftInvoice(key, licence_id, _BUYER, dt.date(2026, 6, 1), dt.date(2026, 6, 1), lines)


class InvoiceRepositorySuite:
    """The behaviour every :class:`werkscan.InvoiceRepository` must show."""

    @pytest.fixture
    def invoices(self) -> tuple[InvoiceRepository, UnitOfWork]:
        """The repository under test and its unit of work; override in a subclass."""
        raise NotImplementedError("override the 'invoices' fixture")

    def test_numbers_start_at_one_per_year_and_follow_in_order(
            self, invoices: tuple[InvoiceRepository, UnitOfWork]) -> None:
        repo, unit = invoices
        with unit():
            assert repo.next_number(2026) == "2026-00001"
            first = issue_invoice(repo, _draft("a"), _T, _SELLER)
        with unit():
            second = issue_invoice(repo, _draft("b"), _T, _SELLER)
        with unit():
            assert repo.next_number(2027) == "2027-00001"
            assert repo.next_number(2026) == "2026-00003"
        assert (first.number, second.number) == ("2026-00001", "2026-00002")

    def test_documents_read_back_equal(self, invoices: tuple[InvoiceRepository, UnitOfWork]) -> None:
        repo, unit = invoices
        with unit():
            invoice = issue_invoice(repo, _draft("a", price="312.50"), _T, _SELLER)
        with unit():
            note = credit_invoice(repo, invoice.number, _T, _SELLER, "teruggedraaid")
        with unit():
            assert repo.get(invoice.number) == invoice
            assert repo.get(note.number) == note
            assert repo.by_key("a") == invoice and repo.by_key("nothing") is None
            assert repo.for_licence("L1") == [invoice, note] and repo.for_licence("L2") == []
            with pytest.raises(NotFoundError):
                repo.get("2026-00099")
        assert isinstance(note, CreditNote) and note.original_number == invoice.number

    def test_a_number_or_key_is_stored_once_and_numbers_do_not_jump(
            self, invoices: tuple[InvoiceRepository, UnitOfWork]) -> None:
        repo, unit = invoices
        with unit():
            invoice = issue_invoice(repo, _draft("a"), _T, _SELLER)
        with pytest.raises(ConflictError), unit():
            repo.add(invoice)
        with pytest.raises(ConflictError), unit():
            repo.add(_draft("a").finalise("2026-00002", dt.date(2026, 6, 1), _SELLER))
        with pytest.raises(ConflictError), unit():
            repo.add(_draft("c").finalise("2026-00005", dt.date(2026, 6, 1), _SELLER))
        with unit():
            assert repo.for_licence("L1") == [invoice]

    def test_a_failed_unit_of_work_gives_its_number_to_the_next(
            self, invoices: tuple[InvoiceRepository, UnitOfWork]) -> None:
        repo, unit = invoices

        def crash() -> None:
            with unit():
                issue_invoice(repo, _draft("a"), _T, _SELLER)
                raise RuntimeError("crash after storing")

        with pytest.raises(RuntimeError):
            crash()
        with unit():
            assert repo.by_key("a") is None
            assert issue_invoice(repo, _draft("b"), _T, _SELLER).number == "2026-00001"

    def test_renewals_are_recorded_once(self, invoices: tuple[InvoiceRepository, UnitOfWork]) -> None:
        repo, unit = invoices
        renewal = Renewal("L1", dt.date(2027, 1, 1), dt.date(2027, 12, 31))
        with unit():
            assert repo.add_renewal(renewal) is True
        with unit():
            assert repo.add_renewal(renewal) is False
            assert repo.renewals("L1") == [renewal] and repo.renewals("L2") == []

    def test_concurrent_units_of_work_number_gaplessly(
            self, invoices: tuple[InvoiceRepository, UnitOfWork]) -> None:
        repo, unit = invoices
        errors: list[BaseException] = []
        barrier = threading.Barrier(6)

        def work(worker: int) -> None:
            try:
                barrier.wait()
                for i in range(8):
                    with unit():
                        issue_invoice(repo, _draft(f"w{worker}-{i}", f"L{worker}"), _T, _SELLER)
            except BaseException as exc:  # reported below
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(w,)) for w in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        with unit():
            numbers: list[Any] = sorted(d.sequence for w in range(6) for d in repo.for_licence(f"L{w}"))
        assert numbers == list(range(1, 49))
        assert all(isinstance(d, Invoice) for w in range(6) for d in repo.for_licence(f"L{w}"))
