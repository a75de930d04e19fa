"""PDOK geocoder behaviour against the local Locatieserver stand-in (never the internet)."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path

import httpx
import pytest
from blikopwerk_pdok import (
    PdokGeocoder,
    PdokResponseError,
    PdokUnavailableError,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blikopwerk import (
    PC4,
    BlikopwerkError,
    GeoPoint,
    InvalidValueError,
    OfflineGeocoder,
    Postcode,
    UnknownPostcodeError,
    get_geocoder,
)

FIXTURES = Path(__file__).parent / "fixtures"


def _geo(server, **options) -> PdokGeocoder:
    options.setdefault("backoff", 0.01)
    return PdokGeocoder(base_url=server.base_url, **options)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- lookups -----------------------------------------------------------------------------------


def test_pc6_gives_the_recorded_street_point(pdok_server) -> None:
    with _geo(pdok_server) as geo:
        point = geo.lookup(Postcode.parse("1118 CP"))
    # the values of the recorded document, RD New taken from PDOK (not recomputed)
    assert point == GeoPoint(52.3031994, 4.74654356, 111302.82, 479662.782, "pc6")


def test_request_uses_only_documented_parameters(pdok_server) -> None:
    with _geo(pdok_server) as geo:
        geo.lookup("3435ra")
    [query] = pdok_server.requests
    assert ("fq", "type:postcode") in query
    assert ("fq", "postcode:3435RA") in query
    assert ("rows", "1") in query
    fields = dict(query)["fl"].split(",")
    assert {"centroide_ll", "centroide_rd", "postcode"} <= set(fields)


def test_pc4_comes_from_the_offline_table_without_a_request(pdok_server) -> None:
    with _geo(pdok_server) as geo:
        assert geo.lookup(PC4.parse("3435")) == OfflineGeocoder().lookup("3435")
    assert pdok_server.requests == []


def test_pc4_wildcard_is_the_mean_of_the_area_documents(pdok_server) -> None:
    docs = [json.loads((FIXTURES / f"free_postcode_{pc}.json").read_text())["response"]["docs"][0]
            for pc in ("3435RA", "3435RB", "3435RC")]
    lons, lats = zip(*[map(float, d["centroide_ll"][6:-1].split()) for d in docs], strict=True)
    with _geo(pdok_server, pc4="pdok") as geo:
        point = geo.lookup("3435")
    assert point.precision == "pc4"
    assert point.lat == pytest.approx(sum(lats) / 3, abs=1e-9)
    assert point.lon == pytest.approx(sum(lons) / 3, abs=1e-9)
    [query] = pdok_server.requests
    assert ("fq", "postcode:3435*") in query and ("rows", "100") in query


def test_not_found_raises_unknown_postcode(pdok_server) -> None:
    with _geo(pdok_server) as geo, pytest.raises(UnknownPostcodeError, match="1234 ZZ") as info:
        geo.lookup("1234 ZZ")
    assert info.value.field == "postcode"
    assert isinstance(info.value, InvalidValueError)


def test_malformed_postcode_never_reaches_the_server(pdok_server) -> None:
    with _geo(pdok_server) as geo:
        for bad in ("1234 SS", "0123AB", "12345", None, 12.5):
            with pytest.raises(InvalidValueError):
                geo.lookup(bad)  # type: ignore[arg-type]
    assert pdok_server.requests == []


# -- cache -------------------------------------------------------------------------------------


def test_answers_and_unknowns_are_cached(pdok_server) -> None:
    with _geo(pdok_server) as geo:
        first = geo.lookup("1118 CP")
        assert geo.lookup("1118cp") == first
        for _ in range(2):
            with pytest.raises(UnknownPostcodeError):
                geo.lookup("1234 ZZ")
        assert (geo.stats.requests, geo.stats.cache_hits, geo.stats.cache_misses) == (2, 2, 2)
    assert len(pdok_server.requests) == 2


def test_cache_entries_expire(pdok_server) -> None:
    with _geo(pdok_server, cache_ttl=0.5) as geo:
        geo.lookup("1118 CP")
        geo.lookup("1118 CP")
        time.sleep(0.6)
        geo.lookup("1118 CP")
    assert len(pdok_server.requests) == 2


def test_cache_can_be_disabled_and_cleared(pdok_server) -> None:
    with _geo(pdok_server, cache_size=0) as geo:
        geo.lookup("1118 CP")
        geo.lookup("1118 CP")
    assert len(pdok_server.requests) == 2
    with _geo(pdok_server) as geo:
        geo.lookup("1118 CP")
        geo.clear_cache()
        geo.lookup("1118 CP")
    assert len(pdok_server.requests) == 4


def test_sqlite_cache_survives_a_restart_and_an_outage(pdok_server, tmp_path: Path) -> None:
    path = tmp_path / "pdok-cache.sqlite3"
    with _geo(pdok_server, cache_path=path) as geo:
        expected = geo.lookup("3815 DT")
        with pytest.raises(UnknownPostcodeError):
            geo.lookup("1234 ZZ")
    dead = f"http://127.0.0.1:{_free_port()}/search"
    with PdokGeocoder(base_url=dead, cache_path=path, retries=0) as offline:
        assert offline.lookup("3815DT") == expected
        with pytest.raises(UnknownPostcodeError):
            offline.lookup("1234 ZZ")
        with pytest.raises(PdokUnavailableError):
            offline.lookup("1118 CP")  # never cached


# -- failures and retries ----------------------------------------------------------------------


def test_server_errors_are_retried_then_succeed(pdok_server) -> None:
    pdok_server.fail_next = 2
    with _geo(pdok_server, retries=3) as geo:
        assert geo.lookup("1118 CP").precision == "pc6"
        assert (geo.stats.requests, geo.stats.retries) == (3, 2)


@pytest.mark.parametrize("status", [500, 502, 503, 504, 429])
def test_persistent_server_errors_raise_after_bounded_retries(pdok_server, status: int) -> None:
    pdok_server.fail_next = 100
    pdok_server.fail_status = status
    with _geo(pdok_server, retries=2) as geo:
        with pytest.raises(PdokUnavailableError, match=f"after 3 attempts: HTTP {status}") as info:
            geo.lookup("1118 CP")
        assert isinstance(info.value, BlikopwerkError)
        assert info.value.attempts == 3
        assert len(pdok_server.requests) == 3
        pdok_server.fail_next = 0  # failures are not cached: the server is back
        assert geo.lookup("1118 CP").precision == "pc6"


def test_retry_after_is_honoured_but_capped(pdok_server) -> None:
    pdok_server.fail_next = 1
    pdok_server.fail_status = 429
    pdok_server.retry_after = "30"
    with _geo(pdok_server, retries=1, max_backoff=0.3) as geo:
        start = time.monotonic()
        geo.lookup("1118 CP")
        elapsed = time.monotonic() - start
    assert 0.3 <= elapsed < 3


def test_timeout_raises_after_bounded_retries(pdok_server) -> None:
    pdok_server.slow_next = 10
    pdok_server.delay = 1.0
    with _geo(pdok_server, timeout=0.2, retries=1) as geo:
        start = time.monotonic()
        with pytest.raises(PdokUnavailableError, match="timed out after 0.2 s"):
            geo.lookup("1118 CP")
        assert time.monotonic() - start < 1.5
    assert len(pdok_server.requests) == 2


def test_one_slow_answer_is_retried(pdok_server) -> None:
    pdok_server.slow_next = 1
    pdok_server.delay = 1.0
    with _geo(pdok_server, timeout=0.2, retries=2) as geo:
        assert geo.lookup("3435 RA").precision == "pc6"
        assert geo.stats.retries == 1


def test_connection_refused_raises_unavailable() -> None:
    with PdokGeocoder(base_url=f"http://127.0.0.1:{_free_port()}/x", retries=1, backoff=0.01) as geo:
        with pytest.raises(PdokUnavailableError, match="connection error"):
            geo.lookup("1118 CP")
        assert geo.stats.requests == 2


def test_client_errors_are_not_retried(pdok_server) -> None:
    pdok_server.status_override = 400
    with _geo(pdok_server, retries=3) as geo:
        with pytest.raises(PdokResponseError, match="400"):
            geo.lookup("1118 CP")
    assert len(pdok_server.requests) == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b"<html>oops</html>", "body"),
        (b'{"docs": []}', "response"),
        (b'{"response": {"numFound": "x", "docs": []}}', "response.numFound"),
        (b'{"response": {"numFound": 1, "docs": [{"postcode": "1118CP", "centroide_ll": "POINT(4.7"}]}}',
         "centroide_ll"),
        (b'{"response": {"numFound": 1, "docs": [{"postcode": "1118CP", "centroide_ll": "LINESTRING(4 52, 5 53)"}]}}',
         "centroide_ll"),
        (b'{"response": {"numFound": 1, "docs": [{"postcode": "1118CP", "centroide_ll": "POINT(52.3 4.7)"}]}}',
         "centroide_ll"),
    ],
)
def test_unusable_answers_raise_response_errors(pdok_server, body: bytes, field: str) -> None:
    pdok_server.body_override = body
    with _geo(pdok_server) as geo, pytest.raises(PdokResponseError) as info:
        geo.lookup("1118 CP")
    assert info.value.field == field


def test_missing_rd_is_computed_from_wgs84(pdok_server) -> None:
    doc = {"postcode": "1118CP", "centroide_ll": "POINT(4.74654356 52.3031994)"}
    pdok_server.body_override = json.dumps({"response": {"numFound": 1, "docs": [doc]}}).encode()
    with _geo(pdok_server) as geo:
        point = geo.lookup("1118 CP")
    assert (point.rd_x, point.rd_y) == pytest.approx((111302.82, 479662.782), abs=0.01)


# -- selection and options ---------------------------------------------------------------------


def test_selected_by_name_with_options(pdok_server) -> None:
    geo = get_geocoder("pdok", base_url=pdok_server.base_url)
    try:
        assert isinstance(geo, PdokGeocoder)
        assert geo.lookup("1118 CP").precision == "pc6"
    finally:
        geo.close()  # type: ignore[attr-defined]


def test_selected_from_the_environment(pdok_server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BLIKOPWERK_GEOCODER", "pdok")
    monkeypatch.setenv("BLIKOPWERK_PDOK_BASE_URL", pdok_server.base_url)
    monkeypatch.setenv("BLIKOPWERK_PDOK_TIMEOUT", "2.5")
    geo = get_geocoder()
    try:
        assert isinstance(geo, PdokGeocoder)
        assert geo.settings.timeout == 2.5
        assert geo.lookup("3815 DT").precision == "pc6"
    finally:
        geo.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("option", "value"),
    [("timeout", -1), ("timeout", 0), ("retries", -1), ("base_url", "ftp://pdok"), ("pc4", "wild"),
     ("pc4_rows", 500), ("cache_size", -5)],
)
def test_invalid_options_name_the_field(option: str, value: object) -> None:
    with pytest.raises(InvalidValueError) as info:
        PdokGeocoder(**{option: value})  # type: ignore[arg-type]
    assert info.value.field == option
    assert info.value.value == value


def test_a_caller_supplied_client_is_used_and_not_closed(pdok_server) -> None:
    with httpx.Client(timeout=3) as client:
        with _geo(pdok_server, client=client) as geo:
            geo.lookup("1118 CP")
        assert not client.is_closed


# -- properties --------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(digits=st.integers(1000, 9999), letters=st.sampled_from(["AA", "CP", "RA", "DT", "ZZ", "RB"]))
def test_any_postcode_geocodes_in_nl_or_is_unknown(pdok_server, digits: int, letters: str) -> None:
    with _geo(pdok_server) as geo:
        try:
            point = geo.lookup(Postcode(str(digits), letters))
        except UnknownPostcodeError:
            return
    assert point.precision == "pc6"
    assert 50.7 < point.lat < 53.6 and 3.3 < point.lon < 7.3
