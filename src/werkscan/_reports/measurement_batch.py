"""Repeat measurement over Arrow columns (WS-RPT-5): the batch path of :mod:`measurement`.

:func:`compare_scored` pairs scored rows by a worker column and a measurement column and
summarises them with NumPy, giving the same pairs, the same :class:`werkscan.RepeatSummary`
and the same errors as :func:`werkscan.pair_measurements` on the same rows (property-tested).
:func:`compare_batch` scores the answers first (:func:`werkscan.score_batch`) and then
compares; rows that cannot be scored are reported and their workers count as unpaired.

numpy and pyarrow are imported when first used (the ``batch`` extra).
"""

from __future__ import annotations

import pathlib
from decimal import Decimal
from typing import Any

import attrs

from blikopwerk._errors import InvalidValueError
from blikopwerk._rules import RuleSet
from werkscan._reports.measurement import (
    BAND_ORDER,
    RepeatSummary,
    SignalChange,
    _labels,
)
from werkscan._scoring.model import SignalArea, SignalLevel

__all__ = ["RepeatMeasurementBatch", "compare_batch", "compare_scored"]

_AREAS = [a.value for a in SignalArea]
_BANDS = [b.value for b in BAND_ORDER]
_SEVERITY = [SignalLevel.NONE.value, SignalLevel.WEAK.value, SignalLevel.STRONG.value]  # index = severity
_CHANGES = [c.value for c in SignalChange]


@attrs.frozen
class RepeatMeasurementBatch:
    """A repeat measurement computed over Arrow columns (WS-RPT-5).

    ``changes`` is an Arrow table with one row per paired worker, in worker order: the
    worker column, ``before_score``, ``after_score``, ``wai_change``, ``before_band``,
    ``after_band``, ``band_steps`` and, per signal area, its change (``appeared``, ``went``,
    ``stronger``, ``weaker``; null when unchanged). ``errors`` are the rows that could not be
    scored (:func:`compare_batch` only).

    Example:
        >>> from werkscan import summarise_pairs
        >>> RepeatMeasurementBatch(None, summarise_pairs([]), 0, 1, 2).summary.pairs
        0
    """

    changes: Any
    summary: RepeatSummary
    unpaired: int
    before: Any
    after: Any
    errors: tuple[Any, ...] = ()
    rows: int = 0


def _codes(column: Any, values: list[str], name: str, rows: Any) -> Any:
    """Positions of a text column's values in ``values``; an error names the first bad row."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_dictionary(column.type):
        column = column.cast(pa.string())
    idx = pc.index_in(column, value_set=pa.array(values, pa.string()))
    codes = np.asarray(idx.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)
    bad = np.flatnonzero(codes < 0)
    if bad.size:
        i = int(rows[bad[0]])
        raise InvalidValueError(f"records[{i}]", column[int(bad[0])].as_py(), f"{name}: expected one of {values}")
    return codes


def _halves(column: Any, rows: Any) -> Any:
    import numpy as np

    values = np.asarray(column.to_numpy(zero_copy_only=False), dtype=np.float64)
    doubled = values * 2
    bad = np.flatnonzero(~np.isfinite(doubled) | (doubled != np.round(doubled)))
    if bad.size:
        i = int(rows[bad[0]])
        raise InvalidValueError(f"records[{i}]", column[int(bad[0])].as_py(), "score: a WAI is a whole or half number")
    return doubled.astype(np.int64)


def _plain(column: Any) -> Any:
    """One Arrow array of plain values (dictionaries decoded, chunks combined)."""
    import pyarrow as pa

    if pa.types.is_dictionary(column.type):
        column = column.cast(column.type.value_type)
    return column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column


def _sides(worker_codes: Any, label: Any, first: Any, second: Any) -> tuple[Any, Any]:
    """The rows of the two measurements; the first row without a key, or with a second
    questionnaire of a worker for one measurement, is an error (as in the scalar path)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    null_label = np.asarray(pc.is_null(label).to_numpy(zero_copy_only=False), dtype=bool)
    null_rows = np.flatnonzero(null_label | (worker_codes < 0))
    sides = []
    candidates: list[tuple[int, Any, str]] = []
    if null_rows.size:
        candidates.append((int(null_rows[0]), None, "a questionnaire needs a worker key and a measurement label"))
    for value in (first, second):
        hit = pc.fill_null(pc.equal(label, pa.scalar(value, label.type)), False)
        idx = np.flatnonzero(np.asarray(hit.to_numpy(zero_copy_only=False), dtype=bool))
        idx = idx[worker_codes[idx] >= 0]
        _, firsts = np.unique(worker_codes[idx], return_index=True)
        if firsts.size != idx.size:
            seconds = np.setdiff1d(np.arange(idx.size), firsts)
            candidates.append((int(idx[seconds.min()]), value,
                               "a second questionnaire of one worker for this measurement"))
        sides.append(idx)
    if candidates:
        row, value, reason = min(candidates, key=lambda c: c[0])
        raise InvalidValueError(f"records[{row}]", value, reason)
    return sides[0], sides[1]


