"""The SMTP notifier passes the notifier conformance kit against a real local SMTP server."""

from __future__ import annotations

import email.message
from collections.abc import Iterator, Sequence

import pytest
from blikopwerk_smtp import SmtpNotifier

from blikopwerk import Message
from blikopwerk.testing import NotifierSuite


class TestSmtpNotifierKit(NotifierSuite):
    entry_point_name = "smtp"
    can_inspect_delivered = True
    redelivery_is_idempotent = False  # SMTP cannot know; the outbox delivers once
    can_simulate_transient_failure = True
    can_simulate_permanent_failure = True
    reuse_connection = True

    @pytest.fixture
    def notifier(self, smtp_server) -> Iterator[SmtpNotifier]:
        smtp_server.handler.refuse["nobody@example.nl"] = "550 5.1.1 <nobody@example.nl>: mailbox unavailable"
        self.server = smtp_server
        with SmtpNotifier(host=smtp_server.host, port=smtp_server.port, timeout=5,
                          reuse_connection=self.reuse_connection) as notifier:
            yield notifier

    @pytest.fixture
    def unavailable_notifier(self, dead_port: int) -> Iterator[SmtpNotifier]:
        with SmtpNotifier(host="127.0.0.1", port=dead_port, timeout=2) as notifier:
            yield notifier

    @pytest.fixture
    def refused_message(self) -> Message:
        return Message("kit-refused", ("nobody@example.nl",), "Onbestelbaar", "Body\n")

    def delivered(self, notifier: SmtpNotifier) -> Sequence[email.message.EmailMessage]:
        return self.server.handler.messages()


class TestSmtpNotifierPerMessageConnectionKit(TestSmtpNotifierKit):
    reuse_connection = False
