"""Satisfaction survey (KM-SAT-1 to KM-SAT-8), with seed 004's table 1.1."""

from __future__ import annotations

import json
from decimal import Decimal
from importlib import resources

import pytest

from blikopwerk import InvalidValueError, Source
from keurmerk import (
    KEURMERK_RULES,
    Respondent,
    analyse_survey,
    corrected_mean,
    correction_applies,
    load_survey,
    shown_mark,
)

# Seed 004, table 1.1 "Resultaten voor het keurmerk":
# (label, net sample, completed, response %, mark, published)
TABLE_1_1 = [
    ("Outplacement", 6, 4, "66.7", "8.1", True),
    ("Toeleiden van werk naar werk (eerste en tweede spoor)", 428, 81, "18.9", "7.6", True),
    ("Toeleiden naar werk vanuit situatie geen werk", 26, 12, "46.2", "7.7", True),
    ("Totaal", 460, 97, "21.1", "7.6", True),
    ("Totaal opdrachtgevers", 58, 11, "19.0", "7.6", True),
]
SERVICE_OF = {"Outplacement": 7, "Toeleiden van werk naar werk (eerste en tweede spoor)": 8,
              "Toeleiden naar werk vanuit situatie geen werk": 9}


def _clients(service: int, marks: dict[int, int], incomplete: int = 0) -> list[Respondent]:
    out = [Respondent.create("client", service=service, mark=m) for m, n in marks.items() for _ in range(n)]
    out += [Respondent.create("client", service=service, mark=1, aspects_answered=False)] * incomplete
    return out


def _table_1_1_records() -> tuple[list[Respondent], dict[int, int]]:
    records = (
        _clients(7, {8: 4}, incomplete=2)
        + _clients(8, {10: 5, 9: 12, 8: 38, 7: 11, 6: 9, 5: 3, 4: 1, 3: 1, 1: 1}, incomplete=5)
        + _clients(9, {10: 1, 9: 1, 8: 5, 7: 3, 6: 2})
        + [Respondent.create("principal", mark=m) for m in
           ("7.5", "8", "7", "8.5", "6.8", "7.9", "8.1", "7.2", "7.6", "7.5", "7.5")]
        + [Respondent.create("principal", mark=1, aspects_answered=False)]
    )
    return records, {7: 6, 8: 428, 9: 26}


def test_km_sat_1_seed_004_table_1_1_reproduced_from_records() -> None:
    records, net = _table_1_1_records()
    result = analyse_survey(records, net, principals_net_sample=58)
    got = [(r.label, r.net_sample, r.completed, str(r.response_pct), r.published) for r in result.rows]
    want = [(label, n, c, pct, pub) for label, n, c, pct, _, pub in TABLE_1_1]
    assert got == want
    marks = {r.label: str(r.mean_mark) for r in result.rows}
    for label, *_, mark, _pub in TABLE_1_1:
        if label != "Outplacement":
            assert marks[label] == mark
    # seed 004 prints 8.1 for outplacement; 4 whole marks cannot give it (see below)
    assert marks["Outplacement"] == "8.0"


def test_seed_004_outplacement_mark_8_1_is_unreachable_with_4_whole_marks() -> None:
    from itertools import combinations_with_replacement

    means = {
        str((Decimal(sum(c)) / 4).quantize(Decimal("0.1"), rounding="ROUND_HALF_UP"))
        for c in combinations_with_replacement(range(1, 11), 4)
    }
    assert "8.1" not in means and "8.0" in means


def test_km_sat_1_bundled_example_file_matches_table_1_1() -> None:
    text = resources.files("keurmerk").joinpath("data/example_survey_2020.json").read_text("utf-8")
    data = load_survey(json.loads(text, parse_float=str))
    result = data.analyse()
    got = [(r.label, r.net_sample, r.completed, str(r.response_pct), r.published) for r in result.rows]
    assert got == [(label, n, c, pct, pub) for label, n, c, pct, _, pub in TABLE_1_1]
    assert str(result.promoter_clients.score) == "38.5"  # seed 004: "actuele promotor score van 38,5"
    shares = result.satisfaction.shares
    assert (shares["zeer_tevreden"], shares["tevreden"]) == (Decimal("67.0"), Decimal("33.0"))


@pytest.mark.parametrize(("completed", "net", "pct"), [
    (4, 6, "66.7"), (81, 428, "18.9"), (12, 26, "46.2"), (97, 460, "21.1"), (11, 58, "19.0"),
    (1, 3, "33.3"), (2, 3, "66.7"), (1, 8, "12.5"), (1, 16, "6.3"), (6, 6, "100.0"), (0, 6, "0.0"),
])
def test_km_sat_1_response_one_decimal_half_up(completed: int, net: int, pct: str) -> None:
    records = [Respondent.create("client", service=5, mark=7)] * completed
    row = analyse_survey(records, {5: net}).services[0]
    assert str(row.response_pct) == pct


