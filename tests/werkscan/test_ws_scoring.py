"""Example tests of Werkscan scoring: every WAI item edge, band and advice edge (WS-WAI-*, WS-ADV-*, WS-SIG-*)."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any

import pytest

import werkscan
from blikopwerk import BlikopwerkError, InvalidValueError, Source
from werkscan import (
    WAI_RULES,
    Advice,
    Answers,
    AnswersError,
    Band,
    SignalArea,
    SignalLevel,
    advice_for,
    band_for,
    label,
    score,
    signal_drop,
    signal_level_from_items,
)

ISSUE_EXAMPLE: dict[str, Any] = {
    "wai": {
        "current_work_ability": 8,
        "physical_demands": 4, "mental_demands": 3, "work_nature": "physical",
        "diagnosed_diseases": 1,
        "impairment": 5,
        "sick_leave_days": 3,
        "prognosis": 7,
        "mental_resources": [3, 3, 2],
    },
    "signals": {"health": "weak", "lifestyle": "none", "work": "strong",
                "work_life_balance": "none", "education": "none",
                "career_development": "weak", "career_mobility": "none",
                "self_reliance": "none"},
}


def with_wai(**changes: Any) -> dict[str, Any]:
    d = copy.deepcopy(ISSUE_EXAMPLE)
    for key, value in changes.items():
        if value is None:
            d["wai"].pop(key, None)
        else:
            d["wai"][key] = value
    return d


def test_issue_example_scores_39_5_good_advised() -> None:
    """WS-WAI-1..8 on the issue's example: 8 + (4x1.5 + 3x0.5) + 5 + 5 + 4 + 7 + 3 = 39.5."""
    r = score(ISSUE_EXAMPLE)
    items = r.wai.items
    assert (items.current_work_ability, items.demands, items.diseases, items.impairment,
            items.sick_leave, items.prognosis, items.mental_resources) == (8, 7.5, 5, 5, 4, 7, 3)
    assert r.wai.score == 39.5
    assert r.wai.band is Band.GOOD
    assert r.advice is Advice.ADVISED and r.advice_rules == ("WS-ADV-2",)
    assert r.signal_drop == Decimal("3.4")  # WS-SIG-3: 1 strong (2.2) + 2 weak (2 x 0.6)
    assert r.act_on == (SignalArea.WORK, SignalArea.HEALTH, SignalArea.CAREER_DEVELOPMENT)  # WS-ADV-5


def test_json_form_is_documented_shape() -> None:
    out = score(ISSUE_EXAMPLE).model_dump(mode="json")
    assert out["wai"]["score"] == 39.5 and out["wai"]["band"] == "good"
    assert out["advice"] == "advised" and out["advice_rules"] == ["WS-ADV-2"]
    assert out["signals"]["work"] == "strong"
    assert out["signal_drop"] == 3.4
    json.dumps(out)  # serialisable


@pytest.mark.parametrize("answer", range(11))
def test_ws_wai_1_item1_is_the_answer(answer: int) -> None:
    assert score(with_wai(current_work_ability=answer)).wai.items.current_work_ability == answer


@pytest.mark.parametrize(("nature", "physical", "mental", "points"), [
    ("physical", 4, 3, 7.5), ("mental", 4, 3, 6.5), ("both", 4, 3, 7.0),
    ("physical", 1, 1, 2.0), ("mental", 5, 5, 10.0), ("both", 5, 1, 6.0),
    ("physical", 1, 2, 2.5), ("mental", 2, 1, 2.5),
])
def test_ws_wai_2_weights_by_nature(nature: str, physical: int, mental: int, points: float) -> None:
    r = score(with_wai(work_nature=nature, physical_demands=physical, mental_demands=mental))
    assert r.wai.items.demands == points


@pytest.mark.parametrize(("count", "points"), [(0, 7), (1, 5), (2, 4), (3, 3), (4, 2), (5, 1), (6, 1), (51, 1)])
def test_ws_wai_3_disease_count(count: int, points: int) -> None:
    assert score(with_wai(diagnosed_diseases=count)).wai.items.diseases == points


def test_ws_wai_3_two_diseases_are_4_points_not_3() -> None:
    """Some open WAI tools map 2 diseases to 3 points: wrong (RULES.md WS-WAI-3)."""
    assert score(with_wai(diagnosed_diseases=2)).wai.items.diseases == 4


def test_ws_wai_3_disease_list_counts_physician_only_by_default() -> None:
    diseases = [{"code": 6, "diagnosis": "physician"}, {"code": "24", "diagnosis": "own_opinion"},
                {"code": 11, "diagnosis": "physician"}]
    answers = with_wai(diagnosed_diseases=None, diseases=diseases)
    assert score(answers).wai.items.diseases == 4  # two by a physician
    assert score(answers, count_own_opinion=True).wai.items.diseases == 3


