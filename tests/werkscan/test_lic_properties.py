"""Property tests of staffel usage (WS-STF-1..6): never blocks, charged once, exact overage."""

from __future__ import annotations

import datetime as dt
import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from blikopwerk import MemoryStorage, Money, SQLiteStorage
from strategies import questionnaire_ids, staffel_sizes, staffel_upgrades
from werkscan import STAFFEL_EXAMPLE_TABLE, LicenceService, StaffelService
from werkscan._licensing.records import LicensingStorage

T0 = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)


def _setup(storage: LicensingStorage, size: int) -> StaffelService:
    LicenceService(storage).create("Arbo BV", "Anna", "anna@arbo.example", dt.date(2026, 1, 1),
                                   dt.date(2026, 12, 31), licence_id="L1")
    svc = StaffelService(storage)
    svc.buy("L1", size, now=T0, staffel_id="S1")
    return svc


def _check(storage: LicensingStorage, svc: StaffelService, sequence: list[str]) -> None:
    st_ = svc.statement("L1", now=T0)
    distinct = len(set(sequence))
    charges = storage.staffels.charges("L1")
    assert len(charges) == distinct == st_.used  # charged count == distinct completed ids
    assert sorted(c.ordinal for c in charges) == list(range(1, distinct + 1))
    assert st_.overage == max(0, st_.used - st_.size)
    assert st_.remaining == max(0, st_.size - st_.used)
    live = [x for x in storage.staffels.invoice_lines("L1") if x.status != "cancelled"]
    assert len(live) == st_.overage
    assert st_.overage_amount == st_.unit_price * st_.overage
    assert isinstance(st_.overage_amount.amount, Decimal)
    assert st_.total == st_.staffel_price + st_.unit_price * st_.overage
    warned = {e.message.id for e in storage.outbox.entries()}
    for staffel in storage.staffels.history("L1"):
        due = staffel.warning_at(Decimal("0.80"))
        reached = staffel.used >= due if staffel.status == "superseded" else st_.used >= due
        assert (f"staffel-80:{staffel.id}" in warned) == reached


@settings(max_examples=40, deadline=None)
@given(size=staffel_sizes, sequence=questionnaire_ids)
def test_usage_never_blocks_and_counts_exactly(size: int, sequence: list[str]) -> None:
    storage = MemoryStorage()
    svc = _setup(storage, size)
    seen: set[str] = set()
    for qid in sequence:
        result = svc.record_completion("L1", qid, T0, now=T0)  # never raises: never cut off
        assert result.charged == (qid not in seen)
        seen.add(qid)
    _check(storage, svc, sequence)


@settings(max_examples=30, deadline=None)
@given(sequence=questionnaire_ids, split=st.integers(min_value=0, max_value=160), upgrade_to=staffel_upgrades)
def test_upgrade_keeps_counts_and_overage_exact(sequence: list[str], split: int, upgrade_to: int) -> None:
    storage = MemoryStorage()
    svc = _setup(storage, 25)
    for qid in sequence[:split]:
        svc.record_completion("L1", qid, T0, now=T0)
    svc.upgrade("L1", upgrade_to, now=T0, staffel_id="S2")
    for qid in sequence[split:]:
        svc.record_completion("L1", qid, T0, now=T0)
    _check(storage, svc, sequence)
    assert svc.statement("L1", now=T0).unit_price == STAFFEL_EXAMPLE_TABLE[upgrade_to]


@settings(max_examples=10, deadline=None)
@given(size=staffel_sizes, sequence=questionnaire_ids)
def test_sqlite_agrees_with_memory(size: int, sequence: list[str]) -> None:
    mem = MemoryStorage()
    with tempfile.TemporaryDirectory() as d:
        sql = SQLiteStorage.from_url(f"sqlite:///{Path(d) / 'p.sqlite3'}")
        try:
            a, b = _setup(mem, size), _setup(sql, size)
            for qid in sequence:
                ra = a.record_completion("L1", qid, T0, now=T0)
                rb = b.record_completion("L1", qid, T0, now=T0)
                assert ra == rb
            assert a.statement("L1", now=T0) == b.statement("L1", now=T0)
            assert [e.message for e in mem.outbox.entries()] == [e.message for e in sql.outbox.entries()]
        finally:
            sql.close()


def test_amounts_are_money_not_float() -> None:
    storage = MemoryStorage()
    svc = _setup(storage, 25)
    for i in range(26):
        svc.record_completion("L1", f"q{i}", T0, now=T0)
    line = storage.staffels.invoice_lines("L1")[0]
    assert isinstance(line.amount, Money) and line.amount.amount == Decimal("12.50")
