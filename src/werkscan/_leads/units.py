"""Lead rules on a unit of work: each rule written once, storage only loads and stores.

A :class:`LeadUnit` is what one transaction of a storage backend offers the lead rules:
load a lead, an offer, an expert or a contact, store an offer or a quote, claim a slot
under an expert's cap, queue a message. It decides nothing. The rules below
(WS-LEAD-1, -5, -6, -8) run inside one unit, so everything one step changes (the offer,
the cap slot, the message to the expert) commits together or not at all. A storage
backend implements the unit (see :class:`werkscan._leads.sql.SqlLeadUnit`) and passes the
conformance kit (:mod:`werkscan.testing`) without writing a rule; the model is
:mod:`werkscan._licensing.units`.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence
from typing import Protocol

from blikopwerk._errors import ConflictError, InvalidValueError, NotFoundError
from blikopwerk._money import Money
from blikopwerk._protocols import Message
from werkscan._leads.records import (
    OPEN_STATUSES,
    Acceptance,
    AcceptancePeriodOverError,
    ConsentLinkExpiredError,
    ConsentLinkUsedError,
    ConsentRecord,
    ContactNotice,
    DeadlinePassedError,
    Expert,
    ExpertState,
    Lead,
    LeadEvent,
    LeadNotices,
    LeadSubscription,
    Offer,
    OfferChooser,
    Quote,
    QuoteNotice,
    ReminderFactory,
    WorkerContact,
    aware,
)

__all__ = ["LeadUnit", "accept_quote", "accept_until", "add_lead", "close_settled", "decline_offer",
           "decline_quotes", "end_subscription", "erase_contact", "erase_due", "expire_offers",
           "issue_consent", "offer_lead", "redeem_consent", "release_contact", "send_reminders",
           "start_subscription", "take_quote"]


class LeadUnit(Protocol):
    """Loading and storing inside one transaction; no decisions."""

    def lock_lead(self, lead_id: str) -> Lead:
        """The lead, its row locked until the unit ends (concurrent units queue up);
        :class:`~blikopwerk.NotFoundError` if there is none."""
        ...

    def lead(self, lead_id: str) -> Lead:
        """The lead; :class:`~blikopwerk.NotFoundError` if there is none."""
        ...

    def set_lead_status(self, lead_id: str, status: str, *, when: str) -> bool:
        """Give the lead ``status`` if its status is ``when``; whether it changed."""
        ...

    def claim_lead(self, lead_id: str, expert_id: str, *, unless: str) -> bool:
        """Make ``expert_id`` the lead's owner and its status ``unless``, if its status is
        not ``unless`` already; whether this unit did it."""
        ...

    def count_offers(self, lead_id: str) -> int:
        """How many offers the lead has."""
        ...

    def offered_experts(self, lead_id: str) -> list[str]:
        """The experts the lead was offered to (any status)."""
        ...

    def states(self, ids: Sequence[str]) -> list[ExpertState]:
        """The stored experts among ``ids`` with absences, leads received and open leads
        (as :meth:`~werkscan.ExpertRepository.states`), sorted by id; unknown ids left out."""
        ...

    def expert(self, expert_id: str) -> Expert:
        """The expert; :class:`~blikopwerk.NotFoundError` if there is none."""
        ...

    def expert_exists(self, expert_id: str) -> bool:
        """Whether the expert is stored."""
        ...

    def add_offer(self, offer: Offer) -> bool:
        """Store an offer; False (nothing stored) if one with its id exists."""
        ...

    def remove_offer(self, offer_id: str) -> None:
        """Delete an offer stored in this unit."""
        ...

    def claim_slot(self, expert_id: str) -> bool:
        """Count one more lead for the expert if below their cap; whether it was counted."""
        ...

    def claim_slots(self, expert_ids: Sequence[str]) -> set[str]:
        """:meth:`claim_slot` for each of ``expert_ids`` (distinct) in one step; the ids
        counted."""
        ...

    def release_slot(self, expert_id: str) -> None:
        """Give back a slot :meth:`claim_slots` counted in this unit."""
        ...

    def add_offers(self, offers: Sequence[Offer]) -> set[str]:
        """:meth:`add_offer` for each of ``offers`` in one step; the ids stored."""
        ...

    def offer(self, offer_id: str) -> Offer:
        """The offer; :class:`~blikopwerk.NotFoundError` if there is none."""
        ...

    def set_offer_status(self, offer_id: str, status: str, *, when: Sequence[str]) -> bool:
        """Give the offer ``status`` if its status is one of ``when``; whether it changed."""
        ...

    def set_other_offers_status(self, lead_id: str, keep: str, status: str, *,
                                when: Sequence[str]) -> None:
        """Give the lead's other offers (not ``keep``) ``status`` where theirs is in ``when``."""
        ...

    def expire_offers(self, status: str, expired_status: str, now: dt.datetime) -> list[str]:
        """Give offers in ``status`` whose ``expires_at <= now`` ``expired_status``; their ids."""
        ...

    def due_reminders(self, now: dt.datetime, limit: int) -> list[Offer]:
        """Open offers without a reminder whose reminder time has come and whose
        deadline has not passed, oldest reminder time first, at most ``limit``."""
        ...

    def mark_reminded(self, offer_id: str) -> bool:
        """Mark the reminder sent if it was not; whether this unit marked it."""
        ...

    def add_quote(self, quote: Quote) -> None:
        """Store a quote."""
        ...

    def last_quote_at(self, lead_id: str) -> dt.datetime | None:
        """When the lead's last quote came in, if any."""
        ...

    def add_acceptance(self, acceptance: Acceptance) -> None:
        """Store an acceptance."""
        ...

    def contact(self, lead_id: str) -> WorkerContact:
        """The worker's contact data of the lead."""
        ...

    def add_consent(self, record: ConsentRecord) -> bool:
        """Store a consent record; False (nothing stored) if one with its id exists."""
        ...

    def consent(self, token_id: str) -> ConsentRecord:
        """The consent record; :class:`~blikopwerk.NotFoundError` if there is none."""
        ...

    def use_consent(self, token_id: str, now: dt.datetime) -> bool:
        """Mark the consent used at ``now`` if it was not; whether this unit marked it."""
        ...

    def enqueue(self, message: Message, now: dt.datetime) -> bool:
        """Queue a message; False if one with its id is queued already."""
        ...

    def enqueue_all(self, messages: Sequence[Message], now: dt.datetime) -> None:
        """:meth:`enqueue` each of ``messages`` in one step (one with an id queued
        already is skipped)."""
        ...

    def erase_contact(self, lead_id: str) -> bool:
        """Delete the worker's contact data of the lead; whether there was any."""
        ...

    def settled_with_contact(self) -> list[tuple[str, dt.datetime, dt.datetime | None, dt.datetime | None]]:
        """Leads not accepted that still hold contact data, have offers and none of them
        open for a quote: ``(lead id, the latest offer expiry, the last quote or None,
        when the lead closed or None)``."""
        ...

    def unmatched_with_contact(self, submitted_before: dt.datetime) -> list[str]:
        """Ids of leads still ``new`` (never offered) that hold contact data and were
        submitted before ``submitted_before``, sorted."""
        ...

    def add_lead(self, lead: Lead, contact: WorkerContact) -> bool:
        """Store a lead and its contact data apart; False (nothing stored) if the id exists."""
        ...

    def contact_or_none(self, lead_id: str) -> WorkerContact | None:
        """The worker's contact data of the lead, None once erased."""
        ...

    def lead_offers(self, lead_id: str) -> list[Offer]:
        """The lead's offers by rank."""
        ...

    def close_lead(self, lead_id: str, now: dt.datetime, *, when: str) -> bool:
        """Give the lead status ``closed`` and its closing instant if its status is ``when``;
        whether it changed."""
        ...

    def leads_to_settle(self, limit: int, quoted_before: dt.datetime | None) -> list[str]:
        """Ids of offered leads none of whose offers is open for a quote any more and that
        have no quote, or (with ``quoted_before``) whose last quote came at or before it;
        at most ``limit``, sorted."""
        ...

    def add_event(self, event: LeadEvent) -> None:
        """Append an event (WS-LEAD-12)."""
        ...

    def add_events(self, events: Sequence[LeadEvent]) -> None:
        """Append ``events`` in order, in one statement (an offer's events)."""
        ...

    def lock_expert(self, expert_id: str) -> None:
        """Lock the expert's row until the unit ends; :class:`~blikopwerk.NotFoundError`
        if there is none."""
        ...

    def subscriptions(self, expert_id: str) -> list[LeadSubscription]:
        """The expert's subscription periods, oldest first."""
        ...

    def add_subscription(self, expert_id: str, subscription: LeadSubscription) -> bool:
        """Store a subscription period; False if one starts on that day."""
        ...

    def set_subscription_end(self, expert_id: str, start: dt.date, end: dt.date) -> bool:
        """Set the end of the period starting on ``start`` if it has none; whether it changed."""
        ...


