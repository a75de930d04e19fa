"""Backend protocols: what a storage, geocoder or notifier plugin must provide.

These are the contracts of the entry-point groups ``blikopwerk.storage``,
``blikopwerk.geocoders`` and ``blikopwerk.notifiers``. The registry checks them when a
backend is registered.
"""

from __future__ import annotations

import base64
import datetime as dt
import email.message
import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Literal, Protocol, runtime_checkable

import attrs

from blikopwerk._errors import BlikopwerkError, InvalidValueError
from blikopwerk._geo import GeoPoint
from blikopwerk._postcode import PC4, Postcode

__all__ = [
    "MESSAGE_ID_DOMAIN",
    "PLACEHOLDER_SENDER",
    "DeliveryError",
    "Geocoder",
    "Message",
    "Notifier",
    "OutboxEntry",
    "OutboxRepository",
    "Storage",
    "check_address",
    "encode_message_id",
]


#: The domain of every Message-ID the library makes (``.invalid``, RFC 2606: no one's).
MESSAGE_ID_DOMAIN = "blikopwerk.invalid"
#: The placeholder sender; a notifier replaces it (the SMTP plugin's ``default_sender``).
PLACEHOLDER_SENDER = f"noreply@{MESSAGE_ID_DOMAIN}"
#: Headers the message sets itself; ``headers`` may not set them again.
OWN_HEADERS = frozenset({"from", "to", "cc", "bcc", "subject", "message-id", "date", "sender"})
#: An encoded id longer than this is shortened and ends in a SHA-256 digest.
ENCODED_ID_MAX = 200
_KEEP = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-")
_HEADER_NAME = re.compile(r"[!-9;-~]+")  # printable ASCII without ':' (RFC 5322 field-name)
# Refused in header text: control characters (NUL, CR, LF, ...), line and paragraph
# separators, and lone surrogates (which no e-mail can carry). Spaces of every kind stay.
_CONTROL = frozenset({"Cc", "Zl", "Zp", "Cs"})


