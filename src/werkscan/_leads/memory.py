"""In-memory lead repositories: the reference implementation of the lead suites.

Every operation holds the storage's one lock, and a message caused by a change is queued
with :meth:`MemoryOutbox.enqueue_locked` inside the same critical section.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence

import attrs

from blikopwerk._backends.memory import MemoryOutbox
from blikopwerk._errors import ConflictError, InvalidValueError, NotFoundError
from blikopwerk._money import Money
from blikopwerk._protocols import Message
from werkscan._leads.records import (
    OPEN_STATUSES,
    Absence,
    Acceptance,
    ConsentLinkExpiredError,
    ConsentLinkUsedError,
    ConsentRecord,
    ContactNotice,
    DeadlinePassedError,
    DueReport,
    Expert,
    ExpertState,
    Lead,
    Offer,
    Quote,
    QuoteNotice,
    ReminderFactory,
    WorkerContact,
    aware,
)

__all__ = ["MemoryConsentRepository", "MemoryExpertRepository", "MemoryLeadRepository"]


class _Shared:
    """State shared by the three repositories (one lock, like one database)."""

    def __init__(self, lock: threading.RLock, outbox: MemoryOutbox) -> None:
        self.lock = lock
        self.outbox = outbox
        self.experts: dict[str, Expert] = {}
        self.absences: dict[str, list[Absence]] = {}
        self.received: dict[str, int] = {}
        self.leads: dict[str, Lead] = {}
        self.contacts: dict[str, WorkerContact] = {}
        self.offers: dict[str, Offer] = {}
        self.quotes: dict[str, Quote] = {}
        self.acceptances: dict[str, Acceptance] = {}
        self.consents: dict[str, ConsentRecord] = {}


def shared_state(lock: threading.RLock, outbox: MemoryOutbox) -> _Shared:
    """The state object the three memory repositories share."""
    return _Shared(lock, outbox)


class MemoryExpertRepository:
    """Experts in dicts."""

    def __init__(self, state: _Shared) -> None:
        self._s = state

    def add(self, expert: Expert, now: dt.datetime) -> None:
        aware(now, "now")
        with self._s.lock:
            if expert.id in self._s.experts:
                raise ConflictError(f"expert {expert.id!r} already exists")
            self._s.experts[expert.id] = expert
            self._s.received[expert.id] = 0
            self._s.absences[expert.id] = []

    def get(self, expert_id: str) -> Expert:
        with self._s.lock:
            try:
                return self._s.experts[expert_id]
            except KeyError:
                raise NotFoundError("expert", expert_id) from None

    def update(self, expert: Expert) -> None:
        with self._s.lock:
            self.get(expert.id)
            self._s.experts[expert.id] = expert

    def add_absence(self, expert_id: str, absence: Absence) -> None:
        with self._s.lock:
            self.get(expert_id)
            if absence not in self._s.absences[expert_id]:
                self._s.absences[expert_id].append(absence)

    def states(self) -> list[ExpertState]:
        with self._s.lock:
            open_count: dict[str, int] = {}
            for offer in self._s.offers.values():
                if offer.status in OPEN_STATUSES:
                    open_count[offer.expert_id] = open_count.get(offer.expert_id, 0) + 1
            return [
                ExpertState(
                    self._s.experts[eid],
                    tuple(sorted(self._s.absences[eid], key=lambda a: (a.start, a.end))),
                    self._s.received[eid],
                    open_count.get(eid, 0),
                )
                for eid in sorted(self._s.experts)
            ]


class MemoryLeadRepository:
    """Leads, offers, quotes and acceptances in dicts."""

    def __init__(self, state: _Shared) -> None:
        self._s = state

    def add(self, lead: Lead, contact: WorkerContact) -> None:
        with self._s.lock:
            if lead.id in self._s.leads:
                raise ConflictError(f"lead {lead.id!r} already exists")
            self._s.leads[lead.id] = attrs.evolve(lead, status="new", owner_expert_id=None)
            self._s.contacts[lead.id] = contact

    def get(self, lead_id: str) -> Lead:
        with self._s.lock:
            try:
                return self._s.leads[lead_id]
            except KeyError:
                raise NotFoundError("lead", lead_id) from None

    def offer(self, lead_id: str, offers: Sequence[tuple[Offer, Message]],
              now: dt.datetime, *, max_offers: int = 3) -> list[Offer]:
        aware(now, "now")
        with self._s.lock:
            lead = self.get(lead_id)
            if lead.status == "accepted":
                raise ConflictError(f"lead {lead_id!r} was accepted; it cannot be offered again")
            room = max_offers - sum(1 for o in self._s.offers.values() if o.lead_id == lead_id)
            made: list[Offer] = []
            for offer, message in offers:
                if len(made) >= room:
                    break
                if offer.lead_id != lead_id:
                    raise InvalidValueError("offer.lead_id", offer.lead_id, f"expected {lead_id!r}")
                expert = self._s.experts.get(offer.expert_id)
                if expert is None:
                    raise NotFoundError("expert", offer.expert_id)
                if offer.id in self._s.offers or self._s.received[expert.id] >= expert.lead_cap:
                    continue
                self._s.received[expert.id] += 1
                self._s.offers[offer.id] = offer
                self._s.outbox.enqueue_locked(message, now)
                made.append(offer)
            if made:
                self._s.leads[lead_id] = attrs.evolve(lead, status="offered")
            return made

    def offers(self, *, lead_id: str | None = None, expert_id: str | None = None,
               status: str | None = None) -> list[Offer]:
        with self._s.lock:
            found = [o for o in self._s.offers.values()
                     if (lead_id is None or o.lead_id == lead_id)
                     and (expert_id is None or o.expert_id == expert_id)
                     and (status is None or o.status == status)]
        return sorted(found, key=lambda o: (o.lead_id, o.rank, o.id))

    def get_offer(self, offer_id: str) -> Offer:
        with self._s.lock:
            try:
                return self._s.offers[offer_id]
            except KeyError:
                raise NotFoundError("offer", offer_id) from None

    def process_due(self, now: dt.datetime, reminder: ReminderFactory, *,
                    limit: int = 500) -> DueReport:
        aware(now, "now")
        expired: list[str] = []
        reminded: list[str] = []
        with self._s.lock:
            due = sorted(self._s.offers.values(), key=lambda o: (o.expires_at, o.id))
            for offer in due:
                if offer.status == "offered" and offer.expires_at <= now:
                    self._s.offers[offer.id] = attrs.evolve(offer, status="expired")
                    expired.append(offer.id)
            todo = sorted((o for o in self._s.offers.values()
                           if o.status == "offered" and not o.reminder_sent and o.reminder_at <= now),
                          key=lambda o: (o.reminder_at, o.id))[:limit]
            for offer in todo:
                message = reminder(offer, self._s.experts[offer.expert_id])
                self._s.offers[offer.id] = attrs.evolve(offer, reminder_sent=True)
                self._s.outbox.enqueue_locked(message, now)
                reminded.append(offer.id)
        return DueReport(tuple(reminded), tuple(expired))

    def submit_quote(self, quote: Quote, notice: QuoteNotice, now: dt.datetime) -> Quote:
        aware(now, "now")
        with self._s.lock:
            offer = self.get_offer(quote.offer_id)
            if (quote.lead_id, quote.expert_id) != (offer.lead_id, offer.expert_id):
                raise InvalidValueError("quote.offer_id", quote.offer_id,
                                        "lead and expert do not match the offer")
            if now >= offer.expires_at:
                raise DeadlinePassedError(offer.id, offer.expires_at)
            if offer.status != "offered":
                raise ConflictError(f"offer {offer.id!r} is {offer.status}; it takes no quote")
            message = notice(quote, self._s.contacts[offer.lead_id])
            self._s.offers[offer.id] = attrs.evolve(offer, status="quoted")
            self._s.quotes[offer.id] = quote
            self._s.outbox.enqueue_locked(message, now)
            return quote

    def quotes(self, lead_id: str) -> list[Quote]:
        with self._s.lock:
            found = [q for q in self._s.quotes.values() if q.lead_id == lead_id]
        return sorted(found, key=lambda q: (q.submitted_at, q.offer_id))

    def accept(self, offer_id: str, fee: Money, notice: ContactNotice,
               now: dt.datetime) -> Acceptance:
        aware(now, "now")
        with self._s.lock:
            offer = self.get_offer(offer_id)
            lead = self.get(offer.lead_id)
            if lead.status == "accepted":
                raise ConflictError(f"lead {lead.id!r} was already accepted")
            if offer.status != "quoted":
                raise ConflictError(f"offer {offer_id!r} is {offer.status}; only a quote can be accepted")
            acceptance = Acceptance(lead.id, offer_id, offer.expert_id, fee, now)
            message = notice(acceptance, self._s.contacts[lead.id], self._s.experts[offer.expert_id])
            for other in list(self._s.offers.values()):
                if other.lead_id == lead.id:
                    status = "accepted" if other.id == offer_id else (
                        "closed" if other.status in OPEN_STATUSES else other.status)
                    self._s.offers[other.id] = attrs.evolve(other, status=status)
            self._s.leads[lead.id] = attrs.evolve(lead, status="accepted",
                                                  owner_expert_id=offer.expert_id)
            self._s.acceptances[lead.id] = acceptance
            self._s.outbox.enqueue_locked(message, now)
            return acceptance

    def acceptance(self, lead_id: str) -> Acceptance | None:
        with self._s.lock:
            self.get(lead_id)
            return self._s.acceptances.get(lead_id)

    def contact_for(self, lead_id: str, expert_id: str) -> WorkerContact:
        with self._s.lock:
            lead = self.get(lead_id)
            if lead.owner_expert_id is None or lead.owner_expert_id != expert_id:
                raise ConflictError(f"expert {expert_id!r} does not own lead {lead_id!r}; "
                                    "contact data is released only after acceptance (WS-LEAD-8)")
            return self._s.contacts[lead_id]


class MemoryConsentRepository:
    """Consent links in a dict."""

    def __init__(self, state: _Shared) -> None:
        self._s = state

    def issue(self, record: ConsentRecord, message: Message, now: dt.datetime) -> None:
        aware(now, "now")
        with self._s.lock:
            lead = self._s.leads.get(record.lead_id)
            if lead is None:
                raise NotFoundError("lead", record.lead_id)
            if lead.owner_expert_id != record.expert_id:
                raise ConflictError(f"expert {record.expert_id!r} does not own lead {record.lead_id!r}")
            if record.id in self._s.consents:
                raise ConflictError(f"consent {record.id!r} already exists")
            self._s.consents[record.id] = attrs.evolve(record, used_at=None)
            self._s.outbox.enqueue_locked(message, now)

    def get(self, token_id: str) -> ConsentRecord:
        with self._s.lock:
            try:
                return self._s.consents[token_id]
            except KeyError:
                raise NotFoundError("consent", token_id) from None

    def redeem(self, token_id: str, now: dt.datetime) -> ConsentRecord:
        aware(now, "now")
        with self._s.lock:
            record = self.get(token_id)
            if record.used_at is not None:
                raise ConsentLinkUsedError(token_id)
            if now >= record.expires_at:
                raise ConsentLinkExpiredError(token_id, record.expires_at)
            record = attrs.evolve(record, used_at=now)
            self._s.consents[token_id] = record
            return record

    def clients(self, expert_id: str) -> list[ConsentRecord]:
        with self._s.lock:
            found = [c for c in self._s.consents.values()
                     if c.expert_id == expert_id and c.used_at is not None]
        return sorted(found, key=lambda c: (c.used_at or c.issued_at, c.id))
