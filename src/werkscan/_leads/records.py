"""Storage protocols and stored values for Werkscan leads (WS-LEAD-*, WS-DIR-1).

The repositories below are what the lead services in :mod:`werkscan` need, with the
atomic operations that make the guarantees of DESIGN principles 5 and 6 hold on any
backend:

* :meth:`LeadRepository.offer` claims a slot of each expert's lead cap with one
  conditional update (WS-LEAD-4), so two leads offered at once never push an expert past
  the cap, and queues the offer mail in the same transaction.
* :meth:`LeadRepository.process_due` marks a reminder sent and queues it in one
  transaction (message id ``lead-reminder:<offer id>``), so a reminder goes out once even
  when two processes run it at the same moment or a run crashes half-way (WS-LEAD-6), and
  closes offers whose 5-working-day deadline has passed (WS-LEAD-5).
* :meth:`ConsentRepository.redeem` redeems a consent link with one conditional update, so
  it works once (WS-LEAD-8).

Privacy by construction (WS-LEAD-7): a :class:`Lead` holds the worker's PC4 area (all that
matching needs), the WAI score and the signal areas; the contact data is a separate
:class:`WorkerContact` that the repository hands out only to the expert who owns the lead.

A backend offers the repositories as the attributes ``experts``, ``leads`` and
``consents`` of its storage object (:class:`LeadStorage`).
"""

from __future__ import annotations

import datetime
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, Protocol, TypeVar, runtime_checkable

import attrs

import werkscan._storage  # noqa: F401  (registers Werkscan's storage extension)
from blikopwerk._calendar import require_aware
from blikopwerk._errors import ConflictError, InvalidValueError, PluginError
from blikopwerk._money import Money
from blikopwerk._postcode import PC4, Postcode, parse_area
from blikopwerk._protocols import Message, Storage
from blikopwerk._values import storable_validator

__all__ = [
    "Absence",
    "Acceptance",
    "AcceptancePeriodOverError",
    "ConsentLinkExpiredError",
    "ConsentLinkInvalidError",
    "ConsentLinkUsedError",
    "ConsentRecord",
    "ConsentRepository",
    "ContactNotice",
    "DeadlinePassedError",
    "DueReport",
    "Establishment",
    "Expert",
    "ExpertRepository",
    "ExpertState",
    "Lead",
    "LeadEvent",
    "LeadNotices",
    "LeadRepository",
    "LeadStorage",
    "LeadSubscription",
    "Offer",
    "OfferStatus",
    "Quote",
    "QuoteNotice",
    "ReminderFactory",
    "WorkerContact",
    "check_lead_id",
    "require_leads",
]

_R = TypeVar("_R")
OfferStatus = Literal["offered", "quoted", "expired", "accepted", "closed", "declined"]
LeadStatus = Literal["new", "offered", "accepted", "closed"]
#: What the events of a lead record (WS-LEAD-12): one kind per step, no personal data.
EventKind = Literal["submitted", "offered", "reminded", "quoted", "declined", "expired",
                    "accepted", "offer_closed", "lead_closed", "quotes_declined", "contact_erased",
                    "consent_requested", "consented"]
EVENT_KINDS: tuple[str, ...] = ("submitted", "offered", "reminded", "quoted", "declined", "expired",
                                "accepted", "offer_closed", "lead_closed", "quotes_declined",
                                "contact_erased", "consent_requested", "consented")
#: Offer statuses that count as an open lead for the tie-break (WS-LEAD-2).
OPEN_STATUSES: tuple[OfferStatus, ...] = ("offered", "quoted")

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$")
_PO_BOX = re.compile(r"\b(postbus|antwoordnummer|p\.?\s?o\.?\s?box)\b", re.IGNORECASE)


aware = require_aware


def check_id(value: Any, field: str) -> str:
    """An identifier: 1-128 characters of letters, digits and ``._:@-``."""
    if not isinstance(value, str) or not _ID.match(value):
        raise InvalidValueError(field, value, "an id is 1-128 letters, digits or '._:@-'")
    return value


def check_email(value: Any, field: str) -> str:
    """An e-mail address, checked as :class:`blikopwerk.Message` checks its recipients
    (syntax with ``email-validator``: no line breaks, no spaces, a domain with a dot)."""
    from blikopwerk._protocols import check_address

    if (not isinstance(value, str) or value.count("@") != 1 or value.strip() != value
            or " " in value or not all(value.split("@")) or "." not in value.split("@")[1]):
        raise InvalidValueError(field, value, "not an e-mail address")
    return check_address(value, field)