def _event(unit: LeadUnit, lead_id: str, expert_id: str | None, kind: str, now: dt.datetime) -> None:
    unit.add_event(LeadEvent(lead_id, expert_id, kind, now))  # type: ignore[arg-type]


def add_lead(unit: LeadUnit, lead: Lead, contact: WorkerContact) -> Lead:
    """Store a new lead with its contact data apart, and its first event (WS-LEAD-1, -12).

    Raises:
        ConflictError: the id is taken.
    """
    if not unit.add_lead(lead, contact):
        raise ConflictError(f"lead {lead.id!r} already exists")
    _event(unit, lead.id, None, "submitted", lead.created_at)
    return lead


def offer_lead(unit: LeadUnit, lead_id: str,
               offers: Sequence[tuple[Offer, Message]] | OfferChooser,
               now: dt.datetime, *, max_offers: int = 3) -> list[Offer]:
    """Store the offers of one lead, each with its message, up to ``max_offers`` in all
    (WS-LEAD-1..4).

    The lead's row is locked first, so concurrent offers of one lead queue up. An expert
    whose cap filled meanwhile does not get the offer; an offer made before is not made
    again. The lead becomes ``offered`` with its first offer.

    ``offers`` is either the offers themselves (the caller offers the next expert when one
    is refused), or an ``OfferChooser``: then the lead must be ``new``, the chooser
    reads what it needs in this same unit, and it is asked again, without the refused
    experts, until ``max_offers`` are made or nobody is left; matching, storing and
    queueing the messages are then one transaction.

    Raises:
        NotFoundError: the lead or an expert does not exist.
        ConflictError: the lead was accepted or is closed (or, with a chooser, offered already).
        InvalidValueError: an offer belongs to another lead.
    """
    aware(now, "now")
    lead = unit.lock_lead(lead_id)
    if lead.status in ("accepted", "closed"):
        raise ConflictError(f"lead {lead_id!r} is {lead.status}; it cannot be offered again")
    made: list[Offer] = []
    if callable(offers):
        if lead.status != "new":
            raise ConflictError(f"lead {lead_id!r} is {lead.status}; it was offered already")
        _offer_chosen(unit, lead, offers, now, max_offers, made)
    else:
        room = max_offers - unit.count_offers(lead_id)
        for offer, message in offers:
            if len(made) >= room:
                break
            if offer.lead_id != lead_id:
                raise InvalidValueError("offer.lead_id", offer.lead_id, f"expected {lead_id!r}")
            if not unit.expert_exists(offer.expert_id):
                raise NotFoundError("expert", offer.expert_id)
            if _store_offer(unit, offer, message, now):
                made.append(offer)
    if made:
        # the 'offered' events in one statement, in the order of the offers (WS-LEAD-12)
        unit.add_events([LeadEvent(lead_id, o.expert_id, "offered", now) for o in made])
        unit.set_lead_status(lead_id, "offered", when="new")
    return made


