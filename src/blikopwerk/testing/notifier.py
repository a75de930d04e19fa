"""Notifier conformance suite (public): run it against your notifier plugin.

Subclass :class:`NotifierSuite`, override the ``notifier`` fixture, set the capability
flags your backend supports, and implement the hooks those flags need:

.. code-block:: python

    import pytest
    from blikopwerk.testing import NotifierSuite


    class TestMyNotifier(NotifierSuite):
        entry_point_name = "mynotifier"
        can_inspect_delivered = True

        @pytest.fixture
        def notifier(self, my_server):
            return MyNotifier(url=my_server.url)

        def delivered(self, notifier):
            return my_server.received_emails()  # what actually arrived

The suite checks the contract of :class:`blikopwerk.Notifier` (DESIGN principle 6):
``deliver`` sends one message with its headers and a ``Message-ID`` derived from the
message id (distinct for distinct ids), unicode subjects and bodies survive, failures raise
:class:`blikopwerk.DeliveryError` with ``permanent`` telling the outbox whether to retry,
and :func:`blikopwerk.deliver_outbox` over :class:`blikopwerk.MemoryStorage` delivers every
queued message exactly once.
"""

from __future__ import annotations

import datetime as dt
import email.message
import email.policy
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, ClassVar

import pytest

from blikopwerk._backends.memory import MemoryStorage
from blikopwerk._outbox import deliver_outbox
from blikopwerk._protocols import DeliveryError, Message, Notifier, Storage

__all__ = ["NotifierSuite", "message_id_of", "parse_delivered"]

T0 = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)

UNICODE_SUBJECT = "Één herinnering – € 1.605,00 ✓ für Ærø 😊"
UNICODE_BODY = "Beste werkgever,\n\nUw staffel is voor 80 % gebruikt: € 1.605,00.\nGroeten — ĳsselmeer 日本\n"


def _memory_storage() -> Storage:
    return MemoryStorage()


def parse_delivered(raw: bytes | str) -> email.message.EmailMessage:
    """Parse a delivered e-mail (bytes or text) with the modern e-mail policy.

    A ``delivered`` hook can use it to turn what its backend received into messages.
    Line endings are normalised first: SMTP carries CRLF, files usually hold LF.

    Example:
        >>> m = Message("m1", ("a@example.nl",), "Één", "Body")
        >>> parse_delivered(m.to_email().as_bytes())["Subject"]
        'Één'
    """
    from email import message_from_bytes, message_from_string

    if isinstance(raw, bytes):
        parsed = message_from_bytes(raw.replace(b"\r\n", b"\n"), policy=email.policy.default)
    else:
        parsed = message_from_string(raw.replace("\r\n", "\n"), policy=email.policy.default)
    assert isinstance(parsed, email.message.EmailMessage)
    return parsed


def message_id_of(message: Message) -> str:
    """The ``Message-ID`` header a notifier must send for ``message``.

    Example:
        >>> message_id_of(Message("staffel-80:L1", ("a@example.nl",), "S", "B"))
        '<staffel-80_L1@blikopwerk.invalid>'
    """
    return str(message.to_email()["Message-ID"])