def _id_validator(_inst: Any, attribute: Any, value: Any) -> None:
    check_id(value, attribute.name)


def _lead_id_validator(_inst: Any, attribute: Any, value: Any) -> None:
    check_lead_id(value, attribute.name)


def _email_validator(_inst: Any, attribute: Any, value: Any) -> None:
    check_email(value, attribute.name)


def _aware_validator(_inst: Any, attribute: Any, value: Any) -> None:
    aware(value, attribute.name)


def _count_validator(_inst: Any, attribute: Any, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidValueError(attribute.name, value, "must be a whole number >= 0")


def _area(value: Any) -> PC4 | Postcode:
    if isinstance(value, PC4 | Postcode):
        return value
    if isinstance(value, str) and len(value.strip()) > 4:
        return Postcode.parse(value)
    return parse_area(value)


# --------------------------------------------------------------------------- errors


class DeadlinePassedError(ConflictError):
    """A quote came after the offer's 5-working-day deadline and is refused (WS-LEAD-5).

    Example:
        >>> err = DeadlinePassedError("L1:E1", dt.datetime(2026, 12, 31, tzinfo=dt.UTC))
        >>> err.field, err.value
        ('offer', 'L1:E1')
    """

    code = "deadline_passed"

    def __init__(self, offer_id: str, expires_at: datetime.datetime) -> None:
        self.field = "offer"
        self.value = offer_id
        self.expires_at = expires_at
        super().__init__(f"offer {offer_id!r}: the deadline passed at {expires_at.isoformat()}; "
                         "quotes are no longer passed on (WS-LEAD-5)")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.value, self.expires_at))


class AcceptancePeriodOverError(DeadlinePassedError):
    """The worker accepts a quote after the time to accept ended (WS-LEAD-12): the Dutch day
    of the last quote plus the rule set's ``accept_within_days``.

    Example:
        >>> err = AcceptancePeriodOverError("L1:E1", dt.datetime(2027, 1, 31, tzinfo=dt.UTC))
        >>> err.field, err.value, err.code
        ('offer', 'L1:E1', 'deadline_passed')
    """

    def __init__(self, offer_id: str, expires_at: datetime.datetime) -> None:
        super().__init__(offer_id, expires_at)
        self.args = (f"offer {offer_id!r}: the time to accept ended at {expires_at.isoformat()} "
                     "(WS-LEAD-12)",)

    def __str__(self) -> str:
        return str(self.args[0])


# an e-mail address, or a Dutch postcode standing on its own ("3511AB", "l-3511-ab" is not
# one: only a whole part between separators counts, so random hexadecimal ids never match)
_PERSONAL_ID = re.compile(r"@|(?<![A-Za-z0-9])[1-9][0-9]{3}[ ._:-]?[A-Za-z]{2}(?![A-Za-z0-9])")


def check_lead_id(value: Any, field: str = "lead_id") -> str:
    """A lead id that carries no personal data (WS-LEAD-13), else
    :class:`~blikopwerk.InvalidValueError`.

    The library makes lead ids itself (:meth:`werkscan.LeadService.submit` without an id);
    an id given by the caller must be an id (1-128 letters, digits or ``._:@-``) with no e-mail address and
    no full postcode in it.

    Example:
        >>> check_lead_id("L1")
        'L1'
        >>> check_lead_id("jan@example.nl")
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: lead_id: a lead id must not carry personal data (an e-mail address or a postcode); leave it out and the library makes one (got 'jan@example.nl')
    """
    text = check_id(value, field)
    if _PERSONAL_ID.search(text):
        raise InvalidValueError(field, text, "a lead id must not carry personal data (an e-mail "
                                "address or a postcode); leave it out and the library makes one")
    return text


class ConsentLinkInvalidError(InvalidValueError):
    """A consent link that is malformed, tampered with or unknown (WS-LEAD-8).

    Example:
        >>> ConsentLinkInvalidError("abc", "bad signature").field
        'consent_link'
    """

    code = "consent_link_invalid"

    def __init__(self, link: str, reason: str) -> None:
        shown = link if len(link) <= 12 else link[:8] + "…"
        super().__init__("consent_link", shown, reason)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.value, self.reason))


