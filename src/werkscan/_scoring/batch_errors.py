"""Per-row errors of a batch chunk as Arrow columns, built from the check masks.

Each check is one field in the scalar path's order, with its conditions in the order the
scalar path tries them (missing, not an integer, out of range, ...): a row gets the
first condition that holds, each field at most once per row, and a row's errors are
listed in field order, exactly as :func:`werkscan.score` reports them. No Python object
is made per error: rows, field and reason codes are NumPy arrays and the values are
Arrow text with a kind (see :mod:`werkscan._scoring.batch_columns`), so the cost is a few
nanoseconds per error and the memory is bounded by the chunk.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np  # imported only by the batch path (the ``batch`` extra)

from werkscan._scoring.batch_columns import KINDS, Cells

if TYPE_CHECKING:
    import pyarrow as pa

__all__: list[str] = []


class Check:
    """One field's conditions: ``(mask or None, reason code, the value is the cell's)``."""

    __slots__ = ("cells", "conds", "field")

    def __init__(self, field: int, conds: list[tuple[Any, int, bool]], cells: Callable[[Any], Cells] | None) -> None:
        self.field = field
        self.conds = conds
        self.cells = cells


class ChunkErrors:
    """The errors of one chunk: an Arrow table (row, field, value, reason, value_type) and counts."""

    __slots__ = ("invalid", "rejected", "table")

    def __init__(self, table: pa.Table, invalid: Any, rejected: int) -> None:
        self.table = table
        self.invalid = invalid
        self.rejected = rejected


def error_schema() -> pa.Schema:
    """The schema of an error table."""
    import pyarrow as pa

    return pa.schema([
        ("row", pa.int64()),
        ("field", pa.dictionary(pa.int8(), pa.string())),
        ("value", pa.dictionary(pa.int64(), pa.string())),
        ("reason", pa.dictionary(pa.int8(), pa.string())),
        ("value_type", pa.dictionary(pa.int8(), pa.string())),
    ])


def _dictionary(codes: Any, names: Sequence[str | None]) -> pa.Array:
    import pyarrow as pa

    return pa.DictionaryArray.from_arrays(pa.array(codes, type=pa.int8()), pa.array(names, type=pa.string()),
                                          safe=False)


def empty_errors(fields: Sequence[str], reasons: Sequence[str]) -> pa.Table:
    """An error table with no rows."""
    import pyarrow as pa

    return _table(np.zeros(0, np.int64), np.zeros(0, np.int8), np.zeros(0, np.int64), pa.array([], pa.string()),
                  np.zeros(0, np.int8), np.zeros(0, np.int8), fields, reasons)


def _table(rows: Any, fields_codes: Any, value_index: Any, value_dictionary: pa.Array, reasons_codes: Any,
           kinds: Any, fields: Sequence[str], reasons: Sequence[str]) -> pa.Table:
    import pyarrow as pa

    none = value_index < 0
    value = pa.DictionaryArray.from_arrays(pa.array(value_index, mask=none if none.any() else None,
                                                    type=pa.int64()), value_dictionary, safe=False)
    # kind 0 (no value) is a null value_type; the others index KINDS[1:]
    type_codes = pa.array(kinds.astype(np.int8) - 1, mask=kinds == 0, type=pa.int8())
    value_type = pa.DictionaryArray.from_arrays(type_codes, pa.array(KINDS[1:], type=pa.string()), safe=False)
    return pa.Table.from_arrays(
        [pa.array(rows, type=pa.int64()), _dictionary(fields_codes, fields), value,
         _dictionary(reasons_codes, reasons), value_type],
        schema=error_schema())


def collect(checks: list[Check], n: int, offset: int, fields: Sequence[str], reasons: Sequence[str]) -> ChunkErrors:
    """The errors of a chunk of ``n`` rows whose first row is ``offset`` in the whole input.

    Checks of the same field (an answer that is invalid, and the "exactly one of" rule for
    the same answer) report a row once: the earlier check wins, as in the scalar path.
    """
    import pyarrow as pa

    parts: list[tuple[Any, Any, int, Any, Any, Check]] = []  # (mask, rows, field, reasons, with value, check)
    reported: dict[int, Any] = {}  # field -> rows with an error of that field (bool mask)
    counts = np.zeros(n, dtype=np.int32)
    for check in checks:
        active = [(m, r, v) for m, r, v in check.conds if m is not None and m.any()]
        if not active:
            continue
        mask = active[0][0] if len(active) == 1 else np.logical_or.reduce([m for m, _, _ in active])
        earlier = reported.get(check.field)
        if earlier is not None:
            mask = mask & ~earlier
            if not mask.any():
                continue
        reported[check.field] = mask if earlier is None else (earlier | mask)
        rows = np.flatnonzero(mask)
        if len(active) == 1:
            codes = np.full(len(rows), active[0][1], dtype=np.int8)
            with_value = np.full(len(rows), active[0][2], dtype=bool)
        else:
            which = np.full(len(rows), len(active) - 1, dtype=np.int8)
            for k in range(len(active) - 2, -1, -1):  # the first condition that holds wins
                which = np.where(active[k][0][rows], np.int8(k), which)
            codes = np.array([r for _, r, _ in active], dtype=np.int8).take(which)
            with_value = np.array([v for _, _, v in active], dtype=bool).take(which)
        parts.append((mask, rows, check.field, codes, with_value, check))
        counts += mask
    if not parts:
        return ChunkErrors(empty_errors(fields, reasons), None, 0)

    # place each error at its row's slot, fields in check order: no sort needed
    first = np.cumsum(counts, dtype=np.int64) - counts  # each row's first slot
    total = int(first[-1] + counts[-1])
    out_rows = np.empty(total, dtype=np.int64)
    out_fields = np.empty(total, dtype=np.int8)
    out_reasons = np.empty(total, dtype=np.int8)
    out_kinds = np.zeros(total, dtype=np.int8)
    out_index = np.full(total, -1, dtype=np.int64)
    dictionaries: list[pa.Array] = []
    base = 0
    for mask, rows, field, codes, with_value, check in parts:
        pos = first[rows]
        first += mask  # the next error of these rows goes one slot further
        out_rows[pos] = rows
        out_fields[pos] = field
        out_reasons[pos] = codes
        if check.cells is not None and with_value.any():
            all_values = bool(with_value.all())
            cells = check.cells(rows if all_values else rows[with_value])
            at = pos if all_values else pos[with_value]
            out_kinds[at] = cells.kinds
            out_index[at] = np.where(cells.index >= 0, cells.index + base, -1)
            dictionaries.append(cells.values)
            base += len(cells.values)
    dictionary = pa.concat_arrays(dictionaries) if dictionaries else pa.array([], type=pa.string())
    invalid = counts > 0
    out_rows += offset
    table = _table(out_rows, out_fields, out_index, dictionary, out_reasons, out_kinds, fields, reasons)
    return ChunkErrors(table, invalid, int(np.count_nonzero(invalid)))
