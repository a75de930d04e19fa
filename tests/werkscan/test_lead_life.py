"""A lead's life: offer, reminder, deadline, quote, acceptance (WS-LEAD-1, -4..-6, -9)."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

import pytest
from hypothesis import given, settings

from blikopwerk import (
    ConflictError,
    InvalidValueError,
    LogNotifier,
    Money,
    UnknownPostcodeError,
    WorkingDayCalendar,
    deliver_outbox,
)
from strategies import offer_times
from werkscan import LEAD_RULES, DeadlinePassedError, ExpertService, LeadPricing, LeadService, lead_deadlines
from werkscan._leads.records import Establishment, Expert, WorkerContact

AMS = dt.timezone(dt.timedelta(hours=1))  # CET in December
T0 = dt.datetime(2026, 12, 22, 10, 0, tzinfo=AMS)  # Tuesday 22 December 2026


@pytest.fixture
def svc(storage: object) -> LeadService:
    experts = ExpertService(storage)  # type: ignore[arg-type]
    for eid, pc, km in (("amersfoort", "3811", True), ("amsterdam", "1012", False),
                        ("den-bosch", "5211", False), ("maastricht", "6211", False)):
        experts.register(Expert(eid, eid.title(), f"{eid}@example.nl", [Establishment(pc)], 5, km), T0)
        experts.subscribe(eid, T0)  # WS-LEAD-10
    return LeadService(storage, secret=secrets.token_bytes(32))  # type: ignore[arg-type]


def submit(svc: LeadService, lead_id: str = "L1", pc: str = "3511 AB") -> None:
    svc.submit(lead_id, pc, 31.5, {"work": "strong", "health": "weak"},
               WorkerContact("Jan Jansen", "jan@example.nl", "0612345678"), T0)


# --------------------------------------------------------------------------- deadlines


def test_calendar_example_christmas_ws_lead_5_6() -> None:
    """Offer Tue 22 Dec 2026: reminder Tue 29 Dec (the 4th working day, revised WS-LEAD-6),
    deadline end of Wed 30 Dec (K-DAY-1)."""
    d = lead_deadlines(T0)
    assert d.reminder_day == dt.date(2026, 12, 29)
    assert d.deadline_day == dt.date(2026, 12, 30)
    assert d.reminder_at == dt.datetime(2026, 12, 29, 9, 0, tzinfo=AMS)
    assert d.expires_at == dt.datetime(2026, 12, 31, 0, 0, tzinfo=AMS)


def test_plain_week_and_weekend() -> None:
    d = lead_deadlines(dt.datetime(2026, 2, 6, 15, tzinfo=dt.UTC))  # Friday
    assert (d.reminder_day, d.deadline_day) == (dt.date(2026, 2, 12), dt.date(2026, 2, 13))


def test_day_of_the_offer_is_the_dutch_day() -> None:
    late = dt.datetime(2026, 2, 2, 23, 30, tzinfo=dt.UTC)  # Tuesday 00:30 in Amsterdam
    assert lead_deadlines(late).deadline_day == dt.date(2026, 2, 10)


def test_custom_calendar_and_rules() -> None:
    liberation = WorkingDayCalendar(holidays={dt.date(2026, 5, 5)})
    d = lead_deadlines(dt.datetime(2026, 5, 1, 9, tzinfo=dt.UTC), calendar=liberation)
    assert d.deadline_day == dt.date(2026, 5, 11)
    rules = LEAD_RULES.replace(parameters={"deadline_working_days": (10, LEAD_RULES.parameters[
        "deadline_working_days"][1])})
    assert lead_deadlines(T0, rules=rules).deadline_day == dt.date(2027, 1, 7)


def test_naive_time_refused() -> None:
    with pytest.raises(InvalidValueError, match="offered_at"):
        lead_deadlines(dt.datetime(2026, 12, 22, 10))


# --------------------------------------------------------------------------- life


def test_offer_follows_the_utrecht_example(svc: LeadService) -> None:
    submit(svc)
    offers = svc.offer("L1", T0)
    assert [(o.expert_id, o.rank) for o in offers] == [("amersfoort", 1), ("amsterdam", 2), ("den-bosch", 3)]
    assert all(o.reminder_at == dt.datetime(2026, 12, 29, 9, tzinfo=AMS) for o in offers)
    assert svc.storage.leads.get("L1").status == "offered"
    with pytest.raises(ConflictError):
        svc.offer("L1", T0)


def test_unknown_postcode_at_submit(svc: LeadService) -> None:
    with pytest.raises(UnknownPostcodeError):
        submit(svc, pc="4999")


def test_nobody_in_range_leaves_the_lead_new(svc: LeadService) -> None:
    submit(svc, pc="9901")  # Appingedam: more than 50 km from every expert
    assert svc.offer("L1", T0) == ()
    assert svc.storage.leads.get("L1").status == "new"


def test_reminder_once_and_deadline_ws_lead_5_6(svc: LeadService) -> None:
    submit(svc)
    svc.offer("L1", T0)
    svc.quote("L1:amsterdam", "450", "Een gesprek", T0 + dt.timedelta(days=1))
    assert svc.process_due(dt.datetime(2026, 12, 29, 8, 59, tzinfo=AMS)).reminded == ()
    due = svc.process_due(dt.datetime(2026, 12, 29, 9, 0, tzinfo=AMS))
    assert due.reminded == ("L1:amersfoort", "L1:den-bosch")  # not the one that quoted
    assert svc.process_due(dt.datetime(2026, 12, 30, tzinfo=AMS)).reminded == ()
    sent = deliver_outbox(svc.storage, LogNotifier(), dt.datetime(2026, 12, 29, 9, 5, tzinfo=AMS))
    assert "lead-reminder:L1:amersfoort" in sent.delivered
    body = svc.storage.outbox.get("lead-reminder:L1:amersfoort").message.body
    # the last day in words, never ISO (issue 14: no ISO dates in what people read)
    assert "30 december 2026" in body and "2026-12-30" not in body
    # the last moment of Wednesday 30 December still takes a quote; midnight does not
    last = dt.datetime(2026, 12, 30, 23, 59, 59, tzinfo=AMS)
    svc.quote("L1:amersfoort", Decimal("425.00"), "Op tijd", last)
    with pytest.raises(DeadlinePassedError):
        svc.quote("L1:den-bosch", "400", "Te laat", dt.datetime(2026, 12, 31, 0, 0, tzinfo=AMS))
    assert svc.process_due(dt.datetime(2026, 12, 31, tzinfo=AMS)).expired == ("L1:den-bosch",)
    assert [q.expert_id for q in svc.storage.leads.quotes("L1")] == ["amsterdam", "amersfoort"]


def test_quote_must_be_positive(svc: LeadService) -> None:
    submit(svc)
    svc.offer("L1", T0)
    with pytest.raises(InvalidValueError, match="amount"):
        svc.quote("L1:amsterdam", "0", "gratis", T0)


def test_cap_is_never_exceeded_ws_lead_4(svc: LeadService) -> None:
    experts = ExpertService(svc.storage)
    experts.set_lead_cap("amersfoort", 1)
    for i in range(3):
        submit(svc, f"L{i}")
        svc.offer(f"L{i}", T0)
    state = experts.state("amersfoort")
    assert (state.leads_received, state.at_cap) == (1, True)
    assert [o.lead_id for o in svc.storage.leads.offers(expert_id="amersfoort")] == ["L0"]
    # the other leads went to the next in line; Maastricht stays out of range
    assert [o.expert_id for o in svc.storage.leads.offers(lead_id="L1")] == ["amsterdam", "den-bosch"]
    with pytest.raises(InvalidValueError):
        experts.request_more_leads("amersfoort", 1)
    experts.request_more_leads("amersfoort", 2)
    submit(svc, "L9")
    assert "amersfoort" in [o.expert_id for o in svc.offer("L9", T0)]


def test_absent_expert_gets_no_lead_ws_lead_3(svc: LeadService) -> None:
    ExpertService(svc.storage).report_absence("amersfoort", dt.date(2026, 12, 21), dt.date(2027, 1, 4))
    submit(svc)
    assert [o.expert_id for o in svc.offer("L1", T0)] == ["amsterdam", "den-bosch"]


def test_acceptance_fee_lower_for_keurmerk_ws_lead_9(svc: LeadService) -> None:
    pricing = LeadPricing.from_rules()
    assert pricing.fee_for(keurmerk=True) < pricing.fee_for(keurmerk=False)
    assert pricing.subscription_for(keurmerk=True) < pricing.subscription_for(keurmerk=False)
    assert not LEAD_RULES.parameters["acceptance_fee"][1].official  # not in the sources
    submit(svc, "L1")
    submit(svc, "L2")
    svc.offer("L1", T0)
    svc.offer("L2", T0)
    svc.quote("L1:amersfoort", "400", "q", T0)
    svc.quote("L2:amsterdam", "400", "q", T0)
    assert svc.accept("L1:amersfoort", T0).fee == pricing.fee_for(keurmerk=True)
    assert svc.accept("L2:amsterdam", T0).fee == pricing.fee_for(keurmerk=False)


def test_custom_prices() -> None:
    p = LeadPricing("40", "35", Money("100"), Money("80"))
    assert p.fee_for(keurmerk=True) == Money("80")
    with pytest.raises(InvalidValueError, match="acceptance_fee_keurmerk"):
        LeadPricing("40", "35", "100", "100")
    with pytest.raises(InvalidValueError, match="must not be negative"):
        LeadPricing("40", "-1", "100", "80")


def test_index_is_kept_until_establishments_change(svc: LeadService) -> None:
    day = T0.date()
    first = svc.matcher(day)
    assert svc.matcher(day).index is first.index
    ExpertService(svc.storage).set_establishments("maastricht", [Establishment("3512")])
    second = svc.matcher(day)
    assert second.index is not first.index
    submit(svc)
    assert svc.offer("L1", T0)[0].expert_id == "maastricht"


_CAL = WorkingDayCalendar()


@settings(max_examples=60, deadline=None)
@given(when=offer_times)
def test_deadlines_are_working_days_4_and_5_after_the_dutch_day(when: dt.datetime) -> None:
    import zoneinfo

    d = lead_deadlines(when)
    day = when.astimezone(zoneinfo.ZoneInfo("Europe/Amsterdam")).date()
    assert _CAL.is_working_day(d.reminder_day) and _CAL.is_working_day(d.deadline_day)
    assert _CAL.between(day, d.reminder_day) == 4 and _CAL.between(day, d.deadline_day) == 5
    assert when < d.reminder_at < d.expires_at
    assert d.expires_at.astimezone(zoneinfo.ZoneInfo("Europe/Amsterdam")).time() == dt.time(0)
    later = lead_deadlines(when + dt.timedelta(days=1))
    assert later.deadline_day >= d.deadline_day  # monotone in the offer time
