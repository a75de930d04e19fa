"""Delivering the outbox through a notifier (DESIGN principle 6)."""

from __future__ import annotations

import datetime as dt
import time

import attrs

from blikopwerk._errors import ConflictError, InvalidValueError
from blikopwerk._protocols import DeliveryError, Message, Notifier, Storage

__all__ = ["DeliveryReport", "deliver_outbox"]


@attrs.frozen
class DeliveryReport:
    """What one :func:`deliver_outbox` run did; ``skipped`` are messages whose lease this
    worker lost before sending (another worker has them)."""

    delivered: tuple[str, ...] = ()
    retrying: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()


def backoff(attempts: int, base: dt.timedelta, cap: dt.timedelta) -> dt.timedelta:
    """Exponential backoff: ``base * 2**(attempts-1)``, at most ``cap``."""
    delay: dt.timedelta = base * (2 ** max(attempts - 1, 0))
    return min(delay, cap)


def _checked(message: Message) -> Message:
    """The message rebuilt through its checks (a stored one may predate them)."""
    return Message(message.id, message.to, message.subject, message.body, message.sender,
                   dict(message.headers))


def deliver_outbox(
    storage: Storage,
    notifier: Notifier,
    now: dt.datetime | None = None,
    *,
    limit: int = 100,
    lease: dt.timedelta = dt.timedelta(minutes=5),
    base_delay: dt.timedelta = dt.timedelta(seconds=30),
    max_delay: dt.timedelta = dt.timedelta(hours=1),
    max_attempts: int = 20,
) -> DeliveryReport:
    """Deliver queued messages that are due; safe to run from several processes.

    Messages are leased when claimed, and each one is leased again just before it is
    sent (:meth:`~blikopwerk.OutboxRepository.renew`): a message whose lease ran out
    during a long run (and that another worker may have claimed) is skipped, not sent.
    A message is marked delivered, retried or failed only under this worker's lease.
    A transient failure is retried later with exponential backoff; a permanent one (or
    ``max_attempts`` reached) marks the message failed with the reason. One bad message
    (an address today's checks refuse, a notifier bug) never stops the run: it is
    marked failed (refused by the checks) or retried (anything else) with the reason.
    The lease clock is ``now`` plus the time the run has taken.

    Example:
        >>> from blikopwerk import MemoryStorage, LogNotifier, Message
        >>> s = MemoryStorage()
        >>> now = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
        >>> s.outbox.enqueue(Message("m1", ("a@example.nl",), "Hi", "Body"), now)
        True
        >>> deliver_outbox(s, LogNotifier(), now).delivered
        ('m1',)
        >>> deliver_outbox(s, LogNotifier(), now).delivered
        ()
    """
    now = now or dt.datetime.now(dt.UTC)
    started = time.monotonic()
    delivered: list[str] = []
    retrying: list[str] = []
    failed: list[str] = []
    skipped: list[str] = []
    outbox = storage.outbox
    for entry in outbox.claim(now, limit, lease):
        mid = entry.message.id
        current = now + dt.timedelta(seconds=time.monotonic() - started)
        held = outbox.renew(mid, entry.next_attempt_at, current, lease)
        if held is None:
            skipped.append(mid)
            continue
        try:
            try:
                message = _checked(entry.message)
            except InvalidValueError as exc:
                outbox.mark_failed(mid, f"refused by the message checks: {exc}", lease_until=held)
                failed.append(mid)
                continue
            try:
                notifier.deliver(message)
            except DeliveryError as exc:
                if exc.permanent or entry.attempts >= max_attempts:
                    outbox.mark_failed(mid, exc.reason, lease_until=held)
                    failed.append(mid)
                else:
                    outbox.mark_retry(mid, exc.reason,
                                      now + backoff(entry.attempts, base_delay, max_delay),
                                      lease_until=held)
                    retrying.append(mid)
            except Exception as exc:  # a notifier bug must not stop the run
                reason = f"{type(exc).__name__}: {exc}"
                if entry.attempts >= max_attempts:
                    outbox.mark_failed(mid, reason, lease_until=held)
                    failed.append(mid)
                else:
                    outbox.mark_retry(mid, reason,
                                      now + backoff(entry.attempts, base_delay, max_delay),
                                      lease_until=held)
                    retrying.append(mid)
            else:
                outbox.mark_delivered(mid, now, lease_until=held)
                delivered.append(mid)
        except ConflictError:
            skipped.append(mid)  # the lease ended between sending and marking
    return DeliveryReport(tuple(delivered), tuple(retrying), tuple(failed), tuple(skipped))
