"""Working days (K-DAY-1)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from blikopwerk import InvalidValueError, WorkingDayCalendar
from strategies import calendar_dates

CAL = WorkingDayCalendar()


def test_christmas_example_from_the_issue_k_day_1() -> None:
    offer = dt.date(2026, 12, 22)  # a Tuesday
    assert CAL.add(offer, 3) == dt.date(2026, 12, 28)  # reminder (WS-LEAD-6)
    assert CAL.add(offer, 5) == dt.date(2026, 12, 30)  # deadline (WS-LEAD-5)
    assert CAL.between(offer, dt.date(2026, 12, 30)) == 5


@pytest.mark.parametrize(
    "day",
    [dt.date(2026, 1, 1), dt.date(2026, 4, 6), dt.date(2026, 4, 27), dt.date(2026, 5, 14),
     dt.date(2026, 5, 25), dt.date(2026, 12, 25), dt.date(2026, 12, 26)],
)
def test_dutch_public_holidays_are_not_working_days(day: dt.date) -> None:
    assert not CAL.is_working_day(day)


def test_weekends_are_not_working_days_and_counting_starts_next_day() -> None:
    friday = dt.date(2026, 11, 20)
    assert CAL.add(friday, 1) == dt.date(2026, 11, 23)
    assert CAL.add(friday, 0) == friday
    assert not CAL.is_working_day(dt.date(2026, 11, 21))


def test_custom_calendar_adds_liberation_day_every_year() -> None:
    may5 = {dt.date(y, 5, 5) for y in range(2020, 2031)}
    custom = WorkingDayCalendar(holidays=_union(may5))
    assert CAL.is_working_day(dt.date(2026, 5, 5))
    assert not custom.is_working_day(dt.date(2026, 5, 5))


class _union:
    def __init__(self, extra: set[dt.date]) -> None:
        self.extra = extra

    def __contains__(self, day: object) -> bool:
        return day in self.extra or day in CAL.holidays


def test_bad_input() -> None:
    with pytest.raises(InvalidValueError, match="days"):
        CAL.add(dt.date(2026, 1, 1), -1)
    with pytest.raises(InvalidValueError, match="start"):
        CAL.add("2026-01-01", 1)  # type: ignore[arg-type]


@given(calendar_dates, st.integers(0, 40))
def test_add_and_between_agree(start: dt.date, n: int) -> None:
    end = CAL.add(start, n)
    assert CAL.between(start, end) == n
    if n:
        assert CAL.is_working_day(end)


@given(calendar_dates, st.integers(0, 30), st.integers(0, 30))
def test_add_is_monotone(start: dt.date, a: int, b: int) -> None:
    assert (CAL.add(start, a) <= CAL.add(start, b)) == (a <= b) or a == b
