"""Matching a plain Arrow text column against a few valid values, fast and exactly.

The batch path turns each text answer (``work_nature``, ``sick_leave_band``, the eight
signal levels) into the index of its value, or -1 when it is none of them. Three engines
give the same codes; the tests run all three:

- **views** (the default): Arrow casts the column to ``string_view``, whose 16-byte view
  of each row holds its length, and a value of at most twelve bytes whole, zero-padded
  (1.5-4 ns a row). NumPy then hashes the first eight bytes of each view into one of 16
  slots, in which the valid values sit apart, and compares both halves of the view with
  the slot's value: exact, with no per-string hashing. 6-9 ns a row in all.
- **index_in**: Arrow's ``index_in`` hashes every string, 11-13 ns a row. Used for
  values over twelve bytes, two values of one length that start with the same four bytes,
  and on a pyarrow without the ``string_view`` cast (before 18).
- **kernel**: with the optional ``jit`` extra (numba), one compiled loop over the Arrow
  buffers reads the first eight bytes of each string as one 64-bit number, hashes it with
  the length into the 16 slots and compares both with the slot's value (about 2 ns a
  row). Loading numba and the kernel costs far more than it saves on an ordinary batch,
  so it is used only for a batch of at least :data:`JIT_MIN_TOTAL_ROWS` rows, or once it
  is loaded in the process. Numba's JIT disabled (``NUMBA_DISABLE_JIT=1`` or
  ``BLIKOPWERK_JIT=0``) or values over eight bytes leave it out.

Dictionary-encoded columns (as read from Parquet and CSV) are not handled here: the batch
path matches their few dictionary values once and takes the codes by index.
"""

from __future__ import annotations

import functools
import logging
import os
from typing import TYPE_CHECKING, Any, Literal

import numpy as np  # this module is imported only by the batch path (the ``batch`` extra)

if TYPE_CHECKING:
    import pyarrow as pa

__all__: list[str] = []

logger = logging.getLogger("werkscan.batch")

#: Set ``BLIKOPWERK_JIT=0`` to leave the compiled kernel out even when numba is installed.
_ENV = "BLIKOPWERK_JIT"
_KEY_BYTES = 8
#: A ``string_view`` keeps a value of up to this many bytes inside its 16-byte view.
_VIEW_BYTES = 12

#: The three ways of matching a column (see the module's docstring).
Engine = Literal["kernel", "views", "index_in"]


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


def _multiplier(keys: list[int]) -> int | None:
    """The first odd multiplier from a fixed sequence that puts every key in a slot of its own.

    A key's slot is the top four bits of ``key * multiplier`` (modulo 2**64). The sequence
    is seeded, so the tables, and so the results, are the same in every run.
    """
    rng = np.random.default_rng(20261124)
    for _ in range(10_000):
        multiplier = int(rng.integers(0, 1 << 62)) * 2 + 1
        slots = {((k * multiplier) % (1 << 64)) >> 60 for k in keys}
        if len(slots) == len(keys):
            return multiplier
    return None  # pragma: no cover - 16 slots for at most 16 distinct keys: found in a few tries


def _slot(key: int, multiplier: int) -> int:
    return ((key * multiplier) % (1 << 64)) >> 60


@functools.cache
def _tables(values: tuple[str, ...]) -> tuple[Any, ...] | None:
    """The kernel's (slot keys, slot lengths, slot codes, multiplier, masks) for the values.

    None when a value is over eight bytes or there are more values than slots.
    """
    encoded = [v.encode("utf-8") for v in values]
    if len(encoded) > _SLOTS or len(set(encoded)) != len(encoded) or any(len(b) > _KEY_BYTES for b in encoded):
        return None
    keys = [int.from_bytes(b, "little") for b in encoded]
    lengths = [len(b) for b in encoded]
    multiplier = _multiplier([k + n for k, n in zip(keys, lengths, strict=True)])
    if multiplier is None:  # pragma: no cover - see _multiplier
        return None
    slot_keys = np.zeros(_SLOTS, dtype=np.uint64)
    slot_lengths = np.full(_SLOTS, np.iinfo(np.uint64).max, dtype=np.uint64)  # no string is that long
    slot_codes = np.full(_SLOTS, -1, dtype=np.int8)
    for code, (k, n) in enumerate(zip(keys, lengths, strict=True)):
        slot = _slot(k + n, multiplier)
        slot_keys[slot], slot_lengths[slot], slot_codes[slot] = k, n, code
    masks = np.array([(1 << (8 * m)) - 1 for m in range(_KEY_BYTES + 1)], dtype=np.uint64)
    return slot_keys, slot_lengths, slot_codes, np.uint64(multiplier), masks


