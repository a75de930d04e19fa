"""The batch path's text matcher (werkscan._scoring.batch_text): exact, and the same on every engine.

The compiled kernel (numba), the same kernel interpreted, the views (NumPy over Arrow's
``string_view``) and Arrow's ``index_in`` must give the same codes as a plain Python
lookup for any text, near-misses included (a value with one byte more or less, other
case, a NUL byte, text longer than eight or twelve bytes), on ``string`` and
``large_string`` arrays, sliced or not, with nulls.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strategies import text_match_cases
from werkscan._scoring import batch_text as _batch_text
from werkscan._scoring.batch_text import JIT_MIN_ROWS, JIT_MIN_TOTAL_ROWS, jit_available, match_text

#: pyarrow casts text to string_view from 18 on; before, the views engine hands over to index_in.
VIEWS = int(pa.__version__.split(".")[0]) >= 18
needs_views = pytest.mark.skipif(not VIEWS, reason="pyarrow before 18 has no string_view cast")


def expected(cells: list[str | None], values: tuple[str, ...]) -> list[int]:
    return [values.index(c) if c is not None and c in values else -1 for c in cells]


@settings(max_examples=200)
@given(text_match_cases(), st.booleans(), st.integers(0, 5))
def test_every_engine_matches_exactly(case: tuple[tuple[str, ...], list[str | None]], large: bool,
                                      cut: int) -> None:
    values, cells = case
    arr = pa.array(cells, type=pa.large_string() if large else pa.string()).slice(min(cut, len(cells)))
    want = expected(cells[min(cut, len(cells)):], values)
    assert match_text(arr, values, engine="index_in").tolist() == want
    assert match_text(arr, values, engine="views").tolist() == want
    assert match_text(arr, values, engine="kernel").tolist() == want  # compiled when numba is there
    if VIEWS and _batch_text._view_tables(values) is not None and len(arr):  # the views themselves, not a hand-over
        views = _batch_text._match_views(_batch_text._views(arr), _batch_text._view_tables(values))
        nulls = np.array([c is None for c in cells[min(cut, len(cells)):]], dtype=bool)
        assert np.where(nulls, -1, views).tolist() == want
    with np.errstate(over="ignore"):
        out = np.empty(len(arr), dtype=np.int8)
        tables = _batch_text._tables(values)
        if tables is not None and len(arr):
            offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64 if large else np.int32,
                                    count=len(arr) + 1, offset=arr.offset * (8 if large else 4))
            data_buf = arr.buffers()[2]
            data = np.frombuffer(data_buf, np.uint8) if data_buf is not None else np.zeros(0, np.uint8)
            _batch_text._match_kernel(offsets, data, *tables, out)  # interpreted, as written
            out[np.array([c is None for c in cells[min(cut, len(cells)):]], dtype=bool)] = -1
            assert out.tolist() == want


def test_rows_at_the_end_of_the_buffer_read_only_existing_bytes() -> None:
    # the last strings are shorter than the eight bytes the kernel reads at once
    arr = pa.array(["strong", "weak", "none", "n", "we", "none"])
    assert match_text(arr, ("strong", "weak", "none"), engine="kernel").tolist() == [0, 1, 2, -1, -1, 2]
    assert match_text(pa.array([""]), ("",), engine="kernel").tolist() == [0]


@needs_views
def test_values_over_eight_bytes_go_to_the_views_and_over_twelve_to_index_in(monkeypatch: Any) -> None:
    twelve = ("werkvermogen", "kort")
    assert _batch_text._tables(twelve) is None and _batch_text._view_tables(twelve) is not None
    thirteen = ("werkvermogens", "kort")
    assert _batch_text._view_tables(thirteen) is None
    cells = pa.array(["kort", "werkvermogen", "werkvermo", "werkvermogens", "werkvermogenx"])
    index_in = _batch_text._index_in
    calls: list[tuple[str, ...]] = []
    monkeypatch.setattr(_batch_text, "_index_in", lambda arr, values: calls.append(values) or index_in(arr, values))
    assert match_text(cells, twelve, engine="kernel").tolist() == [1, 0, -1, -1, -1]
    assert calls == []  # the views took them
    assert match_text(cells, thirteen, engine="kernel").tolist() == [1, -1, -1, 0, -1]
    assert calls == [thirteen]


def test_values_sharing_length_and_first_four_bytes_go_to_index_in() -> None:
    values = ("twaalf bytes", "twaalf byteS")
    assert _batch_text._view_tables(values) is None
    assert match_text(pa.array(["twaalf byteS", "twaalf bytes", "twaalf"]), values, engine="views").tolist() == [1, 0, -1]


@needs_views
def test_views_laid_out_as_the_format_says() -> None:
    """Arrow's string_view: the length, then the value zero-padded to twelve bytes (checked on a probe)."""
    assert _batch_text._views_supported()
    words = _batch_text._views(pa.array([None, "ab", "twaalf bytes", "dertien bytes"]).slice(1))
    assert [int(w) for w in words[0]] == list(_batch_text._view_words(b"ab"))
    assert [int(w) for w in words[1]] == list(_batch_text._view_words(b"twaalf bytes"))
    assert int(words[2][0]) & 0xFFFFFFFF == 13  # a longer value: its length, and where its bytes are