def _store_offer(unit: LeadUnit, offer: Offer, message: Message, now: dt.datetime) -> bool:
    """Store one offer, claim its cap slot and queue its message; False (nothing kept)
    when it exists already or the expert is at the cap (WS-LEAD-4). The caller appends
    the offer's event."""
    if not unit.add_offer(offer):
        return False
    if not unit.claim_slot(offer.expert_id):  # at the cap: take the offer back
        unit.remove_offer(offer.id)
        return False
    unit.enqueue(message, now)  # its 'offered' event follows with the others (offer_lead)
    return True


def _offer_chosen(unit: LeadUnit, lead: Lead, choose: OfferChooser, now: dt.datetime,
                  max_offers: int, made: list[Offer]) -> None:
    """:func:`offer_lead` with a chooser: ask, store in order, and ask again after a refusal."""
    offered = unit.offered_experts(lead.id)
    taken = set(offered)
    have = len(offered)
    while have < max_offers:
        batch = list(choose(unit, lead, frozenset(taken), max_offers - have, have + 1))[: max_offers - have]
        if not batch:
            return
        seen: set[str] = set()
        for offer, _ in batch:
            if offer.lead_id != lead.id:
                raise InvalidValueError("offer.lead_id", offer.lead_id, f"expected {lead.id!r}")
            if offer.expert_id in taken or offer.expert_id in seen:
                raise InvalidValueError("offer.expert_id", offer.expert_id, "offered or refused already")
            seen.add(offer.expert_id)
        kept = _store_chosen(unit, batch, now)
        made.extend(kept)
        have += len(kept)
        # the kept ones and the first one refused are taken; the rest is chosen again,
        # ranked on from here
        taken.update(offer.expert_id for offer, _ in batch[: len(kept) + 1])


