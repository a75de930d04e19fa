"""Backend protocols: what a storage, geocoder or notifier plugin must provide.

These are the contracts of the entry-point groups ``blikopwerk.storage``,
``blikopwerk.geocoders`` and ``blikopwerk.notifiers``. The registry checks them when a
backend is registered.
"""

from __future__ import annotations

import datetime as dt
import email.message
import email.utils
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal, Protocol, runtime_checkable

import attrs

from blikopwerk._errors import BlikopwerkError
from blikopwerk._geo import GeoPoint
from blikopwerk._postcode import PC4, Postcode

__all__ = [
    "DeliveryError",
    "Geocoder",
    "Message",
    "Notifier",
    "OutboxEntry",
    "OutboxRepository",
    "Storage",
]


def _recipients(value: Iterable[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


@attrs.frozen
class Message:
    """An e-mail-like message to deliver through a notifier.

    ``id`` is the idempotency key: the outbox keeps one message per id, so a cause that
    fires twice (a retry, a second process) still yields one message.

    Example:
        >>> m = Message("staffel-80:L1", ("holder@example.nl",), "80 % used", "Dear holder ...")
        >>> m.to_email()["Message-ID"]
        '<staffel-80.L1@blikopwerk.invalid>'
    """

    id: str
    to: tuple[str, ...] = attrs.field(converter=_recipients)
    subject: str
    body: str
    sender: str = "noreply@blikopwerk.invalid"
    headers: Mapping[str, str] = attrs.field(factory=dict)

    def to_email(self) -> email.message.EmailMessage:
        """The message as an RFC 5322 e-mail; its Message-ID derives from ``id``."""
        msg = email.message.EmailMessage()
        msg["From"] = self.sender
        msg["To"] = ", ".join(self.to)
        msg["Subject"] = self.subject
        safe = "".join(c if c.isalnum() or c in "-_." else "." for c in self.id)
        msg["Message-ID"] = f"<{safe}@blikopwerk.invalid>"
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

    def mark_delivered(self, message_id: str, now: dt.datetime) -> None:
        """Record delivery at ``now``; a delivered message is never claimed again."""
        ...

    def mark_retry(self, message_id: str, error: str, next_attempt_at: dt.datetime) -> None:
        """Keep a claimed message queued, with the error, until ``next_attempt_at``."""
        ...

    def mark_failed(self, message_id: str, error: str) -> None:
        """Give up on a message (a permanent failure); ``error`` says why."""
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
