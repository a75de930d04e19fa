"""The embedded offline geocoder passes the geocoder conformance kit."""

from __future__ import annotations

import pytest

from blikopwerk import OfflineGeocoder
from blikopwerk.testing import GeocoderSuite


class TestOfflineGeocoderKit(GeocoderSuite):
    entry_point_name = "offline"
    known_postcodes = ("1012 AB", "3511 AB", "9711 AA", "6211 AA", "1118 CP")
    unknown_postcodes = ("4999 AA",)
    unknown_pc4 = ("4999",)
    supports_pc6 = False
    exact_pc4_centroids = True

    @pytest.fixture
    def geocoder(self) -> OfflineGeocoder:
        return OfflineGeocoder()


class _Wrong:
    """A geocoder that answers outside the Netherlands: the kit must catch it."""

    name = "wrong"

    def lookup(self, postcode: object) -> object:
        from blikopwerk import GeoPoint, parse_area

        parse_area(postcode)  # type: ignore[arg-type]
        return GeoPoint.from_wgs84(48.8566, 2.3522)


def test_kit_fails_a_geocoder_outside_the_netherlands() -> None:
    suite = GeocoderSuite()
    with pytest.raises(AssertionError, match="outside the Netherlands"):
        suite.test_pc4_lookup_gives_a_point_in_the_netherlands(_Wrong())  # type: ignore[arg-type]
    with pytest.raises(AssertionError, match="km from the PC4 centroid"):
        suite.test_pc4_lookup_agrees_with_the_offline_table(_Wrong())  # type: ignore[arg-type]


def test_kit_fails_inconsistent_rd() -> None:
    from blikopwerk import GeoPoint

    class Skewed(OfflineGeocoder):
        def lookup(self, postcode):  # type: ignore[no-untyped-def, override]
            p = super().lookup(postcode)
            return GeoPoint(p.lat, p.lon, p.rd_x + 50.0, p.rd_y, p.precision)

    with pytest.raises(AssertionError, match="RD New is 50"):
        GeocoderSuite().test_rd_new_consistent_with_wgs84(Skewed())

