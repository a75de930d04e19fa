"""Storage protocols and stored values for Werkscan licences, staffels and access routes.

The repositories below are what the services in :mod:`werkscan` need, with the atomic
operations that make the exactly-once guarantees of DESIGN principle 6 hold on any
backend (WS-STF-3, WS-STF-6, WS-ACC-2):

* :meth:`StaffelRepository.record_completion` charges a completed questionnaire once per
  questionnaire id, counts it, drafts an overage invoice line beyond the staffel and
  queues the single 80 % warning in the outbox, all in one transaction.
* :meth:`AccessRepository.redeem_code` redeems a single-use code with one conditional
  update, so of many simultaneous redemptions exactly one wins.

A backend offers them as the attributes ``licences``, ``staffels`` and ``access`` of its
storage object (:class:`LicensingStorage`).
"""

from __future__ import annotations

import datetime
import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, Literal, Protocol, runtime_checkable

import attrs

import werkscan._storage  # noqa: F401  (registers Werkscan's storage extension)
from blikopwerk._calendar import require_aware
from blikopwerk._errors import BlikopwerkError, ConflictError, InvalidValueError, NotFoundError
from blikopwerk._money import VAT_RATE, Money
from blikopwerk._protocols import Message, Storage
from blikopwerk._values import check_storable, storable_validator
from werkscan._licensing.results import QuestionnaireResult

__all__ = [
    "ROUTES",
    "AccessCode",
    "AccessRepository",
    "AnonymousPayment",
    "Charge",
    "CodeAlreadyUsedError",
    "CodeRevokedError",
    "CompletionResult",
    "ConversationReport",
    "InvitationLink",
    "Licence",
    "LicenceCounts",
    "LicenceExpert",
    "LicenceNotFoundError",
    "LicenceRepository",
    "LicensingStorage",
    "OverageLine",
    "QuestionnaireRecord",
    "Redemption",
    "Route",
    "Staffel",
    "StaffelRepository",
    "TrainingNotVerifiedError",
    "TrainingRecord",
    "UnknownCodeError",
    "UnknownLinkError",
    "UpgradeResult",
    "WarningFactory",
    "require_licensing",
]

#: The ways into the Werkscan (WS-ACC-1, WS-ACC-2).
Route = Literal["free", "anonymous", "link", "code"]
ROUTES: tuple[Route, ...] = ("free", "anonymous", "link", "code")


_aware = require_aware


def _nonempty(field: str) -> Callable[[Any, Any, Any], None]:
    def check(_inst: Any, _attr: Any, value: Any) -> None:
        if not isinstance(value, str) or not value.strip():
            raise InvalidValueError(field, value, "must be a non-empty string")
        check_storable(value, field)  # a NUL byte: refused on every backend alike

    return check


def _email(_inst: Any, attribute: Any, value: Any) -> None:
    from blikopwerk._protocols import check_address

    if not isinstance(value, str) or value.count("@") != 1 or value.strip() != value \
            or not all(value.split("@")) or "." not in value.split("@")[1]:
        raise InvalidValueError(attribute.name, value, "not an e-mail address")
    check_address(value, attribute.name)  # as blikopwerk.Message checks its recipients


def _mask(code: str) -> str:
    """A code with all but its last two characters hidden, for error messages."""
    return "*" * max(len(code) - 2, 0) + code[-2:]


# --------------------------------------------------------------------------- errors


class LicenceNotFoundError(NotFoundError):
    """No licence valid on the date asked for: unknown, not yet started or expired (WS-LIC-1).

    Example:
        >>> str(LicenceNotFoundError("L1", dt.date(2027, 1, 1)))
        "licence 'L1' not found (no valid licence on 2027-01-01)"
    """

    code = "licence_not_found"

    def __init__(self, licence_id: str, on: datetime.date | None = None) -> None:
        self.on = on
        NotFoundError.__init__(self, "licence", licence_id)
        if on is not None:
            self.args = (f"licence {licence_id!r} not found (no valid licence on {on.isoformat()})",)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.key, self.on))


class TrainingNotVerifiedError(ConflictError):
    """An expert's Werkscan training is not verified, so they cannot join a licence (WS-LIC-2).

    Example:
        >>> TrainingNotVerifiedError("a@example.nl").field
        'expert_email'
    """

    code = "training_not_verified"

    def __init__(self, expert_email: str) -> None:
        self.field = "expert_email"
        self.value = expert_email
        super().__init__(f"expert_email: Werkscan training not verified (got {expert_email!r})")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.value,))