def encode_message_id(message_id: str) -> str:
    """The ASCII form of a message id, for its ``Message-ID`` and file names.

    Letters, digits and ``-`` stay; ``:`` (the usual separator, ``staffel-80:L1``) becomes
    ``_``; ``.`` stays where a dot-atom allows it; every other character, ``_`` and ``%``
    included, is percent-encoded as UTF-8. The encoding is reversible, so distinct ids
    never share a form (``staffel-80:L1``, ``staffel-80.L1`` and ``staffel-80/L1`` give
    ``staffel-80_L1``, ``staffel-80.L1`` and ``staffel-80%2FL1``). A form longer than
    :data:`ENCODED_ID_MAX` characters keeps its first 170 and ends in ``~`` and the
    SHA-256 of the id (so it is longer than any unshortened form), keeping the Message-ID
    and file names short.

    Example:
        >>> [encode_message_id(i) for i in ("staffel-80:L1", "staffel-80.L1", "staffel-80/L1")]
        ['staffel-80_L1', 'staffel-80.L1', 'staffel-80%2FL1']
        >>> encode_message_id("lead_offer:é..x.")
        'lead%5Foffer_%C3%A9.%2Ex%2E'
    """
    out: list[str] = []
    after_dot = True  # a dot may not start a dot-atom, nor follow another dot
    for ch in message_id:
        if ch in _KEEP:
            out.append(ch)
        elif ch == ":":
            out.append("_")
        elif ch == "." and not after_dot:
            out.append(".")
            after_dot = True
            continue
        else:
            out.extend(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass"))
        after_dot = False
    if out and out[-1] == ".":
        out[-1] = "%2E"
    text = "".join(out)
    if len(text) > ENCODED_ID_MAX:
        head = text[:170]
        cut = head.rfind("%", len(head) - 2)  # never split a %XX escape
        head = head[:cut] if cut >= 0 else head
        digest = base64.b32encode(hashlib.sha256(message_id.encode("utf-8", "surrogatepass")).digest())
        text = f"{head}~{digest.decode('ascii').rstrip('=').lower()}"
    return text


def _printable_text(field: str, value: object, *, allow_empty: bool = True) -> str:
    if not isinstance(value, str):
        raise InvalidValueError(field, value, "expected text")
    if not allow_empty and not value:
        raise InvalidValueError(field, value, "must not be empty")
    if not value.isprintable() and any(unicodedata.category(c) in _CONTROL and c != "\t" for c in value):
        raise InvalidValueError(field, value, "contains a line break or control character")
    return value


def check_address(address: object, field: str = "to") -> str:
    r"""``address`` if it is an e-mail address (``name@example.nl``), else the library error.

    Checked with the ``email-validator`` package (syntax only, no DNS look-up): a display
    name, a quoted local part, a line break (``"jan\nBcc:x@y"``), a domain without a dot
    or a reserved one (``.invalid``, ``.test``, ``localhost``) is refused with
    :class:`~blikopwerk.InvalidValueError` naming ``field``. The address is kept as given.

    Example:
        >>> check_address("jan@example.nl")
        'jan@example.nl'
        >>> check_address("jan\nBcc:x@y")
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: to: not an e-mail address: The email address contains invalid characters before the @-sign: ':', U+000A. (got 'jan\nBcc:x@y')
    """
    if not isinstance(address, str):
        raise InvalidValueError(field, address, "an e-mail address is text")
    if len(address) > 254:
        raise InvalidValueError(field, address, "too long for an e-mail address (over 254 characters)")
    try:
        _valid_address(address)  # each address is checked once per process
    except Exception as exc:
        from email_validator import EmailNotValidError  # imported only when needed

        if isinstance(exc, EmailNotValidError):
            raise InvalidValueError(field, address, f"not an e-mail address: {exc}") from None
        raise
    return address


@functools.lru_cache(maxsize=1 << 14)
def _valid_address(address: str) -> None:
    from email_validator import validate_email

    validate_email(address, check_deliverability=False)


def _recipients(value: Iterable[str]) -> tuple[str, ...]:
    if type(value) is tuple:  # the common case, without the abstract-class checks below
        return tuple(check_address(a, "to") for a in value)
    if isinstance(value, str):
        value = (value,)
    elif not isinstance(value, Iterable) or isinstance(value, bytes | Mapping):
        raise InvalidValueError("to", value, "expected e-mail addresses (a tuple of text)")
    return tuple(check_address(a, "to") for a in value)


def _headers(value: Mapping[str, str]) -> Mapping[str, str]:
    if type(value) is not dict and not isinstance(value, Mapping):  # a dict skips the abstract check
        raise InvalidValueError("headers", value, "expected a mapping of header names to text")
    headers = dict(value)
    for name, text in headers.items():
        if not isinstance(name, str) or not _HEADER_NAME.fullmatch(name):
            raise InvalidValueError("headers", name, "not a header name (printable ASCII, no ':' or space)")
        if name.lower() in OWN_HEADERS:
            raise InvalidValueError("headers", name, "set by the message itself; use its own field")
        _printable_text(f"headers.{name}", text)
    return MappingProxyType(headers)


def _check_id(_: object, __: object, value: Any) -> None:
    _printable_text("id", value, allow_empty=False)
    assert isinstance(value, str)
    if len(value) > 1000:
        raise InvalidValueError("id", value, "longer than 1000 characters")


def _check_subject(_: object, __: object, value: Any) -> None:
    _printable_text("subject", value)


def _check_body(_: object, __: object, value: Any) -> None:
    if not isinstance(value, str):
        raise InvalidValueError("body", value, "expected text")


def _check_sender(_: object, __: object, value: Any) -> None:
    if value != PLACEHOLDER_SENDER:
        check_address(value, "sender")


@attrs.frozen
class Message:
    r"""An e-mail-like message to deliver through a notifier.

    ``id`` is the idempotency key: the outbox keeps one message per id, so a cause that
    fires twice (a retry, a second process) still yields one message. Its
    ``Message-ID`` (:attr:`message_id`) encodes the id reversibly: letters, digits and
    ``-`` stay, ``:`` becomes ``_``, ``.`` stays where it can, everything else is
    percent-encoded (very long ids end in a SHA-256 digest). So it is ASCII, stable
    across retries, and distinct for distinct ids: ``staffel-80:L1``, ``staffel-80.L1``
    and ``staffel-80/L1`` give ``staffel-80_L1``, ``staffel-80.L1`` and
    ``staffel-80%2FL1``.

    Everything is checked when the message is built, so a bad message never reaches the
    outbox: every recipient (and the sender, unless it is the placeholder
    ``noreply@blikopwerk.invalid``) must be an e-mail address, checked with the
    ``email-validator`` package (syntax only, no DNS look-up; no display names, no
    reserved domains such as ``.invalid``, ``.test`` or ``localhost``), the id non-empty text, the subject and header values free of
    line breaks and control characters, header names plain and not one the message sets
    itself. Each problem is an :class:`~blikopwerk.InvalidValueError` naming the field.
    ``headers`` is kept read-only.

    Example:
        >>> m = Message("staffel-80:L1", ("holder@example.nl",), "80 % used", "Dear holder ...")
        >>> m.to_email()["Message-ID"]
        '<staffel-80_L1@blikopwerk.invalid>'
        >>> Message("m1", ("jan\nBcc:x@y",), "Hi", "Body")
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: to: not an e-mail address: The email address contains invalid characters before the @-sign: ':', U+000A. (got 'jan\nBcc:x@y')
    """

    id: str = attrs.field(validator=_check_id)
    to: tuple[str, ...] = attrs.field(converter=_recipients)
    subject: str = attrs.field(validator=_check_subject)
    body: str = attrs.field(validator=_check_body)
    sender: str = attrs.field(default=PLACEHOLDER_SENDER, validator=_check_sender)
    headers: Mapping[str, str] = attrs.field(factory=dict, converter=_headers)

    def __reduce__(self) -> tuple[Any, ...]:
        # Read-only headers do not pickle; the constructor checks and freezes them again.
        return (Message, (self.id, self.to, self.subject, self.body, self.sender, dict(self.headers)))

    @property
    def message_id(self) -> str:
        """The ``Message-ID`` header of this message: ``<encoded id@blikopwerk.invalid>``."""
        return f"<{encode_message_id(self.id)}@{MESSAGE_ID_DOMAIN}>"

    def to_email(self) -> email.message.EmailMessage:
        """The message as an RFC 5322 e-mail; its Message-ID derives from ``id``."""
        msg = email.message.EmailMessage()
        msg["From"] = self.sender
        msg["To"] = ", ".join(self.to)
        msg["Subject"] = self.subject
        msg["Message-ID"] = self.message_id
        for key, value in self.headers.items():
            msg[key] = value
        msg.set_content(self.body)
        return msg


class DeliveryError(BlikopwerkError):
    """A notifier could not deliver a message.

    ``permanent`` is true when retrying cannot help (a refused recipient); the outbox then
    marks the message failed with the reason instead of retrying it.
    """

    code = "delivery"

    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        self.reason = reason
        self.permanent = permanent
        super().__init__(reason)

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_delivery_error, (self.reason, self.permanent))


