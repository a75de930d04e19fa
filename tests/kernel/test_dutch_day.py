"""One Dutch day: the calendar day of an instant in Europe/Amsterdam (K-TZ-1)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from blikopwerk import KERNEL_RULES, InvalidValueError, Source, dutch_day, dutch_zone

UTC = dt.UTC
AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")


def _utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def test_the_issue_example_new_year_in_amsterdam_k_tz_1() -> None:
    instant = _utc(2026, 12, 31, 23, 30)
    assert dutch_day(instant) == dt.date(2027, 1, 1)
    # the same instant written in another offset gives the same day
    assert dutch_day(instant.astimezone(AMS)) == dt.date(2027, 1, 1)
    assert dutch_day(instant.astimezone(zoneinfo.ZoneInfo("America/New_York"))) == dt.date(2027, 1, 1)


@pytest.mark.parametrize(
    ("instant", "day"),
    [
        # winter time (CET, UTC+1): midnight is 23:00 UTC
        (_utc(2026, 1, 15, 22, 59, 59), dt.date(2026, 1, 15)),
        (_utc(2026, 1, 15, 23, 0, 0), dt.date(2026, 1, 16)),
        # summer time (CEST, UTC+2): midnight is 22:00 UTC
        (_utc(2026, 7, 1, 21, 59, 59), dt.date(2026, 7, 1)),
        (_utc(2026, 7, 1, 22, 0, 0), dt.date(2026, 7, 2)),
        # spring switch, last Sunday of March 2026 (29 March, 01:00 UTC: 02:00 CET -> 03:00 CEST)
        (_utc(2026, 3, 28, 22, 59, 59), dt.date(2026, 3, 28)),
        (_utc(2026, 3, 28, 23, 0, 0), dt.date(2026, 3, 29)),
        (_utc(2026, 3, 29, 0, 59, 59), dt.date(2026, 3, 29)),
        (_utc(2026, 3, 29, 1, 0, 0), dt.date(2026, 3, 29)),
        (_utc(2026, 3, 29, 21, 59, 59), dt.date(2026, 3, 29)),  # 23:59:59 CEST
        (_utc(2026, 3, 29, 22, 0, 0), dt.date(2026, 3, 30)),
        # autumn switch, last Sunday of October 2026 (25 October, 01:00 UTC: 03:00 CEST -> 02:00 CET)
        (_utc(2026, 10, 24, 21, 59, 59), dt.date(2026, 10, 24)),  # 23:59:59 CEST
        (_utc(2026, 10, 24, 22, 0, 0), dt.date(2026, 10, 25)),
        (_utc(2026, 10, 25, 0, 30), dt.date(2026, 10, 25)),  # 02:30 CEST, first time
        (_utc(2026, 10, 25, 1, 30), dt.date(2026, 10, 25)),  # 02:30 CET, second time
        (_utc(2026, 10, 25, 22, 59, 59), dt.date(2026, 10, 25)),  # 23:59:59 CET
        (_utc(2026, 10, 25, 23, 0, 0), dt.date(2026, 10, 26)),
        # the year's end in the issue
        (_utc(2026, 12, 31, 22, 59, 59), dt.date(2026, 12, 31)),
        (_utc(2026, 12, 31, 23, 0, 0), dt.date(2027, 1, 1)),
    ],
)
def test_midnight_and_both_daylight_saving_switches(instant: dt.datetime, day: dt.date) -> None:
    assert dutch_day(instant) == day
    assert dutch_day(instant.astimezone(dt.timezone(dt.timedelta(hours=-11)))) == day
    assert dutch_day(instant.astimezone(dt.timezone(dt.timedelta(hours=14)))) == day


def test_naive_and_other_values_are_refused_never_guessed() -> None:
    with pytest.raises(InvalidValueError, match="instant: expected a timezone-aware datetime"):
        dutch_day(dt.datetime(2026, 1, 1, 12))
    with pytest.raises(InvalidValueError, match="offered_at"):
        dutch_day(dt.date(2026, 1, 1), field="offered_at")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="instant"):
        dutch_day("2026-01-01T12:00Z")  # type: ignore[arg-type]


def test_instants_beyond_the_range_of_dates_are_the_library_error() -> None:
    with pytest.raises(InvalidValueError, match="outside the range of dates"):
        dutch_day(dt.datetime.max.replace(tzinfo=UTC))
    assert dutch_day(dt.datetime.min.replace(tzinfo=dt.timezone(dt.timedelta(hours=-1)))) == dt.date(1, 1, 1)


def test_the_zone_is_the_k_tz_1_parameter_held_once() -> None:
    assert KERNEL_RULES.parameters["timezone"][1].rules == ("K-TZ-1",)
    assert dutch_zone() == AMS
    tokyo = KERNEL_RULES.replace(parameters={"timezone": ("Asia/Tokyo", Source.decision("test"))})
    instant = _utc(2026, 6, 1, 16, 0)  # 18:00 in Amsterdam, 01:00 next day in Tokyo
    assert dutch_day(instant) == dt.date(2026, 6, 1)
    assert dutch_day(instant, rules=tokyo) == dt.date(2026, 6, 2)


def test_an_unknown_zone_in_a_rule_set_is_the_library_error() -> None:
    bad = KERNEL_RULES.replace(parameters={"timezone": ("Europe/Atlantis", Source.decision("test"))})
    with pytest.raises(InvalidValueError, match="timezone: not a known IANA time zone"):
        dutch_day(_utc(2026, 1, 1), rules=bad)


offsets = st.integers(-14 * 60, 14 * 60).map(lambda m: dt.timezone(dt.timedelta(minutes=m)))
instants = st.datetimes(min_value=dt.datetime(1970, 1, 2), max_value=dt.datetime(2100, 12, 30),
                        timezones=st.just(UTC))


@given(instants, offsets)
def test_the_same_instant_gives_the_same_day_whatever_its_offset(instant: dt.datetime,
                                                                 tz: dt.timezone) -> None:
    assert dutch_day(instant.astimezone(tz)) == dutch_day(instant)


@given(instants)
def test_the_dutch_day_is_the_utc_day_or_the_next(instant: dt.datetime) -> None:
    day = dutch_day(instant)
    assert day == instant.astimezone(AMS).date()
    assert (day - instant.date()).days in (0, 1)
    # CET or CEST: one or two hours ahead of UTC
    hours = Decimal(instant.astimezone(AMS).utcoffset().total_seconds()) / 3600  # type: ignore[union-attr]
    assert hours in (1, 2)
