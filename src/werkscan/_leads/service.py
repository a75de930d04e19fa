"""The life of a lead: match, offer, remind, expire, quote, accept, consent (WS-LEAD-1..9).

:class:`LeadService` runs over the storage, geocoder and notifier protocols of
:mod:`blikopwerk`; every state change that notifies someone queues its message in the
outbox in the same transaction (deliver with :func:`blikopwerk.deliver_outbox`).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets
import zoneinfo
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from blikopwerk._backends.offline_geocoder import OfflineGeocoder
from blikopwerk._calendar import WorkingDayCalendar
from blikopwerk._errors import ConfigurationError, InvalidValueError, NotFoundError
from blikopwerk._money import Money
from blikopwerk._postcode import PC4, Postcode, parse_area
from blikopwerk._protocols import Geocoder, Message, Storage
from blikopwerk._rules import RuleSet
from werkscan._leads.checks import check_consent_link, check_consent_secret
from werkscan._leads.experts import LeadPricing
from werkscan._leads.matching import ExpertIndex, LeadMatcher, Match, distance_band
from werkscan._leads.records import (
    Acceptance,
    ConsentLinkExpiredError,
    ConsentLinkInvalidError,
    ConsentRecord,
    DueReport,
    Expert,
    Lead,
    LeadEvent,
    LeadNotices,
    LeadSubscription,
    Offer,
    Quote,
    WorkerContact,
    aware,
    check_email,
    check_id,
    check_lead_id,
    require_leads,
)
from werkscan._leads.rules import LEAD_RULES
from werkscan._scoring.model import SignalArea, SignalLevel

__all__ = [
    "EXPERT_LEAD_STATES",
    "ConsentSigner",
    "ExpertLeadView",
    "LeadDeadlines",
    "LeadService",
    "OpenLeadView",
    "lead_deadlines",
    "reminder_message",
]

if TYPE_CHECKING:
    from blikopwerk._geo import GeoPoint
    from werkscan._leads.records import ExpertState
    from werkscan._leads.units import LeadUnit


def _view_signals(value: Iterable[tuple[Any, Any]]) -> tuple[tuple[SignalArea, SignalLevel], ...]:
    try:
        return tuple((SignalArea(a), SignalLevel(lvl)) for a, lvl in value)
    except ValueError as exc:
        raise InvalidValueError("signals", value, str(exc)) from None


@attrs.frozen(slots=True)
class OpenLeadView:
    """What an expert sees of an open lead, and all it can hold (WS-LEAD-7).

    The WAI score, the signal areas with their levels, and the distance band; no name,
    e-mail, postcode, answers or exact distance. The class has slots and no other fields,
    so nothing else can be attached to it.

    Example:
        >>> v = OpenLeadView(Decimal("31.5"), [("work", "strong")], "25-50 km")
        >>> v.to_json()
        {'wai': '31.5', 'signals': {'work': 'strong'}, 'distance_band': '25-50 km'}
    """

    wai: Decimal
    signals: tuple[tuple[SignalArea, SignalLevel], ...] = attrs.field(converter=_view_signals)
    distance_band: str

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (what an expert portal would show)."""
        return {"wai": str(self.wai), "signals": {a.value: lvl.value for a, lvl in self.signals},
                "distance_band": self.distance_band}


#: The states an expert's leads are listed by (WS-LEAD-11, -12): still open, quoted and
#: waiting for the worker, won (accepted), lost (closed by another's step), expired,
#: declined by the expert.
EXPERT_LEAD_STATES: tuple[str, ...] = ("offered", "quoted", "won", "lost", "expired", "declined")
_STATE_OF = {"offered": "offered", "quoted": "quoted", "accepted": "won", "closed": "lost",
             "expired": "expired", "declined": "declined"}


