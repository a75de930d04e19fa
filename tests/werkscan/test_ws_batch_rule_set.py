"""The batch path reads the WAI scale and bands from the rule set in use, as the scalar path does.

WS-WAI-8 (the WAI is the sum of the seven items, on the scale ``wai_min``-``wai_max``) and
WS-WAI-9 (the bands) are parameters and a table of the rule set. With a non-default rule set
the batch path gives, row for row, what :func:`werkscan.score` gives: the same score and band,
or, where the scalar path refuses the score, a ``score`` error with the same reason.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blikopwerk import InvalidValueError, RuleSet, RuleTable
from strategies import valid_answers
from werkscan import WAI_RULES, Band, row_from_answers, score, score_batch, score_partition


def _param(rules: RuleSet, **values: Any) -> RuleSet:
    return rules.replace(parameters={k: (v, rules.parameters[k][1]) for k, v in values.items()})


def _table(rules: RuleSet, name: str, rows: list[tuple[Any, Any]]) -> RuleSet:
    old = rules[name]
    sources = [e.source for e in old.entries]
    new = RuleTable.build(name, old.title, old.valid_from,
                          [(k, v, sources[min(i, len(sources) - 1)]) for i, (k, v) in enumerate(rows)],
                          version="test", sorted_keys=old.sorted_keys)
    return rules.replace(**{name: new})


#: Non-default rule sets: other band edges; a narrower scale; a wider scale with larger item
#: points (scores above 49); bands that start above the scale's lowest score.
RULE_SETS: dict[str, RuleSet] = {
    "shifted_bands": _table(WAI_RULES, "wai_bands", [(Decimal(7), Band.POOR), (Decimal(30), Band.MODERATE),
                                                     (Decimal("38.5"), Band.GOOD), (Decimal(46), Band.EXCELLENT)]),
    "narrow_scale": _param(WAI_RULES, wai_min=Decimal(12), wai_max=Decimal(45)),
    "wide_scale": _param(_table(WAI_RULES, "item6_points", [(1, 1), (4, 6), (7, 10)]), wai_max=Decimal(52)),
    "bands_from_15": _table(WAI_RULES, "wai_bands", [(Decimal(15), Band.POOR), (Decimal(28), Band.MODERATE),
                                                     (Decimal(37), Band.GOOD), (Decimal(44), Band.EXCELLENT)]),
}


def _scalar(answers: dict[str, Any], rules: RuleSet) -> tuple[str, Any, Any]:
    try:
        r = score(answers, rules=rules)
    except InvalidValueError as exc:
        return ("error", "score", exc.reason)
    return ("ok", r.wai.score, r.wai.band.value)


def _batch(answers: list[dict[str, Any]], rules: RuleSet) -> list[tuple[str, Any, Any]]:
    result = score_batch(pa.Table.from_pylist([row_from_answers(a) for a in answers]), rules=rules)
    out: list[tuple[str, Any, Any] | None] = [None] * len(answers)
    for row in result.results.to_pylist():
        out[row["row"]] = ("ok", row["score"], row["band"])
    for e in result.errors:
        assert out[e.row] is None, "a row with an error has no result"
        out[e.row] = ("error", e.field, e.reason)
    assert None not in out
    return out  # type: ignore[return-value]


@pytest.mark.parametrize("name", list(RULE_SETS))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers=st.lists(valid_answers(), min_size=1, max_size=12))
def test_scalar_and_batch_agree_under_a_non_default_rule_set(name: str, answers: list[dict[str, Any]]) -> None:
    rules = RULE_SETS[name]
    assert _batch(answers, rules) == [_scalar(a, rules) for a in answers]


def _answers(**wai: Any) -> dict[str, Any]:
    base = {"current_work_ability": 10, "physical_demands": 5, "mental_demands": 5, "work_nature": "both",
            "diagnosed_diseases": 0, "impairment": 6, "sick_leave_days": 0, "prognosis": 7,
            "mental_resources": [4, 4, 4]}
    return {"wai": base | wai, "signals": {a: "none" for a in (
        "health", "lifestyle", "work", "work_life_balance", "education", "career_development", "career_mobility",
        "self_reliance")}}


def test_edges_of_each_rule_set() -> None:
    """Worked examples: the best answers score 49 by default, 52 with item 6 worth 10."""
    best, worst = _answers(), _answers(current_work_ability=0, physical_demands=1, mental_demands=1,
                                       diagnosed_diseases=5, impairment=1, sick_leave_days=365, prognosis=1,
                                       mental_resources=[0, 0, 0])
    assert _scalar(best, WAI_RULES) == ("ok", 49, "excellent")
    assert _batch([best, worst], RULE_SETS["wide_scale"]) == [("ok", 52, "excellent"), ("ok", 7, "poor")]
    narrow = _batch([best, worst], RULE_SETS["narrow_scale"])
    assert narrow == [("error", "score", "a WAI lies in 12-45 (WS-WAI-8)")] * 2
    assert _batch([worst], RULE_SETS["bands_from_15"]) == [("error", "score", "below the first band (Decimal('15'))")]
    assert _batch([_answers(current_work_ability=7)], RULE_SETS["shifted_bands"]) == [("ok", 46, "excellent")]
    assert _batch([_answers(current_work_ability=6)], RULE_SETS["shifted_bands"]) == [("ok", 45, "good")]


def test_the_pandas_path_reads_the_rule_set_too() -> None:
    import pandas as pd

    best = row_from_answers(_answers())
    out = score_partition(pd.DataFrame([best]), rules=RULE_SETS["narrow_scale"])
    assert out["error"].tolist() == ["score: a WAI lies in 12-45 (WS-WAI-8) (got 49)"]
    out = score_partition(pd.DataFrame([best]), rules=RULE_SETS["wide_scale"])
    assert out["score"].tolist() == [52.0]
