"""The offer path's plain-Python ranking of a few measured rows gives what the matcher's
ranking gives over the same rows (WS-LEAD-2..4, issue 16)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from blikopwerk import OfflineGeocoder
from strategies import dense_expert_rows, dense_pc4_areas
from werkscan._leads.matching import ExpertIndex, LeadMatcher

GEO = OfflineGeocoder()


@settings(max_examples=60, deadline=None)
@given(rows=dense_expert_rows, area=dense_pc4_areas, k=st.integers(1, 40), take=st.integers(1, 40),
       need=st.integers(1, 4), exclude=st.sets(st.integers(0, 299), max_size=10), radius_km=st.integers(1, 60))
def test_rank_measured_equals_the_matchers_rank(rows: list[tuple[str, int, bool]], area: str, k: int,
                                                 take: int, need: int, exclude: set[int],
                                                 radius_km: int) -> None:
    """WS-LEAD-2..4: same experts, order, distances and open leads, ties included (many
    experts share an area here, so distances tie and open leads and ids decide)."""
    index = ExpertIndex([(f"E{i:03d}", GEO.lookup(pc)) for i, (pc, _, _) in enumerate(rows)],
                        radius=f"{radius_km} km")
    point = GEO.lookup(area)
    available = {f"E{i:03d}" for i, (_, _, ok) in enumerate(rows) if ok}
    open_leads = {f"E{i:03d}": n for i, (_, n, _) in enumerate(rows) if n}
    excluded = {f"E{i:03d}" for i in exclude}
    codes, rd, geodesic, complete = index.nearest_measured(point, k)
    rows_np, rd_np, complete_np = index.nearest(point, k)
    assert codes == index.expert[rows_np].tolist() and rd == rd_np.tolist() and complete == complete_np
    size = min(take, len(codes))
    expected = LeadMatcher(index, available=available, open_leads=open_leads,
                           max_experts=need).rank(point, rows_np[:size], exclude=excluded)
    got = index.rank_measured(codes[:size], geodesic[:size], available=available, open_leads=open_leads,
                              exclude=excluded, max_experts=need)
    assert got == expected
