"""Where a lead would find no expert: the lead-coverage map (WS-LEAD-2, K-GEO-1).

A worker is matched to experts whose establishment lies within 50 km, geodesic, of the
worker's postcode (WS-LEAD-2). The coverage map draws that rule: around every
establishment of an available expert the set of points within the radius (a *geodesic*
disc, its rim computed with pyproj ``Geod.fwd`` and drawn in RD New), their union is the
**covered** area, and the rest of the region is the **gap**: where a lead would find no
expert today. Geometry is shapely, in RD New (EPSG:28992) metres; areas are in km².

The rim of each disc is a polygon of :data:`RIM_VERTICES` points, each exactly on the
geodesic circle, so the map is within a few metres of the rule (the chord between two
rim points cuts at most ``r (1 - cos(pi / n))``: 3.8 m at 50 km). The matcher, not the
map, decides who gets a lead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cache
from typing import Any

import attrs

from blikopwerk._errors import InvalidValueError, UnknownPostcodeError
from blikopwerk._geo import GeoPoint, as_length_m
from blikopwerk._protocols import Geocoder
from blikopwerk._rules import RuleSet
from werkscan._leads.records import ExpertState
from werkscan._leads.rules import LEAD_RULES

__all__ = ["RIM_VERTICES", "CoverageMap", "coverage_map", "dutch_region", "lead_coverage"]

#: Points on the rim of each geodesic disc.
RIM_VERTICES = 256


@cache
def _geod() -> Any:
    from pyproj import Geod

    return Geod(ellps="WGS84")


@cache
def _rd_to_wgs84() -> Any:
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)


@cache
def _wgs84_to_rd() -> Any:
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)


def _disc(point: GeoPoint, radius_m: float) -> Any:
    """The geodesic disc around ``point`` as a shapely polygon in RD New."""
    import numpy as np
    import shapely

    n = RIM_VERTICES
    az = np.linspace(0.0, 360.0, n, endpoint=False)
    lon, lat, _ = _geod().fwd(np.full(n, point.lon), np.full(n, point.lat), az, np.full(n, radius_m))
    x, y = _wgs84_to_rd().transform(lon, lat)
    return shapely.Polygon(np.column_stack((x, y)))


@cache
def dutch_region() -> Any:
    """The default region of the map: the convex hull of the Dutch PC4 centroids, in RD New.

    The offline table ships the centroid of every PC4 area, not its outline; the hull of
    the centroids (4 km around it) is the part of the country a worker's postcode can be
    in. Pass your own region (any shapely geometry in RD New) for a province or a land
    outline.

    Example:
        >>> round(dutch_region().area / 1e6) > 30_000
        True
    """
    import numpy as np
    import shapely

    from blikopwerk._backends.offline_geocoder import OfflineGeocoder, pc4_table

    geo = OfflineGeocoder()
    pts = [geo.lookup(code) for code in pc4_table()]
    hull = shapely.MultiPoint(np.array([(p.rd_x, p.rd_y) for p in pts])).convex_hull
    return shapely.buffer(hull, 4_000.0)


@attrs.frozen
class CoverageMap:
    """Covered area and gaps of lead matching, in RD New metres (WS-LEAD-2).

    Attributes:
        covered: where at least one available expert is within the radius (a shapely
            polygon or multipolygon in EPSG:28992).
        gaps: the rest of ``region``: where a lead finds no expert.
        region: the area the map was drawn for.
        radius_m: the matching radius in metres.
        experts: the expert ids that count (available, and placed by the geocoder).
        unplaced: ``(expert id, postcode)`` of establishments the geocoder does not know;
            they are left off the map, never guessed.

    Example:
        >>> m = coverage_map([GeoPoint.from_wgs84(52.0907, 5.1214)])
        >>> round(m.covered_km2), m.covers(GeoPoint.from_wgs84(52.3735, 4.8951))
        (7852, True)
    """

    covered: Any
    gaps: Any
    region: Any
    radius_m: float
    experts: tuple[str, ...] = ()
    unplaced: tuple[tuple[str, str], ...] = ()

    @property
    def covered_km2(self) -> float:
        """The covered area in km² (the whole discs, also outside the region)."""
        return float(self.covered.area) / 1e6

    @property
    def gaps_km2(self) -> float:
        """The area of the gaps in km²."""
        return float(self.gaps.area) / 1e6

    def covers(self, point: GeoPoint) -> bool:
        """True when ``point`` lies in the covered area (edge included)."""
        import shapely

        if not isinstance(point, GeoPoint):
            raise InvalidValueError("point", point, "expected a GeoPoint")
        return bool(shapely.intersects(self.covered, shapely.Point(point.rd_x, point.rd_y)))

    def to_geojson(self, *, crs: str = "EPSG:4326") -> dict[str, Any]:
        """The map as a GeoJSON FeatureCollection: one feature ``covered``, one ``gap``.

        By default in WGS84 longitude/latitude, as RFC 7946 requires; with
        ``crs="EPSG:28992"`` in RD New metres, named in a ``crs`` member (the older
        GeoJSON convention that GIS tools such as QGIS read). Properties hold the kind,
        the area in km² and the radius in km.

        Example:
            >>> m = coverage_map([GeoPoint.from_wgs84(52.0907, 5.1214)])
            >>> doc = m.to_geojson()
            >>> [f["properties"]["kind"] for f in doc["features"]]
            ['covered', 'gap']
            >>> doc["features"][0]["geometry"]["type"]
            'Polygon'
        """
        import shapely

        if crs not in ("EPSG:4326", "EPSG:28992"):
            raise InvalidValueError("crs", crs, "must be 'EPSG:4326' (WGS84) or 'EPSG:28992' (RD New)")
        features = []
        for kind, geom in (("covered", self.covered), ("gap", self.gaps)):
            if crs == "EPSG:4326":
                geom = shapely.transform(geom, lambda xy: _to_lonlat(xy), include_z=False)
            features.append({
                "type": "Feature",
                "properties": {"kind": kind, "area_km2": round(float(getattr(
                    self, "covered_km2" if kind == "covered" else "gaps_km2")), 3),
                    "radius_km": self.radius_m / 1000},
                "geometry": shapely.geometry.mapping(geom),
            })
        doc: dict[str, Any] = {"type": "FeatureCollection", "features": features}
        if crs == "EPSG:28992":
            doc["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}
        result: dict[str, Any] = _plain(doc)
        return result


def _to_lonlat(xy: Any) -> Any:
    import numpy as np

    lon, lat = _rd_to_wgs84().transform(xy[:, 0], xy[:, 1])
    return np.column_stack((lon, lat))


def _plain(value: Any) -> Any:
    """Tuples (shapely's mapping) as lists, so the document is plain JSON data."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def coverage_map(points: Iterable[GeoPoint], *, radius: Any = "50 km", region: Any = None,
                 experts: Iterable[str] = (), unplaced: Iterable[tuple[str, str]] = ()) -> CoverageMap:
    """The coverage map of establishments at ``points`` (WS-LEAD-2, K-GEO-1).

    Args:
        points: the establishments of the available experts.
        radius: the matching radius (pint length or ``"50 km"``).
        region: where to look for gaps, a shapely geometry in RD New (default
            :func:`dutch_region`).
        experts: the expert ids behind ``points`` (kept on the map, for the record).
        unplaced: establishments that could not be placed (kept on the map, for the record).

    Example: one expert in Utrecht covers a disc of 50 km, π·50² ≈ 7,854 km²; Amsterdam
    (35 km) is covered, Den Haag (55 km) is a gap.

        >>> import math
        >>> utrecht = GeoPoint.from_wgs84(52.0907, 5.1214)
        >>> m = coverage_map([utrecht])
        >>> round(m.covered_km2), round(math.pi * 50**2)
        (7852, 7854)
        >>> m.covers(GeoPoint.from_wgs84(52.3735, 4.8951)), m.covers(GeoPoint.from_wgs84(52.0799, 4.3113))
        (True, False)
    """
    import shapely

    radius_m = as_length_m(radius, "radius")
    if not radius_m > 0:
        raise InvalidValueError("radius", radius, "must be a length above 0")
    pts: list[GeoPoint] = []
    for i, p in enumerate(points):
        if not isinstance(p, GeoPoint):
            raise InvalidValueError(f"points[{i}]", p, "expected a GeoPoint")
        pts.append(p)
    if region is None:
        region = dutch_region()
    elif not isinstance(region, shapely.Geometry) or region.is_empty:
        raise InvalidValueError("region", region, "must be a non-empty shapely geometry in RD New")
    seen = {(p.lon, p.lat): p for p in pts}  # experts in one PC4 area share a disc
    covered = shapely.union_all([_disc(p, radius_m) for p in seen.values()])
    gaps = shapely.difference(region, covered)
    return CoverageMap(covered, gaps, region, radius_m, tuple(sorted(set(experts))),
                       tuple(sorted(set(unplaced))))