def test_km_sat_1_more_completed_than_net_sample_is_an_error() -> None:
    with pytest.raises(InvalidValueError) as info:
        analyse_survey([Respondent.create("client", service=5, mark=7)] * 3, {5: 2})
    assert "net_sample" in info.value.field


def test_km_sat_2_only_completed_questionnaires_count() -> None:
    done = Respondent.create("client", service=5, mark=8, recommendation="recommended",
                             satisfaction="tevreden")
    partial = Respondent.create("client", service=5, mark=1, recommendation="advised_against",
                                satisfaction="zeer_ontevreden", aspects_answered=False)
    result = analyse_survey([done, partial, partial], {5: 10})
    row = result.services[0]
    assert (row.completed, row.mean_mark) == (1, Decimal("8.0"))
    assert result.promoter_clients.advised_against == 0
    assert result.satisfaction.counts["zeer_ontevreden"] == 0


def test_km_sat_3_norm_total_and_per_service() -> None:
    good = _clients(5, {7: 4}) + _clients(7, {7: 4})
    assert analyse_survey(good, {5: 10, 7: 10}).norm.met
    # total 6.5 exactly meets the norm
    edge = _clients(5, {6: 1, 7: 1})
    assert analyse_survey(edge, {5: 4}).norm.total.mean == Decimal("6.5")
    assert analyse_survey(edge, {5: 4}).norm.met
    # one service below 5.5 (without low marks to correct) fails the whole norm
    below = _clients(5, {9: 10}) + [Respondent.create("client", service=7, mark=m) for m in (6, 5, 5)]
    verdict = analyse_survey(below, {5: 20, 7: 5}).norm
    # dienst 7: plain mean 5.33, corrected also 5.33 (5s stay 5): fails
    assert not verdict.met
    assert any("dienst 7" in r for r in verdict.reasons)


def test_km_sat_4_low_mark_correction_rescues_a_few_very_low_marks() -> None:
    # 7 x 8 and 3 x 1: plain mean 5.9 (< 6.5); corrected: (56 + 15) / 10 = 7.1 (>= 6.5)
    marks = _clients(5, {8: 7, 1: 3})
    verdict = analyse_survey(marks, {5: 20}).norm
    assert verdict.total.mean == Decimal("5.9")
    assert verdict.total.corrected == Decimal("7.1")
    assert verdict.met and verdict.by_correction
    # with failing marks counted as 1 instead of 5, the correction does not help
    assert not analyse_survey(marks, {5: 20}, low_mark_value=1).norm.met
    assert corrected_mean([1, 5, 9]) == Decimal("19") / 3
    assert corrected_mean([6, "5.5"]) == Decimal("5.75")


def test_km_sat_4_correction_never_helps_when_spread_is_not_the_issue() -> None:
    marks = _clients(5, {6: 10})  # all 6: mean 6.0, nothing to correct
    verdict = analyse_survey(marks, {5: 20}).norm
    assert not verdict.met
    assert verdict.total.corrected == verdict.total.mean == Decimal(6)


def test_km_sat_5_clients_whole_marks_principals_decimals() -> None:
    with pytest.raises(InvalidValueError) as info:
        Respondent.create("client", service=5, mark="7.5")
    assert info.value.field == "mark"
    assert Respondent.create("principal", mark="7.5").mark == Decimal("7.5")
    assert Respondent.create("client", service=5, mark="8.0").mark == Decimal("8")
    for bad in (0, 11, "10.1", 7.5):
        with pytest.raises(InvalidValueError):
            Respondent.create("principal", mark=bad)
    with pytest.raises(InvalidValueError):
        Respondent.create("client", mark=7)  # a client names the service
    with pytest.raises(InvalidValueError):
        Respondent.create("zelfmelder", service=5, mark=7)


def test_km_sat_5_principal_marks_are_not_in_the_client_norm() -> None:
    clients = _clients(5, {7: 4})
    principals = [Respondent.create("principal", mark=1)] * 4
    result = analyse_survey(clients + principals, {5: 10}, principals_net_sample=10)
    assert result.norm.met
    assert result.principals.mean_mark == Decimal("1.0")
    with pytest.raises(InvalidValueError) as info:
        analyse_survey(clients + principals, {5: 10})
    assert info.value.field == "principals_net_sample"


