"""Reading one batch column as the scalar path would read each of its cells.

A number field (an answer 0-10, a count, ...) becomes :class:`IntColumn`: int64 values
(0 where a cell is missing or not a whole number), a missing mask and a not-an-integer
mask. A choice field (work nature, sick-leave band, the signal levels) becomes
:class:`TextColumn`: int8 codes (the index of the valid value, -1 otherwise) and a
missing mask. Both can tell, for any rows, the value each cell holds as the scalar path
would report it (:meth:`IntColumn.cells`), as text plus a kind (:data:`KINDS`) so that
errors stay Arrow columns until a caller asks for Python objects.

What a cell means, per Arrow type (the scalar path gets the same value from
:func:`werkscan.answers_from_row`):

* integers (signed or unsigned; 2**63 and more stay themselves and are out of range);
* floats: whole numbers are integers, anything else (4.5, NaN, infinity) is not;
* text: a whole number written ``-?digits`` (optionally ``.0``, or ``,0`` with the Dutch
  decimal mark; spaces around it allowed) is that number; anything else (``+4``,
  ``1e0``, ``vier``) is not an integer;
* booleans are never integers (nor valid choices);
* a dictionary column means its values; a ``null`` column is all missing.

Everything here works on the few distinct values of a dictionary where it can, and
otherwise on NumPy arrays: no Python per row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np  # imported only by the batch path (the ``batch`` extra)

from blikopwerk._errors import InvalidValueError

if TYPE_CHECKING:
    import pyarrow as pa

__all__: list[str] = []

#: How a cell's text reads back as the Python value the scalar path reports.
KINDS: tuple[str | None, ...] = (None, "int", "float", "text", "bool")
K_NONE, K_INT, K_FLOAT, K_TEXT, K_BOOL = range(5)

_BIG = 1 << 62  # stand-in for values outside int64: out of range for every field


class Cells:
    """Values of some rows, dictionary-encoded: distinct texts, an index per row (-1: none), a kind per row.

    A dictionary column hands over its own dictionary and the rows' indices, so no text
    is copied per error; other columns give one text per row.
    """

    __slots__ = ("index", "kinds", "values")

    def __init__(self, values: pa.Array, index: Any, kinds: Any) -> None:
        self.values = values
        self.index = index
        self.kinds = kinds


def _none_cells(n: int) -> Cells:
    import pyarrow as pa

    return Cells(pa.array([], type=pa.string()), np.full(n, -1, dtype=np.int64), np.zeros(n, dtype=np.int8))


def _per_row(text: pa.Array, kind: int) -> Cells:
    """Cells with one text per row (null text: no value)."""
    index = np.arange(len(text), dtype=np.int64)
    kinds = np.full(len(text), kind, dtype=np.int8)
    if text.null_count:
        none = text.is_null().to_numpy(zero_copy_only=False)
        index[none] = -1
        kinds[none] = K_NONE
    return Cells(text, index, kinds)


def _mask(arr: pa.Array) -> Any:
    """The null mask of an array, or None when it has no nulls."""
    if not arr.null_count:
        return None
    return arr.is_null().to_numpy(zero_copy_only=False)


def _plain(arr: pa.Array) -> pa.Array:
    """Views and large types as the plain Arrow types the readers handle."""
    import pyarrow as pa

    t = arr.type
    if pa.types.is_string_view(t):
        return arr.cast(pa.string())
    if pa.types.is_large_binary(t) or pa.types.is_binary(t) or pa.types.is_binary_view(t):
        return arr  # refused by the readers: bytes are not answers
    return arr


def _is_text(t: pa.DataType) -> bool:
    import pyarrow as pa

    return bool(pa.types.is_string(t) or pa.types.is_large_string(t))


def _int_text_pattern(decimal: str) -> str:
    mark = "\\." if decimal == "." else ","
    return rf"^\s*-?[0-9]+({mark}0*)?\s*$"


# ------------------------------------------------------------------------- numbers


class IntColumn:
    """A number field read from one Arrow column (see the module docstring).

    ``values`` holds each integer cell (clipped to +-2**62 when outside int64, which is
    out of range for every field); ``missing`` and ``bad`` are masks or None when empty.
    """

    __slots__ = ("_cells", "bad", "missing", "values")

    def __init__(self, values: Any, missing: Any, bad: Any, cells: Any) -> None:
        self.values = values
        self.missing = missing
        self.bad = bad
        self._cells = cells

    def cells(self, rows: Any) -> Cells:
        """The values of ``rows`` (positions in the chunk) as the scalar path reports them."""
        out: Cells = self._cells(rows)
        return out


def int_column(arr: pa.Array, name: str, decimal: str = ".") -> IntColumn:
    """Read a number field from any supported Arrow column.

    Raises:
        InvalidValueError: the column's type holds no numbers or text (a list, a date).
    """
    import pyarrow as pa

    arr = _plain(arr)
    t = arr.type
    n = len(arr)
    if pa.types.is_null(t):
        return IntColumn(np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool), None, lambda rows: _none_cells(len(rows)))
    if pa.types.is_dictionary(t):
        return _int_from_dictionary(arr, name, decimal)
    if pa.types.is_integer(t):
        return _int_from_integers(arr)
    if pa.types.is_floating(t):
        return _int_from_floats(arr)
    if pa.types.is_boolean(t):
        missing = _mask(arr)
        bad = np.ones(n, dtype=bool) if missing is None else ~missing
        return IntColumn(np.zeros(n, dtype=np.int64), missing, bad, lambda rows: _bool_cells(arr, rows))
    if _is_text(t):
        return _int_from_dictionary(arr.dictionary_encode(), name, decimal)
    raise InvalidValueError(f"columns.{name}", str(t), "a column of numbers or text is needed")


def _take(arr: pa.Array, rows: Any) -> pa.Array:
    import pyarrow as pa

    return arr.take(pa.array(rows, type=pa.int64()))


def _int_from_integers(arr: pa.Array) -> IntColumn:
    import pyarrow as pa

    missing = _mask(arr)
    filled = arr.fill_null(0) if missing is not None else arr
    raw = filled.to_numpy(zero_copy_only=False)
    if raw.dtype == np.uint64:  # 2**63 and more must not wrap around to negative numbers
        vals = np.minimum(raw, np.uint64(_BIG)).astype(np.int64)
    else:
        vals = raw.astype(np.int64, copy=False)

    def cells(rows: Any) -> Cells:
        return _per_row(_take(arr, rows).cast(pa.string()), K_INT)

    return IntColumn(vals, missing, None, cells)


def _float_cells(f: Any, rows: Any, *, whole_as_int: bool = True) -> Cells:
    """Cells of float values: whole numbers as integers (``answers_from_row``), others as floats."""
    import pyarrow as pa

    vals = f[rows]
    with np.errstate(invalid="ignore"):
        whole = np.isfinite(vals) & (vals == np.floor(vals)) if whole_as_int else np.zeros(len(vals), dtype=bool)
    small = whole & (np.abs(np.where(whole, vals, 0.0)) < 2.0**63)
    text = pc_cast_float(vals)
    if small.any():
        ints = pa.array(vals[small].astype(np.int64)).cast(pa.string())
        text = _scatter_text(text, small, ints)
    big = whole & ~small
    if big.any():  # whole floats beyond int64: exact digits, in Python (rare)
        digits = pa.array([str(int(v)) for v in vals[big].tolist()], type=pa.string())
        text = _scatter_text(text, big, digits)
    kinds = np.where(whole, np.int8(K_INT), np.int8(K_FLOAT)).astype(np.int8)
    return Cells(text, np.arange(len(text), dtype=np.int64), kinds)


def pc_cast_float(vals: Any) -> pa.Array:
    """Float values as their shortest round-trip text (``float(text)`` gives them back)."""
    import pyarrow as pa

    return pa.array(vals, type=pa.float64()).cast(pa.string())


def _scatter_text(text: pa.Array, where: Any, replacement: pa.Array) -> pa.Array:
    """``text`` with the rows of ``where`` replaced by ``replacement`` (in order)."""
    import pyarrow as pa

    pieces = pa.concat_arrays([text, replacement])
    index = np.arange(len(text), dtype=np.int64)
    index[where] = len(text) + np.arange(len(replacement), dtype=np.int64)
    return pieces.take(pa.array(index))


def _int_from_floats(arr: pa.Array) -> IntColumn:
    missing = _mask(arr)
    f = (arr.fill_null(0) if missing is not None else arr).to_numpy(zero_copy_only=False).astype(np.float64)
    with np.errstate(invalid="ignore"):
        whole = np.isfinite(f) & (f == np.floor(f))
    bad = ~whole if missing is None else ~missing & ~whole
    clipped = np.clip(np.where(whole, f, 0.0), -float(_BIG), float(_BIG))
    vals = clipped.astype(np.int64)
    return IntColumn(vals, missing, bad if bad.any() else None, lambda rows: _float_cells(f, rows))


def _bool_cells(arr: pa.Array, rows: Any) -> Cells:
    import pyarrow as pa

    return _per_row(_take(arr, rows).cast(pa.string()), K_BOOL)


def _parse_int_texts(texts: pa.Array, decimal: str) -> tuple[Any, Any, pa.Array]:
    """For distinct texts: (is a whole number, int64 value clipped, canonical text or the text itself)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    ok = pc.match_substring_regex(texts, _int_text_pattern(decimal)).fill_null(False)
    ok_np = ok.to_numpy(zero_copy_only=False)
    vals = np.zeros(len(texts), dtype=np.int64)
    canonical = texts
    if ok_np.any():
        mark = "\\." if decimal == "." else ","
        digits = pc.replace_substring_regex(pc.utf8_trim_whitespace(texts.filter(ok)), rf"{mark}0*$", "")
        lengths = pc.utf8_length(digits).to_numpy(zero_copy_only=False)
        where = np.flatnonzero(ok_np)
        short = lengths <= 18
        parsed = np.zeros(len(where), dtype=np.int64)
        if short.any():
            parsed[short] = pc.cast(digits.filter(pa.array(short)), pa.int64()).to_numpy(zero_copy_only=False)
        for k in np.flatnonzero(~short).tolist():  # 19 digits and more: exact in Python (rare)
            parsed[k] = max(-_BIG, min(_BIG, int(digits[k].as_py())))
        vals[where] = parsed
        canon = pa.array(parsed).cast(pa.string())
        if not short.all():
            long_rows = np.flatnonzero(~short)
            exact = pa.array([str(int(digits[k].as_py())) for k in long_rows.tolist()], type=pa.string())
            canon = _scatter_text(canon, ~short, exact)
        canonical = _scatter_text(texts, ok_np, canon)
    return ok_np, vals, canonical


