"""A real local SMTP server (aiosmtpd) on 127.0.0.1 that records what it receives.

``LocalSmtp`` can be stopped and started again on the same port, refuse recipients
permanently (550) or for a while (450, greylisting), and shut down gracefully (421 for
anything in flight, as a real server does), so a test can see exactly what arrived.
"""

from __future__ import annotations

import asyncio
import email.message
import gc
import socket
import threading
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP

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


class ClosingSMTP(SMTP):
    """aiosmtpd's session, closing its side when the client hangs up without QUIT.

    (aiosmtpd keeps such a connection half-open until its timeout; the garbage collector
    then finds the socket open, a ``ResourceWarning`` that pytest turns into an error.)
    """

    made = False
    lost = False

    def connection_made(self, transport: Any) -> None:
        self.made = True
        super().connection_made(transport)

    def connection_lost(self, error: Exception | None) -> None:
        self.lost = True
        super().connection_lost(error)

    def eof_received(self) -> bool | None:
        super().eof_received()
        return False  # asyncio closes the transport


class TrackingController(Controller):
    """A Controller that closes its client connections before stopping.

    aiosmtpd's ``stop()`` leaves open server-side transports to the garbage collector
    (a ``ResourceWarning``); closing them first is also what a real server's shutdown does.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sessions: list[Any] = []

    def factory(self) -> Any:
        session = ClosingSMTP(self.handler, **self.SMTP_kwargs)
        self.sessions.append(session)
        return session

    def close_sessions(self) -> None:
        async def close_all() -> None:
            if self.server is not None:
                self.server.close()  # accept no new connections
            await asyncio.sleep(0.02)  # let connections accepted just before start up
            deadline = self.loop.time() + 5
            while self.loop.time() < deadline:
                still_open = [s for s in self.sessions if s.made and not s.lost]
                if not still_open:
                    break
                for session in still_open:
                    session.transport.abort()
                await asyncio.sleep(0.01)

        asyncio.run_coroutine_threadsafe(close_all(), self.loop).result(10)
        self.sessions.clear()
        # A connection accepted in the instant before the listener closed gets a
        # transport whose set-up fails inside asyncio (the server is gone) and whose
        # socket is left to the garbage collector: collect it now, quietly. This is the
        # test server's shutdown, not the notifier under test.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            gc.collect()


class LocalSmtp:
    """An aiosmtpd Controller that can be stopped and started again on the same port."""

    def __init__(self, **server_kwargs: Any) -> None:
        self.handler = RecordingHandler()
        self.port = free_port()
        self.host = "127.0.0.1"
        self.server_kwargs = server_kwargs
        self.controller: TrackingController | None = None
        self.starts = 0

    def start(self) -> None:
        assert self.controller is None
        self.controller = TrackingController(self.handler, hostname=self.host, port=self.port, **self.server_kwargs)
        self.controller.start()
        self.starts += 1
        with self.handler.lock:
            self.handler.accepting = True

    def stop(self) -> None:
        with self.handler.lock:
            self.handler.accepting = False  # graceful: nothing is stored while stopping
        if self.controller is not None:
            self.controller.close_sessions()
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