class ConsentLinkExpiredError(ConflictError):
    """A consent link used after its expiry (14 days, WS-LEAD-8).

    Example:
        >>> ConsentLinkExpiredError("C1", dt.datetime(2027, 1, 1, tzinfo=dt.UTC)).field
        'consent_link'
    """

    code = "consent_link_expired"

    def __init__(self, token_id: str, expires_at: datetime.datetime) -> None:
        self.field = "consent_link"
        self.value = token_id
        self.expires_at = expires_at
        super().__init__(f"consent link {token_id!r} expired at {expires_at.isoformat()}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.value, self.expires_at))


class ConsentLinkUsedError(ConflictError):
    """A consent link that was already used; it works once (WS-LEAD-8).

    Example:
        >>> ConsentLinkUsedError("C1").value
        'C1'
    """

    code = "consent_link_used"

    def __init__(self, token_id: str) -> None:
        self.field = "consent_link"
        self.value = token_id
        super().__init__(f"consent link {token_id!r} was already used")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.value,))


# --------------------------------------------------------------------------- values


@attrs.frozen
class Establishment:
    """An expert's establishment: a visiting-address postcode (K-PC-2).

    ``address`` is the street address; an establishment listed with only a postcode
    (``address=None``) is not shown on the directory map (WS-DIR-1). A P.O. box
    (``Postbus``, ``Antwoordnummer``) is refused.

    Example:
        >>> Establishment("3811 AB", "Stationsplein 1, Amersfoort").area
        PC4(code='3811')
        >>> Establishment("3811", "Postbus 12")
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: address: a visiting address is needed, not a P.O. box (K-PC-2) (got 'Postbus 12')
    """

    postcode: PC4 | Postcode = attrs.field(converter=_area)
    address: str | None = attrs.field(default=None, validator=storable_validator)

    def __attrs_post_init__(self) -> None:
        if self.address is not None:
            if not isinstance(self.address, str) or not self.address.strip():
                raise InvalidValueError("address", self.address, "must be a non-empty text or None")
            if _PO_BOX.search(self.address):
                raise InvalidValueError("address", self.address,
                                        "a visiting address is needed, not a P.O. box (K-PC-2)")

    @property
    def area(self) -> PC4:
        """The PC4 area used for matching."""
        return parse_area(self.postcode)

    @property
    def full_address(self) -> bool:
        """True when a street address and a full postcode are known (WS-DIR-1)."""
        return self.address is not None and isinstance(self.postcode, Postcode)


def _establishments(value: Iterable[Establishment]) -> tuple[Establishment, ...]:
    result = tuple(value)
    if not result or not all(isinstance(e, Establishment) for e in result):
        raise InvalidValueError("establishments", value, "at least one Establishment is needed")
    return result


@attrs.frozen
class Expert:
    """A Werkscan expert (*Werkscandeskundige*) who takes part in leads.

    ``lead_cap`` is the total number of leads the expert wants to receive; they never get
    more (WS-LEAD-4). ``keurmerk`` says whether they hold the Keurmerk (cheaper leads,
    WS-LEAD-9; matching ignores it, WS-LEAD-2).

    Example:
        >>> e = Expert("E1", "A. Deskundige", "a@example.nl", [Establishment("3811")], 10)
        >>> e.establishments[0].area.code, e.keurmerk
        ('3811', False)
    """

    id: str = attrs.field(validator=_id_validator)
    name: str = attrs.field(validator=storable_validator)
    email: str = attrs.field(validator=_email_validator)
    establishments: tuple[Establishment, ...] = attrs.field(converter=_establishments)
    lead_cap: int = attrs.field(validator=_count_validator)
    keurmerk: bool = False

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise InvalidValueError("name", self.name, "must be a non-empty text")
        if not isinstance(self.keurmerk, bool):
            raise InvalidValueError("keurmerk", self.keurmerk, "must be True or False")


@attrs.frozen
class Absence:
    """A period (both days inclusive) in which an expert gets no leads (WS-LEAD-3).

    Example:
        >>> a = Absence(dt.date(2026, 7, 1), dt.date(2026, 7, 14))
        >>> a.covers(dt.date(2026, 7, 14)), a.covers(dt.date(2026, 7, 15))
        (True, False)
    """

    start: dt.date
    end: dt.date

    def __attrs_post_init__(self) -> None:
        for name in ("start", "end"):
            value = getattr(self, name)
            if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
                raise InvalidValueError(name, value, "expected a date")
        if self.end < self.start:
            raise InvalidValueError("end", self.end, f"before the start {self.start.isoformat()}")

    def covers(self, day: dt.date) -> bool:
        """True when ``day`` lies in the period."""
        return self.start <= day <= self.end


