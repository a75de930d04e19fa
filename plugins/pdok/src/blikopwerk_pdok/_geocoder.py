"""The PDOK Locatieserver geocoder (entry point ``pdok`` in ``blikopwerk.geocoders``)."""

from __future__ import annotations

import json
import math
import re
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any, Literal

import attrs
import httpx
from pydantic import ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from blikopwerk import (
    PC4,
    GeoPoint,
    InvalidValueError,
    OfflineGeocoder,
    Postcode,
    UnknownPostcodeError,
)
from blikopwerk_pdok._cache import Cached, MemoryCache, SqliteCache
from blikopwerk_pdok._errors import PdokResponseError, PdokUnavailableError, brief
from blikopwerk_pdok._http import BodyTooLarge, DeadlineTransport, deadline, read_body

__all__ = ["DEFAULT_BASE_URL", "PdokGeocoder", "PdokSettings", "PdokStats"]

#: The public Locatieserver v3.1 search API (free of charge, no key, fair use).
DEFAULT_BASE_URL = "https://api.pdok.nl/bzk/locatieserver/search/v3_1"
FIELDS = "id,type,weergavenaam,postcode,woonplaatsnaam,gemeentenaam,centroide_ll,centroide_rd"
_PC4_TEXT = re.compile(r"^[0-9]{4}$")
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
#: The largest answer read, in bytes (after Content-Encoding). A page of 100 postcode
#: documents is about 60 kB; anything near this limit is not a Locatieserver answer.
MAX_BODY_BYTES = 4 * 1024 * 1024
#: How much of an error answer (HTTP 4xx) is read to quote in the error.
MAX_ERROR_BYTES = 16 * 1024
#: The longest ``timeout``, ``backoff`` and ``max_backoff`` accepted, in seconds.
MAX_SECONDS = 3600.0
#: The most ``retries`` accepted.
MAX_RETRIES = 100
#: RD New coordinates of the Netherlands (the grid's valid area, EPSG:28992).
_RD_X = (-7_000.0, 300_000.0)
_RD_Y = (289_000.0, 629_000.0)
#: How far PDOK's RD New point may lie from the one computed from its WGS84 point.
_RD_AGREEMENT_M = 100.0


class PdokSettings(BaseSettings):
    """Options of :class:`PdokGeocoder`; each can be set as ``BLIKOPWERK_PDOK_<NAME>``.

    Example:
        >>> PdokSettings(timeout=2).timeout
        2.0
    """

    model_config = SettingsConfigDict(env_prefix="BLIKOPWERK_PDOK_", extra="ignore", frozen=True)

    base_url: str = DEFAULT_BASE_URL
    timeout: float = 5.0
    retries: int = 3
    backoff: float = 0.5
    max_backoff: float = 10.0
    cache_size: int = 10_000
    cache_ttl: float = 7 * 24 * 3600.0
    negative_ttl: float = 3600.0
    cache_path: Path | None = None
    pc4: Literal["offline", "pdok"] = "offline"
    pc4_rows: int = 100

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL")
        if not value.isprintable() or any(c.isspace() for c in value):
            raise ValueError("must be a URL without spaces or control characters")
        try:
            url = httpx.URL(value)
        except (httpx.InvalidURL, ValueError, TypeError):
            raise ValueError("is not a valid URL") from None
        if not url.host:
            raise ValueError("must name a host, as in 'https://api.pdok.nl/...'")
        if url.query or url.fragment:
            raise ValueError("must not have a query or fragment")
        return value.rstrip("/")

    @field_validator("timeout", "max_backoff")
    @classmethod
    def _positive(cls, value: float) -> float:
        if not 0 < value <= MAX_SECONDS:
            raise ValueError(f"must be > 0 and at most {MAX_SECONDS:.0f} seconds")
        return value

    @field_validator("backoff")
    @classmethod
    def _backoff(cls, value: float) -> float:
        if not 0 <= value <= MAX_SECONDS:
            raise ValueError(f"must be >= 0 and at most {MAX_SECONDS:.0f} seconds")
        return value

    @field_validator("retries")
    @classmethod
    def _retries(cls, value: int) -> int:
        if not 0 <= value <= MAX_RETRIES:
            raise ValueError(f"must be 0..{MAX_RETRIES}")
        return value

    @field_validator("cache_size", "cache_ttl", "negative_ttl")
    @classmethod
    def _not_negative(cls, value: float) -> float:
        if not (value >= 0 and math.isfinite(value)):
            raise ValueError("must be a finite number >= 0")
        return value

    @field_validator("pc4_rows")
    @classmethod
    def _rows(cls, value: int) -> int:
        if not 1 <= value <= 100:
            raise ValueError("must be 1..100 (PDOK's page size limit)")
        return value