@pytest.mark.parametrize(("completed", "net", "published"), [
    (4, 26, True),     # 15.4 %
    (3, 6, False),     # 50 %, but fewer than 4 completed
    (4, 27, False),    # 14.8 %
    (3, 20, False),    # exactly 15 % but 3 completed
    (6, 40, True),     # exactly 15 %
    (6, 41, False),    # 14.6 %
])
def test_km_sat_6_publication_edges(completed: int, net: int, published: bool) -> None:
    row = analyse_survey(_clients(5, {7: completed}), {5: net}).services[0]
    assert row.published is published


def test_km_sat_6_principals_always_published() -> None:
    result = analyse_survey(_clients(5, {7: 4}), {5: 4}, principals_net_sample=100)
    assert result.principals.completed == 0
    assert result.principals.published


def test_km_sat_7_promoter_score() -> None:
    recs = ([Respondent.create("client", service=5, mark=8, recommendation="recommended")] * 45
            + [Respondent.create("client", service=5, mark=8, recommendation="not_recommended")] * 43
            + [Respondent.create("client", service=5, mark=8, recommendation="advised_against")] * 8
            + [Respondent.create("client", service=5, mark=8)])
    p = analyse_survey(recs, {5: 200}).promoter_clients
    assert (p.answered, p.score) == (96, Decimal("38.5"))
    assert analyse_survey(_clients(5, {8: 4}), {5: 10}).promoter_clients.score is None
    neg = [Respondent.create("client", service=5, mark=4, recommendation="advised_against")]
    assert analyse_survey(neg, {5: 10}).promoter_clients.score == Decimal("-100.0")


def test_km_sat_8_satisfaction_distribution() -> None:
    levels = ["zeer_tevreden"] * 2 + ["tevreden"] + ["geen_mening"] * 0
    recs = [Respondent.create("client", service=5, mark=8, satisfaction=s) for s in levels]
    d = analyse_survey(recs, {5: 10}).satisfaction
    assert d.shares["zeer_tevreden"] == Decimal("66.7")
    assert d.shares["tevreden"] == Decimal("33.3")
    assert d.shares["ontevreden"] == Decimal("0.0")
    assert d.answered == 3
    with pytest.raises(InvalidValueError):
        Respondent.create("client", service=5, satisfaction="blij")


def test_respondent_service_must_be_in_net_sample() -> None:
    with pytest.raises(InvalidValueError) as info:
        analyse_survey([Respondent.create("client", service=8, mark=7)], {7: 5})
    assert info.value.field == "respondents[0].service"
    with pytest.raises(InvalidValueError):
        analyse_survey([], {7: 0})
    with pytest.raises(InvalidValueError):
        analyse_survey([], {})


def test_load_survey_names_the_bad_field() -> None:
    with pytest.raises(InvalidValueError) as info:
        load_survey({"net_sample": {"7": 5}, "respondents": [
            {"kind": "client", "service": 7, "mark": 8},
            {"kind": "client", "service": 7, "mark": "7.5"}]})
    assert info.value.field == "respondents[1].mark"
    with pytest.raises(InvalidValueError) as info:
        load_survey({"net_sample": {"7": 5}, "respondents": [{"kind": "client", "service": 7, "cijfer": 8}]})
    assert info.value.field == "respondents[0]"


def test_net_sample_errors_name_the_field() -> None:
    with pytest.raises(InvalidValueError) as info:
        analyse_survey([Respondent.create("client", service=7, mark=8)] * 3, {7: 2})
    assert info.value.field == "net_sample[7]"
    with pytest.raises(InvalidValueError) as info:
        analyse_survey([Respondent.create("principal", mark=8)] * 3, {7: 2}, principals_net_sample=2)
    assert info.value.field == "principals_net_sample"


# ------------------------------------------------------------- revised KM-SAT-3 / KM-SAT-4


def test_km_sat_3_twenty_marks_with_mean_6_45_show_6_5_and_meet_6_5() -> None:
    # issue 15: shown as 6.5, judged unrounded as "6.5 below 6.5"; now compared as published
    marks = _clients(5, {6: 11, 7: 9})
    result = analyse_survey(marks, {5: 40})
    assert result.norm.total.mean == Decimal("6.45")
    assert result.clients_total.mean_mark == result.norm.total.mean_shown == Decimal("6.5")
    assert result.norm.met and result.norm.reasons == ()
    assert not result.norm.by_correction


