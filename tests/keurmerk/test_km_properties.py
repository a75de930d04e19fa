"""Hypothesis properties of the Keurmerk rules (monotonicity, bounds, agreement)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from keurmerk import (
    Respondent,
    StarInputs,
    analyse_survey,
    audit_mandays,
    audit_route,
    corrected_mean,
    measurement_period,
    participant_fee,
    stars,
)
from strategies import (
    audit_years,
    client_marks,
    employees,
    later_audit_years,
    marks10,
    optional_pcts,
    period_starts,
    recommendations,
    surveys,
    turnovers,
)


@given(turnovers, turnovers)
def test_km_fee_1_fee_never_falls_as_turnover_rises(a: Decimal, b: Decimal) -> None:
    lo, hi = sorted((a, b))
    assert participant_fee(lo) <= participant_fee(hi)


@given(turnovers)
def test_km_fee_1_cents_never_change_the_band(t: Decimal) -> None:
    assert participant_fee(t) == participant_fee(int(t))
    assert Decimal(1605) <= participant_fee(t).amount <= Decimal(8781)


@given(employees, employees, audit_years)
def test_km_aud_3_mandays_never_fall_as_staff_grows(a: int, b: int, year: int) -> None:
    lo, hi = sorted((a, b))
    assert audit_mandays(lo, year) <= audit_mandays(hi, year)


@given(employees, later_audit_years)
def test_km_aud_3_later_years_never_exceed_year_1(n: int, year: int) -> None:
    assert audit_mandays(n, year) <= audit_mandays(n, 1)
    assert audit_mandays(n, year) == audit_mandays(n, 2)


@given(turnovers)
def test_km_aud_1_route_is_exactly_below_250000(t: Decimal) -> None:
    assert audit_route(t).arranged_by_blik_op_werk is (t < 250_000)


@given(period_starts)
def test_km_cal_periods_chain_and_last_about_a_year(start: dt.date) -> None:
    p = measurement_period(start)
    assert 365 <= p.days <= 366
    assert p.start <= p.data_request_from <= p.data_request_to == p.end
    assert (p.data_request_to - p.data_request_from).days == 13
    assert 89 <= (p.audit_deadline - p.end).days <= 92
    assert p.next().start == p.end + dt.timedelta(days=1)


@given(surveys())
def test_km_sat_1_response_bounds_and_totals(data: tuple[list[Respondent], dict[int, int]]) -> None:
    records, net = data
    result = analyse_survey(records, net)
    for row in result.rows:
        assert Decimal(0) <= row.response_pct <= Decimal(100)
        assert 0 <= row.completed <= row.net_sample
        if row.mean_mark is not None:
            assert Decimal(1) <= row.mean_mark <= Decimal(10)
    assert result.clients_total.completed == sum(r.completed for r in result.services)
    assert result.clients_total.net_sample == sum(net.values())
    for row in result.services:
        assert row.published is (row.completed >= 4 and row.completed * 100 >= 15 * row.net_sample)


@given(surveys())
def test_km_sat_4_correction_never_lowers_the_mean(data: tuple[list[Respondent], dict[int, int]]) -> None:
    result = analyse_survey(*data)
    parts = [*result.norm.services, *([result.norm.total] if result.norm.total else [])]
    for part in parts:
        assert part.corrected is not None and part.mean is not None
        assert part.corrected >= part.mean
        assert part.met is (part.mean >= part.threshold or part.corrected >= part.threshold)


@given(st.lists(client_marks, min_size=1, max_size=50))
def test_km_sat_4_corrected_mean_bounds(marks: list[int]) -> None:
    c = corrected_mean(marks)
    assert c is not None
    assert Decimal(5) <= c <= Decimal(10)
    assert c >= sum(Decimal(m) for m in marks) / len(marks)


@given(recommendations)
def test_km_sat_7_promoter_score_bounds(answers: list[str | None]) -> None:
    recs = [Respondent.create("client", service=5, recommendation=a) for a in answers]
    p = analyse_survey(recs, {5: max(1, len(recs))}).promoter_clients
    if p.answered:
        assert p.score is not None and Decimal(-100) <= p.score <= Decimal(100)
    else:
        assert p.score is None


@given(marks10, marks10, optional_pcts, optional_pcts, st.booleans(), st.booleans(), st.booleans())
def test_km_star_2_bounds_and_better_marks_never_cost_stars(
    client: Decimal | None, principal: Decimal | None, perf: int | None, staff: int | None,
    exam: bool, norms: bool, aspirant: bool,
) -> None:
    inputs = StarInputs(norms_met=norms, aspirant=aspirant, client_mark=client, principal_mark=principal,
                        performance_pct=perf, staff_pct=staff, exam_guarantee=exam, services=(1,))
    r = stars(inputs)
    assert 0 <= r.stars <= 4
    assert r.stars == min(4, len(r.counted))
    if not norms or aspirant:
        assert r.stars == 0
    better = StarInputs(norms_met=norms, aspirant=aspirant, client_mark=Decimal(10), principal_mark=principal,
                        performance_pct=perf, staff_pct=staff, exam_guarantee=exam, services=(1,))
    assert stars(better).stars >= r.stars