@attrs.define
class PdokStats:
    """Counters of one geocoder: HTTP requests made, retries, cache hits and misses."""

    requests: int = 0
    retries: int = 0
    cache_hits: int = 0
    cache_misses: int = 0


def _point(value: Any, field: str) -> tuple[float, float]:
    import shapely
    from shapely.geometry import Point

    if not isinstance(value, str):
        raise PdokResponseError(field, value, "expected WKT text like 'POINT(x y)'")
    if len(value) > 200 or not value.isprintable():  # GEOS would read up to a NUL and stop
        raise PdokResponseError(field, value, "not WKT point text (printable, at most 200 characters)")
    try:
        geometry = shapely.from_wkt(value)
    except Exception:  # shapely raises GEOSException subclasses for bad WKT
        raise PdokResponseError(field, value, "not valid WKT") from None
    if not isinstance(geometry, Point) or geometry.is_empty:
        raise PdokResponseError(field, value, "expected a WKT POINT")
    x, y = float(geometry.x), float(geometry.y)
    if not (math.isfinite(x) and math.isfinite(y)):
        raise PdokResponseError(field, value, "coordinates must be finite")
    return x, y


def _docs(data: Any) -> tuple[int, list[dict[str, Any]]]:
    response = data.get("response") if isinstance(data, dict) else None
    if not isinstance(response, dict):
        raise PdokResponseError("response", data, "expected a Solr JSON object with 'response'")
    found = response.get("numFound")
    docs = response.get("docs")
    if not isinstance(found, int) or isinstance(found, bool) or found < 0:
        raise PdokResponseError("response.numFound", found, "expected a whole number >= 0")
    if not isinstance(docs, list) or not all(isinstance(d, dict) for d in docs):
        raise PdokResponseError("response.docs", docs, "expected a list of documents")
    return found, docs


def _doc_point(doc: dict[str, Any], precision: Literal["pc4", "pc6", "address"]) -> GeoPoint:
    lon, lat = _point(doc.get("centroide_ll"), "centroide_ll")  # WKT: longitude first
    if not (50.0 <= lat <= 54.0 and 3.0 <= lon <= 8.0):
        raise PdokResponseError("centroide_ll", doc.get("centroide_ll"), "point is not in the Netherlands")
    computed = GeoPoint.from_wgs84(lat, lon, precision)
    if doc.get("centroide_rd") is None:
        return computed
    x, y = _point(doc["centroide_rd"], "centroide_rd")
    if not (_RD_X[0] <= x <= _RD_X[1] and _RD_Y[0] <= y <= _RD_Y[1]):
        raise PdokResponseError("centroide_rd", doc["centroide_rd"], "point is not in the Netherlands (RD New)")
    if math.hypot(x - computed.rd_x, y - computed.rd_y) > _RD_AGREEMENT_M:
        raise PdokResponseError("centroide_rd", doc["centroide_rd"],
                                f"does not match centroide_ll {brief(doc.get('centroide_ll'))}")
    return GeoPoint(lat, lon, x, y, precision)


def _parse(postcode: object) -> Postcode | PC4:
    if isinstance(postcode, Postcode | PC4):
        return postcode
    if isinstance(postcode, int) and not isinstance(postcode, bool):
        if not 1000 <= postcode <= 9999:  # before PC4.parse: a huge int cannot even be printed
            raise InvalidValueError("postcode", _shown(postcode), "a PC4 area is a number 1000..9999")
        return PC4.parse(postcode)
    if isinstance(postcode, str):
        text = postcode.strip()
        return PC4.parse(text) if _PC4_TEXT.match(text) else Postcode.parse(postcode)
    raise InvalidValueError("postcode", postcode, "a postcode is '1234 AB' or a four-digit area '1234'")


#: The Python types each option takes in code (the environment gives text, which
#: :class:`PdokSettings` reads); nothing else is converted.
_OPTION_TYPES: dict[str, tuple[type, ...]] = {
    "base_url": (str,), "timeout": (int, float), "retries": (int,), "backoff": (int, float),
    "max_backoff": (int, float), "cache_size": (int,), "cache_ttl": (int, float),
    "negative_ttl": (int, float), "cache_path": (str, Path), "pc4": (str,), "pc4_rows": (int,),
}