def _day(value: Any, field: str) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InvalidValueError(field, value, "expected a date")
    return value


@attrs.frozen
class LeadSubscription:
    """A period of an expert's lead subscription, both days inclusive; ``end`` None while
    it runs (WS-LEAD-9, -10). Days are Dutch days (K-TZ-1).

    Example:
        >>> s = LeadSubscription(dt.date(2026, 12, 1))
        >>> s.active_on(dt.date(2026, 11, 30)), s.active_on(dt.date(2030, 1, 1))
        (False, True)
        >>> LeadSubscription(dt.date(2026, 12, 1), dt.date(2026, 11, 30))
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: end: before the start 2026-12-01 (got datetime.date(2026, 11, 30))
    """

    start: dt.date
    end: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        _day(self.start, "start")
        if self.end is not None:
            _day(self.end, "end")
            if self.end < self.start:
                raise InvalidValueError("end", self.end, f"before the start {self.start.isoformat()}")

    def active_on(self, day: dt.date) -> bool:
        """True when the subscription runs on ``day``."""
        return self.start <= day and (self.end is None or day <= self.end)


@attrs.frozen
class ExpertState:
    """An expert with what matching needs to know about them now.

    Example:
        >>> e = Expert("E1", "A", "a@example.nl", [Establishment("3811")], 2)
        >>> s = ExpertState(e, (), leads_received=2, open_leads=1)
        >>> s.at_cap, s.available(dt.date(2026, 1, 5))
        (True, False)
    """

    expert: Expert
    absences: tuple[Absence, ...] = ()
    leads_received: int = 0
    open_leads: int = 0
    #: The expert's lead subscription periods (WS-LEAD-10). A state read from storage
    #: always carries them (empty: never subscribed, so never matched); ``None``, the
    #: default of a state built by hand for a what-if matcher, leaves them unchecked.
    subscriptions: tuple[LeadSubscription, ...] | None = None

    @property
    def at_cap(self) -> bool:
        """True when the expert has received their total of leads (WS-LEAD-4)."""
        return self.leads_received >= self.expert.lead_cap

    def absent_on(self, day: dt.date) -> bool:
        """True when an absence covers ``day`` (WS-LEAD-3)."""
        return any(a.covers(day) for a in self.absences)

    def subscribed_on(self, day: dt.date) -> bool:
        """True when a lead subscription runs on ``day`` (WS-LEAD-10; see ``subscriptions``)."""
        return self.subscriptions is None or any(s.active_on(day) for s in self.subscriptions)

    def available(self, day: dt.date) -> bool:
        """Subscribed on ``day``, neither absent then nor at the cap (WS-LEAD-3, -4, -10)."""
        return not self.at_cap and not self.absent_on(day) and self.subscribed_on(day)


