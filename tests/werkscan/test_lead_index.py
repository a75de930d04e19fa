"""Offering on the live expert index: the same experts as the full matcher, and the index
follows registrations and moves without reading every expert on each offer (WS-LEAD-2..4)."""

from __future__ import annotations

import datetime as dt
import secrets

from hypothesis import given, settings
from hypothesis import strategies as st

from blikopwerk import MemoryStorage
from strategies import dense_expert_rows, dense_pc4_areas
from werkscan import ExpertService, LeadService
from werkscan._leads.records import Absence, Establishment, Expert, WorkerContact

T0 = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)  # a Tuesday
DAY = dt.date(2026, 12, 1)


def _contact() -> WorkerContact:
    return WorkerContact("Jan", "jan@example.nl")


@settings(max_examples=40, deadline=None)
@given(rows=dense_expert_rows, area=dense_pc4_areas, caps=st.lists(st.integers(0, 3), min_size=40, max_size=40))
def test_offer_goes_to_the_experts_the_full_matcher_ranks_first(
        rows: list[tuple[str, int, bool]], area: str, caps: list[int]) -> None:
    """WS-LEAD-2..4: reading only the nearest candidates' states changes nobody's place."""
    storage = MemoryStorage()
    experts = ExpertService(storage)
    for i, (pc, _open, away) in enumerate(rows):
        experts.register(Expert(f"E{i:02d}", "X", f"e{i}@example.nl", [Establishment(pc)], caps[i % 40]), T0)
        experts.subscribe(f"E{i:02d}", DAY)  # WS-LEAD-10
        if away:
            experts.report_absence(f"E{i:02d}", DAY, DAY)
    svc = LeadService(storage, secret=secrets.token_bytes(32))
    expected = [m.expert_id for m in svc.match(area, DAY)]
    svc.submit("L1", area, 30, {"work": "strong"}, _contact(), T0)
    assert [o.expert_id for o in svc.offer("L1", T0)] == expected


def test_an_expert_registered_after_the_first_offer_gets_the_next_lead() -> None:
    storage = MemoryStorage()
    svc = LeadService(storage, secret=secrets.token_bytes(32))
    svc.register_expert(Expert("FAR", "Ver", "far@example.nl", [Establishment("6211")], 5), T0)
    svc.subscribe("FAR", T0)
    svc.submit("L1", "3511", 30, {"work": "strong"}, _contact(), T0)
    assert [o.expert_id for o in svc.offer("L1", T0)] == []  # Maastricht is beyond 50 km
    ExpertService(storage).register(Expert("NEAR", "Dicht", "near@example.nl", [Establishment("3512")], 5), T0)
    svc.subscribe("NEAR", T0)
    svc.submit("L2", "3511", 30, {"work": "strong"}, _contact(), T0)
    assert [o.expert_id for o in svc.offer("L2", T0)] == ["NEAR"]
    svc.move_expert("FAR", [Establishment("3581")])  # moves into range
    svc.submit("L3", "3511", 30, {"work": "strong"}, _contact(), T0)
    assert [o.expert_id for o in svc.offer("L3", T0)] == ["NEAR", "FAR"]


def test_refresh_index_sees_what_another_process_stored() -> None:
    storage = MemoryStorage()
    svc = LeadService(storage, secret=secrets.token_bytes(32))
    svc.submit("L1", "3511", 30, {"work": "strong"}, _contact(), T0)
    assert svc.offer("L1", T0) == ()
    # straight into the repository, as another process would: this process's index does not know
    storage.experts.add(Expert("E1", "A", "a@example.nl", [Establishment("3512")], 5), T0)
    storage.experts.subscribe("E1", DAY)
    svc.submit("L2", "3511", 30, {"work": "strong"}, _contact(), T0)
    assert svc.offer("L2", T0) == ()
    svc.refresh_index()
    svc.submit("L3", "3511", 30, {"work": "strong"}, _contact(), T0)
    assert [o.expert_id for o in svc.offer("L3", T0)] == ["E1"]


def test_absent_and_full_experts_are_passed_over_for_farther_ones() -> None:
    storage = MemoryStorage()
    svc = LeadService(storage, secret=secrets.token_bytes(32))
    for i, pc in enumerate(["3512", "3513", "3514", "3515", "3811", "1012"]):
        svc.register_expert(Expert(f"E{i}", "A", f"e{i}@example.nl", [Establishment(pc)], 0 if i == 1 else 5), T0)
        svc.subscribe(f"E{i}", T0)
    ExpertService(storage).report_absence("E0", DAY, DAY)
    expected = [m.expert_id for m in svc.match("3511", DAY)]
    assert "E0" not in expected and "E1" not in expected and len(expected) == 3
    svc.submit("L1", "3511", 30, {"work": "strong"}, _contact(), T0)
    assert [o.expert_id for o in svc.offer("L1", T0)] == expected
    assert Absence(DAY, DAY) in storage.experts.states(ids=["E0"])[0].absences


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 2**80 - 1))
def test_library_made_lead_ids_are_always_accepted(n: int) -> None:
    """WS-LEAD-13: an id the library makes is never mistaken for personal data."""
    from werkscan import check_lead_id

    lid = f"ld-{n:020x}"
    assert check_lead_id(lid) == lid
    assert check_lead_id(LeadService.new_lead_id()).startswith("ld-")


def test_lead_ids_with_personal_data_are_refused() -> None:
    import pytest

    from blikopwerk import InvalidValueError
    from werkscan import check_lead_id

    for bad in ("jan@example.nl", "3511AB", "lead-3511-ab", "3511_AB", "x.3511ab"):
        with pytest.raises(InvalidValueError):
            check_lead_id(bad)
    for good in ("L1", "lead-2026-001", "ld-9754df2d0c66a825f23a"):
        assert check_lead_id(good) == good


def test_the_worker_lists_quotes_accepts_in_time_and_has_contact_data_erased() -> None:
    """WS-LEAD-12 end to end on the service: quotes listed, erasure on request, counts stay."""
    import pytest

    from blikopwerk import NotFoundError

    storage = MemoryStorage()
    svc = LeadService(storage, secret=secrets.token_bytes(32))
    svc.register_expert(Expert("E1", "A", "a@example.nl", [Establishment("3512")], 5), T0)
    svc.subscribe("E1", T0)
    lead = svc.submit(None, "3511", 30, {"work": "strong"}, _contact(), T0)
    assert lead.id.startswith("ld-")
    (offer,) = svc.offer(lead.id, T0)
    svc.quote(offer.id, "450", "Gesprek", T0)
    assert [(q.expert_id, str(q.amount.amount)) for q in svc.quotes(lead.id)] == [("E1", "450")]
    assert svc.erase_contact(lead.id, T0) is True and svc.erase_contact(lead.id, T0) is False
    assert len(svc.quotes(lead.id)) == 1 and svc.storage.leads.get(lead.id).id == lead.id
    with pytest.raises(NotFoundError):
        svc.quotes("ld-00000000000000000000")