def _int_from_dictionary(arr: pa.DictionaryArray, name: str, decimal: str) -> IntColumn:
    import pyarrow as pa

    dictionary = _plain(arr.dictionary)
    if not _is_text(dictionary.type):
        return int_column(arr.dictionary_decode(), name, decimal)
    if pa.types.is_large_string(dictionary.type):
        dictionary = dictionary.cast(pa.string())
    ok, dvals, canonical = _parse_int_texts(dictionary, decimal)
    missing = _mask(arr)
    indices = arr.indices.fill_null(0) if missing is not None else arr.indices
    idx = indices.to_numpy(zero_copy_only=False)
    if len(dictionary) == 0:
        n = len(arr)
        return IntColumn(np.zeros(n, dtype=np.int64), missing, None, lambda rows: _none_cells(len(rows)))
    vals = dvals.take(idx)
    bad = None
    if not ok.all():
        bad = ~ok.take(idx)
        if missing is not None:
            bad &= ~missing
        if not bad.any():
            bad = None
    dkinds = np.where(ok, np.int8(K_INT), np.int8(K_TEXT)).astype(np.int8)

    def cells(rows: Any) -> Cells:
        at = idx[rows].astype(np.int64)
        kinds = dkinds.take(at)
        if missing is not None:
            none = missing[rows]
            if none.any():
                at[none] = -1
                kinds[none] = K_NONE
        return Cells(canonical, at, kinds)

    return IntColumn(vals, missing, bad, cells)


