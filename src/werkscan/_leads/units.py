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
    Offer,
    OfferChooser,
    Quote,
    QuoteNotice,
    ReminderFactory,
    WorkerContact,
    aware,
)

__all__ = ["LeadUnit", "accept_quote", "accept_until", "erase_contact", "erase_due", "expire_offers", "issue_consent", "offer_lead",
           "redeem_consent", "release_contact", "send_reminders", "take_quote"]


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

    def erase_contact(self, lead_id: str) -> bool:
        """Delete the worker's contact data of the lead; whether there was any."""
        ...

    def settled_with_contact(self) -> list[tuple[str, dt.datetime, dt.datetime | None]]:
        """Leads not accepted that still hold contact data, have offers and none of them
        open for a quote: ``(lead id, the latest offer expiry, the last quote or None)``."""
        ...


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
    queueing the messages are then one transaction (issue 16).

    Raises:
        NotFoundError: the lead or an expert does not exist.
        ConflictError: the lead was accepted (or, with a chooser, offered already).
        InvalidValueError: an offer belongs to another lead.
    """
    aware(now, "now")
    lead = unit.lock_lead(lead_id)
    if lead.status == "accepted":
        raise ConflictError(f"lead {lead_id!r} was accepted; it cannot be offered again")
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
        unit.set_lead_status(lead_id, "offered", when="new")
    return made


def _store_offer(unit: LeadUnit, offer: Offer, message: Message, now: dt.datetime) -> bool:
    """Store one offer, claim its cap slot and queue its message; False (nothing kept)
    when it exists already or the expert is at the cap (WS-LEAD-4)."""
    if not unit.add_offer(offer):
        return False
    if not unit.claim_slot(offer.expert_id):  # at the cap: take the offer back
        unit.remove_offer(offer.id)
        return False
    unit.enqueue(message, now)
    return True


def _offer_chosen(unit: LeadUnit, lead: Lead, choose: OfferChooser, now: dt.datetime,
                  max_offers: int, made: list[Offer]) -> None:
    """:func:`offer_lead` with a chooser: ask, store in order, and ask again after a refusal."""
    offered = unit.offered_experts(lead.id)
    taken = set(offered)
    have = len(offered)
    while have < max_offers:
        batch = choose(unit, lead, frozenset(taken), max_offers - have, have + 1)
        if not batch:
            return
        for offer, message in batch[: max_offers - have]:
            if offer.lead_id != lead.id:
                raise InvalidValueError("offer.lead_id", offer.lead_id, f"expected {lead.id!r}")
            if offer.expert_id in taken:
                raise InvalidValueError("offer.expert_id", offer.expert_id, "offered or refused already")
            taken.add(offer.expert_id)
            if not _store_offer(unit, offer, message, now):
                break  # refused: the rest is chosen again, ranked on from here
            made.append(offer)
            have += 1


def expire_offers(unit: LeadUnit, now: dt.datetime) -> list[str]:
    """Close the open offers whose deadline has passed (WS-LEAD-5); their ids, sorted."""
    return sorted(unit.expire_offers("offered", "expired", aware(now, "now")))


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
        done.append(offer.id)
    return done


def take_quote(unit: LeadUnit, quote: Quote, notice: QuoteNotice, now: dt.datetime) -> Quote:
    """An expert's quote on an open offer before its deadline, passed on to the worker
    (WS-LEAD-1, -5).

    Raises:
        NotFoundError: no such offer.
        InvalidValueError: the quote's lead or expert is not the offer's.
        DeadlinePassedError: the deadline has passed.
        ConflictError: the offer takes no quote (quoted, accepted, closed).
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
    return quote


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
                 zone: str = "Europe/Amsterdam") -> Acceptance:
    """The worker accepts a quote: the expert owns the lead, the other open offers close,
    the fee is recorded and the expert is sent the contact data (WS-LEAD-8, -9); with
    ``accept_within_days``, only until that many days after the Dutch day of the lead's
    last quote (WS-LEAD-12, :func:`accept_until`).

    Raises:
        NotFoundError: no such offer.
        ConflictError: the offer holds no quote, or the lead was accepted already.
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
    if not unit.claim_lead(offer.lead_id, offer.expert_id, unless="accepted"):
        raise ConflictError(f"lead {offer.lead_id!r} was already accepted")
    unit.set_other_offers_status(offer.lead_id, offer_id, "closed", when=OPEN_STATUSES)
    unit.set_offer_status(offer_id, "accepted", when=("quoted",))
    acceptance = Acceptance(offer.lead_id, offer_id, offer.expert_id, fee, now)
    unit.add_acceptance(acceptance)
    unit.enqueue(notice(acceptance, unit.contact(offer.lead_id), unit.expert(offer.expert_id)), now)
    return acceptance


def erase_contact(unit: LeadUnit, lead_id: str) -> bool:
    """Erase the worker's contact data on request, at any time (WS-LEAD-12); the lead,
    its offers, quotes and counts stay. Whether anything was erased (False the second time).

    Raises:
        NotFoundError: no such lead.
    """
    unit.lead(lead_id)
    return unit.erase_contact(lead_id)


def erase_due(unit: LeadUnit, now: dt.datetime, *, after_days: int, accept_within_days: int,
              zone: str = "Europe/Amsterdam") -> list[str]:
    """Erase the contact data of leads closed without acceptance ``after_days`` days ago
    (WS-LEAD-12); the lead ids erased, sorted. Safe to repeat: an erased lead is not found again.

    A lead closes without acceptance when no offer is open for a quote any more and the
    time to accept its last quote (:func:`accept_until`) has ended; it closed at the later
    of its last offer's expiry and that end; its contact data goes ``after_days`` days
    after the last day it was open. Days are Dutch days in ``zone`` (K-TZ-1).
    """
    tz = zoneinfo.ZoneInfo(zone)
    today = aware(now, "now").astimezone(tz).date()
    erased = []
    for lead_id, last_expiry, last_quote in unit.settled_with_contact():
        closed = last_expiry if last_quote is None else max(
            last_expiry, accept_until(last_quote, accept_within_days, zone))
        if closed > now:
            continue
        # the last day it was open: an end at midnight belongs to the day before
        last_open = (closed - dt.timedelta(microseconds=1)).astimezone(tz).date()
        if today >= last_open + dt.timedelta(days=after_days) and unit.erase_contact(lead_id):
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
    return ConsentRecord(record.id, record.lead_id, record.expert_id, record.worker_email,
                         record.issued_at, record.expires_at, now)
