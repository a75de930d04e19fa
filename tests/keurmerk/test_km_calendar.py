"""Measurement-period calendar (KM-CAL-1 to KM-CAL-5): month ends and leap years."""

from __future__ import annotations

import datetime as dt

import pytest

from blikopwerk import InvalidValueError
from keurmerk import add_months, aspirant_end, measurement_period, withdrawal_deadline

D = dt.date


def test_km_cal_1_seed_004_period() -> None:
    # seed 004: "meetperiode: 1 januari 2020 tot en met 31 december 2020"
    p = measurement_period(D(2020, 1, 1))
    assert (p.start, p.end, p.days) == (D(2020, 1, 1), D(2020, 12, 31), 366)


@pytest.mark.parametrize(("start", "end"), [
    (D(2021, 1, 1), D(2021, 12, 31)),
    (D(2023, 3, 1), D(2024, 2, 29)),   # ends on a leap day
    (D(2024, 3, 1), D(2025, 2, 28)),
    (D(2024, 2, 29), D(2025, 2, 28)),  # starts on a leap day: the day before 1 March
    (D(2023, 2, 28), D(2024, 2, 27)),
    (D(2024, 1, 31), D(2025, 1, 30)),
    (D(2024, 12, 31), D(2025, 12, 30)),
    (D(2025, 6, 15), D(2026, 6, 14)),
])
def test_km_cal_1_period_end(start: dt.date, end: dt.date) -> None:
    p = measurement_period(start)
    assert p.end == end
    assert p.contains(start) and p.contains(end)
    assert not p.contains(end + dt.timedelta(days=1))
    assert p.next().start == end + dt.timedelta(days=1)


def test_km_cal_1_accepts_iso_text_and_rejects_rubbish() -> None:
    assert measurement_period("2024-02-29").end == D(2025, 2, 28)
    with pytest.raises(InvalidValueError) as info:
        measurement_period("29-02-2024")
    assert info.value.field == "start"
    with pytest.raises(InvalidValueError):
        measurement_period(20240229)


@pytest.mark.parametrize(("start", "window_from", "window_to"), [
    (D(2020, 1, 1), D(2020, 12, 18), D(2020, 12, 31)),
    (D(2023, 3, 1), D(2024, 2, 16), D(2024, 2, 29)),   # leap February
    (D(2024, 3, 1), D(2025, 2, 15), D(2025, 2, 28)),
    (D(2024, 3, 10), D(2025, 2, 24), D(2025, 3, 9)),    # across a month end
])
def test_km_cal_2_last_two_weeks(start: dt.date, window_from: dt.date, window_to: dt.date) -> None:
    p = measurement_period(start)
    assert (p.data_request_from, p.data_request_to) == (window_from, window_to)
    assert (p.data_request_to - p.data_request_from).days == 13
    assert p.in_data_request_window(window_from)
    assert not p.in_data_request_window(window_from - dt.timedelta(days=1))


@pytest.mark.parametrize(("start", "deadline"), [
    (D(2020, 1, 1), D(2021, 3, 31)),     # end 31 Dec -> 31 Mar
    (D(2022, 12, 1), D(2024, 2, 29)),    # end 30 Nov 2023 -> 29 Feb 2024 (leap)
    (D(2023, 12, 1), D(2025, 2, 28)),    # end 30 Nov 2024 -> 28 Feb 2025
    (D(2024, 10, 1), D(2025, 12, 30)),   # end 30 Sep -> 30 Dec
    (D(2024, 9, 1), D(2025, 11, 30)),    # end 31 Aug -> 30 Nov (month-end clamp)
    (D(2024, 2, 29), D(2025, 5, 28)),    # end 28 Feb 2025 -> 28 May
])
def test_km_cal_3_audit_deadline(start: dt.date, deadline: dt.date) -> None:
    assert measurement_period(start).audit_deadline == deadline


@pytest.mark.parametrize(("registered", "deadline"), [
    (D(2024, 2, 20), D(2024, 3, 5)),     # across a leap February
    (D(2023, 2, 20), D(2023, 3, 6)),
    (D(2024, 12, 25), D(2025, 1, 8)),    # across a year end
])
def test_km_cal_4_withdrawal_within_two_weeks(registered: dt.date, deadline: dt.date) -> None:
    assert withdrawal_deadline(registered) == deadline


def test_km_cal_5_aspirant_at_most_one_year() -> None:
    assert aspirant_end(D(2024, 3, 1)) == D(2025, 2, 28)
    assert aspirant_end(D(2024, 2, 29)) == D(2025, 2, 28)
    assert aspirant_end(D(2023, 3, 1)) == D(2024, 2, 29)
    # usually until the first period is assessed
    assert aspirant_end(D(2024, 3, 1), D(2024, 11, 15)) == D(2024, 11, 14)
    # never beyond one year, even if the assessment is later
    assert aspirant_end(D(2024, 3, 1), D(2025, 6, 1)) == D(2025, 2, 28)
    with pytest.raises(InvalidValueError) as info:
        aspirant_end(D(2024, 3, 1), D(2024, 3, 1))
    assert info.value.field == "first_assessed"


def test_add_months_clamps_or_rolls() -> None:
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2023, 1, 31), 1) == D(2023, 2, 28)
    assert add_months(D(2023, 1, 31), 1, roll_forward=True) == D(2023, 3, 1)
    assert add_months(D(2024, 11, 30), -9) == D(2024, 2, 29)
