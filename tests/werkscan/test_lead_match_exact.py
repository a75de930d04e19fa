"""The fast matcher equals the brute-force reference (WS-LEAD-2..4, K-GEO-1).

Random experts and workers anywhere in the Netherlands (not only PC4 centroids), with
many exact ties (experts sharing a point, equal open leads), clusters larger than the
k-d tree's first ask, experts placed at exactly the radius, several establishments per
expert, absent experts and excluded experts. Both search paths are checked: the k-d tree
(SciPy) and the grid without it, for one lead (:meth:`LeadMatcher.match`) and in bulk
(:meth:`LeadMatcher.match_many`).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod

from blikopwerk import GeoPoint
from blikopwerk._geo import geodesic_m
from werkscan import ExpertIndex, LeadMatcher

GEOD = Geod(ellps="WGS84")

lats = st.floats(50.8, 53.4, allow_nan=False)
lons = st.floats(3.5, 7.1, allow_nan=False)


def at(lat: float, lon: float) -> GeoPoint:
    return GeoPoint.from_wgs84(lat, lon, "address")


@st.composite
def layouts(draw: st.DrawFn) -> dict[str, Any]:
    """A worker, experts around them, the radius, who is available and who is excluded."""
    worker = at(draw(lats), draw(lons))
    points: list[GeoPoint] = []
    # spots: some far, some near, some at exactly 50 km (along a random azimuth)
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["anywhere", "near", "rim"]))
        if kind == "anywhere":
            points.append(at(draw(lats), draw(lons)))
        else:
            metres = 50_000.0 if kind == "rim" else draw(st.floats(0, 60_000))
            lon, lat, _ = GEOD.fwd(worker.lon, worker.lat, draw(st.floats(0, 360)), metres)
            points.append(at(lat, lon))
    rows: list[tuple[str, GeoPoint]] = []
    n_experts = draw(st.integers(0, 45))
    for i in range(n_experts):
        eid = f"E{i:02d}"
        # several experts on one spot make exact ties; a cluster can exceed the tree's first k
        for _ in range(draw(st.integers(1, 2))):
            rows.append((eid, points[draw(st.integers(0, len(points) - 1))]))
    ids = sorted({eid for eid, _ in rows})
    available = [eid for eid in ids if draw(st.integers(0, 4)) > 0]
    excluded = [eid for eid in ids if draw(st.integers(0, 6)) == 0]
    open_leads = {eid: draw(st.integers(0, 2)) for eid in ids}
    # the radius: 50 km, or exactly the geodesic distance to one expert (the inclusive edge)
    radius = "50 km"
    if rows and draw(st.booleans()):
        edge = geodesic_m(worker, rows[draw(st.integers(0, len(rows) - 1))][1])
        radius = f"{edge!r} m"
    return {"worker": worker, "rows": rows, "available": available, "excluded": excluded,
            "open_leads": open_leads, "radius": radius,
            "max_experts": draw(st.integers(1, 4))}


def build(layout: dict[str, Any], *, tree: bool) -> LeadMatcher:
    index = ExpertIndex(layout["rows"], radius=layout["radius"])
    if not tree:
        index._tree = None  # the grid path, as without SciPy
    return LeadMatcher(index, available=layout["available"], open_leads=layout["open_leads"],
                       max_experts=layout["max_experts"])


@pytest.mark.parametrize("tree", [True, False], ids=["kd-tree", "grid"])
@settings(max_examples=60, deadline=None)
@given(layout=layouts())
def test_match_equals_brute_force(tree: bool, layout: dict[str, Any]) -> None:
    """WS-LEAD-2: same experts, same order, same distances as the reference."""
    m = build(layout, tree=tree)
    worker = layout["worker"]
    assert m.match(worker) == m.brute_force(worker)
    ex = layout["excluded"]
    assert m.match(worker, exclude=ex) == m.brute_force(worker, exclude=ex)
    found = m.match(worker)
    assert len(found) <= layout["max_experts"]
    assert all(x.distance_m <= m.index.radius_m for x in found)


@pytest.mark.parametrize("tree", [True, False], ids=["kd-tree", "grid"])
@settings(max_examples=40, deadline=None)
@given(layout=layouts(), others=st.lists(st.tuples(lats, lons), max_size=6))
def test_match_many_equals_brute_force(tree: bool, layout: dict[str, Any],
                                       others: list[tuple[float, float]]) -> None:
    """Bulk matching: every lead as the reference matches it (repeated points included)."""
    m = build(layout, tree=tree)
    points = [layout["worker"], *(at(lat, lon) for lat, lon in others), layout["worker"]]
    assert m.match_many(points) == [m.brute_force(p) for p in points]


def test_exactly_at_the_radius_is_in_and_a_millimetre_more_is_out() -> None:
    """WS-LEAD-2: 'maximaal 50 kilometer' is inclusive; the decision is on the geodesic."""
    worker = at(52.0907, 5.1214)
    lon, lat, _ = GEOD.fwd(worker.lon, worker.lat, 37.0, 50_000.0)
    rim = at(lat, lon)
    edge = geodesic_m(worker, rim)
    for radius, expected in ((f"{edge!r} m", ["rim"]), (f"{edge - 0.001!r} m", [])):
        m = LeadMatcher(ExpertIndex([("rim", rim)], radius=radius), available=["rim"])
        assert [x.expert_id for x in m.match(worker)] == expected
        assert [[x.expert_id for x in ms] for ms in m.match_many([worker])] == [expected]


def test_a_cluster_beyond_the_first_ask_of_the_tree() -> None:
    """60 experts on one spot, the nearest 50 unavailable: the tree asks again, further."""
    worker = at(52.0907, 5.1214)
    lon, lat, _ = GEOD.fwd(worker.lon, worker.lat, 90.0, 1_000.0)
    near = at(lat, lon)
    lon, lat, _ = GEOD.fwd(worker.lon, worker.lat, 90.0, 20_000.0)
    far = at(lat, lon)
    rows = [(f"N{i:02d}", near) for i in range(50)] + [(f"F{i:02d}", far) for i in range(10)]
    m = LeadMatcher(ExpertIndex(rows), available=[f"F{i:02d}" for i in range(10)],
                    open_leads={"F07": 0, **{f"F{i:02d}": 1 for i in range(7)}})
    expected = m.brute_force(worker)
    assert [x.expert_id for x in expected] == ["F07", "F08", "F09"]
    assert m.match(worker) == expected
    assert m.match_many([worker, worker]) == [expected, expected]


@settings(max_examples=30, deadline=None)
@given(layout=layouts(), moves=st.lists(st.tuples(st.integers(0, 50), st.lists(st.tuples(lats, lons),
                                                                                max_size=2)), max_size=5))
def test_an_index_kept_current_equals_one_built_afresh(layout: dict[str, Any],
                                                      moves: list[tuple[int, list[tuple[float, float]]]]) -> None:
    """Experts registering, moving and leaving: with_expert gives the same matches as a
    new index over the resulting establishments."""
    index = ExpertIndex(layout["rows"], radius=layout["radius"])
    rows = list(layout["rows"])
    for n, spots in moves:
        eid = f"E{n:02d}"
        points = [at(lat, lon) for lat, lon in spots]
        index = index.with_expert(eid, points)
        rows = [r for r in rows if r[0] != eid] + [(eid, p) for p in points]
    fresh = ExpertIndex(rows, radius=layout["radius"])
    assert index.expert_ids == fresh.expert_ids
    kept = LeadMatcher(index, available=index.expert_ids, open_leads=layout["open_leads"])
    anew = LeadMatcher(fresh, available=fresh.expert_ids, open_leads=layout["open_leads"])
    worker = layout["worker"]
    assert kept.match(worker) == anew.match(worker) == anew.brute_force(worker)
