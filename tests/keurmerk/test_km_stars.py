"""Stars (KM-STAR-1, KM-STAR-2): the default policy and replacing it."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

from blikopwerk import InvalidValueError
from keurmerk import DefaultStarPolicy, StarInputs, StarPolicy, StarResult, stars

FULL = {"client_mark": "8.0", "principal_mark": "8.0", "performance_pct": 75, "effort_pct": 20,
        "staff_pct": 100}


def test_km_star_2_one_for_norms_plus_one_per_criterion() -> None:
    assert stars(StarInputs(norms_met=True)).stars == 1
    assert stars(StarInputs(norms_met=True, client_mark="8.0")).stars == 2
    assert stars(StarInputs(norms_met=True, client_mark="7.9")).stars == 1
    assert stars(StarInputs(norms_met=True, client_mark=8, principal_mark="8.1")).stars == 3


def test_km_star_2_capped_at_4_and_lists_what_counted() -> None:
    r = stars(StarInputs(norms_met=True, **FULL))
    assert r.stars == 4
    assert [c.id for c in r.counted] == ["norms", "client_mark", "principal_mark", "performance_agreements",
                                         "agreements", "trained_staff"]
    assert "decision" in r.policy


@pytest.mark.parametrize(("field", "low", "high"), [
    ("client_mark", "7.99", "8.0"), ("principal_mark", "7.9", "8"), ("performance_pct", "74.9", "75"),
    ("staff_pct", "99.9", "100"),
])
def test_km_star_2_thresholds_are_inclusive(field: str, low: str, high: str) -> None:
    assert stars(StarInputs(norms_met=True, **{field: low})).stars == 1
    assert stars(StarInputs(norms_met=True, **{field: high})).stars == 2


def test_km_star_2_agreements_together() -> None:
    ok = stars(StarInputs(norms_met=True, performance_pct=40, effort_pct=55))
    assert [c.id for c in ok.counted] == ["norms", "agreements"]
    no = stars(StarInputs(norms_met=True, performance_pct=40, effort_pct="54.9"))
    assert [c.id for c in no.counted] == ["norms"]
    with pytest.raises(InvalidValueError) as info:
        StarInputs(norms_met=True, performance_pct=60, effort_pct=50)
    assert info.value.field == "effort_pct"


def test_km_star_2_exam_guarantee_only_where_a_service_allows_one() -> None:
    assert stars(StarInputs(norms_met=True, exam_guarantee=True, services=[7])).stars == 1
    assert stars(StarInputs(norms_met=True, exam_guarantee=True, services=[7, 1])).stars == 2
    assert stars(StarInputs(norms_met=True, exam_guarantee=True, services=[11])).stars == 2
    assert stars(StarInputs(norms_met=True, exam_guarantee=False, services=[1])).stars == 1
    na = stars(StarInputs(norms_met=True, services=[7])).criteria[-1]
    assert not na.applicable


def test_km_star_2_no_stars_without_norms_or_as_aspirant() -> None:
    assert stars(StarInputs(norms_met=False, **FULL)).stars == 0
    assert stars(StarInputs(norms_met=True, aspirant=True, **FULL)).stars == 0


@pytest.mark.parametrize(("field", "value"), [
    ("client_mark", 0), ("client_mark", 11), ("principal_mark", 8.5), ("staff_pct", -1),
    ("performance_pct", 101), ("norms_met", "yes"),
])
def test_star_inputs_validate(field: str, value: object) -> None:
    kwargs = {"norms_met": True, field: value}
    with pytest.raises(InvalidValueError) as info:
        StarInputs(**kwargs)
    assert info.value.field == field


def test_km_star_2_thresholds_can_be_changed() -> None:
    policy = DefaultStarPolicy.from_rules(client_mark=Decimal("8.5"), max_stars=3)
    assert stars(StarInputs(norms_met=True, client_mark="8.2"), policy=policy).stars == 1
    assert stars(StarInputs(norms_met=True, **FULL), policy=policy).stars == 3
    with pytest.raises(InvalidValueError):
        DefaultStarPolicy.from_rules(client_score=8)


def test_km_star_2_policy_is_replaceable_as_a_whole() -> None:
    @attrs.frozen
    class MarksOnly:
        name: str = "marks only"

        def evaluate(self, inputs: StarInputs) -> StarResult:
            n = sum(1 for m in (inputs.client_mark, inputs.principal_mark) if m is not None and m >= 9)
            return StarResult(n, (), self.name)

    policy = MarksOnly()
    assert isinstance(policy, StarPolicy)
    assert stars(StarInputs(norms_met=True, client_mark=9, principal_mark=9), policy=policy).stars == 2

    @attrs.frozen
    class Greedy:
        name: str = "greedy"

        def evaluate(self, inputs: StarInputs) -> StarResult:
            return StarResult(5, (), self.name)

    with pytest.raises(InvalidValueError):
        stars(StarInputs(norms_met=True), policy=Greedy())
    with pytest.raises(InvalidValueError):
        stars(StarInputs(norms_met=True), policy=object())  # type: ignore[arg-type]
