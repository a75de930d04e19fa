"""In-memory storage (``memory://``): the reference backend of the conformance kit.

One process only; every operation holds one lock, so it is trivially atomic.
"""

from __future__ import annotations

import datetime as dt
import threading

import attrs

from blikopwerk._calendar import require_aware
from blikopwerk._errors import InvalidValueError, NotFoundError
from blikopwerk._protocols import Message, OutboxEntry

__all__ = ["MemoryOutbox", "MemoryStorage"]


_aware = require_aware


class MemoryOutbox:
    """Outbox held in a dict."""

    def __init__(self, lock: threading.RLock) -> None:
        self._lock = lock
        self._entries: dict[str, OutboxEntry] = {}

    def enqueue_locked(self, message: Message, now: dt.datetime) -> bool:
        """Queue while the caller holds the storage lock (same 'transaction')."""
        _aware(now)
        if message.id in self._entries:
            return False
        self._entries[message.id] = OutboxEntry(message, "queued", 0, now, now)
        return True

    def enqueue(self, message: Message, now: dt.datetime) -> bool:
        with self._lock:
            return self.enqueue_locked(message, now)

    def claim(self, now: dt.datetime, limit: int, lease: dt.timedelta) -> list[OutboxEntry]:
        _aware(now)
        with self._lock:
            due = sorted(
                (e for e in self._entries.values()
                 if e.status == "queued" and e.next_attempt_at <= now),
                key=lambda e: (e.next_attempt_at, e.message.id),
            )[:limit]
            claimed = []
            for e in due:
                new = attrs.evolve(e, attempts=e.attempts + 1, next_attempt_at=now + lease)
                self._entries[e.message.id] = new
                claimed.append(new)
            return claimed

    def _get(self, message_id: str) -> OutboxEntry:
        try:
            return self._entries[message_id]
        except KeyError:
            raise NotFoundError("outbox message", message_id) from None

    def mark_delivered(self, message_id: str, now: dt.datetime) -> None:
        with self._lock:
            e = self._get(message_id)
            self._entries[message_id] = attrs.evolve(
                e, status="delivered", delivered_at=_aware(now), last_error=None
            )

    def mark_retry(self, message_id: str, error: str, next_attempt_at: dt.datetime) -> None:
        with self._lock:
            e = self._get(message_id)
            if e.status == "queued":
                self._entries[message_id] = attrs.evolve(
                    e, last_error=error, next_attempt_at=_aware(next_attempt_at)
                )

    def mark_failed(self, message_id: str, error: str) -> None:
        with self._lock:
            e = self._get(message_id)
            self._entries[message_id] = attrs.evolve(e, status="failed", last_error=error)

    def get(self, message_id: str) -> OutboxEntry:
        with self._lock:
            return self._get(message_id)

    def entries(self, status: str | None = None) -> list[OutboxEntry]:
        with self._lock:
            result = [e for e in self._entries.values() if status is None or e.status == status]
            return sorted(result, key=lambda e: (e.created_at, e.message.id))


class MemoryStorage:
    """Everything in dicts, guarded by one re-entrant lock; for tests and demos.

    Example:
        >>> s = MemoryStorage.from_url("memory://")
        >>> sorted(s.capabilities)
        []
    """

    capabilities: frozenset[str] = frozenset()

    def __init__(self, url: str = "memory://") -> None:
        self.url = url
        self.lock = threading.RLock()
        self.outbox = MemoryOutbox(self.lock)
        from werkscan._licensing import memory as licensing_memory

        self.licences = licensing_memory.MemoryLicences(self.lock)
        self.staffels = licensing_memory.MemoryStaffels(self.lock, self.licences, self.outbox)
        self.access = licensing_memory.MemoryAccess(self.lock, self.licences)
        from werkscan._leads import memory as leads_memory

        _leads = leads_memory.shared_state(self.lock, self.outbox)
        self.experts = leads_memory.MemoryExpertRepository(_leads)
        self.leads = leads_memory.MemoryLeadRepository(_leads)
        self.consents = leads_memory.MemoryConsentRepository(_leads)

    @classmethod
    def from_url(cls, url: str) -> MemoryStorage:
        """``memory://`` (anything after the scheme is ignored but kept in ``url``)."""
        if not url.startswith("memory://"):
            raise InvalidValueError("storage_url", url, "expected 'memory://'")
        return cls(url)

    def close(self) -> None:
        """Nothing to release."""

    def __enter__(self) -> MemoryStorage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
