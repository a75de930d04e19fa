"""The real offer path is one unit of work and reads only what it needs (issue 16, WS-LEAD-1..4)."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from blikopwerk import InvalidValueError, MemoryStorage
from blikopwerk._protocols import check_address
from werkscan import ExpertService, LeadService
from werkscan._leads.records import Absence, Establishment, Expert, Lead, WorkerContact, stored

T0 = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)  # a Tuesday
DAY = dt.date(2026, 12, 1)
PCS = ["3512", "3513", "3514", "3515", "3581", "3811", "1012", "3431", "3433", "3824"]


def _service(n: int, cap: int = 5) -> tuple[MemoryStorage, LeadService]:
    storage = MemoryStorage()
    svc = LeadService(storage, secret=secrets.token_bytes(32))
    for i in range(n):
        svc.register_expert(Expert(f"E{i}", "A", f"e{i}@example.nl", [Establishment(PCS[i % len(PCS)])], cap), T0)
        svc.subscribe(f"E{i}", T0)  # only subscribed experts are matched (WS-LEAD-10)
    return storage, svc


def _count_units(storage: MemoryStorage) -> list[int]:
    calls = [0]
    run = storage.db.run

    def counted(fn: Any) -> Any:
        calls[0] += 1
        return run(fn)

    storage.db.run = counted  # type: ignore[method-assign]
    return calls


def test_one_offer_is_one_transaction() -> None:
    storage, svc = _service(10)
    svc.submit("L1", "3511", 30, {"work": "strong"}, WorkerContact("Jan", "jan@example.nl"), T0)
    svc.submit("L2", "3511", 30, {"work": "strong"}, WorkerContact("Jan", "jan@example.nl"), T0)
    svc.offer("L1", T0)  # the first offer builds the index from the stored experts
    calls = _count_units(storage)
    made = svc.offer("L2", T0)
    assert len(made) == 3 and calls[0] == 1
    assert {storage.outbox.get(f"lead-offer:{o.id}").status for o in made} == {"queued"}


def test_experts_who_reached_their_cap_are_passed_over() -> None:
    """WS-LEAD-4: an expert whose cap filled after the index was built gets nothing; the
    next ones in line get the lead, ranked 1-3."""
    storage, svc = _service(8, cap=1)
    expected = [m.expert_id for m in svc.match("3511", DAY)]
    svc.submit("L1", "3511", 30, {"work": "strong"}, WorkerContact("Jan", "jan@example.nl"), T0)
    svc.submit("L2", "3511", 30, {"work": "strong"}, WorkerContact("Jan", "jan@example.nl"), T0)
    first = svc.offer("L1", T0)
    assert [o.expert_id for o in first] == expected
    expected = [m.expert_id for m in svc.match("3511", DAY)]
    second = svc.offer("L2", T0)
    assert [o.expert_id for o in second] == expected
    assert [o.rank for o in second] == [1, 2, 3]
    assert not {o.expert_id for o in first} & {o.expert_id for o in second}


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PCS), st.integers(0, 2), st.booleans(), st.booleans()),
                min_size=1, max_size=12))
def test_offers_in_a_row_follow_the_full_matcher(rows: list[tuple[str, int, bool, bool]]) -> None:
    """Each offer goes to the experts the full matcher ranks first at that moment, open
    leads (the tie-break), caps and subscriptions included (WS-LEAD-2..4, -10)."""
    storage = MemoryStorage()
    svc = LeadService(storage, secret=secrets.token_bytes(32))
    for i, (pc, cap, away, subscribed) in enumerate(rows):
        svc.register_expert(Expert(f"E{i:02d}", "X", f"e{i}@example.nl", [Establishment(pc)], cap), T0)
        if subscribed:
            svc.subscribe(f"E{i:02d}", T0)
        if away:
            ExpertService(storage).report_absence(f"E{i:02d}", DAY, DAY)
    for j in range(3):
        expected = [m.expert_id for m in svc.match("3511", DAY)]
        svc.submit(f"L{j}", "3511", 30, {"work": "strong"}, WorkerContact("Jan", "jan@example.nl"), T0)
        assert [o.expert_id for o in svc.offer(f"L{j}", T0)] == expected


def test_stored_records_equal_checked_ones() -> None:
    lead = Lead("L1", "3511", 31.5, {"work": "strong"}, T0)
    assert stored(Lead, *(getattr(lead, f) for f in ("id", "area", "wai", "signals", "created_at",
                                                       "status", "owner_expert_id"))) == lead
    assert stored(Absence, DAY, DAY) == Absence(DAY, DAY)


def test_a_bad_address_is_refused_every_time() -> None:
    """The remembered e-mail check remembers only good addresses."""
    for _ in range(2):
        with pytest.raises(InvalidValueError, match="to"):
            check_address("jan@@example.nl")
    assert check_address("jan@example.nl") == check_address("jan@example.nl") == "jan@example.nl"


def test_messages_queued_together_are_stored_as_one_at_a_time() -> None:
    """The offer messages go to the outbox in one statement; each row is the row
    ``enqueue_in`` writes, and a message queued before is skipped, not doubled."""
    from blikopwerk._backends.outbox_sql import enqueue_in
    from blikopwerk._protocols import Message
    from werkscan._leads.sql import SqlLeadUnit

    storage = MemoryStorage()

    def msg(mid: str) -> Message:
        return Message(mid, ("a@example.nl", "b@example.nl"), "Onderwerp é", "tekst\nmet €",
                       headers={"Content-Language": "nl-NL", "X-Kind": "k"})

    storage.db.run(lambda tx: enqueue_in(tx, msg("one-1"), T0))
    storage.db.run(lambda tx: enqueue_in(tx, msg("dup"), T0))
    storage.db.run(lambda tx: SqlLeadUnit(tx).enqueue_all([msg("many-1"), msg("dup"), msg("many-2")],
                                                           T0 + dt.timedelta(hours=1)))
    rows = storage.db.run(lambda tx: tx.all(
        "SELECT id, recipients, subject, body, sender, headers, status, attempts, created_at, "
        "next_attempt_at, last_error, delivered_at FROM outbox ORDER BY id"))
    by_id = {r[0]: r[1:] for r in rows}
    assert sorted(by_id) == ["dup", "many-1", "many-2", "one-1"]
    assert by_id["dup"] == by_id["one-1"]  # queued before: kept as it was
    later = storage.db.run(lambda tx: (enqueue_in(tx, msg("one-2"), T0 + dt.timedelta(hours=1)), tx.all(
        "SELECT recipients, subject, body, sender, headers, status, attempts, created_at, "
        "next_attempt_at, last_error, delivered_at FROM outbox WHERE id = 'one-2'"))[1][0])
    assert by_id["many-1"] == by_id["many-2"] == later
    assert [e.message for e in storage.outbox.entries() if e.message.id.startswith("many")] == [
        msg("many-1"), msg("many-2")]