def _store_chosen(unit: LeadUnit, batch: Sequence[tuple[Offer, Message]], now: dt.datetime) -> list[Offer]:
    """Store the chosen offers in order, each with its cap slot (WS-LEAD-4) and its message,
    up to the first one refused (its expert at the cap, or the offer made before); the
    offers kept. What :func:`_store_offer` does one by one, in a few statements: the
    slots claimed together, then the offers, then the messages; a slot or an offer taken
    past the first refusal is given back in the same unit."""
    claimed = unit.claim_slots([offer.expert_id for offer, _ in batch])
    cut = next((i for i, (offer, _) in enumerate(batch) if offer.expert_id not in claimed), len(batch))
    stored = unit.add_offers([offer for offer, _ in batch[:cut]]) if cut else set()
    keep = next((i for i, (offer, _) in enumerate(batch[:cut]) if offer.id not in stored), cut)
    for i, (offer, _) in enumerate(batch[keep:], start=keep):
        if offer.expert_id in claimed:
            unit.release_slot(offer.expert_id)
        if i > keep and offer.id in stored:
            unit.remove_offer(offer.id)
    unit.enqueue_all([message for _, message in batch[:keep]], now)  # their events follow (offer_lead)
    return [offer for offer, _ in batch[:keep]]


def expire_offers(unit: LeadUnit, now: dt.datetime, notices: LeadNotices | None = None) -> list[str]:
    """Close the open offers whose deadline has passed (WS-LEAD-5); their ids, sorted.

    Each expired offer gets its event and, with ``notices``, its message to the expert, in
    the unit that expires it: exactly once.
    """
    ids = sorted(unit.expire_offers("offered", "expired", aware(now, "now")))
    experts: dict[str, Expert] = {}
    for offer_id in ids:
        offer = unit.offer(offer_id)
        _event(unit, offer.lead_id, offer.expert_id, "expired", now)
        if notices is not None:
            expert = experts.get(offer.expert_id) or unit.expert(offer.expert_id)
            experts[offer.expert_id] = expert
            unit.enqueue(notices.offer_expired(offer, expert), now)
    return ids


def send_reminders(unit: LeadUnit, now: dt.datetime, reminder: ReminderFactory, *,
                   limit: int = 500) -> list[str]:
    """Queue the due reminders, each once (WS-LEAD-6); the offer ids reminded.

    Marking the reminder sent is the guard: a unit that finds it marked by another
    queues nothing for it.
    """
    done: list[str] = []
    experts: dict[str, Expert] = {}
    for offer in unit.due_reminders(aware(now, "now"), limit):
        if not unit.mark_reminded(offer.id):
            continue
        expert = experts.get(offer.expert_id) or unit.expert(offer.expert_id)
        experts[offer.expert_id] = expert
        unit.enqueue(reminder(offer, expert), now)
        _event(unit, offer.lead_id, offer.expert_id, "reminded", now)
        done.append(offer.id)
    return done