class UnknownCodeError(NotFoundError):
    """An access code that was never issued (WS-ACC-2).

    Example:
        >>> str(UnknownCodeError("ABCDE-FGHJK"))
        "access code '*********JK' not found"
    """

    code = "unknown_code"

    def __init__(self, code: str) -> None:
        NotFoundError.__init__(self, "access code", _mask(code))
        self.masked = _mask(code)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.masked))


class UnknownLinkError(NotFoundError):
    """An invitation link token that was never issued, or was revoked (WS-ACC-2).

    Example:
        >>> UnknownLinkError("tok123").code
        'unknown_link'
    """

    code = "unknown_link"

    def __init__(self, token: str) -> None:
        NotFoundError.__init__(self, "invitation link", _mask(token))
        self.masked = _mask(token)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.masked))


class CodeAlreadyUsedError(ConflictError):
    """A single-use code that has been redeemed already (WS-ACC-2).

    Example:
        >>> str(CodeAlreadyUsedError("ABCDE-FGHJK"))
        "code: already used (got '*********JK')"
    """

    code = "code_already_used"

    def __init__(self, code: str) -> None:
        self.field = "code"
        self.value = _mask(code)
        super().__init__(f"code: already used (got {self.value!r})")

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.value))


class CodeRevokedError(ConflictError):
    """A single-use code the expert revoked before it was used (WS-ACC-2).

    Example:
        >>> CodeRevokedError("ABCDE-FGHJK").code
        'code_revoked'
    """

    code = "code_revoked"

    def __init__(self, code: str) -> None:
        self.field = "code"
        self.value = _mask(code)
        super().__init__(f"code: revoked (got {self.value!r})")

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.value))


def _rebuild(cls: type[BlikopwerkError], masked: str) -> BlikopwerkError:
    err = cls(masked)
    return err


# --------------------------------------------------------------------------- values


@attrs.frozen
class Licence:
    """A Werkscan licence: the company and its contact, listed while valid (WS-LIC-1).

    ``valid_from`` and ``valid_until`` are inclusive dates; the period end is also when
    draft overage invoice lines become final (WS-STF-4).

    Example:
        >>> lic = Licence("L1", "Arbo BV", "Anna de Vries", "anna@arbo.example",
        ...               dt.date(2026, 1, 1), dt.date(2026, 12, 31))
        >>> lic.is_valid(dt.date(2026, 12, 31)), lic.is_valid(dt.date(2027, 1, 1))
        (True, False)
    """

    id: str = attrs.field(validator=_nonempty("licence_id"))
    company: str = attrs.field(validator=_nonempty("company"))
    contact_name: str = attrs.field(validator=_nonempty("contact_name"))
    contact_email: str = attrs.field(validator=_email)
    valid_from: dt.date
    valid_until: dt.date
    postcode: str | None = attrs.field(default=None, validator=storable_validator)

    def __attrs_post_init__(self) -> None:
        for name in ("valid_from", "valid_until"):
            value = getattr(self, name)
            if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
                raise InvalidValueError(name, value, "expected a date")
        if self.valid_until < self.valid_from:
            raise InvalidValueError("valid_until", self.valid_until,
                                    f"before valid_from {self.valid_from.isoformat()}")

    def is_valid(self, on: dt.date) -> bool:
        """True when ``on`` lies within the licence period (both ends included)."""
        return self.valid_from <= on <= self.valid_until


@attrs.frozen
class TrainingRecord:
    """Blik op Werk's verification that an expert completed the Werkscan training (WS-LIC-2).

    Example:
        >>> TrainingRecord("a@example.nl", "A. Expert", dt.date(2025, 6, 1), "Panteia").verified_by
        'Panteia'
    """

    expert_email: str = attrs.field(validator=_email)
    name: str = attrs.field(validator=_nonempty("name"))
    verified_on: dt.date
    verified_by: str = attrs.field(validator=_nonempty("verified_by"))