def lead_coverage(states: Iterable[ExpertState], on: dt.date, *, geocoder: Geocoder | None = None,
                  rules: RuleSet = LEAD_RULES, region: Any = None) -> CoverageMap:
    """Where a lead on the day ``on`` finds no available expert (WS-LEAD-2..4).

    Only experts available on ``on`` count (not absent, not at their cap, as the
    matcher has it); each of their establishments is placed with ``geocoder``. An
    establishment whose postcode the geocoder does not know is left off the map and
    listed in :attr:`CoverageMap.unplaced` (never guessed, never an error for the rest).
    The radius is the rule set's ``radius_km``.

    Example:
        >>> import math
        >>> from werkscan._leads.records import Establishment, Expert
        >>> e = Expert("E1", "A", "a@example.nl", [Establishment("3511")], 5)
        >>> m = lead_coverage([ExpertState(e)], dt.date(2026, 12, 1))
        >>> m.experts, round(m.covered_km2 / (math.pi * 50**2), 3)
        (('E1',), 1.0)
    """
    from werkscan._leads.matching import check_day

    day = check_day(on)
    if geocoder is None:
        from blikopwerk._backends.offline_geocoder import OfflineGeocoder

        geocoder = OfflineGeocoder()
    points: list[GeoPoint] = []
    ids: list[str] = []
    unplaced: list[tuple[str, str]] = []
    for state in states:
        if not isinstance(state, ExpertState):
            raise InvalidValueError("states", state, "expected ExpertState values")
        if not state.available(day):
            continue
        for est in state.expert.establishments:
            try:
                points.append(geocoder.lookup(est.postcode))
            except UnknownPostcodeError:
                unplaced.append((state.expert.id, str(est.postcode)))
                continue
            ids.append(state.expert.id)
    radius = f"{rules.parameter('radius_km')} km"
    return coverage_map(points, radius=radius, region=region, experts=ids, unplaced=unplaced)
