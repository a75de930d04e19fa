"""Batch scoring: vectorised over Arrow/NumPy columns, streamed in chunks, per-row errors.

The batch path gives the same results and the same per-row errors (field, value, reason)
as the scalar path :func:`werkscan.score` applied to :func:`answers_from_row` of each row
(property-tested). Invalid rows are reported by row number (0-based position in the
whole input) and field; the batch goes on unless ``fail_fast`` is asked for.

Columns (:data:`BATCH_COLUMNS`): the WAI answers flattened (``mental_resources_1`` .. ``_3``;
item 3 as the count ``diagnosed_diseases``; item 5 as ``sick_leave_days`` and/or
``sick_leave_band``, one of them per row) and the eight signal areas by their English keys.
Other columns are ignored, except an ``id_column`` that is carried into the results.

numpy and pyarrow are imported when first used (the ``batch`` extra).
"""

from __future__ import annotations

import os
import pathlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from blikopwerk._errors import InvalidValueError
from blikopwerk._rules import RuleSet
from werkscan._scoring.model import (
    Advice,
    Answers,
    Band,
    Diagnosis,
    FieldError,
    SickLeaveBand,
    SignalArea,
    SignalLevel,
    WorkNature,
)
from werkscan._scoring.wai_rules import WAI_RULES

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

__all__ = [
    "BATCH_COLUMNS",
    "BatchResult",
    "BatchRowError",
    "BatchSummary",
    "RowError",
    "ScoredChunk",
    "answers_from_row",
    "iter_score_batches",
    "partition_meta",
    "row_from_answers",
    "score_batch",
    "score_file",
    "score_partition",
]

_INT_FIELDS: tuple[tuple[str, str, int, int], ...] = (
    # column, field, lo, hi (prognosis is checked against {1, 4, 7})
    ("current_work_ability", "wai.current_work_ability", 0, 10),
    ("physical_demands", "wai.physical_demands", 1, 5),
    ("mental_demands", "wai.mental_demands", 1, 5),
    ("diagnosed_diseases", "wai.diagnosed_diseases", 0, 51),
    ("impairment", "wai.impairment", 1, 6),
    ("sick_leave_days", "wai.sick_leave_days", 0, 365),
    ("prognosis", "wai.prognosis", 1, 7),
    ("mental_resources_1", "wai.mental_resources.0", 0, 4),
    ("mental_resources_2", "wai.mental_resources.1", 0, 4),
    ("mental_resources_3", "wai.mental_resources.2", 0, 4),
)

#: The columns a batch reads (``sick_leave_days`` or ``sick_leave_band`` may be absent,
#: not both).
BATCH_COLUMNS: tuple[str, ...] = (
    "current_work_ability", "physical_demands", "mental_demands", "work_nature",
    "diagnosed_diseases", "impairment", "sick_leave_days", "sick_leave_band", "prognosis",
    "mental_resources_1", "mental_resources_2", "mental_resources_3",
    *(a.value for a in SignalArea),
)

_OPTIONAL = ("sick_leave_days", "sick_leave_band")
_NATURES = [n.value for n in WorkNature]
_LEVELS = [lv.value for lv in SignalLevel]  # strong, weak, none
_BANDS = [b.value for b in Band]
_ADVICES = [a.value for a in Advice]
_ADVICE_RULES = ["WS-ADV-3", "WS-ADV-2", "WS-ADV-4"]
_SICK_BANDS = [b.value for b in SickLeaveBand]
_MSG_INT = "Input should be a valid integer"
_MSG_MISSING = "Field required"
_MSG_PROGNOSIS = "prognosis must be 1, 4 or 7 (WS-WAI-6)"


def _prognosis_ok() -> Any:
    import numpy as np

    ok = np.zeros(8, dtype=bool)
    ok[[1, 4, 7]] = True
    return ok


def _enum_msg(values: list[str]) -> str:
    quoted = [f"'{v}'" for v in values]
    return f"Input should be {', '.join(quoted[:-1])} or {quoted[-1]}"


@attrs.frozen
class RowError:
    """One invalid answer in a batch: the row (0-based), the field, the value and why.

    Example:
        >>> RowError(3, "wai.prognosis", 5, "prognosis must be 1, 4 or 7 (WS-WAI-6)").as_field_error().field
        'wai.prognosis'
    """

    row: int
    field: str
    value: Any
    reason: str

    def as_field_error(self) -> FieldError:
        """The same error as the scalar path reports it."""
        return FieldError(field=self.field, value=self.value, reason=self.reason)


class BatchRowError(InvalidValueError):
    """A batch was scored with ``fail_fast`` and a row is invalid.

    Example:
        >>> str(BatchRowError(RowError(7, "wai.prognosis", 5, "prognosis must be 1, 4 or 7")))
        'row 7: wai.prognosis: prognosis must be 1, 4 or 7 (got 5)'
    """

    code = "invalid_row"

    def __init__(self, error: RowError) -> None:
        self.row_error = error
        super().__init__(f"row {error.row}: {error.field}", error.value, error.reason)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.row_error,))