@attrs.frozen
class LicenceExpert:
    """An expert added to a licence and its staffel (WS-LIC-2).

    Example:
        >>> LicenceExpert("L1", "a@example.nl", "A. Expert", dt.datetime(2026, 1, 2, tzinfo=dt.UTC)).licence_id
        'L1'
    """

    licence_id: str
    expert_email: str = attrs.field(validator=_email)
    name: str = attrs.field(validator=storable_validator)
    added_at: dt.datetime


@attrs.frozen
class Staffel:
    """A bought staffel (volume bundle) of questionnaires on a licence (WS-STF-2).

    ``unit_price`` is fixed at purchase from the staffel table then in force (its name
    and version are kept); ``used`` counts completed questionnaires, carried over from
    the staffel this one replaced (WS-STF-5).

    Example:
        >>> s = Staffel("S1", "L1", 100, Money("9.50"), dt.datetime(2026, 1, 2, tzinfo=dt.UTC),
        ...             "werkscan-staffels", "example-2026")
        >>> s.price, s.warning_at(Decimal("0.80"))
        (Money('950.00'), 80)
    """

    id: str = attrs.field(validator=_nonempty("staffel_id"))
    licence_id: str = attrs.field(validator=storable_validator)
    size: int
    unit_price: Money
    bought_at: dt.datetime
    table_name: str
    table_version: str
    status: Literal["active", "superseded"] = "active"
    used: int = 0
    replaces: str | None = None

    def __attrs_post_init__(self) -> None:
        if isinstance(self.size, bool) or not isinstance(self.size, int) or self.size <= 0:
            raise InvalidValueError("size", self.size, "must be a positive whole number")
        if self.unit_price < Money.zero():
            raise InvalidValueError("unit_price", self.unit_price, "must not be negative")
        _aware(self.bought_at, "bought_at")

    @property
    def price(self) -> Money:
        """The price of the staffel, size x unit price, excl. VAT (K-MON-1)."""
        return (self.unit_price * self.size).rounded()

    def warning_at(self, threshold: Decimal) -> int:
        """The usage count at which the warning is due: ``ceil(size x threshold)`` (WS-STF-3)."""
        exact = Decimal(self.size) * threshold
        whole = int(exact)
        return whole if whole == exact else whole + 1


@attrs.frozen
class Charge:
    """One completed questionnaire charged to a licence (WS-STF-1, WS-STF-6).

    ``ordinal`` is the usage count this completion brought the licence to; it is beyond
    the staffel (``overage``) when greater than the staffel size.

    Example:
        >>> t = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
        >>> Charge("q1", "L1", "S1", 26, Money("12.50"), True, t, t).overage
        True
    """

    questionnaire_id: str
    licence_id: str
    staffel_id: str
    ordinal: int
    unit_price: Money
    overage: bool
    completed_at: dt.datetime
    charged_at: dt.datetime
    #: The expert on the licence the questionnaire was done for (WS-LIC-2), or None when not recorded.
    expert_id: str | None = None


@attrs.frozen
class OverageLine:
    """An invoice line for a completion beyond the staffel (WS-STF-4).

    Lines are ``draft`` until the licence period ends, then ``final``; a larger staffel
    bought in the meantime absorbs draft lines it covers (``cancelled``, WS-STF-5).

    Example:
        >>> OverageLine("overage:q1", "L1", "S1", "q1", 26, Money("12.50"), "draft",
        ...             dt.datetime(2026, 3, 2, tzinfo=dt.UTC)).status
        'draft'
    """

    id: str
    licence_id: str
    staffel_id: str
    questionnaire_id: str
    ordinal: int
    amount: Money
    status: Literal["draft", "final", "cancelled"]
    created_at: dt.datetime
    finalised_at: dt.datetime | None = None


@attrs.frozen
class CompletionResult:
    """What :meth:`StaffelRepository.record_completion` did.

    ``charged`` is False when this questionnaire id had been charged before (a retry or a
    concurrent duplicate, WS-STF-6); the other fields then describe the earlier charge
    and ``used`` the current count.

    Example:
        >>> CompletionResult("q1", "L1", "S1", True, 20, 20, 25, False, True).warning_queued
        True
    """

    questionnaire_id: str
    licence_id: str
    staffel_id: str
    charged: bool
    ordinal: int
    used: int
    size: int
    overage: bool
    warning_queued: bool


