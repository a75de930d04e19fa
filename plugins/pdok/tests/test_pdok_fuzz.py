"""Fuzzing the PDOK geocoder's public entry points (issue 11).

Three entry points, each fed generated bad or odd input:

* ``PdokGeocoder(**options)``: any option with any value (wrong types, bools, NaN and
  infinities, huge ints, odd text, URLs that are not URLs);
* ``lookup(postcode)`` with odd postcodes, against the local stand-in answering normally;
* ``lookup(postcode)`` of a known postcode, PC6 and PC4 (``pc4="pdok"``), while the
  stand-in answers with odd statuses, headers and bodies: random bytes, random JSON,
  Solr-shaped JSON with odd documents and WKT, bodies that are not UTF-8, deep, huge or
  compressed wrongly, and bytes that are not HTTP.

A call may succeed or raise the library's error (:class:`blikopwerk.BlikopwerkError`,
whose message is one short line); any other exception fails the test.

Bounded: ``FUZZ_EXAMPLES`` examples per entry point (default 150), about 10 s for the
module on a quiet machine. ``FUZZ_REPORT=path.json`` writes the inputs tried per entry
point and what they ended in; ``FUZZ_COLLECT=1`` records non-library exceptions instead
of failing.
"""

from __future__ import annotations

import gzip
import json
import os
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from blikopwerk_pdok import PdokGeocoder
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blikopwerk import PC4, BlikopwerkError, GeoPoint, Postcode

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))
COLLECT = os.environ.get("FUZZ_COLLECT") == "1"
TRIED: Counter[str] = Counter()
OUTCOMES: Counter[tuple[str, str]] = Counter()
FOUND: Counter[tuple[str, str]] = Counter()
FIRST: dict[tuple[str, str], str] = {}

FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                       HealthCheck.data_too_large, HealthCheck.function_scoped_fixture])


def call(entry: str, fn: Callable[[], Any]) -> None:
    """Call ``fn``; fail on any exception that is not the library's error."""
    TRIED[entry] += 1
    try:
        fn()
    except BlikopwerkError as exc:
        message = str(exc)
        OUTCOMES[(entry, type(exc).__name__)] += 1
        if "\n" in message or len(message) > 2_000:
            _found(entry, AssertionError(f"message not one short line ({len(message)} chars): {message[:200]!r}"))
    except Exception as exc:
        _found(entry, exc)
    else:
        OUTCOMES[(entry, "ok")] += 1


def _found(entry: str, exc: BaseException) -> None:
    key = (entry, type(exc).__name__)
    FOUND[key] += 1
    FIRST.setdefault(key, f"{type(exc).__name__}: {str(exc)[:200]}")
    if not COLLECT:
        pytest.fail(f"{entry} raised {type(exc).__name__} (not the library's error): {str(exc)[:300]}")


@pytest.fixture(scope="module", autouse=True)
def _report() -> Iterator[None]:
    yield
    target = os.environ.get("FUZZ_REPORT")
    if target:
        Path(target).write_text(json.dumps({
            "tried": dict(sorted(TRIED.items())),
            "tried_total": sum(TRIED.values()),
            "outcomes": {f"{e} {o}": n for (e, o), n in sorted(OUTCOMES.items())},
            "non_library_exceptions": {f"{e} {t}": n for (e, t), n in sorted(FOUND.items())},
            "first_of_each": {f"{e} {t}": m for (e, t), m in sorted(FIRST.items())},
        }, indent=2, ensure_ascii=False), "utf-8")


# ------------------------------------------------------------------------------- odd values

ODD: list[Any] = [
    None, True, False, 0, -1, 1, 5, 100, 2**63, 10**5000, -(10**5000), float("nan"), float("inf"),
    float("-inf"), -0.0, 1e-300, 1e300, "", " ", "\x00", "²", "٧", "nan", "inf", "-1", "5", "1e309",
    "offline", "pdok", "https://api.pdok.nl/bzk/locatieserver/search/v3_1", "http://", "https://[::1/",
    "http://a b/", "http://x/\x00", "ftp://x", "https://x/?q=1", "\ud800", "a" * 5000, b"5", [], {}, object(),
    Path("sub/dir/cache.sqlite3"), Path("/"), Path("."),
]
odd: st.SearchStrategy[Any] = st.one_of(
    st.sampled_from(ODD), st.integers(), st.floats(), st.text(max_size=20), st.binary(max_size=8),
    st.lists(st.integers(), max_size=2),
)
OPTIONS = ["base_url", "timeout", "retries", "backoff", "max_backoff", "cache_size", "cache_ttl",
           "negative_ttl", "cache_path", "pc4", "pc4_rows", "client"]