def answers_from_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON form of the answers in one flat batch row (for the scalar path).

    Null (``None``) values are left out, so the scalar path reports them as missing;
    whole-number floats (pandas' integers-with-missing) are read as integers.

    Example:
        >>> r = {"current_work_ability": 8.0, "mental_resources_1": 3, "health": "weak"}
        >>> a = answers_from_row(r)
        >>> a["wai"]["current_work_ability"], a["wai"]["mental_resources"], a["signals"]
        (8, [3, None, None], {'health': 'weak'})
    """

    def clean(value: Any) -> Any:
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value

    wai: dict[str, Any] = {}
    for column in BATCH_COLUMNS[:9]:
        value = row.get(column)
        if value is not None:
            wai[column] = clean(value)
    wai["mental_resources"] = [clean(row.get(f"mental_resources_{k}")) for k in (1, 2, 3)]
    signals = {a.value: row[a.value] for a in SignalArea if row.get(a.value) is not None}
    return {"wai": wai, "signals": signals}


def row_from_answers(answers: Answers | Mapping[str, Any], *, count_own_opinion: bool = False) -> dict[str, Any]:
    """One flat batch row from answers (item 3 as a count, item 4 as its lowest option).

    Raises:
        AnswersError: the answers are invalid.

    Example:
        >>> from werkscan import Answers
        >>> row = row_from_answers({"wai": {"current_work_ability": 8, "physical_demands": 4,
        ...     "mental_demands": 3, "work_nature": "physical",
        ...     "diseases": [{"code": 6, "diagnosis": "physician"}], "impairment": [5, 4],
        ...     "sick_leave_band": "1-9", "prognosis": 7, "mental_resources": [3, 3, 2]},
        ...     "signals": {a: "none" for a in ("health", "lifestyle", "work", "work_life_balance",
        ...     "education", "career_development", "career_mobility", "self_reliance")}})
        >>> row["diagnosed_diseases"], row["impairment"], row["sick_leave_band"], row["mental_resources_3"]
        (1, 4, '1-9', 2)
    """
    a = Answers.parse(answers)
    w = a.wai
    count: int | None = w.diagnosed_diseases
    if w.diseases is not None:
        count = sum(1 for d in w.diseases if d.diagnosis is Diagnosis.PHYSICIAN or count_own_opinion)
    row: dict[str, Any] = {
        "current_work_ability": w.current_work_ability,
        "physical_demands": w.physical_demands,
        "mental_demands": w.mental_demands,
        "work_nature": w.work_nature.value,
        "diagnosed_diseases": count,
        "impairment": min(w.impairment) if isinstance(w.impairment, list) else w.impairment,
        "sick_leave_days": w.sick_leave_days,
        "sick_leave_band": w.sick_leave_band.value if w.sick_leave_band is not None else None,
        "prognosis": w.prognosis,
    }
    for k, v in enumerate(w.mental_resources, start=1):
        row[f"mental_resources_{k}"] = v
    for area, level in a.signals.as_dict().items():
        row[area.value] = level.value
    return row


# ---------------------------------------------------------------------------- lookups


@attrs.frozen
class _Lookups:
    """Arrays derived from a RuleSet so the batch path uses the very same tables."""

    weights_half: Any  # int64[3, 2]: (physical, mental) weight x 2 per nature code
    item3: Any  # by count 0..51
    item5: Any  # by days 0..365
    sick_band_days: Any  # first day of each SickLeaveBand code
    item6: Any  # by answer 0..7 (only 1, 4, 7 valid)
    item7: Any  # by sum 0..12
    band: Any  # by score in half points 0..98
    advice: Any  # advice code by half points
    advice_rule: Any  # rule code by half points
    drop_milli: Any  # by level code (strong, weak, none)
    preventive: bool
    drop_by_counts: Any  # float64 WAI drop by strong x 9 + weak (0..80)
    dictionaries: Any  # Arrow string arrays of the coded result columns, built once


def _lookups(rules: RuleSet | None, preventive: bool | None) -> _Lookups:
    import numpy as np

    rules = WAI_RULES if rules is None else rules

    weights = np.zeros((3, 2), dtype=np.int16)
    for i, nature in enumerate(_NATURES):
        for j, w in enumerate(rules["item2_weights"][nature]):
            doubled = Decimal(w) * 2
            if doubled != doubled.to_integral_value():
                raise InvalidValueError("item2_weights", w, "a weight x 2 must be a whole number")
            weights[i, j] = int(doubled)
    item3 = np.array([rules["item3_points"].band(c).value for c in range(52)], dtype=np.int16)
    item5 = np.array([rules["item5_points"].band(d).value for d in range(366)], dtype=np.int16)
    sick = np.array([rules["sick_leave_bands"][b][0] for b in _SICK_BANDS], dtype=np.int16)
    item6 = np.zeros(8, dtype=np.int16)
    for k in (1, 4, 7):
        item6[k] = rules["item6_points"][k]
    item7 = np.array([rules["item7_points"].band(s).value for s in range(13)], dtype=np.int16)
    is_preventive = bool(rules.parameter("preventive") if preventive is None else preventive)
    urgent = rules.parameter("urgent_below", Decimal)
    advise = rules.parameter("advice_below", Decimal)
    band = np.zeros(99, dtype=np.int8)
    advice = np.zeros(99, dtype=np.int8)
    rule = np.zeros(99, dtype=np.int8)
    for half in range(14, 99):
        s = Decimal(half) / 2
        band[half] = _BANDS.index(rules["wai_bands"].band(s).value.value)
        if s < urgent:
            advice[half], rule[half] = 0, 0
        elif s < advise:
            advice[half], rule[half] = 1, 1
        elif is_preventive:
            advice[half], rule[half] = 1, 2
        else:
            advice[half], rule[half] = 2, 1
    drop = np.zeros(3, dtype=np.int64)
    for i, level in enumerate(_LEVELS):
        milli = Decimal(rules["signal_drop"][level]) * 1000
        if milli != milli.to_integral_value():
            raise InvalidValueError("signal_drop", rules["signal_drop"][level], "must be a multiple of 0.001")
        drop[i] = int(milli)
    by_counts = np.zeros(81, dtype=np.float64)
    for strong in range(9):
        for weak in range(9 - strong):
            milli = strong * drop[0] + weak * drop[1] + (8 - strong - weak) * drop[2]
            by_counts[strong * 9 + weak] = milli / 1000.0
    import pyarrow as pa

    dictionaries = {name: pa.array(values, type=pa.string()) for name, values in
                    (("band", _BANDS), ("advice", _ADVICES), ("advice_rule", _ADVICE_RULES), ("level", _LEVELS))}
    return _Lookups(weights, item3, item5, sick, item6, item7, band, advice, rule, drop, is_preventive, by_counts,
                    dictionaries)


# ---------------------------------------------------------------------------- columns


def _int_column(arr: pa.Array, name: str) -> tuple[Any, Any, Any, Callable[[int], Any]]:
    """(values int64, missing mask, bad-type mask, value-of-row) for a numeric column."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(arr)
    missing = arr.is_null().to_numpy(zero_copy_only=False) if arr.null_count else np.zeros(n, dtype=bool)
    t = arr.type
    if pa.types.is_null(t):
        return np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool), np.zeros(n, dtype=bool), lambda i: None
    if pa.types.is_integer(t):
        filled = arr.fill_null(0) if arr.null_count else arr
        vals = filled.to_numpy(zero_copy_only=False).astype(np.int64, copy=False)
        return vals, missing, np.zeros(n, dtype=bool), lambda i: None if missing[i] else int(vals[i])
    if pa.types.is_floating(t):
        f = (arr.fill_null(0) if arr.null_count else arr).to_numpy(zero_copy_only=False).astype(np.float64)
        with np.errstate(invalid="ignore"):
            whole = np.isfinite(f) & (f == np.floor(f))
        bad = ~missing & ~whole
        big = np.abs(np.where(whole, f, 0.0)) > 1e15
        vals = np.where(whole & ~big, f, np.where(f > 0, 1e15, -1e15)).astype(np.int64)
        return vals, missing, bad, lambda i: None if missing[i] else int(f[i]) if whole[i] else float(f[i])
    if pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_dictionary(t):
        s = arr.cast(pa.string()) if pa.types.is_dictionary(t) else arr
        stripped = pc.utf8_trim_whitespace(s)
        # whole numbers, also as written by float columns ("3.0")
        ok = pc.match_substring_regex(stripped, r"^[+-]?[0-9]{1,15}(\.0*)?$")
        ok_np = ok.fill_null(False).to_numpy(zero_copy_only=False)
        bad = ~missing & ~ok_np
        digits = pc.replace_substring_regex(stripped, r"\.0*$", "")
        clean = pc.if_else(ok.fill_null(False), digits, pa.scalar("0"))
        vals = pc.cast(clean, pa.int64()).to_numpy(zero_copy_only=False)
        return vals, missing, bad, lambda i: s[i].as_py()
    raise InvalidValueError(f"columns.{name}", str(t), "a numeric (or text) column is needed")


