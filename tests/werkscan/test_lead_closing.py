"""The end of a lead (WS-LEAD-11, -12): whatever the experts do, the worker is told once.

Property tests over the service on ``memory://``: each of three experts quotes, declines or
does nothing, on random working hours; ticks run in between, some twice. Then the outbox
and the events say exactly what the rules say, no more and no less.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from blikopwerk import ConflictError, MemoryStorage
from werkscan import Establishment, Expert, LeadService, WorkerContact

T0 = dt.datetime(2026, 12, 22, 9, tzinfo=dt.UTC)  # Tuesday, 10:00 in Amsterdam
EXPIRED = dt.datetime(2026, 12, 30, 23, 0, tzinfo=dt.UTC)  # the end of Wednesday 30 December
EXPERTS = ("amersfoort", "amsterdam", "den-bosch")


def _service() -> LeadService:
    svc = LeadService(MemoryStorage())
    for eid, pc in zip(EXPERTS, ("3811", "1012", "5211"), strict=True):
        svc.register_expert(Expert(eid, eid, f"{eid}@example.nl", [Establishment(pc)], 10), T0)
        svc.subscribe(eid, T0)
    return svc


def _queued(svc: LeadService, prefix: str) -> list[str]:
    return sorted(e.message.id for e in svc.storage.outbox.entries() if e.message.id.startswith(prefix))


actions = st.lists(st.tuples(st.sampled_from(["quote", "decline", "nothing"]), st.integers(1, 150)),
                   min_size=3, max_size=3)


@settings(max_examples=30, deadline=None)
@given(actions=actions, ticks=st.lists(st.integers(1, 250), max_size=4), erase=st.booleans())
def test_the_worker_is_told_once_and_only_when_no_quote_can_come(
        actions: list[tuple[str, int]], ticks: list[int], erase: bool) -> None:
    svc = _service()
    lead = svc.submit(None, "3511", 30, {"work": "strong"}, WorkerContact("Jan", "jan@example.nl"), T0)
    offers = {o.expert_id: o for o in svc.offer(lead.id, T0)}
    assert sorted(offers) == sorted(EXPERTS)
    steps = sorted([(T0 + dt.timedelta(hours=h), "act", eid, what)
                    for eid, (what, h) in zip(EXPERTS, actions, strict=True)]
                   + [(T0 + dt.timedelta(hours=h), "tick", "", "") for h in ticks])
    quoted: set[str] = set()
    for when, kind, eid, what in steps:
        if kind == "tick":
            svc.process_due(when)
            continue
        offer_id = offers[eid].id
        try:
            if what == "quote":
                svc.quote(offer_id, "300", "Gesprek", when)
                quoted.add(eid)
            elif what == "decline":
                svc.decline(offer_id, when)
        except ConflictError:  # past the deadline, or the lead closed meanwhile
            assert when >= EXPIRED or svc.storage.leads.get(lead.id).status == "closed"
    for _ in range(2):  # the last ticks, twice: nothing is sent again
        svc.process_due(EXPIRED + dt.timedelta(days=1))
    if erase:
        svc.erase_contact(lead.id, EXPIRED + dt.timedelta(days=2))
        svc.erase_contact(lead.id, EXPIRED + dt.timedelta(days=2))

    status = svc.storage.leads.get(lead.id).status
    told = _queued(svc, "lead-closed:")
    assert told == ([] if quoted else [f"lead-closed:{lead.id}"])
    assert status == ("closed" if not quoted or erase else "offered")
    states = {v.offer_id.split(":")[-1]: v.state for eid in EXPERTS for v in svc.expert_leads(eid)}
    for eid in EXPERTS:
        expired_mail = f"lead-offer-expired:{offers[eid].id}"
        assert (expired_mail in _queued(svc, "lead-offer-expired:")) == (states[eid] == "expired")
        closed_mail = f"lead-offer-closed:{offers[eid].id}"
        assert (closed_mail in _queued(svc, "lead-offer-closed:")) == (states[eid] == "lost")
        assert states[eid] in (("lost",) if erase and eid in quoted else ("quoted",) if eid in quoted
                               else ("declined", "expired"))
    kinds = [(e.expert_id, e.kind) for e in svc.history(lead.id)]
    assert kinds.count((None, "lead_closed")) == (1 if status == "closed" else 0)
    assert kinds.count((None, "contact_erased")) == (1 if erase else 0)
    assert _queued(svc, "lead-erased:") == ([f"lead-erased:{lead.id}"] if erase else [])
    assert "jan" not in repr(svc.history(lead.id)).lower()


# --------------------------------------------------------------------------- never offered

AMSTERDAM = dt.timezone(dt.timedelta(hours=1))  # CET from December to March


def _far_lead(svc: LeadService, at: dt.datetime) -> str:
    """A lead in Maastricht, more than 50 km from every expert: nobody is offered it."""
    lead = svc.submit(None, "6211", 30, {"work": "strong"}, WorkerContact("Jan", "jan@example.nl"), at)
    assert svc.offer(lead.id, at) == ()
    return lead.id


def test_a_lead_nobody_was_offered_is_erased_90_days_after_its_submission_day() -> None:
    """WS-LEAD-12 (decision, not official): the guide's figures. Submitted on Tuesday 22
    December 2026 and never offered: the contact data stays until Sunday 21 March 2027 and
    goes on Monday 22 March (90 days); the lead closes first; nothing is mailed; once."""
    svc = _service()
    lead_id = _far_lead(svc, T0)
    assert svc.erase_due(dt.datetime(2027, 3, 21, 23, 59, tzinfo=AMSTERDAM)) == ()
    assert svc.storage.leads.get(lead_id).status == "new"
    assert svc.erase_due(dt.datetime(2027, 3, 22, 0, 0, tzinfo=AMSTERDAM)) == (lead_id,)
    assert svc.erase_due(dt.datetime(2027, 3, 23, 0, 0, tzinfo=AMSTERDAM)) == ()
    assert svc.storage.leads.get(lead_id).status == "closed"
    assert [e.kind for e in svc.history(lead_id)] == ["submitted", "lead_closed", "contact_erased"]
    assert _queued(svc, "") == []
    assert svc.erase_contact(lead_id, dt.datetime(2027, 3, 23, tzinfo=dt.UTC)) is False
    try:
        svc.offer(lead_id, dt.datetime(2027, 3, 23, tzinfo=dt.UTC))
    except ConflictError:
        pass
    else:  # pragma: no cover - the assertion below explains
        raise AssertionError("a closed lead without contact data was offered")


@settings(max_examples=40, deadline=None)
@given(submitted=st.integers(0, 200 * 24 * 60), run=st.integers(0, 200 * 24 * 60))
def test_a_never_offered_lead_goes_exactly_when_90_dutch_days_passed(submitted: int, run: int) -> None:
    """Whatever the minute of submission and of the run: erased iff the run's Dutch day is
    at least 90 days after the submission's, and a second run erases nothing (K-TZ-1)."""
    from zoneinfo import ZoneInfo

    ams = ZoneInfo("Europe/Amsterdam")
    at = T0 + dt.timedelta(minutes=submitted)
    now = at + dt.timedelta(minutes=run)
    svc = _service()
    lead_id = _far_lead(svc, at)
    due = (now.astimezone(ams).date() - at.astimezone(ams).date()).days >= 90
    assert svc.erase_due(now) == ((lead_id,) if due else ())
    assert svc.erase_due(now) == ()
    assert svc.storage.leads.get(lead_id).status == ("closed" if due else "new")
    assert _queued(svc, "") == []