def _redacted(url: Any) -> Any:
    """``url`` with the password of its user info masked (``https://user:***@host/``)."""
    if not isinstance(url, str) or "@" not in url:
        return _shown(url)
    scheme, sep, rest = url.partition("://")
    authority, slash, path = rest.partition("/")
    userinfo, at, host = authority.rpartition("@")
    if at and ":" in userinfo:
        userinfo = userinfo.split(":", 1)[0] + ":***"
    return _shown(f"{scheme}{sep}{userinfo}{at}{host}{slash}{path}")


def _shown(value: Any) -> Any:
    """``value`` for an error: an int too long to print is named by its size, long text
    is cut to its first 100 characters (bytes)."""
    if isinstance(value, int) and value.bit_length() > 128:
        return f"<int of {value.bit_length()} bits>"
    if isinstance(value, str) and len(value) > 120:
        return f"{value[:100]}... ({len(value)} characters)"
    if isinstance(value, bytes) and len(value) > 120:
        return value[:100] + b"..."
    return value


def _check_types(given: dict[str, Any]) -> None:
    for name, value in given.items():
        kinds = _OPTION_TYPES[name]
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            expected = " or ".join(k.__name__ for k in kinds)
            raise InvalidValueError(name, _shown(value), f"expected {expected}")
        if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 63:
            raise InvalidValueError(name, _shown(value), "out of range")


def _settings(given: dict[str, Any]) -> PdokSettings:
    """:class:`PdokSettings` from ``given`` and the environment, or the library's error
    (raised outside the ``except`` block: no pydantic error as its context)."""
    try:
        return PdokSettings(**given)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"]) or "settings"
        value = error.get("input")
        problem = (field, _redacted(value) if field == "base_url" else _shown(value), error["msg"])
    raise InvalidValueError(*problem)


