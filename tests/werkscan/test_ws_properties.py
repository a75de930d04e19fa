"""Property tests of Werkscan scoring: bounds, monotonicity, and batch == scalar (results and errors)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strategies import SIGNAL_AREAS as AREAS
from strategies import batch_rows, half_scores, valid_answers
from werkscan import Advice, AnswersError, Band, advice_for, band_for, score
from werkscan._scoring import batch_text as _batch_text
from werkscan._scoring.batch import BATCH_COLUMNS, answers_from_row, score_batch

SCHEMA = pa.schema([(c, pa.string() if c in ("work_nature", "sick_leave_band", *AREAS) else pa.int64())
                    for c in BATCH_COLUMNS])

# ----------------------------------------------------------------- bounds and monotonicity


@settings(max_examples=200)
@given(valid_answers())
def test_score_stays_in_7_49_in_half_points(answers: dict[str, Any]) -> None:
    r = score(answers)
    assert 7 <= r.wai.score <= 49
    assert (r.wai.score * 2).is_integer()
    assert r.wai.items.total() == r.wai.score


def _improvements(answers: dict[str, Any]) -> list[dict[str, Any]]:
    """Every answer changed one step for the better (where it can be)."""
    w = answers["wai"]
    out: list[dict[str, Any]] = []

    def changed(**kw: Any) -> dict[str, Any]:
        return {"wai": {**w, **kw}, "signals": answers["signals"]}

    if w["current_work_ability"] < 10:
        out.append(changed(current_work_ability=w["current_work_ability"] + 1))
    if w["physical_demands"] < 5:
        out.append(changed(physical_demands=w["physical_demands"] + 1))
    if w["mental_demands"] < 5:
        out.append(changed(mental_demands=w["mental_demands"] + 1))
    if w["diagnosed_diseases"] > 0:
        out.append(changed(diagnosed_diseases=w["diagnosed_diseases"] - 1))
    if w["impairment"] < 6:
        out.append(changed(impairment=w["impairment"] + 1))
    if w["sick_leave_days"] > 0:
        out.append(changed(sick_leave_days=w["sick_leave_days"] - 1))
    if w["prognosis"] < 7:
        out.append(changed(prognosis={1: 4, 4: 7}[w["prognosis"]]))
    for i in range(3):
        if w["mental_resources"][i] < 4:
            mr = list(w["mental_resources"])
            mr[i] += 1
            out.append(changed(mental_resources=mr))
    return out


@settings(max_examples=150)
@given(valid_answers())
def test_a_better_answer_never_lowers_the_score(answers: dict[str, Any]) -> None:
    base = score(answers).wai.score
    for better in _improvements(answers):
        assert score(better).wai.score >= base


BAND_ORDER = [Band.POOR, Band.MODERATE, Band.GOOD, Band.EXCELLENT]
ADVICE_ORDER = [Advice.URGENT, Advice.ADVISED, Advice.NONE]


@given(half_scores, half_scores)
def test_band_and_advice_monotone_in_score(a: float, b: float) -> None:
    lo, hi = sorted((a, b))
    assert BAND_ORDER.index(band_for(lo)) <= BAND_ORDER.index(band_for(hi))
    assert ADVICE_ORDER.index(advice_for(lo)[0]) <= ADVICE_ORDER.index(advice_for(hi)[0])
    # preventive: never "none", and urgent exactly where it was
    assert advice_for(hi, preventive=True)[0] is not Advice.NONE
    assert (advice_for(lo, preventive=True)[0] is Advice.URGENT) == (advice_for(lo)[0] is Advice.URGENT)


@given(half_scores)
def test_urgent_advice_is_the_poor_band(s: float) -> None:
    """WS-ADV-3 default: urgent exactly in the poor band; advice exactly below 43 (WS-ADV-2)."""
    assert (advice_for(s)[0] is Advice.URGENT) == (band_for(s) is Band.POOR)
    assert (advice_for(s)[0] is not Advice.NONE) == (Decimal(str(s)) < 43)


# ----------------------------------------------------------------- batch == scalar


def _scalar(answers: dict[str, Any], preventive: bool) -> tuple[Any, list[Any]]:
    try:
        return score(answers, preventive=preventive), []
    except AnswersError as exc:
        return None, list(exc.errors)


@contextmanager
def text_engine(engine: Any) -> Iterator[None]:
    """Match plain text columns with one engine: "kernel", "views" or "index_in"."""
    before = _batch_text._FORCE_ENGINE
    _batch_text._FORCE_ENGINE = engine
    try:
        yield
    finally:
        _batch_text._FORCE_ENGINE = before


def _check_batch_equals_scalar(rows: list[dict[str, Any]], chunk_rows: int, preventive: bool) -> None:
    """Every text engine of the batch path agrees with the scalar path on every row."""
    for engine in ("kernel", "views", "index_in"):
        with text_engine(engine):
            _check_one_engine(rows, chunk_rows, preventive)


def _check_one_engine(rows: list[dict[str, Any]], chunk_rows: int, preventive: bool) -> None:
    table = pa.Table.from_pylist(rows, schema=SCHEMA)
    result = score_batch(table, chunk_rows=chunk_rows, preventive=preventive)
    by_row = result.errors_by_row()
    scored = {r["row"]: r for r in result.results.to_pylist()}
    assert result.rows == len(rows)
    assert set(scored).isdisjoint(by_row) and set(scored) | set(by_row) == set(range(len(rows)))
    for i, row in enumerate(rows):
        answers = answers_from_row(row)
        expected, scalar_errors = _scalar(answers, preventive)
        if expected is None:
            assert i in by_row, (row, scalar_errors)
            assert by_row[i] == scalar_errors
            continue
        assert i not in by_row, (row, by_row.get(i))
        got = scored[i]
        items = expected.wai.items
        assert got["score"] == expected.wai.score
        assert got["band"] == expected.wai.band.value
        assert got["advice"] == expected.advice.value
        assert (got["advice_rule"],) == expected.advice_rules
        assert (got["item_current_work_ability"], got["item_demands"], got["item_diseases"],
                got["item_impairment"], got["item_sick_leave"], got["item_prognosis"],
                got["item_mental_resources"]) == (
            items.current_work_ability, items.demands, items.diseases, items.impairment,
            items.sick_leave, items.prognosis, items.mental_resources)
        assert got["signal_drop"] == float(expected.signal_drop)
        assert {a: got[a] for a in AREAS} == {a.value: lv.value for a, lv in expected.signals.items()}


@settings(max_examples=60, deadline=None)
@given(st.lists(batch_rows(), min_size=1, max_size=40), st.integers(1, 16), st.booleans())
def test_batch_and_scalar_give_identical_results_and_errors(
    rows: list[dict[str, Any]], chunk_rows: int, preventive: bool,
) -> None:
    _check_batch_equals_scalar(rows, chunk_rows, preventive)


@settings(max_examples=30, deadline=None)
@given(st.lists(valid_answers(), min_size=1, max_size=30))
def test_batch_equals_scalar_on_valid_answers(answers: list[dict[str, Any]]) -> None:
    from werkscan._scoring.batch import row_from_answers

    rows = [row_from_answers(a) for a in answers]
    _check_batch_equals_scalar(rows, 7, False)


def test_batch_equals_scalar_on_a_known_mixed_batch() -> None:
    good = {"current_work_ability": 8, "physical_demands": 4, "mental_demands": 3, "work_nature": "physical",
            "diagnosed_diseases": 1, "impairment": 5, "sick_leave_days": 3, "sick_leave_band": None,
            "prognosis": 7, "mental_resources_1": 3, "mental_resources_2": 3, "mental_resources_3": 2,
            **{a: "none" for a in AREAS}}
    rows = [good, {**good, "prognosis": 5}, {**good, "sick_leave_days": None},
            {**good, "sick_leave_band": "1-9"}, {**good, "mental_resources_2": None, "health": "x"}]
    _check_batch_equals_scalar(rows, 2, False)
    result = score_batch(pa.Table.from_pylist(rows, schema=SCHEMA))
    assert result.scored == 1 and result.rejected == 4
    assert [(e.row, e.field) for e in result.errors] == [
        (1, "wai.prognosis"), (2, "wai.sick_leave_days"), (3, "wai.sick_leave_days"),
        (4, "wai.mental_resources.1"), (4, "signals.health")]


@pytest.mark.parametrize("chunk_rows", [1, 3, 1000])
def test_row_numbers_count_across_chunks(chunk_rows: int) -> None:
    good = {"current_work_ability": 8, "physical_demands": 4, "mental_demands": 3, "work_nature": "physical",
            "diagnosed_diseases": 1, "impairment": 5, "sick_leave_days": 3, "sick_leave_band": None,
            "prognosis": 7, "mental_resources_1": 3, "mental_resources_2": 3, "mental_resources_3": 2,
            **{a: "none" for a in AREAS}}
    rows = [good] * 7 + [{**good, "impairment": 9}] + [good] * 2
    result = score_batch(pa.Table.from_pylist(rows, schema=SCHEMA), chunk_rows=chunk_rows)
    assert [e.row for e in result.errors] == [7]
    assert result.results.column("row").to_pylist() == [0, 1, 2, 3, 4, 5, 6, 8, 9]


# ----------------------------------------------------------------- batch == scalar on odd column types

_INT_COLUMNS = [c for c in BATCH_COLUMNS if c not in ("work_nature", "sick_leave_band", *AREAS)]
_TEXT_COLUMNS = ["work_nature", "sick_leave_band", *AREAS]


def _cells_of(kind: str) -> st.SearchStrategy[Any]:
    """Cells of one Arrow type: any value that type holds, near the edges (no NaN: it is never equal)."""
    return {
        "int64": st.integers(-(2**63), 2**63 - 1) | st.integers(-3, 12),
        "uint64": st.integers(0, 2**64 - 1) | st.integers(0, 12),
        "float64": st.floats(allow_nan=False) | st.integers(-3, 12).map(float) | st.sampled_from([4.5, 1e19, -0.0]),
        "bool": st.booleans(),
        "string": st.sampled_from(["strong", "weak", "none", "physical", "both", "1-9", "x", ""]),
    }[kind]


_ARROW = {"int64": pa.int64(), "uint64": pa.uint64(), "float64": pa.float64(), "bool": pa.bool_(),
          "string": pa.string()}


@st.composite
def odd_batches(draw: st.DrawFn) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Rows with a few columns of an unexpected Arrow type (numbers as floats, bools, uint64; numbers as levels)."""
    n = draw(st.integers(1, 12))
    rows = draw(st.lists(batch_rows(), min_size=n, max_size=n))
    types: dict[str, str] = {}
    for column in draw(st.lists(st.sampled_from(_INT_COLUMNS + _TEXT_COLUMNS), max_size=4, unique=True)):
        choices = ["int64", "uint64", "float64", "bool"] if column in _INT_COLUMNS else ["int64", "float64", "bool"]
        kind = draw(st.sampled_from(choices))
        types[column] = kind
        for row in rows:
            row[column] = draw(st.none() | _cells_of(kind))
    return rows, types


