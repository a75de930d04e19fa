"""Lead repositories over the shared SQL layer (SQLite, PostgreSQL, MariaDB).

The repositories load and store; every step that changes state runs a rule of
:mod:`werkscan._leads.units` on a :class:`SqlLeadUnit` (one transaction). The unit's
exactly-once guards are conditional updates with ``RETURNING``: claiming a cap slot
(``leads_received < lead_cap``), marking a reminder sent (``reminder_sent = 0``), taking a
quote (``status = 'offered'``), accepting (the lead not ``accepted``) and redeeming a
consent link (``used_at IS NULL``). Messages are queued with
:func:`~blikopwerk._backends.outbox_sql.enqueue_in` inside the same transaction.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any, TypeVar

from blikopwerk._backends.outbox_sql import enqueue_in, enqueue_many_in
from blikopwerk._backends.sql import SqlDatabase, Tx, from_iso, iso
from blikopwerk._errors import ConflictError, NotFoundError
from blikopwerk._money import Money
from blikopwerk._postcode import PC4, Postcode, parse_area
from blikopwerk._protocols import Message
from werkscan._leads.records import (
    OPEN_STATUSES,
    Absence,
    Acceptance,
    ConsentRecord,
    ContactNotice,
    DueReport,
    Establishment,
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
    stored,
)
from werkscan._leads.units import (
    accept_quote,
    add_lead,
    close_settled,
    decline_offer,
    decline_quotes,
    end_subscription,
    erase_contact,
    erase_due,
    expire_offers,
    issue_consent,
    offer_lead,
    redeem_consent,
    release_contact,
    send_reminders,
    start_subscription,
    take_quote,
)

__all__ = ["SqlConsentRepository", "SqlExpertRepository", "SqlLeadRepository", "SqlLeadUnit"]

T = TypeVar("T")
_CHUNK = 500  # ids per IN list: well below every backend's limit on bound parameters

_OFFER_COLS = ("id, lead_id, expert_id, rank, distance_m, offered_at, reminder_at, expires_at, "
               "reminder_sent, status")


@functools.lru_cache(maxsize=1 << 16)
def _postcode(text: str) -> PC4 | Postcode:
    return PC4(text) if len(text) == 4 else Postcode.parse(text)


#: :func:`iso` remembered: a lead's offers share their three times
_iso = functools.lru_cache(maxsize=64)(iso)


@functools.lru_cache(maxsize=1 << 13)
def _area(text: str) -> PC4:
    return parse_area(text)


def _offer(row: tuple[Any, ...]) -> Offer:
    oid, lead, expert, rank, dist, offered, remind, expires, sent, status = row
    return Offer(oid, lead, expert, int(rank), int(dist), from_iso(offered),  # type: ignore[arg-type]
                 from_iso(remind), from_iso(expires), bool(sent), status)  # type: ignore[arg-type]


def _consent(row: tuple[Any, ...]) -> ConsentRecord:
    cid, lead, expert, email, issued, expires, used = row
    return ConsentRecord(cid, lead, expert, email, from_iso(issued),  # type: ignore[arg-type]
                         from_iso(expires), from_iso(used))  # type: ignore[arg-type]


def _expert_in(tx: Tx, expert_id: str) -> Expert:
    row = tx.one("SELECT id, name, email, lead_cap, keurmerk FROM lead_experts WHERE id = ?",
                 (expert_id,))
    if row is None:
        raise NotFoundError("expert", expert_id)
    ests = tx.all("SELECT postcode, address FROM lead_establishments WHERE expert_id = ? "
                  "ORDER BY seq", (expert_id,))
    return stored(Expert, row[0], row[1], row[2],
                  tuple(stored(Establishment, _postcode(p), a) for p, a in ests), int(row[3]), bool(row[4]))


_LEAD_COLS = "id, area, wai, signals, created_at, status, owner_expert_id"


def _lead(row: tuple[Any, ...]) -> Lead:
    return stored(Lead, row[0], _area(row[1]), Decimal(row[2]), tuple(tuple(p) for p in json.loads(row[3])),
                  from_iso(row[4]), row[5], row[6])


def _lead_in(tx: Tx, lead_id: str) -> Lead:
    row = tx.one(f"SELECT {_LEAD_COLS} FROM lead_leads WHERE id = ?", (lead_id,))
    if row is None:
        raise NotFoundError("lead", lead_id)
    return _lead(row)


def _contact_in(tx: Tx, lead_id: str) -> WorkerContact:
    row = tx.one("SELECT name, email, phone FROM lead_contacts WHERE lead_id = ?", (lead_id,))
    if row is None:
        _lead_in(tx, lead_id)  # NotFoundError("lead") if there is no lead at all
        raise NotFoundError("contact", lead_id)  # erased (WS-LEAD-12)
    return WorkerContact(row[0], row[1], row[2])


def _offer_in(tx: Tx, offer_id: str) -> Offer:
    row = tx.one(f"SELECT {_OFFER_COLS} FROM lead_offers WHERE id = ?", (offer_id,))
    if row is None:
        raise NotFoundError("offer", offer_id)
    return _offer(row)


_STATES_SQL = (
    # one round trip of three plain index look-ups (a join planned afresh costs more on
    # PostgreSQL than the round trips it saves): experts with their open leads, their
    # establishments, their absences, their lead subscriptions; told apart by the first column
    "SELECT 0, e.id, e.name, e.email, e.lead_cap, e.keurmerk, e.leads_received, "
    "(SELECT COUNT(*) FROM lead_offers o WHERE o.expert_id = e.id AND o.status IN (?, ?)) "
    "FROM lead_experts e WHERE e.id IN ({marks}) "
    "UNION ALL SELECT 1, s.expert_id, s.postcode, s.address, s.seq, NULL, NULL, NULL "
    "FROM lead_establishments s WHERE s.expert_id IN ({marks}) "
    "UNION ALL SELECT 2, a.expert_id, a.start_day, a.end_day, NULL, NULL, NULL, NULL "
    "FROM lead_absences a WHERE a.expert_id IN ({marks}) "
    "UNION ALL SELECT 3, u.expert_id, u.start_day, u.end_day, NULL, NULL, NULL, NULL "
    "FROM lead_subscriptions u WHERE u.expert_id IN ({marks})")


def _states_in(tx: Tx, ids: Iterable[str]) -> list[ExpertState]:
    """The states of the stored experts among ``ids``, sorted by id, in one statement per
    :data:`_CHUNK` ids (rows the library stored, so rebuilt with
    :func:`~werkscan._leads.records.stored`)."""
    wanted = sorted(set(ids))
    heads: list[tuple[Any, ...]] = []
    ests: dict[str, list[tuple[int, str, str | None]]] = {}
    absences: dict[str, list[tuple[str, str]]] = {}
    subscriptions: dict[str, list[tuple[str, str | None]]] = {}
    for at in range(0, len(wanted), _CHUNK):
        part = wanted[at:at + _CHUNK]
        # padded to a power of two by repeating an id: few distinct statements, which the
        # driver prepares once (PostgreSQL plans a new one each time)
        part += part[-1:] * (max(8, 1 << (len(part) - 1).bit_length()) - len(part))
        for row in tx.all(_states_sql(len(part)),
                          (*OPEN_STATUSES, *part, *part, *part, *part)):
            if row[0] == 0:
                heads.append(row)
            elif row[0] == 1:
                ests.setdefault(row[1], []).append((int(row[4]), row[2], row[3]))
            elif row[0] == 2:
                absences.setdefault(row[1], []).append((row[2], row[3]))
            else:
                subscriptions.setdefault(row[1], []).append((row[2], row[3]))
    out: list[ExpertState] = []
    for _, eid, name, email, cap, km, received, open_leads in sorted(heads, key=lambda r: r[1]):
        expert = stored(Expert, eid, name, email,
                        tuple(stored(Establishment, _postcode(p), a) for _, p, a in sorted(ests[eid])),
                        int(cap), bool(km))
        away = tuple(stored(Absence, _day(a), _day(b))
                     for a, b in sorted(absences.get(eid, ())))
        subs = tuple(_subscription(a, b) for a, b in sorted(subscriptions.get(eid, ())))
        out.append(stored(ExpertState, expert, away, int(received), int(open_leads), subs))
    return out


def _write_establishments(tx: Tx, expert: Expert) -> None:
    tx.execute("DELETE FROM lead_establishments WHERE expert_id = ?", (expert.id,))
    for seq, est in enumerate(expert.establishments):
        tx.execute("INSERT INTO lead_establishments (expert_id, seq, postcode, address) "
                   "VALUES (?, ?, ?, ?)", (expert.id, seq, str(est.postcode), est.address))


class SqlExpertRepository:
    """Experts on SQL."""

    def __init__(self, db: SqlDatabase) -> None:
        self.db = db

    def add(self, expert: Expert, now: dt.datetime) -> None:
        stamp = iso(now)

        def step(tx: Tx) -> None:
            row = tx.one(
                "INSERT INTO lead_experts (id, name, email, lead_cap, leads_received, keurmerk, "
                "created_at) VALUES (?, ?, ?, ?, 0, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING id",
                (expert.id, expert.name, expert.email, expert.lead_cap, int(expert.keurmerk), stamp),
            )
            if row is None:
                raise ConflictError(f"expert {expert.id!r} already exists")
            _write_establishments(tx, expert)

        self.db.run(step)

    def get(self, expert_id: str) -> Expert:
        return self.db.run(lambda tx: _expert_in(tx, expert_id))

    def update(self, expert: Expert) -> None:
        def step(tx: Tx) -> None:
            row = tx.one("UPDATE lead_experts SET name = ?, email = ?, lead_cap = ?, keurmerk = ? "
                         "WHERE id = ? RETURNING id",
                         (expert.name, expert.email, expert.lead_cap, int(expert.keurmerk), expert.id))
            if row is None:
                raise NotFoundError("expert", expert.id)
            _write_establishments(tx, expert)

        self.db.run(step)

    def add_absence(self, expert_id: str, absence: Absence) -> None:
        def step(tx: Tx) -> None:
            if tx.one("SELECT id FROM lead_experts WHERE id = ?", (expert_id,)) is None:
                raise NotFoundError("expert", expert_id)
            tx.execute("INSERT INTO lead_absences (expert_id, start_day, end_day) VALUES (?, ?, ?) "
                       "ON CONFLICT (expert_id, start_day, end_day) DO NOTHING",
                       (expert_id, absence.start.isoformat(), absence.end.isoformat()))

        self.db.run(step)

    def states(self, ids: Iterable[str] | None = None) -> list[ExpertState]:
        if ids is not None:
            wanted = list(ids)
            return self.db.run(lambda tx: _states_in(tx, wanted)) if wanted else []

        def step(tx: Tx) -> tuple[list[tuple[Any, ...]], ...]:
            return (
                tx.all("SELECT id, name, email, lead_cap, keurmerk, leads_received "
                       "FROM lead_experts ORDER BY id"),
                tx.all("SELECT expert_id, postcode, address FROM lead_establishments "
                       "ORDER BY expert_id, seq"),
                tx.all("SELECT expert_id, start_day, end_day FROM lead_absences "
                       "ORDER BY expert_id, start_day, end_day"),
                tx.all("SELECT expert_id, COUNT(*) FROM lead_offers WHERE status IN (?, ?) "
                       "GROUP BY expert_id", OPEN_STATUSES),
                tx.all("SELECT expert_id, start_day, end_day FROM lead_subscriptions "
                       "ORDER BY expert_id, start_day"),
            )

        experts, ests, absences, open_rows, subs = self.db.run(step)
        est_by: dict[str, list[Establishment]] = {}
        for eid, pc, addr in ests:
            est_by.setdefault(eid, []).append(stored(Establishment, _postcode(pc), addr))
        abs_by: dict[str, list[Absence]] = {}
        for eid, start, end in absences:
            abs_by.setdefault(eid, []).append(
                stored(Absence, dt.date.fromisoformat(start), dt.date.fromisoformat(end)))
        open_by = {eid: int(n) for eid, n in open_rows}
        sub_by: dict[str, list[LeadSubscription]] = {}
        for eid, start, end in subs:
            sub_by.setdefault(eid, []).append(_subscription(start, end))
        return [
            stored(ExpertState, stored(Expert, eid, name, email, tuple(est_by[eid]), int(cap), bool(km)),
                   tuple(abs_by.get(eid, ())), int(received), open_by.get(eid, 0),
                   tuple(sub_by.get(eid, ())))
            for eid, name, email, cap, km, received in experts
        ]

    def subscribe(self, expert_id: str, start: dt.date) -> LeadSubscription:
        LeadSubscription(start)  # a bad day is refused before the storage is touched
        return self.db.run(lambda tx: start_subscription(SqlLeadUnit(tx), expert_id, start))

    def end_subscription(self, expert_id: str, last_day: dt.date) -> LeadSubscription:
        LeadSubscription(last_day)
        return self.db.run(lambda tx: end_subscription(SqlLeadUnit(tx), expert_id, last_day))

    def subscriptions(self, expert_id: str) -> list[LeadSubscription]:
        def step(tx: Tx) -> list[LeadSubscription]:
            _expert_in(tx, expert_id)
            return SqlLeadUnit(tx).subscriptions(expert_id)

        return self.db.run(step)


def _subscription(start: str, end: str | None) -> LeadSubscription:
    # a stored period (the library checked it when it stored it): rebuilt without the checks
    return stored(LeadSubscription, _day(start), None if end is None else _day(end))


@functools.lru_cache(maxsize=1 << 12)
def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@functools.cache
def _states_sql(n: int) -> str:
    """:data:`_STATES_SQL` for ``n`` ids (a few sizes: the id lists are padded)."""
    return _STATES_SQL.format(marks=", ".join("?" * n))


def _event(row: tuple[Any, ...]) -> LeadEvent:
    return LeadEvent(row[0], row[1], row[2], from_iso(row[3]))  # type: ignore[arg-type]


class SqlLeadUnit:
    """A :class:`~werkscan._leads.units.LeadUnit` on one SQL transaction: loads and
    stores, each one statement; the rules are in :mod:`werkscan._leads.units`."""

    __slots__ = ("tx", "unoffered")

    def __init__(self, tx: Tx) -> None:
        self.tx = tx
        self.unoffered: str | None = None  # the lead locked last, if it had no offers then

    def lock_lead(self, lead_id: str) -> Lead:
        # an update that changes nothing takes the row lock on every backend; the count of
        # offers comes along, so a lead without any needs no second read (offered_experts)
        row = self.tx.one(f"UPDATE lead_leads SET status = status WHERE id = ? RETURNING {_LEAD_COLS}, "
                          "(SELECT COUNT(*) FROM lead_offers o WHERE o.lead_id = lead_leads.id)", (lead_id,))
        if row is None:
            raise NotFoundError("lead", lead_id)
        self.unoffered = row[0] if int(row[-1]) == 0 else None
        return _lead(row)

    def lead(self, lead_id: str) -> Lead:
        return _lead_in(self.tx, lead_id)

    def set_lead_status(self, lead_id: str, status: str, *, when: str) -> bool:
        return self.tx.one("UPDATE lead_leads SET status = ? WHERE id = ? AND status = ? "
                           "RETURNING id", (status, lead_id, when)) is not None

    def claim_lead(self, lead_id: str, expert_id: str, *, unless: str) -> bool:
        return self.tx.one("UPDATE lead_leads SET status = ?, owner_expert_id = ? "
                           "WHERE id = ? AND status <> ? RETURNING id",
                           (unless, expert_id, lead_id, unless)) is not None

    def count_offers(self, lead_id: str) -> int:
        row = self.tx.one("SELECT COUNT(*) FROM lead_offers WHERE lead_id = ?", (lead_id,))
        return int(row[0]) if row else 0

    def offered_experts(self, lead_id: str) -> list[str]:
        if lead_id == self.unoffered:  # locked in this unit without offers, none added since
            return []
        return [r[0] for r in self.tx.all("SELECT expert_id FROM lead_offers WHERE lead_id = ? "
                                          "ORDER BY rank, id", (lead_id,))]

    def states(self, ids: Sequence[str]) -> list[ExpertState]:
        return _states_in(self.tx, ids) if ids else []

    def expert(self, expert_id: str) -> Expert:
        return _expert_in(self.tx, expert_id)

    def expert_exists(self, expert_id: str) -> bool:
        return self.tx.one("SELECT id FROM lead_experts WHERE id = ?", (expert_id,)) is not None

    def add_offer(self, offer: Offer) -> bool:
        self.unoffered = None
        return self.tx.one(
            f"INSERT INTO lead_offers ({_OFFER_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO NOTHING RETURNING id",
            (offer.id, offer.lead_id, offer.expert_id, offer.rank, offer.distance_m,
             _iso(offer.offered_at), _iso(offer.reminder_at), _iso(offer.expires_at),
             int(offer.reminder_sent), offer.status)) is not None

    def add_offers(self, offers: Sequence[Offer]) -> set[str]:
        if not offers:
            return set()
        self.unoffered = None
        rows = self.tx.all(
            f"INSERT INTO lead_offers ({_OFFER_COLS}) VALUES "
            + ", ".join(["(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"] * len(offers))
            + " ON CONFLICT (id) DO NOTHING RETURNING id",
            tuple(v for o in offers for v in (
                o.id, o.lead_id, o.expert_id, o.rank, o.distance_m, _iso(o.offered_at),
                _iso(o.reminder_at), _iso(o.expires_at), int(o.reminder_sent), o.status)))
        return {r[0] for r in rows}

    def remove_offer(self, offer_id: str) -> None:
        self.tx.execute("DELETE FROM lead_offers WHERE id = ?", (offer_id,))

    def claim_slot(self, expert_id: str) -> bool:
        return self.tx.one("UPDATE lead_experts SET leads_received = leads_received + 1 "
                           "WHERE id = ? AND leads_received < lead_cap RETURNING id",
                           (expert_id,)) is not None

    def claim_slots(self, expert_ids: Sequence[str]) -> set[str]:
        if not expert_ids:
            return set()
        marks = ", ".join("?" * len(expert_ids))
        rows = self.tx.all("UPDATE lead_experts SET leads_received = leads_received + 1 "
                           f"WHERE id IN ({marks}) AND leads_received < lead_cap RETURNING id",
                           tuple(expert_ids))
        return {r[0] for r in rows}

    def release_slot(self, expert_id: str) -> None:
        self.tx.execute("UPDATE lead_experts SET leads_received = leads_received - 1 WHERE id = ?",
                        (expert_id,))

    def offer(self, offer_id: str) -> Offer:
        return _offer_in(self.tx, offer_id)

    def set_offer_status(self, offer_id: str, status: str, *, when: Sequence[str]) -> bool:
        marks = ", ".join("?" * len(when))
        return self.tx.one(f"UPDATE lead_offers SET status = ? WHERE id = ? AND status IN ({marks}) "
                           "RETURNING id", (status, offer_id, *when)) is not None

    def set_other_offers_status(self, lead_id: str, keep: str, status: str, *,
                                when: Sequence[str]) -> None:
        marks = ", ".join("?" * len(when))
        self.tx.execute(f"UPDATE lead_offers SET status = ? WHERE lead_id = ? AND id <> ? "
                        f"AND status IN ({marks})", (status, lead_id, keep, *when))

    def expire_offers(self, status: str, expired_status: str, now: dt.datetime) -> list[str]:
        rows = self.tx.all("UPDATE lead_offers SET status = ? WHERE status = ? AND expires_at <= ? "
                           "RETURNING id", (expired_status, status, iso(now)))
        return [r[0] for r in rows]

    def due_reminders(self, now: dt.datetime, limit: int) -> list[Offer]:
        stamp = iso(now)
        rows = self.tx.all(
            f"SELECT {_OFFER_COLS} FROM lead_offers WHERE status = 'offered' "
            "AND reminder_sent = 0 AND reminder_at <= ? AND expires_at > ? "
            "ORDER BY reminder_at, id LIMIT ?", (stamp, stamp, limit))
        return [_offer(r) for r in rows]

    def mark_reminded(self, offer_id: str) -> bool:
        return self.tx.one("UPDATE lead_offers SET reminder_sent = 1 WHERE id = ? AND "
                           "reminder_sent = 0 AND status = 'offered' RETURNING id",
                           (offer_id,)) is not None

    def add_quote(self, quote: Quote) -> None:
        self.tx.execute("INSERT INTO lead_quotes (offer_id, lead_id, expert_id, amount, body, "
                        "submitted_at) VALUES (?, ?, ?, ?, ?, ?)",
                        (quote.offer_id, quote.lead_id, quote.expert_id, str(quote.amount.amount),
                         quote.text, iso(quote.submitted_at, "submitted_at")))

    def last_quote_at(self, lead_id: str) -> dt.datetime | None:
        row = self.tx.one("SELECT MAX(submitted_at) FROM lead_quotes WHERE lead_id = ?", (lead_id,))
        return None if row is None or row[0] is None else from_iso(row[0])

    def add_acceptance(self, acceptance: Acceptance) -> None:
        self.tx.execute("INSERT INTO lead_acceptances (lead_id, offer_id, expert_id, fee, accepted_at) "
                        "VALUES (?, ?, ?, ?, ?)",
                        (acceptance.lead_id, acceptance.offer_id, acceptance.expert_id,
                         str(acceptance.fee.amount), iso(acceptance.accepted_at)))

    def contact(self, lead_id: str) -> WorkerContact:
        return _contact_in(self.tx, lead_id)

    def add_consent(self, record: ConsentRecord) -> bool:
        return self.tx.one(
            "INSERT INTO lead_consents (id, lead_id, expert_id, worker_email, issued_at, "
            "expires_at, used_at) VALUES (?, ?, ?, ?, ?, ?, NULL) "
            "ON CONFLICT (id) DO NOTHING RETURNING id",
            (record.id, record.lead_id, record.expert_id, record.worker_email,
             iso(record.issued_at, "issued_at"), iso(record.expires_at, "expires_at"))) is not None

    def consent(self, token_id: str) -> ConsentRecord:
        return _consent_in(self.tx, token_id)

    def use_consent(self, token_id: str, now: dt.datetime) -> bool:
        return self.tx.one("UPDATE lead_consents SET used_at = ? WHERE id = ? AND used_at IS NULL "
                           "RETURNING id", (iso(now), token_id)) is not None

    def enqueue(self, message: Message, now: dt.datetime) -> bool:
        return enqueue_in(self.tx, message, now)

    def enqueue_all(self, messages: Sequence[Message], now: dt.datetime) -> None:
        if len(messages) == 1:
            enqueue_in(self.tx, messages[0], now)
        else:
            enqueue_many_in(self.tx, messages, now)

    def erase_contact(self, lead_id: str) -> bool:
        return self.tx.one("DELETE FROM lead_contacts WHERE lead_id = ? RETURNING lead_id",
                           (lead_id,)) is not None

    def settled_with_contact(self) -> list[tuple[str, dt.datetime, dt.datetime | None, dt.datetime | None]]:
        rows = self.tx.all(
            "SELECT l.id, (SELECT MAX(o.expires_at) FROM lead_offers o WHERE o.lead_id = l.id), "
            "(SELECT MAX(q.submitted_at) FROM lead_quotes q WHERE q.lead_id = l.id), l.closed_at "
            "FROM lead_leads l JOIN lead_contacts c ON c.lead_id = l.id "
            "WHERE l.status <> 'accepted' "
            "AND EXISTS (SELECT 1 FROM lead_offers o WHERE o.lead_id = l.id) "
            "AND NOT EXISTS (SELECT 1 FROM lead_offers o WHERE o.lead_id = l.id AND o.status = 'offered') "
            "ORDER BY l.id")
        return [(r[0], from_iso(r[1]), from_iso(r[2]), from_iso(r[3]))  # type: ignore[misc]
                for r in rows]

    def unmatched_with_contact(self, submitted_before: dt.datetime) -> list[str]:
        rows = self.tx.all(
            "SELECT l.id FROM lead_leads l JOIN lead_contacts c ON c.lead_id = l.id "
            "WHERE l.status = 'new' AND l.created_at < ? ORDER BY l.id", (iso(submitted_before),))
        return [r[0] for r in rows]

    def add_lead(self, lead: Lead, contact: WorkerContact) -> bool:
        row = self.tx.one(
            "INSERT INTO lead_leads (id, area, wai, signals, created_at, status, owner_expert_id) "
            "VALUES (?, ?, ?, ?, ?, 'new', NULL) ON CONFLICT (id) DO NOTHING RETURNING id",
            (lead.id, lead.area.code, str(lead.wai), json.dumps([list(p) for p in lead.signals]),
             iso(lead.created_at, "created_at")))
        if row is None:
            return False
        self.tx.execute("INSERT INTO lead_contacts (lead_id, name, email, phone) VALUES (?, ?, ?, ?)",
                        (lead.id, contact.name, contact.email, contact.phone))
        return True

    def contact_or_none(self, lead_id: str) -> WorkerContact | None:
        row = self.tx.one("SELECT name, email, phone FROM lead_contacts WHERE lead_id = ?", (lead_id,))
        return None if row is None else WorkerContact(row[0], row[1], row[2])

    def lead_offers(self, lead_id: str) -> list[Offer]:
        return [_offer(r) for r in self.tx.all(
            f"SELECT {_OFFER_COLS} FROM lead_offers WHERE lead_id = ? ORDER BY rank, id", (lead_id,))]

    def close_lead(self, lead_id: str, now: dt.datetime, *, when: str) -> bool:
        return self.tx.one("UPDATE lead_leads SET status = 'closed', closed_at = ? WHERE id = ? "
                           "AND status = ? RETURNING id", (iso(now), lead_id, when)) is not None

    def leads_to_settle(self, limit: int, quoted_before: dt.datetime | None) -> list[str]:
        last_quote = "(SELECT MAX(q.submitted_at) FROM lead_quotes q WHERE q.lead_id = l.id)"
        quoted = (f"{last_quote} IS NULL" if quoted_before is None
                  else f"{last_quote} IS NULL OR {last_quote} <= ?")
        params: tuple[Any, ...] = (limit,) if quoted_before is None else (iso(quoted_before), limit)
        rows = self.tx.all(
            "SELECT l.id FROM lead_leads l WHERE l.status = 'offered' "
            "AND NOT EXISTS (SELECT 1 FROM lead_offers o WHERE o.lead_id = l.id AND o.status = 'offered') "
            f"AND ({quoted}) ORDER BY l.id LIMIT ?", params)
        return [r[0] for r in rows]

    def add_event(self, event: LeadEvent) -> None:
        self.tx.execute("INSERT INTO lead_events (lead_id, expert_id, kind, at) VALUES (?, ?, ?, ?)",
                        (event.lead_id, event.expert_id, event.kind, iso(event.at, "at")))

    def add_events(self, events: Sequence[LeadEvent]) -> None:
        if not events:
            return
        # one multi-row insert; every backend numbers the rows in the order given
        self.tx.execute("INSERT INTO lead_events (lead_id, expert_id, kind, at) VALUES "
                        + ", ".join(["(?, ?, ?, ?)"] * len(events)),
                        tuple(v for e in events for v in (e.lead_id, e.expert_id, e.kind, _iso(e.at, "at"))))

    def lock_expert(self, expert_id: str) -> None:
        if self.tx.one("UPDATE lead_experts SET lead_cap = lead_cap WHERE id = ? RETURNING id",
                       (expert_id,)) is None:
            raise NotFoundError("expert", expert_id)

    def subscriptions(self, expert_id: str) -> list[LeadSubscription]:
        return [_subscription(a, b) for a, b in self.tx.all(
            "SELECT start_day, end_day FROM lead_subscriptions WHERE expert_id = ? ORDER BY start_day",
            (expert_id,))]

    def add_subscription(self, expert_id: str, subscription: LeadSubscription) -> bool:
        return self.tx.one(
            "INSERT INTO lead_subscriptions (expert_id, start_day, end_day) VALUES (?, ?, ?) "
            "ON CONFLICT (expert_id, start_day) DO NOTHING RETURNING expert_id",
            (expert_id, subscription.start.isoformat(),
             None if subscription.end is None else subscription.end.isoformat())) is not None

    def set_subscription_end(self, expert_id: str, start: dt.date, end: dt.date) -> bool:
        return self.tx.one(
            "UPDATE lead_subscriptions SET end_day = ? WHERE expert_id = ? AND start_day = ? "
            "AND end_day IS NULL RETURNING expert_id",
            (end.isoformat(), expert_id, start.isoformat())) is not None


def _consent_in(tx: Tx, token_id: str) -> ConsentRecord:
    row = tx.one("SELECT id, lead_id, expert_id, worker_email, issued_at, expires_at, used_at "
                 "FROM lead_consents WHERE id = ?", (token_id,))
    if row is None:
        raise NotFoundError("consent", token_id)
    return _consent(row)


class SqlLeadRepository:
    """Leads, offers, quotes and acceptances on SQL: loads and stores; each step that
    changes state runs a rule of :mod:`werkscan._leads.units` in one unit of work."""

    def __init__(self, db: SqlDatabase) -> None:
        self.db = db

    def atomic(self, fn: Callable[[SqlLeadUnit], T]) -> T:
        """Run ``fn`` in one unit of work (one transaction, retried when transient)."""
        return self.db.run(lambda tx: fn(SqlLeadUnit(tx)))

    def add(self, lead: Lead, contact: WorkerContact) -> None:
        self.atomic(lambda unit: add_lead(unit, lead, contact))

    def get(self, lead_id: str) -> Lead:
        return self.db.run(lambda tx: _lead_in(tx, lead_id))

    def offer(self, lead_id: str, offers: Sequence[tuple[Offer, Message]] | OfferChooser,
              now: dt.datetime, *, max_offers: int = 3) -> list[Offer]:
        aware(now, "now")
        return self.atomic(lambda unit: offer_lead(unit, lead_id, offers, now, max_offers=max_offers))

    def offers(self, *, lead_id: str | None = None, expert_id: str | None = None,
               status: str | None = None) -> list[Offer]:
        where, params = [], []
        for column, value in (("lead_id", lead_id), ("expert_id", expert_id), ("status", status)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        rows = self.db.run(lambda tx: tx.all(
            f"SELECT {_OFFER_COLS} FROM lead_offers{clause} ORDER BY lead_id, rank, id", params))
        return [_offer(r) for r in rows]

    def get_offer(self, offer_id: str) -> Offer:
        return self.db.run(lambda tx: _offer_in(tx, offer_id))

    def process_due(self, now: dt.datetime, reminder: ReminderFactory, *,
                    limit: int = 500, notices: LeadNotices | None = None,
                    accept_within_days: int | None = None,
                    zone: str = "Europe/Amsterdam") -> DueReport:
        aware(now, "now")
        expired = self.atomic(lambda unit: expire_offers(unit, now, notices))
        reminded = self.atomic(lambda unit: send_reminders(unit, now, reminder, limit=limit))
        closed = self.atomic(lambda unit: close_settled(
            unit, now, notices, accept_within_days=accept_within_days, zone=zone, limit=limit))
        return DueReport(tuple(reminded), tuple(expired), tuple(closed))

    def decline(self, offer_id: str, now: dt.datetime, notices: LeadNotices) -> Offer:
        aware(now, "now")
        return self.atomic(lambda unit: decline_offer(unit, offer_id, now, notices))

    def decline_quotes(self, lead_id: str, now: dt.datetime, notices: LeadNotices) -> list[str]:
        aware(now, "now")
        return self.atomic(lambda unit: decline_quotes(unit, lead_id, now, notices))

    def events(self, *, lead_id: str | None = None, expert_id: str | None = None) -> list[LeadEvent]:
        where, params = [], []
        for column, value in (("lead_id", lead_id), ("expert_id", expert_id)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        rows = self.db.run(lambda tx: tx.all(
            f"SELECT lead_id, expert_id, kind, at FROM lead_events{clause} ORDER BY seq", params))
        return [_event(r) for r in rows]

    def submit_quote(self, quote: Quote, notice: QuoteNotice, now: dt.datetime) -> Quote:
        aware(now, "now")
        return self.atomic(lambda unit: take_quote(unit, quote, notice, now))

    def quotes(self, lead_id: str) -> list[Quote]:
        rows = self.db.run(lambda tx: tx.all(
            "SELECT offer_id, lead_id, expert_id, amount, body, submitted_at FROM lead_quotes "
            "WHERE lead_id = ? ORDER BY submitted_at, offer_id", (lead_id,)))
        return [Quote(o, lead, e, Money(a), body, from_iso(t))  # type: ignore[arg-type]
                for o, lead, e, a, body, t in rows]

    def accept(self, offer_id: str, fee: Money, notice: ContactNotice,
               now: dt.datetime, *, accept_within_days: int | None = None,
               zone: str = "Europe/Amsterdam", notices: LeadNotices | None = None) -> Acceptance:
        aware(now, "now")
        return self.atomic(lambda unit: accept_quote(unit, offer_id, fee, notice, now,
                                                     accept_within_days=accept_within_days, zone=zone,
                                                     notices=notices))

    def acceptance(self, lead_id: str) -> Acceptance | None:
        def step(tx: Tx) -> tuple[Any, ...] | None:
            _lead_in(tx, lead_id)
            return tx.one("SELECT lead_id, offer_id, expert_id, fee, accepted_at "
                          "FROM lead_acceptances WHERE lead_id = ?", (lead_id,))

        row = self.db.run(step)
        if row is None:
            return None
        return Acceptance(row[0], row[1], row[2], Money(row[3]), from_iso(row[4]))  # type: ignore[arg-type]

    def contact_for(self, lead_id: str, expert_id: str) -> WorkerContact:
        return self.atomic(lambda unit: release_contact(unit, lead_id, expert_id))

    def erase_contact(self, lead_id: str, now: dt.datetime,
                      notices: LeadNotices | None = None) -> bool:
        aware(now, "now")
        return self.atomic(lambda unit: erase_contact(unit, lead_id, now, notices))

    def erase_due(self, now: dt.datetime, *, after_days: int, accept_within_days: int,
                  zone: str = "Europe/Amsterdam") -> list[str]:
        aware(now, "now")
        return self.atomic(lambda unit: erase_due(unit, now, after_days=after_days,
                                                  accept_within_days=accept_within_days, zone=zone))


class SqlConsentRepository:
    """Consent links on SQL; issuing and redeeming run the rules of
    :mod:`werkscan._leads.units` in one unit of work."""

    def __init__(self, db: SqlDatabase) -> None:
        self.db = db

    def issue(self, record: ConsentRecord, message: Message, now: dt.datetime) -> None:
        aware(now, "now")
        self.db.run(lambda tx: issue_consent(SqlLeadUnit(tx), record, message, now))

    def get(self, token_id: str) -> ConsentRecord:
        return self.db.run(lambda tx: _consent_in(tx, token_id))

    def redeem(self, token_id: str, now: dt.datetime) -> ConsentRecord:
        aware(now, "now")
        return self.db.run(lambda tx: redeem_consent(SqlLeadUnit(tx), token_id, now))

    def clients(self, expert_id: str) -> list[ConsentRecord]:
        rows = self.db.run(lambda tx: tx.all(
            "SELECT id, lead_id, expert_id, worker_email, issued_at, expires_at, used_at "
            "FROM lead_consents WHERE expert_id = ? AND used_at IS NOT NULL ORDER BY used_at, id",
            (expert_id,)))
        return [_consent(r) for r in rows]
