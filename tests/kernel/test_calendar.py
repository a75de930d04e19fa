"""Working days (K-DAY-1)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from blikopwerk import DutchHolidays, InvalidValueError, WorkingDayCalendar, dutch_holidays
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


def test_custom_calendar_adds_good_friday() -> None:
    # Revised K-DAY-1: 5 May is a holiday every year in the default calendar now (it was
    # one only in lustrum years on the `holidays` package), so the custom calendar of this
    # test adds Good Friday instead (art. 3, second paragraph, of the Algemene termijnenwet).
    assert not CAL.is_working_day(dt.date(2026, 5, 5))
    good_fridays = {dt.date(2026, 4, 3), dt.date(2027, 3, 26)}
    custom = WorkingDayCalendar(holidays=_union(good_fridays))
    assert CAL.is_working_day(dt.date(2026, 4, 3))
    assert not custom.is_working_day(dt.date(2026, 4, 3))


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


# ------------------------------------------------------------------ the statute's days (K-DAY-1)

#: Written out by hand from article 3 of the Algemene termijnenwet and the Koningsdag
#: decree of 2013, with Easter Sunday from a printed table (2024: 31 March, 2025: 20 April,
#: 2026: 5 April, 2027: 28 March, 2028: 16 April, 2029: 1 April, 2030: 21 April).
ATW_2024_2030: dict[int, dict[dt.date, str]] = {
    2024: {dt.date(2024, 1, 1): "Nieuwjaarsdag", dt.date(2024, 4, 1): "Tweede paasdag",
           dt.date(2024, 4, 27): "Koningsdag", dt.date(2024, 5, 5): "Bevrijdingsdag",
           dt.date(2024, 5, 9): "Hemelvaartsdag", dt.date(2024, 5, 20): "Tweede pinksterdag",
           dt.date(2024, 12, 25): "Eerste kerstdag", dt.date(2024, 12, 26): "Tweede kerstdag"},
    2025: {dt.date(2025, 1, 1): "Nieuwjaarsdag", dt.date(2025, 4, 21): "Tweede paasdag",
           dt.date(2025, 4, 26): "Koningsdag",  # 27 April 2025 is a Sunday
           dt.date(2025, 5, 5): "Bevrijdingsdag",
           dt.date(2025, 5, 29): "Hemelvaartsdag", dt.date(2025, 6, 9): "Tweede pinksterdag",
           dt.date(2025, 12, 25): "Eerste kerstdag", dt.date(2025, 12, 26): "Tweede kerstdag"},
    2026: {dt.date(2026, 1, 1): "Nieuwjaarsdag", dt.date(2026, 4, 6): "Tweede paasdag",
           dt.date(2026, 4, 27): "Koningsdag", dt.date(2026, 5, 5): "Bevrijdingsdag",
           dt.date(2026, 5, 14): "Hemelvaartsdag", dt.date(2026, 5, 25): "Tweede pinksterdag",
           dt.date(2026, 12, 25): "Eerste kerstdag", dt.date(2026, 12, 26): "Tweede kerstdag"},
    2027: {dt.date(2027, 1, 1): "Nieuwjaarsdag", dt.date(2027, 3, 29): "Tweede paasdag",
           dt.date(2027, 4, 27): "Koningsdag", dt.date(2027, 5, 5): "Bevrijdingsdag",
           dt.date(2027, 5, 6): "Hemelvaartsdag", dt.date(2027, 5, 17): "Tweede pinksterdag",
           dt.date(2027, 12, 25): "Eerste kerstdag", dt.date(2027, 12, 26): "Tweede kerstdag"},
    2028: {dt.date(2028, 1, 1): "Nieuwjaarsdag", dt.date(2028, 4, 17): "Tweede paasdag",
           dt.date(2028, 4, 27): "Koningsdag", dt.date(2028, 5, 5): "Bevrijdingsdag",
           dt.date(2028, 5, 25): "Hemelvaartsdag", dt.date(2028, 6, 5): "Tweede pinksterdag",
           dt.date(2028, 12, 25): "Eerste kerstdag", dt.date(2028, 12, 26): "Tweede kerstdag"},
    2029: {dt.date(2029, 1, 1): "Nieuwjaarsdag", dt.date(2029, 4, 2): "Tweede paasdag",
           dt.date(2029, 4, 27): "Koningsdag", dt.date(2029, 5, 5): "Bevrijdingsdag",
           dt.date(2029, 5, 10): "Hemelvaartsdag", dt.date(2029, 5, 21): "Tweede pinksterdag",
           dt.date(2029, 12, 25): "Eerste kerstdag", dt.date(2029, 12, 26): "Tweede kerstdag"},
    2030: {dt.date(2030, 1, 1): "Nieuwjaarsdag", dt.date(2030, 4, 22): "Tweede paasdag",
           dt.date(2030, 4, 27): "Koningsdag", dt.date(2030, 5, 5): "Bevrijdingsdag",
           dt.date(2030, 5, 30): "Hemelvaartsdag", dt.date(2030, 6, 10): "Tweede pinksterdag",
           dt.date(2030, 12, 25): "Eerste kerstdag", dt.date(2030, 12, 26): "Tweede kerstdag"},
}
GOOD_FRIDAYS = {2024: dt.date(2024, 3, 29), 2025: dt.date(2025, 4, 18), 2026: dt.date(2026, 4, 3),
                2027: dt.date(2027, 3, 26), 2028: dt.date(2028, 4, 14), 2029: dt.date(2029, 3, 30),
                2030: dt.date(2030, 4, 19)}


@pytest.mark.parametrize("year", sorted(ATW_2024_2030))
def test_the_statutes_days_2024_2030_written_out_by_hand(year: int) -> None:
    assert DutchHolidays().of_year(year) == ATW_2024_2030[year]
    assert dutch_holidays().of_year(year) == ATW_2024_2030[year]


def test_every_day_of_2024_2030_is_decided_by_the_fixed_list_only() -> None:
    listed = {d for days in ATW_2024_2030.values() for d in days}
    day = dt.date(2024, 1, 1)
    while day.year <= 2030:
        assert CAL.is_working_day(day) == (day.weekday() < 5 and day not in listed), day
        day += dt.timedelta(days=1)


def test_good_friday_is_not_one_unless_asked_for() -> None:
    for year, friday in GOOD_FRIDAYS.items():
        assert friday not in DutchHolidays()
        assert CAL.is_working_day(friday)
        with_friday = DutchHolidays(good_friday=True)
        assert with_friday.of_year(year) == {**ATW_2024_2030[year], friday: "Goede Vrijdag"}
        assert not WorkingDayCalendar(holidays=with_friday).is_working_day(friday)


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (dt.date(2013, 4, 30), "Koninginnedag"),  # the last one, a Tuesday
        (dt.date(2006, 4, 29), "Koninginnedag"),  # 30 April 2006 was a Sunday (KB 24 April 1980)
        (dt.date(1995, 4, 29), "Koninginnedag"),  # 30 April 1995 was a Sunday
        (dt.date(1982, 4, 30), "Koninginnedag"),
        (dt.date(1982, 5, 5), "Bevrijdingsdag"),  # 5 May in article 3 since 1982
        (dt.date(2014, 4, 26), "Koningsdag"),  # the first Koningsdag: 27 April 2014 was a Sunday
        (dt.date(2016, 5, 5), "Hemelvaartsdag, Bevrijdingsdag"),  # two names on one day
    ],
)
def test_statute_history_queens_day_before_2014(day: dt.date, name: str) -> None:
    assert DutchHolidays().name(day) == name


def test_days_the_statute_does_not_name() -> None:
    nl = DutchHolidays()
    assert dt.date(2013, 4, 27) not in nl  # no Koningsdag before 2014
    assert dt.date(2014, 4, 30) not in nl  # no Koninginnedag from 2014
    assert dt.date(2006, 4, 30) not in nl  # the Sunday itself
    assert dt.date(2025, 4, 27) not in nl  # the Sunday itself
    assert nl.name(dt.date(2026, 6, 1)) is None
    assert "2026-12-25" not in nl  # a container of dates: other things are not in it


def test_years_outside_the_calendar_are_refused() -> None:
    with pytest.raises(InvalidValueError, match="covers the years 1982 to 9999"):
        CAL.is_working_day(dt.date(1981, 12, 31))
    with pytest.raises(InvalidValueError, match="year"):
        DutchHolidays().of_year(1700)
    with pytest.raises(InvalidValueError, match="year"):
        DutchHolidays().of_year("2026")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="good_friday"):
        DutchHolidays(good_friday="yes")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="extra"):
        DutchHolidays(extra=["2026-05-15"])  # type: ignore[list-item]


def test_bridge_days_equated_by_decree_can_be_added() -> None:
    friday = dt.date(2026, 5, 15)  # the Friday after Hemelvaartsdag
    nl = DutchHolidays(extra={friday})
    assert nl.name(friday) == "Gelijkgestelde dag" and friday in nl
    assert WorkingDayCalendar(holidays=nl).add(dt.date(2026, 5, 13), 1) == dt.date(2026, 5, 18)
    assert CAL.add(dt.date(2026, 5, 13), 1) == dt.date(2026, 5, 15)


def test_the_calendar_does_not_use_the_holidays_package() -> None:
    import subprocess
    import sys

    code = ("import sys, datetime as dt, blikopwerk; "
            "blikopwerk.WorkingDayCalendar().add(dt.date(2026, 1, 1), 300); "
            "print('holidays' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ------------------------------------------------------------------ counting (K-DAY-1, K-TZ-1)

def test_an_aware_start_counts_from_its_dutch_day() -> None:
    late = dt.datetime(2026, 12, 21, 23, 30, tzinfo=dt.UTC)  # 00:30 on Tuesday 22 December in NL
    assert CAL.add(late, 3) == CAL.add(dt.date(2026, 12, 22), 3) == dt.date(2026, 12, 28)
    assert CAL.between(late, dt.date(2026, 12, 30)) == 5
    assert not CAL.is_working_day(dt.datetime(2026, 12, 24, 23, 30, tzinfo=dt.UTC))  # 25 Dec in NL
    with pytest.raises(InvalidValueError, match="start: expected a date or a timezone-aware datetime"):
        CAL.add(dt.datetime(2026, 12, 22, 9), 3)


def test_a_huge_day_count_answers_at_once_with_the_library_error() -> None:
    for days in (10**9, 10**18, 10**4000):
        with pytest.raises(InvalidValueError, match="beyond 9999-12-31"):
            CAL.add(dt.date(2026, 1, 1), days)
    with pytest.raises(InvalidValueError, match="beyond 9999-12-31"):
        CAL.add(dt.date(9999, 12, 31), 1)
    # the last working day the calendar covers
    last = CAL.add(dt.date(2026, 1, 1), CAL.between(dt.date(2026, 1, 1), dt.date(9999, 12, 31)))
    assert last == dt.date(9999, 12, 31)  # a Friday, not a holiday
    with pytest.raises(InvalidValueError, match="beyond"):
        CAL.add(last, 1)
    with pytest.raises(InvalidValueError, match="days"):
        CAL.add(dt.date(2026, 1, 1), 2.0)  # type: ignore[arg-type]


def test_counting_with_a_plain_container_skips_years_too() -> None:
    plain = WorkingDayCalendar(holidays=frozenset({dt.date(2030, 1, 1)}))
    assert plain.between(dt.date(2026, 12, 31), dt.date(2031, 12, 31)) == _naive_between(
        plain, dt.date(2026, 12, 31), dt.date(2031, 12, 31))
    assert plain.add(dt.date(1, 1, 1), 5) == dt.date(1, 1, 8)  # no year limit of its own


def _naive_between(cal: WorkingDayCalendar, start: dt.date, end: dt.date) -> int:
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += cal.is_working_day(day)
    return count


@given(st.dates(dt.date(1982, 1, 1), dt.date(2100, 12, 31)), st.integers(0, 3000))
def test_add_and_between_agree_across_years(start: dt.date, n: int) -> None:
    end = CAL.add(start, n)
    assert CAL.between(start, end) == n
    assert end == start or CAL.is_working_day(end)


@given(st.dates(dt.date(1982, 1, 1), dt.date(2100, 12, 31)), st.integers(0, 1500))
def test_between_skipping_years_equals_counting_day_by_day(start: dt.date, span: int) -> None:
    end = start + dt.timedelta(days=span)
    assert CAL.between(start, end) == _naive_between(CAL, start, end)


@given(st.integers(1982, 9999))
def test_every_year_has_the_statutes_named_days(year: int) -> None:
    days = DutchHolidays().of_year(year)
    names = {n for name in days.values() for n in name.split(", ")}
    assert names == {"Nieuwjaarsdag", "Tweede paasdag", "Hemelvaartsdag", "Tweede pinksterdag",
                     "Bevrijdingsdag", "Eerste kerstdag", "Tweede kerstdag",
                     "Koningsdag" if year >= 2014 else "Koninginnedag"}
    for day, name in days.items():
        assert day.year == year
        assert day.weekday() != 6 or name in {"Eerste kerstdag", "Tweede kerstdag", "Nieuwjaarsdag",
                                              "Bevrijdingsdag"}  # the King's day never on a Sunday
        if "paasdag" in name or "pinksterdag" in name:
            assert day.weekday() == 0
        if name.startswith("Hemelvaartsdag"):
            assert day.weekday() == 3