# ------------------------------------------------------------------------- choices


class TextColumn:
    """A choice field read from one Arrow column: codes (-1: not a valid value) and nulls."""

    __slots__ = ("_cells", "codes", "missing")

    def __init__(self, codes: Any, missing: Any, cells: Any) -> None:
        self.codes = codes
        self.missing = missing
        self._cells = cells

    def cells(self, rows: Any) -> Cells:
        """The values of ``rows`` as the scalar path reports them."""
        out: Cells = self._cells(rows)
        return out


def text_column(arr: pa.Array, values: tuple[str, ...], name: str, *, whole_floats_as_int: bool,
                total_rows: int | None) -> TextColumn:
    """Read a choice field: the index of each cell's value in ``values``, -1 for anything else.

    ``whole_floats_as_int``: a float cell 3.0 reads as 3 (the WAI answers) or stays 3.0
    (the signal levels), as :func:`werkscan.answers_from_row` passes them on.

    Raises:
        InvalidValueError: the column's type holds no text or numbers.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = _plain(arr)
    t = arr.type
    n = len(arr)
    missing = _mask(arr)
    if pa.types.is_null(t):
        return TextColumn(np.full(n, -1, dtype=np.int8), np.ones(n, dtype=bool), lambda rows: _none_cells(len(rows)))
    if pa.types.is_dictionary(t):
        dictionary = _plain(arr.dictionary)
        if not _is_text(dictionary.type):
            return text_column(arr.dictionary_decode(), values, name, whole_floats_as_int=whole_floats_as_int,
                               total_rows=total_rows)
        found = pc.index_in(dictionary, value_set=pa.array(values, type=pa.string()))
        dcodes = found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int8)
        indices = arr.indices.fill_null(0) if missing is not None else arr.indices
        idx = indices.to_numpy(zero_copy_only=False)
        codes = dcodes.take(idx) if len(dcodes) else np.full(n, -1, dtype=np.int8)
        if missing is not None:
            codes = np.where(missing, np.int8(-1), codes)

        plain_dictionary = dictionary.cast(pa.string())

        def dict_cells(rows: Any) -> Cells:
            at = idx[rows].astype(np.int64)
            kinds = np.full(len(at), K_TEXT, dtype=np.int8)
            if missing is not None:
                none = missing[rows]
                at[none] = -1
                kinds[none] = K_NONE
            return Cells(plain_dictionary, at, kinds)

        return TextColumn(codes, missing, dict_cells)
    if _is_text(t):
        from werkscan._scoring.batch_text import match_text

        def text_cells(rows: Any) -> Cells:
            if pa.types.is_string(arr.type) and len(rows) * 4 >= len(arr):
                # many errors: point into the column itself instead of copying their texts
                index = rows.astype(np.int64)
                kinds = np.full(len(rows), K_TEXT, dtype=np.int8)
                if missing is not None:
                    none = missing[rows]
                    index[none] = -1
                    kinds[none] = K_NONE
                return Cells(arr, index, kinds)
            return _per_row(_take(arr, rows).cast(pa.string()), K_TEXT)

        return TextColumn(match_text(arr, values, total_rows=total_rows), missing, text_cells)
    codes = np.full(n, -1, dtype=np.int8)  # no number or boolean is a valid choice
    if pa.types.is_integer(t):
        def int_cells(rows: Any) -> Cells:
            return _per_row(_take(arr, rows).cast(pa.string()), K_INT)

        return TextColumn(codes, missing, int_cells)
    if pa.types.is_floating(t):
        f = (arr.fill_null(0) if missing is not None else arr).to_numpy(zero_copy_only=False).astype(np.float64)

        def float_cells(rows: Any) -> Cells:
            out = _float_cells(f, rows, whole_as_int=whole_floats_as_int)
            if missing is not None:
                none = missing[rows]
                out.index[none] = -1
                out.kinds[none] = K_NONE
            return out

        return TextColumn(codes, missing, float_cells)
    if pa.types.is_boolean(t):
        return TextColumn(codes, missing, lambda rows: _bool_cells(arr, rows))
    raise InvalidValueError(f"columns.{name}", str(t), "a column of text is needed")


def read_values(text: list[str | None], kinds: list[str | None]) -> list[Any]:
    """The Python values of cells (text and kind name), as the scalar path reports them.

    Example:
        >>> read_values(["5", "4.5", "vijf", "true", None], ["int", "float", "text", "bool", None])
        [5, 4.5, 'vijf', True, None]
    """
    out: list[Any] = []
    for t, k in zip(text, kinds, strict=True):
        if k is None or t is None:
            out.append(None)
        elif k == "int":
            out.append(int(t))
        elif k == "float":
            out.append(float(t))
        elif k == "bool":
            out.append(t == "true")
        else:
            out.append(t)
    return out