@attrs.frozen
class UpgradeResult:
    """The staffel bought by an upgrade, the one it replaced, and what happened to drafts.

    Example:
        >>> old = Staffel("S1", "L1", 25, Money("12.50"), dt.datetime(2026, 3, 2, tzinfo=dt.UTC), "t", "1", "superseded", 30)
        >>> new = Staffel("S2", "L1", 50, Money("11.00"), dt.datetime(2026, 3, 2, tzinfo=dt.UTC), "t", "1", used=30, replaces="S1")
        >>> UpgradeResult(new, old, 5, 0, False).lines_absorbed
        5
    """

    staffel: Staffel
    replaced: Staffel
    lines_absorbed: int
    lines_repriced: int
    warning_queued: bool


@attrs.frozen
class AnonymousPayment:
    """What a worker paid for the anonymous route, for bookkeeping (WS-ACC-1b, WS-PRICE-1).

    The price is incl. VAT; :meth:`split` divides it into the amount excl. VAT (rounded
    half-up to cents, K-MON-1) and the VAT (the rest), so ``amount + vat == total`` to the cent.

    Example:
        >>> p = AnonymousPayment.split("PAY-1", "q1", Money("25.00"), dt.datetime(2026, 3, 2, tzinfo=dt.UTC))
        >>> p.amount, p.vat, p.total
        (Money('20.66'), Money('4.34'), Money('25.00'))
    """

    payment_reference: str = attrs.field(validator=storable_validator)
    questionnaire_id: str
    amount: Money
    vat: Money
    total: Money
    vat_rate: Decimal
    paid_at: dt.datetime

    @classmethod
    def split(cls, payment_reference: str, questionnaire_id: str, total: Money, paid_at: dt.datetime,
              vat_rate: Decimal = VAT_RATE) -> AnonymousPayment:
        """The payment of ``total`` incl. VAT at ``vat_rate``, split into amount and VAT."""
        amount = Money(total.amount / (1 + vat_rate)).rounded()
        return cls(payment_reference, questionnaire_id, amount, total - amount, total, vat_rate, paid_at)


@attrs.frozen
class QuestionnaireRecord:
    """A questionnaire started through one of the access routes (WS-ACC-1).

    Holds no contact data: the free route's contact is kept apart (and only given to an
    expert after consent, WS-LEAD); the anonymous route has a payment reference only.
    ``research_consent`` is None until the worker answered the question (WS-ACC-3).

    Example:
        >>> QuestionnaireRecord("q1", "code", dt.datetime(2026, 3, 2, tzinfo=dt.UTC), "L1", "Bakkerij").completed
        False
        >>> QuestionnaireRecord("q2", "anonymous", dt.datetime(2026, 3, 2, tzinfo=dt.UTC))
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: payment_reference: the anonymous route needs a payment reference (got None)
    """

    id: str = attrs.field(validator=_nonempty("questionnaire_id"))
    route: Route
    started_at: dt.datetime
    licence_id: str | None = attrs.field(default=None, validator=storable_validator)
    client: str | None = attrs.field(default=None, validator=storable_validator)
    payment_reference: str | None = attrs.field(default=None, validator=storable_validator)
    completed_at: dt.datetime | None = None
    research_consent: bool | None = None
    #: The expert the link or code was issued for (WS-LIC-2), when known.
    expert_id: str | None = None
    #: What the employer report counts of the result, stored with the completion (WS-RPT-2).
    result: QuestionnaireResult | None = None

    def __attrs_post_init__(self) -> None:
        if self.route not in ROUTES:
            raise InvalidValueError("route", self.route, f"expected one of {list(ROUTES)}")
        _aware(self.started_at, "started_at")
        if self.route in ("link", "code") and self.licence_id is None:
            raise InvalidValueError("licence_id", None, f"route {self.route!r} needs a licence")
        if self.route == "anonymous" and not self.payment_reference:
            raise InvalidValueError("payment_reference", self.payment_reference,
                                    "the anonymous route needs a payment reference")

    @property
    def completed(self) -> bool:
        """True once the worker finished the questionnaire."""
        return self.completed_at is not None


@attrs.frozen
class InvitationLink:
    """An open company invitation link: anyone with the URL may fill in (WS-ACC-2).

    Example:
        >>> InvitationLink("tok", "L1", "Bakkerij", dt.datetime(2026, 3, 2, tzinfo=dt.UTC)).revoked_at is None
        True
    """

    token: str
    licence_id: str = attrs.field(validator=storable_validator)
    client: str = attrs.field(validator=storable_validator)
    created_at: dt.datetime
    revoked_at: dt.datetime | None = None
    #: The expert on the licence the link was issued for (WS-LIC-2), when given.
    expert_id: str | None = None


