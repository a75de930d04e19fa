"""Matching a plain Arrow text column against a few valid values, fast and exactly.

The batch path turns each text answer (``work_nature``, ``sick_leave_band``, the eight
signal levels) into the index of its value, or -1 when it is none of them. Arrow's
``index_in`` hashes every string, about 12 ns a row. With the optional ``jit`` extra
(numba), :func:`match_text` instead runs one compiled loop over the Arrow buffers: it
reads the first eight bytes of each string as one 64-bit number, hashes it with the
length into one of 16 slots in which the valid values sit apart, and compares both with
the slot's value: exact (a row matches only when every byte and the length are equal).
Loading numba and the kernel costs far more than it saves on an ordinary batch, so it is
used only for a batch of at least :data:`JIT_MIN_TOTAL_ROWS` rows, or once it is loaded in
the process. Without numba, with numba's JIT disabled (``NUMBA_DISABLE_JIT=1`` or
``BLIKOPWERK_JIT=0``), for smaller batches, or for values longer than eight bytes,
``index_in`` is used. Both give the same codes; the tests run both.

Dictionary-encoded columns (as read from Parquet) are not handled here: the batch path
matches their few dictionary values once and takes the codes by index.
"""

from __future__ import annotations

import functools
import logging
import os
from typing import TYPE_CHECKING, Any

import numpy as np  # this module is imported only by the batch path (the ``batch`` extra)

if TYPE_CHECKING:
    import pyarrow as pa

__all__: list[str] = []

logger = logging.getLogger("werkscan.batch")

#: Set ``BLIKOPWERK_JIT=0`` to use Arrow's ``index_in`` even when numba is installed.
_ENV = "BLIKOPWERK_JIT"
_KEY_BYTES = 8


def _match_kernel(offsets: Any, data: Any, slot_keys: Any, slot_lengths: Any, slot_codes: Any,
                  multiplier: Any, masks: Any, out: Any) -> None:
    """For each row: the index of the value whose bytes and length equal the row's, else -1.

    Each row's (key, length) is hashed to one of 16 slots by a multiplier chosen so the
    valid values land in distinct slots (:func:`_tables`); the row matches only when the
    slot holds exactly its key and length. There are no data-dependent branches (random
    answers would mispredict them) and indices are unsigned, so the compiled loop has no
    negative-index checks. Written for numba; it also runs, slowly, as plain Python.
    """
    n = out.shape[0]
    eight = np.uint64(8)
    shift = np.uint64(60)
    nd = np.uint64(data.shape[0])
    safe = n  # rows before this one can read eight bytes without running off the buffer
    while safe > 0 and np.uint64(offsets[safe - 1]) + eight > nd:
        safe -= 1
    for i in range(n):
        start = np.uint64(offsets[i])
        length = np.uint64(offsets[i + 1] - offsets[i])
        key = np.uint64(0)
        if i < safe:
            for j in range(8):
                key |= np.uint64(data[start + np.uint64(j)]) << np.uint64(8 * j)
        else:  # near the end of the buffer: read only the bytes that exist
            for j in range(8):
                if start + np.uint64(j) < nd:
                    key |= np.uint64(data[start + np.uint64(j)]) << np.uint64(8 * j)
        key &= masks[min(length, eight)]
        slot = ((key + length) * multiplier) >> shift
        hit = (key == slot_keys[slot]) & (length == slot_lengths[slot])
        out[i] = (slot_codes[slot] + 1) * np.int8(hit) - 1


@functools.cache
def _compiled() -> Any:
    """The numba-compiled kernel, or None when numba is not installed or disabled.

    Compiled on first use (a fraction of a second) and cached on disk by numba; when the
    on-disk cache cannot be written, compiled without it. Any failure to compile leaves
    the batch path on ``index_in``: slower, never wrong.
    """
    if os.environ.get(_ENV, "1").strip().lower() in ("0", "false", "no", "off"):
        return None
    try:
        import numba
    except ImportError:
        return None
    if getattr(numba.config, "DISABLE_JIT", False):
        return None
    tables = _tables(("a", "bc"))
    assert tables is not None
    probe_offsets = np.array([0, 1, 3, 3], dtype=np.int32)
    probe_data = np.frombuffer(b"abc", dtype=np.uint8)
    for cache in (True, False):
        try:
            kernel: Any = numba.njit(cache=cache, nogil=True, boundscheck=False)(_match_kernel)
            out = np.empty(3, dtype=np.int8)
            kernel(probe_offsets, probe_data, *tables, out)
            kernel(probe_offsets.astype(np.int64), probe_data, *tables, out)  # large_string offsets
        except Exception as exc:  # e.g. no writable cache directory: try without, then give up
            logger.warning("numba could not compile the text matcher (cache=%s): %s", cache, exc)
            continue
        if out.tolist() == [0, 1, -1]:
            return kernel
    return None


def jit_available() -> bool:
    """Whether :func:`match_text` uses the compiled kernel (numba installed and enabled).

    Example:
        >>> isinstance(jit_available(), bool)
        True
    """
    return _compiled() is not None


_SLOTS = 16  # 4 bits of the hash; _match_kernel shifts by 64 - 4


