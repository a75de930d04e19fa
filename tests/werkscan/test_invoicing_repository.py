"""The in-memory invoice repository passes the conformance suite (WS-INV-1, WS-INV-3)."""

from __future__ import annotations

import pytest

from werkscan import InvoiceRepository, MemoryInvoiceRepository
from werkscan._invoicing.repository import UnitOfWork
from werkscan.testing import InvoiceRepositorySuite


class TestMemoryInvoices(InvoiceRepositorySuite):
    @pytest.fixture
    def invoices(self) -> tuple[InvoiceRepository, UnitOfWork]:
        repo = MemoryInvoiceRepository()
        return repo, repo.unit_of_work
