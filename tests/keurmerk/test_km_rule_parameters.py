"""Every rule value is read from the rule set in use (issue 12 point 5), for the Keurmerk.

Each parameter and table of ``KEURMERK_RULES`` is swapped for a non-default value, and an
output that depends on it is checked to follow. A meta-test fails when a parameter or a
table has no case here, so a new rule value cannot be read from the default by mistake.
Rule ids: KM-FEE-1, KM-AUD-1, KM-AUD-2, KM-AUD-3, KM-AUD-4, KM-AUD-6, KM-CAL-1 to KM-CAL-5,
KM-SVC-1, KM-SVC-3, KM-SAT-3, KM-SAT-4, KM-SAT-6, KM-SAT-9, KM-STAR-1, KM-STAR-2,
KM-SRCH-1, KM-SRCH-2.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pytest

import keurmerk
from blikopwerk import InvalidValueError, Money, RuleSet, RuleTable, Source
from keurmerk import (
    KEURMERK_RULES,
    AuditArrangement,
    ManDays,
    Provider,
    Respondent,
    Service,
    StarInputs,
    analyse_survey,
    aspirant_end,
    audit_estimate,
    audit_exemption_eligible,
    audit_mandays,
    audit_route,
    corrected_mean,
    correction_applies,
    invitation_plan,
    load_providers,
    load_survey,
    measurement_period,
    participant_fee,
    qualified_teachers_ok,
    search_providers,
    services,
    shown_mark,
    stars,
    telephone_subsidy,
    withdrawal_deadline,
)

SRC = Source.decision("a non-default value for a test", rules=("KM-FEE-1",))
D = Decimal


def with_params(**values: Any) -> RuleSet:
    return KEURMERK_RULES.replace(parameters={k: (v, SRC) for k, v in values.items()})


def clients(service: int, marks: dict[int, int], rules: RuleSet = KEURMERK_RULES) -> list[Respondent]:
    return [Respondent.create("client", service=service, mark=m, rules=rules)
            for m, n in marks.items() for _ in range(n)]


# name -> (non-default value, check(rules) asserting an output that follows the value)
PARAMETER_CASES: dict[str, tuple[Any, Callable[[RuleSet], None]]] = {}


def case(name: str, value: Any) -> Callable[[Callable[[RuleSet], None]], Callable[[RuleSet], None]]:
    def register(check: Callable[[RuleSet], None]) -> Callable[[RuleSet], None]:
        PARAMETER_CASES[name] = (value, check)
        return check
    return register


@case("manday_rate", Money("1000"))
def _(rules: RuleSet) -> None:
    assert audit_estimate(30, 1, rules=rules).cost.amount == D("1500.00")  # default 1875.00


@case("audit_exemption_year", 5)
def _(rules: RuleSet) -> None:
    assert audit_exemption_eligible(5, rules=rules) and not audit_exemption_eligible(4, rules=rules)


@case("period_months", 6)
def _(rules: RuleSet) -> None:
    assert measurement_period("2024-01-01", rules=rules).end == dt.date(2024, 6, 30)


@case("data_request_days", 7)
def _(rules: RuleSet) -> None:
    assert measurement_period("2024-01-01", rules=rules).data_request_from == dt.date(2024, 12, 25)


@case("audit_deadline_months", 1)
def _(rules: RuleSet) -> None:
    assert measurement_period("2024-01-01", rules=rules).audit_deadline == dt.date(2025, 1, 31)


@case("withdrawal_days", 30)
def _(rules: RuleSet) -> None:
    assert withdrawal_deadline("2024-01-01", rules=rules) == dt.date(2024, 1, 31)


@case("aspirant_max_months", 6)
def _(rules: RuleSet) -> None:
    assert aspirant_end("2024-01-01", rules=rules) == dt.date(2024, 6, 30)


@case("norm_total", D("7.5"))
def _(rules: RuleSet) -> None:
    result = analyse_survey(clients(5, {7: 10}), {5: 20}, rules=rules)
    assert not result.norm.met and result.norm.total.threshold == D("7.5")
    assert analyse_survey(clients(5, {7: 10}), {5: 20}).norm.met


@case("norm_service", D("7.5"))
def _(rules: RuleSet) -> None:
    records = clients(5, {9: 10}) + clients(7, {7: 10})
    verdict = analyse_survey(records, {5: 20, 7: 20}, rules=rules).norm
    assert not verdict.met and verdict.reasons[0].startswith("dienst 7: mean 7.0 below 7.5")


@case("mark_decimals", 2)
def _(rules: RuleSet) -> None:
    assert shown_mark([6] * 11 + [7] * 9, rules=rules) == D("6.45")
    assert analyse_survey(clients(5, {6: 11, 7: 9}), {5: 40}, rules=rules).clients_total.mean_mark == D("6.45")


@case("norm_service_min_completed", 3)
def _(rules: RuleSet) -> None:
    records = clients(5, {8: 10}) + clients(7, {1: 2})
    assert [s.service for s in analyse_survey(records, {5: 20, 7: 5}, rules=rules).norm.services] == [5]
    assert [s.service for s in analyse_survey(records, {5: 20, 7: 5}).norm.services] == [5, 7]


@case("low_mark_below", D("8.5"))
def _(rules: RuleSet) -> None:
    assert corrected_mean([8, 10], rules=rules) == D("7.5")  # the 8 counts as 5


@case("low_mark_value", D("1"))
def _(rules: RuleSet) -> None:
    assert corrected_mean([3, 9], rules=rules) == D("5")
    assert not analyse_survey(clients(5, {8: 7, 1: 3}), {5: 20}, rules=rules).norm.met


@case("correction_good_mark", D("9"))
def _(rules: RuleSet) -> None:
    assert not correction_applies([1, 8, 8], rules=rules) and correction_applies([1, 8, 8])


@case("correction_good_share", D("0.25"))
def _(rules: RuleSet) -> None:
    assert correction_applies([1, 1, 9, 9], rules=rules) and not correction_applies([1, 1, 9, 9])


@case("publish_min_completed", 10)
def _(rules: RuleSet) -> None:
    assert not analyse_survey(clients(7, {8: 4}), {7: 6}, rules=rules).services[0].published


@case("publish_min_response_pct", D("70"))
def _(rules: RuleSet) -> None:
    assert not analyse_survey(clients(7, {8: 4}), {7: 6}, rules=rules).services[0].published  # 66.7 %


@case("star_client_mark", D("9"))
def _(rules: RuleSet) -> None:
    assert stars(StarInputs(norms_met=True, client_mark="8.5"), rules=rules).stars == 1


@case("star_principal_mark", D("9"))
def _(rules: RuleSet) -> None:
    assert stars(StarInputs(norms_met=True, principal_mark="8.5"), rules=rules).stars == 1


@case("star_performance_pct", D("90"))
def _(rules: RuleSet) -> None:
    assert stars(StarInputs(norms_met=True, performance_pct=80), rules=rules).stars == 1


@case("star_agreements_pct", D("50"))
def _(rules: RuleSet) -> None:
    assert stars(StarInputs(norms_met=True, performance_pct=20, effort_pct=30), rules=rules).stars == 2


@case("star_staff_pct", D("90"))
def _(rules: RuleSet) -> None:
    assert stars(StarInputs(norms_met=True, staff_pct=90), rules=rules).stars == 2


@case("star_max", 5)
def _(rules: RuleSet) -> None:
    full = StarInputs(norms_met=True, client_mark=9, principal_mark=9, performance_pct=80, effort_pct=20,
                      staff_pct=100, exam_guarantee=True, services=[1])
    assert stars(full, rules=rules).stars == 5  # issue 12: raised "at most 4" (the default's cap)
    assert stars(full).stars == 4
    five = Provider("p", "Vijf", [("3511 AB", "Utrecht")], stars=5, rules=rules)
    assert [h.provider.stars for h in search_providers([five], rules=rules)] == [5]
    with pytest.raises(InvalidValueError) as info:
        search_providers([five])  # the default rule set allows 4
    assert info.value.field == "providers[0].stars"
    data = {"providers": [{"id": "p", "name": "Vijf", "stars": 5,
                           "establishments": [{"postcode": "3511 AB", "city": "Utrecht"}]}]}
    assert load_providers(data, rules=rules)[0].stars == 5


@case("phone_subsidy_share", D("0.25"))
def _(rules: RuleSet) -> None:
    assert telephone_subsidy(20, "10", rules=rules).amount == D("50.00")


@case("phone_subsidy_calls", 10)
def _(rules: RuleSet) -> None:
    assert telephone_subsidy(20, "10", rules=rules).amount == D("50.00")


@case("inburgering_phone_max", 2)
def _(rules: RuleSet) -> None:
    assert not invitation_plan("client", service=11, learning_profile=1, successful_calls=2, rules=rules).by_phone


@case("phone_learning_profile_max", 1)
def _(rules: RuleSet) -> None:
    assert not invitation_plan("client", service=11, learning_profile=2, rules=rules).by_phone


@case("learning_profile_max", 6)
def _(rules: RuleSet) -> None:
    assert invitation_plan("client", service=11, learning_profile=6, rules=rules).channels == ("email", "post")


@case("qualified_teacher_min_pct", D("90"))
def _(rules: RuleSet) -> None:
    assert not qualified_teachers_ok(10, 8, rules=rules)


@case("top_n", 2)
def _(rules: RuleSet) -> None:
    with pytest.raises(InvalidValueError) as info:
        Provider("p", "P", [("3511 AB", "Utrecht")], top_services=[1, 3, 5], rules=rules)
    assert info.value.field == "top_services"
    three = Provider("p", "P", [("3511 AB", "Utrecht")], top_services=[1, 3, 5])
    with pytest.raises(InvalidValueError) as info:
        search_providers([three], rules=rules)
    assert info.value.field == "providers[0].top_services"


@case("search_default_order", "stars")
def _(rules: RuleSet) -> None:
    ps = [Provider("a", "A", [("3511 AB", "Utrecht")], mark="9", stars=1),
          Provider("b", "B", [("3511 AB", "Utrecht")], mark="7", stars=3)]
    assert [h.provider.id for h in search_providers(ps, query="a b", rules=rules)] == ["b", "a"]


def test_every_parameter_has_a_case() -> None:
    assert set(PARAMETER_CASES) == set(KEURMERK_RULES.parameters)


@pytest.mark.parametrize("name", sorted(PARAMETER_CASES))
def test_outputs_follow_a_non_default_parameter(name: str) -> None:
    value, check = PARAMETER_CASES[name]
    assert KEURMERK_RULES.parameter(name) != value
    check(with_params(**{name: value}))


# ------------------------------------------------------------------------------ tables

def _table(name: str, rows: list[tuple[Any, Any]]) -> RuleTable[Any, Any]:
    return RuleTable.build(name, f"test {name}", dt.date(2027, 1, 1), [(k, v, SRC) for k, v in rows])


def test_fee_bands_follow_the_rule_set() -> None:
    rules = KEURMERK_RULES.replace(fee_bands=_table("fee_bands", [(0, Money("100")), (10, Money("200"))]))
    assert participant_fee(9, rules=rules).amount == D("100")
    assert participant_fee(10, rules=rules).amount == D("200")
    assert keurmerk.turnover_band(15, rules=rules) == (D("10"), None)


def test_mandays_follow_the_rule_set() -> None:
    rules = KEURMERK_RULES.replace(mandays=_table("mandays", [(1, ManDays(D("9"), D("8")))]))
    assert audit_mandays(1000, 1, rules=rules) == D("9")
    assert audit_estimate(1000, 2, rules=rules).mandays == D("8")


def test_audit_routes_and_institutions_follow_the_rule_set() -> None:
    rules = KEURMERK_RULES.replace(
        audit_routes=_table("audit_routes", [(0, AuditArrangement(True, Money("600"))),
                                             (100_000, AuditArrangement(False, None))]),
        certifying_institutions=_table("certifying_institutions", [(1, "Test Cert BV")]))
    assert audit_route(99_999, rules=rules).price == Money("600")
    assert not audit_route(100_000, rules=rules).arranged_by_blik_op_werk
    assert audit_route(0, rules=rules).institutions == ("Test Cert BV",)


def test_services_follow_the_rule_set() -> None:
    table = [(n, s) for n, s in KEURMERK_RULES["services"].items()]
    table.append((14, Service(14, "Testdienst", "Test service", exam_guarantee_possible=True)))
    rules = KEURMERK_RULES.replace(services=_table("services", table))
    assert services(rules=rules)[-1].number == 14
    assert Respondent.create("client", service=14, mark=8, rules=rules).service == 14
    with pytest.raises(InvalidValueError):
        Respondent.create("client", service=14, mark=8)
    data = load_survey({"net_sample": {"14": 5}, "respondents": [{"kind": "client", "service": 14, "mark": 8}]},
                       rules=rules)
    assert data.analyse(rules=rules).services[0].label == "Testdienst"
    exam = StarInputs(norms_met=True, exam_guarantee=True, services=[14], rules=rules)
    assert [c.id for c in stars(exam, rules=rules).counted] == ["norms", "exam_guarantee"]
    p = Provider("p", "P", [("3511 AB", "Utrecht")], top_services=[14], rules=rules)
    assert [h.provider.id for h in search_providers([p], service=14, rules=rules)] == ["p"]
    with pytest.raises(InvalidValueError):
        search_providers([p])  # the default table has no dienst 14


def test_the_default_rule_set_is_untouched() -> None:
    before = attrs.asdict(KEURMERK_RULES, recurse=False)
    for name, (value, check) in PARAMETER_CASES.items():
        check(with_params(**{name: value}))
    assert attrs.asdict(KEURMERK_RULES, recurse=False) == before