def compare_scored(table: Any, *, worker_column: str, measurement_column: str, before: Any = None,
                   after: Any = None, row_numbers: Any = None) -> RepeatMeasurementBatch:
    """Pair and compare scored rows by worker and measurement (WS-RPT-5), over Arrow columns.

    Args:
        table: an Arrow table with the worker and measurement columns, ``score``, ``band``
            and the eight signal-area columns (as :func:`werkscan.score_batch` writes them).
        worker_column: the column with the worker key (a pseudonym).
        measurement_column: the column with the measurement label (e.g. 1 and 2).
        before, after: the labels of the two measurements; by default the two distinct
            labels in sorted order.
        row_numbers: the input row of each table row, for error messages (default 0, 1, ...).

    Returns:
        A :class:`RepeatMeasurementBatch`, equal in pairs, summary and errors to
        :func:`werkscan.pair_measurements` on the same rows.

    Raises:
        InvalidValueError: a missing column, a row without worker or label, a second
            questionnaire of a worker for one measurement, not exactly two labels.

    Example:
        >>> import pyarrow as pa
        >>> t = pa.table({"worker": ["a", "a"], "m": [1, 2], "score": [40.0, 42.5], "band": ["good", "good"],
        ...               **{a.value: ["none", "weak" if a.value == "work" else "none"] for a in SignalArea}})
        >>> r = compare_scored(t, worker_column="worker", measurement_column="m")
        >>> r.summary.mean_change, r.changes.column("work").to_pylist()
        (Decimal('2.5'), ['appeared'])
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    needed = [worker_column, measurement_column, "score", "band", *_AREAS]
    missing = [c for c in needed if c not in table.column_names]
    if missing:
        raise InvalidValueError("columns", missing, "missing from the table")
    rows = np.arange(table.num_rows) if row_numbers is None else np.asarray(row_numbers, dtype=np.int64)
    worker, label = _plain(table.column(worker_column)), _plain(table.column(measurement_column))
    first, second = _labels([v for v in pc.unique(label).to_pylist() if v is not None], before, after)
    # pair through a dictionary of the workers: position of each worker's later row
    codes = np.asarray(pc.dictionary_encode(worker).indices.fill_null(-1).to_numpy(zero_copy_only=False),
                       dtype=np.int64)
    side_b, side_a = _sides(codes, label, first, second)
    later = np.full(int(codes.max(initial=-1)) + 1, -1, dtype=np.int64)
    later[codes[side_a]] = side_a
    partner = later[codes[side_b]]
    keep = partner >= 0
    b_idx, a_idx = side_b[keep], partner[keep]
    order = np.asarray(pc.sort_indices(worker.take(pa.array(b_idx))).to_numpy(zero_copy_only=False), dtype=np.int64)
    b_idx, a_idx = b_idx[order], a_idx[order]
    unpaired = int(side_b.size - b_idx.size + side_a.size - a_idx.size)

    def picked(name: str, idx: Any) -> Any:
        return table.column(name).take(pa.array(idx, pa.int64()))

    hb, ha = _halves(picked("score", b_idx), rows[b_idx]), _halves(picked("score", a_idx), rows[a_idx])
    bb = _codes(picked("band", b_idx), _BANDS, "band", rows[b_idx])
    ba = _codes(picked("band", a_idx), _BANDS, "band", rows[a_idx])
    n = b_idx.size
    area_changes = np.zeros((len(_AREAS), len(_CHANGES)), dtype=np.int64)
    area_columns: dict[str, Any] = {}
    for i, area in enumerate(_AREAS):
        lb = _codes(picked(area, b_idx), _SEVERITY, area, rows[b_idx])
        la = _codes(picked(area, a_idx), _SEVERITY, area, rows[a_idx])
        change = np.full(n, -1, dtype=np.int8)
        change[(lb == 0) & (la > 0)] = 0  # appeared
        change[(lb > 0) & (la == 0)] = 1  # went
        change[(lb == 1) & (la == 2)] = 2  # stronger
        change[(lb == 2) & (la == 1)] = 3  # weaker
        area_changes[i] = np.bincount(change[change >= 0], minlength=len(_CHANGES))
        area_columns[area] = pa.DictionaryArray.from_arrays(pa.array(change, mask=change < 0),
                                                            pa.array(_CHANGES, pa.string()))
    delta = ha - hb
    transitions = np.bincount(bb * len(_BANDS) + ba, minlength=len(_BANDS) ** 2).reshape(len(_BANDS), len(_BANDS))
    summary = RepeatSummary(
        int(n), Decimal(int(hb.sum())) / 2, Decimal(int(ha.sum())) / 2,
        [[int(v) for v in row] for row in transitions],
        int((delta > 0).sum()), int((delta == 0).sum()), int((delta < 0).sum()),
        [[int(v) for v in row] for row in area_changes])
    bands = pa.array(_BANDS, pa.string())
    changes = pa.table({
        worker_column: worker.take(pa.array(b_idx, pa.int64())),
        "before_score": pa.array(hb / 2.0), "after_score": pa.array(ha / 2.0), "wai_change": pa.array(delta / 2.0),
        "before_band": pa.DictionaryArray.from_arrays(pa.array(bb.astype(np.int8)), bands),
        "after_band": pa.DictionaryArray.from_arrays(pa.array(ba.astype(np.int8)), bands),
        "band_steps": pa.array((ba - bb).astype(np.int8)),
        **area_columns,
    })
    return RepeatMeasurementBatch(changes, summary, unpaired, first, second, (), table.num_rows)


def _read_table(source: Any) -> Any:
    """An Arrow table from a table, a record batch, a pandas/polars frame, or a CSV/Parquet path."""
    import pyarrow as pa

    if isinstance(source, pa.Table):
        return source
    if isinstance(source, pa.RecordBatch):
        return pa.Table.from_batches([source])
    if isinstance(source, str | pathlib.Path):
        path = pathlib.Path(source)
        if path.suffix.lower() == ".csv":
            import pyarrow.csv as pcsv

            return pcsv.read_csv(path)
        if path.is_dir() or path.suffix.lower() in (".parquet", ".pq"):
            import pyarrow.dataset as ds

            return ds.dataset(path, format="parquet").to_table()
        raise InvalidValueError("source", str(source), "expected a .csv or .parquet file")
    module = type(source).__module__.split(".")[0]
    if module == "pandas":
        return pa.Table.from_pandas(source, preserve_index=False)
    if module == "polars":
        return source.to_arrow()
    raise InvalidValueError("source", type(source).__name__, "expected an Arrow table, a DataFrame or a file path")


def compare_batch(source: Any, *, worker_column: str, measurement_column: str, before: Any = None,
                  after: Any = None, rules: RuleSet | None = None) -> RepeatMeasurementBatch:
    """Score a batch of answers with a worker and a measurement column, then compare (WS-RPT-5).

    Args:
        source: answers in the batch columns (:data:`werkscan.BATCH_COLUMNS`) plus the worker
            and measurement columns: an Arrow table, a pandas or polars DataFrame, or a CSV or
            Parquet path.
        worker_column, measurement_column, before, after: as :func:`compare_scored`.
        rules: the scoring rule set.

    Returns:
        A :class:`RepeatMeasurementBatch` with the scoring errors; a worker with a row that
        cannot be scored has no pair for that measurement.

    Example:
        >>> import pyarrow as pa
        >>> from werkscan import row_from_answers
        >>> wai = {"current_work_ability": 8, "physical_demands": 4, "mental_demands": 3, "work_nature": "both",
        ...        "diagnosed_diseases": 1, "impairment": 5, "sick_leave_days": 3, "prognosis": 7,
        ...        "mental_resources": [3, 3, 2]}
        >>> quiet = {a.value: "none" for a in SignalArea}
        >>> rows = [row_from_answers({"wai": wai, "signals": quiet}),
        ...         row_from_answers({"wai": {**wai, "current_work_ability": 10}, "signals": quiet})]
        >>> t = pa.Table.from_pylist([{**r, "worker": "w1", "m": m} for r, m in zip(rows, (1, 2))])
        >>> compare_batch(t, worker_column="worker", measurement_column="m").summary.mean_change
        Decimal('2')
    """
    import pyarrow as pa

    from werkscan._scoring.batch import score_batch

    table = _read_table(source)
    for name in (worker_column, measurement_column):
        if name not in table.column_names:
            raise InvalidValueError(name, None, "no such column in the batch")
    scored = score_batch(table, rules=rules)
    results = scored.results
    rows = results.column("row")
    keys = {name: table.column(name).take(rows) for name in (worker_column, measurement_column)}
    values = {c: results.column(c) if c in results.column_names else pa.array([], pa.float64() if c == "score"
                                                                              else pa.string())
              for c in ("score", "band", *_AREAS)}
    joined = pa.table({**keys, **values})
    out = compare_scored(joined, worker_column=worker_column, measurement_column=measurement_column,
                         before=before, after=after, row_numbers=rows.to_numpy(zero_copy_only=False))
    return attrs.evolve(out, errors=scored.errors, rows=scored.rows)
