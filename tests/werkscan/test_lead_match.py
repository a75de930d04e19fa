"""Matching leads to experts within 50 km (WS-LEAD-1..4, K-GEO-1)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from blikopwerk import InvalidValueError, MemoryStorage, OfflineGeocoder, UnknownPostcodeError
from blikopwerk._geo import geodesic_m
from strategies import (
    capped_expert_rows,
    dense_expert_rows,
    dense_pc4_areas,
    expert_rows,
    grid_cells,
    pc4_areas,
    small_pc4_areas,
)
from werkscan import ExpertIndex, LeadMatcher, LeadService, distance_band
from werkscan._leads.records import Absence, Establishment, Expert, ExpertState

GEO = OfflineGeocoder()
DAY = dt.date(2026, 12, 22)


def state(eid: str, pc: str, *, cap: int = 10, received: int = 0, open_leads: int = 0,
          absences: tuple[Absence, ...] = ()) -> ExpertState:
    return ExpertState(Expert(eid, eid, f"{eid}@example.nl", [Establishment(pc)], cap),
                       absences, received, open_leads)


def matcher(states: list[ExpertState], on: dt.date = DAY) -> LeadMatcher:
    return LeadMatcher.from_states(states, GEO, on)


def test_utrecht_example_ws_lead_2() -> None:
    """Issue example: worker in 3511; experts in 3811, 1012, 5211, 6211 (WS-LEAD-2)."""
    states = [state("maastricht", "6211"), state("amsterdam", "1012"),
              state("den-bosch", "5211"), state("amersfoort", "3811")]
    found = matcher(states).match(GEO.lookup("3511"))
    assert [m.expert_id for m in found] == ["amersfoort", "amsterdam", "den-bosch"]
    expected = [geodesic_m(GEO.lookup("3511"), GEO.lookup(pc)) for pc in ("3811", "1012", "5211")]
    assert [m.distance_m for m in found] == pytest.approx(expected, abs=1e-6)
    assert geodesic_m(GEO.lookup("3511"), GEO.lookup("6211")) > 50_000


def test_k_geo_1_anchors() -> None:
    """Utrecht-Amsterdam 35.15 km is in range, Utrecht-Den Haag 54.85 km is not (K-GEO-1)."""
    found = matcher([state("ams", "1012"), state("dh", "2511")]).match(GEO.lookup("3511"))
    assert [(m.expert_id, round(m.distance_m / 1000, 2)) for m in found] == [("ams", 35.15)]


def test_radius_is_inclusive_at_the_metre() -> None:
    d = geodesic_m(GEO.lookup("3511"), GEO.lookup("1012"))
    rows = [("ams", GEO.lookup("1012"))]
    inside = LeadMatcher(ExpertIndex(rows, radius=f"{d!r} m"), available=["ams"])
    outside = LeadMatcher(ExpertIndex(rows, radius=f"{d - 0.001!r} m"), available=["ams"])
    assert [m.expert_id for m in inside.match(GEO.lookup("3511"))] == ["ams"]
    assert outside.match(GEO.lookup("3511")) == ()


def test_margin_below_30_m_is_refused() -> None:
    with pytest.raises(InvalidValueError, match="margin_m"):
        ExpertIndex([], margin_m=29.9)
    assert ExpertIndex([], margin_m=30).margin_m == 30


def test_at_most_three_ws_lead_1() -> None:
    states = [state(f"E{i}", pc) for i, pc in enumerate(["3511", "3512", "3513", "3514", "3581"])]
    assert len(matcher(states).match(GEO.lookup("3511"))) == 3


def test_tie_break_fewest_open_leads_then_id_ws_lead_2() -> None:
    states = [state("B", "3811", open_leads=2), state("C", "3811", open_leads=1),
              state("A", "3811", open_leads=2), state("D", "3811", open_leads=1)]
    assert [m.expert_id for m in matcher(states).match(GEO.lookup("3511"))] == ["C", "D", "A"]


def test_absent_expert_is_skipped_ws_lead_3() -> None:
    away = (Absence(dt.date(2026, 12, 21), dt.date(2026, 12, 22)),)
    states = [state("near", "3512", absences=away), state("far", "3811")]
    assert [m.expert_id for m in matcher(states).match(GEO.lookup("3511"))] == ["far"]
    back = matcher(states, on=dt.date(2026, 12, 23)).match(GEO.lookup("3511"))
    assert [m.expert_id for m in back] == ["near", "far"]


def test_expert_at_cap_is_skipped_ws_lead_4() -> None:
    states = [state("full", "3512", cap=2, received=2), state("room", "3811", cap=2, received=1)]
    assert [m.expert_id for m in matcher(states).match(GEO.lookup("3511"))] == ["room"]


def test_nearest_establishment_counts() -> None:
    e = Expert("multi", "M", "m@example.nl", [Establishment("6211"), Establishment("3811")], 5)
    (m,) = matcher([ExpertState(e)]).match(GEO.lookup("3511"))
    assert m.distance_m == pytest.approx(geodesic_m(GEO.lookup("3511"), GEO.lookup("3811")))


def test_unknown_postcode_is_an_error_not_an_empty_match() -> None:
    svc = LeadService(MemoryStorage(), secret=b"matching-tests-key-0123456789abc")
    with pytest.raises(UnknownPostcodeError):
        svc.match("4999", DAY)
    with pytest.raises(InvalidValueError):
        svc.match("0999", DAY)


def test_distance_bands_edges_ws_lead_7() -> None:
    assert [distance_band(d) for d in (0, 10_000, 10_000.5, 25_000, 25_001, 50_000)] == [
        "0-10 km", "0-10 km", "10-25 km", "10-25 km", "25-50 km", "25-50 km"]
    with pytest.raises(InvalidValueError):
        distance_band(-1)


# --------------------------------------------------------------------------- properties

@settings(max_examples=40, deadline=None)
@given(experts=expert_rows, worker=pc4_areas)
def test_matcher_agrees_with_brute_force(experts: list[tuple[str, int, bool]], worker: str) -> None:
    states = [state(f"E{i:02d}", pc, open_leads=o, cap=1, received=0 if avail else 1)
              for i, (pc, o, avail) in enumerate(experts)]
    m = matcher(states)
    point = GEO.lookup(worker)
    found = m.match(point)
    assert found == m.brute_force(point)
    assert len(found) <= 3
    assert all(x.distance_m <= 50_000 for x in found)
    keys = [(x.distance_m, x.open_leads, x.expert_id) for x in found]
    assert keys == sorted(keys)
    available = {s.expert.id for s in states if s.available(DAY)}
    assert {x.expert_id for x in found} <= available
    # nobody left out who is nearer than the last one chosen
    if len(found) == 3:
        for s in states:
            if s.expert.id in available and s.expert.id not in {x.expert_id for x in found}:
                d = geodesic_m(point, GEO.lookup(s.expert.establishments[0].postcode))
                assert (d, s.open_leads, s.expert.id) > keys[-1]


@settings(max_examples=15, deadline=None)
@given(experts=expert_rows, workers=st.lists(pc4_areas, max_size=20))
def test_match_many_equals_match(experts: list[tuple[str, int, bool]], workers: list[str]) -> None:
    states = [state(f"E{i:02d}", pc, open_leads=o) for i, (pc, o, _) in enumerate(experts)]
    m = matcher(states)
    points = [GEO.lookup(w) for w in workers]
    assert m.match_many(points) == [m.match(p) for p in points]


@settings(max_examples=12, deadline=None)
@given(experts=dense_expert_rows, worker=dense_pc4_areas, cell=grid_cells)
def test_ring_search_agrees_with_brute_force_dense(experts: list[tuple[str, int, bool]], worker: str,
                                                   cell: str) -> None:
    """Many experts (and many exact ties: several per PC4), any grid cell size."""
    states = [state(f"E{i:03d}", pc, open_leads=o, cap=1, received=0 if avail else 1)
              for i, (pc, o, avail) in enumerate(experts)]
    index = ExpertIndex.from_states(states, GEO, cell=cell)
    m = LeadMatcher.from_states(states, GEO, DAY, index=index)
    point = GEO.lookup(worker)
    assert m.match(point) == m.brute_force(point)
    within = index.within(point)
    assert all(d <= 50_000 for d in within.values())
    assert set(within) == {eid for eid, d in ((s.expert.id, geodesic_m(point, GEO.lookup(
        s.expert.establishments[0].postcode))) for s in states) if d <= 50_000}


@settings(max_examples=15, deadline=None)
@given(experts=capped_expert_rows, workers=st.lists(small_pc4_areas, max_size=25))
def test_assign_many_uses_capacity_like_the_brute_force(
        experts: list[tuple[str, int, int]], workers: list[str]) -> None:
    """Sequential assignment: caps are never exceeded (WS-LEAD-4); agrees with brute force."""
    states = [state(f"E{i:02d}", pc, open_leads=o, cap=cap) for i, (pc, o, cap) in enumerate(experts)]
    points = [GEO.lookup(w) for w in workers]
    fast = matcher(states).assign_many(points)
    slow = matcher(states).assign_many(points, brute_force=True)
    assert fast == slow
    received: dict[str, int] = {}
    for found in fast:
        assert len(found) <= 3
        for m in found:
            received[m.expert_id] = received.get(m.expert_id, 0) + 1
    caps = {s.expert.id: s.expert.lead_cap for s in states}
    assert all(n <= caps[eid] for eid, n in received.items())