def _wai(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise InvalidValueError("wai", value, "a WAI score is a number in 7..49")
    try:
        number = Decimal(str(value)) if isinstance(value, int | float | str) else value
    except InvalidOperation:
        raise InvalidValueError("wai", value, "a WAI score is a number in 7..49") from None
    if not isinstance(number, Decimal) or not number.is_finite() or not Decimal(7) <= number <= 49 \
            or (number * 2) != (number * 2).to_integral_value():
        raise InvalidValueError("wai", value, "a WAI score is a number in 7..49 in half points")
    return number.normalize() if number == number.to_integral_value() else number


_LEVELS = ("strong", "weak", "none")


def _signals(value: Any) -> tuple[tuple[str, str], ...]:
    items = value.items() if hasattr(value, "items") else value
    try:
        pairs = tuple((str(a), str(lvl)) for a, lvl in items)
    except (TypeError, ValueError):
        raise InvalidValueError("signals", value, "expected (area, level) pairs") from None
    seen: set[str] = set()
    for area, level in pairs:
        if not re.fullmatch(r"[a-z_]{1,40}", area) or area in seen:
            raise InvalidValueError("signals", value, f"bad or repeated signal area {area!r}")
        if level not in _LEVELS:
            raise InvalidValueError("signals", value, f"level of {area!r} must be strong, weak or none")
        seen.add(area)
    return pairs


@attrs.frozen
class Lead:
    """A worker who filled in the Werkscan for free and wants a conversation (WS-LEAD-1).

    It holds only what matching and quoting need (WS-LEAD-7): the worker's PC4 area, the
    WAI score (7-49) and the signal areas as ``(area, level)`` pairs. The worker's contact
    data is a separate :class:`WorkerContact`.

    Example:
        >>> lead = Lead("L1", "3511", 31.5, {"work": "strong"},
        ...             dt.datetime(2026, 12, 22, 9, tzinfo=dt.UTC))
        >>> lead.area, lead.wai, lead.signals
        (PC4(code='3511'), Decimal('31.5'), (('work', 'strong'),))
    """

    id: str = attrs.field(validator=_lead_id_validator)
    area: PC4 = attrs.field(converter=parse_area)
    wai: Decimal = attrs.field(converter=_wai)
    signals: tuple[tuple[str, str], ...] = attrs.field(converter=_signals)
    created_at: dt.datetime = attrs.field(validator=_aware_validator)
    status: LeadStatus = "new"
    owner_expert_id: str | None = None


@attrs.frozen
class WorkerContact:
    """The worker's contact data; released only to the expert who owns the lead (WS-LEAD-8).

    Example:
        >>> WorkerContact("Jan Jansen", "jan@example.nl").email
        'jan@example.nl'
    """

    name: str = attrs.field(validator=storable_validator)
    email: str = attrs.field(validator=_email_validator)
    phone: str | None = attrs.field(default=None, validator=storable_validator)


@attrs.frozen
class Offer:
    """A lead offered to one expert, with its reminder time and deadline (WS-LEAD-5, -6).

    ``reminder_at`` is when the reminder is due (the start of the 3rd working day);
    ``expires_at`` is the first instant after the deadline (the end of the 5th working
    day): a quote is accepted while ``now < expires_at``.
    """

    id: str
    lead_id: str
    expert_id: str
    rank: int
    distance_m: int
    offered_at: dt.datetime = attrs.field(validator=_aware_validator)
    reminder_at: dt.datetime = attrs.field(validator=_aware_validator)
    expires_at: dt.datetime = attrs.field(validator=_aware_validator)
    reminder_sent: bool = False
    status: OfferStatus = "offered"

    @staticmethod
    def make_id(lead_id: str, expert_id: str) -> str:
        """The offer id of ``lead_id`` offered to ``expert_id``.

        Example:
            >>> Offer.make_id("L1", "E7")
            'L1:E7'
        """
        return f"{lead_id}:{expert_id}"


@attrs.frozen
class Quote:
    """An expert's quote for a lead (WS-LEAD-1)."""

    offer_id: str
    lead_id: str
    expert_id: str
    amount: Money
    text: str = attrs.field(validator=storable_validator)
    submitted_at: dt.datetime = attrs.field(validator=_aware_validator)


@attrs.frozen
class Acceptance:
    """The worker accepted a quote: the expert owns the lead and pays the fee (WS-LEAD-8, -9)."""

    lead_id: str
    offer_id: str
    expert_id: str
    fee: Money
    accepted_at: dt.datetime = attrs.field(validator=_aware_validator)


@attrs.frozen
class ConsentRecord:
    """A consent request sent to a worker, and whether they consented (WS-LEAD-8).

    ``used_at`` is set once, when the worker follows the link; from then on the worker
    appears in the expert's overview.
    """

    id: str
    lead_id: str
    expert_id: str
    worker_email: str
    issued_at: dt.datetime
    expires_at: dt.datetime
    used_at: dt.datetime | None = None


@functools.cache
def _field_names(cls: Any) -> tuple[str, ...]:
    return tuple(a.name for a in attrs.fields(cls))


def stored(cls: type[_R], *values: Any) -> _R:
    """A record rebuilt from values the library stored itself, all fields in order,
    without running its checks again (they ran when it was stored).

    Loading must stay cheap: re-checking every loaded expert's e-mail address made each
    offer slow. Only the SQL repositories call it, on rows they wrote; values
    from outside always go through the class itself.

    Example:
        >>> stored(Absence, dt.date(2026, 7, 1), dt.date(2026, 7, 14)) == Absence(dt.date(2026, 7, 1), dt.date(2026, 7, 14))
        True
    """
    kind: Any = cls
    return _builder(kind)(*values)  # type: ignore[no-any-return]


@functools.cache
def _builder(cls: Any) -> Callable[..., Any]:
    """A function taking ``cls``'s fields in order and setting them on a new instance,
    one plain statement per field (a loop over the names cost a third of loading an
    expert's state); called with the wrong number of values it raises
    ``TypeError``, as the loop's ``zip(strict=True)`` did."""
    names = _field_names(cls)
    args = ", ".join(f"v{i}" for i in range(len(names)))
    lines = [f"def build({args}):", "    obj = new(cls)"]
    lines += [f"    setattr(obj, {name!r}, v{i})" for i, name in enumerate(names)]
    lines.append("    return obj")
    scope: dict[str, Any] = {"new": object.__new__, "setattr": object.__setattr__, "cls": cls}
    exec("\n".join(lines), scope)  # noqa: S102 - the text is made here from attrs field names
    return scope["build"]  # type: ignore[no-any-return]


@attrs.frozen
class DueReport:
    """What one :meth:`LeadRepository.process_due` run did: offer ids reminded and expired,
    lead ids closed (WS-LEAD-5, -6, -11)."""

    reminded: tuple[str, ...] = ()
    expired: tuple[str, ...] = ()
    closed: tuple[str, ...] = ()


@attrs.frozen
class LeadEvent:
    """One step in the life of a lead, append-only and without personal data (WS-LEAD-12):
    which lead, which expert (None for a step of the worker or the service), what, when.

    Example:
        >>> LeadEvent("ld-1", "E1", "declined", dt.datetime(2026, 12, 23, 9, tzinfo=dt.UTC)).kind
        'declined'
    """

    lead_id: str
    expert_id: str | None
    kind: EventKind
    at: dt.datetime = attrs.field(validator=_aware_validator)

    def __attrs_post_init__(self) -> None:
        if self.kind not in EVENT_KINDS:
            raise InvalidValueError("kind", self.kind, f"one of {', '.join(EVENT_KINDS)}")


#: Builds the reminder message for an offer: ``(offer, expert) -> Message``; the message id
#: must be ``lead-reminder:<offer id>``.
ReminderFactory = Callable[[Offer, Expert], Message]
#: Builds the message passing a quote on to the worker: ``(quote, contact) -> Message``.
QuoteNotice = Callable[[Quote, WorkerContact], Message]
#: Builds the message giving the owning expert the worker's contact data (WS-LEAD-8):
#: ``(acceptance, contact, expert) -> Message``.
ContactNotice = Callable[[Acceptance, WorkerContact, Expert], Message]
#: Chooses a lead's offers inside the unit of work that stores them (see
#: :func:`werkscan._leads.units.offer_lead`): ``choose(unit, lead, taken, need, rank)``
#: returns at most ``need`` ``(offer, message)`` pairs for experts not in ``taken``,
#: ranked from ``rank`` on; none when nobody else is in range.
OfferChooser = Callable[[Any, Lead, frozenset[str], int, int], Sequence[tuple[Offer, Message]]]


@attrs.frozen
class LeadNotices:
    """The builders of the messages the later steps of a lead queue (WS-LEAD-11, -12).

    Each is a plain function (module level, so other processes can use it too):

    * ``offer_closed(offer, expert)``: the offer is closed by someone else's step (another
      quote accepted, the worker declined or erased); id ``lead-offer-closed:<offer>``;
    * ``offer_expired(offer, expert)``: the time to quote ran out;
      id ``lead-offer-expired:<offer>``;
    * ``lead_closed(lead, contact)``: to the worker when every offer was declined or
      expired without a quote; id ``lead-closed:<lead>``;
    * ``contact_erased(lead, contact)``: to the worker, confirming erasure on request;
      id ``lead-erased:<lead>``.

    The lead service uses the ``werkscan`` mail templates: :meth:`LeadNotices.mail`.

    Example:
        >>> n = LeadNotices.mail(lang="en")
        >>> t = dt.datetime(2026, 12, 22, 9, tzinfo=dt.UTC)
        >>> n.lead_closed(Lead("L1", "3511", 30, {"work": "strong"}, t),
        ...               WorkerContact("Jan", "jan@example.nl")).subject
        'No quotes for your Werkscan conversation'
    """

    offer_closed: Callable[[Offer, Expert], Message]
    offer_expired: Callable[[Offer, Expert], Message]
    lead_closed: Callable[[Lead, WorkerContact], Message]
    contact_erased: Callable[[Lead, WorkerContact], Message]

    @classmethod
    def mail(cls, *, lang: str | None = None, zone: str = "Europe/Amsterdam") -> LeadNotices:
        """The notices of the ``werkscan`` mail templates (``lead-offer-closed``,
        ``lead-offer-expired``, ``lead-closed``, ``lead-erased``) in ``lang`` (default
        ``BLIKOPWERK_LANGUAGE``, else Dutch); a last day is shown in ``zone``."""
        from werkscan._mail import lead_notices

        return lead_notices(lang=lang, zone=zone)  # type: ignore[no-any-return]


# --------------------------------------------------------------------------- repositories


@runtime_checkable
class ExpertRepository(Protocol):
    """Experts with establishments, absences and lead caps (WS-LEAD-2..4, WS-DIR-1)."""

    def add(self, expert: Expert, now: dt.datetime) -> None:
        """Store a new expert; :class:`~blikopwerk.ConflictError` if the id exists."""
        ...

    def get(self, expert_id: str) -> Expert:
        """The expert; :class:`~blikopwerk.NotFoundError` if unknown."""
        ...

    def update(self, expert: Expert) -> None:
        """Replace an expert's details (cap, Keurmerk, establishments); the count of leads
        received is kept."""
        ...

    def add_absence(self, expert_id: str, absence: Absence) -> None:
        """Record an absence period (WS-LEAD-3); the same period twice is kept once."""
        ...

    def states(self, ids: Iterable[str] | None = None) -> Sequence[ExpertState]:
        """Every expert (or only those in ``ids``) with absences, leads received, open
        leads and lead subscriptions, sorted by id; an unknown id in ``ids`` is left out."""
        ...

    def subscribe(self, expert_id: str, start: dt.date) -> LeadSubscription:
        """Start a lead subscription on the day ``start`` (WS-LEAD-10);
        :class:`~blikopwerk.ConflictError` if one runs then or later,
        :class:`~blikopwerk.NotFoundError` for an unknown expert."""
        ...

    def end_subscription(self, expert_id: str, last_day: dt.date) -> LeadSubscription:
        """End the running subscription after ``last_day`` (inclusive);
        :class:`~blikopwerk.ConflictError` if none runs or it starts after ``last_day``."""
        ...

    def subscriptions(self, expert_id: str) -> list[LeadSubscription]:
        """The expert's subscription periods, oldest first."""
        ...


@runtime_checkable
class LeadRepository(Protocol):
    """Leads, offers, quotes and acceptance (WS-LEAD-1, -4..-9)."""

    def add(self, lead: Lead, contact: WorkerContact) -> None:
        """Store a new lead and, apart from it, the worker's contact data."""
        ...

    def get(self, lead_id: str) -> Lead:
        """The lead; :class:`~blikopwerk.NotFoundError` if unknown."""
        ...

    def offer(self, lead_id: str, offers: Sequence[tuple[Offer, Message]] | OfferChooser,
              now: dt.datetime, *, max_offers: int = 3) -> list[Offer]:
        """Offer the lead to experts in one transaction.

        ``offers`` is the offers with their messages, or a chooser
        ``choose(unit, lead, taken, need, rank)`` that picks them inside that transaction
        (it may read the experts' states there); a chooser offers a new lead only and is
        asked again, without an expert found at the cap.

        The lead is locked first, so a lead never has more than ``max_offers`` offers in
        total, also when several processes offer it at once (WS-LEAD-1). For each offer the
        expert's cap is claimed with a conditional update; an expert at the cap (perhaps
        filled by another process a moment ago) is skipped (WS-LEAD-4). Each offer made is
        stored and its message queued. Returns the offers made.
        """
        ...

    def offers(self, *, lead_id: str | None = None, expert_id: str | None = None,
               status: str | None = None) -> list[Offer]:
        """Offers filtered by lead, expert and status, ordered by lead and rank."""
        ...

    def get_offer(self, offer_id: str) -> Offer:
        """One offer; :class:`~blikopwerk.NotFoundError` if unknown."""
        ...

    def process_due(self, now: dt.datetime, reminder: ReminderFactory, *,
                    limit: int = 500, notices: LeadNotices | None = None,
                    accept_within_days: int | None = None,
                    zone: str = "Europe/Amsterdam") -> DueReport:
        """Close offers whose deadline passed (no reminder for them) and send due reminders
        once each (WS-LEAD-5, -6); close the leads none of whose offers is open any more
        (WS-LEAD-11: with ``notices`` the experts and the worker are told, once; with
        ``accept_within_days`` a lead whose quotes can no longer be accepted closes too).
        Idempotent and safe to run from several processes."""
        ...

    def decline(self, offer_id: str, now: dt.datetime, notices: LeadNotices) -> Offer:
        """The expert declines an open offer (WS-LEAD-11); when no offer of the lead is open
        and none was quoted, the lead closes and the worker is told, in the same
        transaction. :class:`~blikopwerk.ConflictError` if the offer is not open."""
        ...

    def decline_quotes(self, lead_id: str, now: dt.datetime, notices: LeadNotices) -> list[str]:
        """The worker declines every quote (WS-LEAD-12): the lead closes, its open and quoted
        offers close and their experts are told; the offer ids closed.
        :class:`~blikopwerk.ConflictError` if the lead was accepted or is closed."""
        ...

    def events(self, *, lead_id: str | None = None, expert_id: str | None = None) -> list[LeadEvent]:
        """The events of a lead, or of an expert, in the order they happened (WS-LEAD-12)."""
        ...

    def submit_quote(self, quote: Quote, notice: QuoteNotice, now: dt.datetime) -> Quote:
        """Store a quote and queue ``notice(quote, contact)`` to the worker; refused with
        :class:`DeadlinePassedError` when ``now`` is at or past the offer's deadline and with
        :class:`~blikopwerk.ConflictError` when the offer is not open."""
        ...

    def quotes(self, lead_id: str) -> list[Quote]:
        """The quotes for a lead, in order of submission."""
        ...

    def accept(self, offer_id: str, fee: Money, notice: ContactNotice,
               now: dt.datetime, *, accept_within_days: int | None = None,
               zone: str = "Europe/Amsterdam", notices: LeadNotices | None = None) -> Acceptance:
        """The worker accepts the quote of ``offer_id``: the lead becomes the expert's, the
        other offers close (their experts told with ``notices``), and
        ``notice(acceptance, contact, expert)`` (the contact data for the expert) is queued,
        all in one transaction."""
        ...

    def acceptance(self, lead_id: str) -> Acceptance | None:
        """The acceptance of a lead, if any."""
        ...

    def contact_for(self, lead_id: str, expert_id: str) -> WorkerContact:
        """The worker's contact data, only for the expert who owns the lead; anyone else
        gets :class:`~blikopwerk.ConflictError` (WS-LEAD-7, -8)."""
        ...

    def erase_contact(self, lead_id: str, now: dt.datetime,
                      notices: LeadNotices | None = None) -> bool:
        """Erase the worker's contact data on request (WS-LEAD-12); whether there was any.

        The lead's open and quoted offers close first (a lead not accepted closes), and
        with ``notices`` their experts are told and the worker gets a confirmation, all in
        one transaction; a repeat changes and sends nothing."""
        ...

    def erase_due(self, now: dt.datetime, *, after_days: int, accept_within_days: int,
                  zone: str = "Europe/Amsterdam") -> list[str]:
        """Erase the contact data of leads closed without acceptance ``after_days`` days
        ago (WS-LEAD-12); the lead ids erased. Safe to repeat; nothing is queued.

        A lead that never found an expert (still ``new``) is closed and erased
        ``after_days`` days after the day it was submitted (decision, not official)."""
        ...


@runtime_checkable
class ConsentRepository(Protocol):
    """Single-use consent links (WS-LEAD-8)."""

    def issue(self, record: ConsentRecord, message: Message, now: dt.datetime) -> None:
        """Store a consent request and queue ``message`` (the link) to the worker."""
        ...

    def get(self, token_id: str) -> ConsentRecord:
        """The record; :class:`~blikopwerk.NotFoundError` if unknown."""
        ...

    def redeem(self, token_id: str, now: dt.datetime) -> ConsentRecord:
        """Mark the link used with one conditional update. Raises
        :class:`ConsentLinkUsedError` when already used, :class:`ConsentLinkExpiredError`
        when ``now`` is at or past its expiry, :class:`~blikopwerk.NotFoundError` when unknown."""
        ...

    def clients(self, expert_id: str) -> list[ConsentRecord]:
        """The expert's overview: consented workers, in order of consent."""
        ...


class LeadStorage(Storage, Protocol):
    """A storage backend that also holds experts, leads and consents."""

    experts: ExpertRepository
    leads: LeadRepository
    consents: ConsentRepository


def require_leads(storage: Storage) -> LeadStorage:
    """``storage`` as a :class:`LeadStorage`, or a clear error if it lacks the repositories.

    Example:
        >>> from blikopwerk import MemoryStorage
        >>> require_leads(MemoryStorage()).leads is not None
        True
    """
    missing = [name for name in ("experts", "leads", "consents") if not hasattr(storage, name)]
    if missing:
        from werkscan._storage import attach

        if attach(storage):  # a SQL storage opened before werkscan was registered
            return storage  # type: ignore[return-value]
        raise PluginError(f"storage backend {storage.url!r} lacks the repositories {missing} "
                          "needed for leads")
    return storage  # type: ignore[return-value]