def take_quote(unit: LeadUnit, quote: Quote, notice: QuoteNotice, now: dt.datetime) -> Quote:
    """An expert's quote on an open offer before its deadline, passed on to the worker
    (WS-LEAD-1, -5).

    Raises:
        NotFoundError: no such offer.
        InvalidValueError: the quote's lead or expert is not the offer's.
        DeadlinePassedError: the deadline has passed.
        ConflictError: the offer takes no quote (quoted, accepted, declined, closed).
    """
    aware(now, "now")
    offer = unit.offer(quote.offer_id)
    if (quote.lead_id, quote.expert_id) != (offer.lead_id, offer.expert_id):
        raise InvalidValueError("quote.offer_id", quote.offer_id,
                                "lead and expert do not match the offer")
    if now >= offer.expires_at:
        raise DeadlinePassedError(offer.id, offer.expires_at)
    if not unit.set_offer_status(offer.id, "quoted", when=("offered",)):
        offer = unit.offer(quote.offer_id)  # re-read: it may have changed meanwhile
        raise ConflictError(f"offer {offer.id!r} is {offer.status}; it takes no quote")
    unit.add_quote(quote)
    unit.enqueue(notice(quote, unit.contact(quote.lead_id)), now)
    _event(unit, offer.lead_id, offer.expert_id, "quoted", now)
    return quote


def _close_offer(unit: LeadUnit, offer: Offer, now: dt.datetime, notices: LeadNotices | None,
                 experts: dict[str, Expert]) -> bool:
    """Close one open or quoted offer of someone else's step and tell its expert, once."""
    if not unit.set_offer_status(offer.id, "closed", when=OPEN_STATUSES):
        return False
    _event(unit, offer.lead_id, offer.expert_id, "offer_closed", now)
    if notices is not None:
        expert = experts.get(offer.expert_id) or unit.expert(offer.expert_id)
        experts[offer.expert_id] = expert
        unit.enqueue(notices.offer_closed(offer, expert), now)
    return True


def decline_offer(unit: LeadUnit, offer_id: str, now: dt.datetime, notices: LeadNotices | None) -> Offer:
    """The expert declines an open offer; nobody is approached in its place (WS-LEAD-11).
    When no offer of the lead is open any more and none was quoted, the lead closes and
    the worker is told (:func:`close_settled`), in the same unit.

    Raises:
        NotFoundError: no such offer.
        ConflictError: the offer is not open (quoted, expired, declined, closed).
    """
    aware(now, "now")
    offer = unit.offer(offer_id)
    unit.lock_lead(offer.lead_id)
    if not unit.set_offer_status(offer_id, "declined", when=("offered",)):
        offer = unit.offer(offer_id)
        raise ConflictError(f"offer {offer_id!r} is {offer.status}; only an open offer can be declined")
    _event(unit, offer.lead_id, offer.expert_id, "declined", now)
    _settle(unit, offer.lead_id, now, notices, accept_within_days=None, zone="Europe/Amsterdam", declined=True)
    return unit.offer(offer_id)


def _settle(unit: LeadUnit, lead_id: str, now: dt.datetime, notices: LeadNotices | None, *,
            accept_within_days: int | None, zone: str, declined: bool = False) -> bool:
    """Close an offered lead none of whose offers is open any more (WS-LEAD-11, -12):

    * no quote came (every offer declined or expired): the lead closes and the worker is
      told, once;
    * quotes came and, with ``accept_within_days``, the time to accept them ended: the lead
      closes and the quoted offers close (their experts are told).
    """
    lead = unit.lead(lead_id)
    offers = unit.lead_offers(lead_id)
    if lead.status != "offered" or not offers or any(o.status == "offered" for o in offers):
        return False
    quoted = [o for o in offers if o.status == "quoted"]
    # when it closed: the end of the last expired offer or of the time to accept, not the
    # moment a later tick noticed (the retention period counts from then, WS-LEAD-12)
    ends = [o.expires_at for o in offers if o.status == "expired"] + ([now] if declined else [])
    if quoted:
        last = unit.last_quote_at(lead_id)
        if accept_within_days is None or last is None or now < (until := accept_until(last, accept_within_days, zone)):
            return False
        ends.append(until)
    at = min(now, max(ends)) if ends else now
    if not unit.close_lead(lead_id, at, when="offered"):
        return False
    experts: dict[str, Expert] = {}
    for offer in quoted:
        _close_offer(unit, offer, now, notices, experts)
    _event(unit, lead_id, None, "lead_closed", at)
    if not quoted and notices is not None:
        contact = unit.contact_or_none(lead_id)
        if contact is not None:
            unit.enqueue(notices.lead_closed(lead, contact), now)
    return True


