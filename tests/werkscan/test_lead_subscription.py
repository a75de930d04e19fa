"""Lead subscriptions (WS-LEAD-9, -10) and the lead-life schema revision."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from blikopwerk import ConflictError, InvalidValueError, MemoryStorage, NotFoundError, open_storage
from blikopwerk import storage as storage_admin
from werkscan import (
    Establishment,
    Expert,
    ExpertService,
    ExpertState,
    LeadService,
    LeadSubscription,
    WorkerContact,
)

T0 = dt.datetime(2026, 12, 22, 9, tzinfo=dt.UTC)  # 10:00 in Amsterdam, a Tuesday
DAY = dt.date(2026, 12, 22)


def _service() -> LeadService:
    svc = LeadService(MemoryStorage())
    for eid, pc in (("near", "3512"), ("mid", "3811"), ("far", "1012")):
        svc.register_expert(Expert(eid, eid, f"{eid}@example.nl", [Establishment(pc)], 10), T0)
    return svc


def test_only_subscribed_experts_are_matched_ws_lead_10() -> None:
    """The nearest expert without a subscription is passed over for farther subscribed ones."""
    svc = _service()
    assert svc.match("3511", DAY) == ()
    svc.subscribe("mid", DAY)
    svc.subscribe("far", DAY)
    assert [m.expert_id for m in svc.match("3511", DAY)] == ["mid", "far"]
    svc.submit("L1", "3511", 30, {"work": "strong"}, WorkerContact("Jan", "jan@example.nl"), T0)
    assert [o.expert_id for o in svc.offer("L1", T0)] == ["mid", "far"]


def test_the_dutch_day_decides_ws_lead_10() -> None:
    """23:30 UTC on 31 December is 1 January in the Netherlands (K-TZ-1)."""
    svc = _service()
    svc.subscribe("near", dt.date(2026, 12, 1))
    ended = svc.end_subscription("near", dt.datetime(2026, 12, 31, 22, 30, tzinfo=dt.UTC))
    assert ended == LeadSubscription(dt.date(2026, 12, 1), dt.date(2026, 12, 31))
    assert [m.expert_id for m in svc.match("3511", dt.date(2026, 12, 31))] == ["near"]
    assert svc.match("3511", dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC)) == ()
    svc.subscribe("near", dt.datetime(2027, 1, 31, 23, 0, tzinfo=dt.UTC))  # 1 February, Dutch
    assert svc.match("3511", dt.date(2027, 1, 31)) == ()
    assert [m.expert_id for m in svc.match("3511", dt.date(2027, 2, 1))] == ["near"]


@pytest.mark.parametrize("bad", ["2026-12-01", None, dt.datetime(2026, 12, 1), 20261201])
def test_a_day_that_is_not_a_day_is_refused(bad: object) -> None:
    svc = ExpertService(MemoryStorage())
    with pytest.raises(InvalidValueError) as info:
        svc.subscribe("E1", bad)  # type: ignore[arg-type]
    assert info.value.field == "start"
    with pytest.raises(InvalidValueError) as info:
        svc.end_subscription("E1", bad)  # type: ignore[arg-type]
    assert info.value.field == "last_day"


def test_unknown_expert_and_no_running_subscription() -> None:
    svc = _service()
    with pytest.raises(NotFoundError):
        svc.subscribe("nobody", DAY)
    with pytest.raises(ConflictError):
        svc.end_subscription("near", DAY)


periods = st.lists(st.tuples(st.integers(0, 400), st.integers(0, 60)), min_size=1, max_size=6)


@settings(max_examples=25, deadline=None)
@given(periods=periods, probe=st.integers(0, 900))
def test_availability_follows_the_stored_periods(periods: list[tuple[int, int]], probe: int) -> None:
    """Whatever periods are started and ended, an expert is matched on exactly the days one
    of the accepted periods covers; a refused period changes nothing."""
    svc = ExpertService(MemoryStorage())
    svc.register(Expert("E1", "A", "a@example.nl", [Establishment("3512")], 10), T0)
    base = dt.date(2026, 1, 1)
    kept: list[LeadSubscription] = []
    for offset, length in periods:
        start = base + dt.timedelta(days=offset)
        try:
            svc.subscribe("E1", start)
        except ConflictError:
            assert any(k.end is None or k.end >= start for k in kept)
            continue
        end = start + dt.timedelta(days=length)
        svc.end_subscription("E1", end)
        kept.append(LeadSubscription(start, end))
    assert svc.subscriptions("E1") == sorted(kept, key=lambda k: k.start)
    day = base + dt.timedelta(days=probe)
    assert svc.state("E1").available(day) == any(k.active_on(day) for k in kept)


def test_a_hand_built_state_leaves_the_subscription_unchecked() -> None:
    """A what-if matcher over hand-built states keeps working; storage always fills it in."""
    e = Expert("E1", "A", "a@example.nl", [Establishment("3512")], 10)
    assert ExpertState(e).available(DAY)
    assert not ExpertState(e, subscriptions=()).available(DAY)


def test_the_upgrade_subscribes_experts_registered_before_it(tmp_path: Path) -> None:
    """Experts stored before revision 0200 were all matched: after the upgrade each has a
    subscription from the Dutch day it registered, and the schema matches the metadata."""
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    import sqlalchemy as sa
    from alembic import command

    from blikopwerk.storage._migrate import alembic_config

    with sa.create_engine(url).begin() as conn:
        command.upgrade(alembic_config(conn), "0100_invoices")
    with sqlite3.connect(tmp_path / "old.sqlite3") as conn:
        conn.execute("INSERT INTO lead_experts (id, name, email, lead_cap, leads_received, keurmerk, created_at) "
                     "VALUES ('E1', 'A', 'a@example.nl', 5, 0, 0, '2026-11-30T23:30:00.000000+00:00')")
        conn.execute("INSERT INTO lead_establishments (expert_id, seq, postcode, address) VALUES ('E1', 0, '3512', NULL)")
    with open_storage(url) as s:
        assert ExpertService(s).subscriptions("E1") == [LeadSubscription(dt.date(2026, 12, 1))]
    _assert_schema_matches(url)


def _assert_schema_matches(url: str) -> None:
    import sqlalchemy as sa
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    engine = sa.create_engine(url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), storage_admin.metadata)
    ours = [d for d in diff if "lead_" in repr(d)]
    assert ours == [], ours
