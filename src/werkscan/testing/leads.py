"""Lead storage conformance suites (public): experts, leads and offers, consent links.

Subclass them in your backend's tests and override ``storage_url`` (see
:class:`~blikopwerk.testing.storage.StorageSuiteBase`). The concurrency cases run
:meth:`~werkscan.LeadRepository.process_due`, cap claims and consent redemptions from
several processes at once (threads for backends without ``"multiprocess"``) and check
that no reminder goes out twice and none is lost, also after a run that crashed half-way.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from blikopwerk._errors import ConflictError, InvalidValueError, NotFoundError
from blikopwerk._money import Money
from blikopwerk._postcode import PC4, Postcode
from blikopwerk._protocols import Message, Storage
from blikopwerk.testing.storage import StorageSuiteBase, concurrently
from werkscan._leads.records import (
    Absence,
    Acceptance,
    ConsentLinkExpiredError,
    ConsentLinkUsedError,
    ConsentRecord,
    DeadlinePassedError,
    Establishment,
    Expert,
    Lead,
    LeadNotices,
    LeadStorage,
    LeadSubscription,
    Offer,
    Quote,
    WorkerContact,
    require_leads,
)

__all__ = ["ConsentRepositorySuite", "ExpertRepositorySuite", "LeadRepositorySuite"]

#: Tuesday 22 December 2026, 10:00 UTC: the reminder is due on Monday 28 December and the
#: deadline ends with Wednesday 30 December (Dutch time), as WS-LEAD-5/6 compute it.
T0 = dt.datetime(2026, 12, 22, 10, 0, tzinfo=dt.UTC)
REMIND = dt.datetime(2026, 12, 28, 8, 0, tzinfo=dt.UTC)
EXPIRES = dt.datetime(2026, 12, 30, 23, 0, tzinfo=dt.UTC)


def expert(i: int | str, cap: int = 10, *, postcode: str = "3811", keurmerk: bool = False) -> Expert:
    """A test expert ``E<i>``."""
    return Expert(f"E{i}", f"Expert {i}", f"e{i}@example.nl", [Establishment(postcode)], cap, keurmerk)


def lead(i: int | str, area: str = "3511") -> Lead:
    """A test lead ``L<i>``."""
    return Lead(f"L{i}", area, 31.5, {"work": "strong", "health": "weak"}, T0)


def contact(i: int | str) -> WorkerContact:
    """The contact data of the worker of lead ``L<i>``."""
    return WorkerContact(f"Worker {i}", f"w{i}@example.nl", "+31 6 12345678")


def offer_of(lead_id: str, expert_id: str, rank: int = 1, *, reminder_at: dt.datetime = REMIND,
             expires_at: dt.datetime = EXPIRES) -> tuple[Offer, Message]:
    """An offer with its message, as a service would build it."""
    o = Offer(Offer.make_id(lead_id, expert_id), lead_id, expert_id, rank, 20_000, T0,
              reminder_at, expires_at)
    return o, Message(f"lead-offer:{o.id}", (f"{expert_id.lower()}@example.nl",), "lead", "body")


def reminder(offer: Offer, expert: Expert) -> Message:
    """The suites' reminder factory (module level, so other processes can use it)."""
    return Message(f"lead-reminder:{offer.id}", (expert.email,), "reminder", offer.lead_id)


def quote_notice(quote: Quote, contact: WorkerContact) -> Message:
    """The suites' quote notice."""
    return Message(f"lead-quote:{quote.offer_id}", (contact.email,), "quote", str(quote.amount.amount))


def contact_notice(acceptance: Acceptance, contact: WorkerContact, expert: Expert) -> Message:
    """The suites' contact notice: the worker's contact data to the owning expert."""
    return Message(f"lead-accepted:{acceptance.lead_id}", (expert.email,), "accepted",
                   f"{contact.name} {contact.email}")


class _CrashAfter:
    """A reminder factory that raises after ``n`` messages: a worker dying mid-run."""

    def __init__(self, n: int) -> None:
        self.left = n

    def __call__(self, offer: Offer, expert: Expert) -> Message:
        if self.left == 0:
            raise RuntimeError("worker crashed")
        self.left -= 1
        return reminder(offer, expert)


def offer_closed(offer: Offer, expert: Expert) -> Message:
    """The suites' notice of an offer closed by another's step."""
    return Message(f"lead-offer-closed:{offer.id}", (expert.email,), "closed", offer.lead_id)


def offer_expired(offer: Offer, expert: Expert) -> Message:
    """The suites' notice of an expired offer."""
    return Message(f"lead-offer-expired:{offer.id}", (expert.email,), "expired", offer.lead_id)


def lead_closed(lead: Lead, contact: WorkerContact) -> Message:
    """The suites' notice to the worker of a closed lead."""
    return Message(f"lead-closed:{lead.id}", (contact.email,), "closed", contact.name)


def contact_erased(lead: Lead, contact: WorkerContact) -> Message:
    """The suites' erasure confirmation."""
    return Message(f"lead-erased:{lead.id}", (contact.email,), "erased", contact.name)


#: The suites' notices (module-level functions, so other processes can use them).
NOTICES = LeadNotices(offer_closed, offer_expired, lead_closed, contact_erased)


class _ExpiryCrash:
    """An expiry notice that raises after ``n`` messages: a worker dying mid-run."""

    def __init__(self, n: int) -> None:
        self.left = n

    def __call__(self, offer: Offer, expert: Expert) -> Message:
        if self.left == 0:
            raise RuntimeError("worker crashed")
        self.left -= 1
        return offer_expired(offer, expert)


def _process_due(storage: Storage, now: dt.datetime) -> list[str]:
    return list(require_leads(storage).leads.process_due(now, reminder).reminded)


def _process_due_closing(storage: Storage, now: dt.datetime) -> list[str]:
    report = require_leads(storage).leads.process_due(now, reminder, notices=NOTICES, accept_within_days=30)
    return list(report.closed)


def _decline(storage: Storage, offer_id: str) -> str:
    try:
        require_leads(storage).leads.decline(offer_id, T0 + dt.timedelta(hours=1), NOTICES)
    except ConflictError:
        return "conflict"
    return "ok"


def _erase(storage: Storage, lead_id: str) -> bool:
    return require_leads(storage).leads.erase_contact(lead_id, T0 + dt.timedelta(hours=2), NOTICES)


