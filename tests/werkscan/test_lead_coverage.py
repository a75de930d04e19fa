"""The lead-coverage map: where no available expert is within 50 km (WS-LEAD-2, K-GEO-1)."""

from __future__ import annotations

import datetime as dt
import json
import math

import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod
from shapely.geometry import shape

from blikopwerk import GeoPoint, InvalidValueError, OfflineGeocoder
from blikopwerk._geo import geodesic_m
from werkscan import CoverageMap, coverage_map, lead_coverage
from werkscan._leads.records import Absence, Establishment, Expert, ExpertState

GEOD = Geod(ellps="WGS84")
GEO = OfflineGeocoder()
UTRECHT = GeoPoint.from_wgs84(52.0907, 5.1214)
DAY = dt.date(2026, 12, 22)
DISC_KM2 = math.pi * 50**2  # 7,853.98 km²


def toward(origin: GeoPoint, azimuth: float, metres: float) -> GeoPoint:
    lon, lat, _ = GEOD.fwd(origin.lon, origin.lat, azimuth, metres)
    return GeoPoint.from_wgs84(lat, lon, "address")


def lens_km2(r: float, d: float) -> float:
    """The overlap of two discs of radius r at distance d (plane geometry)."""
    return 2 * r * r * math.acos(d / (2 * r)) - d / 2 * math.sqrt(4 * r * r - d * d)


def test_one_expert_covers_a_50_km_disc() -> None:
    """One expert: the covered area is a disc of 50 km, π·50² km² within 0.1 %."""
    m = coverage_map([UTRECHT])
    assert isinstance(m, CoverageMap)
    assert m.covered_km2 == pytest.approx(DISC_KM2, rel=1e-3)
    assert m.radius_m == 50_000
    # the rim is the geodesic circle: 49.9 km in, 50.1 km out, in every direction
    for az in range(0, 360, 15):
        assert m.covers(toward(UTRECHT, az, 49_900))
        assert not m.covers(toward(UTRECHT, az, 50_100))
    assert not m.covers(toward(UTRECHT, 200, 60_000))  # 60 km away: a gap
    # the gap is the region minus the disc (the disc lies inside the Dutch region)
    assert m.gaps_km2 == pytest.approx(m.region.area / 1e6 - m.covered_km2, rel=1e-6)


def test_two_overlapping_experts_cover_two_discs_minus_the_lens() -> None:
    """Experts 30 km apart: 2·π·50² minus the lens of the overlap (hand-checkable)."""
    other = toward(UTRECHT, 90, 30_000)
    m = coverage_map([UTRECHT, other])
    assert m.covered_km2 == pytest.approx(2 * DISC_KM2 - lens_km2(50, 30), rel=2e-3)
    far = coverage_map([UTRECHT, toward(UTRECHT, 0, 120_000)])
    assert far.covered_km2 == pytest.approx(2 * DISC_KM2, rel=2e-3)
    assert far.covered.geom_type == "MultiPolygon"


def test_no_expert_means_everything_is_a_gap() -> None:
    m = coverage_map([])
    assert m.covered_km2 == 0
    assert m.gaps_km2 == pytest.approx(m.region.area / 1e6)
    assert not m.covers(UTRECHT)


def test_a_region_of_your_own() -> None:
    """A 200 x 200 km square around Utrecht (RD New): gap = square - disc."""
    square = shapely.box(UTRECHT.rd_x - 100_000, UTRECHT.rd_y - 100_000,
                         UTRECHT.rd_x + 100_000, UTRECHT.rd_y + 100_000)
    m = coverage_map([UTRECHT], region=square)
    assert m.gaps_km2 == pytest.approx(200 * 200 - DISC_KM2, rel=1e-3)
    with pytest.raises(InvalidValueError, match="region"):
        coverage_map([UTRECHT], region="Utrecht")
    with pytest.raises(InvalidValueError, match="points"):
        coverage_map(["3511"])  # type: ignore[list-item]
    with pytest.raises(InvalidValueError, match="radius"):
        coverage_map([UTRECHT], radius="0 km")


def test_only_available_experts_count_ws_lead_3_4() -> None:
    """Absent experts and experts at their cap leave their area uncovered."""
    away = (Absence(dt.date(2026, 12, 21), dt.date(2027, 1, 3)),)
    states = [
        ExpertState(Expert("U", "U", "u@example.nl", [Establishment("3511")], 5)),
        ExpertState(Expert("M", "M", "m@example.nl", [Establishment("6211")], 5), away),
        ExpertState(Expert("G", "G", "g@example.nl", [Establishment("9711")], 5), (), 5),
    ]
    m = lead_coverage(states, DAY)
    assert m.experts == ("U",)
    assert m.covers(GEO.lookup("1012")) and not m.covers(GEO.lookup("6211"))
    assert not m.covers(GEO.lookup("9711"))
    later = lead_coverage(states, dt.date(2027, 1, 4))  # back from holiday
    assert later.experts == ("M", "U") and later.covers(GEO.lookup("6211"))
    with pytest.raises(InvalidValueError, match="on"):
        lead_coverage(states, "2026-12-22")  # type: ignore[arg-type]


def test_an_unknown_postcode_is_left_off_and_listed() -> None:
    """An establishment the geocoder cannot place is never guessed and never an error."""
    states = [ExpertState(Expert("X", "X", "x@example.nl", [Establishment("1009"), Establishment("3511")], 5))]
    m = lead_coverage(states, DAY)
    assert m.unplaced == (("X", "1009"),)
    assert m.covered_km2 == pytest.approx(DISC_KM2, rel=1e-3)


def test_geojson_export_round_trips() -> None:
    """RFC 7946 (WGS84 lon/lat) by default; RD New with a named crs on request."""
    m = coverage_map([UTRECHT])
    doc = json.loads(json.dumps(m.to_geojson()))
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    covered = shape(doc["features"][0]["geometry"])
    lon, lat = covered.exterior.coords[0]
    assert 3 < lon < 8 and 50 < lat < 54
    area, _ = GEOD.geometry_area_perimeter(covered)
    assert abs(area) / 1e6 == pytest.approx(DISC_KM2, rel=1e-3)
    assert doc["features"][0]["properties"] == {"kind": "covered", "area_km2": round(m.covered_km2, 3),
                                                "radius_km": 50.0}
    rd = m.to_geojson(crs="EPSG:28992")
    assert rd["crs"]["properties"]["name"] == "urn:ogc:def:crs:EPSG::28992"
    assert shape(rd["features"][1]["geometry"]).area == pytest.approx(m.gaps.area)
    with pytest.raises(InvalidValueError, match="crs"):
        m.to_geojson(crs="EPSG:3857")


@settings(max_examples=25, deadline=None)
@given(experts=st.lists(st.sampled_from(["1012", "3511", "6211", "9711", "4331", "7511", "2511"]),
                        min_size=1, max_size=4),
       az=st.floats(0, 360), metres=st.floats(0, 120_000))
def test_map_agrees_with_the_rule_away_from_the_rim(experts: list[str], az: float, metres: float) -> None:
    """A point is covered exactly when some expert is within 50 km (geodesic), except
    within 10 m of a rim, where the polygon's chords may differ (at most 3.8 m)."""
    points = [GEO.lookup(pc) for pc in experts]
    m = coverage_map(points)
    p = toward(points[0], az, metres)
    nearest = min(geodesic_m(p, q) for q in points)
    if abs(nearest - 50_000) > 10:
        assert m.covers(p) == (nearest <= 50_000)