def test_ws_wai_3_disease_errors() -> None:
    with pytest.raises(AnswersError) as exc:
        score(with_wai(diagnosed_diseases=None, diseases=[{"code": 52, "diagnosis": "physician"}]))
    assert exc.value.field == "wai.diseases.0.code" and exc.value.value == 52
    with pytest.raises(AnswersError) as exc:
        score(with_wai(diagnosed_diseases=None, diseases=[{"code": 6, "diagnosis": "physician"},
                                                           {"code": 6, "diagnosis": "own_opinion"}]))
    assert exc.value.field == "wai.diseases"
    with pytest.raises(AnswersError) as exc:  # both the count and the list
        score(with_wai(diseases=[{"code": 6, "diagnosis": "physician"}]))
    assert exc.value.field == "wai.diagnosed_diseases"
    with pytest.raises(AnswersError) as exc:  # neither
        score(with_wai(diagnosed_diseases=None))
    assert exc.value.field == "wai.diagnosed_diseases"


@pytest.mark.parametrize("answer", range(1, 7))
def test_ws_wai_4_impairment_is_the_answer(answer: int) -> None:
    assert score(with_wai(impairment=answer)).wai.items.impairment == answer


def test_ws_wai_4_several_ticked_lowest_counts() -> None:
    assert score(with_wai(impairment=[6, 3, 4])).wai.items.impairment == 3


@pytest.mark.parametrize(("days", "points"), [
    (0, 5), (1, 4), (9, 4), (10, 3), (24, 3), (25, 2), (99, 2), (100, 1), (365, 1)])
def test_ws_wai_5_sick_leave_days_edges(days: int, points: int) -> None:
    assert score(with_wai(sick_leave_days=days)).wai.items.sick_leave == points


@pytest.mark.parametrize(("band", "points"), [
    ("none", 5), ("1-9", 4), ("10-24", 3), ("25-99", 2), ("100-365", 1)])
def test_ws_wai_5_sick_leave_band(band: str, points: int) -> None:
    assert score(with_wai(sick_leave_days=None, sick_leave_band=band)).wai.items.sick_leave == points


@pytest.mark.parametrize(("answer", "points"), [(1, 1), (4, 4), (7, 7)])
def test_ws_wai_6_prognosis(answer: int, points: int) -> None:
    assert score(with_wai(prognosis=answer)).wai.items.prognosis == points


@pytest.mark.parametrize("answer", [0, 2, 3, 5, 6, 8])
def test_ws_wai_6_other_values_are_errors(answer: int) -> None:
    with pytest.raises(AnswersError) as exc:
        score(with_wai(prognosis=answer))
    assert (exc.value.field, exc.value.value) == ("wai.prognosis", answer)
    assert "wai.prognosis" in str(exc.value) and repr(answer) in str(exc.value)


@pytest.mark.parametrize(("answers", "points"), [
    ([0, 0, 0], 1), ([1, 1, 1], 1), ([1, 1, 2], 2), ([2, 2, 2], 2), ([3, 2, 2], 3),
    ([3, 3, 3], 3), ([4, 3, 3], 4), ([4, 4, 4], 4)])
def test_ws_wai_7_mental_resources_edges(answers: list[int], points: int) -> None:
    assert score(with_wai(mental_resources=answers)).wai.items.mental_resources == points


def test_ws_wai_8_extremes_are_7_and_49() -> None:
    low = with_wai(current_work_ability=0, physical_demands=1, mental_demands=1, diagnosed_diseases=9,
                   impairment=1, sick_leave_days=365, prognosis=1, mental_resources=[0, 0, 0])
    high = with_wai(current_work_ability=10, physical_demands=5, mental_demands=5, diagnosed_diseases=0,
                    impairment=6, sick_leave_days=0, prognosis=7, mental_resources=[4, 4, 4])
    assert score(low).wai.score == 7
    assert score(high).wai.score == 49


@pytest.mark.parametrize(("value", "band"), [
    (7, Band.POOR), (27, Band.POOR), (27.5, Band.POOR), (28, Band.MODERATE), (36, Band.MODERATE),
    (36.5, Band.MODERATE), (37, Band.GOOD), (43, Band.GOOD), (43.5, Band.GOOD), (44, Band.EXCELLENT),
    (49, Band.EXCELLENT)])
def test_ws_wai_9_band_edges(value: float, band: Band) -> None:
    assert band_for(value) is band


@pytest.mark.parametrize("value", [6.5, 49.5, 0, float("nan")])
def test_ws_wai_9_score_outside_scale_is_error(value: float) -> None:
    with pytest.raises(InvalidValueError):
        band_for(value)