def _rebuild_delivery_error(reason: str, permanent: bool) -> DeliveryError:
    return DeliveryError(reason, permanent=permanent)


@runtime_checkable
class Geocoder(Protocol):
    """Postcode to coordinates (group ``blikopwerk.geocoders``).

    ``lookup`` accepts a full postcode or a PC4 area and raises
    :class:`~blikopwerk.UnknownPostcodeError` for a well-formed postcode it does not know.
    """

    name: str

    def lookup(self, postcode: Postcode | PC4) -> GeoPoint: ...


@runtime_checkable
class Notifier(Protocol):
    """Delivers one message (group ``blikopwerk.notifiers``); raises :class:`DeliveryError`."""

    name: str

    def deliver(self, message: Message) -> None:
        """Deliver ``message``; raise :class:`DeliveryError` (``permanent`` if a retry
        cannot help) when it was not delivered."""
        ...


@attrs.frozen
class OutboxEntry:
    """A message in the outbox with its delivery state."""

    message: Message
    status: Literal["queued", "delivered", "failed"]
    attempts: int
    created_at: dt.datetime
    next_attempt_at: dt.datetime
    last_error: str | None = None
    delivered_at: dt.datetime | None = None


@runtime_checkable
class OutboxRepository(Protocol):
    """Messages waiting for delivery (DESIGN principle 6).

    Services write messages in the same transaction as the change that causes them;
    :func:`~blikopwerk.deliver_outbox` delivers them later. ``claim`` leases due messages
    atomically, so two workers never hold the same message at once.
    """

    def enqueue(self, message: Message, now: dt.datetime) -> bool:
        """Queue ``message``; False (and nothing changed) if its id is already there."""
        ...

    def claim(self, now: dt.datetime, limit: int, lease: dt.timedelta) -> list[OutboxEntry]:
        """Lease up to ``limit`` queued messages due at ``now`` for ``lease``."""
        ...

    def renew(self, message_id: str, lease_until: dt.datetime, now: dt.datetime,
              lease: dt.timedelta) -> dt.datetime | None:
        """Re-lease a claimed message before sending it: while this worker still holds
        it (its lease ``lease_until`` is unchanged and later than ``now``), move the lease
        to ``now + lease`` and return that; otherwise None and nothing changed."""
        ...

    def mark_delivered(self, message_id: str, now: dt.datetime, *,
                       lease_until: dt.datetime | None = None) -> None:
        """Record delivery at ``now``; a delivered message is never claimed again. With
        ``lease_until`` only while that lease is held, else
        :class:`~blikopwerk.ConflictError`."""
        ...

    def mark_retry(self, message_id: str, error: str, next_attempt_at: dt.datetime, *,
                   lease_until: dt.datetime | None = None) -> None:
        """Keep a claimed message queued, with the error, until ``next_attempt_at`` (with
        ``lease_until``: only while that lease is held)."""
        ...

    def mark_failed(self, message_id: str, error: str, *,
                    lease_until: dt.datetime | None = None) -> None:
        """Give up on a message (a permanent failure); ``error`` says why (with
        ``lease_until``: only while that lease is held)."""
        ...

    def get(self, message_id: str) -> OutboxEntry:
        """The entry for ``message_id``; :class:`~blikopwerk.NotFoundError` if unknown."""
        ...

    def entries(self, status: str | None = None) -> Sequence[OutboxEntry]:
        """Every entry (or those with ``status``), oldest first."""
        ...


@runtime_checkable
class Storage(Protocol):
    """A storage backend (group ``blikopwerk.storage``): one repository per aggregate.

    ``capabilities`` tells the conformance kit what to test: ``"multiprocess"`` (several
    processes may open the same URL), ``"persistent"`` (data survives reopening).
    The licensing and lead services need more repositories: see
    :class:`~werkscan.LicensingStorage` and :class:`~werkscan.LeadStorage`.
    Attributes are read-only in the protocol, so a backend may implement them as plain
    attributes or properties.
    """

    @property
    def url(self) -> str: ...

    @property
    def capabilities(self) -> frozenset[str]: ...

    @property
    def outbox(self) -> OutboxRepository: ...

    def close(self) -> None: ...
