"""The embedded notifiers pass the notifier conformance kit."""

from __future__ import annotations

import email.message
import logging
from collections.abc import Sequence
from pathlib import Path

import pytest

from blikopwerk import DeliveryError, EmlFolderNotifier, LogNotifier, Message
from blikopwerk.testing import NotifierSuite, parse_delivered


class TestEmlFolderNotifierKit(NotifierSuite):
    entry_point_name = "eml"
    can_inspect_delivered = True
    redelivery_is_idempotent = True
    can_simulate_transient_failure = True

    @pytest.fixture
    def notifier(self, tmp_path: Path) -> EmlFolderNotifier:
        return EmlFolderNotifier(tmp_path / "outbox")

    @pytest.fixture
    def unavailable_notifier(self, tmp_path: Path) -> EmlFolderNotifier:
        blocker = tmp_path / "not-a-folder"
        blocker.write_text("a file where the folder should be")
        return EmlFolderNotifier(blocker / "outbox")

    def delivered(self, notifier: EmlFolderNotifier) -> Sequence[email.message.EmailMessage]:
        if not notifier.folder.exists():
            return []
        return [parse_delivered(p.read_bytes()) for p in sorted(notifier.folder.glob("*.eml"))]


class TestLogNotifierKit(NotifierSuite):
    entry_point_name = "log"

    @pytest.fixture
    def notifier(self) -> LogNotifier:
        return LogNotifier()


def test_log_notifier_logs_each_message_without_personal_data_at_info(caplog: pytest.LogCaptureFixture) -> None:
    # Issue 11: no e-mail address or other personal data at INFO. This assertion was
    # ["message m1 to a@example.nl: Één"]; the recipients and subject moved to DEBUG.
    with caplog.at_level(logging.INFO, logger="blikopwerk.notifications"):
        LogNotifier().deliver(Message("m1", ("a@example.nl", "b@example.nl"), "Één", "Body"))
    assert [r.getMessage() for r in caplog.records] == ["message m1 delivered to 2 recipient(s)"]
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="blikopwerk.notifications"):
        LogNotifier().deliver(Message("m1", ("a@example.nl",), "Één", "Body"))
    assert [(r.levelno, r.getMessage()) for r in caplog.records] == [
        (logging.INFO, "message m1 delivered to 1 recipient(s)"),
        (logging.DEBUG, "message m1 to a@example.nl: Één"),
    ]


class _Dropping:
    """A notifier that silently drops every other message: the kit must catch it."""

    name = "dropping"

    def __init__(self, inner: EmlFolderNotifier) -> None:
        self.inner = inner
        self.calls = 0

    def deliver(self, message: Message) -> None:
        self.calls += 1
        if self.calls % 2:
            self.inner.deliver(message)


def test_kit_catches_lost_messages(tmp_path: Path) -> None:
    suite = TestEmlFolderNotifierKit()
    dropping = _Dropping(EmlFolderNotifier(tmp_path))
    suite_delivered = suite.delivered
    suite.delivered = lambda n: suite_delivered(n.inner)  # type: ignore[method-assign]
    with pytest.raises(AssertionError):
        suite.test_many_messages_each_arrive_once(dropping)  # type: ignore[arg-type]


def test_kit_catches_a_transient_error_reported_as_permanent(tmp_path: Path) -> None:
    class Harsh:
        name = "harsh"

        def deliver(self, message: Message) -> None:
            raise DeliveryError("down", permanent=True)

    class Suite(NotifierSuite):
        can_simulate_transient_failure = True

    class _Request:
        def getfixturevalue(self, name: str) -> object:
            assert name == "unavailable_notifier"
            return Harsh()

    with pytest.raises(AssertionError):
        Suite().test_transient_failure_is_not_permanent(_Request())  # type: ignore[arg-type]
