"""500 outbox messages over SMTP while the server goes away and comes back (issue 7).

The server is stopped gracefully (it answers 421 to anything in flight and stores nothing
while stopping, as a real server does), stays down for a while (connections refused),
and is started again on the same port. Every message must arrive exactly once, and a
permanently refused recipient must end ``failed`` with the server's reason after one
attempt, not be retried forever.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from blikopwerk_smtp import SmtpNotifier

from blikopwerk import Message, deliver_outbox, open_storage
from blikopwerk.testing import message_id_of

N = 500
OUTAGE_AT = 150  # the server goes down when the 150th message arrives
DOWN_FOR = 1.5  # seconds


def _run_until_settled(storage, notifier, deadline: float) -> int:
    runs = 0
    while time.monotonic() < deadline:
        runs += 1
        report = deliver_outbox(
            storage, notifier, dt.datetime.now(dt.UTC), limit=50,
            base_delay=dt.timedelta(milliseconds=100), max_delay=dt.timedelta(milliseconds=400),
            max_attempts=200,
        )
        if not storage.outbox.entries("queued"):
            return runs
        if not (report.delivered or report.retrying or report.failed):
            time.sleep(0.02)
    raise AssertionError("outbox did not settle in time")


@pytest.mark.parametrize("url_kind", ["sqlite", "memory"])
def test_500_messages_survive_a_server_outage_exactly_once(smtp_server, tmp_path: Path, url_kind: str) -> None:
    url = f"sqlite:///{tmp_path / 'outbox.sqlite3'}" if url_kind == "sqlite" else "memory://"
    storage = open_storage(url)
    refused_reason = "550 5.1.1 <gone@example.nl>: mailbox unavailable"
    smtp_server.handler.refuse["gone@example.nl"] = refused_reason
    went_down = threading.Event()
    came_back = threading.Event()

    def outage(handler) -> str | None:
        # called under the handler's lock before a message is stored
        if len(handler.received) == OUTAGE_AT - 1 and not went_down.is_set():
            handler.accepting = False
            went_down.set()
            return "421 4.3.2 Service shutting down"
        return None

    smtp_server.handler.on_data = outage

    def restart() -> None:
        went_down.wait(60)
        smtp_server.stop()
        time.sleep(DOWN_FOR)
        smtp_server.start()
        came_back.set()

    restarter = threading.Thread(target=restart, daemon=True)
    restarter.start()
    start = time.monotonic()
    try:
        now = dt.datetime.now(dt.UTC)
        messages = [Message(f"bulk-{i:03d}", (f"worker{i}@example.nl",), f"Herinnering {i} – €", f"Beste {i},\n")
                    for i in range(N)]
        refused = Message("bulk-refused", ("gone@example.nl",), "Onbestelbaar", "Body\n")
        for message in [*messages[:N // 2], refused, *messages[N // 2:]]:
            assert storage.outbox.enqueue(message, now)
        with SmtpNotifier(host=smtp_server.host, port=smtp_server.port, timeout=5) as notifier:
            runs = _run_until_settled(storage, notifier, time.monotonic() + 25)
        elapsed = time.monotonic() - start
        restarter.join(10)

        assert went_down.is_set() and came_back.is_set()
        assert smtp_server.starts == 2  # really stopped and started again on the same port
        arrived = Counter(str(m["Message-ID"]) for m in smtp_server.handler.messages())
        assert arrived == Counter(message_id_of(m) for m in messages)  # each exactly once
        entries = {e.message.id: e for e in storage.outbox.entries()}
        assert {mid for mid, e in entries.items() if e.status == "delivered"} == {m.id for m in messages}
        failed = entries[refused.id]
        assert failed.status == "failed"
        assert refused_reason.split(" ", 1)[1] in (failed.last_error or "")
        assert "550" in (failed.last_error or "")
        retried = [e for e in entries.values() if e.attempts > 1]
        assert retried, "the outage must have made some deliveries retry"
        # not retried forever: a later run leaves it alone
        later = deliver_outbox(storage, SmtpNotifier(host="127.0.0.1", port=1, reuse_connection=False),
                               dt.datetime.now(dt.UTC) + dt.timedelta(days=1))
        assert later.delivered == later.retrying == later.failed == ()
        assert storage.outbox.get(refused.id).attempts == failed.attempts
        print(f"\n{url_kind}: {N} messages + 1 refused in {elapsed:.1f} s, {runs} outbox runs, "
              f"{len(retried)} messages retried, max attempts {max(e.attempts for e in entries.values())}")
        assert elapsed < 30
    finally:
        if not came_back.is_set():
            went_down.set()
            restarter.join(10)
        storage.close()