def _enum_column(arr: pa.Array, values: list[str], name: str) -> tuple[Any, Any, Callable[[int], Any]]:
    """(codes int64 with -1 for invalid, missing mask, value-of-row) for a text column."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(arr)
    missing = arr.is_null().to_numpy(zero_copy_only=False) if arr.null_count else np.zeros(n, dtype=bool)
    t = arr.type
    if pa.types.is_null(t):
        return np.full(n, -1, dtype=np.int64), np.ones(n, dtype=bool), lambda i: None
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        # a compiled byte comparison when numba is installed, else a hash lookup per row
        from werkscan._scoring.batch_text import match_text

        return match_text(arr, tuple(values)), missing, lambda i: arr[i].as_py()
    if pa.types.is_dictionary(t):
        dictionary = arr.dictionary.cast(pa.string())
        found = pc.index_in(dictionary, value_set=pa.array(values, type=pa.string()))
        dcodes = found.fill_null(-1).to_numpy(zero_copy_only=False)
        indices = arr.indices.fill_null(0) if arr.null_count else arr.indices
        idx = indices.to_numpy(zero_copy_only=False)
        codes = dcodes.astype(np.int8).take(idx) if len(dcodes) else np.full(n, -1, dtype=np.int8)
        if arr.null_count:
            codes = np.where(missing, np.int8(-1), codes)
        return codes, missing, lambda i: arr[i].as_py()
    raise InvalidValueError(f"columns.{name}", str(t), "a text column is needed")


@attrs.frozen
class ScoredChunk:
    """One scored chunk of a stream: results of its valid rows and errors of the others.

    ``results`` is an Arrow table (one row per valid input row, ``row`` is the 0-based
    position in the whole input); ``errors`` lists every invalid answer.

    Example:
        >>> ScoredChunk(results=None, errors=(RowError(4, "wai.prognosis", 5, "..."),
        ...             RowError(4, "signals.work", "x", "...")), rows=10, offset=0).rejected
        1
    """

    results: Any
    errors: tuple[RowError, ...]
    rows: int
    offset: int

    @property
    def rejected(self) -> int:
        """Number of distinct invalid rows."""
        return len({e.row for e in self.errors})


def _score_batch_arrays(
    batch: pa.RecordBatch, lk: _Lookups, offset: int, id_column: str | None, keep_invalid: bool,
) -> tuple[pa.Table, list[RowError], Any]:
    import numpy as np
    import pyarrow as pa

    n = batch.num_rows
    names = set(batch.schema.names)
    required = [c for c in BATCH_COLUMNS if c not in _OPTIONAL]
    missing_cols = [c for c in required if c not in names]
    if all(c not in names for c in _OPTIONAL):
        missing_cols.append("sick_leave_days|sick_leave_band")
    if id_column is not None and id_column not in names:
        missing_cols.append(id_column)
    if missing_cols:
        raise InvalidValueError("columns", missing_cols, "required columns are missing from the batch")

    # per field: (field, [(mask, reason)], value-of-row) in the scalar path's order
    checks: list[tuple[str, list[tuple[Any, str]], Callable[[int], Any]]] = []
    ints: dict[str, Any] = {}
    codes_ok: dict[str, bool] = {}  # False: a text column has codes -1 (invalid or missing)
    present: dict[str, Any] = {}

    def int_field(column: str, field: str, lo: int, hi: int, missing_reason: str) -> None:
        vals, miss, bad, value_of = _int_column(batch.column(column), column)
        conds: list[tuple[Any, str]] = []
        any_miss = bool(miss.any())
        any_bad = bool(bad.any())
        if any_miss and column not in ("diagnosed_diseases", "sick_leave_days"):
            conds.append((miss, missing_reason))  # absence of items 3 and 5: the exactly-one-of check
        if any_bad:
            conds.append((bad, _MSG_INT))
        ok = (~miss & ~bad) if any_miss or any_bad else True
        in_range = n == 0 or (int(vals.min()) >= lo and int(vals.max()) <= hi)
        if column == "prognosis":
            allowed = prognosis_ok.take(np.clip(vals, 0, 7)) if in_range else (
                (vals >= 0) & (vals <= 7) & prognosis_ok.take(np.clip(vals, 0, 7)))
            if not allowed.all():
                conds.append((ok & ~allowed, _MSG_PROGNOSIS))
        elif not in_range:
            conds += [(ok & (vals < lo), f"Input should be greater than or equal to {lo}"),
                      (ok & (vals > hi), f"Input should be less than or equal to {hi}")]
        checks.append((field, conds, value_of))
        if not in_range:
            vals = np.clip(vals, lo, hi)
        ints[column] = vals.astype(np.int16)
        if column in ("diagnosed_diseases", "sick_leave_days"):
            present[column] = ~miss

    def enum_field(column: str, field: str, values: list[str], optional: bool = False) -> Any:
        codes, miss, value_of = _enum_column(batch.column(column), values, column)
        conds: list[tuple[Any, str]] = []
        any_miss = bool(miss.any())
        if not optional and any_miss:
            conds.append((miss, _MSG_MISSING))
        if n and int(codes.min()) < 0:
            conds.append(((~miss & (codes < 0)) if any_miss else codes < 0, _enum_msg(values)))
            codes_ok[column] = False
        checks.append((field, conds, value_of))
        if optional:
            present[column] = ~miss
        return codes

    prognosis_ok = _prognosis_ok()
    none = np.zeros(n, dtype=bool)
    int_spec = {c: (f, lo, hi) for c, f, lo, hi in _INT_FIELDS}
    nature = np.zeros(n, dtype=np.int64)
    sick_band = np.full(n, -1, dtype=np.int64)
    for column in ("current_work_ability", "physical_demands", "mental_demands"):
        f, lo, hi = int_spec[column]
        int_field(column, f, lo, hi, _MSG_MISSING)
    nature = enum_field("work_nature", "wai.work_nature", _NATURES)
    f, lo, hi = int_spec["diagnosed_diseases"]
    int_field("diagnosed_diseases", f, lo, hi, _MSG_MISSING)
    f, lo, hi = int_spec["impairment"]
    int_field("impairment", f, lo, hi, _MSG_MISSING)
    if "sick_leave_days" in names:
        f, lo, hi = int_spec["sick_leave_days"]
        int_field("sick_leave_days", f, lo, hi, _MSG_MISSING)
    else:
        ints["sick_leave_days"] = np.zeros(n, dtype=np.int16)
        present["sick_leave_days"] = none
    if "sick_leave_band" in names:
        sick_band = enum_field("sick_leave_band", "wai.sick_leave_band", _SICK_BANDS, optional=True)
    else:
        present["sick_leave_band"] = none
    f, lo, hi = int_spec["prognosis"]
    int_field("prognosis", f, lo, hi, _MSG_MISSING)
    for k in (1, 2, 3):
        column = f"mental_resources_{k}"
        f, lo, hi = int_spec[column]
        int_field(column, f, lo, hi, _MSG_INT)
    levels = [enum_field(a.value, f"signals.{a.value}", _LEVELS) for a in SignalArea]
    # exactly-one-of checks come last, as in the scalar path
    checks.append(("wai.diagnosed_diseases", [(~present["diagnosed_diseases"],
                   "give exactly one of diagnosed_diseases and diseases")], lambda i: None))
    checks.append(("wai.sick_leave_days", [(present["sick_leave_days"] == present["sick_leave_band"],
                   "give exactly one of sick_leave_days and sick_leave_band")], lambda i: None))

    invalid = np.zeros(n, dtype=bool)
    per_row: dict[int, list[RowError]] = {}
    seen: dict[int, set[str]] = {}
    for field, conds, value_of in checks:
        for mask, reason in conds:
            if not mask.any():
                continue
            invalid |= mask
            for i in np.flatnonzero(mask).tolist():
                fields = seen.setdefault(i, set())
                if field in fields:
                    continue
                fields.add(field)
                per_row.setdefault(i, []).append(RowError(offset + i, field, value_of(i), reason))
    errors = [e for i in sorted(per_row) for e in per_row[i]]

    # ---- scores: int16 arithmetic on values already clipped into range (invalid rows are
    # computed on those safe values, then dropped, or nulled when keep_invalid)
    cwa = ints["current_work_ability"]
    nat = np.maximum(nature, 0)
    # ndarray.take: several times faster than fancy indexing with small integer indices
    item2_half = (ints["physical_demands"] * lk.weights_half[:, 0].take(nat)
                  + ints["mental_demands"] * lk.weights_half[:, 1].take(nat))
    item3 = lk.item3.take(ints["diagnosed_diseases"])
    if "sick_leave_band" in names:
        band_days = lk.sick_band_days.take(np.maximum(sick_band, 0))
        days = np.where(present["sick_leave_days"], ints["sick_leave_days"], band_days)
    else:
        days = ints["sick_leave_days"]
    item5 = lk.item5.take(days)
    item6 = lk.item6.take(ints["prognosis"])
    item7 = lk.item7.take(ints["mental_resources_1"] + ints["mental_resources_2"] + ints["mental_resources_3"])
    impairment = ints["impairment"]
    half = (cwa + item3 + impairment + item5 + item6 + item7) * 2 + item2_half
    strong = np.zeros(n, dtype=np.int8)
    weak = np.zeros(n, dtype=np.int8)
    for codes in levels:  # comparisons: much faster than a lookup with int8 indices
        strong += codes == 0
        weak += codes == 1
    drop = lk.drop_by_counts.take(strong.astype(np.intp) * 9 + weak)

    any_invalid = bool(invalid.any())
    mask = invalid if keep_invalid and any_invalid else None
    # valid rows only: select on the NumPy arrays before they become Arrow columns
    keep = np.flatnonzero(~invalid) if any_invalid and not keep_invalid else None

    def pick(values: Any) -> Any:
        return values if keep is None else values.take(keep)

    def dict_array(codes: Any, dictionary: str) -> pa.Array:  # codes of the kept rows
        idx = pa.array(codes.astype(np.int8, copy=False), mask=mask)
        return pa.DictionaryArray.from_arrays(idx, lk.dictionaries[dictionary], safe=False)

    def num(values: Any, typ: Any) -> pa.Array:
        return pa.array(pick(values).astype(typ, copy=False), mask=mask)

    rows = np.arange(offset, offset + n, dtype=np.int64)
    cols: dict[str, Any] = {"row": pa.array(pick(rows))}
    if id_column is not None:
        ids = batch.column(id_column)
        cols[id_column] = ids if keep is None else ids.take(pa.array(keep))
    half_kept = pick(half)
    cols.update({
        "score": pa.array(half_kept / 2.0, mask=mask),
        "band": dict_array(lk.band.take(half_kept), "band"),
        "advice": dict_array(lk.advice.take(half_kept), "advice"),
        "advice_rule": dict_array(lk.advice_rule.take(half_kept), "advice_rule"),
        "item_current_work_ability": num(cwa, np.int8),
        "item_demands": pa.array(pick(item2_half) / 2.0, mask=mask),
        "item_diseases": num(item3, np.int8),
        "item_impairment": num(impairment, np.int8),
        "item_sick_leave": num(item5, np.int8),
        "item_prognosis": num(item6, np.int8),
        "item_mental_resources": num(item7, np.int8),
        "strong_signals": num(strong, np.int8),
        "weak_signals": num(weak, np.int8),
        "signal_drop": num(drop, np.float64),
    })
    for area, codes in zip(SignalArea, levels, strict=True):
        # -1 codes are on invalid rows only: dropped by pick, or nulled (but must index)
        safe_codes = codes if keep is not None or codes_ok.get(area.value, True) else np.maximum(codes, 0)
        cols[area.value] = dict_array(pick(safe_codes), "level")
    table = pa.table(cols)
    return table, errors, invalid


# ---------------------------------------------------------------------------- sources

_DEFAULT_CHUNK = 1 << 18  # 262,144 rows: per-chunk overhead is small, memory when streaming stays low


def _csv_batches(path: pathlib.Path, chunk_bytes: int) -> Iterator[pa.RecordBatch]:
    import pyarrow as pa
    import pyarrow.csv as pcsv

    with open(path, "rb") as fh:
        header = fh.readline().decode("utf-8-sig").strip().split(",")
    column_types = {name.strip(): pa.string() for name in header}
    reader = pcsv.open_csv(
        path,
        read_options=pcsv.ReadOptions(block_size=chunk_bytes),
        convert_options=pcsv.ConvertOptions(column_types=column_types, strings_can_be_null=True),
    )
    yield from reader


def _parquet_batches(path: pathlib.Path, chunk_rows: int) -> Iterator[pa.RecordBatch]:
    """A Parquet file, or every file of a dataset directory in order, one batch at a time.

    Read synchronously, a row group at a time: a dataset scanner reads ahead while the
    consumer works (up to a gigabyte when scoring is paced by writing the results), so
    memory would grow with the speed difference rather than with ``chunk_rows``.
    Text columns are read as dictionaries: Parquet stores them so, and scoring then
    compares a handful of values instead of every string.
    """
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    files = ds.dataset(path, format="parquet").files if path.is_dir() else [str(path)]
    text = {"work_nature", "sick_leave_band", *(a.value for a in SignalArea)}
    for name in files:
        names = pq.read_schema(name).names
        reader = pq.ParquetFile(name, read_dictionary=[c for c in names if c in text])
        try:
            yield from reader.iter_batches(batch_size=chunk_rows, use_threads=False)
        finally:
            reader.close()


def _batches(source: Any, chunk_rows: int) -> Iterator[pa.RecordBatch]:
    import pyarrow as pa

    if isinstance(source, str | os.PathLike):
        path = pathlib.Path(source)
        if not path.exists():
            raise InvalidValueError("source", str(source), "no such file or directory")
        suffix = path.suffix.lower()
        if path.is_dir() or suffix in (".parquet", ".pq"):
            yield from _parquet_batches(path, chunk_rows)
            return
        if suffix == ".csv":
            yield from _csv_batches(path, max(1 << 20, chunk_rows * 64))
            return
        raise InvalidValueError("source", str(source), "expected a .parquet, .csv file or a Parquet directory")
    if isinstance(source, pa.RecordBatch):
        yield from pa.Table.from_batches([source]).to_batches(max_chunksize=chunk_rows)
        return
    if isinstance(source, pa.Table):
        yield from source.to_batches(max_chunksize=chunk_rows)
        return
    if isinstance(source, pa.RecordBatchReader):
        yield from source
        return
    module = type(source).__module__.split(".")[0]
    if module == "pandas":
        for start in range(0, max(len(source), 1), chunk_rows):
            part = source.iloc[start:start + chunk_rows]
            yield from pa.Table.from_pandas(part, preserve_index=False).to_batches()
        return
    if module == "polars":
        yield from source.to_arrow().to_batches(max_chunksize=chunk_rows)
        return
    if isinstance(source, Iterable) and not isinstance(source, str | bytes | Mapping):
        for item in source:
            if not isinstance(item, pa.RecordBatch):
                raise InvalidValueError("source", type(item).__name__, "an iterable source must yield RecordBatches")
            yield item
        return
    raise InvalidValueError(
        "source", type(source).__name__,
        "expected an Arrow table or batches, a pandas or polars DataFrame, or a .parquet/.csv path")


def iter_score_batches(
    source: Any,
    *,
    rules: RuleSet | None = None,
    preventive: bool | None = None,
    chunk_rows: int = _DEFAULT_CHUNK,
    fail_fast: bool = False,
    id_column: str | None = None,
) -> Iterator[ScoredChunk]:
    """Score a batch chunk by chunk (streaming; memory stays bounded by the chunk size).

    Args:
        source: an Arrow ``Table``/``RecordBatch``/``RecordBatchReader``, an iterable of
            record batches, a pandas or polars DataFrame, or a path to a ``.parquet`` file,
            a Parquet dataset directory, or a ``.csv`` file.
        rules: the rule set (default :data:`WAI_RULES`).
        preventive: the preventive policy (WS-ADV-4).
        chunk_rows: rows per chunk (Parquet, Arrow, DataFrames; CSV reads in blocks).
        fail_fast: raise :class:`BatchRowError` at the first invalid row.
        id_column: a column carried into the results (e.g. a questionnaire id).

    Yields:
        One :class:`ScoredChunk` per chunk.

    Raises:
        InvalidValueError: the source is of an unknown kind, or a required column is missing.
        BatchRowError: ``fail_fast`` and a row is invalid.

    Example:
        >>> import pyarrow as pa
        >>> t = pa.table({"current_work_ability": [8, 11], "physical_demands": [4, 4],
        ...     "mental_demands": [3, 3], "work_nature": ["physical", "physical"],
        ...     "diagnosed_diseases": [1, 1], "impairment": [5, 5], "sick_leave_days": [3, 3],
        ...     "prognosis": [7, 7], "mental_resources_1": [3, 3], "mental_resources_2": [3, 3],
        ...     "mental_resources_3": [2, 2], **{a: ["none"] * 2 for a in ("health", "lifestyle",
        ...     "work", "work_life_balance", "education", "career_development", "career_mobility",
        ...     "self_reliance")}})
        >>> chunk = next(iter_score_batches(t))
        >>> chunk.results.column("score").to_pylist(), chunk.errors[0].row, chunk.errors[0].field
        ([39.5], 1, 'wai.current_work_ability')
    """
    if isinstance(chunk_rows, bool) or not isinstance(chunk_rows, int) or chunk_rows < 1:
        raise InvalidValueError("chunk_rows", chunk_rows, "must be a positive whole number")
    lk = _lookups(rules, preventive)
    offset = 0
    for batch in _batches(source, chunk_rows):
        results, errors, _ = _score_batch_arrays(batch, lk, offset, id_column, keep_invalid=False)
        if fail_fast and errors:
            raise BatchRowError(errors[0])
        yield ScoredChunk(results, tuple(errors), batch.num_rows, offset)
        offset += batch.num_rows


@attrs.frozen
class BatchResult:
    """All results of a batch: an Arrow table of the valid rows and the row errors.

    Example:
        >>> import pyarrow as pa
        >>> BatchResult(pa.table({"row": pa.array([], pa.int64())}), (), 0).rejected
        0
    """

    results: Any
    errors: tuple[RowError, ...]
    rows: int

    @property
    def scored(self) -> int:
        """Number of rows scored."""
        return int(self.results.num_rows)

    @property
    def rejected(self) -> int:
        """Number of distinct rows rejected."""
        return len({e.row for e in self.errors})

    def errors_by_row(self) -> dict[int, list[FieldError]]:
        """The errors grouped by row, as the scalar path reports them."""
        out: dict[int, list[FieldError]] = {}
        for e in self.errors:
            out.setdefault(e.row, []).append(e.as_field_error())
        return out


def score_batch(
    source: Any,
    *,
    rules: RuleSet | None = None,
    preventive: bool | None = None,
    chunk_rows: int = _DEFAULT_CHUNK,
    fail_fast: bool = False,
    id_column: str | None = None,
) -> BatchResult:
    """Score a whole batch in memory (see :func:`iter_score_batches` for the arguments).

    Returns:
        A :class:`BatchResult`.

    Raises:
        InvalidValueError: an unknown source or missing columns.
        BatchRowError: ``fail_fast`` and a row is invalid.

    Example:
        >>> import pandas as pd
        >>> df = pd.DataFrame([row_from_answers({"wai": {"current_work_ability": 2,
        ...     "physical_demands": 1, "mental_demands": 1, "work_nature": "both",
        ...     "diagnosed_diseases": 6, "impairment": 1, "sick_leave_band": "100-365",
        ...     "prognosis": 1, "mental_resources": [0, 0, 0]},
        ...     "signals": {a: "strong" for a in ("health", "lifestyle", "work", "work_life_balance",
        ...     "education", "career_development", "career_mobility", "self_reliance")}})])
        >>> r = score_batch(df)
        >>> r.results.column("score")[0].as_py(), r.results.column("advice")[0].as_py()
        (9.0, 'urgent')
    """
    import pyarrow as pa

    tables: list[pa.Table] = []
    errors: list[RowError] = []
    rows = 0
    for chunk in iter_score_batches(source, rules=rules, preventive=preventive, chunk_rows=chunk_rows,
                                    fail_fast=fail_fast, id_column=id_column):
        tables.append(chunk.results)
        errors.extend(chunk.errors)
        rows += chunk.rows
    if tables:
        table = pa.concat_tables(tables, promote_options="permissive").unify_dictionaries()
    else:
        table = pa.table({"row": pa.array([], pa.int64())})
    return BatchResult(table, tuple(errors), rows)


@attrs.frozen
class BatchSummary:
    """What :func:`score_file` did: rows read, scored and rejected, and where it wrote.

    Example:
        >>> BatchSummary(10, 9, 1, pathlib.Path("out.parquet"), None).rejected
        1
    """

    rows: int
    scored: int
    rejected: int
    output: pathlib.Path
    errors_output: pathlib.Path | None


def score_file(
    source: str | os.PathLike[str] | Any,
    output: str | os.PathLike[str],
    *,
    errors_output: str | os.PathLike[str] | None = None,
    rules: RuleSet | None = None,
    preventive: bool | None = None,
    chunk_rows: int = _DEFAULT_CHUNK,
    fail_fast: bool = False,
    id_column: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> BatchSummary:
    """Score a batch and stream the results to a ``.parquet`` or ``.csv`` file.

    Args:
        source: any source :func:`iter_score_batches` takes.
        output: the results file (``.parquet`` or ``.csv``).
        errors_output: where to write the row errors (CSV: row, field, value, reason).
        progress: called with the number of rows of each chunk when it is done.
        rules, preventive, chunk_rows, fail_fast, id_column: as :func:`iter_score_batches`.

    Returns:
        A :class:`BatchSummary`.

    Raises:
        InvalidValueError: an unknown output format, an unknown source, missing columns.
        BatchRowError: ``fail_fast`` and a row is invalid.

    Example:
        >>> import tempfile, pathlib, pyarrow as pa
        >>> row = row_from_answers({"wai": {"current_work_ability": 8, "physical_demands": 4,
        ...     "mental_demands": 3, "work_nature": "physical", "diagnosed_diseases": 1, "impairment": 5,
        ...     "sick_leave_days": 3, "prognosis": 7, "mental_resources": [3, 3, 2]},
        ...     "signals": {a: "none" for a in ("health", "lifestyle", "work", "work_life_balance",
        ...     "education", "career_development", "career_mobility", "self_reliance")}})
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "scores.parquet"
        >>> score_file(pa.Table.from_pylist([row, {**row, "prognosis": 5}]), out).rejected
        1
    """
    import pyarrow as pa
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    out = pathlib.Path(output)
    fmt = out.suffix.lower()
    if fmt not in (".parquet", ".csv"):
        raise InvalidValueError("output", str(output), "expected a .parquet or .csv file name")
    err_path = pathlib.Path(errors_output) if errors_output is not None else None
    writer: Any = None
    rows = scored = rejected = 0
    err_fh = open(err_path, "w", encoding="utf-8", newline="") if err_path else None  # noqa: SIM115
    try:
        import csv

        err_writer = csv.writer(err_fh) if err_fh else None
        if err_writer:
            err_writer.writerow(["row", "field", "value", "reason"])
        for chunk in iter_score_batches(source, rules=rules, preventive=preventive, chunk_rows=chunk_rows,
                                        fail_fast=fail_fast, id_column=id_column):
            table = chunk.results
            if fmt == ".csv":
                table = pa.table({name: (col.cast(pa.string()) if pa.types.is_dictionary(col.type) else col)
                                  for name, col in zip(table.column_names, table.columns, strict=True)})
            if writer is None:
                writer = (_parquet_writer(out, table.schema, id_column) if fmt == ".parquet"
                          else pcsv.CSVWriter(out, table.schema))
            writer.write_table(table)
            if err_writer:
                for e in chunk.errors:
                    err_writer.writerow([e.row, e.field, "" if e.value is None else e.value, e.reason])
            rows += chunk.rows
            scored += table.num_rows
            rejected += chunk.rejected
            if progress is not None:
                progress(chunk.rows)
    finally:
        if writer is not None:
            writer.close()
        if err_fh is not None:
            err_fh.close()
    if writer is None:  # empty input: still write an (empty) file
        empty = pa.table({"row": pa.array([], pa.int64())})
        if fmt == ".csv":
            pcsv.write_csv(empty, out)
        else:
            pq.write_table(empty, out)
    return BatchSummary(rows, scored, rejected, out, err_path)


def _parquet_writer(path: pathlib.Path, schema: pa.Schema, id_column: str | None) -> Any:
    """A Parquet writer tuned for the results (measured: about 1.5x faster than the defaults).

    ``row`` (and the id column) are unique, so they are delta-encoded or written plain
    instead of being tried as dictionaries; min/max statistics are written for the numeric
    columns and left out for the coded text columns, where computing them costs more than
    writing the column.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    unique = {"row", id_column}
    coded = [f.name for f in schema if pa.types.is_dictionary(f.type)]
    return pq.ParquetWriter(
        path, schema,
        use_dictionary=[name for name in schema.names if name not in unique],
        column_encoding={"row": "DELTA_BINARY_PACKED"},
        write_statistics=[name for name in schema.names if name not in coded],
    )