class NotifierSuite:
    """The notifier contract (group ``blikopwerk.notifiers``). Override ``notifier``.

    Capability flags (class attributes) switch cases on by what the backend can show:

    * ``entry_point_name``: the name the plugin registers under; when set, the suite
      checks the registry loads the notifier's class under that name.
    * ``can_inspect_delivered``: implement :meth:`delivered` to read back what arrived;
      then the suite checks headers, unicode, counts and exactly-once.
    * ``redelivery_is_idempotent``: delivering the same message id twice yields one copy
      (e.g. a folder keyed by id). Backends without it (SMTP) rely on the outbox, which
      never hands a delivered message out again; the suite then only checks that a
      second delivery does not fail.
    * ``can_simulate_transient_failure``: implement the ``unavailable_notifier`` fixture
      (a notifier whose backend is down); it must raise ``DeliveryError(permanent=False)``.
    * ``can_simulate_permanent_failure``: implement the ``refused_message`` fixture (a
      message the backend refuses for good, e.g. an unknown recipient); it must raise
      ``DeliveryError(permanent=True)`` with the backend's reason.
    * ``concurrency``: threads for the thread-safety case (0 skips it).
    """

    entry_point_name: ClassVar[str | None] = None
    can_inspect_delivered: ClassVar[bool] = False
    redelivery_is_idempotent: ClassVar[bool] = False
    can_simulate_transient_failure: ClassVar[bool] = False
    can_simulate_permanent_failure: ClassVar[bool] = False
    concurrency: ClassVar[int] = 4

    @pytest.fixture
    def notifier(self) -> Any:
        """The notifier under test; a subclass must override this fixture."""
        raise pytest.UsageError(f"{type(self).__name__} must override the notifier fixture")

    @pytest.fixture
    def unavailable_notifier(self) -> Any:
        """A notifier whose backend is unavailable (for ``can_simulate_transient_failure``)."""
        raise pytest.UsageError(
            f"{type(self).__name__} sets can_simulate_transient_failure; override unavailable_notifier"
        )

    @pytest.fixture
    def refused_message(self) -> Message:
        """A message the backend refuses permanently (for ``can_simulate_permanent_failure``)."""
        raise pytest.UsageError(
            f"{type(self).__name__} sets can_simulate_permanent_failure; override refused_message"
        )

    def delivered(self, notifier: Any) -> Sequence[email.message.EmailMessage]:
        """What ``notifier`` delivered so far in this test, one e-mail per delivered copy.

        Override when ``can_inspect_delivered`` is true (see :func:`parse_delivered`).
        """
        raise pytest.UsageError(f"{type(self).__name__} sets can_inspect_delivered; override delivered()")

    # -- helpers ---------------------------------------------------------------------------

    def msg(self, i: int | str, **changes: Any) -> Message:
        """A test message with id ``kit-<i>``."""
        fields: dict[str, Any] = {
            "id": f"kit-{i}",
            "to": (f"user{i}@example.nl",),
            "subject": f"Bericht {i}",
            "body": f"Inhoud van bericht {i}.\n",
            "sender": "noreply@example.nl",
        }
        fields.update(changes)
        return Message(**fields)

    def _inspect(self) -> None:
        if not self.can_inspect_delivered:
            pytest.skip("can_inspect_delivered is false")

    def _by_message_id(self, notifier: Any) -> Counter[str]:
        return Counter(str(m["Message-ID"]) for m in self.delivered(notifier))

    # -- the protocol ------------------------------------------------------------------------

    def test_implements_the_protocol(self, notifier: Notifier) -> None:
        assert isinstance(notifier, Notifier)
        assert isinstance(notifier.name, str) and notifier.name

    def test_registered_under_its_entry_point(self, notifier: Notifier) -> None:
        if self.entry_point_name is None:
            pytest.skip("entry_point_name not set")
        from blikopwerk.plugins import notifiers

        assert self.entry_point_name in notifiers.names()
        assert isinstance(notifier, notifiers.load(self.entry_point_name))

    def test_deliver_returns_none(self, notifier: Notifier) -> None:
        assert notifier.deliver(self.msg(1)) is None  # type: ignore[func-returns-value]

    # -- what arrives ------------------------------------------------------------------------

    def test_delivered_message_has_its_fields(self, notifier: Notifier) -> None:
        self._inspect()
        message = self.msg(1)
        notifier.deliver(message)
        [got] = self.delivered(notifier)
        assert got["Message-ID"] == message_id_of(message)
        assert got["Subject"] == message.subject
        assert got["From"] == message.sender
        assert [a.addr_spec for a in got["To"].addresses] == list(message.to)
        body = got.get_body(("plain",))
        assert body is not None
        assert body.get_content() == message.body

    def test_extra_headers_are_sent(self, notifier: Notifier) -> None:
        self._inspect()
        message = self.msg(2, headers={"X-Blikopwerk-Kind": "staffel-80", "Reply-To": "help@example.nl"})
        notifier.deliver(message)
        [got] = self.delivered(notifier)
        assert got["X-Blikopwerk-Kind"] == "staffel-80"
        assert got["Reply-To"] == "help@example.nl"

    def test_unicode_subject_and_body_survive(self, notifier: Notifier) -> None:
        message = self.msg(3, subject=UNICODE_SUBJECT, body=UNICODE_BODY)
        notifier.deliver(message)
        if not self.can_inspect_delivered:
            return
        [got] = self.delivered(notifier)
        assert got["Subject"] == UNICODE_SUBJECT
        body = got.get_body(("plain",))
        assert body is not None
        assert body.get_content() == UNICODE_BODY

    def test_several_recipients_get_one_message(self, notifier: Notifier) -> None:
        message = self.msg(4, to=("a@example.nl", "b@example.nl", "c@example.org"))
        notifier.deliver(message)
        if not self.can_inspect_delivered:
            return
        [got] = self.delivered(notifier)
        assert sorted(a.addr_spec for a in got["To"].addresses) == sorted(message.to)

    def test_many_messages_each_arrive_once(self, notifier: Notifier) -> None:
        messages = [self.msg(i) for i in range(20)]
        for message in messages:
            notifier.deliver(message)
        if not self.can_inspect_delivered:
            return
        assert self._by_message_id(notifier) == Counter(message_id_of(m) for m in messages)

    def test_ids_that_differ_only_in_punctuation_arrive_apart(self, notifier: Notifier) -> None:
        # Message-IDs once collided for these ids, and receivers drop duplicates by Message-ID.
        ids = ("sep:1", "sep.1", "sep/1", "sep_1", "sep%3A1", "sép:1")
        messages = [self.msg(i, to=("user@example.nl",)) for i in ids]
        assert len({message_id_of(m) for m in messages}) == len(messages)
        for message in messages:
            notifier.deliver(message)
        if not self.can_inspect_delivered:
            return
        assert self._by_message_id(notifier) == Counter(message_id_of(m) for m in messages)

    def test_redelivery_of_the_same_id(self, notifier: Notifier) -> None:
        message = self.msg(5)
        notifier.deliver(message)
        notifier.deliver(message)  # must not fail either way
        if not (self.can_inspect_delivered and self.redelivery_is_idempotent):
            return
        assert self._by_message_id(notifier) == Counter({message_id_of(message): 1})

    def test_concurrent_deliveries(self, notifier: Notifier) -> None:
        if self.concurrency <= 0:
            pytest.skip("concurrency is 0")
        messages = [self.msg(f"c{i}") for i in range(self.concurrency * 5)]
        with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
            list(pool.map(notifier.deliver, messages))
        if self.can_inspect_delivered:
            assert self._by_message_id(notifier) == Counter(message_id_of(m) for m in messages)

    # -- failures ----------------------------------------------------------------------------

    def test_transient_failure_is_not_permanent(self, request: pytest.FixtureRequest) -> None:
        if not self.can_simulate_transient_failure:
            pytest.skip("can_simulate_transient_failure is false")
        down = request.getfixturevalue("unavailable_notifier")
        with pytest.raises(DeliveryError) as info:
            down.deliver(self.msg(6))
        assert info.value.permanent is False
        assert info.value.reason

    def test_permanent_failure_carries_the_reason(
        self, notifier: Notifier, request: pytest.FixtureRequest
    ) -> None:
        if not self.can_simulate_permanent_failure:
            pytest.skip("can_simulate_permanent_failure is false")
        refused = request.getfixturevalue("refused_message")
        with pytest.raises(DeliveryError) as info:
            notifier.deliver(refused)
        assert info.value.permanent is True
        assert info.value.reason
        if self.can_inspect_delivered:
            assert message_id_of(refused) not in self._by_message_id(notifier)

    # -- end to end through the outbox -------------------------------------------------------

    def test_outbox_delivers_every_message_once(self, notifier: Notifier) -> None:
        storage = _memory_storage()
        messages = [self.msg(f"o{i}") for i in range(25)]
        for message in messages:
            assert storage.outbox.enqueue(message, T0)
        delivered: list[str] = []
        for _ in range(10):
            report = deliver_outbox(storage, notifier, T0, limit=10)
            if not report.delivered:
                break
            delivered.extend(report.delivered)
        assert sorted(delivered) == sorted(m.id for m in messages)
        assert {e.status for e in storage.outbox.entries()} == {"delivered"}
        assert deliver_outbox(storage, notifier, T0 + dt.timedelta(days=1)).delivered == ()
        if self.can_inspect_delivered:
            assert self._by_message_id(notifier) == Counter(message_id_of(m) for m in messages)

    def test_outbox_retries_after_a_transient_failure(
        self, notifier: Notifier, request: pytest.FixtureRequest
    ) -> None:
        if not self.can_simulate_transient_failure:
            pytest.skip("can_simulate_transient_failure is false")
        down = request.getfixturevalue("unavailable_notifier")
        storage = _memory_storage()
        message = self.msg(7)
        storage.outbox.enqueue(message, T0)
        report = deliver_outbox(storage, down, T0, base_delay=dt.timedelta(seconds=30))
        assert report.retrying == (message.id,)
        entry = storage.outbox.get(message.id)
        assert entry.status == "queued" and entry.last_error
        later = T0 + dt.timedelta(seconds=30)
        assert deliver_outbox(storage, notifier, later).delivered == (message.id,)
        if self.can_inspect_delivered:
            assert self._by_message_id(notifier) == Counter({message_id_of(message): 1})

    def test_outbox_marks_a_refused_message_failed(
        self, notifier: Notifier, request: pytest.FixtureRequest
    ) -> None:
        if not self.can_simulate_permanent_failure:
            pytest.skip("can_simulate_permanent_failure is false")
        refused = request.getfixturevalue("refused_message")
        storage = _memory_storage()
        storage.outbox.enqueue(refused, T0)
        storage.outbox.enqueue(self.msg(8), T0)
        report = deliver_outbox(storage, notifier, T0)
        assert report.failed == (refused.id,)
        assert report.delivered == (self.msg(8).id,)
        entry = storage.outbox.get(refused.id)
        assert entry.status == "failed"
        assert entry.last_error
        assert entry.attempts == 1
        again = deliver_outbox(storage, notifier, T0 + dt.timedelta(days=1))
        assert again.failed == again.delivered == again.retrying == ()
        assert storage.outbox.get(refused.id).attempts == 1