def test_band_through_scoring_at_27_5_and_43_5() -> None:
    # 6 + 2.5 (physical 1 x 1.5 + mental 2 x 0.5) + 5 + 5 + 3 + 4 + 2 = 27.5
    a = with_wai(current_work_ability=6, work_nature="physical", physical_demands=1, mental_demands=2,
                 diagnosed_diseases=1, impairment=5, sick_leave_days=10, prognosis=4, mental_resources=[2, 2, 2])
    r = score(a)
    assert r.wai.score == 27.5 and r.wai.band is Band.POOR and r.advice is Advice.URGENT
    r = score({**a, "wai": {**a["wai"], "current_work_ability": 7, "mental_demands": 1}})
    assert r.wai.score == 28 and r.wai.band is Band.MODERATE and r.advice is Advice.ADVISED
    b = with_wai(current_work_ability=10, work_nature="physical", physical_demands=5, mental_demands=4,
                 diagnosed_diseases=1, impairment=6, sick_leave_days=1, prognosis=7, mental_resources=[2, 2, 2])
    r = score(b)
    assert r.wai.score == 43.5 and r.wai.band is Band.GOOD and r.advice is Advice.NONE
    r = score({**b, "wai": {**b["wai"], "current_work_ability": 9, "mental_demands": 3}})
    assert r.wai.score == 42.0 and r.advice is Advice.ADVISED
    r = score({**b, "wai": {**b["wai"], "current_work_ability": 9, "work_nature": "both",
                            "physical_demands": 5, "mental_demands": 5}})
    assert r.wai.score == 43 and r.advice is Advice.NONE


@pytest.mark.parametrize(("value", "advice", "rules"), [
    (7, Advice.URGENT, ("WS-ADV-3",)), (27.5, Advice.URGENT, ("WS-ADV-3",)),
    (28, Advice.ADVISED, ("WS-ADV-2",)), (42.5, Advice.ADVISED, ("WS-ADV-2",)),
    (43, Advice.NONE, ("WS-ADV-2",)), (49, Advice.NONE, ("WS-ADV-2",))])
def test_ws_adv_2_3_edges(value: float, advice: Advice, rules: tuple[str, ...]) -> None:
    assert advice_for(value) == (advice, rules)


def test_ws_adv_4_preventive_policy() -> None:
    assert advice_for(43, preventive=True) == (Advice.ADVISED, ("WS-ADV-4",))
    assert advice_for(20, preventive=True)[0] is Advice.URGENT
    high = with_wai(current_work_ability=10, physical_demands=5, mental_demands=5, diagnosed_diseases=0,
                    impairment=6, sick_leave_days=0, prognosis=7, mental_resources=[4, 4, 4])
    assert score(high).advice is Advice.NONE
    r = score(high, preventive=True)
    assert r.advice is Advice.ADVISED and r.preventive and r.advice_rules == ("WS-ADV-4",)


def test_ws_adv_2_threshold_is_a_parameter() -> None:
    """Some readers take the rule as '43 and below': a caller can pass 44."""
    assert advice_for(43, advice_below=44)[0] is Advice.ADVISED
    rules = WAI_RULES.replace(parameters={"advice_below": (Decimal(44), Source.decision("43 and below"))},
                              version="custom")
    assert advice_for(43.5, rules=rules)[0] is Advice.ADVISED
    assert advice_for(44, rules=rules)[0] is Advice.NONE


def test_ws_sig_3_drop() -> None:
    s, w, n = SignalLevel.STRONG, SignalLevel.WEAK, SignalLevel.NONE
    assert signal_drop([s, s, w]) == Decimal("5.0")  # the RULES.md example
    assert signal_drop([n] * 8) == 0
    assert signal_drop([s] * 8) == Decimal("17.6")


def test_ws_sig_2_optional_scorer_cutoffs() -> None:
    assert signal_level_from_items([3, 4]) is SignalLevel.STRONG  # mean 3.5
    assert signal_level_from_items([3, 3, 4, 4, 3, 4, 3, 3]) is SignalLevel.WEAK  # mean 3.375
    assert signal_level_from_items([2, 3]) is SignalLevel.WEAK  # mean 2.5
    assert signal_level_from_items([2, 2, 3, 2]) is SignalLevel.NONE  # mean 2.25
    with pytest.raises(InvalidValueError):
        signal_level_from_items([0, 3])
    with pytest.raises(InvalidValueError):
        signal_level_from_items([])


