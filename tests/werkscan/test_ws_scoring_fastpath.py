"""The scalar path's compiled rule tables follow custom rule sets exactly (WS-WAI-2, WS-WAI-9)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from blikopwerk import InvalidValueError, RuleTable, Source
from werkscan import WAI_RULES, Band, band_for, score, wai_items
from werkscan._scoring.model import Answers

SRC = Source.decision("test table", rules=("WS-WAI-2",))
BASE: dict[str, Any] = {
    "wai": {"current_work_ability": 8, "physical_demands": 4, "mental_demands": 3, "work_nature": "physical",
            "diagnosed_diseases": 1, "impairment": 5, "sick_leave_days": 3, "prognosis": 7,
            "mental_resources": [3, 3, 2]},
    "signals": {a: "none" for a in ("health", "lifestyle", "work", "work_life_balance", "education",
                                    "career_development", "career_mobility", "self_reliance")}}


def quarter_weights() -> Any:
    return RuleTable.build("item2_weights", "quarter weights", dt.date(2020, 1, 1), [
        ("physical", (Decimal("0.25"), Decimal("1.75")), SRC),
        ("mental", (Decimal("0.5"), Decimal("1.5")), SRC),
        ("both", (Decimal(1), Decimal(1)), SRC)], sorted_keys=False)


def test_ws_wai_2_weights_that_are_not_half_points_are_computed_exactly() -> None:
    rules = WAI_RULES.replace(item2_weights=quarter_weights(), version="quarter")
    r = score(BASE, rules=rules)
    assert r.wai.items.demands == 4 * 0.25 + 3 * 1.75 == 6.25
    assert r.wai.score == 8 + 6.25 + 5 + 5 + 4 + 7 + 3
    assert r.wai.band is band_for(r.wai.score) and r.rules_version == "quarter"
    # the default rule set is not confused with the custom one (compiled tables per rule set)
    assert score(BASE).wai.items.demands == 7.5 and score(BASE).rules_version == WAI_RULES.version
    assert wai_items(Answers.parse(BASE).wai, rules=rules).demands == 6.25


def test_ws_wai_9_custom_bands_below_the_first_edge_raise_per_score() -> None:
    bands = RuleTable.build("wai_bands", "bands from 30", dt.date(2020, 1, 1), [
        (Decimal(30), Band.POOR, SRC), (Decimal(40), Band.GOOD, SRC)])
    rules = WAI_RULES.replace(wai_bands=bands)
    assert score(BASE, rules=rules).wai.band is Band.POOR  # 39.5 lies below the edge 40
    best = {**BASE, "wai": {**BASE["wai"], "current_work_ability": 10}}
    assert score(best, rules=rules).wai.band is Band.GOOD  # 41.5
    low = {**BASE, "wai": {**BASE["wai"], "current_work_ability": 0, "diagnosed_diseases": 9,
                           "prognosis": 1, "sick_leave_days": 200}}
    with pytest.raises(InvalidValueError):
        score(low, rules=rules)


@pytest.mark.parametrize("preventive", [False, True])
def test_ws_adv_4_preventive_switch_per_call(preventive: bool) -> None:
    r = score(BASE | {"wai": {**BASE["wai"], "current_work_ability": 10, "diagnosed_diseases": 0,
                              "impairment": 6, "sick_leave_days": 0}}, preventive=preventive)
    assert r.wai.score >= 43
    assert (r.advice.value, r.advice_rules) == (("advised", ("WS-ADV-4",)) if preventive else ("none", ("WS-ADV-2",)))
