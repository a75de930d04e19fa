"""Storage conformance suites (public): run them against your backend.

Every suite derives from :class:`StorageSuiteBase`, whose ``storage_url`` fixture a
backend's tests override. :func:`concurrently` runs an operation from several processes
(each opening the URL itself, for backends with the ``"multiprocess"`` capability) or
several threads sharing one storage object (otherwise), all released at the same moment.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from blikopwerk._protocols import DeliveryError, Message, Storage
from blikopwerk.plugins import open_storage

__all__ = ["OutboxSuite", "StorageSuiteBase", "concurrently"]

T0 = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)


def _process_entry(
    barrier: Any, url: str, func: Callable[..., Any], args: tuple[Any, ...], queue: Any,
    extensions: dict[str, str] | None = None,
) -> None:
    from blikopwerk._backends.extensions import register_extension

    for name, target in (extensions or {}).items():  # the parent's storage extensions
        register_extension(name, target)
    storage = open_storage(url)
    try:
        barrier.wait(timeout=120)
        try:
            queue.put(("ok", func(storage, *args)))
        except BaseException as exc:
            queue.put(("error", exc))
    finally:
        storage.close()


def concurrently(
    storage: Storage,
    func: Callable[..., Any],
    args_list: Sequence[tuple[Any, ...]],
    *,
    timeout: float = 300.0,
) -> list[Any]:
    """Run ``func(storage, *args)`` once per ``args`` in parallel; return results or errors.

    ``func`` must be a module-level function (it is pickled for other processes). With
    the ``"multiprocess"`` capability each call runs in its own spawned process, which
    opens ``storage.url`` itself; otherwise in threads sharing ``storage``. All calls
    start together (a barrier). An exception raised by a call is returned in its slot.
    """
    n = len(args_list)
    if "multiprocess" in storage.capabilities:
        from blikopwerk._backends.extensions import registered_in_code

        ctx = multiprocessing.get_context("spawn")
        extensions = registered_in_code()
        barrier = ctx.Barrier(n)
        queue = ctx.Queue()
        procs = [
            ctx.Process(target=_process_entry, args=(barrier, storage.url, func, args, queue, extensions))
            for args in args_list
        ]
        for p in procs:
            p.start()
        results = []
        try:
            for _ in procs:
                kind, value = queue.get(timeout=timeout)
                results.append(value)
        finally:
            for p in procs:
                p.join(timeout=30)
                if p.is_alive():  # pragma: no cover - only on a hung backend
                    p.kill()
        return results
    tbarrier = threading.Barrier(n)

    def call(args: tuple[Any, ...]) -> Any:
        tbarrier.wait(timeout=120)
        try:
            return func(storage, *args)
        except BaseException as exc:
            return exc

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(call, args_list, timeout=timeout))


class StorageSuiteBase:
    """Base of every storage suite. Override the ``storage_url`` fixture.

    ``storage`` opens a fresh backend per test through :func:`blikopwerk.plugins.open_storage`,
    so the plugin's entry point is exercised too. ``reopen`` gives a second handle on
    the same data (for persistence and multi-process tests).
    """

    @pytest.fixture
    def storage_url(self, tmp_path: Any) -> str:
        raise pytest.UsageError(f"{type(self).__name__} must override the storage_url fixture")

    @pytest.fixture
    def storage(self, storage_url: str) -> Iterator[Storage]:
        storage = open_storage(storage_url)
        try:
            yield storage
        finally:
            storage.close()

    @staticmethod
    def requires(storage: Storage, capability: str) -> None:
        """Skip the calling test unless ``storage`` has ``capability``."""
        if capability not in storage.capabilities:
            pytest.skip(f"backend lacks the {capability!r} capability")


def _enqueue_same(storage: Storage, message: Message) -> bool:
    return storage.outbox.enqueue(message, T0)


def _claim(storage: Storage, limit: int) -> list[str]:
    return [e.message.id for e in storage.outbox.claim(T0, limit, dt.timedelta(minutes=5))]


class _Recorder:
    name = "recorder"

    def __init__(self, fail: dict[str, DeliveryError] | None = None) -> None:
        self.sent: list[str] = []
        self.fail = fail or {}

    def deliver(self, message: Message) -> None:
        if message.id in self.fail:
            raise self.fail[message.id]
        self.sent.append(message.id)


class OutboxSuite(StorageSuiteBase):
    """The outbox contract (DESIGN principle 6): idempotent enqueue, leased claims,
    delivered once, retry with backoff, permanent failure recorded."""

    def msg(self, i: int | str) -> Message:
        return Message(f"m-{i}", (f"user{i}@example.nl",), f"Subject {i} – ü", f"Body {i}\n")

    def test_enqueue_roundtrip(self, storage: Storage) -> None:
        assert storage.outbox.enqueue(self.msg(1), T0) is True
        entry = storage.outbox.get("m-1")
        assert entry.message == self.msg(1)
        assert entry.status == "queued"
        assert entry.attempts == 0

    def test_enqueue_is_idempotent_on_id(self, storage: Storage) -> None:
        assert storage.outbox.enqueue(self.msg(1), T0) is True
        assert storage.outbox.enqueue(self.msg(1), T0 + dt.timedelta(hours=1)) is False
        assert len(storage.outbox.entries()) == 1

    def test_claim_leases_due_messages_once(self, storage: Storage) -> None:
        for i in range(3):
            storage.outbox.enqueue(self.msg(i), T0)
        first = storage.outbox.claim(T0, 10, dt.timedelta(minutes=5))
        assert sorted(e.message.id for e in first) == ["m-0", "m-1", "m-2"]
        assert all(e.attempts == 1 for e in first)
        assert storage.outbox.claim(T0 + dt.timedelta(minutes=4), 10, dt.timedelta(minutes=5)) == []
        again = storage.outbox.claim(T0 + dt.timedelta(minutes=5), 10, dt.timedelta(minutes=5))
        assert len(again) == 3  # lease expired: a crashed worker loses nothing

    def test_claim_respects_limit_and_due_time(self, storage: Storage) -> None:
        storage.outbox.enqueue(self.msg("late"), T0 + dt.timedelta(hours=1))
        for i in range(5):
            storage.outbox.enqueue(self.msg(i), T0)
        assert len(storage.outbox.claim(T0, 2, dt.timedelta(minutes=5))) == 2
        ids = [e.message.id for e in storage.outbox.claim(T0, 10, dt.timedelta(minutes=5))]
        assert sorted(ids) == ["m-2", "m-3", "m-4"]

    def test_delivered_never_claimed_again(self, storage: Storage) -> None:
        from blikopwerk._outbox import deliver_outbox

        storage.outbox.enqueue(self.msg(1), T0)
        rec = _Recorder()
        assert deliver_outbox(storage, rec, T0).delivered == ("m-1",)
        later = T0 + dt.timedelta(days=1)
        assert deliver_outbox(storage, rec, later).delivered == ()
        assert rec.sent == ["m-1"]
        entry = storage.outbox.get("m-1")
        assert entry.status == "delivered"
        assert entry.delivered_at == T0

    def test_transient_failure_retries_with_backoff(self, storage: Storage) -> None:
        from blikopwerk._outbox import deliver_outbox

        storage.outbox.enqueue(self.msg(1), T0)
        failing = _Recorder({"m-1": DeliveryError("server down")})
        report = deliver_outbox(storage, failing, T0, base_delay=dt.timedelta(seconds=30))
        assert report.retrying == ("m-1",)
        entry = storage.outbox.get("m-1")
        assert (entry.status, entry.last_error) == ("queued", "server down")
        assert entry.next_attempt_at == T0 + dt.timedelta(seconds=30)
        assert deliver_outbox(storage, _Recorder(), T0 + dt.timedelta(seconds=29)).delivered == ()
        ok = _Recorder()
        assert deliver_outbox(storage, ok, T0 + dt.timedelta(seconds=30)).delivered == ("m-1",)
        assert storage.outbox.get("m-1").attempts == 2

    def test_permanent_failure_is_recorded_not_retried(self, storage: Storage) -> None:
        from blikopwerk._outbox import deliver_outbox

        storage.outbox.enqueue(self.msg(1), T0)
        bad = _Recorder({"m-1": DeliveryError("550 no such user", permanent=True)})
        assert deliver_outbox(storage, bad, T0).failed == ("m-1",)
        entry = storage.outbox.get("m-1")
        assert (entry.status, entry.last_error) == ("failed", "550 no such user")
        assert deliver_outbox(storage, _Recorder(), T0 + dt.timedelta(days=1)).failed == ()

    def test_mark_retry_and_mark_failed_directly(self, storage: Storage) -> None:
        storage.outbox.enqueue(self.msg(1), T0)
        storage.outbox.enqueue(self.msg(2), T0)
        storage.outbox.claim(T0, 10, dt.timedelta(minutes=5))
        storage.outbox.mark_retry("m-1", "421 try later", T0 + dt.timedelta(minutes=1))
        storage.outbox.mark_failed("m-2", "550 no such user")
        one, two = storage.outbox.get("m-1"), storage.outbox.get("m-2")
        assert (one.status, one.last_error, one.next_attempt_at) == (
            "queued", "421 try later", T0 + dt.timedelta(minutes=1))
        assert (two.status, two.last_error) == ("failed", "550 no such user")
        assert [e.message.id for e in storage.outbox.entries("failed")] == ["m-2"]
        assert [e.message.id for e in storage.outbox.claim(T0 + dt.timedelta(minutes=1), 10,
                                                           dt.timedelta(minutes=5))] == ["m-1"]

    def test_naive_datetime_is_refused(self, storage: Storage) -> None:
        from blikopwerk._errors import InvalidValueError

        with pytest.raises(InvalidValueError, match="now"):
            storage.outbox.enqueue(self.msg(1), dt.datetime(2026, 1, 5, 9))

    def test_unknown_message_is_not_found(self, storage: Storage) -> None:
        from blikopwerk._errors import NotFoundError

        with pytest.raises(NotFoundError):
            storage.outbox.get("nope")
        with pytest.raises(NotFoundError):
            storage.outbox.mark_delivered("nope", T0)

    def test_concurrent_enqueue_of_one_id_keeps_one(self, storage: Storage) -> None:
        results = concurrently(storage, _enqueue_same, [(self.msg(7),)] * 4)
        assert sorted(results) == [False, False, False, True]
        assert [e.message.id for e in storage.outbox.entries()] == ["m-7"]

    def test_concurrent_claims_never_share_a_message(self, storage: Storage) -> None:
        for i in range(40):
            storage.outbox.enqueue(self.msg(i), T0)
        results = concurrently(storage, _claim, [(10,)] * 4)
        claimed = [mid for r in results for mid in r]
        assert len(claimed) == len(set(claimed)) == 40

    # -- leases (issue 13, point 4): mark only under the lease, re-lease before sending --

    def test_mark_delivered_only_by_the_lease_holder(self, storage: Storage) -> None:
        from blikopwerk._errors import ConflictError

        storage.outbox.enqueue(self.msg(1), T0)
        lease = dt.timedelta(minutes=5)
        (a,) = storage.outbox.claim(T0, 10, lease)
        later = T0 + dt.timedelta(minutes=6)  # a's lease expired; b claims the message
        (b,) = storage.outbox.claim(later, 10, lease)
        assert storage.outbox.renew("m-1", a.next_attempt_at, later, lease) is None
        with pytest.raises(ConflictError, match="lease"):
            storage.outbox.mark_delivered("m-1", later, lease_until=a.next_attempt_at)
        assert storage.outbox.get("m-1").status == "queued"
        held = storage.outbox.renew("m-1", b.next_attempt_at, later, lease)
        assert held == later + lease
        storage.outbox.mark_delivered("m-1", later, lease_until=held)
        assert storage.outbox.get("m-1").status == "delivered"
        assert storage.outbox.renew("m-1", held, later, lease) is None  # settled

    def test_expired_lease_is_not_renewed(self, storage: Storage) -> None:
        storage.outbox.enqueue(self.msg(1), T0)
        lease = dt.timedelta(minutes=5)
        (a,) = storage.outbox.claim(T0, 10, lease)
        assert storage.outbox.renew("m-1", a.next_attempt_at, T0 + lease, lease) is None
        assert storage.outbox.renew("m-1", a.next_attempt_at, T0 + dt.timedelta(minutes=1),
                                    lease) == T0 + dt.timedelta(minutes=6)

    def test_two_workers_each_message_delivered_once(self, storage: Storage) -> None:
        for i in range(30):
            storage.outbox.enqueue(self.msg(i), T0)
        results = concurrently(storage, _deliver_all, [(T0,)] * 2)
        sent = [mid for r in results for mid in r]
        assert sorted(sent) == sorted(f"m-{i}" for i in range(30))
        assert {e.status for e in storage.outbox.entries()} == {"delivered"}

    def test_a_worker_with_a_clock_ahead_does_not_make_a_second_delivery(self, storage: Storage) -> None:
        """Worker A claims; worker B, whose clock is 10 minutes ahead, sees A's lease as
        expired and claims the same message. A re-leases before sending, fails, and skips
        it: the message is sent once, by B."""
        from blikopwerk._outbox import deliver_outbox

        storage.outbox.enqueue(self.msg(1), T0)
        lease = dt.timedelta(minutes=5)
        (a,) = storage.outbox.claim(T0, 10, lease)
        b_clock = T0 + dt.timedelta(minutes=10)
        rec = _Recorder()
        assert deliver_outbox(storage, rec, b_clock, lease=lease).delivered == ("m-1",)
        assert storage.outbox.renew("m-1", a.next_attempt_at, T0 + dt.timedelta(minutes=1),
                                    lease) is None
        assert rec.sent == ["m-1"]

    def test_one_bad_message_is_failed_with_its_reason_and_the_run_goes_on(self, storage: Storage) -> None:
        from blikopwerk._outbox import deliver_outbox

        bad = self.msg("bad")
        object.__setattr__(bad, "to", ("jan\nBcc:x@example.nl",))  # stored around the checks
        storage.outbox.enqueue(bad, T0)
        storage.outbox.enqueue(self.msg("good"), T0)
        rec = _Recorder()
        report = deliver_outbox(storage, rec, T0)
        assert (report.failed, report.delivered) == (("m-bad",), ("m-good",))
        entry = storage.outbox.get("m-bad")
        assert entry.status == "failed"
        assert entry.last_error is not None and "not an e-mail address" in entry.last_error
        assert rec.sent == ["m-good"]


def _deliver_all(storage: Storage, now: dt.datetime) -> list[str]:
    from blikopwerk._outbox import deliver_outbox

    rec = _Recorder()
    while True:
        report = deliver_outbox(storage, rec, now, limit=5)
        if not (report.delivered or report.retrying or report.failed or report.skipped):
            return rec.sent