class PdokGeocoder:
    """Postcodes to points with the PDOK Locatieserver, cached, with bounded retries.

    A full postcode (PC6) is looked up as a ``type:postcode`` document; the point is its
    centroid (a street point, ``precision="pc6"``), with PDOK's own RD New coordinates.
    A PC4 area is, by default (``pc4="offline"``), the embedded offline table's area
    centroid: the Locatieserver has no PC4 object, and K-GEO-1 measures between area
    centroids. With ``pc4="pdok"`` it is the mean of up to ``pc4_rows`` PC6 centroids of
    the area from a wildcard query (``postcode:3511*``), an approximation.

    Every option defaults to ``BLIKOPWERK_PDOK_<OPTION>`` from the environment, then to
    :class:`PdokSettings`' default. Answers are cached in memory (LRU with TTL; unknown
    postcodes for ``negative_ttl``) and, with ``cache_path``, in a SQLite file. Failures
    are not cached.

    Args:
        base_url: the Locatieserver search API (``.../search/v3_1``).
        timeout: seconds per HTTP request.
        retries: extra attempts after a timeout, connection error, HTTP 429 or 5xx.
        backoff: first retry delay in seconds, doubled each retry, at most ``max_backoff``.
        max_backoff: the longest delay between retries (also caps ``Retry-After``).
        cache_size: entries in the in-memory cache (0 disables it).
        cache_ttl: seconds a found point is cached.
        negative_ttl: seconds an unknown postcode is cached.
        cache_path: a SQLite file for a persistent cache (optional).
        pc4: ``"offline"`` or ``"pdok"``, see above.
        pc4_rows: PC6 documents averaged per PC4 with ``pc4="pdok"`` (1..100).
        client: an ``httpx.Client`` to use (its timeout is then yours); else one is made.

    Raises:
        InvalidValueError: an option is not valid.

    Example:
        >>> geo = PdokGeocoder(base_url="http://127.0.0.1:9", retries=0, timeout=0.5)
        >>> geo.lookup("3511")  # PC4 areas come from the offline table: no request
        GeoPoint(lat=52.0886, lon=5.1174, rd_x=136508.7..., rd_y=455627.5..., precision='pc4')
        >>> geo.lookup("3511 AB")
        Traceback (most recent call last):
        ...
        blikopwerk_pdok._errors.PdokUnavailableError: PDOK Locatieserver unavailable at http://127.0.0.1:9/free after 1 attempts: connection error: ...
        >>> geo.close()
    """

    name = "pdok"
    attribution = "Postcode points: PDOK Locatieserver (Kadaster, BAG)"

    def __init__(
        self,
        *,
        base_url: str | None = None,
        timeout: float | None = None,
        retries: int | None = None,
        backoff: float | None = None,
        max_backoff: float | None = None,
        cache_size: int | None = None,
        cache_ttl: float | None = None,
        negative_ttl: float | None = None,
        cache_path: str | Path | None = None,
        pc4: Literal["offline", "pdok"] | None = None,
        pc4_rows: int | None = None,
        client: httpx.Client | None = None,
    ) -> None:
        given: dict[str, Any] = {
            "base_url": base_url, "timeout": timeout, "retries": retries, "backoff": backoff,
            "max_backoff": max_backoff, "cache_size": cache_size, "cache_ttl": cache_ttl,
            "negative_ttl": negative_ttl, "cache_path": cache_path, "pc4": pc4, "pc4_rows": pc4_rows,
        }
        given = {k: v for k, v in given.items() if v is not None}
        _check_types(given)
        if client is not None and not isinstance(client, httpx.Client):
            raise InvalidValueError("client", client, "expected an httpx.Client")
        self.settings = _settings(given)
        s = self.settings
        self.base_url = s.base_url
        self.stats = PdokStats()
        self._stats_lock = threading.Lock()
        self._memory = MemoryCache(s.cache_size)
        self._offline = OfflineGeocoder()
        self._owns_client = client is None
        self._file: SqliteCache | None = None
        self._client = client or httpx.Client(
            transport=DeadlineTransport(), timeout=s.timeout,
            headers={"User-Agent": "blikopwerk-pdok", "Accept": "application/json"},
        )
        if s.cache_path is not None:
            try:
                self._file = SqliteCache(s.cache_path)
            except (OSError, ValueError, sqlite3.Error) as exc:
                self.close()
                raise InvalidValueError("cache_path", _shown(str(s.cache_path)),
                                        f"cannot open the cache file: {exc}") from None

    def __repr__(self) -> str:
        return f"PdokGeocoder(base_url={_redacted(self.base_url)!r}, timeout={self.settings.timeout})"

    # -- public API ---------------------------------------------------------------------------

    def lookup(self, postcode: Postcode | PC4 | str | int) -> GeoPoint:
        """The point of a full postcode (PC6 street point) or a PC4 area.

        Args:
            postcode: a :class:`~blikopwerk.Postcode`, a :class:`~blikopwerk.PC4`, or text
                (``"3511ab"``, ``"3511"``) which is normalised (K-PC-1).

        Raises:
            InvalidValueError: malformed postcode.
            UnknownPostcodeError: a well-formed postcode PDOK (or the PC4 table) does not know.
            PdokUnavailableError: PDOK did not answer after the retries.
            PdokResponseError: PDOK's answer was not usable.
        """
        code = _parse(postcode)
        if isinstance(code, PC4) and self.settings.pc4 == "offline":
            return self._offline.lookup(code)
        key = f"pc6:{code.compact}" if isinstance(code, Postcode) else f"pc4:{code.code}"
        cached = self._cached(key)
        if cached is None:
            point = self._fetch_pc6(code) if isinstance(code, Postcode) else self._fetch_pc4(code)
            cached = Cached(point)
            ttl = self.settings.cache_ttl if point is not None else self.settings.negative_ttl
            self._memory.put(key, cached, ttl)
            if self._file is not None:
                self._file.put(key, cached, ttl)
        if cached.point is None:
            raise UnknownPostcodeError("postcode", str(code), "not known to the PDOK Locatieserver")
        return cached.point

    def clear_cache(self) -> None:
        """Forget every cached answer (memory and file)."""
        self._memory.clear()
        if self._file is not None:
            self._file.clear()

    def close(self) -> None:
        """Close the HTTP client (if this geocoder made it) and the cache file."""
        if self._owns_client:
            self._client.close()
        file = getattr(self, "_file", None)
        if file is not None:
            file.close()

    def __enter__(self) -> PdokGeocoder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals ------------------------------------------------------------------------------

    def _count(self, field: str) -> None:
        with self._stats_lock:
            setattr(self.stats, field, getattr(self.stats, field) + 1)

    def _cached(self, key: str) -> Cached | None:
        hit = self._memory.get(key)
        if hit is None and self._file is not None:
            hit = self._file.get(key)
            if hit is not None:
                ttl = self.settings.cache_ttl if hit.point is not None else self.settings.negative_ttl
                self._memory.put(key, hit, ttl)
        self._count("cache_hits" if hit is not None else "cache_misses")
        return hit

    def _fetch_pc6(self, postcode: Postcode) -> GeoPoint | None:
        found, docs = _docs(self._get([
            ("fq", "type:postcode"), ("fq", f"postcode:{postcode.compact}"), ("rows", "1"), ("fl", FIELDS),
        ]))
        if found == 0:
            return None
        matching = [d for d in docs if d.get("postcode") == postcode.compact]
        if not matching:
            raise PdokResponseError("response.docs", docs, f"numFound is {found} but no document is "
                                    f"postcode {postcode.compact}")
        return _doc_point(matching[0], "pc6")

    def _fetch_pc4(self, area: PC4) -> GeoPoint | None:
        found, docs = _docs(self._get([
            ("fq", "type:postcode"), ("fq", f"postcode:{area.code}*"),
            ("rows", str(self.settings.pc4_rows)), ("fl", FIELDS),
        ]))
        if found == 0:
            return None
        points = [_doc_point(d, "pc4") for d in docs
                  if isinstance(d.get("postcode"), str) and d["postcode"].startswith(area.code)]
        if not points:
            raise PdokResponseError("response.docs", docs, f"numFound is {found} but no document is "
                                    f"in area {area.code}")
        n = len(points)
        return GeoPoint(
            sum(p.lat for p in points) / n, sum(p.lon for p in points) / n,
            sum(p.rd_x for p in points) / n, sum(p.rd_y for p in points) / n, "pc4",
        )

    def _get(self, params: list[tuple[str, str]]) -> Any:
        """The JSON answer of ``/free`` for ``params``, with bounded retries.

        Each attempt (connect, send, headers and the whole body) ends within ``timeout``
        seconds; see :mod:`blikopwerk_pdok._http`.
        """
        url = f"{self.base_url}/free"
        last_error = ""
        retry_after: str | None = None
        attempts = self.settings.retries + 1
        for attempt in range(attempts):
            if attempt:
                self._count("retries")
                time.sleep(self._delay(attempt, retry_after))
            self._count("requests")
            retry_after = None
            try:
                with deadline(self.settings.timeout):
                    status, headers, body = self._request(url, params)
            except httpx.TimeoutException:
                last_error = f"timed out after {self.settings.timeout} s"
                continue
            except httpx.TransportError as exc:
                last_error = f"connection error: {exc}"
                continue
            if status in _RETRY_STATUS:
                last_error = f"HTTP {status}"
                retry_after = headers.get("Retry-After")
                continue
            if status != 200:
                text = body.decode("utf-8", "replace")[:200]
                raise PdokResponseError("status", status, f"PDOK refused the request: {text!r}")
            return _json(body)
        raise PdokUnavailableError(_redacted(url), attempts, last_error)

    def _request(self, url: str, params: list[tuple[str, str]]) -> tuple[int, httpx.Headers, bytes]:
        """One GET: the status, the headers and the body (the whole body for 200 and the
        retried statuses' nothing; the start of it otherwise)."""
        query = httpx.QueryParams(tuple(params))
        try:
            with self._client.stream("GET", url, params=query) as response:
                status = response.status_code
                if status in _RETRY_STATUS:
                    return status, response.headers, b""
                limit = MAX_BODY_BYTES if status == 200 else MAX_ERROR_BYTES
                try:
                    body = read_body(response, limit)
                except BodyTooLarge as exc:
                    if status != 200:
                        return status, response.headers, b"(a long answer)"
                    raise PdokResponseError("body", str(exc), f"larger than {MAX_BODY_BYTES} bytes") from None
                return status, response.headers, body
        except httpx.DecodingError as exc:
            raise PdokResponseError("body", response.headers.get("Content-Encoding"),
                                    f"cannot be decoded: {exc}") from None
        except (httpx.TooManyRedirects, httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            raise PdokResponseError("url", _redacted(url), str(exc)) from None

    def _delay(self, attempt: int, retry_after: str | None) -> float:
        s = self.settings
        delay = s.backoff * 2 ** (attempt - 1)
        if retry_after is not None:
            try:
                wanted = float(retry_after)
            except ValueError:  # an HTTP date, or nonsense: the backoff stands
                wanted = 0.0
            if math.isfinite(wanted):
                delay = max(delay, wanted)
        return float(min(delay, s.max_backoff))


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _json(body: bytes) -> Any:
    """``body`` as JSON (UTF-8, no NaN or Infinity), or the library's error."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PdokResponseError("body", body[:80], f"not UTF-8 (byte {exc.start})") from None
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError is a ValueError
        raise PdokResponseError("body", text[:200], f"not JSON: {type(exc).__name__}: {brief(str(exc))}") from None