@functools.cache
def _tables(values: tuple[str, ...]) -> tuple[Any, ...] | None:
    """(slot keys, slot lengths, slot codes, multiplier, masks) for the values.

    None when a value is over eight bytes or there are more values than slots. The
    multiplier is the first odd number from a fixed sequence that puts every value in a
    slot of its own, so the tables are the same in every run.
    """
    encoded = [v.encode("utf-8") for v in values]
    if len(encoded) > _SLOTS or len(set(encoded)) != len(encoded) or any(len(b) > _KEY_BYTES for b in encoded):
        return None
    keys = [int.from_bytes(b, "little") for b in encoded]
    lengths = [len(b) for b in encoded]
    rng = np.random.default_rng(20261124)
    for _ in range(10_000):
        multiplier = int(rng.integers(0, 1 << 62)) * 2 + 1
        slots = [(((k + n) * multiplier) % (1 << 64)) >> 60 for k, n in zip(keys, lengths, strict=True)]
        if len(set(slots)) == len(slots):
            break
    else:  # pragma: no cover - 16 slots for at most 16 values: found in a few tries
        return None
    slot_keys = np.zeros(_SLOTS, dtype=np.uint64)
    slot_lengths = np.full(_SLOTS, np.iinfo(np.uint64).max, dtype=np.uint64)  # no string is that long
    slot_codes = np.full(_SLOTS, -1, dtype=np.int8)
    for code, (slot, k, n) in enumerate(zip(slots, keys, lengths, strict=True)):
        slot_keys[slot], slot_lengths[slot], slot_codes[slot] = k, n, code
    masks = np.array([(1 << (8 * m)) - 1 for m in range(_KEY_BYTES + 1)], dtype=np.uint64)
    return slot_keys, slot_lengths, slot_codes, np.uint64(multiplier), masks


def _index_in(arr: pa.Array, values: tuple[str, ...]) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    found = pc.index_in(arr, value_set=pa.array(values, type=pa.string()))
    codes = (found.fill_null(-1) if found.null_count else found).to_numpy(zero_copy_only=False)
    return codes.astype(np.int8)


#: Below this many rows a column is matched by ``index_in``: the difference is a fraction
#: of a millisecond.
JIT_MIN_ROWS = 32_768

#: The compiled kernel costs about 0.7 s to load (import numba, read its cache; 1.1 s when
#: it must compile) and saves about 90 ns a row over the ten text columns of a batch, so
#: it is loaded only for a batch of at least this many rows in all (or when an earlier
#: batch of this process already loaded it).
JIT_MIN_TOTAL_ROWS = 8_000_000

#: Tests set this to run the batch path on one engine: True (the kernel; interpreted when
#: numba is missing), False (``index_in``), None (the default choice).
_FORCE_JIT: bool | None = None


def _numba_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("numba") is not None


def _kernel_loaded() -> bool:
    """Whether this process already tried to load the kernel (so using it costs nothing more)."""
    return _compiled.cache_info().currsize > 0


def _kernel_for(n: int, total_rows: int | None) -> Any:
    """The compiled kernel when it pays for itself here, else None (see :data:`JIT_MIN_TOTAL_ROWS`)."""
    if n < JIT_MIN_ROWS:
        return None
    if _kernel_loaded():
        return _compiled()
    if total_rows is None or total_rows < JIT_MIN_TOTAL_ROWS or not _numba_installed():
        return None
    return _compiled()


def match_text(arr: pa.Array, values: tuple[str, ...], *, jit: bool | None = None,
               total_rows: int | None = None) -> Any:
    """int8 codes: the index in ``values`` of each row's text, -1 when none or null.

    ``arr`` is a ``string`` or ``large_string`` array. ``jit=True`` uses the kernel (the
    compiled one when numba is available, else the same code interpreted, slowly: for
    tests); ``jit=False`` uses ``index_in``. By default the compiled kernel is used for
    columns of at least :data:`JIT_MIN_ROWS` rows when it is already loaded, or when
    ``total_rows`` (the rows of the whole batch) is at least :data:`JIT_MIN_TOTAL_ROWS`
    and numba is installed; otherwise ``index_in``.

    Example:
        >>> import pyarrow as pa
        >>> arr = pa.array(["weak", "strong", "Strong", None, "none", "nonez"])
        >>> match_text(arr, ("strong", "weak", "none")).tolist()
        [1, 0, -1, -1, 2, -1]
        >>> match_text(arr, ("strong", "weak", "none"), jit=True).tolist()
        [1, 0, -1, -1, 2, -1]
    """
    import pyarrow as pa

    n = len(arr)
    if jit is None:
        jit = _FORCE_JIT
    if jit is None:
        kernel = _kernel_for(n, total_rows)
    elif jit:
        kernel = _compiled() or _match_kernel
    else:
        kernel = None
    tables = _tables(values)
    if kernel is None or tables is None or n == 0:
        return _index_in(arr, values)
    width = 8 if pa.types.is_large_string(arr.type) else 4
    _, offsets_buf, data_buf = arr.buffers()
    offsets = np.frombuffer(offsets_buf, dtype=np.int64 if width == 8 else np.int32, count=n + 1,
                            offset=arr.offset * width)
    data = np.frombuffer(data_buf, dtype=np.uint8) if data_buf is not None else np.zeros(0, np.uint8)
    out = np.empty(n, dtype=np.int8)
    with np.errstate(over="ignore"):  # the hash wraps around 2**64 on purpose (interpreted run)
        kernel(offsets, data, *tables, out)
    if arr.null_count:
        out[arr.is_null().to_numpy(zero_copy_only=False)] = -1
    return out
