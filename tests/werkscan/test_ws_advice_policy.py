"""Advice on signals (WS-ADV-6) and the advice explaining itself (WS-ADV-7).

Seed 002 (Panteia 2015) reports two suggestions the library offers as options: experts ask to
"Geef ook het advies om in gesprek te gaan als het werkvermogen goed is, maar er wel acties
en/of preventieve acties mogelijk zijn" (the policy on signals, off by default) and miss
"waarom een werkende het advies krijgt om wel/niet een gesprek te voeren" (the explanation).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from blikopwerk import InvalidValueError
from strategies import SIGNAL_AREAS as AREAS
from strategies import batch_rows, half_scores, signal_levels_by_area, signal_policies, valid_answers
from werkscan import (
    WAI_RULES,
    Advice,
    AdviceReason,
    AnswersError,
    SignalArea,
    SignalPolicy,
    advice_for,
    explain_advice,
    score,
)
from werkscan._scoring.batch import BATCH_COLUMNS, answers_from_row, score_batch

QUIET = {a: "none" for a in AREAS}
ONE_STRONG = {**QUIET, "work": "strong"}
ONE_WEAK = {**QUIET, "lifestyle": "weak"}
SCHEMA = pa.schema([(c, pa.string() if c in ("work_nature", "sick_leave_band", *AREAS) else pa.int64())
                    for c in BATCH_COLUMNS])


def _policy_rules(policy: str) -> Any:
    return WAI_RULES.replace(parameters={"preventive_signals": (policy, WAI_RULES.parameters["preventive_signals"][1])})


# ------------------------------------------------------------------ WS-ADV-6 by example


def test_ws_adv_6_is_off_by_default_ws_adv_2_stays() -> None:
    assert WAI_RULES.parameter("preventive_signals") == "off"
    assert advice_for(45, signals=ONE_STRONG) == (Advice.NONE, ("WS-ADV-2",))
    assert explain_advice(45, ONE_STRONG).reason is AdviceReason.NO_REASON


def test_ws_adv_6_a_good_wai_with_a_strong_signal_gets_advice_for_prevention() -> None:
    e = explain_advice(45, ONE_STRONG, preventive_signals="strong")
    assert (e.advice, e.reason, e.triggered_by) == (Advice.ADVISED, AdviceReason.SIGNALS, (SignalArea.WORK,))
    assert advice_for(43, signals=ONE_STRONG, preventive_signals="strong") == (Advice.ADVISED, ("WS-ADV-6",))


def test_ws_adv_6_weak_signals_count_only_under_strong_and_weak() -> None:
    assert explain_advice(49, ONE_WEAK, preventive_signals="strong").advice is Advice.NONE
    e = explain_advice(49, ONE_WEAK, preventive_signals="strong_and_weak")
    assert (e.advice, e.triggered_by) == (Advice.ADVISED, (SignalArea.LIFESTYLE,))
    assert explain_advice(49, QUIET, preventive_signals="strong_and_weak").advice is Advice.NONE


def test_ws_adv_6_below_the_threshold_the_wai_decides() -> None:
    """Below 43 the advice is the threshold's (WS-ADV-2, -3), whatever the policy."""
    assert explain_advice(42.5, ONE_STRONG, preventive_signals="strong").reason is AdviceReason.ADVICE_BELOW
    assert explain_advice(27.5, ONE_STRONG, preventive_signals="strong").advice is Advice.URGENT


def test_ws_adv_4_goes_before_ws_adv_6() -> None:
    e = explain_advice(45, ONE_STRONG, preventive=True, preventive_signals="strong")
    assert e.reason is AdviceReason.PREVENTIVE and e.triggered_by == ()