@attrs.frozen
class AccessCode:
    """A single-use code as stored: only a SHA-256 digest of the code is kept (WS-ACC-2).

    ``code_id`` is a public, non-secret handle for listing and revoking.

    Example:
        >>> AccessCode("B1-00001", "9f86d0...", "L1", "Bakkerij", "B1", dt.datetime(2026, 3, 2, tzinfo=dt.UTC)).state
        'open'
    """

    code_id: str
    code_hash: str
    licence_id: str = attrs.field(validator=storable_validator)
    client: str = attrs.field(validator=storable_validator)
    batch: str
    created_at: dt.datetime
    redeemed_at: dt.datetime | None = None
    questionnaire_id: str | None = None
    revoked_at: dt.datetime | None = None
    #: The expert on the licence the code was issued for (WS-LIC-2), when given.
    expert_id: str | None = None

    @property
    def state(self) -> Literal["open", "used", "revoked"]:
        """``open``, ``used`` or ``revoked``."""
        if self.redeemed_at is not None:
            return "used"
        if self.revoked_at is not None:
            return "revoked"
        return "open"


@attrs.frozen
class Redemption:
    """A successful redemption: the questionnaire it started, routed to the licence.

    Example:
        >>> q = QuestionnaireRecord("q1", "code", dt.datetime(2026, 3, 2, tzinfo=dt.UTC), "L1", "Bakkerij")
        >>> Redemption("B1-00001", "L1", "Bakkerij", q).questionnaire.route
        'code'
    """

    code_id: str
    licence_id: str
    client: str
    questionnaire: QuestionnaireRecord


@attrs.frozen
class ConversationReport:
    """A conversation report an expert uploaded for research (WS-ACC-3).

    Only reports with the client's consent, of workers who did not decline research,
    are used.

    Example:
        >>> ConversationReport("R1", "q1", "L1", False, "verslag.pdf", dt.datetime(2026, 3, 2, tzinfo=dt.UTC)).client_consent
        False
    """

    id: str
    questionnaire_id: str = attrs.field(validator=storable_validator)
    licence_id: str = attrs.field(validator=storable_validator)
    client_consent: bool
    document_ref: str = attrs.field(validator=storable_validator)
    uploaded_at: dt.datetime


@attrs.frozen
class LicenceCounts:
    """What an expert may see about a licence's questionnaires: counts only (WS-ACC-4, WS-RPT-4).

    Example:
        >>> LicenceCounts("L1", 3, (("link", 3),), (("Bakkerij", 3),)).completed
        3
    """

    licence_id: str
    completed: int
    by_route: tuple[tuple[str, int], ...]
    by_client: tuple[tuple[str, int], ...]
    #: Charged questionnaires per expert (WS-LIC-2); ``""`` for those with no expert recorded.
    by_expert: tuple[tuple[str, int], ...] = ()


#: Builds the 80 % warning message for a staffel; called inside the transaction.
WarningFactory = Callable[[Licence, Staffel], Message]


# --------------------------------------------------------------------------- protocols


@runtime_checkable
class LicenceRepository(Protocol):
    """Licences, the experts on them, and verified trainings (WS-LIC-1, WS-LIC-2).

    Example:
        >>> from blikopwerk import MemoryStorage
        >>> isinstance(MemoryStorage().licences, LicenceRepository)
        True
    """

    def create(self, licence: Licence) -> None:
        """Store a new licence; :class:`~blikopwerk.ConflictError` if the id exists."""
        ...

    def get(self, licence_id: str) -> Licence:
        """The licence whatever its validity; :class:`LicenceNotFoundError` if unknown."""
        ...

    def valid_on(self, on: dt.date) -> list[Licence]:
        """Licences valid on ``on``, by company name then id (the directory, WS-LIC-1)."""
        ...

    def record_training(self, record: TrainingRecord) -> None:
        """Store (or replace) the verification of an expert's training."""
        ...

    def add_expert(self, licence_id: str, expert_email: str, now: dt.datetime) -> bool:
        """Add a trained expert atomically; False if already on the licence.

        Raises :class:`TrainingNotVerifiedError` without a training record and
        :class:`LicenceNotFoundError` for an unknown licence.
        """
        ...

    def experts(self, licence_id: str) -> list[LicenceExpert]:
        """Experts on the licence, by e-mail."""
        ...


