"""Geocoder conformance suite (public): run it against your geocoder plugin.

Subclass :class:`GeocoderSuite` in a test module, override the ``geocoder`` fixture, and
set the capability flags and postcodes that describe your backend:

.. code-block:: python

    import pytest
    from blikopwerk.testing import GeocoderSuite


    class TestMyGeocoder(GeocoderSuite):
        entry_point_name = "mygeo"
        supports_pc6 = True
        known_postcodes = ("1118 CP", "3435 RA")

        @pytest.fixture
        def geocoder(self):
            with MyGeocoder(base_url="http://127.0.0.1:8080") as geo:
                yield geo

The suite checks the contract of :class:`blikopwerk.Geocoder`: PC4 and full postcode
lookups give sane points inside the Netherlands whose RD New (EPSG:28992) coordinates agree
with their WGS84 ones (K-GEO-1), a well-formed but unknown postcode raises
:class:`blikopwerk.UnknownPostcodeError`, malformed input raises
:class:`blikopwerk.InvalidValueError` (K-PC-1), repeated lookups give the same point, and
concurrent lookups from several threads give the same points as sequential ones.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, ClassVar

import pytest

from blikopwerk._backends.offline_geocoder import OfflineGeocoder
from blikopwerk._errors import InvalidValueError, UnknownPostcodeError
from blikopwerk._geo import GeoPoint, geodesic_m
from blikopwerk._postcode import PC4, Postcode
from blikopwerk._protocols import Geocoder

__all__ = ["NL_BOUNDS_RD", "NL_BOUNDS_WGS84", "GeocoderSuite", "assert_point_in_netherlands"]

#: A generous bounding box of the Netherlands in WGS84 degrees: (lat_min, lat_max, lon_min, lon_max).
NL_BOUNDS_WGS84 = (50.70, 53.60, 3.30, 7.30)
#: The validity area of RD New (EPSG:28992) in metres: (x_min, x_max, y_min, y_max).
NL_BOUNDS_RD = (-7_000.0, 300_000.0, 289_000.0, 629_000.0)


def assert_point_in_netherlands(point: GeoPoint, what: str = "point") -> None:
    """Assert that ``point`` is a finite WGS84/RD New point inside the Netherlands.

    Args:
        point: the point a geocoder returned.
        what: a label for the assertion message (usually the postcode).

    Raises:
        AssertionError: a field is not a finite float, or the point lies outside the
            Netherlands, or ``precision`` is not one of ``pc4``, ``pc6``, ``address``.

    Example:
        >>> assert_point_in_netherlands(GeoPoint.from_wgs84(52.0886, 5.1174), "3511")
        >>> assert_point_in_netherlands(GeoPoint.from_wgs84(48.8566, 2.3522), "Paris")
        Traceback (most recent call last):
        ...
        AssertionError: Paris: latitude 48.8566 outside the Netherlands
    """
    assert isinstance(point, GeoPoint), f"{what}: expected a GeoPoint, got {point!r}"
    for field in ("lat", "lon", "rd_x", "rd_y"):
        value = getattr(point, field)
        assert isinstance(value, float), f"{what}: {field} must be a float, got {value!r}"
        assert math.isfinite(value), f"{what}: {field} must be finite, got {value!r}"
    lat_min, lat_max, lon_min, lon_max = NL_BOUNDS_WGS84
    assert lat_min <= point.lat <= lat_max, f"{what}: latitude {point.lat} outside the Netherlands"
    assert lon_min <= point.lon <= lon_max, f"{what}: longitude {point.lon} outside the Netherlands"
    x_min, x_max, y_min, y_max = NL_BOUNDS_RD
    assert x_min <= point.rd_x <= x_max, f"{what}: RD x {point.rd_x} outside RD New's area"
    assert y_min <= point.rd_y <= y_max, f"{what}: RD y {point.rd_y} outside RD New's area"
    assert point.precision in ("pc4", "pc6", "address"), f"{what}: precision {point.precision!r}"


def _lookup_all(geocoder: Geocoder, codes: Sequence[Postcode | PC4]) -> list[GeoPoint]:
    return [geocoder.lookup(code) for code in codes]


class GeocoderSuite:
    """The geocoder contract (group ``blikopwerk.geocoders``). Override ``geocoder``.

    Capability flags and data (class attributes) describe the backend under test:

    * ``entry_point_name``: the name the plugin registers under; when set, the suite
      checks the registry loads the geocoder's class under that name.
    * ``known_postcodes``: full postcodes the backend knows (at least one).
    * ``unknown_postcodes``: well-formed postcodes it does not know.
    * ``unknown_pc4``: well-formed PC4 areas it does not know (may be empty).
    * ``supports_pc6``: a full postcode gives a PC6 street point (``precision`` ``"pc6"``
      or ``"address"``); otherwise it gives its PC4 area's point.
    * ``exact_pc4_centroids``: PC4 lookups give exactly the embedded offline table's
      centroids; otherwise they must lie within ``pc4_tolerance_km`` of them.
    * ``pc6_tolerance_km``: how far a PC6 point may lie from its PC4 area's point.
    * ``accepts_text``: ``lookup`` also takes text (``"3511ab"``, ``"3511"``) and
      normalises it; malformed text must raise :class:`~blikopwerk.InvalidValueError`.
    * ``rd_tolerance_m``: how far RD New may be from pyproj's transform of WGS84.
    * ``concurrency``: how many threads the thread-safety case uses (0 skips it).
    """

    entry_point_name: ClassVar[str | None] = None
    known_postcodes: ClassVar[Sequence[str]] = ("1012 AB", "3511 AB", "9711 AA")
    unknown_postcodes: ClassVar[Sequence[str]] = ()
    unknown_pc4: ClassVar[Sequence[str]] = ()
    supports_pc6: ClassVar[bool] = False
    exact_pc4_centroids: ClassVar[bool] = False
    pc4_tolerance_km: ClassVar[float] = 10.0
    pc6_tolerance_km: ClassVar[float] = 10.0
    accepts_text: ClassVar[bool] = True
    rd_tolerance_m: ClassVar[float] = 2.0
    concurrency: ClassVar[int] = 8

    @pytest.fixture
    def geocoder(self) -> Any:
        """The geocoder under test; a subclass must override this fixture."""
        raise pytest.UsageError(f"{type(self).__name__} must override the geocoder fixture")

    # -- helpers ---------------------------------------------------------------------------

    def postcodes(self) -> list[Postcode]:
        """``known_postcodes`` parsed."""
        assert self.known_postcodes, "known_postcodes must name at least one postcode"
        return [Postcode.parse(code) for code in self.known_postcodes]

    def areas(self) -> list[PC4]:
        """The distinct PC4 areas of ``known_postcodes``."""
        return sorted({pc.pc4 for pc in self.postcodes()})

    # -- the protocol ------------------------------------------------------------------------

    def test_implements_the_protocol(self, geocoder: Geocoder) -> None:
        assert isinstance(geocoder, Geocoder)
        assert isinstance(geocoder.name, str) and geocoder.name

    def test_registered_under_its_entry_point(self, geocoder: Geocoder) -> None:
        if self.entry_point_name is None:
            pytest.skip("entry_point_name not set")
        from blikopwerk.plugins import geocoders

        assert self.entry_point_name in geocoders.names()
        assert isinstance(geocoder, geocoders.load(self.entry_point_name))

    # -- PC4 -------------------------------------------------------------------------------

    def test_pc4_lookup_gives_a_point_in_the_netherlands(self, geocoder: Geocoder) -> None:
        for area in self.areas():
            point = geocoder.lookup(area)
            assert_point_in_netherlands(point, str(area))

    def test_pc4_lookup_agrees_with_the_offline_table(self, geocoder: Geocoder) -> None:
        reference = OfflineGeocoder()
        checked = 0
        for area in self.areas():
            try:
                expected = reference.lookup(area)
            except UnknownPostcodeError:
                continue
            point = geocoder.lookup(area)
            checked += 1
            if self.exact_pc4_centroids:
                assert (point.lat, point.lon) == pytest.approx((expected.lat, expected.lon), abs=1e-6)
                assert point.precision == "pc4"
            else:
                km = geodesic_m(point, expected) / 1000
                assert km <= self.pc4_tolerance_km, f"{area}: {km:.2f} km from the PC4 centroid"
        if checked == 0:
            pytest.skip("no known postcode is in the offline PC4 table")

    # -- full postcodes ----------------------------------------------------------------------

    def test_full_postcode_lookup(self, geocoder: Geocoder) -> None:
        for postcode in self.postcodes():
            point = geocoder.lookup(postcode)
            assert_point_in_netherlands(point, str(postcode))
            area_point = geocoder.lookup(postcode.pc4)
            if self.supports_pc6:
                assert point.precision in ("pc6", "address"), f"{postcode}: {point.precision!r}"
                km = geodesic_m(point, area_point) / 1000
                assert km <= self.pc6_tolerance_km, f"{postcode}: {km:.2f} km from its PC4 point"
            else:
                assert point == area_point, f"{postcode}: expected its PC4 area's point"

    def test_rd_new_consistent_with_wgs84(self, geocoder: Geocoder) -> None:
        codes: list[Postcode | PC4] = [*self.postcodes(), *self.areas()]
        for code in codes:
            point = geocoder.lookup(code)
            again = GeoPoint.from_wgs84(point.lat, point.lon)
            off = math.hypot(point.rd_x - again.rd_x, point.rd_y - again.rd_y)
            assert off <= self.rd_tolerance_m, f"{code}: RD New is {off:.3f} m off its WGS84 point"

    # -- errors ----------------------------------------------------------------------------

    def test_unknown_postcode_raises(self, geocoder: Geocoder) -> None:
        if not self.unknown_postcodes:
            pytest.skip("unknown_postcodes not set")
        for text in self.unknown_postcodes:
            postcode = Postcode.parse(text)
            with pytest.raises(UnknownPostcodeError) as info:
                geocoder.lookup(postcode)
            assert isinstance(info.value, InvalidValueError)
            assert info.value.field
            assert postcode.digits in str(info.value), "the error must name the postcode"

    def test_unknown_pc4_raises(self, geocoder: Geocoder) -> None:
        if not self.unknown_pc4:
            pytest.skip("unknown_pc4 not set")
        for text in self.unknown_pc4:
            with pytest.raises(UnknownPostcodeError, match=text):
                geocoder.lookup(PC4.parse(text))

    @pytest.mark.parametrize(
        "bad", ["12345", "0123 AB", "1234 SS", "abcd", "", "1234 A", "1234 ÄB", "9999 ZZZ"]
    )
    def test_malformed_text_raises_invalid_value(self, geocoder: Any, bad: str) -> None:
        if not self.accepts_text:
            pytest.skip("accepts_text is false")
        with pytest.raises(InvalidValueError) as info:
            geocoder.lookup(bad)
        assert not isinstance(info.value, UnknownPostcodeError)
        assert info.value.field

    def test_text_is_normalised(self, geocoder: Any) -> None:
        if not self.accepts_text:
            pytest.skip("accepts_text is false")
        postcode = self.postcodes()[0]
        assert geocoder.lookup(f" {postcode.digits}{postcode.letters.lower()} ") == geocoder.lookup(postcode)
        assert geocoder.lookup(postcode.digits) == geocoder.lookup(postcode.pc4)

    @pytest.mark.parametrize("bad", [None, 3511.0, b"3511AB", ["3511"]])
    def test_wrong_type_raises_invalid_value(self, geocoder: Any, bad: object) -> None:
        with pytest.raises(InvalidValueError):
            geocoder.lookup(bad)

    # -- stability ---------------------------------------------------------------------------

    def test_repeated_lookups_are_stable(self, geocoder: Geocoder) -> None:
        codes: list[Postcode | PC4] = [*self.postcodes(), *self.areas()]
        first = _lookup_all(geocoder, codes)
        for _ in range(3):
            assert _lookup_all(geocoder, codes) == first

    def test_unknown_stays_unknown(self, geocoder: Geocoder) -> None:
        if not self.unknown_postcodes:
            pytest.skip("unknown_postcodes not set")
        postcode = Postcode.parse(self.unknown_postcodes[0])
        for _ in range(3):
            with pytest.raises(UnknownPostcodeError):
                geocoder.lookup(postcode)

    def test_concurrent_lookups_match_sequential_ones(self, geocoder: Geocoder) -> None:
        if self.concurrency <= 0:
            pytest.skip("concurrency is 0")
        codes: list[Postcode | PC4] = [*self.postcodes(), *self.areas()]
        expected = _lookup_all(geocoder, codes)
        jobs = [codes] * (self.concurrency * 2)
        with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
            results = list(pool.map(lambda batch: _lookup_all(geocoder, batch), jobs))
        assert all(result == expected for result in results)
