"""The PDOK geocoder passes the geocoder conformance kit against the local server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from blikopwerk_pdok import PdokGeocoder

from blikopwerk.testing import GeocoderSuite


class TestPdokGeocoderKit(GeocoderSuite):
    """Default mode: PC6 from PDOK, PC4 from the embedded offline table."""

    entry_point_name = "pdok"
    known_postcodes = ("1118 CP", "3435 RA", "3815 DT")
    unknown_postcodes = ("1234 ZZ", "9999 XX")
    unknown_pc4 = ("4999",)
    supports_pc6 = True
    exact_pc4_centroids = True
    pc6_tolerance_km = 2.0
    rd_tolerance_m = 0.5

    @pytest.fixture
    def geocoder(self, pdok_server) -> Iterator[PdokGeocoder]:
        with PdokGeocoder(base_url=pdok_server.base_url, timeout=5, retries=1, backoff=0.01) as geo:
            yield geo


class TestPdokWildcardPc4Kit(TestPdokGeocoderKit):
    """``pc4="pdok"``: PC4 as the mean of the area's PC6 documents (wildcard query)."""

    exact_pc4_centroids = False
    pc4_tolerance_km = 2.0
    unknown_pc4 = ("4999", "1000")

    @pytest.fixture
    def geocoder(self, pdok_server) -> Iterator[PdokGeocoder]:
        with PdokGeocoder(base_url=pdok_server.base_url, pc4="pdok", retries=1, backoff=0.01) as geo:
            yield geo


class TestPdokUncachedKit(TestPdokGeocoderKit):
    """Without a cache every lookup goes to the server, concurrent ones too."""

    @pytest.fixture
    def geocoder(self, pdok_server) -> Iterator[PdokGeocoder]:
        with PdokGeocoder(base_url=pdok_server.base_url, cache_size=0, retries=1, backoff=0.01) as geo:
            yield geo