def test_the_policy_from_the_rule_set_in_use_reaches_score() -> None:
    answers = {"wai": {"current_work_ability": 10, "physical_demands": 5, "mental_demands": 5,
                       "work_nature": "both", "diagnosed_diseases": 0, "impairment": 6, "sick_leave_days": 0,
                       "prognosis": 7, "mental_resources": [4, 4, 4]}, "signals": ONE_STRONG}
    assert score(answers).advice is Advice.NONE  # WAI 49
    r = score(answers, rules=_policy_rules("strong"))
    assert (r.advice, r.advice_rules, r.explanation.reason) == (Advice.ADVISED, ("WS-ADV-6",), AdviceReason.SIGNALS)
    assert score(answers, preventive_signals="strong").advice is Advice.ADVISED


def test_bad_policies_and_missing_signals_are_errors() -> None:
    with pytest.raises(InvalidValueError, match="preventive_signals"):
        explain_advice(45, ONE_STRONG, preventive_signals="weak_only")
    with pytest.raises(InvalidValueError, match="signals"):
        advice_for(45, preventive_signals="strong")
    with pytest.raises(AnswersError, match="signals.work"):
        explain_advice(45, {a: v for a, v in ONE_STRONG.items() if a != "work"})


# ------------------------------------------------------------------ WS-ADV-7 by example


def test_ws_adv_7_the_result_says_why_in_plain_dutch_and_english() -> None:
    e = explain_advice(39.5, {**ONE_STRONG, "health": "weak"})
    nl, en = e.text(), e.text("en")
    assert nl.splitlines()[0] == "Uw WAI-score (39,5) is lager dan 43: daarom krijgt u het advies om een gesprek aan te gaan."
    assert en.splitlines()[0] == "Your WAI score (39.5) is below 43: that is why you are advised to have a conversation."
    assert "Uw werkvermogen is goed." in nl and "Sterke signalen: Werk." in nl and "Zwakke signalen: Gezondheid." in nl
    assert "de vaste regel" in nl and "urgent advice below 28" in en
    for text in (nl, en):
        assert "WS-" not in text and "ADV" not in text


def test_ws_adv_7_names_the_policy_on_signals_and_the_areas() -> None:
    e = explain_advice(45, {**ONE_STRONG, "education": "strong"}, preventive_signals="strong")
    assert e.text().splitlines()[0] == (
        "Uw WAI-score (45) is 43 of hoger, maar u heeft een signaal op Werk en Scholing/opleiding: daarom "
        "krijgt u het advies om een gesprek aan te gaan, om problemen te voorkomen.")
    assert e.text("en").splitlines()[-1].endswith("at a higher score also with a strong signal.")


def test_ws_adv_7_the_explanation_follows_the_rule_set_in_use() -> None:
    source = WAI_RULES.parameters["advice_below"][1]
    rules = WAI_RULES.replace(parameters={"advice_below": (Decimal(44), source)})
    e = explain_advice(43.5, QUIET, rules=rules)
    assert e.advice is Advice.ADVISED and e.advice_below == Decimal(44)
    assert "lager dan 44" in e.text()


def test_ws_adv_7_the_explanation_is_in_the_json_form() -> None:
    out = score({"wai": {"current_work_ability": 2, "physical_demands": 1, "mental_demands": 1, "work_nature": "both",
                         "diagnosed_diseases": 6, "impairment": 1, "sick_leave_days": 200, "prognosis": 1,
                         "mental_resources": [0, 0, 0]}, "signals": QUIET}).to_json()
    assert out["explanation"]["reason"] == "urgent_below"
    assert out["explanation"]["urgent_below"] == 28.0 and out["explanation"]["score"] == 9.0
    with pytest.raises(InvalidValueError, match="lang"):
        explain_advice(9, QUIET).text("de")


# ------------------------------------------------------------------ properties


_ORDER = {"off": 0, "strong": 1, "strong_and_weak": 2}