@settings(max_examples=50, deadline=None)
@given(odd_batches(), st.integers(1, 8))
def test_batch_equals_scalar_on_odd_column_types(batch: tuple[list[dict[str, Any]], dict[str, str]],
                                                 chunk_rows: int) -> None:
    """Issue 11: booleans, floats, uint64 of 2**63 and more, numbers where a level belongs: per-row errors
    identical to the scalar path, in the same field order."""
    rows, types = batch
    schema = pa.schema([(f.name, _ARROW[types[f.name]] if f.name in types else f.type) for f in SCHEMA])
    table = pa.Table.from_pylist(rows, schema=schema)
    result = score_batch(table, chunk_rows=chunk_rows)
    by_row = result.errors_by_row()
    for i, row in enumerate(rows):
        _, scalar_errors = _scalar(answers_from_row(row), False)
        assert by_row.get(i, []) == scalar_errors, (row, types)
    assert result.error_table.column_names == ["row", "field", "value", "reason", "value_type"]


def test_exactly_one_of_is_reported_where_the_scalar_path_reports_it() -> None:
    """Found by the odd-types property: with every other WAI answer valid, the answers model itself
    reports the first broken pair, before the signals; otherwise the pairs come last (WS-WAI-10)."""
    good = {"current_work_ability": 8, "physical_demands": 4, "mental_demands": 3, "work_nature": "physical",
            "diagnosed_diseases": 1, "impairment": 5, "sick_leave_days": 3, "sick_leave_band": None,
            "prognosis": 7, "mental_resources_1": 3, "mental_resources_2": 3, "mental_resources_3": 2,
            **{a: "none" for a in AREAS}}
    rows = [{**good, "sick_leave_band": "none", "lifestyle": None},
            {**good, "sick_leave_band": "none", "lifestyle": None, "prognosis": 5},
            {**good, "diagnosed_diseases": None, "sick_leave_band": "1-9", "work": "x"},
            {**good, "diagnosed_diseases": None, "sick_leave_band": "1-9", "work": "x", "impairment": 0}]
    _check_batch_equals_scalar(rows, 4, False)
    result = score_batch(pa.Table.from_pylist(rows, schema=SCHEMA))
    assert [[e.field for e in errs] for errs in result.errors_by_row().values()] == [
        ["wai.sick_leave_days", "signals.lifestyle"],
        ["wai.prognosis", "signals.lifestyle", "wai.sick_leave_days"],
        ["wai.diagnosed_diseases", "signals.work", "wai.sick_leave_days"],
        ["wai.impairment", "signals.work", "wai.diagnosed_diseases", "wai.sick_leave_days"],
    ]
