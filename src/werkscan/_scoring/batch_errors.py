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
        ("value", pa.string()),
        ("reason", pa.dictionary(pa.int8(), pa.string())),
        ("value_type", pa.dictionary(pa.int8(), pa.string())),
    ])


def _dictionary(codes: Any, names: Sequence[str | None]) -> pa.Array:
    import pyarrow as pa

    return pa.DictionaryArray.from_arrays(pa.array(codes, type=pa.int8()), pa.array(names, type=pa.string()),
                                          safe=False)


def empty_errors(fields: Sequence[str], reasons: Sequence[str]) -> pa.Table:
    """An error table with no rows."""
    return _table(np.zeros(0, np.int64), np.zeros(0, np.int8), None, np.zeros(0, np.int8), np.zeros(0, np.int8),
                  fields, reasons)


def _table(rows: Any, fields_codes: Any, text: pa.Array | None, reasons_codes: Any, kinds: Any,
           fields: Sequence[str], reasons: Sequence[str]) -> pa.Table:
    import pyarrow as pa

    if text is None:
        text = pa.nulls(len(rows), pa.string())
    # kind 0 (no value) is a null value_type; the others index KINDS[1:]
    type_codes = pa.array(kinds.astype(np.int8) - 1, mask=kinds == 0, type=pa.int8())
    value_type = pa.DictionaryArray.from_arrays(type_codes, pa.array(KINDS[1:], type=pa.string()), safe=False)
    return pa.Table.from_arrays(
        [pa.array(rows, type=pa.int64()), _dictionary(fields_codes, fields), text,
         _dictionary(reasons_codes, reasons), value_type],
        schema=error_schema())


def collect(checks: list[Check], n: int, offset: int, fields: Sequence[str], reasons: Sequence[str]) -> ChunkErrors:
    """The errors of a chunk of ``n`` rows whose first row is ``offset`` in the whole input.

    Checks of the same field (an answer that is invalid, and the "exactly one of" rule for
    the same answer) report a row once: the earlier check wins, as in the scalar path.
    """
    import pyarrow as pa

    parts: list[tuple[Any, int, Any, Any, Check]] = []  # (rows, field, reasons, value is the cell's, check)
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
        which = np.full(len(rows), len(active) - 1, dtype=np.int8)
        for k in range(len(active) - 2, -1, -1):  # the first condition that holds wins
            which = np.where(active[k][0][rows], np.int8(k), which)
        codes = np.array([r for _, r, _ in active], dtype=np.int8).take(which)
        with_cell = np.array([v for _, _, v in active], dtype=bool).take(which)
        parts.append((rows, check.field, codes, with_cell, check))
        counts[rows] += 1
    if not parts:
        return ChunkErrors(empty_errors(fields, reasons), None, 0)

    # place each error at its row's slot, fields in check order: no sort needed
    start = np.cumsum(counts, dtype=np.int64) - counts
    filled = np.zeros(n, dtype=np.int32)
    total = int(counts.sum())
    out_rows = np.empty(total, dtype=np.int64)
    out_fields = np.empty(total, dtype=np.int8)
    out_reasons = np.empty(total, dtype=np.int8)
    out_kinds = np.zeros(total, dtype=np.int8)
    texts: list[pa.Array] = []
    positions: list[Any] = []
    for rows, field, codes, with_cell, check in parts:
        pos = start[rows] + filled[rows]
        filled[rows] += 1
        out_rows[pos] = rows
        out_fields[pos] = field
        out_reasons[pos] = codes
        if check.cells is not None and with_cell.any():
            cell_pos = pos[with_cell]
            cells = check.cells(rows[with_cell])
            out_kinds[cell_pos] = cells.kinds
            texts.append(cells.text)
            positions.append(cell_pos)
    text: pa.Array | None = None
    if texts:
        at = np.concatenate(positions)
        index = np.full(total, -1, dtype=np.int64)
        index[at] = np.arange(len(at), dtype=np.int64)
        index_arr = pa.array(index, mask=index < 0)
        text = pa.concat_arrays(texts).take(index_arr)
    invalid = counts > 0
    out_rows += offset
    table = _table(out_rows, out_fields, text, out_reasons, out_kinds, fields, reasons)
    return ChunkErrors(table, invalid, int(np.count_nonzero(invalid)))