@settings(max_examples=200)
@given(half_scores, signal_levels_by_area, signal_policies, st.booleans())
def test_explanation_and_advice_agree(score_: float, levels: dict[str, str], policy: str, preventive: bool) -> None:
    e = explain_advice(score_, levels, preventive=preventive, preventive_signals=policy)
    assert advice_for(score_, signals=levels, preventive=preventive, preventive_signals=policy) == (
        e.advice, (e.rule_id,))
    assert e.advice is {AdviceReason.URGENT_BELOW: Advice.URGENT, AdviceReason.NO_REASON: Advice.NONE}.get(
        e.reason, Advice.ADVISED)
    assert (e.reason is AdviceReason.SIGNALS) == bool(e.triggered_by)
    assert set(e.triggered_by) <= set(e.strong) | set(e.weak)
    for text in (e.text(), e.text("en")):
        assert "WS-" not in text and text.count("\n") == len(e.lines()) - 1


@settings(max_examples=200)
@given(half_scores, signal_levels_by_area, signal_policies, signal_policies)
def test_a_wider_policy_never_takes_advice_away(score_: float, levels: dict[str, str], a: str, b: str) -> None:
    narrow, wide = sorted((a, b), key=_ORDER.__getitem__)
    advised = {Advice.URGENT, Advice.ADVISED}
    if explain_advice(score_, levels, preventive_signals=narrow).advice in advised:
        assert explain_advice(score_, levels, preventive_signals=wide).advice in advised
    if score_ < 43:  # the policy only acts at or above the threshold
        assert explain_advice(score_, levels, preventive_signals=a).advice == explain_advice(score_, levels).advice


@settings(max_examples=100)
@given(valid_answers(), signal_policies)
def test_score_explains_what_it_decided(answers: dict[str, Any], policy: str) -> None:
    r = score(answers, preventive_signals=policy)
    assert r.explanation.advice is r.advice and (r.explanation.rule_id,) == r.advice_rules
    assert r.explanation.score == r.wai.score and r.explanation.band is r.wai.band
    assert r.explanation.signal_policy is SignalPolicy(policy)
    assert r.explanation == explain_advice(r.wai.score, answers["signals"], preventive_signals=policy)


@settings(max_examples=60, deadline=None)
@given(st.lists(batch_rows(), min_size=1, max_size=30), st.integers(1, 16), signal_policies)
def test_batch_applies_the_policy_on_signals_as_the_scalar_path(rows: list[dict[str, Any]], chunk_rows: int,
                                                                 policy: str) -> None:
    rules = _policy_rules(policy)
    result = score_batch(pa.Table.from_pylist(rows, schema=SCHEMA), rules=rules, chunk_rows=chunk_rows)
    scored = {r["row"]: r for r in result.results.to_pylist()}
    for i, row in enumerate(rows):
        try:
            expected = score(answers_from_row(row), rules=rules)
        except AnswersError:
            assert i not in scored
            continue
        assert (scored[i]["advice"], (scored[i]["advice_rule"],)) == (expected.advice.value, expected.advice_rules)


def test_batch_example_with_the_policy_on_signals() -> None:
    """The rows the property rarely draws: a WAI of 49 with a strong, a weak or no signal."""
    from werkscan import row_from_answers

    best = {"current_work_ability": 10, "physical_demands": 5, "mental_demands": 5, "work_nature": "both",
            "diagnosed_diseases": 0, "impairment": 6, "sick_leave_days": 0, "prognosis": 7,
            "mental_resources": [4, 4, 4]}
    rows = [row_from_answers({"wai": best, "signals": s}) for s in (ONE_STRONG, ONE_WEAK, QUIET)]
    table = pa.Table.from_pylist(rows)
    for policy, expected in (("off", ["WS-ADV-2"] * 3), ("strong", ["WS-ADV-6", "WS-ADV-2", "WS-ADV-2"]),
                             ("strong_and_weak", ["WS-ADV-6", "WS-ADV-6", "WS-ADV-2"])):
        out = score_batch(table, rules=_policy_rules(policy)).results
        assert out.column("advice_rule").to_pylist() == expected
        assert out.column("advice").to_pylist() == ["advised" if r == "WS-ADV-6" else "none" for r in expected]
