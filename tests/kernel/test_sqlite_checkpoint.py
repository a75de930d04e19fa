"""A SQLite file's write-ahead log is checkpointed by the storage's own thread, not inside
a commit (the commit that fills the log would otherwise wait for the disk)."""

from __future__ import annotations

import datetime as dt
import gc
import os
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from blikopwerk import Message, open_storage
from blikopwerk._backends import sqlite as sqlite_backend

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
#: about 2,000 pages of messages: twice SQLite's default automatic checkpoint (1,000 pages)
BODY = "x" * 2000


def _fill(storage: object, n: int = 4000, prefix: str = "m") -> None:
    with storage.unit_of_work() as tx:  # type: ignore[attr-defined]
        from blikopwerk._backends.outbox_sql import enqueue_in

        for i in range(n):
            enqueue_in(tx, Message(f"{prefix}-{i}", ("a@example.nl",), "s", BODY), T0)


def _checkpointers() -> int:
    return sum(t.name == "blikopwerk-sqlite-checkpoint" for t in threading.enumerate())


def test_commits_leave_the_log_to_the_checkpointer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite_backend, "CHECKPOINT_INTERVAL", 3600.0)  # no round during the test
    path = tmp_path / "db.sqlite3"
    storage = open_storage(f"sqlite:///{path}")
    size = os.path.getsize(path)
    _fill(storage)
    # SQLite's own automatic checkpoint would have moved these pages into the file by now
    assert os.path.getsize(path) == size
    assert os.path.getsize(f"{path}-wal") > 1000 * 4096
    storage.close()  # the last connection to close checkpoints
    assert os.path.getsize(path) > size + 1000 * 4096
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM outbox").fetchone() == (4000,)


def test_the_checkpointer_moves_the_log_into_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite_backend, "CHECKPOINT_INTERVAL", 0.05)
    path = tmp_path / "db.sqlite3"
    storage = open_storage(f"sqlite:///{path}")
    try:
        size = os.path.getsize(path)
        _fill(storage)
        deadline = time.monotonic() + 10
        while os.path.getsize(path) <= size + 1000 * 4096 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert os.path.getsize(path) > size + 1000 * 4096  # while the storage stays open
        assert len(storage.outbox.entries()) == 4000
    finally:
        storage.close()


def test_closing_or_dropping_the_storage_ends_its_thread(tmp_path: Path) -> None:
    before = _checkpointers()
    storage = open_storage(f"sqlite:///{tmp_path / 'a.sqlite3'}")
    assert _checkpointers() == before + 1
    storage.close()
    assert _checkpointers() == before
    dropped = open_storage(f"sqlite:///{tmp_path / 'b.sqlite3'}")
    assert _checkpointers() == before + 1
    del dropped
    gc.collect()
    deadline = time.monotonic() + 10
    while _checkpointers() > before and time.monotonic() < deadline:
        time.sleep(0.02)
    assert _checkpointers() == before
    memory = open_storage("memory://")  # no log, no thread
    assert _checkpointers() == before
    memory.close()
