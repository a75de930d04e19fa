"""Matching a lead to experts within 50 km (WS-LEAD-2..4, K-GEO-1).

:class:`ExpertIndex` holds the experts' establishments as NumPy arrays (RD New x/y and
WGS84 lon/lat) bucketed in a square grid (5 km cells, sorted by cell key), searched ring
by ring outwards from the worker's cell until the nearest experts are certainly found.
When SciPy is installed (the ``matching`` extra) a ``scipy.spatial.cKDTree`` over the
RD New coordinates answers "the k nearest establishments" instead, one point or many at
once; the grid is the exact fallback without it. Either way, RD New only *pre-selects*
candidates, always with a margin of at least 30 m
(K-GEO-1: RD New is within 25 m of the geodesic in the Netherlands); the decision, inclusive,
and the order are on the WGS84 geodesic (pyproj ``Geod``, vectorised).

:class:`LeadMatcher` adds who may receive a lead on a given day (not absent, below the cap)
and their open leads (the tie-break), and answers ``match`` for one lead and
``match_many`` for a batch; :meth:`LeadMatcher.brute_force` is the reference (every
establishment, geodesic) that tests and the benchmark compare against.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Container, Iterable, Mapping, Sequence
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

import attrs

from blikopwerk._errors import InvalidValueError, UnknownPostcodeError
from blikopwerk._geo import GeoPoint, as_length_m
from blikopwerk._protocols import Geocoder
from blikopwerk._rules import RuleSet
from werkscan._leads.records import ExpertState
from werkscan._leads.rules import DISTANCE_BANDS, LEAD_RULES

if TYPE_CHECKING:
    import numpy as np
    import pint

__all__ = ["ExpertIndex", "LeadMatcher", "Match", "check_day", "distance_band"]

_log = logging.getLogger(__name__)

#: The smallest pre-selection margin K-GEO-1 allows, in metres.
MIN_MARGIN_M = 30.0
_OFFSET = 1 << 12
_SPAN = 1 << 13
#: nearest establishments asked of the k-d tree at first (asked again, more, when too few)
_K = 24
_UNBUILT = object()


@cache
def _geod() -> Any:
    from pyproj import Geod

    return Geod(ellps="WGS84")


def check_day(on: Any, *, rules: RuleSet = LEAD_RULES, field: str = "on") -> dt.date:
    """The day a match is for: a date as it is, an aware datetime as its Dutch day (K-TZ-1).

    Anything else (a naive datetime, a string, a number) is refused with the library's
    error naming ``field``; nothing is guessed.

    Example:
        >>> check_day(dt.date(2026, 12, 22)), check_day(dt.datetime(2026, 12, 21, 23, 30, tzinfo=dt.UTC))
        (datetime.date(2026, 12, 22), datetime.date(2026, 12, 22))
        >>> check_day("2026-12-22")
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: on: expected a date or a timezone-aware datetime (got '2026-12-22')
    """
    if isinstance(on, dt.datetime):
        from blikopwerk._calendar import dutch_day

        return dutch_day(on, rules=rules, field=field)
    if not isinstance(on, dt.date):
        raise InvalidValueError(field, on, "expected a date or a timezone-aware datetime")
    return on


def distance_band(distance_m: float, bands: Any = DISTANCE_BANDS) -> str:
    """The band shown to experts for a distance in metres (WS-LEAD-7).

    Upper edges are inclusive.

    Example:
        >>> distance_band(10_000), distance_band(10_001), distance_band(50_000)
        ('0-10 km', '10-25 km', '25-50 km')
    """
    if isinstance(distance_m, bool) or not isinstance(distance_m, int | float) or distance_m < 0:
        raise InvalidValueError("distance_m", distance_m, "must be a number of metres >= 0")
    km = Decimal(str(distance_m)) / 1000
    label = bands.entries[0].value
    for entry in bands.entries:
        if km > entry.key:
            label = entry.value
    return str(label)


@attrs.frozen
class Match:
    """One matched expert: id, geodesic distance in metres, and their open leads then.

    Example:
        >>> m = Match("E1", 35153.2, 0)
        >>> f"{m.distance:.1f~P}", m.band
        ('35.2 km', '25-50 km')
    """

    expert_id: str
    distance_m: float
    open_leads: int

    @property
    def distance(self) -> pint.Quantity[Any]:
        """The distance as a pint quantity in km."""
        from blikopwerk._geo import ureg

        reg = ureg()
        result: pint.Quantity[Any] = (self.distance_m * reg.metre).to(reg.kilometre)
        return result

    @property
    def band(self) -> str:
        """The distance band shown to the expert (WS-LEAD-7)."""
        return distance_band(self.distance_m)


class ExpertIndex:
    """Establishments of experts as arrays with a grid for candidate search (K-GEO-1).

    Args:
        rows: ``(expert_id, point)`` per establishment; an expert may have several.
        radius: the matching radius (pint length or ``"50 km"``).
        margin_m: the RD New pre-selection margin, at least 30 m (K-GEO-1).
        cell: the grid cell size (a speed knob; results do not depend on it).

    Example:
        >>> from blikopwerk import OfflineGeocoder
        >>> geo = OfflineGeocoder()
        >>> idx = ExpertIndex([("A", geo.lookup("1012")), ("B", geo.lookup("6211"))])
        >>> idx.expert_ids, len(idx)
        (('A', 'B'), 2)
        >>> idx.within(geo.lookup("3511"))
        {'A': 35151.9...}
    """

    def __init__(self, rows: Iterable[tuple[str, GeoPoint]], *, radius: Any = "50 km",
                 margin_m: float = MIN_MARGIN_M, cell: Any = "5 km") -> None:
        import numpy as np

        rows = list(rows)
        self._rows: tuple[tuple[str, GeoPoint], ...] = tuple(rows)
        self._cell_arg = cell
        self.radius_m = as_length_m(radius, "radius")
        if isinstance(margin_m, bool) or not isinstance(margin_m, int | float) \
                or not margin_m >= MIN_MARGIN_M:
            raise InvalidValueError("margin_m", margin_m,
                                    f"the RD New margin must be at least {MIN_MARGIN_M:g} m (K-GEO-1)")
        self.margin_m = float(margin_m)
        self.expert_ids: tuple[str, ...] = tuple(sorted({eid for eid, _ in rows}))
        code = {eid: i for i, eid in enumerate(self.expert_ids)}
        self.cell_m = as_length_m(cell, "cell")
        if not self.cell_m >= 100:
            raise InvalidValueError("cell", cell, "a grid cell must be at least 100 m")
        x = np.array([p.rd_x for _, p in rows], dtype=np.float64)
        y = np.array([p.rd_y for _, p in rows], dtype=np.float64)
        ix = np.floor(x / self.cell_m).astype(np.int64) + _OFFSET
        iy = np.floor(y / self.cell_m).astype(np.int64) + _OFFSET
        keys = ix * _SPAN + iy
        order = np.argsort(keys, kind="stable")
        self._keys = keys[order]
        self.x = x[order]
        self.y = y[order]
        self.lon = np.array([p.lon for _, p in rows], dtype=np.float64)[order]
        self.lat = np.array([p.lat for _, p in rows], dtype=np.float64)[order]
        self.expert = np.array([code[eid] for eid, _ in rows], dtype=np.int64)[order]
        self._rings: dict[int, tuple[Any, Any]] = {}
        self._nearest: dict[tuple[float, float, int], Any] = {}
        self._measured: dict[tuple[float, float, int], Any] = {}
        self._tree: Any = _UNBUILT
        #: ``(expert id, postcode)`` of establishments the geocoder could not place
        #: (:meth:`from_states`); they take no part in matching.
        self.unplaced: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_states(cls, states: Iterable[ExpertState], geocoder: Geocoder, *,
                    radius: Any = "50 km", margin_m: float = MIN_MARGIN_M,
                    cell: Any = "5 km") -> ExpertIndex:
        """Index every establishment of ``states`` that ``geocoder`` can place.

        An establishment whose postcode the geocoder does not know is left out (listed in
        :attr:`unplaced` and logged), so one unplaceable expert never makes another lead's
        match fail; registration refuses such postcodes up front
        (:func:`werkscan.place_expert`).
        """
        rows: list[tuple[str, GeoPoint]] = []
        unplaced: list[tuple[str, str]] = []
        for s in states:
            for e in s.expert.establishments:
                try:
                    rows.append((s.expert.id, geocoder.lookup(e.postcode)))
                except UnknownPostcodeError:
                    unplaced.append((s.expert.id, str(e.postcode)))
        if unplaced:
            _log.warning("%d establishment(s) left out of matching: the geocoder does not know "
                         "their postcode (experts %s)", len(unplaced),
                         ", ".join(sorted({eid for eid, _ in unplaced})))
        index = cls(rows, radius=radius, margin_m=margin_m, cell=cell)
        index.unplaced = tuple(unplaced)
        return index

    def __len__(self) -> int:
        return int(self.x.shape[0])

    def positions(self) -> dict[str, int]:
        """Each expert id's position in ``expert_ids`` (made once per index)."""
        pos: dict[str, int] | None = getattr(self, "_positions", None)
        if pos is None:
            pos = {eid: i for i, eid in enumerate(self.expert_ids)}
            self._positions = pos
        return pos

    def with_expert(self, expert_id: str, points: Iterable[GeoPoint]) -> ExpertIndex:
        """A new index in which ``expert_id`` has exactly ``points`` (none: removed).

        Keeps an index current when an expert registers, moves or leaves, without
        reading or geocoding the other experts again (place the expert with
        :func:`werkscan.place_expert`). This index is not changed.

        Example:
            >>> from blikopwerk import OfflineGeocoder
            >>> geo = OfflineGeocoder()
            >>> idx = ExpertIndex([("A", geo.lookup("1012"))])
            >>> idx.with_expert("B", [geo.lookup("3811")]).expert_ids, idx.with_expert("A", []).expert_ids
            (('A', 'B'), ())
        """
        pts = list(points)
        for i, p in enumerate(pts):
            if not isinstance(p, GeoPoint):
                raise InvalidValueError(f"points[{i}]", p, "expected a GeoPoint")
        rows = [r for r in self._rows if r[0] != expert_id] + [(expert_id, p) for p in pts]
        index = ExpertIndex(rows, radius=f"{self.radius_m!r} m", margin_m=self.margin_m, cell=self._cell_arg)
        index.unplaced = tuple(u for u in self.unplaced if u[0] != expert_id)
        return index

    def tree(self) -> Any:
        """A ``scipy.spatial.cKDTree`` over the RD New coordinates (built once), or ``None``
        when SciPy is not installed (the grid is used then; results are the same)."""
        if self._tree is _UNBUILT:
            try:
                from scipy.spatial import cKDTree
            except ImportError:  # pragma: no cover - the matching extra is in the test env
                self._tree = None
            else:
                import numpy as np

                self._tree = cKDTree(np.column_stack((self.x, self.y))) if len(self) else None
        return self._tree

    def cell_of(self, point: GeoPoint) -> tuple[int, int]:
        """The grid cell of ``point``."""
        return (int(point.rd_x // self.cell_m) + _OFFSET, int(point.rd_y // self.cell_m) + _OFFSET)

    def ring(self, cx: int, cy: int, k: int) -> np.ndarray[Any, np.dtype[np.int64]]:
        """Rows in the cells at Chebyshev distance ``k`` from cell ``(cx, cy)``.

        Every establishment outside rings ``0..k`` lies at least ``k * cell`` from any
        point in cell ``(cx, cy)``.
        """
        import numpy as np

        template = self._rings.get(k)
        if template is None:
            if k == 0:
                dx = np.zeros(1, dtype=np.int64)
                d0 = d1 = np.zeros(1, dtype=np.int64)
            else:
                inner = np.arange(-k + 1, k, dtype=np.int64)
                n = inner.shape[0]
                dx = np.concatenate(([-k, k], inner, inner))
                d0 = np.concatenate(([-k, -k], np.full(n, -k), np.full(n, k)))
                d1 = np.concatenate(([k, k], np.full(n, -k), np.full(n, k)))
            template = self._rings[k] = (dx * _SPAN + d0, dx * _SPAN + d1)
        base = cx * _SPAN + cy
        lo_key, hi_key = template
        lo = np.searchsorted(self._keys, lo_key + base, side="left")
        hi = np.searchsorted(self._keys, hi_key + base, side="right")
        lengths = hi - lo
        total = int(lengths.sum())
        if total == 0:
            return np.empty(0, dtype=np.int64)
        offsets = np.cumsum(lengths) - lengths
        result: np.ndarray[Any, np.dtype[np.int64]] = np.arange(total, dtype=np.int64) + np.repeat(lo - offsets, lengths)
        return result

    def rings_for(self, distance_m: float) -> int:
        """How many rings cover every establishment within ``distance_m`` of a point."""
        return int(distance_m // self.cell_m) + 1

    def candidates(self, point: GeoPoint) -> np.ndarray[Any, np.dtype[np.int64]]:
        """Rows within the radius plus the margin in RD New (a superset of those in range)."""
        import numpy as np

        cx, cy = self.cell_of(point)
        rows = np.concatenate([self.ring(cx, cy, k)
                               for k in range(self.rings_for(self.radius_m + self.margin_m) + 1)])
        d = np.hypot(self.x[rows] - point.rd_x, self.y[rows] - point.rd_y)
        result: np.ndarray[Any, np.dtype[np.int64]] = rows[d <= self.radius_m + self.margin_m]
        return result

    def nearest(self, point: GeoPoint, k: int) -> tuple[np.ndarray[Any, np.dtype[np.int64]],
                                                         np.ndarray[Any, np.dtype[np.float64]], bool]:
        """The ``k`` rows nearest to ``point`` in RD New within the radius plus the margin,
        nearest first, with their RD New distances, and whether that is every row within
        reach (fewer than ``k`` lie there). A pre-selection (K-GEO-1): the geodesic decides.
        The answers are remembered (the index does not change); do not modify the arrays.
        """
        key = (point.rd_x, point.rd_y, k)
        hit = self._nearest.get(key)
        if hit is not None:  # leads come from a few thousand PC4 centroids; the index never changes
            return hit  # type: ignore[no-any-return]  # the cache holds what _nearest_rows returns
        if len(self._nearest) >= 1 << 13:
            self._nearest.clear()
        hit = self._nearest[key] = self._nearest_rows(point, k)
        return hit

    def nearest_measured(self, point: GeoPoint, k: int) -> tuple[list[int], list[float], list[float], bool]:
        """:meth:`nearest` as plain lists for a caller that ranks a handful of rows in
        Python (the lead service): per row its expert's position in
        ``expert_ids``, its RD New and its geodesic metres; and whether that is every
        row within reach. Remembered like :meth:`nearest`; do not modify the lists."""
        key = (point.rd_x, point.rd_y, k)
        hit = self._measured.get(key)
        if hit is not None:
            return hit  # type: ignore[no-any-return]
        if len(self._measured) >= 1 << 13:
            self._measured.clear()
        rows, rd, complete = self.nearest(point, k)
        hit = self._measured[key] = (self.expert[rows].tolist(), rd.tolist(),
                                     self.geodesic(point, rows).tolist(), complete)
        return hit

    def rank_measured(self, codes: Sequence[int], geodesic_m: Sequence[float], *, available: Container[str],
                      open_leads: Mapping[str, int], exclude: Container[str] = (),
                      max_experts: int = 3) -> tuple[Match, ...]:
        """:meth:`LeadMatcher.rank` over rows measured by :meth:`nearest_measured` (the
        ``codes`` and ``geodesic_m`` of a prefix of them), in plain Python: for a few rows
        it is several times quicker than building a matcher's arrays over every expert.
        The same result: within the radius (inclusive), ``available`` and not in
        ``exclude``; nearest establishment per expert; then nearest, fewest open leads
        (missing: 0), smaller id (WS-LEAD-2..4)."""
        ids, radius = self.expert_ids, self.radius_m
        best: dict[int, float] = {}
        for code, dist in zip(codes, geodesic_m, strict=True):
            if dist <= radius and (code not in best or dist < best[code]):
                eid = ids[code]
                if eid in available and eid not in exclude:
                    best[code] = dist
        ranked = sorted((dist, open_leads.get(ids[code], 0), code) for code, dist in best.items())
        return tuple(Match(ids[code], dist, n) for dist, n, code in ranked[:max_experts])

    def _nearest_rows(self, point: GeoPoint, k: int) -> tuple[np.ndarray[Any, np.dtype[np.int64]],
                                                              np.ndarray[Any, np.dtype[np.float64]], bool]:
        import numpy as np

        n = len(self)
        reach = self.radius_m + self.margin_m
        tree = self.tree()
        if n == 0 or k <= 0:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64), True
        if tree is None:  # pragma: no cover - the matching extra is in the test env
            near = self.candidates(point)
            rd = np.hypot(self.x[near] - point.rd_x, self.y[near] - point.rd_y)
            order = np.argsort(rd, kind="stable")
            return near[order][:k], rd[order][:k], bool(near.shape[0] <= k)
        kk = min(k, n)
        d, i = tree.query((point.rd_x, point.rd_y), k=[1] if kk == 1 else kk, distance_upper_bound=reach)
        found = i < n
        rows: np.ndarray[Any, np.dtype[np.int64]] = i[found].astype(np.int64)
        dist: np.ndarray[Any, np.dtype[np.float64]] = d[found]
        return rows, dist, bool(rows.shape[0] < kk or kk == n)

    def geodesic(self, point: GeoPoint, rows: np.ndarray[Any, np.dtype[np.int64]]) -> np.ndarray[Any, np.dtype[np.float64]]:
        """Geodesic metres from ``point`` to ``rows`` (pyproj ``Geod.inv``, vectorised)."""
        import numpy as np

        n = rows.shape[0]
        if n == 0:
            return np.empty(0, dtype=np.float64)
        _, _, dist = _geod().inv(np.full(n, point.lon), np.full(n, point.lat),
                                 self.lon[rows], self.lat[rows])
        result: np.ndarray[Any, np.dtype[np.float64]] = np.asarray(dist, dtype=np.float64)
        return result

    def within(self, point: GeoPoint) -> dict[str, float]:
        """Every expert within the radius (inclusive, geodesic) with their nearest distance."""
        rows = self.candidates(point)
        dist = self.geodesic(point, rows)
        best: dict[str, float] = {}
        for r, d in zip(rows.tolist(), dist.tolist(), strict=True):
            if d <= self.radius_m:
                eid = self.expert_ids[int(self.expert[r])]
                best[eid] = min(d, best.get(eid, d))
        return dict(sorted(best.items()))


class LeadMatcher:
    """Who gets a lead: at most 3 experts within 50 km, nearest first (WS-LEAD-2..4).

    Experts absent on the day or at their cap are left out; ties in distance go to the
    expert with fewer open leads, then to the smaller expert id.

    Args:
        index: the establishments.
        available: expert ids that may receive a lead now (not absent, below the cap).
        open_leads: open leads per expert id (missing means 0).
        max_experts: at most this many experts per lead (WS-LEAD-1).

    Example:
        >>> from blikopwerk import OfflineGeocoder
        >>> geo = OfflineGeocoder()
        >>> idx = ExpertIndex([("amersfoort", geo.lookup("3811")), ("amsterdam", geo.lookup("1012")),
        ...                    ("den-bosch", geo.lookup("5211")), ("maastricht", geo.lookup("6211"))])
        >>> m = LeadMatcher(idx, available=idx.expert_ids)
        >>> [(x.expert_id, round(x.distance_m / 1000, 1)) for x in m.match(geo.lookup("3511"))]
        [('amersfoort', 20.0), ('amsterdam', 35.2), ('den-bosch', 46.2)]
    """

    def __init__(self, index: ExpertIndex, *, available: Iterable[str],
                 open_leads: dict[str, int] | None = None, max_experts: int = 3,
                 remaining: dict[str, int] | None = None) -> None:
        import numpy as np

        if isinstance(max_experts, bool) or not isinstance(max_experts, int) or max_experts < 1:
            raise InvalidValueError("max_experts", max_experts, "must be a whole number >= 1")
        self.index = index
        self.max_experts = max_experts
        ids = index.expert_ids
        pos = index.positions()
        self.available = np.zeros(len(ids), dtype=bool)
        for eid in available:
            if eid in pos:
                self.available[pos[eid]] = True
        self.open_leads = np.zeros(len(ids), dtype=np.int64)
        for eid, n in (open_leads or {}).items():
            if eid in pos:
                self.open_leads[pos[eid]] = n
        #: leads each expert may still receive (WS-LEAD-4); used by :meth:`assign_many`
        self.remaining = np.full(len(ids), np.iinfo(np.int64).max, dtype=np.int64)
        for eid, n in (remaining or {}).items():
            if eid in pos:
                self.remaining[pos[eid]] = n
                if n <= 0:
                    self.available[pos[eid]] = False

    @classmethod
    def from_states(cls, states: Sequence[ExpertState], geocoder: Geocoder, on: dt.date, *,
                    rules: RuleSet = LEAD_RULES, index: ExpertIndex | None = None) -> LeadMatcher:
        """A matcher for the day ``on`` from stored expert states (WS-LEAD-3, -4).

        Pass ``index`` to reuse one built earlier for the same establishments. ``on`` is
        a date or an aware datetime (its Dutch day, K-TZ-1); anything else is refused
        with :class:`~blikopwerk.InvalidValueError` naming ``on``.
        """
        on = check_day(on, rules=rules)
        if index is None:
            index = ExpertIndex.from_states(states, geocoder,
                                            radius=f"{rules.parameter('radius_km')} km")
        return cls(index, available=[s.expert.id for s in states if s.available(on)],
                   open_leads={s.expert.id: s.open_leads for s in states},
                   max_experts=rules.parameter("max_experts", int),
                   remaining={s.expert.id: s.expert.lead_cap - s.leads_received for s in states})

    def _rank(self, rows: np.ndarray[Any, np.dtype[np.int64]], dist: np.ndarray[Any, np.dtype[np.float64]],
              exclude: np.ndarray[Any, np.dtype[np.bool_]] | None) -> tuple[Match, ...]:
        import numpy as np

        keep = dist <= self.index.radius_m
        rows, dist = rows[keep], dist[keep]
        codes = self.index.expert[rows]
        ok = self.available[codes] if exclude is None else self.available[codes] & ~exclude[codes]
        codes, dist = codes[ok], dist[ok]
        if codes.shape[0] == 0:
            return ()
        # nearest establishment per expert, then nearest / fewest open leads / id
        order = np.lexsort((dist, codes))
        codes, dist = codes[order], dist[order]
        first = np.ones(codes.shape[0], dtype=bool)
        first[1:] = codes[1:] != codes[:-1]
        codes, dist = codes[first], dist[first]
        order = np.lexsort((codes, self.open_leads[codes], dist))[: self.max_experts]
        ids = self.index.expert_ids
        return tuple(Match(ids[int(c)], float(d), int(self.open_leads[c]))
                     for c, d in zip(codes[order], dist[order], strict=True))

    def _exclusion(self, exclude: Iterable[str]) -> np.ndarray[Any, np.dtype[np.bool_]] | None:
        import numpy as np

        excluded = set(exclude)
        if not excluded:
            return None
        pos = self.index.positions()
        mask = np.zeros(len(self.index.expert_ids), dtype=bool)
        mask[[pos[eid] for eid in excluded if eid in pos]] = True
        return mask

    def match(self, point: GeoPoint, *, exclude: Iterable[str] = ()) -> tuple[Match, ...]:
        """The experts for a lead at ``point``, nearest first (WS-LEAD-2).

        The grid is searched ring by ring outwards. RD New pre-selects: once the rings
        cover the 3rd-nearest available expert (in RD New) plus twice the margin, nothing
        farther can be among the first three, because RD New and the geodesic differ by
        less than the margin (K-GEO-1). Only those candidates are measured on the
        geodesic, which decides range (inclusive) and order.
        """
        ex = self._exclusion(exclude)
        tree = self.index.tree()
        if tree is not None:
            return self._match_tree(tree, point, ex)
        return self._match_grid(point, ex)

    def rank(self, point: GeoPoint, rows: np.ndarray[Any, np.dtype[np.int64]], *,
             exclude: Iterable[str] = ()) -> tuple[Match, ...]:
        """:meth:`match` over the given index ``rows`` only (a caller that pre-selected
        them, nearest first, and knows that no other row can change the result): the
        geodesic to each, then the same ranking (WS-LEAD-2)."""
        return self._rank(rows, self.index.geodesic(point, rows), self._exclusion(exclude))

    def _match_tree(self, tree: Any, point: GeoPoint,
                    ex: np.ndarray[Any, np.dtype[np.bool_]] | None) -> tuple[Match, ...]:
        """:meth:`match` on the k-d tree: the k nearest, k grown until the bound is covered."""

        idx = self.index
        n = len(idx)
        ok_expert = self.available if ex is None else self.available & ~ex
        reach = idx.radius_m + idx.margin_m
        k = min(_K, n)
        while True:
            d, i = tree.query((point.rd_x, point.rd_y), k=[1] if k == 1 else k,
                              distance_upper_bound=reach)
            last_d, full = float(d[-1]), bool(i[-1] < n)
            found = i < n
            rows, dist = i[found], d[found]
            ok = ok_expert[idx.expert[rows]]
            rows, dist = rows[ok], dist[ok]
            bound = reach
            seen: set[int] = set()
            for pos, code in enumerate(idx.expert[rows].tolist()):
                seen.add(code)
                if len(seen) == self.max_experts:
                    bound = min(reach, float(dist[pos]) + 2 * idx.margin_m)
                    break
            # complete when fewer than k lie within reach, or the k-th lies beyond the bound
            if not full or last_d > bound or k >= n:
                break
            k = min(4 * k, n)
        rows = rows[dist <= bound]
        return self._rank(rows, idx.geodesic(point, rows), ex)

    def _match_grid(self, point: GeoPoint,
                    ex: np.ndarray[Any, np.dtype[np.bool_]] | None) -> tuple[Match, ...]:
        """:meth:`match` on the grid (without SciPy): ring by ring outwards."""
        import numpy as np

        idx = self.index
        ok_expert = self.available if ex is None else self.available & ~ex
        reach = idx.radius_m + idx.margin_m
        cx, cy = idx.cell_of(point)
        last_ring = idx.rings_for(reach)
        parts: list[np.ndarray[Any, np.dtype[np.int64]]] = []
        bound = reach
        for k in range(last_ring + 1):
            ring = idx.ring(cx, cy, k)
            if ring.shape[0]:
                parts.append(ring[ok_expert[idx.expert[ring]]])
            covered = k * idx.cell_m  # everything nearer than this has been collected
            if covered > reach:
                break
            rows = np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)
            if rows.shape[0] < self.max_experts:
                continue
            rd = np.hypot(idx.x[rows] - point.rd_x, idx.y[rows] - point.rd_y)
            order = np.argsort(rd, kind="stable")
            kth = -1
            seen: set[int] = set()
            head = order if order.shape[0] <= 64 else order[:64]
            codes = idx.expert[rows[head]].tolist()
            if len(set(codes)) < self.max_experts and head.shape[0] < order.shape[0]:
                codes = idx.expert[rows[order]].tolist()
            for pos, code in enumerate(codes):
                seen.add(code)
                if len(seen) == self.max_experts:
                    kth = pos
                    break
            if kth < 0:
                continue
            bound = min(reach, float(rd[order[kth]]) + 2 * idx.margin_m)
            if covered > bound:
                break
        rows = np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)
        rd = np.hypot(idx.x[rows] - point.rd_x, idx.y[rows] - point.rd_y)
        rows = rows[rd <= bound]
        return self._rank(rows, idx.geodesic(point, rows), ex)

    def match_many(self, points: Sequence[GeoPoint]) -> list[tuple[Match, ...]]:
        """:meth:`match` for many leads against the same state (no capacity used up).

        Leads in the same area share one computation (distances are between area
        centroids, K-GEO-1). With SciPy, the distinct points are searched at once: one
        k-d tree query, one geodesic call and one ranking for all of them; a point whose
        k nearest do not settle its top 3 falls back to :meth:`match`.
        """
        keys: dict[tuple[float, float], int] = {}
        inv = [keys.setdefault((p.lon, p.lat), len(keys)) for p in points]
        uniq: list[GeoPoint] = []
        for p, j in zip(points, inv, strict=True):
            if j == len(uniq):
                uniq.append(p)
        tree = self.index.tree()
        if tree is None:
            found = [self._match_grid(p, None) for p in uniq]
        else:
            found = self._match_tree_many(tree, uniq)
        return [found[j] for j in inv]

    def _match_tree_many(self, tree: Any, pts: list[GeoPoint]) -> list[tuple[Match, ...]]:
        import numpy as np

        idx = self.index
        n, m = len(idx), len(pts)
        if m == 0:
            return []
        reach = idx.radius_m + idx.margin_m
        k = min(_K, n)
        xy = np.array([(p.rd_x, p.rd_y) for p in pts], dtype=np.float64)
        d, i = tree.query(xy, k=[1] if k == 1 else k, distance_upper_bound=reach)
        valid = i < n
        code = idx.expert[np.where(valid, i, 0)]
        ok = valid & self.available[code]
        # the first row of each available expert in each point's nearest-first list
        tag = np.where(ok, code, -1 - np.arange(k, dtype=np.int64))
        earlier = np.tril(np.ones((k, k), dtype=bool), -1)
        first = ok & ~((tag[:, :, None] == tag[:, None, :]) & earlier).any(axis=2)
        seen = np.cumsum(first, axis=1)
        settled = seen[:, -1] >= self.max_experts
        kth = np.argmax(seen >= self.max_experts, axis=1)
        bound = np.where(settled, np.minimum(reach, d[np.arange(m), kth] + 2 * idx.margin_m), reach)
        complete = ~valid[:, -1] | (d[:, -1] > bound) | (k >= n)
        q, col = np.nonzero(ok & (d <= bound[:, None]) & complete[:, None])
        rows = i[q, col]
        lon = np.array([p.lon for p in pts], dtype=np.float64)
        lat = np.array([p.lat for p in pts], dtype=np.float64)
        if rows.shape[0]:
            _, _, dist = _geod().inv(lon[q], lat[q], idx.lon[rows], idx.lat[rows])
            dist = np.asarray(dist, dtype=np.float64)
        else:
            dist = np.empty(0, dtype=np.float64)
        out = self._rank_many(q, rows, dist, m)
        for r in np.nonzero(~complete)[0].tolist():
            out[r] = self._match_tree(tree, pts[r], None)
        return out

    def _rank_many(self, q: np.ndarray[Any, np.dtype[np.int64]], rows: np.ndarray[Any, np.dtype[np.int64]],
                   dist: np.ndarray[Any, np.dtype[np.float64]], m: int) -> list[tuple[Match, ...]]:
        """:meth:`_rank` for many points at once: ``q`` says which point each row is for."""
        import numpy as np

        out: list[tuple[Match, ...]] = [()] * m
        keep = dist <= self.index.radius_m
        q, codes, dist = q[keep], self.index.expert[rows[keep]], dist[keep]
        if q.shape[0] == 0:
            return out
        order = np.lexsort((dist, codes, q))
        q, codes, dist = q[order], codes[order], dist[order]
        first = np.ones(q.shape[0], dtype=bool)
        first[1:] = (q[1:] != q[:-1]) | (codes[1:] != codes[:-1])
        q, codes, dist = q[first], codes[first], dist[first]
        opens = self.open_leads[codes]
        order = np.lexsort((codes, opens, dist, q))
        q, codes, dist, opens = q[order], codes[order], dist[order], opens[order]
        top = (np.arange(q.shape[0]) - np.searchsorted(q, q, side="left")) < self.max_experts
        ids = self.index.expert_ids
        acc: dict[int, list[Match]] = {}
        for r, c, d, o in zip(q[top].tolist(), codes[top].tolist(), dist[top].tolist(),
                              opens[top].tolist(), strict=True):
            acc.setdefault(r, []).append(Match(ids[c], d, o))
        for r, ms in acc.items():
            out[r] = tuple(ms)
        return out

    def assign_many(self, points: Sequence[GeoPoint], *,
                    brute_force: bool = False) -> list[tuple[Match, ...]]:
        """Match leads one after another, each using up capacity (WS-LEAD-2, -4).

        As if each lead were offered before the next is matched: every matched expert gets
        one more open lead (the tie-break) and one lead less to go; an expert whose cap is
        reached gets no further leads. This changes the matcher's state. With
        ``brute_force=True`` each lead is matched by :meth:`brute_force` (the reference).
        """
        pos = {eid: i for i, eid in enumerate(self.index.expert_ids)}
        out: list[tuple[Match, ...]] = []
        for p in points:
            found = self.brute_force(p) if brute_force else self.match(p)
            for m in found:
                i = pos[m.expert_id]
                self.open_leads[i] += 1
                self.remaining[i] -= 1
                if self.remaining[i] <= 0:
                    self.available[i] = False
            out.append(found)
        return out

    def brute_force(self, point: GeoPoint, *, exclude: Iterable[str] = ()) -> tuple[Match, ...]:
        """The reference: the geodesic to every establishment, no pre-selection."""
        import numpy as np

        rows = np.arange(len(self.index), dtype=np.int64)
        return self._rank(rows, self.index.geodesic(point, rows), self._exclusion(exclude))
