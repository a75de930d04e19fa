"""Invoicing of stored licences: the year of a licence holder on every backend, the
period-end run over all licences (repeatable), credits, renewal, and reconciliation
(WS-INV-1..3, WS-STF-4, WS-STF-5, WS-LIC-2, K-TZ-1)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blikopwerk import ConflictError, InvalidValueError, Money, NotFoundError
from blikopwerk import storage as engine
from werkscan import (
    STAFFEL_EXAMPLE_TABLE,
    CreditNote,
    Invoice,
    InvoicingService,
    LicenceService,
    Party,
    StaffelService,
)

from .test_invoicing_sql import storage_url  # noqa: F401  (the backend fixture)

UTC = dt.UTC
SELLER = Party("Blik op Werk", ("Postbus 1", "3500 AA Utrecht"), vat_number="NL000000000B01")


def at(month: int, day: int, hour: int = 9, year: int = 2026) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=UTC)


@pytest.fixture
def store(storage_url: str) -> Iterator[object]:  # noqa: F811
    s = engine.open_storage(storage_url)
    try:
        yield s
    finally:
        s.close()


def _licence(store: object, lid: str = "L1") -> None:
    LicenceService(store).create("Arbo BV", "Anna", "anna@arbo.example", dt.date(2026, 1, 1),
                                 dt.date(2026, 12, 31), licence_id=lid)


def _reconcile(svc: InvoicingService, lid: str, on: dt.date) -> None:
    """Bookkeeping: the invoices of a licence add up to what its purchases and charges say."""
    facts = svc.facts(lid, on=on)
    docs = [d for d in svc.documents(lid)]
    staffel = facts.staffel
    assert staffel is not None
    expected = staffel.price + (staffel.unit_price.rounded() * facts.overage)
    assert sum((d.amount for d in docs), Money.zero()) == expected
    assert sum((d.total for d in docs), Money.zero()) == sum((line.total for d in docs for line in d.lines),
                                                            Money.zero())


def test_a_year_of_a_licence_holder(store: object) -> None:
    """Buy 25 (EUR 12.50), upgrade to 50 at 30 used (EUR 11.00), 55 done, one credited
    after the overage invoice: invoices, credit note, renewal, reconciliation."""
    _licence(store)
    staffels = StaffelService(store)
    svc = InvoicingService(store, SELLER)
    staffels.buy("L1", 25, now=at(1, 5), staffel_id="S1")
    for i in range(30):
        staffels.record_completion("L1", f"q{i}", at(2, 1) + dt.timedelta(days=i), now=at(3, 5))
    staffels.upgrade("L1", 50, now=at(6, 1), staffel_id="S2")
    for i in range(30, 55):
        staffels.record_completion("L1", f"q{i}", at(7, 1) + dt.timedelta(days=i - 30), now=at(8, 1))
    # mid-year run: the two purchase invoices, nothing else
    mid = svc.run_period_end(at(6, 2))
    assert [d.key for d in mid.issued] == ["staffel:S1", "staffel:S2"]
    assert [d.number for d in mid.issued] == ["2026-00001", "2026-00002"]
    assert mid.due == () and mid.renewals == ()
    upgrade = mid.issued[1]
    assert isinstance(upgrade, Invoice)
    assert [line.amount.amount for line in upgrade.lines] == [Decimal("550.00"), Decimal("-312.50")]
    # 31 December 23:30 UTC is 1 January in the Netherlands (K-TZ-1): the period is over
    end = svc.run_period_end(dt.datetime(2026, 12, 31, 23, 30, tzinfo=UTC))
    assert end.due == ("L1",)
    overage = end.issued[0]
    assert overage.number == "2027-00001" and overage.lines[0].quantity == 5
    assert overage.amount == Money("55.00")
    assert [r.period_end for r in end.renewals] == [dt.date(2027, 12, 31)]
    assert svc.run_period_end(dt.datetime(2027, 1, 1, 8, tzinfo=UTC)).nothing_done
    _reconcile(svc, "L1", dt.date(2026, 6, 1))
    # a charge made by mistake: a credit note at the next run
    credit = svc.credit_charge("q54", "test questionnaire", at=at(1, 8, year=2027))
    assert credit.reason == "test questionnaire"
    with pytest.raises(ConflictError):
        svc.credit_charge("q54", "again", at=at(1, 8, year=2027))
    with pytest.raises(NotFoundError):
        svc.credit_charge("nope", "never charged", at=at(1, 8, year=2027))
    again = svc.run_period_end(at(1, 9, year=2027))
    assert len(again.issued) == 1 and isinstance(again.issued[0], CreditNote)
    assert again.issued[0].original_number == overage.number and again.issued[0].amount == Money("-11.00")
    assert svc.run_period_end(at(1, 10, year=2027)).nothing_done
    _reconcile(svc, "L1", dt.date(2026, 6, 1))
    # the renewed licence is valid in 2027 and starts without a staffel
    assert LicenceService(store).can_report("L1", dt.date(2027, 3, 1))
    with pytest.raises(NotFoundError):
        staffels.record_completion("L1", "q-2027", at(3, 1, year=2027), now=at(3, 1, year=2027))
    staffels.buy("L1", 25, now=at(3, 1, year=2027), staffel_id="S3")
    staffels.record_completion("L1", "q-2027", at(3, 1, year=2027), now=at(3, 1, year=2027))
    facts_2027 = svc.facts("L1")
    assert facts_2027.period_start == dt.date(2027, 1, 1) and facts_2027.used == 1
    assert [p.id for p in facts_2027.purchases] == ["S3"]
    assert svc.facts("L1", on=dt.date(2026, 6, 1)).used == 54


def test_the_run_covers_every_stored_licence_and_reports_each_once(store: object) -> None:
    for lid in ("L1", "L2", "L3"):
        _licence(store, lid)
        StaffelService(store).buy(lid, 25, now=at(1, 5), staffel_id=f"S-{lid}")
    svc = InvoicingService(store, SELLER)
    plan = svc.plan(at(1, 2, year=2027))
    assert plan.due == ("L1", "L2", "L3") and len(plan.drafts) == 3
    first = svc.run_period_end(at(1, 2, year=2027))
    assert first.due == ("L1", "L2", "L3") and len(first.issued) == 3 and len(first.renewals) == 3
    assert [d.number for d in first.issued] == ["2027-00001", "2027-00002", "2027-00003"]
    second = svc.run_period_end(at(1, 2, year=2027))
    assert second.nothing_done and second.due == ()


def test_a_charge_credited_before_the_period_end_is_not_invoiced(store: object) -> None:
    _licence(store)
    staffels = StaffelService(store)
    staffels.buy("L1", 25, now=at(1, 5), staffel_id="S1")
    for i in range(27):
        staffels.record_completion("L1", f"q{i}", at(2, 1), now=at(2, 1))
    svc = InvoicingService(store, SELLER)
    svc.credit_charge("q3", "filled in by the expert as a test", at=at(3, 1))
    end = svc.run_period_end(at(1, 2, year=2027))
    overage = [d for d in end.issued if d.key.startswith("overage:")]
    assert [d.lines[0].quantity for d in overage] == [1]
    _reconcile(svc, "L1", dt.date(2026, 6, 1))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(used=st.integers(0, 70), upgrade_at=st.one_of(st.none(), st.integers(0, 70)),
       credited=st.sets(st.integers(0, 69), max_size=5))
def test_invoices_of_a_licence_add_up_to_its_charges_and_purchases(
        used: int, upgrade_at: int | None, credited: set[int]) -> None:
    """Property (WS-INV-1, WS-STF-4, WS-STF-5): whatever the usage, upgrade and credits, the
    amounts invoiced and credited add up to staffel price + overage x unit price."""
    s = engine.open_storage("memory://")
    try:
        _licence(s)
        staffels = StaffelService(s)
        staffels.buy("L1", 25, now=at(1, 5), staffel_id="S1")
        for i in range(used):
            if upgrade_at == i:
                staffels.upgrade("L1", 50, now=at(2, 1), staffel_id="S2")
            staffels.record_completion("L1", f"q{i}", at(3, 1), now=at(3, 1))
        svc = InvoicingService(s, SELLER)
        late = sorted(q for q in credited if q < used)
        for q in late[: len(late) // 2]:
            svc.credit_charge(f"q{q}", "mistake", at=at(4, 1))
        svc.run_period_end(at(1, 2, year=2027))
        for q in late[len(late) // 2:]:
            svc.credit_charge(f"q{q}", "mistake", at=at(1, 3, year=2027))
        svc.run_period_end(at(1, 4, year=2027))
        _reconcile(svc, "L1", dt.date(2026, 6, 1))
        assert STAFFEL_EXAMPLE_TABLE[25] == Money("12.50")
    finally:
        s.close()


def test_usage_per_expert_in_the_statement_the_counter_and_the_invoicing_facts() -> None:
    """WS-LIC-2: usage per expert of a licence; counts only, no worker identities (WS-ACC-4)."""
    s = engine.open_storage("memory://")
    try:
        _licence(s)
        lic = LicenceService(s)
        lic.verify_training("bert@arbo.example", "Bert", dt.date(2025, 12, 1), "Blik op Werk")
        lic.add_expert("L1", "bert@arbo.example", now=at(1, 2))
        staffels = StaffelService(s)
        staffels.buy("L1", 25, now=at(1, 5), staffel_id="S1")
        for i, expert in enumerate(["Bert@arbo.example", "anna@arbo.example", "bert@arbo.example", None]):
            staffels.record_completion("L1", f"q{i}", at(2, 1), now=at(2, 1), expert_id=expert)
        with pytest.raises(InvalidValueError, match="expert_id"):
            staffels.record_completion("L1", "q9", at(2, 1), now=at(2, 1), expert_id="stranger@example.nl")
        statement = staffels.statement("L1", now=at(2, 2))
        assert statement.by_expert == (("", 1), ("anna@arbo.example", 1), ("bert@arbo.example", 2))
        assert statement.as_dict()["by_expert"][2] == {"expert": "bert@arbo.example", "used": 2}
        from werkscan import AccessService

        assert AccessService(s).counts("L1").by_expert == statement.by_expert
        svc = InvoicingService(s, SELLER)
        svc.credit_charge("q2", "test", at=at(2, 3))
        usage = {u.expert_id: (u.completed, u.counted) for u in svc.usage_per_expert("L1")}
        # a charge without an expert counts for the licence holder's contact
        assert usage == {"anna@arbo.example": (2, 2), "bert@arbo.example": (2, 1)}
        assert AccessService(s).counts("L1").by_expert == (("", 1), ("anna@arbo.example", 1),
                                                           ("bert@arbo.example", 1))
    finally:
        s.close()


def test_the_anonymous_route_records_amount_vat_and_reference() -> None:
    """WS-ACC-1b, WS-PRICE-1: EUR 25 incl. VAT is 20.66 + 4.34; the reference reconciles it."""
    from werkscan import AccessService

    s = engine.open_storage("memory://")
    try:
        access = AccessService(s)
        q = access.start_anonymous("PAY-123", Money("25.00"), now=at(3, 1))
        [paid] = access.payments()
        assert (paid.payment_reference, paid.questionnaire_id) == ("PAY-123", q.id)
        assert (paid.amount, paid.vat, paid.total) == (Money("20.66"), Money("4.34"), Money("25.00"))
        with pytest.raises(ConflictError):
            access.start_anonymous("PAY-123", Money("25.00"), now=at(3, 1))
        assert len(access.payments()) == 1
    finally:
        s.close()
