"""A real local SMTP server (aiosmtpd) on 127.0.0.1 that records what it receives.

``LocalSmtp`` can be stopped and started again on the same port, refuse recipients
permanently (550) or for a while (450, greylisting), and shut down gracefully (421 for
anything in flight, as a real server does), so a test can see exactly what arrived.
"""

from __future__ import annotations

import email.message
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from blikopwerk.testing import parse_delivered


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RecordingHandler:
    """aiosmtpd handler: stores every accepted message (envelope and raw bytes)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.received: list[tuple[str, list[str], bytes]] = []
        self.refuse: dict[str, str] = {}  # address -> reply, e.g. "550 5.1.1 ..."
        self.greylist: dict[str, int] = {}  # address -> how many more times to answer 450
        self.accepting = True
        self.on_data: Any = None  # callable(handler) -> reply or None, before storing

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:
        with self.lock:
            if not self.accepting:
                return "421 4.3.2 Service shutting down"
            if address in self.refuse:
                return self.refuse[address]
            if self.greylist.get(address, 0) > 0:
                self.greylist[address] -= 1
                return "450 4.2.0 Greylisted, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            if self.on_data is not None:
                reply = self.on_data(self)
                if reply is not None:
                    return str(reply)
            if not self.accepting:
                return "421 4.3.2 Service shutting down"
            self.received.append((envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.content)))
        return "250 2.0.0 Message accepted for delivery"

    def messages(self) -> list[email.message.EmailMessage]:
        with self.lock:
            return [parse_delivered(raw) for _, _, raw in self.received]


class LocalSmtp:
    """An aiosmtpd Controller that can be stopped and started again on the same port."""

    def __init__(self, **server_kwargs: Any) -> None:
        self.handler = RecordingHandler()
        self.port = free_port()
        self.host = "127.0.0.1"
        self.server_kwargs = server_kwargs
        self.controller: Controller | None = None
        self.starts = 0

    def start(self) -> None:
        assert self.controller is None
        self.controller = Controller(self.handler, hostname=self.host, port=self.port, **self.server_kwargs)
        self.controller.start()
        self.starts += 1
        with self.handler.lock:
            self.handler.accepting = True

    def stop(self) -> None:
        with self.handler.lock:
            self.handler.accepting = False  # graceful: nothing is stored while stopping
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server() -> Iterator[LocalSmtp]:
    server = LocalSmtp()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def smtp_factory() -> Iterator[Any]:
    """Start extra servers with their own options: ``smtp_factory(tls_context=...)``."""
    servers: list[LocalSmtp] = []

    def make(**server_kwargs: Any) -> LocalSmtp:
        server = LocalSmtp(**server_kwargs)
        server.start()
        servers.append(server)
        return server

    try:
        yield make
    finally:
        for server in servers:
            server.stop()


@pytest.fixture
def dead_port() -> int:
    """A port on 127.0.0.1 where nothing listens."""
    return free_port()