def _view_words(b: bytes) -> tuple[int, int]:
    """The two 64-bit words of the ``string_view`` of a value of at most twelve bytes.

    The first holds the length (32 bits) and the first four bytes; the second the next
    eight. Bytes past the value are zero, as Arrow's format requires.
    """
    view = len(b).to_bytes(4, "little") + b.ljust(_VIEW_BYTES, b"\0")
    return int.from_bytes(view[:8], "little"), int.from_bytes(view[8:], "little")


@functools.cache
def _view_tables(values: tuple[str, ...]) -> tuple[Any, ...] | None:
    """The views engine's (slot heads, slot tails, slot codes, multiplier) for the values.

    A row's slot comes from the first word of its view (length and first four bytes), so
    None when two values share that word (same length, same first four bytes), when a
    value is over twelve bytes, or when there are more values than slots. An empty slot
    holds a head of 0 (an empty string) with a tail no empty string has, so it matches
    no row.
    """
    encoded = [v.encode("utf-8") for v in values]
    if len(encoded) > _SLOTS or len(set(encoded)) != len(encoded) or any(len(b) > _VIEW_BYTES for b in encoded):
        return None
    words = [_view_words(b) for b in encoded]
    heads = [h for h, _ in words]
    if len(set(heads)) != len(heads):
        return None
    multiplier = _multiplier(heads)
    if multiplier is None:  # pragma: no cover - see _multiplier
        return None
    slot_heads = np.zeros(_SLOTS, dtype=np.uint64)
    slot_tails = np.full(_SLOTS, np.iinfo(np.uint64).max, dtype=np.uint64)
    slot_codes = np.full(_SLOTS, -1, dtype=np.int8)
    for code, (head, tail) in enumerate(words):
        slot = _slot(head, multiplier)
        slot_heads[slot], slot_tails[slot], slot_codes[slot] = head, tail, code
    return slot_heads, slot_tails, slot_codes, np.uint64(multiplier)


def _views(arr: pa.Array) -> Any:
    """The column's ``string_view`` views as an (n, 2) array of 64-bit words, or None.

    None when this pyarrow cannot cast text to ``string_view`` (before 18) or lays the
    views out otherwise than :func:`_view_words` reads them (checked once, on a probe).
    """
    if not _views_supported():
        return None
    import pyarrow as pa

    views = arr.cast(pa.string_view())
    return np.frombuffer(views.buffers()[1], dtype=np.uint64, count=2 * len(views),
                         offset=views.offset * 16).reshape(-1, 2)


@functools.cache
def _views_supported() -> bool:
    """Whether this pyarrow casts text to ``string_view`` laid out as :func:`_view_words` reads it.

    Checked once, on a probe sliced past a null: short values, an empty one, one of twelve
    bytes (whole in its view) and one of thirteen (kept out of line: only its length is
    compared).
    """
    import pyarrow as pa

    short = [b"ab", b"", b"twaalf bytes", "\u00e9".encode()]
    long = b"dertien bytes"
    try:
        probe = pa.array([None, *(c.decode() for c in [*short, long])]).slice(1).cast(pa.string_view())
    except (AttributeError, pa.ArrowNotImplementedError):  # no string_view (before 16), no cast (before 18)
        return False
    words = np.frombuffer(probe.buffers()[1], dtype=np.uint64, count=2 * len(probe),
                          offset=probe.offset * 16).reshape(-1, 2).tolist()
    return (words[:-1] == [list(_view_words(c)) for c in short]
            and words[-1][0] & 0xFFFFFFFF == len(long))


def _match_views(words: Any, tables: tuple[Any, ...]) -> Any:
    """int8 codes of the rows whose views are ``words``: the slot's code where both words equal its value's."""
    slot_heads, slot_tails, slot_codes, multiplier = tables
    heads, tails = words[:, 0], words[:, 1]
    with np.errstate(over="ignore"):  # the hash wraps around 2**64 on purpose
        slot = np.multiply(heads, multiplier)
    slot >>= np.uint64(60)
    slot = slot.view(np.int64)  # 0-15 either way; take() wants signed indices
    hit = slot_heads.take(slot) == heads
    hit &= slot_tails.take(slot) == tails
    codes = slot_codes.take(slot)
    codes += 1
    codes *= hit
    codes -= 1
    return codes


def _index_in(arr: pa.Array, values: tuple[str, ...]) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    found = pc.index_in(arr, value_set=pa.array(values, type=pa.string()))
    codes = (found.fill_null(-1) if found.null_count else found).to_numpy(zero_copy_only=False)
    return codes.astype(np.int8)