def score_partition(
    df: pd.DataFrame,
    *,
    rules: RuleSet | None = None,
    preventive: bool | None = None,
    id_column: str | None = None,
) -> pd.DataFrame:
    """Score one pandas partition, one output row per input row (for Dask ``map_partitions``).

    Valid rows carry the results; invalid rows have null results and an ``error`` text
    naming every invalid field (``field: reason (got value)``, joined by ``"; "``). ``row``
    is the position within the partition; pass ``id_column`` to carry a global id.

    Returns:
        A pandas DataFrame (columns as :func:`score_batch` results, plus ``error``).

    Example:
        >>> import pandas as pd
        >>> row = row_from_answers({"wai": {"current_work_ability": 8, "physical_demands": 4,
        ...     "mental_demands": 3, "work_nature": "physical", "diagnosed_diseases": 1, "impairment": 5,
        ...     "sick_leave_days": 3, "prognosis": 7, "mental_resources": [3, 3, 2]},
        ...     "signals": {a: "none" for a in ("health", "lifestyle", "work", "work_life_balance",
        ...     "education", "career_development", "career_mobility", "self_reliance")}})
        >>> out = score_partition(pd.DataFrame([row, {**row, "prognosis": 5}]))
        >>> out["score"].tolist()[0], out["error"].tolist()[1]
        (39.5, 'wai.prognosis: prognosis must be 1, 4 or 7 (WS-WAI-6) (got 5)')
    """
    import pandas as pd
    import pyarrow as pa

    lk = _lookups(rules, preventive)
    table_in = pa.Table.from_pandas(df, preserve_index=False)
    batch = pa.RecordBatch.from_arrays([c.combine_chunks() for c in table_in.columns], names=table_in.column_names)
    table, errors, _ = _score_batch_arrays(batch, lk, 0, id_column, keep_invalid=True)
    text: list[str | None] = [None] * len(df)
    for e in errors:
        part = f"{e.field}: {e.reason} (got {e.value!r})"
        text[e.row] = part if text[e.row] is None else f"{text[e.row]}; {part}"
    plain = pa.table({name: (col.cast(pa.string()) if pa.types.is_dictionary(col.type) else col)
                      for name, col in zip(table.column_names, table.columns, strict=True)})
    plain = plain.append_column("error", pa.array(text, type=pa.string()))
    out: pd.DataFrame = plain.to_pandas(types_mapper=pd.ArrowDtype)
    out.index = df.index
    return out


def partition_meta(*, id_column: str | None = None, id_dtype: Any = None) -> pd.DataFrame:
    """The empty frame :func:`score_partition` returns, for Dask's ``meta=``.

    Example:
        >>> list(partition_meta().columns)[:3]
        ['row', 'score', 'band']
    """
    import pandas as pd

    data: dict[str, Any] = {c: pd.Series([], dtype="int64") for c in BATCH_COLUMNS}
    for c in ("work_nature", "sick_leave_band", *(a.value for a in SignalArea)):
        data[c] = pd.Series([], dtype="object")
    if id_column is not None:
        data[id_column] = pd.Series([], dtype=id_dtype or "int64")
    meta: pd.DataFrame = score_partition(pd.DataFrame(data), id_column=id_column)
    return meta
