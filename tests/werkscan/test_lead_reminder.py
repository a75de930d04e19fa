"""The reminder of an offer, revised (WS-LEAD-6): seed 000 says "u krijgt een herinnering na 3
werkdagen"; the decision reads it as after three full working days have passed, so the
reminder goes at 09:00 Dutch time on the 4th working day after the offer. Offer on Monday:
reminder Friday 09:00, quotes until the end of the following Monday (WS-LEAD-5)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from blikopwerk import InvalidValueError, WorkingDayCalendar
from werkscan import LEAD_RULES, lead_deadlines

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
CAL = WorkingDayCalendar()


def test_offer_on_monday_reminder_friday_quotes_until_the_end_of_next_monday() -> None:
    d = lead_deadlines(dt.datetime(2026, 3, 2, 11, 0, tzinfo=AMS))  # Monday
    assert d.reminder_at == dt.datetime(2026, 3, 6, 9, 0, tzinfo=AMS)  # Friday 09:00
    assert d.deadline_day == dt.date(2026, 3, 9)  # the following Monday
    assert d.expires_at == dt.datetime(2026, 3, 10, 0, 0, tzinfo=AMS)


def test_the_reminder_is_a_parameter_of_the_lead_rules() -> None:
    assert LEAD_RULES.parameter("reminder_working_days") == 3  # "na 3 werkdagen"
    assert LEAD_RULES.parameter("reminder_time") == dt.time(9, 0)
    assert "4th working day" in LEAD_RULES.rule("WS-LEAD-6").summary
    source = LEAD_RULES.parameters["reminder_time"][1]
    assert source.kind == "decision" and "revised" in source.passage
    later = LEAD_RULES.replace(parameters={"reminder_working_days": (1, source),
                                           "reminder_time": (dt.time(13, 30), source)})
    d = lead_deadlines(dt.datetime(2026, 3, 2, 11, 0, tzinfo=AMS), rules=later)
    assert d.reminder_at == dt.datetime(2026, 3, 4, 13, 30, tzinfo=AMS)  # Wednesday, day 2


def test_a_reminder_after_the_last_day_to_quote_is_refused() -> None:
    source = LEAD_RULES.parameters["reminder_working_days"][1]
    bad = LEAD_RULES.replace(parameters={"reminder_working_days": (5, source)})
    with pytest.raises(InvalidValueError, match="reminder_working_days"):
        lead_deadlines(dt.datetime(2026, 3, 2, 11, 0, tzinfo=AMS), rules=bad)


def test_the_reminder_counts_the_dutch_day_of_a_late_utc_offer() -> None:
    """Sunday 23:30 UTC is Monday 00:30 in Amsterdam: the offer is on Monday (K-DAY-1)."""
    d = lead_deadlines(dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC))
    assert d.reminder_day == dt.date(2026, 3, 6)


@settings(max_examples=60, deadline=None)
@given(st.datetimes(dt.datetime(2024, 1, 1), dt.datetime(2030, 12, 31), timezones=st.just(dt.UTC)))
def test_three_full_working_days_pass_before_the_reminder(when: dt.datetime) -> None:
    d = lead_deadlines(when)
    day = when.astimezone(AMS).date()
    assert CAL.is_working_day(d.reminder_day)
    assert CAL.between(day, d.reminder_day) == 4
    assert CAL.add(day, 3) < d.reminder_day <= d.deadline_day
    assert d.reminder_at.astimezone(AMS).time() == dt.time(9, 0)
    assert when < d.reminder_at < d.expires_at
