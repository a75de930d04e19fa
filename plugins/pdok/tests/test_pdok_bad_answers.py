"""Every bad answer and every bad option is the library's error, naming field and value (issue 11).

Bad answers from the (local stand-in of the) Locatieserver: not UTF-8, not JSON, JSON too
deep or with NaN or a 5,000-digit number, a huge body, a body that cannot be decoded,
redirects and other statuses, wrong shapes, points that disagree. Bad options: wrong
types, values out of range, URLs that are not URLs, a typo in an option's name.
"""

from __future__ import annotations

import gzip
import json
import time
from pathlib import Path

import pytest
from blikopwerk_pdok import PdokGeocoder, PdokResponseError, PdokUnavailableError

import blikopwerk.plugins
from blikopwerk import BlikopwerkError, InvalidValueError, get_geocoder

GOOD_LL = "POINT(4.74654356 52.3031994)"
GOOD_RD = "POINT(111302.82 479662.782)"


def _id(value: object) -> str | None:
    """A test id for ints too long to print; pytest's own otherwise."""
    if isinstance(value, int) and value.bit_length() > 128:
        return f"{'-' if value < 0 else ''}int-of-{value.bit_length()}-bits"
    return None


def _geo(server, **options) -> PdokGeocoder:
    options.setdefault("backoff", 0.01)
    options.setdefault("retries", 0)
    options.setdefault("cache_size", 0)
    return PdokGeocoder(base_url=server.base_url, **options)


def _solr(*docs: dict, found: object = None) -> bytes:
    return json.dumps({"response": {"numFound": len(docs) if found is None else found, "docs": list(docs)}}).encode()


def _response_error(server, **options) -> PdokResponseError:
    with _geo(server, **options) as geo, pytest.raises(PdokResponseError) as info:
        geo.lookup("1118 CP")
    assert len(str(info.value)) < 600  # one short line, whatever the answer held
    assert "\n" not in str(info.value)
    return info.value


# -- bodies ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b'{"response": {"numFound": 1, "docs": [{"postcode": "1118CP\xff"}]}}', "not UTF-8"),
        ('{"response": {}}'.encode("utf-16"), "not UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000, "RecursionError"),
        (b'{"response": {"numFound": ' + b"9" * 5000 + b', "docs": []}}', "not JSON"),
        (b'{"response": {"numFound": NaN, "docs": []}}', "NaN is not a JSON number"),
        (b'{"response": {"numFound": Infinity, "docs": []}}', "Infinity is not a JSON number"),
        (b"", "not JSON"),
        (b"\x00\x01", "not JSON"),
    ],
    ids=["latin-1", "utf-16", "deep", "5000-digits", "nan", "infinity", "empty", "binary"],
)
def test_a_body_that_is_not_json_is_named(pdok_server, body: bytes, reason: str) -> None:
    pdok_server.body_override = body
    error = _response_error(pdok_server)
    assert error.field == "body"
    assert reason in str(error)


def test_a_huge_body_is_refused_unread(pdok_server) -> None:
    pdok_server.body_override = b'{"response": {"numFound": 0, "docs": [' + b'{"a": 1},' * 600_000 + b"{}]}}"
    error = _response_error(pdok_server)
    assert error.field == "body"
    assert "larger than 4194304 bytes" in str(error)


def test_a_huge_body_without_a_length_is_refused(pdok_server) -> None:
    """Announced as small (or not at all): the limit counts what arrives."""
    pdok_server.body_override = b" " * (5 * 1024 * 1024)
    pdok_server.headers_override = {"Content-Length": None}  # type: ignore[dict-item]
    pdok_server.close_after = True  # the body ends when the connection does
    error = _response_error(pdok_server)
    assert error.field == "body"


def test_a_gzip_bomb_is_refused(pdok_server) -> None:
    pdok_server.body_override = gzip.compress(b" " * (64 * 1024 * 1024))
    pdok_server.headers_override = {"Content-Encoding": "gzip"}
    start = time.monotonic()
    error = _response_error(pdok_server, timeout=10)
    assert error.field == "body"
    assert time.monotonic() - start < 5


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_a_body_that_cannot_be_decompressed(pdok_server, encoding: str) -> None:
    pdok_server.body_override = b"this is not compressed"
    pdok_server.headers_override = {"Content-Encoding": encoding}
    error = _response_error(pdok_server)
    assert (error.field, error.value) == ("body", encoding)