def test_km_sat_3_mean_6_44_shows_6_4_and_the_reason_shows_the_same_figure() -> None:
    marks = _clients(5, {6: 14, 7: 11})  # 161 / 25 = 6.44; 11 of 25 marks >= 7: no correction
    result = analyse_survey(marks, {5: 40})
    assert result.clients_total.mean_mark == Decimal("6.4")
    assert not result.norm.met
    assert result.norm.reasons == ("total: mean 6.4 below 6.5; the low-mark correction does not apply "
                                   "(not more than half of the marks are high)",)


def test_km_sat_3_service_norm_on_the_published_figure() -> None:
    # dienst 7: 11 x 5 and 9 x 6 = 5.45, shown 5.5, meets 5.5; dienst 5 carries the total
    marks = _clients(7, {5: 11, 6: 9}) + _clients(5, {9: 40})
    verdict = analyse_survey(marks, {5: 50, 7: 30}).norm
    service7 = next(s for s in verdict.services if s.service == 7)
    assert (service7.mean, service7.mean_shown, service7.met) == (Decimal("5.45"), Decimal("5.5"), True)
    assert verdict.met


def test_km_sat_3_every_service_with_a_completed_questionnaire_is_judged() -> None:
    # dienst 7 has one completed questionnaire without a mark: the norm applies and is not met
    records = [*_clients(5, {8: 10}), Respondent.create("client", service=7)]
    verdict = analyse_survey(records, {5: 20, 7: 5}).norm
    assert [s.service for s in verdict.services] == [5, 7]
    assert not verdict.met
    assert verdict.reasons == ("dienst 7: no marks, so the norm of 5.5 cannot be met",)
    # a service without a completed questionnaire is not judged
    idle = analyse_survey(_clients(5, {8: 10}) + _clients(7, {}, incomplete=3), {5: 20, 7: 5}).norm
    assert [s.service for s in idle.services] == [5] and idle.met
    # one completed questionnaire with a 5 is judged, and fails (no correction with no high marks)
    single = analyse_survey(_clients(5, {8: 10}) + _clients(7, {5: 1}), {5: 20, 7: 5}).norm
    assert not single.met and single.reasons[0].startswith("dienst 7: mean 5.0 below 5.5")


def test_km_sat_4_half_failing_clients_are_not_rescued() -> None:
    # issue 15: [1, 1, 9, 9] passed on the corrected mean 7.0; half of the marks are not "overwegend"
    verdict = analyse_survey(_clients(5, {1: 2, 9: 2}), {5: 10}).norm
    total = verdict.total
    assert (total.mean_shown, total.corrected_shown, total.correction_applies) == (
        Decimal("5.0"), Decimal("7.0"), False)
    assert not verdict.met
    assert correction_applies([1, 1, 9, 9]) is False
    # more than half high: rescued
    rescued = analyse_survey(_clients(5, {1: 1, 9: 2}), {5: 10}).norm
    assert rescued.met and rescued.by_correction and rescued.total.correction_applies


def test_km_sat_4_applicability_and_value_are_parameters() -> None:
    src = Source.decision("test", rules=("KM-SAT-4",))
    lenient = KEURMERK_RULES.replace(parameters={"correction_good_share": (Decimal("0.4"), src)})
    assert analyse_survey(_clients(5, {1: 2, 9: 2}), {5: 10}, rules=lenient).norm.met
    strict = KEURMERK_RULES.replace(parameters={"correction_good_mark": (Decimal("8.5"), src)})
    assert not analyse_survey(_clients(5, {8: 7, 1: 3}), {5: 20}, rules=strict).norm.met
    assert analyse_survey(_clients(5, {8: 7, 1: 3}), {5: 20}).norm.met
    low = KEURMERK_RULES.replace(parameters={"low_mark_value": (Decimal("2"), src)})
    assert not analyse_survey(_clients(5, {8: 7, 1: 3}), {5: 20}, rules=low).norm.met  # (56 + 6) / 10


def test_km_sat_3_decimals_of_the_published_mark_are_a_parameter() -> None:
    src = Source.decision("test", rules=("KM-SAT-3",))
    two = KEURMERK_RULES.replace(parameters={"mark_decimals": (2, src)})
    marks = _clients(5, {6: 11, 7: 9})
    result = analyse_survey(marks, {5: 40}, rules=two)
    assert result.clients_total.mean_mark == Decimal("6.45") and not result.norm.met
    assert shown_mark([6] * 11 + [7] * 9, rules=two) == Decimal("6.45")
    assert shown_mark([6] * 11 + [7] * 9) == Decimal("6.5")
    assert shown_mark(["6.25"]) == Decimal("6.3") and shown_mark([6, 6, 7]) == Decimal("6.3")
