"""The PDOK geocoder's caches: LRU with TTL (model-checked) and the SQLite file."""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

import pytest
from blikopwerk_pdok import Cached, MemoryCache, SqliteCache
from hypothesis import given, settings
from hypothesis import strategies as st

from blikopwerk import GeoPoint, InvalidValueError

POINT = GeoPoint.from_wgs84(52.3032, 4.7465, "pc6")

ops = st.lists(
    st.tuples(st.sampled_from(["get", "put", "tick"]), st.sampled_from("abcdef"), st.integers(1, 5)),
    max_size=60,
)


@settings(max_examples=60, deadline=None)
@given(maxsize=st.integers(0, 4), script=ops)
def test_memory_cache_matches_a_simple_model(maxsize: int, script) -> None:
    now = [0.0]
    cache = MemoryCache(maxsize, clock=lambda: now[0])
    model: OrderedDict[str, tuple[float, Cached]] = OrderedDict()
    for op, key, n in script:
        if op == "tick":
            now[0] += n
        elif op == "put":
            value = Cached(None if n % 2 else POINT)
            cache.put(key, value, ttl=n)
            if maxsize:
                model[key] = (now[0] + n, value)
                model.move_to_end(key)
                while len(model) > maxsize:
                    model.popitem(last=False)
        else:
            item = model.get(key)
            expected = None
            if item is not None and now[0] < item[0]:
                expected = item[1]
                model.move_to_end(key)
            elif item is not None:
                del model[key]
            assert cache.get(key) == expected
        assert len(cache) <= maxsize


def test_memory_cache_refuses_a_negative_size() -> None:
    with pytest.raises(InvalidValueError, match="cache_size"):
        MemoryCache(-1)


def test_sqlite_cache_expires_and_replaces(tmp_path: Path) -> None:
    now = [1000.0]
    cache = SqliteCache(tmp_path / "c.sqlite3", clock=lambda: now[0])
    try:
        cache.put("k", Cached(POINT), ttl=10)
        cache.put("u", Cached(None), ttl=10)
        assert cache.get("k") == Cached(POINT)
        assert cache.get("u") == Cached(None)
        now[0] += 10
        assert cache.get("k") is None
        cache.put("k", Cached(None), ttl=5)
        assert cache.get("k") == Cached(None)
        cache.clear()
        assert cache.get("k") is None
    finally:
        cache.close()
