"""Distances between postcode areas (K-GEO-1)."""

from __future__ import annotations

import pytest
from hypothesis import given

from blikopwerk import GeoPoint, InvalidValueError, OfflineGeocoder, distance, ureg, within
from blikopwerk._geo import geodesic_m, rd_distance_m
from strategies import pc4_areas

GEO = OfflineGeocoder()


@pytest.mark.parametrize(
    ("a", "b", "km"),
    [("3511", "3811", 19.99), ("3511", "1012", 35.15), ("3511", "5211", 46.24),
     ("3511", "6211", 143.36), ("3511", "2511", 54.85)],
)
def test_measured_anchors_k_geo_1(a: str, b: str, km: float) -> None:
    d = distance(GEO.lookup(a), GEO.lookup(b))
    assert d.units == ureg().kilometre
    assert round(d.magnitude, 2) == km


def test_fifty_km_limit_is_inclusive_k_geo_1() -> None:
    u, ams, dh = GEO.lookup("3511"), GEO.lookup("1012"), GEO.lookup("2511")
    assert within(u, ams, "50 km")
    assert not within(u, dh, "50 km")
    exact = geodesic_m(u, ams)
    assert within(u, ams, exact * ureg().metre)
    assert not within(u, ams, (exact - 0.001) * ureg().metre)


def test_limit_must_be_a_length() -> None:
    u = GEO.lookup("3511")
    with pytest.raises(InvalidValueError, match="limit"):
        within(u, u, "50 kg")
    with pytest.raises(InvalidValueError, match="limit"):
        within(u, u, 50)


def test_bad_coordinates() -> None:
    with pytest.raises(InvalidValueError, match="lat"):
        GeoPoint.from_wgs84(91, 5)


@given(pc4_areas, pc4_areas)
def test_rd_new_is_within_25_m_of_geodesic_in_nl_k_geo_1(a: str, b: str) -> None:
    pa, pb = GEO.lookup(a), GEO.lookup(b)
    assert abs(rd_distance_m(pa, pb) - geodesic_m(pa, pb)) <= 25.0


@given(pc4_areas, pc4_areas)
def test_distance_is_symmetric_and_non_negative(a: str, b: str) -> None:
    pa, pb = GEO.lookup(a), GEO.lookup(b)
    assert geodesic_m(pa, pb) == pytest.approx(geodesic_m(pb, pa), abs=1e-6)
    assert geodesic_m(pa, pb) >= 0