@runtime_checkable
class StaffelRepository(Protocol):
    """Staffels, charges and overage invoice lines (WS-STF-1 to WS-STF-6).

    Example:
        >>> from blikopwerk import MemoryStorage
        >>> isinstance(MemoryStorage().staffels, StaffelRepository)
        True
    """

    def buy(self, staffel: Staffel) -> None:
        """Store the licence's first staffel; :class:`~blikopwerk.ConflictError` if one is active."""
        ...

    def upgrade(self, licence_id: str, staffel: Staffel, now: dt.datetime, *,
                threshold: Decimal, warning: WarningFactory) -> UpgradeResult:
        """Replace the active staffel by a larger one atomically (WS-STF-5).

        Usage carries over; draft overage lines now within the new size are cancelled and
        the rest repriced at the new unit price; if the carried usage already reaches the
        new staffel's warning count, its warning is queued in the same transaction.
        """
        ...

    def active(self, licence_id: str) -> Staffel:
        """The licence's active staffel; :class:`~blikopwerk.NotFoundError` if none."""
        ...

    def history(self, licence_id: str) -> list[Staffel]:
        """Every staffel of the licence, oldest first."""
        ...

    def atomic(self, fn: Callable[[Any], Any]) -> Any:
        """Run ``fn(unit)`` in one unit of work (one transaction, run again when the
        database reports a transient conflict) and return its result; ``unit`` is a
        :class:`~werkscan._licensing.units.LicensingUnit` (load and store only). An
        exception from ``fn`` rolls back everything it stored (WS-STF-7)."""
        ...

    def record_completion(self, licence_id: str, questionnaire_id: str,
                          completed_at: dt.datetime, now: dt.datetime, *,
                          threshold: Decimal, warning: WarningFactory,
                          expert_id: str | None = None) -> CompletionResult:
        """Charge a completed questionnaire exactly once (WS-STF-1, -3, -4, -6), for
        ``expert_id`` when given (WS-LIC-2).

        The rule of :func:`~werkscan._licensing.units.charge_completion` in one unit of
        work: the charge (idempotent on ``questionnaire_id``), the active staffel's
        usage, a draft invoice line if beyond the staffel, and the warning (its id from
        ``warning``) when usage reaches ``ceil(size x threshold)``. Never refuses for lack of room (WS-STF-4).
        Raises :class:`LicenceNotFoundError` if the licence is not valid on the
        completion date, :class:`~blikopwerk.NotFoundError` without an active staffel,
        and :class:`~blikopwerk.ConflictError` if the id was charged to another licence.
        """
        ...

    def charges(self, licence_id: str) -> list[Charge]:
        """Charges of the licence by ordinal."""
        ...

    def invoice_lines(self, licence_id: str, status: str | None = None) -> list[OverageLine]:
        """Overage invoice lines of the licence by ordinal (all, or of one status)."""
        ...

    def finalise(self, licence_id: str, now: dt.datetime) -> int:
        """Make draft lines final once the licence period has ended; the number finalised."""
        ...


