"""Delivering the outbox through a notifier (DESIGN principle 6)."""

from __future__ import annotations

import datetime as dt

import attrs

from blikopwerk._protocols import DeliveryError, Notifier, Storage

__all__ = ["DeliveryReport", "deliver_outbox"]


@attrs.frozen
class DeliveryReport:
    """What one :func:`deliver_outbox` run did."""

    delivered: tuple[str, ...] = ()
    retrying: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()


def backoff(attempts: int, base: dt.timedelta, cap: dt.timedelta) -> dt.timedelta:
    """Exponential backoff: ``base * 2**(attempts-1)``, at most ``cap``."""
    delay: dt.timedelta = base * (2 ** max(attempts - 1, 0))
    return min(delay, cap)


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

    Each message is leased before delivery, so two workers never send it at once; a
    delivered message is marked and never sent again. A transient failure is retried
    later with exponential backoff; a permanent one (or ``max_attempts`` reached) marks
    the message failed with the reason.

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
    delivered: list[str] = []
    retrying: list[str] = []
    failed: list[str] = []
    for entry in storage.outbox.claim(now, limit, lease):
        mid = entry.message.id
        try:
            notifier.deliver(entry.message)
        except DeliveryError as exc:
            if exc.permanent or entry.attempts >= max_attempts:
                storage.outbox.mark_failed(mid, exc.reason)
                failed.append(mid)
            else:
                storage.outbox.mark_retry(mid, exc.reason,
                                          now + backoff(entry.attempts, base_delay, max_delay))
                retrying.append(mid)
        else:
            storage.outbox.mark_delivered(mid, now)
            delivered.append(mid)
    return DeliveryReport(tuple(delivered), tuple(retrying), tuple(failed))