def close_settled(unit: LeadUnit, now: dt.datetime, notices: LeadNotices | None, *,
                  accept_within_days: int | None = None, zone: str = "Europe/Amsterdam",
                  limit: int = 500) -> list[str]:
    """Close the offered leads none of whose offers is open any more (WS-LEAD-11): the
    lead ids closed, sorted. Safe to repeat: the status change is the guard."""
    aware(now, "now")
    # a lead with quotes can close only once the time to accept ended, which is more than
    # accept_within_days after its last quote: younger ones are not even read, so they
    # never crowd out within ``limit`` the leads that can close
    before = None if accept_within_days is None else now - dt.timedelta(days=accept_within_days)
    return [lead_id for lead_id in unit.leads_to_settle(limit, before)
            if _settle(unit, lead_id, now, notices, accept_within_days=accept_within_days, zone=zone)]


def decline_quotes(unit: LeadUnit, lead_id: str, now: dt.datetime, notices: LeadNotices | None) -> list[str]:
    """The worker declines every quote (WS-LEAD-12): the lead closes; its open and quoted
    offers close and their experts are told. The offer ids closed.

    Raises:
        NotFoundError: no such lead.
        ConflictError: the lead was accepted, is closed, or was never offered.
    """
    aware(now, "now")
    lead = unit.lock_lead(lead_id)
    if not unit.close_lead(lead_id, now, when="offered"):
        raise ConflictError(f"lead {lead_id!r} is {lead.status}; only an offered lead can be declined")
    experts: dict[str, Expert] = {}
    closed = [o.id for o in unit.lead_offers(lead_id) if _close_offer(unit, o, now, notices, experts)]
    _event(unit, lead_id, None, "quotes_declined", now)
    _event(unit, lead_id, None, "lead_closed", now)
    return closed


def accept_until(last_quote_at: dt.datetime, days: int, zone: str = "Europe/Amsterdam") -> dt.datetime:
    """The first instant a quote can no longer be accepted (WS-LEAD-12): midnight in
    ``zone`` after the day ``days`` days after the Dutch day of the last quote (K-TZ-1).

    Example:
        >>> accept_until(dt.datetime(2026, 12, 1, 22, 30, tzinfo=dt.UTC), 30).isoformat()
        '2027-01-01T00:00:00+01:00'
    """
    tz = zoneinfo.ZoneInfo(zone)
    last_day = aware(last_quote_at, "last_quote_at").astimezone(tz).date() + dt.timedelta(days=days)
    return dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(0), tzinfo=tz)


def accept_quote(unit: LeadUnit, offer_id: str, fee: Money, notice: ContactNotice,
                 now: dt.datetime, *, accept_within_days: int | None = None,
                 zone: str = "Europe/Amsterdam", notices: LeadNotices | None = None) -> Acceptance:
    """The worker accepts a quote: the expert owns the lead, the other open offers close
    (their experts are told with ``notices``), the fee is recorded and the expert is sent
    the contact data (WS-LEAD-8, -9); with ``accept_within_days``, only until that many
    days after the Dutch day of the lead's last quote (WS-LEAD-12, :func:`accept_until`).

    Raises:
        NotFoundError: no such offer.
        ConflictError: the offer holds no quote, or the lead was accepted or closed already.
        AcceptancePeriodOverError: the time to accept has ended.
    """
    aware(now, "now")
    offer = unit.offer(offer_id)
    if offer.status != "quoted":
        raise ConflictError(f"offer {offer_id!r} is {offer.status}; only a quote can be accepted")
    if accept_within_days is not None:
        last = unit.last_quote_at(offer.lead_id)
        if last is not None and now >= (until := accept_until(last, accept_within_days, zone)):
            raise AcceptancePeriodOverError(offer_id, until)
    lead = unit.lock_lead(offer.lead_id)
    if lead.status == "closed":
        raise ConflictError(f"lead {offer.lead_id!r} is closed")
    if not unit.claim_lead(offer.lead_id, offer.expert_id, unless="accepted"):
        raise ConflictError(f"lead {offer.lead_id!r} was already accepted")
    if not unit.set_offer_status(offer_id, "accepted", when=("quoted",)):
        raise ConflictError(f"offer {offer_id!r} is no longer quoted")  # rolled back with the unit
    experts: dict[str, Expert] = {}
    for other in unit.lead_offers(offer.lead_id):
        if other.id != offer_id:
            _close_offer(unit, other, now, notices, experts)
    acceptance = Acceptance(offer.lead_id, offer_id, offer.expert_id, fee, now)
    unit.add_acceptance(acceptance)
    unit.enqueue(notice(acceptance, unit.contact(offer.lead_id), unit.expert(offer.expert_id)), now)
    _event(unit, offer.lead_id, offer.expert_id, "accepted", now)
    return acceptance


