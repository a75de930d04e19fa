"""Invitations and telephone subsidy (KM-SAT-9), no cherry-picking (KM-SVC-2), teachers (KM-SVC-3)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from blikopwerk import InvalidValueError, Source
from keurmerk import (
    KEURMERK_RULES,
    invitation_plan,
    qualified_teachers_ok,
    telephone_subsidy,
    unmeasured_services,
)


def test_km_sat_9_clients_email_and_post_with_one_reminder() -> None:
    plan = invitation_plan("client", service=7)
    assert (plan.channels, plan.reminders, plan.by_phone) == (("email", "post"), 1, False)


def test_km_sat_9_principals_email_only() -> None:
    assert invitation_plan("principal").channels == ("email",)


@pytest.mark.parametrize(("profile", "phone"), [(1, True), (2, True), (3, False), (4, False)])
def test_km_sat_9_inburgering_learning_profile_1_2_called(profile: int, phone: bool) -> None:
    plan = invitation_plan("client", service=11, learning_profile=profile)
    assert plan.by_phone is phone
    if phone:
        assert plan.phone_limit == 25


def test_km_sat_9_invitation_errors() -> None:
    with pytest.raises(InvalidValueError) as info:
        invitation_plan("client", service=8, learning_profile=1)
    assert info.value.field == "learning_profile"
    with pytest.raises(InvalidValueError):
        invitation_plan("client", service=11, learning_profile=0)
    with pytest.raises(InvalidValueError):
        invitation_plan("zelfmelder")


@pytest.mark.parametrize(("calls", "subsidy"), [(0, "0.00"), (1, "5.00"), (19, "95.00"), (20, "100.00"),
                                                (21, "100.00"), (500, "100.00")])
def test_km_sat_9_half_of_the_first_20_calls(calls: int, subsidy: str) -> None:
    assert telephone_subsidy(calls, "10").amount == Decimal(subsidy)


def test_km_sat_9_subsidy_errors() -> None:
    with pytest.raises(InvalidValueError):
        telephone_subsidy(-1, "10")
    with pytest.raises(InvalidValueError):
        telephone_subsidy(5, 10.0)
    with pytest.raises(InvalidValueError):
        telephone_subsidy(5, "-1")


def test_km_svc_2_no_cherry_picking() -> None:
    assert unmeasured_services([5, 7, 8], [5]) == (7, 8)
    assert unmeasured_services([5], [5, 7]) == ()
    with pytest.raises(InvalidValueError):
        unmeasured_services([12], [5])


def test_km_svc_3_eighty_percent_qualified_teachers() -> None:
    assert qualified_teachers_ok(10, 8)
    assert not qualified_teachers_ok(10, 7)
    assert qualified_teachers_ok(1000, 800) and not qualified_teachers_ok(1000, 799)
    with pytest.raises(InvalidValueError):
        qualified_teachers_ok(0, 0)
    with pytest.raises(InvalidValueError):
        qualified_teachers_ok(10, 11)


# ------------------------------------------------------------------ revised KM-SAT-9


def test_km_sat_9_cap_of_25_successful_calls_is_enforced() -> None:
    # issue 15: the cap was returned as a number and never enforced
    plans = [invitation_plan("client", service=11, learning_profile=1 + n % 2, successful_calls=n)
             for n in range(30)]
    assert [p.by_phone for p in plans] == [True] * 25 + [False] * 5
    assert plans[25].channels == ("email", "post") and plans[25].reminders == 1  # the 26th: regular way
    # failed calls do not count: after 40 attempts with 24 successes the next is still called
    assert invitation_plan("client", service=11, learning_profile=2, successful_calls=24).by_phone
    # profiles 3 and 4 are never called
    assert not invitation_plan("client", service=11, learning_profile=3, successful_calls=0).by_phone


@pytest.mark.parametrize("profile", [0, 5, 99, -1, True, False, "1", "2", 1.0, Decimal(2)])
def test_km_sat_9_learning_profiles_are_1_to_4(profile: object) -> None:
    with pytest.raises(InvalidValueError) as info:
        invitation_plan("client", service=11, learning_profile=profile)
    assert info.value.field == "learning_profile"
    assert info.value.value is profile


@pytest.mark.parametrize("calls", [-1, True, "3", 2.0, None])
def test_km_sat_9_successful_calls_is_a_count(calls: object) -> None:
    with pytest.raises(InvalidValueError) as info:
        invitation_plan("client", service=11, learning_profile=1, successful_calls=calls)
    assert info.value.field == "successful_calls"


def test_km_sat_9_cap_and_profiles_come_from_the_rule_set() -> None:
    src = Source.decision("test", rules=("KM-SAT-9",))
    rules = KEURMERK_RULES.replace(parameters={"inburgering_phone_max": (3, src),
                                               "phone_learning_profile_max": (3, src),
                                               "learning_profile_max": (5, src)})
    plan = invitation_plan("client", service=11, learning_profile=3, successful_calls=2, rules=rules)
    assert (plan.by_phone, plan.phone_limit) == (True, 3)
    assert not invitation_plan("client", service=11, learning_profile=3, successful_calls=3, rules=rules).by_phone
    assert not invitation_plan("client", service=11, learning_profile=5, rules=rules).by_phone