@runtime_checkable
class AccessRepository(Protocol):
    """Questionnaires by route, invitation links, single-use codes, research consent (WS-ACC-1 to -4).

    Example:
        >>> from blikopwerk import MemoryStorage
        >>> isinstance(MemoryStorage().access, AccessRepository)
        True
    """

    def start(self, questionnaire: QuestionnaireRecord, contact: str | None = None,
              payment: AnonymousPayment | None = None) -> None:
        """Store a started questionnaire (and for the free route its contact, kept apart;
        for the anonymous route its payment, in the same unit of work).

        The anonymous route's payment reference is unique: a second questionnaire with the
        same reference is a :class:`~blikopwerk.ConflictError`.
        """
        ...

    def get(self, questionnaire_id: str) -> QuestionnaireRecord:
        """A questionnaire; :class:`~blikopwerk.NotFoundError` if unknown."""
        ...

    def payments(self) -> list[AnonymousPayment]:
        """Every anonymous payment, in the order they were made (WS-ACC-1b)."""
        ...

    def contact(self, questionnaire_id: str) -> str | None:
        """The contact data left on the free route, or None."""
        ...

    def complete(self, questionnaire_id: str, now: dt.datetime,
                 result: QuestionnaireResult | None = None) -> tuple[QuestionnaireRecord, bool]:
        """Mark completed (idempotent); the record and whether this call completed it.

        ``result`` is stored with the completion, in the same statement; a repeat stores
        nothing (the first completion's result stays)."""
        ...

    def completed_results(self, licence_id: str, client: str, since: dt.datetime,
                          until: dt.datetime) -> list[tuple[str, QuestionnaireResult]]:
        """``(questionnaire id, result)`` of the questionnaires under the licence for
        ``client``, completed at or after ``since`` and before ``until``, with a stored
        result, by id (the employer report, WS-RPT-2). Nothing about the worker."""
        ...

    def route_to(self, questionnaire_id: str, licence_id: str) -> QuestionnaireRecord:
        """Record the expert an anonymous payer chose (WS-ACC-1b)."""
        ...

    def set_research_consent(self, questionnaire_id: str, consent: bool) -> None:
        """Store the worker's answer to the research question (WS-ACC-3)."""
        ...

    def create_link(self, link: InvitationLink) -> None:
        """Store a company invitation link."""
        ...

    def link(self, token: str) -> InvitationLink:
        """A live link; :class:`UnknownLinkError` if unknown or revoked."""
        ...

    def revoke_link(self, token: str, now: dt.datetime) -> None:
        """Revoke a link; :class:`UnknownLinkError` if unknown."""
        ...

    def add_codes(self, codes: Sequence[AccessCode]) -> None:
        """Store issued codes (digests only) in one transaction."""
        ...

    def redeem_code(self, code: str, code_hash: str, questionnaire_id: str,
                    now: dt.datetime) -> Redemption:
        """Redeem a code with one conditional update and start its questionnaire.

        Exactly one of any number of concurrent redemptions wins. Raises
        :class:`UnknownCodeError`, :class:`CodeAlreadyUsedError`,
        :class:`CodeRevokedError`, or :class:`LicenceNotFoundError` when the licence is not
        valid (the code then stays unused). ``code`` is used for error messages only.
        """
        ...

    def revoke_code(self, code_id: str, now: dt.datetime) -> bool:
        """Revoke an unused code; False if it was used or revoked already."""
        ...

    def codes(self, licence_id: str) -> list[AccessCode]:
        """Codes of the licence by batch and id."""
        ...

    def add_report(self, report: ConversationReport) -> None:
        """Store a conversation report upload (WS-ACC-3)."""
        ...

    def research_set(self) -> tuple[list[QuestionnaireRecord], list[ConversationReport]]:
        """Completed questionnaires whose worker consented to research, and the reports
        that may be used (client consent and worker consent), in id order."""
        ...

    def counts(self, licence_id: str) -> LicenceCounts:
        """Completed questionnaires under the licence, as counts only (WS-ACC-4)."""
        ...


@runtime_checkable
class LicensingStorage(Storage, Protocol):
    """A storage backend that also holds licences, staffels and access routes.

    Example:
        >>> import os, tempfile
        >>> from blikopwerk import open_storage
        >>> s = open_storage("sqlite:///" + os.path.join(tempfile.mkdtemp(), "x.sqlite3"))
        >>> isinstance(s, LicensingStorage)
        True
        >>> s.close()
    """

    licences: LicenceRepository
    staffels: StaffelRepository
    access: AccessRepository


def require_licensing(storage: Storage) -> LicensingStorage:
    """``storage`` as a :class:`LicensingStorage`, or a clear error if it lacks the repositories.

    Example:
        >>> from blikopwerk import MemoryStorage
        >>> require_licensing(MemoryStorage()).licences is not None
        True
    """
    missing = [name for name in ("licences", "staffels", "access") if not hasattr(storage, name)]
    if missing:
        from werkscan._storage import attach

        if attach(storage):  # a SQL storage opened before werkscan was registered
            return storage  # type: ignore[return-value]
        from blikopwerk._errors import PluginError

        raise PluginError(f"storage backend {storage.url!r} lacks the repositories {missing} "
                          "needed for licences and staffels")
    return storage  # type: ignore[return-value]