def _erase_due(storage: Storage, now: dt.datetime) -> list[str]:
    return require_leads(storage).leads.erase_due(now, after_days=90, accept_within_days=30)


def _subscribe(storage: Storage, expert_id: str, start: dt.date) -> str:
    try:
        require_leads(storage).experts.subscribe(expert_id, start)
    except ConflictError:
        return "conflict"
    return "ok"


def _offer_one(storage: Storage, lead_id: str, expert_id: str) -> int:
    return len(require_leads(storage).leads.offer(lead_id, [offer_of(lead_id, expert_id)], T0))


def _offer_pair(storage: Storage, lead_id: str, first: str, second: str) -> int:
    made = require_leads(storage).leads.offer(
        lead_id, [offer_of(lead_id, first), offer_of(lead_id, second, 2)], T0)
    return len(made)


def _redeem(storage: Storage, token_id: str) -> str:
    try:
        require_leads(storage).consents.redeem(token_id, T0 + dt.timedelta(days=1))
    except ConsentLinkUsedError:
        return "used"
    return "ok"


class _LeadSuiteBase(StorageSuiteBase):
    @pytest.fixture
    def leads(self, storage: Storage) -> LeadStorage:
        return require_leads(storage)

    @staticmethod
    def seed(s: LeadStorage, n_experts: int = 3, n_leads: int = 1, cap: int = 10) -> None:
        for i in range(1, n_experts + 1):
            s.experts.add(expert(i, cap), T0)
        for j in range(1, n_leads + 1):
            s.leads.add(lead(j), contact(j))

    @staticmethod
    def reminders(s: LeadStorage) -> list[str]:
        return sorted(e.message.id for e in s.outbox.entries() if e.message.id.startswith("lead-reminder:"))

    @staticmethod
    def queued(s: LeadStorage, prefix: str) -> list[str]:
        """The ids of the queued messages starting with ``prefix``, sorted."""
        return sorted(e.message.id for e in s.outbox.entries() if e.message.id.startswith(prefix))

    @staticmethod
    def kinds(s: LeadStorage, lead_id: str) -> list[tuple[str | None, str]]:
        """``(expert id, kind)`` of the lead's events in order."""
        return [(e.expert_id, e.kind) for e in s.leads.events(lead_id=lead_id)]


class ExpertRepositorySuite(_LeadSuiteBase):
    """Experts: establishments, absences, caps and the states matching reads."""

    def test_roundtrip_keeps_establishments(self, leads: LeadStorage) -> None:
        e = Expert("E1", "Ann", "ann@example.nl",
                   [Establishment("3811 AB", "Stationsplein 1, Amersfoort"), Establishment("1012")],
                   7, keurmerk=True)
        leads.experts.add(e, T0)
        got = leads.experts.get("E1")
        assert got == e
        assert isinstance(got.establishments[0].postcode, Postcode)
        assert isinstance(got.establishments[1].postcode, PC4)
        assert got.establishments[0].full_address and not got.establishments[1].full_address

    def test_duplicate_and_unknown(self, leads: LeadStorage) -> None:
        leads.experts.add(expert(1), T0)
        with pytest.raises(ConflictError):
            leads.experts.add(expert(1), T0)
        with pytest.raises(NotFoundError):
            leads.experts.get("E9")
        with pytest.raises(NotFoundError):
            leads.experts.add_absence("E9", Absence(dt.date(2026, 1, 1), dt.date(2026, 1, 2)))
        with pytest.raises(NotFoundError):
            leads.experts.update(expert(9))

    def test_naive_time_refused(self, leads: LeadStorage) -> None:
        with pytest.raises(InvalidValueError):
            leads.experts.add(expert(1), dt.datetime(2026, 1, 5, 9))

    def test_update_keeps_leads_received(self, leads: LeadStorage) -> None:
        self.seed(leads, 1, 1, cap=1)
        assert len(leads.leads.offer("L1", [offer_of("L1", "E1")], T0)) == 1
        leads.experts.update(expert(1, cap=5, postcode="1012"))
        (state,) = leads.experts.states()
        assert (state.leads_received, state.expert.lead_cap) == (1, 5)
        assert state.expert.establishments[0].area == PC4("1012")

    def test_absences_are_kept_once_and_sorted(self, leads: LeadStorage) -> None:
        leads.experts.add(expert(1), T0)
        later = Absence(dt.date(2026, 8, 1), dt.date(2026, 8, 14))
        sooner = Absence(dt.date(2026, 7, 1), dt.date(2026, 7, 3))
        for a in (later, sooner, later):
            leads.experts.add_absence("E1", a)
        (state,) = leads.experts.states()
        assert state.absences == (sooner, later)
        assert state.absent_on(dt.date(2026, 7, 3)) and not state.absent_on(dt.date(2026, 7, 4))

    def test_states_sorted_with_open_leads(self, leads: LeadStorage) -> None:
        self.seed(leads, 3, 2)
        leads.leads.offer("L1", [offer_of("L1", "E2"), offer_of("L1", "E3", 2)], T0)
        leads.leads.offer("L2", [offer_of("L2", "E2")], T0)
        states = leads.experts.states()
        assert [s.expert.id for s in states] == ["E1", "E2", "E3"]
        assert [(s.leads_received, s.open_leads) for s in states] == [(0, 0), (2, 2), (1, 1)]


    def test_states_of_some_ids(self, leads: LeadStorage) -> None:
        self.seed(leads, 3, 1)
        leads.experts.add_absence("E3", Absence(dt.date(2026, 8, 1), dt.date(2026, 8, 2)))
        leads.leads.offer("L1", [offer_of("L1", "E3")], T0)
        every = {s.expert.id: s for s in leads.experts.states()}
        some = leads.experts.states(ids=["E3", "E1", "E9", "E3"])  # unknown and repeated ids
        assert [s.expert.id for s in some] == ["E1", "E3"]
        assert list(some) == [every["E1"], every["E3"]]
        assert list(leads.experts.states(ids=[])) == []

    def test_states_of_many_ids(self, leads: LeadStorage) -> None:
        for i in range(1, 1201):  # more ids than one IN list holds
            leads.experts.add(expert(i), T0)
        ids = [f"E{i}" for i in range(1, 1201, 2)]
        assert sorted(s.expert.id for s in leads.experts.states(ids=ids)) == sorted(ids)


    def test_subscription_periods(self, leads: LeadStorage) -> None:
        """WS-LEAD-10: periods never overlap; states carry them; a state without one is not
        available."""
        leads.experts.add(expert(1), T0)
        (state,) = leads.experts.states()
        assert state.subscriptions == () and not state.available(dt.date(2026, 12, 22))
        dec1 = dt.date(2026, 12, 1)
        assert leads.experts.subscribe("E1", dec1) == LeadSubscription(dec1)
        with pytest.raises(ConflictError):
            leads.experts.subscribe("E1", dt.date(2027, 1, 1))
        with pytest.raises(InvalidValueError):
            leads.experts.end_subscription("E1", dt.date(2026, 11, 30))
        assert leads.experts.end_subscription("E1", dt.date(2026, 12, 31)).end == dt.date(2026, 12, 31)
        with pytest.raises(ConflictError):
            leads.experts.end_subscription("E1", dt.date(2027, 1, 31))
        with pytest.raises(ConflictError):  # overlaps the period that ended
            leads.experts.subscribe("E1", dt.date(2026, 12, 31))
        leads.experts.subscribe("E1", dt.date(2027, 2, 1))
        assert leads.experts.subscriptions("E1") == [
            LeadSubscription(dec1, dt.date(2026, 12, 31)), LeadSubscription(dt.date(2027, 2, 1))]
        (state,) = leads.experts.states(ids=["E1"])
        assert [state.available(dt.date(2026, m, d)) for m, d in ((11, 30), (12, 1), (12, 31))] == [False, True, True]
        assert not state.available(dt.date(2027, 1, 15)) and state.available(dt.date(2027, 2, 1))
        with pytest.raises(NotFoundError):
            leads.experts.subscribe("E9", dec1)
        with pytest.raises(NotFoundError):
            leads.experts.subscriptions("E9")

    def test_concurrent_subscribe_starts_one_period(self, leads: LeadStorage) -> None:
        leads.experts.add(expert(1), T0)
        days = [(dt.date(2026, 12, d),) for d in (1, 2, 3, 4)]
        results = concurrently(leads, _subscribe, [("E1", *d) for d in days])
        assert sorted(results) == ["conflict", "conflict", "conflict", "ok"], results
        assert len(leads.experts.subscriptions("E1")) == 1