# -- statuses ----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [301, 302, 307, 400, 401, 403, 404, 418, 451, 501, 505])
def test_statuses_that_retrying_cannot_help(pdok_server, status: int) -> None:
    pdok_server.status_override = status
    pdok_server.headers_override = {"Location": "http://127.0.0.1:9/elsewhere"}
    error = _response_error(pdok_server, retries=3)
    assert (error.field, error.value) == ("status", status)
    assert len(pdok_server.requests) == 1


def test_a_long_error_page_is_quoted_briefly(pdok_server) -> None:
    pdok_server.status_override = 400
    pdok_server.body_override = b"<html>" + b"x" * 1_000_000 + b"</html>"
    error = _response_error(pdok_server)
    assert (error.field, error.value) == ("status", 400)


@pytest.mark.parametrize("retry_after", ["nan", "inf", "-5", "1e400", "Wed, 21 Oct 2015 07:28:00 GMT", "\u00e9"])
def test_odd_retry_after_keeps_the_backoff(pdok_server, retry_after: str) -> None:
    pdok_server.fail_next = 1
    pdok_server.fail_status = 503
    pdok_server.retry_after = retry_after
    with _geo(pdok_server, retries=1, max_backoff=0.2) as geo:
        start = time.monotonic()
        assert geo.lookup("1118 CP").precision == "pc6"
    assert time.monotonic() - start < 2


def test_an_answer_that_is_not_http_is_retried_then_unavailable(pdok_server) -> None:
    pdok_server.raw_override = b"SSH-2.0-OpenSSH_9.6\r\n\r\n"
    with _geo(pdok_server, retries=1) as geo, pytest.raises(PdokUnavailableError, match="after 2 attempts"):
        geo.lookup("1118 CP")


# -- shapes and points --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b"[]", "response"),
        (b'"response"', "response"),
        (b'{"response": []}', "response"),
        (b'{"response": {"numFound": -1, "docs": []}}', "response.numFound"),
        (b'{"response": {"numFound": true, "docs": []}}', "response.numFound"),
        (b'{"response": {"numFound": 1.0, "docs": []}}', "response.numFound"),
        (b'{"response": {"numFound": 1, "docs": {}}}', "response.docs"),
        (b'{"response": {"numFound": 1, "docs": [1, 2]}}', "response.docs"),
        (_solr(found=1), "response.docs"),  # says it found one, sends none
        (_solr({"postcode": "3511AB", "centroide_ll": GOOD_LL}), "response.docs"),  # another postcode
        (_solr({"postcode": "1118CP"}), "centroide_ll"),
        (_solr({"postcode": "1118CP", "centroide_ll": 4.7}), "centroide_ll"),
        (_solr({"postcode": "1118CP", "centroide_ll": "POINT EMPTY"}), "centroide_ll"),
        (_solr({"postcode": "1118CP", "centroide_ll": "POINT(nan 52)"}), "centroide_ll"),
        (_solr({"postcode": "1118CP", "centroide_ll": "POINT(1e400 52)"}), "centroide_ll"),
        (_solr({"postcode": "1118CP", "centroide_ll": "POINT(4.7 52.3)\x00"}), "centroide_ll"),
        (_solr({"postcode": "1118CP", "centroide_ll": "POINT(" + "9" * 5000 + " 52)"}), "centroide_ll"),
        (_solr({"postcode": "1118CP", "centroide_ll": GOOD_LL, "centroide_rd": "POINT(5 5)"}), "centroide_rd"),
        (_solr({"postcode": "1118CP", "centroide_ll": GOOD_LL, "centroide_rd": "POINT(155000 463000)"}),
         "centroide_rd"),  # in the Netherlands, but Amersfoort, not Schiphol
        (_solr({"postcode": "1118CP", "centroide_ll": GOOD_LL, "centroide_rd": ["x"]}), "centroide_rd"),
    ],
)
def test_wrong_shapes_and_points_name_the_field(pdok_server, body: bytes, field: str) -> None:
    pdok_server.body_override = body
    assert _response_error(pdok_server).field == field


def test_a_consistent_answer_is_used(pdok_server) -> None:
    pdok_server.body_override = _solr({"postcode": "1118CP", "centroide_ll": GOOD_LL, "centroide_rd": GOOD_RD})
    with _geo(pdok_server) as geo:
        point = geo.lookup("1118 CP")
    assert (point.rd_x, point.rd_y) == (111302.82, 479662.782)


