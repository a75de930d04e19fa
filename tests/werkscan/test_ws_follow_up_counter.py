"""Follow-up invitation (WS-RPT-7) and the counter of a licence (WS-RPT-4): the pure parts.

Seed 002: workers suggest "een opvolggesprek na een half jaar"; seed 000: "Via teller is wel te
zien hoeveel mensen de Werkscan hebben ingevuld en hoeveel mensen een gesprek aanvragen."
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from blikopwerk import InvalidValueError
from werkscan import (
    ACCESS_RULES,
    REPORT_RULES,
    ConversationHeld,
    CounterRecord,
    add_months,
    due_follow_ups,
    follow_up_due,
    licence_counters,
)

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")


def test_ws_rpt_7_six_months_after_the_conversation_only_with_consent() -> None:
    held = dt.datetime(2026, 3, 2, 14, 0, tzinfo=AMS)
    assert REPORT_RULES.parameter("follow_up_months") == 6  # "na een half jaar"
    assert follow_up_due(held) == dt.date(2026, 9, 2)
    yes = ConversationHeld("c-yes", held, contact_consent=True)
    no = ConversationHeld("c-no", held)
    assert due_follow_ups([yes, no], dt.datetime(2026, 9, 1, 23, 59, tzinfo=AMS)) == ()
    (due,) = due_follow_ups([yes, no], dt.datetime(2026, 9, 2, 0, 0, tzinfo=AMS))
    assert (due.conversation_id, due.due_on, due.message_id) == ("c-yes", dt.date(2026, 9, 2), "follow-up:c-yes")
    # once: an invited conversation is not due again
    assert due_follow_ups([yes, no], dt.datetime(2027, 1, 1, tzinfo=AMS), invited=["c-yes"]) == ()


def test_ws_rpt_7_the_dutch_day_and_month_ends() -> None:
    assert follow_up_due(dt.datetime(2026, 8, 31, 22, 30, tzinfo=dt.UTC)) == dt.date(2027, 3, 1)  # 1 Sep in NL
    assert follow_up_due(dt.datetime(2026, 8, 31, 12, 0, tzinfo=AMS)) == dt.date(2027, 2, 28)
    source = REPORT_RULES.parameters["follow_up_months"][1]
    assert follow_up_due(dt.datetime(2026, 3, 2, tzinfo=AMS),
                         rules=REPORT_RULES.replace(parameters={"follow_up_months": (3, source)})) == dt.date(2026, 6, 2)
    assert REPORT_RULES["decisions"].entry("WS-RPT-7").source.kind == "decision"


def test_ws_rpt_7_bad_input_is_an_error() -> None:
    with pytest.raises(InvalidValueError, match="held_at"):
        ConversationHeld("c", dt.datetime(2026, 3, 2))
    with pytest.raises(InvalidValueError, match="contact_consent"):
        ConversationHeld("c", dt.datetime(2026, 3, 2, tzinfo=AMS), contact_consent="yes")  # type: ignore[arg-type]
    c = ConversationHeld("c", dt.datetime(2026, 3, 2, tzinfo=AMS), contact_consent=True)
    with pytest.raises(InvalidValueError, match="twice"):
        due_follow_ups([c, c], dt.datetime(2027, 1, 1, tzinfo=AMS))


def test_ws_rpt_4_the_counter_counts_completed_and_requests_per_licence() -> None:
    counters = licence_counters([CounterRecord("L1", True, True), CounterRecord("L1", True),
                                 CounterRecord("L1", False), CounterRecord("L2", True, True)])
    assert [c.as_json() for c in counters.values()] == [
        {"licence_id": "L1", "completed": 2, "conversation_requests": 1},
        {"licence_id": "L2", "completed": 1, "conversation_requests": 1}]
    assert "hoeveel mensen een gesprek aanvragen" in ACCESS_RULES.rule("WS-RPT-4").source.passage
    with pytest.raises(InvalidValueError, match="conversation_requested"):
        CounterRecord("L1", completed=False, conversation_requested=True)


days = st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31))


@given(days, st.integers(0, 60))
def test_adding_months_keeps_the_day_or_ends_the_month(day: dt.date, months: int) -> None:
    later = add_months(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    assert later.day == day.day or (later.day < day.day and (later + dt.timedelta(days=1)).day == 1)


@given(st.datetimes(dt.datetime(2024, 1, 1), dt.datetime(2030, 12, 31), timezones=st.just(dt.UTC)),
       st.datetimes(dt.datetime(2024, 1, 1), dt.datetime(2032, 12, 31), timezones=st.just(dt.UTC)), st.booleans())
def test_an_invitation_never_comes_early_or_without_consent(held: dt.datetime, now: dt.datetime,
                                                            consent: bool) -> None:
    c = ConversationHeld("c", held, contact_consent=consent)
    due = due_follow_ups([c], now)
    if due:
        assert consent and due[0].due_on <= now.astimezone(AMS).date()
        assert (due[0].due_on - held.astimezone(AMS).date()).days >= 181  # six months are at least 181 days
        assert due_follow_ups([c], now + dt.timedelta(days=30)) == due  # stays due until it is sent
    assert due_follow_ups([c], now, invited=["c"]) == ()


@given(st.lists(st.tuples(st.sampled_from(["L1", "L2", "L3"]), st.booleans(), st.booleans()), max_size=40))
def test_the_counter_adds_up_and_requests_never_exceed_completions(rows: list[tuple[str, bool, bool]]) -> None:
    records = [CounterRecord(lid, done, done and asked) for lid, done, asked in rows]
    counters = licence_counters(records)
    assert sum(c.completed for c in counters.values()) == sum(r.completed for r in records)
    assert all(c.conversation_requests <= c.completed for c in counters.values())
    assert set(counters) == {r.licence_id for r in records}