class LeadRepositorySuite(_LeadSuiteBase):
    """Leads and offers: cap claims, reminders and deadlines exactly once, quotes, acceptance."""

    def test_lead_roundtrip_holds_no_contact_data(self, leads: LeadStorage) -> None:
        leads.leads.add(lead(1), contact(1))
        got = leads.leads.get("L1")
        assert got == lead(1)
        assert got.status == "new" and got.owner_expert_id is None
        assert "w1@example.nl" not in repr(got)
        with pytest.raises(ConflictError):
            leads.leads.add(lead(1), contact(1))
        with pytest.raises(NotFoundError):
            leads.leads.get("L9")

    def test_offer_claims_cap_and_queues_message(self, leads: LeadStorage) -> None:
        self.seed(leads, 2, 2, cap=1)
        made = leads.leads.offer("L1", [offer_of("L1", "E1"), offer_of("L1", "E2", 2)], T0)
        assert [o.id for o in made] == ["L1:E1", "L1:E2"]
        assert leads.leads.get("L1").status == "offered"
        assert leads.outbox.get("lead-offer:L1:E1").status == "queued"
        # both experts are at their cap of 1 now (WS-LEAD-4)
        assert leads.leads.offer("L2", [offer_of("L2", "E1")], T0) == []
        assert leads.leads.get("L2").status == "new"
        assert [o.id for o in leads.leads.offers()] == ["L1:E1", "L1:E2"]
        # the same offer twice is made once
        assert leads.leads.offer("L1", [offer_of("L1", "E1")], T0) == []

    def test_offer_to_unknown_expert_or_lead(self, leads: LeadStorage) -> None:
        self.seed(leads, 1, 1)
        with pytest.raises(NotFoundError):
            leads.leads.offer("L1", [offer_of("L1", "E9")], T0)
        with pytest.raises(NotFoundError):
            leads.leads.offer("L9", [offer_of("L9", "E1")], T0)
        assert leads.leads.offers() == []

    def test_offer_chosen_in_one_unit(self, leads: LeadStorage) -> None:
        """A chooser reads the experts' states in the unit that stores the offers; an expert
        found at the cap is refused and the chooser asked again without them."""
        self.seed(leads, 3, 3, cap=1)
        leads.leads.offer("L2", [offer_of("L2", "E1")], T0)  # E1 is at its cap of 1 now
        asked: list[tuple[list[str], int, int]] = []

        def choose(unit: Any, lead_: Lead, taken: frozenset[str], need: int, rank: int) -> list[Any]:
            asked.append((sorted(taken), need, rank))
            states = unit.states(["E3", "E1", "E2", "E9"])
            assert [(s.expert, s.leads_received, s.open_leads) for s in states] == [
                (expert(1, 1), 1, 1), (expert(2, 1), 0, 0), (expert(3, 1), 0, 0)]
            picks = [eid for eid in ("E1", "E2", "E3") if eid not in taken][:need]
            return [offer_of(lead_.id, eid, rank + i) for i, eid in enumerate(picks)]

        made = leads.leads.offer("L1", choose, T0, max_offers=2)
        assert [(o.expert_id, o.rank) for o in made] == [("E2", 1), ("E3", 2)]
        assert asked == [([], 2, 1), (["E1"], 2, 1)]
        assert leads.leads.get("L1").status == "offered"
        assert leads.outbox.get("lead-offer:L1:E2").status == "queued"
        assert [o.id for o in leads.leads.offers(lead_id="L1")] == ["L1:E2", "L1:E3"]
        with pytest.raises(ConflictError):  # a chooser offers a new lead only
            leads.leads.offer("L1", choose, T0)
        assert leads.leads.offer("L3", lambda *_: [], T0) == []  # nobody chosen: it stays new
        assert leads.leads.get("L3").status == "new"

    def test_offer_chosen_refused_midway(self, leads: LeadStorage) -> None:
        """An expert at the cap in the middle of what a chooser picked: the ones before
        keep their offers and ranks, the ones after are chosen again, ranked on; every
        slot is counted once and only the offers made have a message and an event (WS-LEAD-4)."""
        self.seed(leads, 4, 2, cap=1)
        leads.leads.offer("L2", [offer_of("L2", "E2")], T0)  # E2 is at its cap of 1 now
        asked: list[tuple[list[str], int, int]] = []

        def choose(unit: Any, lead_: Lead, taken: frozenset[str], need: int, rank: int) -> list[Any]:
            asked.append((sorted(taken), need, rank))
            picks = [eid for eid in ("E1", "E2", "E3", "E4") if eid not in taken][:need]
            return [offer_of(lead_.id, eid, rank + i) for i, eid in enumerate(picks)]

        made = leads.leads.offer("L1", choose, T0, max_offers=3)
        assert [(o.expert_id, o.rank) for o in made] == [("E1", 1), ("E3", 2), ("E4", 3)]
        assert asked == [([], 3, 1), (["E1", "E2"], 2, 2)]
        assert [(o.expert_id, o.rank) for o in leads.leads.offers(lead_id="L1")] == [
            ("E1", 1), ("E3", 2), ("E4", 3)]
        assert [s.leads_received for s in leads.experts.states()] == [1, 1, 1, 1]
        assert self.queued(leads, "lead-offer:L1:") == ["lead-offer:L1:E1", "lead-offer:L1:E3",
                                                        "lead-offer:L1:E4"]
        assert self.kinds(leads, "L1") == [(None, "submitted"), ("E1", "offered"), ("E3", "offered"),
                                           ("E4", "offered")]

    def test_offer_filters(self, leads: LeadStorage) -> None:
        self.seed(leads, 2, 2)
        leads.leads.offer("L1", [offer_of("L1", "E1"), offer_of("L1", "E2", 2)], T0)
        leads.leads.offer("L2", [offer_of("L2", "E2")], T0)
        assert [o.id for o in leads.leads.offers(expert_id="E2")] == ["L1:E2", "L2:E2"]
        assert [o.id for o in leads.leads.offers(lead_id="L1")] == ["L1:E1", "L1:E2"]
        assert leads.leads.get_offer("L2:E2") == offer_of("L2", "E2")[0]
        with pytest.raises(NotFoundError):
            leads.leads.get_offer("L9:E1")

    def test_reminder_once_then_expiry(self, leads: LeadStorage) -> None:
        self.seed(leads, 2, 1)
        leads.leads.offer("L1", [offer_of("L1", "E1"), offer_of("L1", "E2", 2)], T0)
        before = leads.leads.process_due(REMIND - dt.timedelta(microseconds=1), reminder)
        assert (before.reminded, before.expired) == ((), ())
        first = leads.leads.process_due(REMIND, reminder)
        assert first.reminded == ("L1:E1", "L1:E2")
        assert leads.leads.process_due(REMIND + dt.timedelta(hours=1), reminder).reminded == ()
        assert self.reminders(leads) == ["lead-reminder:L1:E1", "lead-reminder:L1:E2"]
        assert leads.leads.get_offer("L1:E1").reminder_sent is True
        assert leads.leads.process_due(EXPIRES - dt.timedelta(microseconds=1), reminder).expired == ()
        done = leads.leads.process_due(EXPIRES, reminder)
        assert done.expired == ("L1:E1", "L1:E2")
        assert leads.leads.get_offer("L1:E1").status == "expired"
        assert leads.leads.process_due(EXPIRES, reminder).expired == ()

    def test_no_reminder_once_the_deadline_passed(self, leads: LeadStorage) -> None:
        self.seed(leads, 1, 1)
        leads.leads.offer("L1", [offer_of("L1", "E1")], T0)
        report = leads.leads.process_due(EXPIRES + dt.timedelta(days=3), reminder)
        assert (report.reminded, report.expired) == ((), ("L1:E1",))
        assert self.reminders(leads) == []

    def test_no_reminder_after_a_quote(self, leads: LeadStorage) -> None:
        self.seed(leads, 1, 1)
        leads.leads.offer("L1", [offer_of("L1", "E1")], T0)
        q = Quote("L1:E1", "L1", "E1", Money("450"), "Gesprek", T0)
        leads.leads.submit_quote(q, quote_notice, T0)
        assert leads.leads.process_due(REMIND, reminder).reminded == ()
        assert leads.leads.process_due(EXPIRES, reminder).expired == ()

    def test_process_due_respects_limit(self, leads: LeadStorage) -> None:
        self.seed(leads, 1, 5)
        for j in range(1, 6):
            leads.leads.offer(f"L{j}", [offer_of(f"L{j}", "E1")], T0)
        assert len(leads.leads.process_due(REMIND, reminder, limit=2).reminded) == 2
        assert len(leads.leads.process_due(REMIND, reminder, limit=10).reminded) == 3

    def test_quote_before_and_after_deadline(self, leads: LeadStorage) -> None:
        self.seed(leads, 2, 1)
        leads.leads.offer("L1", [offer_of("L1", "E1"), offer_of("L1", "E2", 2)], T0)
        last = EXPIRES - dt.timedelta(microseconds=1)
        q = Quote("L1:E1", "L1", "E1", Money("450.00"), "Een gesprek van een uur", last)
        assert leads.leads.submit_quote(q, quote_notice, last) == q
        assert leads.outbox.get("lead-quote:L1:E1").message.to == ("w1@example.nl",)
        with pytest.raises(ConflictError):
            leads.leads.submit_quote(q, quote_notice, last)
        late = Quote("L1:E2", "L1", "E2", Money("400"), "Te laat", EXPIRES)
        with pytest.raises(DeadlinePassedError):
            leads.leads.submit_quote(late, quote_notice, EXPIRES)
        assert [x.offer_id for x in leads.leads.quotes("L1")] == ["L1:E1"]
        assert leads.leads.quotes("L1")[0].amount == Money("450")

    def test_accept_gives_owner_contact_and_closes_others(self, leads: LeadStorage) -> None:
        self.seed(leads, 3, 1)
        leads.leads.offer("L1", [offer_of("L1", f"E{i}", i) for i in (1, 2, 3)], T0)
        for i in (1, 2):
            leads.leads.submit_quote(Quote(f"L1:E{i}", "L1", f"E{i}", Money(400 + i), "q", T0),
                                     quote_notice, T0)
        with pytest.raises(ConflictError):
            leads.leads.contact_for("L1", "E2")
        with pytest.raises(ConflictError):  # only a quoted offer can be accepted
            leads.leads.accept("L1:E3", Money("75"), contact_notice, T0)
        acc = leads.leads.accept("L1:E2", Money("50.00"), contact_notice, T0)
        assert (acc.lead_id, acc.expert_id, acc.fee) == ("L1", "E2", Money("50"))
        assert leads.leads.acceptance("L1") == acc
        assert leads.leads.get("L1").owner_expert_id == "E2"
        assert [o.status for o in leads.leads.offers(lead_id="L1")] == ["closed", "accepted", "closed"]
        assert leads.leads.contact_for("L1", "E2") == contact(1)
        with pytest.raises(ConflictError):
            leads.leads.contact_for("L1", "E1")
        mail = leads.outbox.get("lead-accepted:L1").message
        assert mail.to == ("e2@example.nl",) and "w1@example.nl" in mail.body
        with pytest.raises(ConflictError):
            leads.leads.accept("L1:E1", Money("75"), contact_notice, T0)
        assert [s.open_leads for s in leads.experts.states()] == [0, 0, 0]

    def test_erase_contact_on_request_keeps_the_lead(self, leads: LeadStorage) -> None:
        """WS-LEAD-12: erased once; open offers close first (a later quote is a conflict,
        not a missing contact); the lead, its offers and counts stay; one confirmation."""
        self.seed(leads, 2, 1)
        leads.leads.offer("L1", [offer_of("L1", "E1"), offer_of("L1", "E2", 2)], T0)
        leads.leads.submit_quote(Quote("L1:E2", "L1", "E2", Money("300"), "q", T0), quote_notice, T0)
        when = T0 + dt.timedelta(hours=2)
        assert leads.leads.erase_contact("L1", when, NOTICES) is True
        assert leads.leads.erase_contact("L1", when, NOTICES) is False
        assert leads.leads.get("L1").status == "closed"
        assert [o.status for o in leads.leads.offers(lead_id="L1")] == ["closed", "closed"]
        assert self.queued(leads, "lead-offer-closed:") == ["lead-offer-closed:L1:E1", "lead-offer-closed:L1:E2"]
        assert self.queued(leads, "lead-erased:") == ["lead-erased:L1"]
        assert leads.outbox.get("lead-erased:L1").message.to == ("w1@example.nl",)
        with pytest.raises(ConflictError):  # the offer is closed; nothing looks for the contact
            leads.leads.submit_quote(Quote("L1:E1", "L1", "E1", Money("200"), "q", when), quote_notice, when)
        assert [s.leads_received for s in leads.experts.states()] == [1, 1]
        assert self.kinds(leads, "L1")[-4:] == [("E1", "offer_closed"), ("E2", "offer_closed"),
                                                (None, "lead_closed"), (None, "contact_erased")]
        with pytest.raises(NotFoundError):
            leads.leads.erase_contact("L9", when)

    def test_erase_contact_of_an_accepted_lead(self, leads: LeadStorage) -> None:
        self.seed(leads, 1, 1)
        leads.leads.offer("L1", [offer_of("L1", "E1")], T0)
        leads.leads.submit_quote(Quote("L1:E1", "L1", "E1", Money("300"), "q", T0), quote_notice, T0)
        leads.leads.accept("L1:E1", Money("75"), contact_notice, T0, notices=NOTICES)
        assert leads.leads.erase_contact("L1", T0, NOTICES) is True
        assert leads.leads.get("L1").status == "accepted"
        assert leads.leads.get_offer("L1:E1").status == "accepted"
        with pytest.raises(NotFoundError):
            leads.leads.contact_for("L1", "E1")

    def test_decline_closes_the_lead_and_tells_the_worker_once(self, leads: LeadStorage) -> None:
        """WS-LEAD-11: nobody is approached in place of a decline; the last one closes the lead."""
        self.seed(leads, 2, 1)
        leads.leads.offer("L1", [offer_of("L1", "E1"), offer_of("L1", "E2", 2)], T0)
        t1 = T0 + dt.timedelta(hours=1)
        assert leads.leads.decline("L1:E1", t1, NOTICES).status == "declined"
        assert leads.leads.get("L1").status == "offered" and self.queued(leads, "lead-closed:") == []
        with pytest.raises(ConflictError):
            leads.leads.decline("L1:E1", t1, NOTICES)
        with pytest.raises(NotFoundError):
            leads.leads.decline("L1:E9", t1, NOTICES)
        leads.leads.decline("L1:E2", t1, NOTICES)
        assert leads.leads.get("L1").status == "closed"
        assert self.queued(leads, "lead-closed:") == ["lead-closed:L1"]
        assert leads.outbox.get("lead-closed:L1").message.to == ("w1@example.nl",)
        assert leads.leads.process_due(EXPIRES, reminder, notices=NOTICES).closed == ()
        with pytest.raises(ConflictError):  # a closed lead is not offered again
            leads.leads.offer("L1", [offer_of("L1", "E1")], T0)
        assert self.kinds(leads, "L1") == [(None, "submitted"), ("E1", "offered"), ("E2", "offered"),
                                           ("E1", "declined"), ("E2", "declined"), (None, "lead_closed")]

    def test_expiry_tells_the_expert_and_closes_the_lead(self, leads: LeadStorage) -> None:
        """WS-LEAD-5, -11: an offered lead whose offers all expired closes, once."""
        self.seed(leads, 2, 1)
        leads.leads.offer("L1", [offer_of("L1", "E1"), offer_of("L1", "E2", 2)], T0)
        leads.leads.decline("L1:E2", T0, NOTICES)
        report = leads.leads.process_due(EXPIRES, reminder, notices=NOTICES)
        assert (report.expired, report.closed) == (("L1:E1",), ("L1",))
        assert self.queued(leads, "lead-offer-expired:") == ["lead-offer-expired:L1:E1"]
        assert self.queued(leads, "lead-closed:") == ["lead-closed:L1"]
        again = leads.leads.process_due(EXPIRES + dt.timedelta(days=1), reminder, notices=NOTICES)
        assert (again.expired, again.closed) == ((), ())
        assert leads.leads.get("L1").status == "closed"

    def test_a_quote_keeps_the_lead_open_until_the_time_to_accept_ends(self, leads: LeadStorage) -> None:
        self.seed(leads, 2, 1)
        leads.leads.offer("L1", [offer_of("L1", "E1"), offer_of("L1", "E2", 2)], T0)
        leads.leads.submit_quote(Quote("L1:E1", "L1", "E1", Money("300"), "q", T0), quote_notice, T0)
        leads.leads.decline("L1:E2", T0, NOTICES)
        assert leads.leads.get("L1").status == "offered"
        assert leads.leads.process_due(EXPIRES, reminder, notices=NOTICES, accept_within_days=30).closed == ()
        late = T0 + dt.timedelta(days=32)
        assert leads.leads.process_due(late, reminder, notices=NOTICES, accept_within_days=30).closed == ("L1",)
        assert leads.leads.get_offer("L1:E1").status == "closed"
        assert self.queued(leads, "lead-offer-closed:") == ["lead-offer-closed:L1:E1"]
        assert self.queued(leads, "lead-closed:") == []  # quotes came: the worker is not told "none"

    def test_leads_waiting_for_the_worker_do_not_crowd_out_those_that_close(self, leads: LeadStorage) -> None:
        """WS-LEAD-11: with a small limit, quoted leads still open for acceptance are not
        read, so the leads whose offers all expired still close in one run."""
        self.seed(leads, 1, 4, cap=100)
        for j in (1, 2, 3, 4):
            leads.leads.offer(f"L{j}", [offer_of(f"L{j}", "E1")], T0)
        for j in (1, 2):  # quoted: waiting for the worker
            leads.leads.submit_quote(Quote(f"L{j}:E1", f"L{j}", "E1", Money("100"), "q", T0), quote_notice, T0)
        report = leads.leads.process_due(EXPIRES, reminder, notices=NOTICES, accept_within_days=30, limit=2)
        assert report.closed == ("L3", "L4")

    def test_worker_declines_the_quotes(self, leads: LeadStorage) -> None:
        """WS-LEAD-12: the lead closes, every open or quoted offer closes and is told, once."""
        self.seed(leads, 3, 1)
        leads.leads.offer("L1", [offer_of("L1", f"E{i}", i) for i in (1, 2, 3)], T0)
        leads.leads.submit_quote(Quote("L1:E1", "L1", "E1", Money("300"), "q", T0), quote_notice, T0)
        leads.leads.decline("L1:E3", T0, NOTICES)
        assert leads.leads.decline_quotes("L1", T0, NOTICES) == ["L1:E1", "L1:E2"]
        assert [o.status for o in leads.leads.offers(lead_id="L1")] == ["closed", "closed", "declined"]
        with pytest.raises(ConflictError):
            leads.leads.decline_quotes("L1", T0, NOTICES)
        with pytest.raises(ConflictError):
            leads.leads.accept("L1:E1", Money("75"), contact_notice, T0)
        assert self.queued(leads, "lead-offer-closed:") == ["lead-offer-closed:L1:E1", "lead-offer-closed:L1:E2"]
        assert self.queued(leads, "lead-closed:") == []
        leads.leads.add(lead(2), contact(2))
        with pytest.raises(ConflictError):  # never offered: nothing to decline
            leads.leads.decline_quotes("L2", T0, NOTICES)
        with pytest.raises(NotFoundError):
            leads.leads.decline_quotes("L9", T0, NOTICES)

    def test_accept_tells_the_other_experts(self, leads: LeadStorage) -> None:
        self.seed(leads, 3, 1)
        leads.leads.offer("L1", [offer_of("L1", f"E{i}", i) for i in (1, 2, 3)], T0)
        for i in (1, 2):
            leads.leads.submit_quote(Quote(f"L1:E{i}", "L1", f"E{i}", Money(300), "q", T0), quote_notice, T0)
        leads.leads.accept("L1:E2", Money("75"), contact_notice, T0, notices=NOTICES)
        assert self.queued(leads, "lead-offer-closed:") == ["lead-offer-closed:L1:E1", "lead-offer-closed:L1:E3"]
        assert ("E2", "accepted") in self.kinds(leads, "L1")

    def test_events_per_lead_and_expert_hold_no_personal_data(self, leads: LeadStorage) -> None:
        """WS-LEAD-12: every step is an event; per expert only their own."""
        self.seed(leads, 2, 2)
        leads.leads.offer("L1", [offer_of("L1", "E1"), offer_of("L1", "E2", 2)], T0)
        leads.leads.offer("L2", [offer_of("L2", "E2")], T0)
        leads.leads.submit_quote(Quote("L1:E1", "L1", "E1", Money("300"), "q", T0), quote_notice, T0)
        leads.leads.process_due(REMIND, reminder, notices=NOTICES)
        events = leads.leads.events(expert_id="E2")
        assert [(e.lead_id, e.kind) for e in events] == [("L1", "offered"), ("L2", "offered"),
                                                         ("L1", "reminded"), ("L2", "reminded")]
        assert [e.at for e in events] == [T0, T0, REMIND, REMIND]
        assert self.kinds(leads, "L1") == [(None, "submitted"), ("E1", "offered"), ("E2", "offered"),
                                           ("E1", "quoted"), ("E2", "reminded")]
        text = repr(leads.leads.events())
        assert "w1@example.nl" not in text and "Worker 1" not in text and "3511" not in text
        assert leads.leads.events(lead_id="L9") == []

    def test_concurrent_declines_and_ticks_close_the_lead_once(self, leads: LeadStorage) -> None:
        """WS-LEAD-11: the worker is told once, whoever closes the lead."""
        self.seed(leads, 3, 1)
        leads.leads.offer("L1", [offer_of("L1", f"E{i}", i) for i in (1, 2, 3)], T0)
        calls: list[tuple[Any, ...]] = [("L1:E1",), ("L1:E2",), ("L1:E3",)]
        results = concurrently(leads, _decline, calls)
        assert results == ["ok", "ok", "ok"], results
        ticks = concurrently(leads, _process_due_closing, [(T0 + dt.timedelta(hours=2),)] * 2)
        assert ticks == [[], []], ticks
        assert leads.leads.get("L1").status == "closed"
        assert self.queued(leads, "lead-closed:") == ["lead-closed:L1"]
        assert [k for k in self.kinds(leads, "L1") if k[1] == "lead_closed"] == [(None, "lead_closed")]

    def test_concurrent_erasure_confirms_once(self, leads: LeadStorage) -> None:
        self.seed(leads, 1, 1)
        leads.leads.offer("L1", [offer_of("L1", "E1")], T0)
        results = concurrently(leads, _erase, [("L1",)] * 3)
        assert sorted(results) == [False, False, True], results
        assert self.queued(leads, "lead-erased:") == ["lead-erased:L1"]
        assert self.queued(leads, "lead-offer-closed:") == ["lead-offer-closed:L1:E1"]

    def test_crash_while_expiring_loses_and_repeats_nothing(self, leads: LeadStorage) -> None:
        self.seed(leads, 2, 3, cap=100)
        for j in (1, 2, 3):
            leads.leads.offer(f"L{j}", [offer_of(f"L{j}", f"E{i}", i) for i in (1, 2)], T0)
        crashing = LeadNotices(offer_closed, _ExpiryCrash(3), lead_closed, contact_erased)
        with pytest.raises(RuntimeError, match="crashed"):
            leads.leads.process_due(EXPIRES, reminder, notices=crashing)
        partial = self.queued(leads, "lead-offer-expired:")
        assert sorted(f"lead-offer-expired:{o.id}" for o in leads.leads.offers() if o.status == "expired") == partial
        report = leads.leads.process_due(EXPIRES, reminder, notices=NOTICES)
        assert len(report.expired) == 6 - len(partial) and report.closed == ("L1", "L2", "L3")
        assert len(self.queued(leads, "lead-offer-expired:")) == 6
        assert self.queued(leads, "lead-closed:") == ["lead-closed:L1", "lead-closed:L2", "lead-closed:L3"]
        assert [e.kind for e in leads.leads.events() if e.kind == "expired"] == ["expired"] * 6

    def test_erase_due_only_after_the_lead_closed(self, leads: LeadStorage) -> None:
        """WS-LEAD-12: open, quoted-and-acceptable and accepted leads keep their contact data;
        a closed one loses it after the period, once."""
        self.seed(leads, 2, 3)
        for lid in ("L1", "L2", "L3"):
            leads.leads.offer(lid, [offer_of(lid, "E1")], T0)
        leads.leads.submit_quote(Quote("L2:E1", "L2", "E1", Money("100"), "q", T0), quote_notice, T0)
        later = EXPIRES + dt.timedelta(days=1)
        leads.leads.process_due(later, reminder)
        assert leads.leads.erase_due(later, after_days=10, accept_within_days=30) == []
        far = EXPIRES + dt.timedelta(days=11)
        assert leads.leads.erase_due(far, after_days=10, accept_within_days=30) == ["L1", "L3"]  # L2 can still be accepted
        assert leads.leads.erase_due(far, after_days=10, accept_within_days=30) == []
        assert leads.leads.erase_due(T0 + dt.timedelta(days=60), after_days=10, accept_within_days=30) == ["L2"]
        assert [e.lead_id for e in leads.leads.events() if e.kind == "contact_erased"] == ["L1", "L3", "L2"]

    def test_erase_due_counts_from_when_the_worker_declined(self, leads: LeadStorage) -> None:
        """WS-LEAD-12: a lead closed by the worker's decline closed then, not at its offers' expiry."""
        self.seed(leads, 1, 1)
        leads.leads.offer("L1", [offer_of("L1", "E1")], T0)
        leads.leads.submit_quote(Quote("L1:E1", "L1", "E1", Money("100"), "q", T0), quote_notice, T0)
        leads.leads.decline_quotes("L1", T0, NOTICES)  # Tuesday 22 December
        day_10 = dt.datetime(2027, 1, 1, 10, tzinfo=dt.UTC)  # 22 December + 10 days
        assert leads.leads.erase_due(day_10 - dt.timedelta(days=1), after_days=10, accept_within_days=30) == []
        assert leads.leads.erase_due(day_10, after_days=10, accept_within_days=30) == ["L1"]
        assert leads.leads.erase_due(day_10, after_days=10, accept_within_days=30) == []

    def test_erase_due_covers_leads_that_never_found_an_expert(self, leads: LeadStorage) -> None:
        """WS-LEAD-12 (decision, not official): a lead still ``new`` keeps its contact data
        ``after_days`` Dutch days from its submission; then it closes and loses it, once,
        without a mail; its events stay and it is never offered afterwards."""
        self.seed(leads, 1, 2)  # L1, L2 submitted Tuesday 22 December 2026, 11:00 Dutch time
        leads.leads.offer("L2", [offer_of("L2", "E1")], T0)  # L2 found an expert: open, not erased
        before = self.queued(leads, "")
        day_10 = dt.datetime(2026, 12, 31, 23, 0, tzinfo=dt.UTC)  # 1 January 2027 00:00 Dutch time
        assert leads.leads.erase_due(day_10 - dt.timedelta(microseconds=1), after_days=10,
                                     accept_within_days=30) == []
        assert leads.leads.get("L1").status == "new"
        assert leads.leads.erase_due(day_10, after_days=10, accept_within_days=30) == ["L1"]
        assert leads.leads.erase_due(day_10, after_days=10, accept_within_days=30) == []
        assert leads.leads.get("L1").status == "closed" and leads.leads.get("L2").status == "offered"
        assert self.kinds(leads, "L1") == [(None, "submitted"), (None, "lead_closed"), (None, "contact_erased")]
        assert [e.at for e in leads.leads.events(lead_id="L1")][1:] == [day_10, day_10]
        assert self.queued(leads, "") == before  # automatic erasure sends nothing
        assert leads.leads.erase_contact("L1", day_10, NOTICES) is False  # nothing left to erase
        with pytest.raises(ConflictError):  # a closed lead is never offered without its contact data
            leads.leads.offer("L1", [offer_of("L1", "E1")], day_10)
        assert leads.leads.erase_contact("L2", day_10, NOTICES) is True  # L2 still had its contact

    def test_concurrent_erase_due_closes_a_new_lead_once(self, leads: LeadStorage) -> None:
        self.seed(leads, 0, 2)
        far = T0 + dt.timedelta(days=100)
        results = concurrently(leads, _erase_due, [(far,)] * 3)
        assert sorted(map(tuple, results)) == [(), (), ("L1", "L2")], results
        for lid in ("L1", "L2"):
            assert [k for k in self.kinds(leads, lid) if k[1] != "submitted"] == [
                (None, "lead_closed"), (None, "contact_erased")]

    def test_last_quote_limits_acceptance(self, leads: LeadStorage) -> None:
        """WS-LEAD-12: accepting after the time to accept is refused, nothing changes."""
        self.seed(leads, 1, 1)
        leads.leads.offer("L1", [offer_of("L1", "E1")], T0)
        leads.leads.submit_quote(Quote("L1:E1", "L1", "E1", Money("100"), "q", T0), quote_notice, T0)
        with pytest.raises(DeadlinePassedError):
            leads.leads.accept("L1:E1", Money("50"), contact_notice, T0 + dt.timedelta(days=40),
                               accept_within_days=30)
        assert leads.leads.acceptance("L1") is None
        assert leads.leads.accept("L1:E1", Money("50"), contact_notice, T0 + dt.timedelta(days=20),
                                  accept_within_days=30).expert_id == "E1"

    def test_concurrent_process_due_sends_each_reminder_once(self, leads: LeadStorage) -> None:
        self.seed(leads, 3, 15, cap=100)
        for j in range(1, 16):
            leads.leads.offer(f"L{j}", [offer_of(f"L{j}", f"E{i}", i) for i in range(1, 4)], T0)
        results = concurrently(leads, _process_due, [(REMIND,)] * 4)
        assert not [r for r in results if isinstance(r, BaseException)], results
        sent = [oid for r in results for oid in r]
        assert len(sent) == len(set(sent)) == 45
        assert len(self.reminders(leads)) == 45
        assert all(o.reminder_sent for o in leads.leads.offers())

    def test_crash_mid_run_loses_and_repeats_nothing(self, leads: LeadStorage) -> None:
        self.seed(leads, 2, 6, cap=100)
        for j in range(1, 7):
            leads.leads.offer(f"L{j}", [offer_of(f"L{j}", f"E{i}", i) for i in (1, 2)], T0)
        with pytest.raises(RuntimeError, match="crashed"):
            leads.leads.process_due(REMIND, _CrashAfter(5))
        partial = self.reminders(leads)
        # whatever the backend kept of the crashed run is consistent: sent <=> queued
        assert sorted(f"lead-reminder:{o.id}" for o in leads.leads.offers() if o.reminder_sent) == partial
        again = leads.leads.process_due(REMIND, reminder)
        assert len(again.reminded) == 12 - len(partial)
        assert len(self.reminders(leads)) == 12
        results = concurrently(leads, _process_due, [(REMIND,)] * 2)
        assert [r for r in results] == [[], []]

    def test_concurrent_offers_never_exceed_the_cap(self, leads: LeadStorage) -> None:
        leads.experts.add(expert(1, cap=3), T0)
        for j in range(1, 9):
            leads.leads.add(lead(j), contact(j))
        results = concurrently(leads, _offer_one, [(f"L{j}", "E1") for j in range(1, 9)])
        assert not [r for r in results if isinstance(r, BaseException)], results
        assert sum(results) == 3
        (state,) = leads.experts.states()
        assert (state.leads_received, state.open_leads) == (3, 3)


    def test_never_more_than_max_offers_per_lead(self, leads: LeadStorage) -> None:
        self.seed(leads, 5, 1)
        made = leads.leads.offer("L1", [offer_of("L1", f"E{i}", i) for i in range(1, 6)], T0)
        assert [o.expert_id for o in made] == ["E1", "E2", "E3"]
        assert leads.leads.offer("L1", [offer_of("L1", "E4")], T0) == []
        assert [s.leads_received for s in leads.experts.states()] == [1, 1, 1, 0, 0]

    def test_concurrent_offers_of_one_lead_stay_within_three(self, leads: LeadStorage) -> None:
        self.seed(leads, 8, 1)
        pairs = [("L1", f"E{2 * k + 1}", f"E{2 * k + 2}") for k in range(4)]
        results = concurrently(leads, _offer_pair, pairs)
        assert not [r for r in results if isinstance(r, BaseException)], results
        assert sum(results) == 3
        assert len(leads.leads.offers(lead_id="L1")) == 3
        assert sum(s.leads_received for s in leads.experts.states()) == 3


