"""The PDOK Locatieserver geocoder (entry point ``pdok`` in ``blikopwerk.geocoders``)."""

from __future__ import annotations

import math
import re
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
from blikopwerk_pdok._errors import PdokResponseError, PdokUnavailableError

__all__ = ["DEFAULT_BASE_URL", "PdokGeocoder", "PdokSettings", "PdokStats"]

#: The public Locatieserver v3.1 search API (free of charge, no key, fair use).
DEFAULT_BASE_URL = "https://api.pdok.nl/bzk/locatieserver/search/v3_1"
FIELDS = "id,type,weergavenaam,postcode,woonplaatsnaam,gemeentenaam,centroide_ll,centroide_rd"
_PC4_TEXT = re.compile(r"^[0-9]{4}$")
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


class PdokSettings(BaseSettings):
    """Options of :class:`PdokGeocoder`; each can be set as ``BLIKOPWERK_PDOK_<NAME>``.

    Example:
        >>> PdokSettings(timeout=2).timeout
        2.0
    """

    model_config = SettingsConfigDict(env_prefix="BLIKOPWERK_PDOK_", extra="ignore")

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
        return value.rstrip("/")

    @field_validator("timeout", "max_backoff")
    @classmethod
    def _positive(cls, value: float) -> float:
        if not value > 0:
            raise ValueError("must be > 0")
        return value

    @field_validator("retries", "cache_size", "backoff", "cache_ttl", "negative_ttl")
    @classmethod
    def _not_negative(cls, value: float) -> float:
        if value < 0:
            raise ValueError("must be >= 0")
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
    if doc.get("centroide_rd") is None:
        return GeoPoint.from_wgs84(lat, lon, precision)
    x, y = _point(doc["centroide_rd"], "centroide_rd")
    return GeoPoint(lat, lon, x, y, precision)


def _parse(postcode: object) -> Postcode | PC4:
    if isinstance(postcode, Postcode | PC4):
        return postcode
    if isinstance(postcode, int) and not isinstance(postcode, bool):
        return PC4.parse(postcode)
    if isinstance(postcode, str):
        text = postcode.strip()
        return PC4.parse(text) if _PC4_TEXT.match(text) else Postcode.parse(postcode)
    raise InvalidValueError("postcode", postcode, "a postcode is '1234 AB' or a four-digit area '1234'")


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
        try:
            self.settings = PdokSettings(**{k: v for k, v in given.items() if v is not None})
        except ValidationError as exc:
            error = exc.errors()[0]
            field = ".".join(str(part) for part in error["loc"]) or "settings"
            raise InvalidValueError(field, error.get("input"), error["msg"]) from None
        s = self.settings
        self.base_url = s.base_url
        self.stats = PdokStats()
        self._stats_lock = threading.Lock()
        self._memory = MemoryCache(s.cache_size)
        self._offline = OfflineGeocoder()
        self._owns_client = client is None
        self._client = client or httpx.Client(
            timeout=s.timeout, headers={"User-Agent": "blikopwerk-pdok", "Accept": "application/json"}
        )
        try:
            self._file = SqliteCache(s.cache_path) if s.cache_path is not None else None
        except Exception:
            self.close()
            raise

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
        matching = [d for d in docs if d.get("postcode") == postcode.compact]
        if found == 0 or not matching:
            return None
        return _doc_point(matching[0], "pc6")

    def _fetch_pc4(self, area: PC4) -> GeoPoint | None:
        found, docs = _docs(self._get([
            ("fq", "type:postcode"), ("fq", f"postcode:{area.code}*"),
            ("rows", str(self.settings.pc4_rows)), ("fl", FIELDS),
        ]))
        points = [_doc_point(d, "pc4") for d in docs if str(d.get("postcode", "")).startswith(area.code)]
        if found == 0 or not points:
            return None
        n = len(points)
        return GeoPoint(
            sum(p.lat for p in points) / n, sum(p.lon for p in points) / n,
            sum(p.rd_x for p in points) / n, sum(p.rd_y for p in points) / n, "pc4",
        )

    def _delay(self, attempt: int, response: httpx.Response | None) -> float:
        s = self.settings
        delay = s.backoff * 2 ** (attempt - 1)
        if response is not None:
            try:
                delay = max(delay, float(response.headers.get("Retry-After", "0")))
            except ValueError:
                pass
        return float(min(delay, s.max_backoff))

    def _get(self, params: list[tuple[str, str]]) -> Any:
        url = f"{self.base_url}/free"
        last_error = ""
        last_response: httpx.Response | None = None
        attempts = self.settings.retries + 1
        for attempt in range(attempts):
            if attempt:
                self._count("retries")
                time.sleep(self._delay(attempt, last_response))
            self._count("requests")
            last_response = None
            try:
                response = self._client.get(url, params=httpx.QueryParams(tuple(params)))
            except httpx.TimeoutException:
                last_error = f"timed out after {self.settings.timeout} s"
                continue
            except httpx.TransportError as exc:
                last_error = f"connection error: {exc}"
                continue
            if response.status_code in _RETRY_STATUS:
                last_error = f"HTTP {response.status_code}"
                last_response = response
                continue
            if response.status_code != 200:
                raise PdokResponseError("status", response.status_code, f"PDOK refused {response.url}: "
                                        f"{response.text[:200]}")
            try:
                return response.json()
            except ValueError:
                raise PdokResponseError("body", response.text[:200], "not JSON") from None
        raise PdokUnavailableError(url, attempts, last_error)