#: Below this many rows a column is never matched by the kernel: the difference is a
#: fraction of a millisecond.
JIT_MIN_ROWS = 32_768

#: The compiled kernel costs about 0.5-0.7 s to load (import numba, read its cache; about
#: 1.1 s when it must compile) and saves about 50 ns a row against the views over the ten
#: text columns of a batch (about 2 ns a column instead of 6-9), so it pays off above
#: about 11 million rows when cached and 22 million when compiled. It is loaded only for a
#: batch of at least this many rows in all (or when an earlier batch of this process
#: already loaded it).
JIT_MIN_TOTAL_ROWS = 16_000_000

#: Tests and the benchmark set this to run the batch path on one engine (the kernel is
#: interpreted when numba is missing); None is the default choice.
_FORCE_ENGINE: Engine | None = None


def _numba_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("numba") is not None


def _kernel_loaded() -> bool:
    """Whether this process already tried to load the kernel (so using it costs nothing more)."""
    return _compiled.cache_info().currsize > 0


def _kernel_pays(n: int, total_rows: int | None) -> bool:
    """Whether the compiled kernel is there and pays for itself here (see :data:`JIT_MIN_TOTAL_ROWS`).

    Loads it (once per process) when the batch is large enough and numba is installed.
    """
    if n < JIT_MIN_ROWS:
        return False
    if not _kernel_loaded() and (total_rows is None or total_rows < JIT_MIN_TOTAL_ROWS or not _numba_installed()):
        return False
    return _compiled() is not None


def match_text(arr: pa.Array, values: tuple[str, ...], *, engine: Engine | None = None,
               total_rows: int | None = None) -> Any:
    """int8 codes: the index in ``values`` of each row's text, -1 when none or null.

    ``arr`` is a ``string`` or ``large_string`` array. ``engine`` picks the engine (see the
    module's docstring): ``"kernel"`` is the compiled kernel when numba is available, else
    the same code interpreted (slowly: for tests). By default the compiled kernel is used
    for columns of at least :data:`JIT_MIN_ROWS` rows when it is already loaded, or when
    ``total_rows`` (the rows of the whole batch) is at least :data:`JIT_MIN_TOTAL_ROWS`
    and numba is installed; otherwise the views. An engine that cannot take the values
    hands them on: kernel, then views, then ``index_in``.

    Example:
        >>> import pyarrow as pa
        >>> arr = pa.array(["weak", "strong", "Strong", None, "none", "nonez"])
        >>> match_text(arr, ("strong", "weak", "none")).tolist()
        [1, 0, -1, -1, 2, -1]
        >>> [match_text(arr, ("strong", "weak", "none"), engine=e).tolist() == [1, 0, -1, -1, 2, -1]
        ...  for e in ("kernel", "views", "index_in")]
        [True, True, True]
    """
    n = len(arr)
    if engine is None:
        engine = _FORCE_ENGINE
    if engine is None:
        engine = "kernel" if _kernel_pays(n, total_rows) else "views"
    if n == 0 or engine == "index_in":
        return _index_in(arr, values)
    out = None
    if engine == "kernel":
        tables = _tables(values)
        if tables is not None:
            out = _run_kernel(_compiled() or _match_kernel, arr, tables)
    if out is None:
        view_tables = _view_tables(values)
        words = _views(arr) if view_tables is not None else None
        if view_tables is None or words is None:
            return _index_in(arr, values)
        out = _match_views(words, view_tables)
    if arr.null_count:
        out[arr.is_null().to_numpy(zero_copy_only=False)] = -1
    return out


def _run_kernel(kernel: Any, arr: pa.Array, tables: tuple[Any, ...]) -> Any:
    """The kernel's codes for the rows of ``arr`` (nulls not yet set to -1)."""
    import pyarrow as pa

    n = len(arr)
    width = 8 if pa.types.is_large_string(arr.type) else 4
    _, offsets_buf, data_buf = arr.buffers()
    offsets = np.frombuffer(offsets_buf, dtype=np.int64 if width == 8 else np.int32, count=n + 1,
                            offset=arr.offset * width)
    data = np.frombuffer(data_buf, dtype=np.uint8) if data_buf is not None else np.zeros(0, np.uint8)
    out = np.empty(n, dtype=np.int8)
    with np.errstate(over="ignore"):  # the hash wraps around 2**64 on purpose (interpreted run)
        kernel(offsets, data, *tables, out)
    return out
