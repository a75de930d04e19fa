"""The outbox repository over the shared SQL layer."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Sequence
from types import MappingProxyType
from typing import Any

from blikopwerk._backends.sql import SqlDatabase, Tx, from_iso, iso
from blikopwerk._errors import ConflictError, InvalidValueError, NotFoundError
from blikopwerk._protocols import Message, OutboxEntry

__all__ = ["SqlOutbox", "enqueue_in", "enqueue_many_in"]

_COLUMNS = ("id, recipients, subject, body, sender, headers, status, attempts, created_at, "
            "next_attempt_at, last_error, delivered_at")


_INSERT = ("INSERT INTO outbox (id, recipients, subject, body, sender, headers, status, attempts, "
           "created_at, next_attempt_at) VALUES ")
_ROW = "(?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?)"


@functools.lru_cache(maxsize=64)
def _headers_text(items: tuple[tuple[str, str], ...]) -> str:
    return json.dumps(dict(items))  # remembered: messages of one kind share their headers


def _row(message: Message, stamp: str) -> tuple[Any, ...]:
    return (message.id, json.dumps(list(message.to)), message.subject, message.body,
            message.sender, _headers_text(tuple(message.headers.items())), stamp, stamp)


def enqueue_in(tx: Tx, message: Message, now: dt.datetime) -> bool:
    """Queue ``message`` inside an open transaction (for services that change state and
    notify atomically); False if a message with that id exists."""
    row = tx.one(f"{_INSERT}{_ROW} ON CONFLICT (id) DO NOTHING RETURNING id",
                 _row(message, iso(now)))
    return row is not None


def enqueue_many_in(tx: Tx, messages: Sequence[Message], now: dt.datetime) -> None:
    """Queue several messages inside an open transaction in one statement, each row as
    :func:`enqueue_in` writes it; a message whose id exists is left as it is."""
    if not messages:
        return
    stamp = iso(now)
    tx.execute(f"{_INSERT}{', '.join([_ROW] * len(messages))} ON CONFLICT (id) DO NOTHING",
               tuple(v for m in messages for v in _row(m, stamp)))


def _stored_message(mid: str, to: tuple[str, ...], subject: str, body: str, sender: str,
                    headers: dict[str, str]) -> Message:
    """The stored message; one that today's checks refuse (stored by an older release, or
    written around the checks) is rebuilt as stored, so that reading the outbox never
    fails and :func:`~blikopwerk.deliver_outbox` can mark it failed with the reason."""
    try:
        return Message(mid, to, subject, body, sender, headers)
    except InvalidValueError:
        message = object.__new__(Message)
        for name, value in (("id", mid), ("to", to), ("subject", subject), ("body", body),
                            ("sender", sender), ("headers", MappingProxyType(dict(headers)))):
            object.__setattr__(message, name, value)
        return message


def _entry(row: tuple[Any, ...]) -> OutboxEntry:
    (mid, to, subject, body, sender, headers, status, attempts, created, nxt, err, done) = row
    return OutboxEntry(
        message=_stored_message(mid, tuple(json.loads(to)), subject, body, sender,
                                json.loads(headers)),
        status=status,
        attempts=int(attempts),
        created_at=from_iso(created),  # type: ignore[arg-type]
        next_attempt_at=from_iso(nxt),  # type: ignore[arg-type]
        last_error=err,
        delivered_at=from_iso(done),
    )


class SqlOutbox:
    """Outbox on SQL. ``claim`` moves due messages' next attempt past the lease in the
    same statement that selects them, so concurrent workers never share a message."""

    def __init__(self, db: SqlDatabase) -> None:
        self.db = db

    def enqueue(self, message: Message, now: dt.datetime) -> bool:
        return self.db.run(lambda tx: enqueue_in(tx, message, now))

    def claim(self, now: dt.datetime, limit: int, lease: dt.timedelta) -> list[OutboxEntry]:
        def step(tx: Tx) -> list[OutboxEntry]:
            rows = tx.all(
                f"SELECT {_COLUMNS} FROM outbox WHERE status = 'queued' AND next_attempt_at <= ? "
                "ORDER BY next_attempt_at, id LIMIT ?",
                (iso(now), limit),
            )
            claimed = []
            for row in rows:
                updated = tx.one(
                    "UPDATE outbox SET next_attempt_at = ?, attempts = attempts + 1 "
                    "WHERE id = ? AND status = 'queued' AND next_attempt_at = ? RETURNING id",
                    (iso(now + lease), row[0], row[9]),
                )
                if updated is not None:
                    entry = _entry(row)
                    claimed.append(
                        OutboxEntry(entry.message, entry.status, entry.attempts + 1,
                                    entry.created_at, now + lease, entry.last_error, None)
                    )
            return claimed

        return self.db.run(step)

    def renew(self, message_id: str, lease_until: dt.datetime, now: dt.datetime,
              lease: dt.timedelta) -> dt.datetime | None:
        """Extend a lease this worker holds to ``now + lease``; None if it no longer holds
        it (expired at ``now``, or claimed by another worker, or the message settled)."""
        new = now + lease
        row = self.db.run(lambda tx: tx.one(
            "UPDATE outbox SET next_attempt_at = ? WHERE id = ? AND status = 'queued' "
            "AND next_attempt_at = ? AND next_attempt_at > ? RETURNING id",
            (iso(new), message_id, iso(lease_until, "lease_until"), iso(now))))
        return None if row is None else new

    def _update(self, message_id: str, sql: str, params: tuple[Any, ...],
                lease_until: dt.datetime | None = None) -> None:
        if lease_until is not None:
            sql += " AND status = 'queued' AND next_attempt_at = ?"
            params = (*params, message_id, iso(lease_until, "lease_until"))
        else:
            params = (*params, message_id)

        def step(tx: Tx) -> None:
            if tx.one(sql + " RETURNING id", params) is None:
                if tx.one("SELECT id FROM outbox WHERE id = ?", (message_id,)) is None:
                    raise NotFoundError("outbox message", message_id)
                if lease_until is not None:
                    raise ConflictError(f"outbox message {message_id!r}: this worker's lease "
                                        "ended (it expired, or another worker holds the message)")

        self.db.run(step)

    def mark_delivered(self, message_id: str, now: dt.datetime, *,
                       lease_until: dt.datetime | None = None) -> None:
        self._update(message_id, "UPDATE outbox SET status = 'delivered', delivered_at = ?, "
                     "last_error = NULL WHERE id = ?", (iso(now),), lease_until)

    def mark_retry(self, message_id: str, error: str, next_attempt_at: dt.datetime, *,
                   lease_until: dt.datetime | None = None) -> None:
        self._update(message_id, "UPDATE outbox SET last_error = ?, next_attempt_at = ? "
                     "WHERE id = ? AND status = 'queued'", (error, iso(next_attempt_at)),
                     lease_until)

    def mark_failed(self, message_id: str, error: str, *,
                    lease_until: dt.datetime | None = None) -> None:
        self._update(message_id, "UPDATE outbox SET status = 'failed', last_error = ? "
                     "WHERE id = ?", (error,), lease_until)

    def get(self, message_id: str) -> OutboxEntry:
        row = self.db.run(lambda tx: tx.one(f"SELECT {_COLUMNS} FROM outbox WHERE id = ?",
                                            (message_id,)))
        if row is None:
            raise NotFoundError("outbox message", message_id)
        return _entry(row)

    def entries(self, status: str | None = None) -> list[OutboxEntry]:
        def step(tx: Tx) -> list[tuple[Any, ...]]:
            if status is None:
                return tx.all(f"SELECT {_COLUMNS} FROM outbox ORDER BY created_at, id")
            return tx.all(f"SELECT {_COLUMNS} FROM outbox WHERE status = ? "
                          "ORDER BY created_at, id", (status,))

        return [_entry(r) for r in self.db.run(step)]
