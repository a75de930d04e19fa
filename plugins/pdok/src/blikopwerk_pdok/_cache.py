"""Caches for PDOK answers: an in-memory LRU with a TTL, and an optional SQLite file."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

import attrs

from blikopwerk import GeoPoint, InvalidValueError

__all__ = ["Cached", "MemoryCache", "SqliteCache"]


@attrs.frozen
class Cached:
    """A cached answer: the point, or ``None`` for a postcode PDOK does not know."""

    point: GeoPoint | None


class MemoryCache:
    """A thread-safe LRU cache whose entries expire after their TTL.

    Args:
        maxsize: how many entries to keep (0 disables the cache).
        clock: a monotonic clock in seconds (injectable for tests).

    Example:
        >>> now = [0.0]
        >>> cache = MemoryCache(maxsize=2, clock=lambda: now[0])
        >>> cache.put("pc6:3511AB", Cached(None), ttl=10)
        >>> cache.get("pc6:3511AB")
        Cached(point=None)
        >>> now[0] = 10.0
        >>> cache.get("pc6:3511AB") is None
        True
    """

    def __init__(self, maxsize: int = 10_000, clock: Callable[[], float] = time.monotonic) -> None:
        if not isinstance(maxsize, int) or maxsize < 0:
            raise InvalidValueError("cache_size", maxsize, "must be a whole number >= 0")
        self.maxsize = maxsize
        self._clock = clock
        self._data: OrderedDict[str, tuple[float, Cached]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Cached | None:
        """The live entry for ``key``, or ``None`` (missing or expired)."""
        with self._lock:
            item = self._data.get(key)
            if item is None:
                return None
            expires, value = item
            if self._clock() >= expires:
                del self._data[key]
                return None
            self._data.move_to_end(key)
            return value

    def put(self, key: str, value: Cached, ttl: float) -> None:
        """Store ``value`` for ``ttl`` seconds, evicting the least recently used entry."""
        if self.maxsize == 0 or ttl <= 0:
            return
        with self._lock:
            self._data[key] = (self._clock() + ttl, value)
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._data)


class SqliteCache:
    """A persistent cache in a SQLite file, shared by processes and kept across restarts.

    Expiry uses wall-clock seconds (``time.time``), since entries outlive the process.

    Example:
        >>> import tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "pdok.sqlite3"
        >>> cache = SqliteCache(path)
        >>> cache.put("pc6:1118CP", Cached(GeoPoint.from_wgs84(52.3032, 4.7465, "pc6")), ttl=60)
        >>> cache.get("pc6:1118CP").point.precision
        'pc6'
        >>> cache.close()
    """

    def __init__(self, path: str | Path, clock: Callable[[], float] = time.time) -> None:
        self.path = Path(path)
        self._clock = clock
        self._lock = threading.Lock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
        try:
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute(
                "CREATE TABLE IF NOT EXISTS pdok_cache (key TEXT PRIMARY KEY, found INTEGER NOT NULL,"
                " lat REAL, lon REAL, rd_x REAL, rd_y REAL, precision TEXT, expires REAL NOT NULL)"
            )
            self._conn.commit()
        except sqlite3.Error:
            self._conn.close()
            raise

    def get(self, key: str) -> Cached | None:
        """The live entry for ``key``, or ``None``."""
        with self._lock:
            row = self._conn.execute(
                "SELECT found, lat, lon, rd_x, rd_y, precision, expires FROM pdok_cache WHERE key = ?",
                (key,),
            ).fetchone()
        if row is None or self._clock() >= row[6]:
            return None
        if not row[0]:
            return Cached(None)
        return Cached(GeoPoint(row[1], row[2], row[3], row[4], row[5]))

    def put(self, key: str, value: Cached, ttl: float) -> None:
        """Store ``value`` for ``ttl`` seconds (replacing an older entry)."""
        if ttl <= 0:
            return
        p = value.point
        row = (
            key,
            int(p is not None),
            None if p is None else p.lat,
            None if p is None else p.lon,
            None if p is None else p.rd_x,
            None if p is None else p.rd_y,
            None if p is None else p.precision,
            self._clock() + ttl,
        )
        with self._lock, self._conn:
            self._conn.execute("INSERT OR REPLACE INTO pdok_cache VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row)

    def clear(self) -> None:
        """Forget everything."""
        with self._lock, self._conn:
            self._conn.execute("DELETE FROM pdok_cache")

    def close(self) -> None:
        """Close the database connection."""
        with self._lock:
            self._conn.close()