def test_bad_answers_are_not_cached(pdok_server) -> None:
    pdok_server.body_override = b"{"
    with _geo(pdok_server, cache_size=100) as geo:
        with pytest.raises(PdokResponseError):
            geo.lookup("1118 CP")
        pdok_server.body_override = None
        assert geo.lookup("1118 CP").precision == "pc6"


def test_pc4_wildcard_answers_are_checked_too(pdok_server) -> None:
    pdok_server.body_override = _solr({"postcode": 3435, "centroide_ll": GOOD_LL}, found=1)
    with _geo(pdok_server, pc4="pdok") as geo, pytest.raises(PdokResponseError) as info:
        geo.lookup("3435")
    assert info.value.field == "response.docs"


# -- postcodes -----------------------------------------------------------------------------------


@pytest.mark.parametrize("postcode", [10**5000, -(10**5000), 2**63, 0, 99999, True, 3.5, b"3511AB", "3511\x00AB",
                                      "\ud800", "３５１１AB", "3511 AB" * 1000, ["3511AB"], None],
                         ids=lambda v: _id(v))
def test_odd_postcodes_are_refused_before_any_request(pdok_server, postcode: object) -> None:
    with _geo(pdok_server, pc4="pdok") as geo, pytest.raises(InvalidValueError) as info:
        geo.lookup(postcode)  # type: ignore[arg-type]
    assert info.value.field == "postcode"
    assert len(str(info.value)) < 20_000
    assert pdok_server.requests == []


# -- options -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "value"),
    [("timeout", "5"), ("timeout", True), ("timeout", float("nan")), ("timeout", float("inf")), ("timeout", 1e10),
     ("retries", 10**6), ("retries", 10**5000), ("timeout", 10**5000), ("retries", 2.0), ("retries", "3"), ("backoff", float("nan")), ("backoff", -1),
     ("max_backoff", float("inf")), ("cache_size", True), ("cache_ttl", float("inf")), ("negative_ttl", -0.5),
     ("cache_path", 42), ("pc4", "PDOK"), ("pc4_rows", 0), ("base_url", "http://"), ("base_url", "https://a b/"),
     ("base_url", "http://pdok\x00.nl/"), ("base_url", "https://[::1/"), ("base_url", "https://x/?q=1"),
     ("base_url", b"https://api.pdok.nl"), ("client", "httpx")],
    ids=lambda v: _id(v),
)
def test_odd_options_name_the_field(option: str, value: object) -> None:
    with pytest.raises(InvalidValueError) as info:
        PdokGeocoder(**{option: value})  # type: ignore[arg-type]
    assert info.value.field == option


@pytest.mark.parametrize(("variable", "value"), [("TIMEOUT", ""), ("TIMEOUT", "nan"), ("RETRIES", "many"),
                                                 ("BASE_URL", "ftp://x"), ("PC4", ""), ("CACHE_TTL", "inf")])
def test_odd_environment_values_name_the_field(monkeypatch: pytest.MonkeyPatch, variable: str, value: str) -> None:
    monkeypatch.setenv(f"BLIKOPWERK_PDOK_{variable}", value)
    with pytest.raises(InvalidValueError) as info:
        PdokGeocoder()
    assert info.value.field == variable.lower()


@pytest.mark.parametrize("where", ["a-directory", "a-file/below"])
def test_a_cache_path_that_cannot_be_opened(tmp_path: Path, where: str) -> None:
    (tmp_path / "a-directory").mkdir()
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(InvalidValueError) as info:
        PdokGeocoder(cache_path=tmp_path / where)
    assert info.value.field == "cache_path"


@pytest.mark.xfail(not hasattr(blikopwerk.plugins.geocoders, "build"), strict=True,
                   reason="needs the kernel registry that checks options (h-kernel, Registry.build)")
def test_an_option_with_a_typo_is_the_library_error() -> None:
    with pytest.raises(BlikopwerkError, match="timout"):
        get_geocoder("pdok", timout=2)


def test_a_password_in_the_base_url_is_never_shown() -> None:
    with PdokGeocoder(base_url="http://geo:s3cret@127.0.0.1:9/search", retries=0, timeout=0.5) as geo:
        assert "s3cret" not in repr(geo)
        with pytest.raises(PdokUnavailableError) as info:
            geo.lookup("1118 CP")
    assert "s3cret" not in str(info.value)
    assert "http://geo:***@127.0.0.1:9/search/free" in str(info.value)
    with pytest.raises(InvalidValueError) as bad:
        PdokGeocoder(base_url="http://geo:s3cret@/search")
    assert "s3cret" not in str(bad.value)