def erase_contact(unit: LeadUnit, lead_id: str, now: dt.datetime,
                  notices: LeadNotices | None = None) -> bool:
    """Erase the worker's contact data on request, at any time (WS-LEAD-12); the lead,
    its offers, quotes and counts stay. Whether anything was erased (False the second time).

    First the lead's open and quoted offers close (their experts are told with
    ``notices``), so no later quote needs the erased data; a lead not accepted closes.
    With ``notices`` the worker gets a confirmation, built before the data goes.

    Raises:
        NotFoundError: no such lead.
    """
    aware(now, "now")
    lead = unit.lock_lead(lead_id)
    contact = unit.contact_or_none(lead_id)
    if contact is None:
        return False
    experts: dict[str, Expert] = {}
    for offer in unit.lead_offers(lead_id):
        _close_offer(unit, offer, now, notices, experts)
    for status in ("new", "offered"):
        if unit.close_lead(lead_id, now, when=status):
            _event(unit, lead_id, None, "lead_closed", now)
    if notices is not None:
        unit.enqueue(notices.contact_erased(lead, contact), now)
    if not unit.erase_contact(lead_id):
        return False
    _event(unit, lead_id, None, "contact_erased", now)
    return True


def erase_due(unit: LeadUnit, now: dt.datetime, *, after_days: int, accept_within_days: int,
              zone: str = "Europe/Amsterdam") -> list[str]:
    """Erase the contact data of leads closed without acceptance ``after_days`` days ago
    (WS-LEAD-12), and of leads that never found an expert; the lead ids erased, sorted.
    Safe to repeat: an erased lead is not found again, and nothing is queued.

    A lead closes without acceptance when no offer is open for a quote any more and the
    time to accept its last quote (:func:`accept_until`) has ended, or when it was closed
    earlier (every quote declined); it closed at its recorded closing instant, else at the
    later of its last offer's expiry and that end; its contact data goes ``after_days``
    days after the last day it was open. Days are Dutch days in ``zone`` (K-TZ-1).

    Decision (not official; RULES.md is silent on leads nobody was offered): a lead still
    ``new`` counts from the Dutch day it was submitted. ``after_days`` days later it is
    closed first (event ``lead_closed``, so it is never offered without contact data) and
    its contact data erased (event ``contact_erased``), in the same unit. The worker is
    not mailed: automatic erasure sends nothing (a closing mail already went to the
    worker of every lead that was offered). The lead and its counts stay.
    """
    tz = zoneinfo.ZoneInfo(zone)
    today = aware(now, "now").astimezone(tz).date()
    erased = []
    for lead_id, last_expiry, last_quote, closed_at in unit.settled_with_contact():
        if closed_at is not None:
            closed = closed_at
        else:
            closed = last_expiry if last_quote is None else max(
                last_expiry, accept_until(last_quote, accept_within_days, zone))
        if closed > now:
            continue
        # the last day it was open: an end at midnight belongs to the day before
        last_open = (closed - dt.timedelta(microseconds=1)).astimezone(tz).date()
        if today >= last_open + dt.timedelta(days=after_days) and unit.erase_contact(lead_id):
            _event(unit, lead_id, None, "contact_erased", now)
            erased.append(lead_id)
    # never offered: submitted on a Dutch day at least after_days before today, i.e. before
    # the start of the day after (today - after_days)
    cutoff = dt.datetime.combine(today - dt.timedelta(days=after_days - 1), dt.time(0), tzinfo=tz)
    for lead_id in unit.unmatched_with_contact(cutoff):
        if not unit.close_lead(lead_id, now, when="new"):
            continue  # offered or closed meanwhile by another unit
        _event(unit, lead_id, None, "lead_closed", now)
        if unit.erase_contact(lead_id):
            _event(unit, lead_id, None, "contact_erased", now)
            erased.append(lead_id)
    return sorted(erased)