class ConsentRepositorySuite(_LeadSuiteBase):
    """Consent links: issued with their message, redeemed once, expired refused."""

    def accepted(self, s: LeadStorage) -> None:
        self.seed(s, 1, 1)
        s.leads.offer("L1", [offer_of("L1", "E1")], T0)
        s.leads.submit_quote(Quote("L1:E1", "L1", "E1", Money("450"), "q", T0), quote_notice, T0)
        s.leads.accept("L1:E1", Money("75"), contact_notice, T0)

    def record(self, cid: str = "tok1", expert_id: str = "E1") -> ConsentRecord:
        return ConsentRecord(cid, "L1", expert_id, "w1@example.nl", T0, T0 + dt.timedelta(days=14))

    def message(self, cid: str = "tok1") -> Message:
        return Message(f"lead-consent:{cid}", ("w1@example.nl",), "consent", "link")

    def test_redeem_once_then_in_overview(self, leads: LeadStorage) -> None:
        self.accepted(leads)
        leads.consents.issue(self.record(), self.message(), T0)
        assert leads.outbox.get("lead-consent:tok1").status == "queued"
        assert leads.consents.clients("E1") == []
        when = T0 + dt.timedelta(days=2)
        used = leads.consents.redeem("tok1", when)
        assert used.used_at == when
        assert leads.consents.get("tok1") == used
        with pytest.raises(ConsentLinkUsedError):
            leads.consents.redeem("tok1", when)
        assert [c.lead_id for c in leads.consents.clients("E1")] == ["L1"]

    def test_expired_unknown_and_not_owner(self, leads: LeadStorage) -> None:
        self.accepted(leads)
        leads.consents.issue(self.record(), self.message(), T0)
        with pytest.raises(ConsentLinkExpiredError):
            leads.consents.redeem("tok1", T0 + dt.timedelta(days=14))
        assert leads.consents.clients("E1") == []
        with pytest.raises(NotFoundError):
            leads.consents.redeem("nope", T0)
        with pytest.raises(ConflictError):  # only the owner may ask for consent
            leads.consents.issue(self.record("tok2", "E2"), self.message("tok2"), T0)
        with pytest.raises(ConflictError):
            leads.consents.issue(self.record(), self.message(), T0)

    def test_concurrent_redeem_wins_once(self, leads: LeadStorage) -> None:
        self.accepted(leads)
        leads.consents.issue(self.record(), self.message(), T0)
        results: list[Any] = concurrently(leads, _redeem, [("tok1",)] * 4)
        assert sorted(results) == ["ok", "used", "used", "used"]