@attrs.frozen(slots=True)
class ExpertLeadView:
    """One of an expert's leads as the expert sees it (WS-LEAD-7, -11): the offer, its state
    (one of :data:`EXPERT_LEAD_STATES`), the WAI score, the signal areas and the distance
    band, when it was offered and until when a quote could be sent; no name, contact
    data, postcode or exact distance.

    Example:
        >>> t = dt.datetime(2026, 12, 22, 9, tzinfo=dt.UTC)
        >>> v = ExpertLeadView("L1:E1", "L1", "won", OpenLeadView(Decimal("31.5"), [("work", "strong")], "0-10 km"),
        ...                    t, t + dt.timedelta(days=8))
        >>> v.to_json()["state"], v.to_json()["distance_band"]
        ('won', '0-10 km')
    """

    offer_id: str
    lead_id: str
    state: str
    view: OpenLeadView
    offered_at: dt.datetime
    expires_at: dt.datetime

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (what an expert portal would list)."""
        return {"offer": self.offer_id, "lead": self.lead_id, "state": self.state, **self.view.to_json(),
                "offered_at": self.offered_at.isoformat(), "expires_at": self.expires_at.isoformat()}


@attrs.frozen
class LeadDeadlines:
    """When the reminder is due and when the quote deadline ends (WS-LEAD-5, -6).

    ``reminder_day`` is the 4th working day after the offer (three full working days have
    passed), ``deadline_day`` the 5th; ``expires_at`` is midnight (Dutch time) at the end of
    ``deadline_day``.
    """

    offered_at: dt.datetime
    reminder_day: dt.date
    reminder_at: dt.datetime
    deadline_day: dt.date
    expires_at: dt.datetime


def lead_deadlines(offered_at: dt.datetime, *, calendar: WorkingDayCalendar | None = None,
                   rules: RuleSet = LEAD_RULES) -> LeadDeadlines:
    """Reminder and deadline of an offer on the Dutch working-day calendar (K-DAY-1).

    Day 1 is the first working day after the (Dutch) day of the offer. The deadline ends
    with working day ``deadline_working_days`` (5, WS-LEAD-5). The reminder goes "na 3
    werkdagen" (WS-LEAD-6): once ``reminder_working_days`` (3) full working days have passed,
    i.e. at ``reminder_time`` (09:00, Dutch time) on the next working day, the 4th (decision,
    revised). An offer on Monday: reminder Friday 09:00, quotes until the end of the
    following Monday.

    Raises:
        InvalidValueError: the rule set puts the reminder after the last day to quote.

    Example:
        >>> d = lead_deadlines(dt.datetime(2026, 12, 22, 14, 0, tzinfo=dt.UTC))
        >>> d.reminder_day, d.deadline_day     # 25 and 26 December are holidays
        (datetime.date(2026, 12, 29), datetime.date(2026, 12, 30))
        >>> d.reminder_at.isoformat(), d.expires_at.isoformat()
        ('2026-12-29T09:00:00+01:00', '2026-12-31T00:00:00+01:00')
    """
    aware(offered_at, "offered_at")
    cal = calendar or WorkingDayCalendar()
    tz = zoneinfo.ZoneInfo(str(rules.parameter("timezone")))
    local_day = offered_at.astimezone(tz).date()
    passed = rules.parameter("reminder_working_days", int)
    deadline = rules.parameter("deadline_working_days", int)
    if not 0 <= passed < deadline:
        raise InvalidValueError("reminder_working_days", passed,
                                f"the reminder must fall on or before the last day to quote (day {deadline})")
    reminder_day = cal.add(local_day, passed + 1)
    deadline_day = cal.add(local_day, deadline)
    reminder_at = dt.datetime.combine(reminder_day, rules.parameter("reminder_time", dt.time), tzinfo=tz)
    expires_at = dt.datetime.combine(deadline_day + dt.timedelta(days=1), dt.time(0), tzinfo=tz)
    return LeadDeadlines(offered_at, reminder_day, reminder_at, deadline_day, expires_at)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


class ConsentSigner:
    """Signs and checks consent links with HMAC-SHA256 (WS-LEAD-8).

    A link is ``<token id>.<expiry, Unix seconds>.<signature>``; changing any character
    breaks the signature. Expiry is also stored, and single use is enforced by the storage.

    Example:
        >>> s = ConsentSigner(b"0123456789abcdef0123456789abcdef")
        >>> link = s.sign("tok1", dt.datetime(2027, 1, 5, tzinfo=dt.UTC))
        >>> s.verify(link)[0]
        'tok1'
        >>> s.verify(link[:-1] + ("A" if link[-1] != "A" else "B"))
        Traceback (most recent call last):
        ...
        werkscan._leads.records.ConsentLinkInvalidError: consent_link: the signature does not match (got 'tok1.179…')
    """

    def __init__(self, secret: bytes) -> None:
        self._secret = check_consent_secret(secret)

    def _mac(self, payload: str) -> str:
        return _b64(hmac.new(self._secret, payload.encode("ascii"), hashlib.sha256).digest())

    def sign(self, token_id: str, expires_at: dt.datetime) -> str:
        """The signed link text for ``token_id`` expiring at ``expires_at``."""
        check_id(token_id, "token_id")
        if "." in token_id:
            raise InvalidValueError("token_id", token_id, "must not contain '.'")
        payload = f"{token_id}.{int(aware(expires_at, 'expires_at').timestamp())}"
        return f"{payload}.{self._mac(payload)}"

    def verify(self, link: str) -> tuple[str, dt.datetime]:
        """``(token id, expiry)`` of a well-signed link, else
        :class:`~werkscan.ConsentLinkInvalidError`."""
        check_consent_link(link)
        if link.count(".") != 2:
            raise ConsentLinkInvalidError(link, "malformed link")
        token_id, stamp, mac = link.split(".")
        if not hmac.compare_digest(mac.encode("ascii", "replace"),
                                   self._mac(f"{token_id}.{stamp}").encode("ascii")):
            raise ConsentLinkInvalidError(link, "the signature does not match")
        try:
            return token_id, dt.datetime.fromtimestamp(int(stamp), dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise ConsentLinkInvalidError(link, "malformed expiry") from None


def reminder_message(offer: Offer, expert: Expert, *, lang: str | None = None,
                     zone: str = "Europe/Amsterdam") -> Message:
    """The reminder to an expert who has not quoted yet (WS-LEAD-6); id ``lead-reminder:<offer>``.

    The text is the ``lead-reminder`` e-mail template in ``lang`` (default
    ``BLIKOPWERK_LANGUAGE``, else Dutch); the last day (in ``zone``, the rule set's time
    zone) is written in words.

    Example:
        >>> from werkscan._leads.records import Establishment
        >>> e = Expert("E1", "A", "a@example.nl", [Establishment("3811")], 3)
        >>> t = dt.datetime(2026, 12, 22, tzinfo=dt.UTC)
        >>> reminder_message(Offer("L1:E1", "L1", "E1", 1, 20000, t, t, t), e).id
        'lead-reminder:L1:E1'
    """
    from werkscan._mail import lead_reminder

    return lead_reminder(offer, expert, lang=lang, zone=zone)


class LeadService:
    """Leads from match to consent over any storage backend (WS-LEAD-1..9).

    Args:
        storage: a backend with the lead repositories (``memory://``, SQLite, PostgreSQL).
        geocoder: postcode to point (default: the offline PC4 table).
        secret: the key that signs consent links (at least 16 bytes; keep it secret);
            needed only for :meth:`request_consent` and :meth:`consent`.
        calendar: the working-day calendar (default: Dutch public holidays, K-DAY-1).
        rules: the lead rules (default :data:`~werkscan.LEAD_RULES`).
        pricing: the prices (default from ``rules``).
        consent_url: the address a consent link is appended to.

    Example:
        >>> from blikopwerk import MemoryStorage
        >>> from werkscan._leads.records import Establishment
        >>> s = MemoryStorage()
        >>> t = dt.datetime(2026, 12, 22, 10, tzinfo=dt.UTC)
        >>> s.experts.add(Expert("E1", "A", "a@example.nl", [Establishment("3811")], 5), t)
        >>> svc = LeadService(s, secret=secrets.token_bytes(32))
        >>> svc.subscribe("E1", t).start          # only subscribed experts are matched
        datetime.date(2026, 12, 22)
        >>> lead = svc.submit("L1", "3511 AB", 31.5, {"work": "strong"},
        ...                   WorkerContact("Jan", "jan@example.nl"), t)
        >>> [o.expert_id for o in svc.offer("L1", t)]
        ['E1']
        >>> svc.open_leads("E1", t)["L1:E1"].distance_band
        '10-25 km'
        >>> svc.decline("L1:E1", t).status, svc.storage.leads.get("L1").status
        ('declined', 'closed')
        >>> [e.kind for e in svc.history("L1")]
        ['submitted', 'offered', 'declined', 'lead_closed']
    """

    def __init__(self, storage: Storage, geocoder: Geocoder | None = None, *, secret: bytes | None = None,
                 calendar: WorkingDayCalendar | None = None, rules: RuleSet = LEAD_RULES,
                 pricing: LeadPricing | None = None,
                 consent_url: str = "https://werkscan.invalid/toestemming/") -> None:
        self.storage = require_leads(storage)
        self.geocoder: Geocoder = geocoder or OfflineGeocoder()
        self._signer = None if secret is None else ConsentSigner(secret)
        self.calendar = calendar or WorkingDayCalendar()
        self.rules = rules
        self.pricing = pricing or LeadPricing.from_rules(rules)
        self.consent_url = consent_url
        self._index: tuple[Any, ExpertIndex] | None = None
        self._zone = zoneinfo.ZoneInfo(str(rules.parameter("timezone")))
        self._deadlines: dict[dt.date, LeadDeadlines] = {}
        from werkscan._leads.live import LiveIndex

        self._live = LiveIndex(self.storage, self.geocoder, f"{rules.parameter('radius_km')} km")

    @property
    def signer(self) -> ConsentSigner:
        """The consent-link signer; a :class:`~blikopwerk.ConfigurationError` without a secret."""
        if self._signer is None:
            raise ConfigurationError("consent links need a secret: LeadService(..., secret=b'...')")
        return self._signer

    # ------------------------------------------------------------------ matching

    def matcher(self, on: dt.date, *, index: ExpertIndex | None = None) -> LeadMatcher:
        """A matcher over the stored experts as they are on the day ``on``.

        The establishment index is kept between calls and rebuilt only when the experts
        or their establishments change; availability and open leads are read fresh.
        """
        states = self.storage.experts.states()
        if index is None:
            key = tuple((s.expert.id, tuple(str(e.postcode) for e in s.expert.establishments))
                        for s in states)
            if self._index is None or self._index[0] != key:
                self._index = (key, ExpertIndex.from_states(
                    states, self.geocoder, radius=f"{self.rules.parameter('radius_km')} km"))
            index = self._index[1]
        return LeadMatcher.from_states(states, self.geocoder, on, rules=self.rules, index=index)

    def match(self, postcode: str | PC4 | Postcode, on: dt.date) -> tuple[Match, ...]:
        """At most 3 experts within 50 km of ``postcode``, nearest first (WS-LEAD-2..4).

        Raises:
            UnknownPostcodeError: the geocoder does not know the postcode (never an
                empty match in its place).
        """
        point = self.geocoder.lookup(parse_area(postcode))
        return self.matcher(on).match(point)

    # ------------------------------------------------------------------ lead life

    def submit(self, lead_id: str | None, postcode: str | PC4 | Postcode, wai: Any,
               signals: Mapping[Any, Any] | Iterable[tuple[Any, Any]], contact: WorkerContact,
               now: dt.datetime) -> Lead:
        """Store a new lead (WS-LEAD-1). Only the PC4 area of ``postcode`` is kept; the
        contact data is stored apart and never shown to experts before acceptance.

        Pass ``None`` as ``lead_id`` and the library makes an opaque one (WS-LEAD-13,
        :meth:`new_lead_id`); an id given that carries an e-mail address or a postcode is
        refused with :class:`~blikopwerk.InvalidValueError` naming ``lead_id``.
        """
        lead_id = self.new_lead_id() if lead_id is None else check_lead_id(lead_id)
        area = parse_area(postcode)
        self.geocoder.lookup(area)  # an unknown postcode is an error now, not an empty match
        pairs = signals.items() if isinstance(signals, Mapping) else signals
        checked = _view_signals(pairs)
        lead = Lead(lead_id, area, wai, [(a.value, lvl.value) for a, lvl in checked], now)
        self.storage.leads.add(lead, contact)
        return lead

    @staticmethod
    def new_lead_id() -> str:
        """A new opaque lead id made by the library (WS-LEAD-13): ``ld-`` and 20 random
        hexadecimal digits, nothing about the worker in it.

        Example:
            >>> lid = LeadService.new_lead_id()
            >>> lid.startswith("ld-"), len(lid), lid == LeadService.new_lead_id()
            (True, 23, False)
        """
        return f"ld-{secrets.token_hex(10)}"

    def offer(self, lead_id: str, now: dt.datetime) -> tuple[Offer, ...]:
        """Match the lead and offer it to the matched experts (WS-LEAD-1..6).

        Each offer gets its reminder time and deadline, and a message to the expert with
        what they may see (WS-LEAD-7). When an expert's cap filled up meanwhile (another
        process), the next expert in line gets the offer instead. Returns the offers made
        by this call (none when nobody is in range: the lead stays ``new``).

        One unit of work: the lead is locked, the candidates' states are read, the offers
        stored and their messages queued in one transaction; candidates come
        from the live index (:meth:`refresh_index`), nearest first.

        Raises:
            NotFoundError: no such lead.
            ConflictError: the lead is not ``new`` (it was offered already).
        """
        aware(now, "now")
        day = now.astimezone(self._zone).date()
        deadlines = self._deadlines.get(day)
        if deadlines is None:  # they depend on the Dutch day of the offer only
            deadlines = self._deadlines[day] = lead_deadlines(now, calendar=self.calendar, rules=self.rules)
        remind, expires = deadlines.reminder_at, deadlines.expires_at
        index = self._live.get()

        def choose(unit: LeadUnit, lead: Lead, taken: frozenset[str], need: int,
                   rank: int) -> list[tuple[Offer, Message]]:
            point = self.geocoder.lookup(lead.area)
            found, experts = self._nearest(unit, index, point, day, taken, need)
            signals = _view_signals(lead.signals)
            batch = []
            for at, m in enumerate(found, start=rank):
                offer = Offer(Offer.make_id(lead.id, m.expert_id), lead.id, m.expert_id, at,
                              round(m.distance_m), now, remind, expires)
                batch.append((offer, self._offer_message(lead, offer, experts[m.expert_id], signals)))
            return batch

        return tuple(self.storage.leads.offer(lead_id, choose, now,
                                              max_offers=self.rules.parameter("max_experts", int)))

    def _nearest(self, unit: LeadUnit, index: ExpertIndex, point: GeoPoint, day: dt.date,
                 exclude: frozenset[str], need: int) -> tuple[tuple[Match, ...], dict[str, Expert]]:
        """The ``need`` experts a lead at ``point`` goes to, as :meth:`match` ranks them,
        reading in ``unit`` the state of the nearest candidates only (WS-LEAD-2..4).

        Candidates come from the index nearest first (RD New); their states are read, more
        at a time, until the ranking cannot change by reading farther ones: an expert not
        read has no establishment within the last match's geodesic distance plus the
        margin (all of them when fewer than ``need`` are found), and RD New is within the
        margin of the geodesic (K-GEO-1). Unread experts count as unavailable meanwhile.
        """
        states: dict[str, ExpertState] = {}
        read: set[str] = set(exclude)
        ids = index.expert_ids
        reach = index.radius_m + index.margin_m
        size, k = 2 * need, 24
        available: set[str] = set()
        open_leads: dict[str, int] = {}
        while True:
            codes, rd, geodesic, complete = index.nearest_measured(point, max(k, size + 1))
            size = min(size, len(codes))
            fresh = sorted({ids[c] for c in codes[:size]} - read)
            if fresh:
                read.update(fresh)
                for st in unit.states(fresh):
                    states[st.expert.id] = st
                    open_leads[st.expert.id] = st.open_leads
                    if st.available(day):
                        available.add(st.expert.id)
            # as LeadMatcher.rank ranks them, in plain Python over these few rows
            found = index.rank_measured(codes[:size], geodesic[:size], available=available,
                                        open_leads=open_leads, exclude=exclude, max_experts=need)
            bound = min(reach, found[-1].distance_m + index.margin_m) if len(found) == need else reach
            if size < len(codes):
                if rd[size] > bound:  # the first row not read is beyond the bound
                    break
                size *= 2
            elif complete:  # every row within reach is read
                break
            else:
                k = 4 * max(k, size)
        return found, {m.expert_id: states[m.expert_id].expert for m in found}

    def register_expert(self, expert: Expert, now: dt.datetime) -> None:
        """Register an expert (placed with this service's geocoder first) and add them to
        the index offers are matched on (WS-LEAD-2).

        Raises:
            UnknownPostcodeError: an establishment cannot be placed.
            ConflictError: the id is taken.
        """
        from werkscan._leads.experts import ExpertService

        ExpertService(self.storage, self.geocoder).register(expert, now)

    def subscribe(self, expert_id: str, start: dt.date | dt.datetime) -> LeadSubscription:
        """Start the expert's lead subscription on ``start`` (its Dutch day): only subscribed
        experts are matched (WS-LEAD-9, -10); see :meth:`ExpertService.subscribe`."""
        from werkscan._leads.experts import ExpertService

        return ExpertService(self.storage, self.geocoder).subscribe(expert_id, start)

    def end_subscription(self, expert_id: str, last_day: dt.date | dt.datetime) -> LeadSubscription:
        """End the expert's lead subscription after ``last_day`` (WS-LEAD-10); see
        :meth:`ExpertService.end_subscription`."""
        from werkscan._leads.experts import ExpertService

        return ExpertService(self.storage, self.geocoder).end_subscription(expert_id, last_day)

    def move_expert(self, expert_id: str, establishments: Iterable[Any]) -> Expert:
        """Replace an expert's establishments; the index follows (WS-LEAD-2)."""
        from werkscan._leads.experts import ExpertService

        return ExpertService(self.storage, self.geocoder).set_establishments(expert_id, establishments)

    def refresh_index(self) -> None:
        """Read the stored experts again on the next offer: call it after another process
        registered or moved experts (changes made in this process are followed already)."""
        self._live.refresh()

    def _offer_message(self, lead: Lead, offer: Offer, expert: Expert,
                       signals: tuple[tuple[SignalArea, SignalLevel], ...]) -> Message:
        """The offer's message to the expert: what :meth:`view` shows, nothing more (WS-LEAD-7)."""
        from werkscan._mail import lead_offer

        band = distance_band(offer.distance_m, self.distance_bands)
        return lead_offer(offer, expert, wai=lead.wai, signals=signals, distance_band=band, zone=self.zone)

    @staticmethod
    def view(lead: Lead, distance_m: float, bands: Any = None) -> OpenLeadView:
        """What an expert at ``distance_m`` sees of ``lead`` (WS-LEAD-7), its distance in
        ``bands`` (a rule table; default: the standard ``distance_bands``). The service
        passes the bands of its rule set."""
        band = distance_band(distance_m) if bands is None else distance_band(distance_m, bands)
        return OpenLeadView(lead.wai, lead.signals, band)

    @property
    def distance_bands(self) -> Any:
        """The distance bands of the rule set in use (WS-LEAD-7)."""
        return self.rules["distance_bands"]

    def open_leads(self, expert_id: str, now: dt.datetime) -> dict[str, OpenLeadView]:
        """The expert's leads still open for a quote, by offer id (WS-LEAD-7)."""
        aware(now, "now")
        result: dict[str, OpenLeadView] = {}
        for offer in self.storage.leads.offers(expert_id=expert_id, status="offered"):
            if now < offer.expires_at:
                result[offer.id] = self.view(self.storage.leads.get(offer.lead_id), offer.distance_m,
                                             self.distance_bands)
        return result

    def process_due(self, now: dt.datetime, *, limit: int = 500) -> DueReport:
        """Close expired offers and send due reminders, each once (WS-LEAD-5, -6).

        Also closes the leads none of whose offers is open any more (WS-LEAD-11): when no
        quote came, the worker is told, once; when quotes came and the time to accept them
        ended, the experts who quoted are told. Expired offers are told to their experts.
        Idempotent: run it as often as you like, from as many processes as you like.
        """
        zone = self.zone
        return self.storage.leads.process_due(
            now, lambda offer, expert: reminder_message(offer, expert, zone=zone), limit=limit,
            notices=self.notices, accept_within_days=self.rules.parameter("accept_within_days", int),
            zone=zone)

    @property
    def zone(self) -> str:
        """The time zone of the rule set in use (its ``timezone`` parameter)."""
        return str(self.rules.parameter("timezone"))

    def quote(self, offer_id: str, amount: Money | Decimal | str, text: str,
              now: dt.datetime) -> Quote:
        """An expert's quote, passed on to the worker; refused after the deadline (WS-LEAD-5)."""
        offer = self.storage.leads.get_offer(offer_id)
        money = amount if isinstance(amount, Money) else Money(amount)
        if money <= Money.zero():
            raise InvalidValueError("amount", amount, "a quote must be above zero")
        quote = Quote(offer.id, offer.lead_id, offer.expert_id, money, str(text), aware(now, "now"))
        return self.storage.leads.submit_quote(quote, _quote_notice, now)

    def accept(self, offer_id: str, now: dt.datetime) -> Acceptance:
        """The worker accepts a quote: the expert owns the lead, receives the contact data,
        and pays the acceptance fee, lower for Keurmerk holders (WS-LEAD-8, -9).

        Within ``accept_within_days`` (30) of the Dutch day of the lead's last quote
        (WS-LEAD-12); later, :class:`~werkscan.AcceptancePeriodOverError`.
        """
        offer = self.storage.leads.get_offer(offer_id)
        expert = self.storage.experts.get(offer.expert_id)
        fee = self.pricing.fee_for(keurmerk=expert.keurmerk)
        return self.storage.leads.accept(offer_id, fee, _contact_notice, now,
                                         accept_within_days=self.rules.parameter("accept_within_days", int),
                                         zone=self.zone, notices=self.notices)

    def quotes(self, lead_id: str) -> list[Quote]:
        """The quotes the worker received for the lead, oldest first (WS-LEAD-12)."""
        self.storage.leads.get(lead_id)  # NotFoundError for an unknown lead
        return self.storage.leads.quotes(lead_id)

    def erase_contact(self, lead_id: str, now: dt.datetime) -> bool:
        """Erase the worker's contact data on the worker's request, at any time (WS-LEAD-12).

        The lead's open and quoted offers close first (their experts are told; a later
        quote is refused as for any closed offer) and a lead not accepted closes; the
        worker gets a confirmation, once. The lead, its offers, quotes, events and counts
        stay; afterwards nobody can receive the contact data. Returns whether anything was
        erased (False when repeated: nothing is sent again).
        """
        return self.storage.leads.erase_contact(check_lead_id(lead_id), aware(now, "now"), self.notices)

    def erase_due(self, now: dt.datetime) -> tuple[str, ...]:
        """Erase the contact data of every lead closed without acceptance at least
        ``erase_contact_after_days`` (90) days ago (WS-LEAD-12); the lead ids erased.

        A lead that never found an expert (still ``new``) keeps its contact data for
        as many days from the day it was submitted; then it is closed and erased in one
        step, so it is never offered without contact data (decision, not official: the
        rules are silent on leads nobody was offered). Automatic erasure sends no mail.

        Safe to repeat, from any number of processes: run it daily with :meth:`process_due`.
        """
        return tuple(self.storage.leads.erase_due(
            now, after_days=self.rules.parameter("erase_contact_after_days", int),
            accept_within_days=self.rules.parameter("accept_within_days", int), zone=self.zone))

    @property
    def notices(self) -> LeadNotices:
        """The messages of the later steps (offer closed or expired, lead closed, erasure
        confirmation): the ``werkscan`` mail templates in ``BLIKOPWERK_LANGUAGE`` (Dutch by
        default). Assign a :class:`~werkscan.LeadNotices` to send others, e.g.
        ``LeadNotices.mail(lang="en")`` for English."""
        if self._notices is None:
            return LeadNotices.mail(zone=self.zone)
        return self._notices

    @notices.setter
    def notices(self, value: LeadNotices) -> None:
        if not isinstance(value, LeadNotices):
            raise InvalidValueError("notices", value, "expected a LeadNotices")
        self._notices = value

    _notices: LeadNotices | None = None

    def decline(self, offer_id: str, now: dt.datetime) -> Offer:
        """The expert declines an open offer; nobody else is approached in its place
        (WS-LEAD-11). When that was the last open offer and no quote came, the lead closes
        and the worker is told, once.

        Raises:
            NotFoundError: no such offer.
            ConflictError: the offer is not open (quoted, expired, declined or closed).
        """
        return self.storage.leads.decline(offer_id, aware(now, "now"), self.notices)

    def decline_quotes(self, lead_id: str, now: dt.datetime) -> tuple[str, ...]:
        """The worker declines every quote (WS-LEAD-12): the lead closes, its open and
        quoted offers close and their experts are told. The offer ids closed.

        Raises:
            NotFoundError: no such lead.
            ConflictError: the lead was accepted or closed, or never offered.
        """
        return tuple(self.storage.leads.decline_quotes(check_lead_id(lead_id), aware(now, "now"),
                                                       self.notices))

    def accept_until(self, lead_id: str) -> dt.datetime | None:
        """The first instant the worker can no longer accept a quote of the lead
        (WS-LEAD-12), None before the first quote."""
        from werkscan._leads.units import accept_until

        quotes = self.quotes(lead_id)
        if not quotes:
            return None
        last = max(q.submitted_at for q in quotes)
        return accept_until(last, self.rules.parameter("accept_within_days", int), self.zone)

    def history(self, lead_id: str) -> list[LeadEvent]:
        """Every step of the lead, oldest first (WS-LEAD-12): who (an expert id, or None
        for the worker and the service), what and when; no personal data."""
        self.storage.leads.get(lead_id)  # NotFoundError for an unknown lead
        return self.storage.leads.events(lead_id=lead_id)

    def expert_history(self, expert_id: str) -> list[LeadEvent]:
        """The steps of the expert's leads that concern the expert, oldest first (WS-LEAD-12)."""
        self.storage.experts.get(expert_id)
        return self.storage.leads.events(expert_id=expert_id)

    def expert_leads(self, expert_id: str, state: str | None = None) -> list[ExpertLeadView]:
        """The expert's leads, oldest offer first, each with its state and the distance
        band only (WS-LEAD-7); only those in ``state`` (one of :data:`EXPERT_LEAD_STATES`)
        when given.

        Raises:
            InvalidValueError: ``state`` is not one of the states.
            NotFoundError: no such expert.
        """
        if state is not None and state not in EXPERT_LEAD_STATES:
            raise InvalidValueError("state", state, f"one of {', '.join(EXPERT_LEAD_STATES)}")
        self.storage.experts.get(expert_id)
        leads: dict[str, Lead] = {}
        views = []
        for offer in sorted(self.storage.leads.offers(expert_id=expert_id), key=lambda o: (o.offered_at, o.id)):
            shown = _STATE_OF[offer.status]
            if state is not None and shown != state:
                continue
            lead = leads.get(offer.lead_id) or self.storage.leads.get(offer.lead_id)
            leads[lead.id] = lead
            views.append(ExpertLeadView(offer.id, lead.id, shown, self.view(lead, offer.distance_m, self.distance_bands),
                                        offer.offered_at, offer.expires_at))
        return views

    def contact_for(self, lead_id: str, expert_id: str) -> WorkerContact:
        """The worker's contact data, for the owning expert only (WS-LEAD-8)."""
        return self.storage.leads.contact_for(lead_id, expert_id)

    def request_consent(self, lead_id: str, expert_id: str, worker_email: str,
                        now: dt.datetime) -> str:
        """The owning expert enters the worker's e-mail; the worker is sent a signed link
        (valid 14 days, once) to consent to sharing the Werkscan (WS-LEAD-8). Returns the link."""
        check_email(worker_email, "worker_email")
        aware(now, "now")
        days = self.rules.parameter("consent_valid_days", int)
        expires = (now + dt.timedelta(days=days)).astimezone(dt.UTC).replace(microsecond=0)
        token_id = secrets.token_hex(16)
        link = self.consent_url + self.signer.sign(token_id, expires)
        record = ConsentRecord(token_id, lead_id, expert_id, worker_email, now, expires)
        from werkscan._mail import consent_request

        message = consent_request(token_id, worker_email, link, expires)
        self.storage.consents.issue(record, message, now)
        return link

    def consent(self, link: str, now: dt.datetime) -> ConsentRecord:
        """The worker follows the link: signature, expiry and single use are checked, then
        the worker appears in the expert's overview (WS-LEAD-8)."""
        aware(now, "now")
        check_consent_link(link)
        text = link[len(self.consent_url):] if link.startswith(self.consent_url) else link
        token_id, expires = self.signer.verify(text)
        if now >= expires:
            raise ConsentLinkExpiredError(token_id, expires)
        try:
            return self.storage.consents.redeem(token_id, now)
        except NotFoundError:
            raise ConsentLinkInvalidError(text, "unknown link") from None

    def overview(self, expert_id: str) -> list[ConsentRecord]:
        """The workers who consented, as the expert's overview shows them (WS-LEAD-8)."""
        return self.storage.consents.clients(expert_id)


def _quote_notice(quote: Quote, contact: WorkerContact) -> Message:
    from werkscan._mail import lead_quote

    return lead_quote(quote, contact)


def _contact_notice(acceptance: Acceptance, contact: WorkerContact, expert: Expert) -> Message:
    from werkscan._mail import lead_accepted

    return lead_accepted(acceptance, contact, expert)