POSTCODES: list[Any] = [
    "1118 CP", "1118cp", " 1118CP ", "3435", 3435, "1234 ZZ", "1234 SS", "0123AB", "12345", "1118 C", "1118  CP",
    "1118-CP", "１１１８CP", "1118\x00CP", "1118 CP\n", "\ud800", "", " ", 1118, 999, 10000, 0, -3435, 2**63,
    10**5000, True, 3435.0, float("nan"), b"1118CP", bytearray(b"3435"), ["1118CP"], {"pc": 1}, None, object(),
    Postcode("1118", "CP"), PC4("3435"),
]
postcodes: st.SearchStrategy[Any] = st.one_of(
    st.sampled_from(POSTCODES), st.text(max_size=12), st.integers(), st.floats(), st.binary(max_size=8),
    st.from_regex(r"\A[0-9]{4} ?[A-Za-z]{2}\Z"), st.from_regex(r"\A[1-9][0-9]{3}\Z"),
)


# ---------------------------------------------------------------------------- odd answers

def _wkt_number() -> st.SearchStrategy[str]:
    return st.one_of(st.floats().map(repr), st.integers().map(str), st.sampled_from(["nan", "inf", "-", "1e999", ""]))


_NL = st.tuples(st.floats(50.8, 53.5), st.floats(3.4, 7.2))


def _consistent(lat_lon: tuple[float, float]) -> tuple[str, str]:
    lat, lon = lat_lon
    point = GeoPoint.from_wgs84(lat, lon)
    return f"POINT({lon} {lat})", f"POINT({point.rd_x} {point.rd_y})"


wkt: st.SearchStrategy[Any] = st.one_of(
    st.builds(lambda a, b: f"POINT({a} {b})", _wkt_number(), _wkt_number()),
    _NL.map(lambda p: _consistent(p)[0]),
    st.sampled_from(["POINT EMPTY", "POINT Z (4.7 52.3 1)", "MULTIPOINT((4.7 52.3))", "LINESTRING(4 52, 5 53)",
                     "POLYGON((4 52, 5 52, 5 53, 4 52))", "POINT(4.7 52.3", "POINT(4.7 52.3)\x00", "GARBAGE",
                     "POINT(4.7 52.3) POINT(4.8 52.4)", "SRID=4326;POINT(4.7 52.3)"]),
    st.text(max_size=30), st.none(), st.integers(), st.floats(), st.lists(st.floats(), max_size=2),
)
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=10)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
)


def _doc(postcode: str) -> st.SearchStrategy[dict[str, Any]]:
    good = _NL.map(_consistent)
    return st.one_of(
        good.map(lambda ll_rd: {"postcode": postcode, "centroide_ll": ll_rd[0], "centroide_rd": ll_rd[1]}),
        st.fixed_dictionaries({"postcode": st.one_of(st.just(postcode), json_values)},
                              optional={"centroide_ll": wkt, "centroide_rd": wkt, "type": json_values}),
        st.dictionaries(st.text(max_size=12), json_values, max_size=4),
    )


def solr(postcode: str) -> st.SearchStrategy[bytes]:
    found = st.one_of(st.integers(-2, 3), json_values)
    docs = st.one_of(st.lists(_doc(postcode), max_size=3), json_values)
    return st.builds(lambda f, d: json.dumps({"response": {"numFound": f, "docs": d}}).encode(), found, docs)


SPECIAL_BODIES = [
    b"", b"{", b"null", b"[]", b"{}", b'{"response": null}', b"[" * 50_000 + b"]" * 50_000,
    b'{"response": {"numFound": ' + b"9" * 5000 + b', "docs": []}}', b'{"response": {"numFound": NaN, "docs": []}}',
    b"\xff\xfe\x00", '{"response": {"numFound": 0, "docs": []}}'.encode("utf-16"), b"\xef\xbb\xbf{}",
    b" " * (5 * 1024 * 1024), b"<html><body>Service Unavailable</body></html>",
]
GZIP_BOMB = gzip.compress(b" " * (16 * 1024 * 1024))  # 16 kB that unpack to 16 MiB
statuses = st.one_of(st.just(200), st.sampled_from([204, 301, 304, 400, 404, 429, 500, 503]), st.integers(200, 599))
header_values = st.one_of(
    st.sampled_from(["0", "-1", "abc", "99999999999999999999", "1e3", "gzip", "deflate", "br", "identity",
                     "x-odd", "gzip, gzip", "chunked", "nan", "inf", "Wed, 21 Oct 2015 07:28:00 GMT", "",
                     "text/html", "application/json; charset=latin-1"]),
    st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=12),
)
headers = st.dictionaries(st.sampled_from(["Content-Encoding", "Content-Type", "Retry-After", "Content-Length",
                                           "Transfer-Encoding", "Location"]), header_values, max_size=2)