def test_labels_dutch_and_english() -> None:
    assert [label(b) for b in Band] == ["slecht", "matig", "goed", "uitstekend"]
    assert [label(b, "en") for b in Band] == ["poor", "moderate", "good", "excellent"]
    assert label(Advice.URGENT) == "dringend advies" and label(Advice.NONE) == "geen aanleiding"
    assert label(SignalLevel.STRONG) == "sterk signaal"
    with pytest.raises(InvalidValueError):
        label(Band.GOOD, "de")


@pytest.mark.parametrize(("changes", "field", "value"), [
    ({"current_work_ability": 11}, "wai.current_work_ability", 11),
    ({"current_work_ability": -1}, "wai.current_work_ability", -1),
    ({"current_work_ability": "8"}, "wai.current_work_ability", "8"),
    ({"current_work_ability": 8.5}, "wai.current_work_ability", 8.5),
    ({"current_work_ability": True}, "wai.current_work_ability", True),
    ({"current_work_ability": None}, "wai.current_work_ability", None),
    ({"physical_demands": 0}, "wai.physical_demands", 0),
    ({"mental_demands": 6}, "wai.mental_demands", 6),
    ({"work_nature": "office"}, "wai.work_nature", "office"),
    ({"impairment": 0}, "wai.impairment", 0),
    ({"impairment": 7}, "wai.impairment", 7),
    ({"sick_leave_days": 366}, "wai.sick_leave_days", 366),
    ({"sick_leave_days": -1}, "wai.sick_leave_days", -1),
    ({"prognosis": 5}, "wai.prognosis", 5),
    ({"mental_resources": [3, 3, 2, 1]}, "wai.mental_resources", [3, 3, 2, 1]),
    ({"mental_resources": [3, 3]}, "wai.mental_resources", [3, 3]),
    ({"mental_resources": [3, 5, 2]}, "wai.mental_resources.1", 5),
    ({"diagnosed_diseases": 52}, "wai.diagnosed_diseases", 52),
])
def test_ws_wai_10_invalid_answers_name_field_and_value(changes: dict[str, Any], field: str, value: Any) -> None:
    with pytest.raises(AnswersError) as exc:
        score(with_wai(**changes))
    err = exc.value
    assert isinstance(err, BlikopwerkError) and isinstance(err, InvalidValueError)
    assert err.field == field and err.value == value
    assert field in str(err)


def test_invalid_signal_and_unknown_keys() -> None:
    d = copy.deepcopy(ISSUE_EXAMPLE)
    d["signals"]["health"] = "medium"
    with pytest.raises(AnswersError) as exc:
        score(d)
    assert (exc.value.field, exc.value.value) == ("signals.health", "medium")
    d = copy.deepcopy(ISSUE_EXAMPLE)
    del d["signals"]["self_reliance"]
    with pytest.raises(AnswersError) as exc:
        score(d)
    assert exc.value.field == "signals.self_reliance"
    d = copy.deepcopy(ISSUE_EXAMPLE)
    d["wai"]["prognosys"] = 7
    with pytest.raises(AnswersError) as exc:
        score(d)
    assert exc.value.field == "wai.prognosys"


def test_all_errors_are_listed() -> None:
    d = with_wai(prognosis=5, current_work_ability=12, sick_leave_days=None)
    with pytest.raises(AnswersError) as exc:
        score(d)
    fields = [e.field for e in exc.value.errors]
    assert fields == ["wai.current_work_ability", "wai.prognosis", "wai.sick_leave_days"]


def test_answers_not_a_mapping() -> None:
    with pytest.raises(AnswersError):
        score([1, 2, 3])  # type: ignore[arg-type]


def test_json_schema_export_for_form_builders() -> None:
    schema = Answers.model_json_schema()
    wai = schema["$defs"]["WaiAnswers"]["properties"]
    assert wai["current_work_ability"]["minimum"] == 0 and wai["current_work_ability"]["maximum"] == 10
    assert set(schema["required"]) == {"wai", "signals"}
    assert "prognosis" in schema["$defs"]["WaiAnswers"]["required"]


def test_rule_set_has_a_source_per_entry_and_sorted_tables() -> None:
    rs = werkscan.wai_rules()
    assert rs in werkscan.RULESETS
    for name, table in rs.tables.items():
        assert len(table) > 0, name
        for entry in table.entries:
            assert entry.source.rules or entry.source.kind == "instrument", (name, entry.key)
        if table.sorted_keys:
            assert table.keys() == sorted(table.keys())
    for name in ("advice_below", "urgent_below", "preventive", "count_own_opinion",
                 "employer_min_questionnaires", "employer_min_cell"):
        assert rs.parameters[name][1] is not None
    assert not rs.parameters["urgent_below"][1].official  # WS-ADV-3 is a decision
    assert len(werkscan.WAI_DISEASES) == 51
