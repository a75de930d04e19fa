"""Repeat measurement (WS-RPT-5): two questionnaires of one worker compared, groups summarised.

Seed 002 (Panteia 2015, paragraphs 3.4 and 4.4): the 174 workers who only filled in the
questionnaire kept the same mean WAI; 62 of them had an excellent WAI at the first
measurement, of whom 65 % still had one at the second and 35 % had a good one; the 25 who
also had a conversation gained 3.4 points on average and started 4.7 points lower. The seed
prints group figures only, so the pairs below are built to have exactly those figures; the
tests check that the library's arithmetic gives them back.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from blikopwerk import InvalidValueError
from strategies import SIGNAL_AREAS as AREAS
from strategies import measurement_records, measurements, valid_answers
from werkscan import (
    Band,
    Measurement,
    MeasurementChange,
    SignalArea,
    SignalChange,
    compare,
    compare_batch,
    compare_scored,
    pair_measurements,
    row_from_answers,
    score,
    summarise_pairs,
)

QUIET = {a: "none" for a in AREAS}


def _m(score_: float, **levels: str) -> Measurement:
    return Measurement.from_score(score_, {**QUIET, **levels})


def _pairs(*groups: tuple[int, float, float]) -> list[MeasurementChange]:
    return [compare(_m(before), _m(after)) for count, before, after in groups for _ in range(count)]


# the 174 who only filled in the questionnaire: 62 excellent at measurement 1 (40 stay, 22 go to good)
ONLY_QUESTIONNAIRE = _pairs((40, 46, 46), (22, 44, 42), (44, 30, 31), (67, 38, 38), (1, 25, 25))
# the 25 who also had a conversation: +3.4 on average, starting 4.7 points lower
WITH_CONVERSATION = _pairs((15, 33, 37), (10, 35, 37.5))


def test_seed_002_the_mean_wai_of_questionnaire_only_stays_the_same() -> None:
    s = summarise_pairs(ONLY_QUESTIONNAIRE)
    assert s.pairs == 174
    assert s.mean_change == 0 and s.mean_before == s.mean_after == Decimal("38.5")


def test_seed_002_65_percent_of_the_excellent_stay_excellent_35_percent_become_good() -> None:
    s = summarise_pairs(ONLY_QUESTIONNAIRE)
    assert s.started_in(Band.EXCELLENT).count == 62  # "(65 procent, n=62)"
    assert s.stayed(Band.EXCELLENT).count == 40 and s.stayed(Band.EXCELLENT).percent(0) == 65
    assert s.share(Band.EXCELLENT, Band.GOOD).count == 22 and s.share(Band.EXCELLENT, Band.GOOD).percent(0) == 35
    assert s.transition(Band.EXCELLENT, Band.EXCELLENT) + s.transition(Band.EXCELLENT, Band.GOOD) == 62
    # the seed says "Ruim een derde (35 procent, n=174)" had an excellent WAI; 62 of 174 is 35.6 %
    assert s.started_in(Band.EXCELLENT).percent() == Decimal("35.6")


def test_seed_002_a_conversation_group_gains_3_4_points_and_started_4_7_lower() -> None:
    conversation, only = summarise_pairs(WITH_CONVERSATION), summarise_pairs(ONLY_QUESTIONNAIRE)
    assert conversation.pairs == 25
    assert conversation.mean_change == Decimal("3.4")  # "gemiddeld met 3,4 punten toegenomen"
    assert only.mean_before - conversation.mean_before == Decimal("4.7")  # "4,7 punten lager"
    assert conversation.improved == 25 and conversation.declined == 0


def test_compare_a_band_change_and_signals_that_appeared_went_or_changed() -> None:
    before = _m(44, work="strong", health="weak", education="weak")
    after = _m(42.5, work="weak", health="strong", lifestyle="weak")
    c = compare(before, after)
    assert c.wai_change == Decimal("-1.5") and c.band_steps == -1
    assert dict(c.signal_changes) == {SignalArea.WORK: SignalChange.WEAKER, SignalArea.HEALTH: SignalChange.STRONGER,
                                      SignalArea.EDUCATION: SignalChange.WENT,
                                      SignalArea.LIFESTYLE: SignalChange.APPEARED}
    assert c.appeared == (SignalArea.LIFESTYLE,) and c.went == (SignalArea.EDUCATION,)
    assert c.to_json()["signal_changes"] == {"health": "stronger", "lifestyle": "appeared", "work": "weaker",
                                             "education": "went"}


def test_compare_two_scored_questionnaires() -> None:
    answers = {"wai": {"current_work_ability": 8, "physical_demands": 4, "mental_demands": 3, "work_nature": "physical",
                       "diagnosed_diseases": 1, "impairment": 5, "sick_leave_days": 3, "prognosis": 7,
                       "mental_resources": [3, 3, 2]}, "signals": {**QUIET, "work": "strong"}}
    later = {"wai": {**answers["wai"], "current_work_ability": 10, "sick_leave_days": 0}, "signals": QUIET}
    c = compare(score(answers), score(later))
    assert (c.before.score, c.after.score, c.wai_change) == (Decimal("39.5"), Decimal("42.5"), Decimal(3))
    assert c.went == (SignalArea.WORK,)
    with pytest.raises(InvalidValueError, match="before"):
        compare({"score": 30}, score(later))  # type: ignore[arg-type]


def test_pairing_by_worker_and_measurement() -> None:
    r = pair_measurements([("a", "2014", _m(40)), ("b", "2014", _m(30)), ("a", "2015", _m(43)),
                           ("c", "2015", _m(20))])
    assert (r.before, r.after, r.summary.pairs, r.unpaired) == ("2014", "2015", 1, 2)
    assert r.changes["a"].wai_change == 3
    with pytest.raises(InvalidValueError, match=r"records\[2\].*second questionnaire"):
        pair_measurements([("a", 1, _m(40)), ("a", 2, _m(41)), ("a", 1, _m(42))])
    with pytest.raises(InvalidValueError, match="exactly two"):
        pair_measurements([("a", 1, _m(40)), ("a", 2, _m(41)), ("a", 3, _m(42))])
    assert pair_measurements([("a", 1, _m(40)), ("a", 3, _m(42))], before=1, after=3).summary.pairs == 1


# ------------------------------------------------------------------ properties


@given(measurements())
def test_a_measurement_compared_with_itself_has_no_change(m: Measurement) -> None:
    c = compare(m, m)
    assert c.wai_change == 0 and c.band_steps == 0 and c.signal_changes == ()
    s = summarise_pairs([c, c])
    assert s.mean_change == 0 and s.unchanged == 2 and s.stayed(m.band).count == 2
    assert all(s.changes(a, k).count == 0 for a in SignalArea for k in SignalChange)


@given(measurements(), measurements())
def test_comparing_the_other_way_round_reverses_every_change(a: Measurement, b: Measurement) -> None:
    ab, ba = compare(a, b), compare(b, a)
    assert ab.wai_change == -ba.wai_change and ab.band_steps == -ba.band_steps
    flip = {SignalChange.APPEARED: SignalChange.WENT, SignalChange.WENT: SignalChange.APPEARED,
            SignalChange.STRONGER: SignalChange.WEAKER, SignalChange.WEAKER: SignalChange.STRONGER}
    assert {area: flip[k] for area, k in ab.signal_changes} == dict(ba.signal_changes)


@given(st.lists(st.tuples(measurements(), measurements()), max_size=20))
def test_a_summary_adds_up(pairs: list[tuple[Measurement, Measurement]]) -> None:
    s = summarise_pairs(compare(a, b) for a, b in pairs)
    assert s.pairs == len(pairs) == s.improved + s.unchanged + s.declined
    assert sum(map(sum, s.transitions)) == len(pairs)
    if pairs:
        exact = Fraction(s.total_after - s.total_before) / len(pairs)
        assert abs(Fraction(s.mean_change) - exact) < Fraction(1, 10**24)  # type: ignore[arg-type]
        assert abs(s.mean_change - (s.mean_after - s.mean_before)) < Decimal("1e-24")  # type: ignore[operator]
        assert min(b.score - a.score for a, b in pairs) <= exact <= max(b.score - a.score for a, b in pairs)
    for band in Band:
        assert s.stayed(band).count <= s.started_in(band).count <= s.pairs


def _table(records: list[tuple[Any, Any, Measurement]]) -> pa.Table:
    return pa.table({
        "worker": pa.array([w for w, _l, _m in records], pa.string()),
        "measurement": pa.array([lab for _w, lab, _m in records], pa.int64()),
        "score": pa.array([float(m.score) for _w, _l, m in records], pa.float64()),
        "band": pa.array([m.band.value for _w, _l, m in records], pa.string()).dictionary_encode(),
        **{a: pa.array([m.level(SignalArea(a)).value for _w, _l, m in records], pa.string()) for a in AREAS},
    })


def _outcome(fn: Any) -> Any:
    try:
        return fn()
    except InvalidValueError as exc:
        return ("error", exc.field, exc.value, str(exc))


@settings(max_examples=150, deadline=None)
@given(measurement_records, st.sampled_from([None, (1, 2), (2, 1), (1, 3)]))
def test_batch_pairs_and_summary_equal_the_scalar_path(records: list[tuple[Any, Any, Measurement]],
                                                       labels: tuple[int, int] | None) -> None:
    before, after = labels or (None, None)
    scalar = _outcome(lambda: pair_measurements(records, before=before, after=after))
    batch = _outcome(lambda: compare_scored(_table(records), worker_column="worker", measurement_column="measurement",
                                            before=before, after=after))
    if isinstance(scalar, tuple):
        assert batch == scalar
        return
    assert not isinstance(batch, tuple), batch
    assert batch.summary == scalar.summary
    assert (batch.unpaired, batch.before, batch.after) == (scalar.unpaired, scalar.before, scalar.after)
    rows = batch.changes.to_pylist()
    assert [r["worker"] for r in rows] == list(scalar.changes)
    for row, change in zip(rows, scalar.changes.values(), strict=True):
        expected = change.to_json()
        assert (row["before_score"], row["after_score"], row["wai_change"], row["band_steps"]) == (
            expected["before"]["score"], expected["after"]["score"], expected["wai_change"], expected["band_steps"])
        assert (row["before_band"], row["after_band"]) == (expected["before"]["band"], expected["after"]["band"])
        assert {a: row[a] for a in AREAS if row[a] is not None} == expected["signal_changes"]


@settings(max_examples=20, deadline=None)
@given(st.lists(valid_answers(), min_size=2, max_size=6))
def test_compare_batch_scores_then_pairs_like_score_then_compare(answers: list[dict[str, Any]]) -> None:
    half = len(answers) // 2
    rows = [{**row_from_answers(a), "worker": f"w{i % half}", "m": 1 if i < half else 2}
            for i, a in enumerate(answers[: 2 * half])]
    rows.append({**rows[0], "prognosis": 5, "worker": "bad", "m": 2})  # cannot be scored: no pair, one error
    out = compare_batch(pa.Table.from_pylist(rows), worker_column="worker", measurement_column="m")
    expected = pair_measurements([(r["worker"], r["m"], score(a)) for r, a in zip(rows, answers[: 2 * half])])
    assert out.summary == expected.summary and out.unpaired == expected.unpaired
    assert [e.row for e in out.errors] == [len(rows) - 1] and out.rows == len(rows)