def release_contact(unit: LeadUnit, lead_id: str, expert_id: str) -> WorkerContact:
    """The worker's contact data, for the expert who owns the lead only (WS-LEAD-8).

    Raises:
        NotFoundError: no such lead.
        ConflictError: the expert does not own the lead.
    """
    lead = unit.lead(lead_id)
    if lead.owner_expert_id is None or lead.owner_expert_id != expert_id:
        raise ConflictError(f"expert {expert_id!r} does not own lead {lead_id!r}; "
                            "contact data is released only after acceptance (WS-LEAD-8)")
    return unit.contact(lead_id)


def issue_consent(unit: LeadUnit, record: ConsentRecord, message: Message, now: dt.datetime) -> None:
    """Store a consent request of the owning expert and queue its link (WS-LEAD-8).

    Raises:
        ConflictError: the expert does not own the lead, or the token id exists.
    """
    aware(now, "now")
    lead = unit.lead(record.lead_id)
    if lead.owner_expert_id != record.expert_id:
        raise ConflictError(f"expert {record.expert_id!r} does not own lead {record.lead_id!r}")
    if not unit.add_consent(record):
        raise ConflictError(f"consent {record.id!r} already exists")
    unit.enqueue(message, now)
    _event(unit, record.lead_id, record.expert_id, "consent_requested", now)


def redeem_consent(unit: LeadUnit, token_id: str, now: dt.datetime) -> ConsentRecord:
    """The worker follows the link: once, before it expires (WS-LEAD-8).

    Raises:
        NotFoundError: no such link.
        ConsentLinkUsedError: it was used.
        ConsentLinkExpiredError: it expired.
    """
    aware(now, "now")
    record = unit.consent(token_id)
    if record.used_at is not None:
        raise ConsentLinkUsedError(token_id)
    if now >= record.expires_at:
        raise ConsentLinkExpiredError(token_id, record.expires_at)
    if not unit.use_consent(token_id, now):
        raise ConsentLinkUsedError(token_id)  # another unit used it meanwhile
    _event(unit, record.lead_id, record.expert_id, "consented", now)
    return ConsentRecord(record.id, record.lead_id, record.expert_id, record.worker_email,
                         record.issued_at, record.expires_at, now)


def start_subscription(unit: LeadUnit, expert_id: str, start: dt.date) -> LeadSubscription:
    """Start the expert's lead subscription on the Dutch day ``start`` (WS-LEAD-9, -10).

    Periods never overlap: a new one starts after the last one ended.

    Raises:
        NotFoundError: no such expert.
        ConflictError: a subscription runs on ``start`` or starts later.
    """
    unit.lock_expert(expert_id)
    subscription = LeadSubscription(start)
    for old in unit.subscriptions(expert_id):
        if old.end is None or old.end >= start:
            raise ConflictError(f"expert {expert_id!r} has a lead subscription from "
                                f"{old.start.isoformat()}; end it before {start.isoformat()} first")
    if not unit.add_subscription(expert_id, subscription):  # pragma: no cover - the lock orders units
        raise ConflictError(f"expert {expert_id!r} has a lead subscription from {start.isoformat()}")
    return subscription


def end_subscription(unit: LeadUnit, expert_id: str, last_day: dt.date) -> LeadSubscription:
    """End the expert's running lead subscription after the Dutch day ``last_day``
    (inclusive); from the next day on they are not matched (WS-LEAD-10). Offers made
    before stay open.

    Raises:
        NotFoundError: no such expert.
        ConflictError: no subscription runs.
        InvalidValueError: it starts after ``last_day``.
    """
    unit.lock_expert(expert_id)
    running = [s for s in unit.subscriptions(expert_id) if s.end is None]
    if not running:
        raise ConflictError(f"expert {expert_id!r} has no running lead subscription")
    current = running[-1]
    ended = LeadSubscription(current.start, last_day)  # InvalidValueError before its start
    if not unit.set_subscription_end(expert_id, current.start, last_day):  # pragma: no cover
        raise ConflictError(f"expert {expert_id!r}: the subscription ended meanwhile")
    return ended
