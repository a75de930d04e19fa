"""Invoicing invariants (WS-INV-1..3, WS-INV-2, K-MON-1): Hypothesis property tests.

* every document's totals are the sums of its lines, and every line adds up;
* a full credit note cancels its invoice exactly;
* the invoices of a licence reconcile with its purchases and charges, also after charges
  are credited once the period's invoice is final;
* numbering is gapless and increasing per year; a repeated run issues nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from blikopwerk import Money
from werkscan import (
    ChargeCredit,
    Completion,
    CreditNote,
    Invoice,
    InvoiceItem,
    LicenceFacts,
    MemoryInvoiceRepository,
    Party,
    StaffelPurchase,
    credit_invoice,
    run_period_end,
)

UTC = dt.UTC
SELLER = Party("Blik op Werk")
BUYER = Party("Arbo BV")
START = dt.date(2026, 1, 1)
END = dt.date(2026, 12, 31)
CENT = Decimal("0.01")

prices = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("40"), places=3)
sizes = st.lists(st.integers(min_value=1, max_value=300), min_size=1, max_size=4, unique=True).map(sorted)


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@st.composite
def licence_years(draw: st.DrawFn) -> tuple[LicenceFacts, list[str]]:
    """A licence period: a chain of ever larger staffels, completions, some credited later."""
    chain = draw(sizes)
    purchases = []
    at = dt.datetime(2026, 1, 5, 9, tzinfo=UTC)
    for i, size in enumerate(chain):
        purchases.append(StaffelPurchase(f"S{i}", size, draw(prices), at, f"S{i - 1}" if i else None))
        at += dt.timedelta(days=draw(st.integers(min_value=0, max_value=60)))
    used = draw(st.integers(min_value=0, max_value=chain[-1] + 40))
    completions = [Completion(f"q{i}", draw(st.sampled_from(["anna", "bert", "cem"])),
                              dt.datetime(2026, 2, 1, tzinfo=UTC) + dt.timedelta(hours=i)) for i in range(used)]
    credited_before = draw(st.lists(st.sampled_from([c.questionnaire_id for c in completions]), unique=True,
                                    max_size=5)) if completions else []
    credited_after = draw(st.lists(st.sampled_from([c.questionnaire_id for c in completions]), unique=True,
                                   max_size=8)) if completions else []
    credits = [ChargeCredit(q, dt.datetime(2026, 6, 1, tzinfo=UTC), "mistake") for q in credited_before]
    facts = LicenceFacts("L1", BUYER, START, END, purchases, completions, credits)
    return facts, [q for q in credited_after if q not in credited_before]


def _check_document(document: Invoice | CreditNote) -> None:
    assert document.amount == sum((line.amount for line in document.lines), Money.zero())
    assert document.vat == sum((line.vat for line in document.lines), Money.zero())
    assert document.total == document.amount + document.vat
    for line in document.lines:
        assert line.unit_price.amount == _cents(line.unit_price.amount)  # no sub-cent leftovers
        assert line.amount.amount == line.unit_price.amount * line.quantity
        assert line.vat.amount == _cents(line.amount.amount * Decimal("0.21"))  # symmetric half-up


def _expected_net(facts: LicenceFacts) -> Decimal:
    """What the purchases and charges say, computed apart from the library (WS-INV-2, WS-STF-4)."""
    paid = Decimal(0)
    previous: Decimal | None = None
    for purchase in facts.purchases:
        price = _cents(purchase.unit_price.amount * purchase.size)
        paid += price if previous is None else price - min(previous, price)
        previous = price
    final = facts.purchases[-1]
    counted = len(facts.completions) - len(facts.credits)
    return paid + max(0, counted - final.size) * _cents(final.unit_price.amount)


@given(licence_years())
def test_invoices_reconcile_with_purchases_and_charges_and_runs_are_idempotent(
        case: tuple[LicenceFacts, list[str]]) -> None:
    """WS-INV-1..3: net of invoices = purchases (upgrade credits) + overage; nothing twice."""
    facts, later = case
    repo = MemoryInvoiceRepository()
    end = dt.datetime(2027, 1, 2, 9, tzinfo=UTC)
    first = run_period_end([facts], end, repo, SELLER, repo.unit_of_work)
    assert len(first.issued) == len(facts.purchases) + (1 if facts.overage else 0)
    assert run_period_end([facts], end, repo, SELLER, repo.unit_of_work).nothing_done
    net = sum((d.amount.amount for d in repo.for_licence("L1")), Decimal(0))
    assert net == _expected_net(facts)

    # charges credited after the invoice is final: credit notes bring the books back in line
    corrected = LicenceFacts("L1", BUYER, START, END, facts.purchases, facts.completions,
                             [*facts.credits, *(ChargeCredit(q, end, "later") for q in later)])
    again = run_period_end([corrected], end + dt.timedelta(days=7), repo, SELLER, repo.unit_of_work)
    assert all(isinstance(d, CreditNote) for d in again.issued)
    assert run_period_end([corrected], end + dt.timedelta(days=7), repo, SELLER, repo.unit_of_work).nothing_done
    documents = repo.for_licence("L1")
    assert sum((d.amount.amount for d in documents), Decimal(0)) == _expected_net(corrected)
    overage_net = sum(line.quantity for d in documents for line in d.lines if line.kind == "overage")
    assert overage_net == corrected.overage
    for document in documents:
        _check_document(document)

    by_year: dict[int, list[int]] = {}
    for document in documents:  # in number order = issue order
        by_year.setdefault(document.issued_on.year, []).append(document.sequence)
    for sequence in by_year.values():
        assert sequence == list(range(1, len(sequence) + 1))


@given(st.lists(st.tuples(st.sampled_from(["staffel", "overage"]), st.integers(min_value=1, max_value=500),
                          prices, st.integers(min_value=1, max_value=1000)), min_size=1, max_size=5))
def test_a_full_credit_note_cancels_its_invoice_exactly(rows: list[tuple[str, int, Decimal, int]]) -> None:
    """WS-INV-1, K-MON-1: the credit note's lines are the invoice's lines negated, to the cent."""
    from werkscan import DraftInvoice, issue_invoice

    lines = [InvoiceItem.build(kind, quantity, Money(price), size=size)  # type: ignore[arg-type]
             for kind, quantity, price, size in rows]
    repo = MemoryInvoiceRepository()
    at = dt.datetime(2026, 3, 2, 9, tzinfo=UTC)
    invoice = issue_invoice(repo, DraftInvoice("k", "L1", BUYER, START, END, lines), at, SELLER)
    assert isinstance(invoice, Invoice)
    note = credit_invoice(repo, invoice.number, at, SELLER, "cancelled")
    _check_document(invoice)
    _check_document(note)
    assert [(-a.amount, -a.vat, -a.total) for a in invoice.lines] == [(b.amount, b.vat, b.total) for b in note.lines]
    assert (invoice.total + note.total).amount == 0 and (invoice.vat + note.vat).amount == 0
    assert note.sequence == invoice.sequence + 1


@given(st.integers(min_value=-1000, max_value=1000).filter(bool), prices)
def test_every_line_adds_up_and_has_no_sub_cent_unit_price(quantity: int, price: Decimal) -> None:
    """K-MON-1 at the line: unit price in cents; amount, VAT, total exact from it."""
    line = InvoiceItem.build("overage", quantity, Money(price), size=50)
    assert line.unit_price.amount == _cents(price)
    assert line.amount.amount == _cents(price) * quantity
    assert line.total == line.amount + line.vat
    assert abs(line.vat.amount - line.amount.amount * Decimal("0.21")) <= Decimal("0.005")