def test_a_pyarrow_without_the_string_view_cast_uses_index_in(monkeypatch: Any) -> None:
    monkeypatch.setattr(_batch_text, "_views_supported", lambda: False)
    assert _batch_text._views(pa.array(["weak"])) is None
    assert match_text(pa.array(["weak", "sterk", None]), ("strong", "weak", "none"), engine="views").tolist() == [1, -1, -1]


def test_hash_tables_are_the_same_in_every_run() -> None:
    """The multiplier comes from a fixed sequence: tables (and so results) do not vary by run."""
    for tables in (_batch_text._tables, _batch_text._view_tables):
        a = tables.__wrapped__(("strong", "weak", "none"))
        b = tables.__wrapped__(("strong", "weak", "none"))
        assert a is not None and b is not None
        assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))


def test_compiled_kernel_is_used_only_when_the_batch_is_large_enough(monkeypatch: Any) -> None:
    """Issue 18: loading numba (0.7-1.1 s) is paid only for a batch of JIT_MIN_TOTAL_ROWS rows or more."""
    pytest.importorskip("numba", reason="the jit extra (numba) is not installed")
    assert jit_available()
    calls: list[int] = []
    real = _batch_text._compiled()

    def spy(*args: Any) -> None:
        calls.append(len(args[-1]))
        real(*args)

    loaded = [False]
    monkeypatch.setattr(_batch_text, "_compiled", lambda: spy)
    monkeypatch.setattr(_batch_text, "_kernel_loaded", lambda: loaded[0])
    values = ("strong", "weak", "none")
    big = pa.array(["weak"] * JIT_MIN_ROWS)
    assert match_text(big, values).tolist() == [1] * JIT_MIN_ROWS  # total unknown, not loaded: the views
    assert match_text(big, values, total_rows=JIT_MIN_TOTAL_ROWS - 1).tolist() == [1] * JIT_MIN_ROWS
    assert calls == []
    assert match_text(big, values, total_rows=JIT_MIN_TOTAL_ROWS).tolist() == [1] * JIT_MIN_ROWS
    assert calls == [JIT_MIN_ROWS]
    loaded[0] = True  # once loaded, every large column uses it
    assert match_text(big, values).tolist() == [1] * JIT_MIN_ROWS
    assert match_text(big.slice(0, 10), values, total_rows=10**9).tolist() == [1] * 10  # small column: the views
    assert calls == [JIT_MIN_ROWS, JIT_MIN_ROWS]


def test_jit_can_be_switched_off_by_environment(monkeypatch: Any) -> None:
    monkeypatch.setenv("BLIKOPWERK_JIT", "0")
    _batch_text._compiled.cache_clear()
    try:
        assert not jit_available()
        assert match_text(pa.array(["weak"] * JIT_MIN_ROWS), ("strong", "weak", "none"))[0] == 1
    finally:
        monkeypatch.delenv("BLIKOPWERK_JIT")
        _batch_text._compiled.cache_clear()
