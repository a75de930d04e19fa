"""The conversion funnel over Arrow columns (WS-RPT-6): the batch path of :mod:`funnel`.

:func:`funnel_columns` counts a table with one row per started questionnaire (columns
``route``, ``completed``, ``advice``, ``requested``, ``held``) with NumPy, and gives the same
:class:`werkscan.FunnelReport` and the same first error as :func:`werkscan.funnel` on the
same rows (property-tested). numpy and pyarrow are imported when first used.
"""

from __future__ import annotations

from typing import Any

from blikopwerk._errors import InvalidValueError
from werkscan._reports.funnel import Funnel, FunnelReport
from werkscan._scoring.model import Advice

__all__ = ["FUNNEL_COLUMNS", "funnel_columns"]

#: The columns the batch funnel reads, one row per started questionnaire.
FUNNEL_COLUMNS: tuple[str, ...] = ("route", "completed", "advice", "requested", "held")
_ADVICES = [a.value for a in Advice]  # urgent, advised, none


def _plain(column: Any) -> Any:
    import pyarrow as pa

    if pa.types.is_dictionary(column.type):
        column = column.cast(column.type.value_type)
    return column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column


def _flags(column: Any, n: int) -> tuple[Any, Any, Any]:
    """(values, null mask, first row that is not a boolean or -1) of a flag column."""
    import numpy as np
    import pyarrow as pa

    if not pa.types.is_boolean(column.type):
        values = np.zeros(n, dtype=bool)
        bad = 0 if n else -1
        return values, np.zeros(n, dtype=bool), bad
    nulls = np.asarray(column.is_null().to_numpy(zero_copy_only=False), dtype=bool)
    values = np.asarray(column.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)
    return values, nulls, -1


def funnel_columns(table: Any) -> FunnelReport:
    """Count started questionnaires through the funnel, per access route, over Arrow columns.

    Args:
        table: an Arrow table (or anything with the same columns that pyarrow can read as
            one) with :data:`FUNNEL_COLUMNS`: ``route`` (text), ``completed``, ``requested``,
            ``held`` (booleans) and ``advice`` (``urgent``, ``advised``, ``none`` or null
            while not completed).

    Returns:
        The :class:`werkscan.FunnelReport`, equal to :func:`werkscan.funnel` on the rows.

    Raises:
        InvalidValueError: a missing column, or the first row that is not a valid record,
            named ``records[<row>].<field>`` as the scalar path names it.

    Example:
        >>> import pyarrow as pa
        >>> t = pa.table({"route": ["link", "link", "free"], "completed": [True, True, False],
        ...               "advice": ["advised", "none", None], "requested": [True, False, False],
        ...               "held": [False, False, False]})
        >>> r = funnel_columns(t)
        >>> r.routes["link"].requested, r.total.started, r.total.completed
        (1, 3, 2)
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if not isinstance(table, pa.Table):
        raise InvalidValueError("table", type(table).__name__, "expected an Arrow table")
    missing = [c for c in FUNNEL_COLUMNS if c not in table.column_names]
    if missing:
        raise InvalidValueError("columns", missing, "missing from the table")
    n = table.num_rows
    route = _plain(table.column("route"))
    advice_col = _plain(table.column("advice"))
    # advice: a known value, or null (the converter of the scalar record runs first)
    if pa.types.is_string(advice_col.type) or pa.types.is_large_string(advice_col.type) or pa.types.is_null(
            advice_col.type):
        advice_idx = pc.index_in(advice_col.cast(pa.string()), value_set=pa.array(_ADVICES, pa.string()))
        advice = np.asarray(advice_idx.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)
        advice_null = np.asarray(advice_col.is_null().to_numpy(zero_copy_only=False), dtype=bool)
        advice_bad = (advice < 0) & ~advice_null
    else:
        advice = np.full(n, -1, dtype=np.int64)
        advice_null = np.asarray(advice_col.is_null().to_numpy(zero_copy_only=False), dtype=bool)
        advice_bad = ~advice_null
    # route: a non-empty text (checked in Python on the distinct values, as the scalar path does)
    if pa.types.is_string(route.type) or pa.types.is_large_string(route.type):
        encoded = pc.dictionary_encode(route)
        names = encoded.dictionary.to_pylist()
        codes = np.asarray(encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)
        ok_name = np.array([bool(name.strip()) for name in names] + [False], dtype=bool)
        route_bad = ~ok_name[codes]  # a null route has code -1: the extra False
    else:
        names, codes = [], np.full(n, -1, dtype=np.int64)
        route_bad = np.ones(n, dtype=bool)
    completed, completed_null, completed_type = _flags(_plain(table.column("completed")), n)
    requested, requested_null, requested_type = _flags(_plain(table.column("requested")), n)
    held, held_null, held_type = _flags(_plain(table.column("held")), n)

    def typed(bad_row: int) -> Any:
        out = np.zeros(n, dtype=bool)
        if bad_row >= 0:
            out[bad_row:] = True  # a non-boolean column fails on its first row
        return out

    advised = (advice == 0) | (advice == 1)
    checks: list[tuple[Any, str, Any, str]] = [
        (advice_bad, "advice", lambda i: advice_col[i].as_py(), f"expected one of {_ADVICES}"),
        (route_bad, "route", lambda i: route[i].as_py(), "a route is a non-empty name"),
        (completed_null | typed(completed_type), "completed", lambda i: table.column("completed")[i].as_py(),
         "expected true or false"),
        (requested_null | typed(requested_type), "requested", lambda i: table.column("requested")[i].as_py(),
         "expected true or false"),
        (held_null | typed(held_type), "held", lambda i: table.column("held")[i].as_py(), "expected true or false"),
        (completed & advice_null, "advice", lambda i: None, "a completed questionnaire has an advice"),
        (~completed & ~advice_null, "advice", lambda i: advice_col[i].as_py(),
         "only a completed questionnaire has an advice"),
        (requested & ~completed, "requested", lambda i: True, "a conversation needs a completed questionnaire"),
        (held & ~requested, "held", lambda i: True, "a conversation held must have been requested"),
    ]
    bad_rows = [int(np.flatnonzero(mask)[0]) if mask.any() else n for mask, *_ in checks]
    first = min(bad_rows, default=n)
    if first < n:
        # the first check that fails on the first bad row, in the order the scalar record checks
        for (mask, field, value, reason), row in zip(checks, bad_rows, strict=True):
            if row == first and mask[first]:
                raise InvalidValueError(f"records[{first}].{field}", value(first), reason)

    def per_route(mask: Any) -> list[int]:
        counts = np.bincount(codes, weights=mask.astype(np.float64), minlength=len(names))
        return [int(v) for v in counts]

    ones = np.ones(n, dtype=bool)
    metrics = {
        "started": per_route(ones), "completed": per_route(completed), "advised": per_route(advised),
        "urgent": per_route(advice == 0), "requested": per_route(advised & requested),
        "held": per_route(advised & held), "requested_unadvised": per_route(completed & ~advised & requested),
        "held_unadvised": per_route(completed & ~advised & held),
    }
    funnels = [Funnel(name, **{key: values[i] for key, values in metrics.items()})
               for i, name in enumerate(names) if metrics["started"][i]]
    return FunnelReport.of(funnels)