#: How the body is sent: as is, compressed (and labelled so), or labelled compressed but not.
COMPRESSIONS = ["", "gzip", "deflate", "lie-gzip", "lie-deflate"]
RAW = [b"", b"garbage\r\n\r\n", b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{}", b"HTTP/9.9 200 OK\r\n\r\n",
       b"HTTP/1.1 999 Odd\r\nContent-Length: 2\r\n\r\n{}", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"]


def bodies(postcode: str) -> st.SearchStrategy[bytes]:
    """An answer body: Solr-shaped with odd documents, a special case, random bytes or JSON
    (each about a quarter of the time)."""
    return st.one_of(solr(postcode), st.sampled_from(SPECIAL_BODIES), st.binary(max_size=200),
                     json_values.map(lambda v: json.dumps(v).encode()))


def _compress(body: bytes, how: str) -> tuple[bytes, dict[str, str]]:
    if how.endswith("gzip"):
        return (body if how.startswith("lie") else gzip.compress(body)), {"Content-Encoding": "gzip"}
    if how.endswith("deflate"):
        return (body if how.startswith("lie") else zlib.compress(body)), {"Content-Encoding": "deflate"}
    return body, {}


def answers(postcode: str) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.tuples(st.one_of(st.just(200), statuses), headers, bodies(postcode), st.sampled_from(COMPRESSIONS)),
        st.tuples(st.just(200), st.just({}), bodies(postcode), st.sampled_from(COMPRESSIONS)),
        st.sampled_from(RAW),
        st.just((200, {"Content-Encoding": "gzip"}, GZIP_BOMB, "")),
    )


def _serve(server: Any, answer: Any) -> None:
    server.requests.clear()
    server.close_after = True
    if isinstance(answer, bytes):
        server.raw_override = answer
        return
    status, extra, body, compression = answer
    body, encoding = _compress(body, compression)
    server.raw_override = None
    server.status_override = status
    server.body_override = body
    server.headers_override = {**encoding, **extra}


# ---------------------------------------------------------------------------- the entry points


@pytest.fixture
def geocoder(pdok_server: Any) -> Iterator[Callable[..., PdokGeocoder]]:
    """One geocoder per option set for all examples of a test (no cache, no retries)."""
    made: dict[str, PdokGeocoder] = {}

    def get(**options: Any) -> PdokGeocoder:
        key = repr(sorted(options.items()))
        if key not in made:
            made[key] = PdokGeocoder(base_url=pdok_server.base_url, timeout=2, retries=0, cache_size=0, **options)
        return made[key]

    yield get
    for geo in made.values():
        geo.close()


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in a temporary folder: a generated ``cache_path`` may name a file to create."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@FUZZ
@given(options=st.dictionaries(st.sampled_from(OPTIONS), odd, max_size=3))
def test_fuzz_options(in_tmp: Path, options: dict[str, Any]) -> None:
    def make() -> None:
        PdokGeocoder(**options).close()

    call("PdokGeocoder(**options)", make)


@FUZZ
@given(postcode=postcodes, pc4=st.sampled_from(["offline", "pdok"]))
def test_fuzz_lookup_odd_postcodes(geocoder: Any, postcode: Any, pc4: str) -> None:
    geo = geocoder(pc4=pc4)
    call("lookup(odd postcode)", lambda: geo.lookup(postcode))


@FUZZ
@given(answer=answers("1118CP"))
def test_fuzz_lookup_odd_answers(pdok_server: Any, geocoder: Any, answer: Any) -> None:
    _serve(pdok_server, answer)
    geo = geocoder()
    call("lookup(1118 CP) with odd answers", lambda: geo.lookup("1118 CP"))


@FUZZ
@given(answer=st.one_of(answers("3435RA"), answers("3435")))
def test_fuzz_lookup_pc4_odd_answers(pdok_server: Any, geocoder: Any, answer: Any) -> None:
    _serve(pdok_server, answer)
    geo = geocoder(pc4="pdok")
    call("lookup(3435, pc4=pdok) with odd answers", lambda: geo.lookup("3435"))
