"""The storage engine (issue 13): SQLAlchemy Core, Alembic revisions, pooled connections.

Schema revisions: a new database is upgraded to the head on open; ``upgrade`` and
``current_revision`` work on a URL; a database newer than the code is refused with
:class:`StorageVersionError`; a database of the hand-written migrations is stamped, its
data kept. An app may pass its own engine. Threads hold one pooled connection each and
give it back when they end.
"""

from __future__ import annotations

import datetime as dt
import gc
import sqlite3
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from blikopwerk import (
    ConfigurationError,
    MemoryStorage,
    Message,
    SQLiteStorage,
    StorageVersionError,
    open_storage,
    storage,
)
from werkscan._cli.main import cli

T0 = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)


def _url(tmp_path: Path, name: str = "db.sqlite3") -> str:
    return f"sqlite:///{tmp_path / name}"


def test_new_database_is_upgraded_to_the_head(tmp_path: Path) -> None:
    url = _url(tmp_path)
    assert storage.current_revision(url) is None
    with open_storage(url):
        pass
    assert storage.current_revision(url) == storage.head_revision()
    names = set(sa.inspect(sa.create_engine(url)).get_table_names())
    assert set(storage.metadata.tables) | {"alembic_version"} == names


def test_upgrade_and_current_revision(tmp_path: Path) -> None:
    url = _url(tmp_path)
    assert storage.upgrade(url) == storage.head_revision()
    assert storage.upgrade(url) == storage.head_revision()  # a second run changes nothing
    assert storage.current_revision(url) == storage.head_revision()


def test_database_newer_than_the_code_is_refused(tmp_path: Path) -> None:
    url = _url(tmp_path)
    storage.upgrade(url)
    with sqlite3.connect(tmp_path / "db.sqlite3") as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    with pytest.raises(StorageVersionError, match="9999_future.*newer than this code") as info:
        open_storage(url)
    assert isinstance(info.value, ConfigurationError)
    assert storage.current_revision(url) == "9999_future"  # inspecting still works


def test_older_database_is_refused_without_upgrade(tmp_path: Path) -> None:
    with pytest.raises(StorageVersionError, match="werkscan storage upgrade"):
        storage.open_storage(_url(tmp_path), upgrade=False)
    storage.upgrade(_url(tmp_path))
    storage.open_storage(_url(tmp_path), upgrade=False).close()


LEGACY = [
    "CREATE TABLE blikopwerk_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)",
    "CREATE TABLE outbox (id TEXT PRIMARY KEY, recipients TEXT NOT NULL, subject TEXT NOT NULL, "
    "body TEXT NOT NULL, sender TEXT NOT NULL, headers TEXT NOT NULL, status TEXT NOT NULL, "
    "attempts INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL, next_attempt_at TEXT NOT NULL, "
    "last_error TEXT, delivered_at TEXT)",
]


def test_database_of_the_hand_written_migrations_is_stamped_and_kept(tmp_path: Path) -> None:
    # Build the legacy tables (revision 0001's schema, without Alembic's own table), plus
    # the old bookkeeping table.
    from alembic import command

    from blikopwerk.storage._migrate import alembic_config

    path = tmp_path / "db.sqlite3"
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001")
        conn.execute(sa.text("DROP TABLE alembic_version"))
    engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute(LEGACY[0])
        conn.executemany("INSERT INTO blikopwerk_migrations VALUES (?, '2026-01-01')",
                         [(i,) for i in ("0001_outbox", "0100_licensing", "0101_staffels",
                                         "0102_access", "0200_leads")])
        conn.execute("INSERT INTO outbox VALUES ('old', '[\"a@example.nl\"]', 's', 'b', "
                     "'noreply@example.nl', '{}', 'queued', 0, '2026-01-01T00:00:00.000000+00:00', "
                     "'2026-01-01T00:00:00.000000+00:00', NULL, NULL)")
    with open_storage(f"sqlite:///{path}") as s:
        assert [e.message.id for e in s.outbox.entries()] == ["old"]
    assert storage.current_revision(f"sqlite:///{path}") == storage.head_revision()


def test_an_app_passes_its_own_engine(tmp_path: Path) -> None:
    engine = sa.create_engine(_url(tmp_path))
    s = storage.open_storage(engine)
    assert isinstance(s, SQLiteStorage)
    assert s.outbox.enqueue(Message("m1", ("a@example.nl",), "s", "b"), T0)
    s.close()
    with engine.connect() as conn:  # the app's engine stays usable
        assert conn.exec_driver_sql("SELECT id FROM outbox").all() == [("m1",)]


def test_memory_storage_is_sqlite_in_memory_with_the_same_schema() -> None:
    s = open_storage("memory://")
    assert isinstance(s, MemoryStorage)
    assert s.db.run(lambda tx: tx.one("SELECT version_num FROM alembic_version")) == (
        storage.head_revision(),)
    other = MemoryStorage()
    s.outbox.enqueue(Message("m1", ("a@example.nl",), "s", "b"), T0)
    assert other.outbox.entries() == []  # each memory storage is its own database


def test_threads_give_their_connection_back_when_they_end(tmp_path: Path) -> None:
    s = SQLiteStorage.from_url(_url(tmp_path))
    pool = s.db.engine.pool
    seen: list[int] = []

    def work(i: int) -> None:
        s.outbox.enqueue(Message(f"t{i}", ("a@example.nl",), "s", "b"), T0)
        seen.append(pool.checkedout())  # type: ignore[attr-defined]

    for batch in range(3):
        threads = [threading.Thread(target=work, args=(batch * 10 + i,)) for i in range(10)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        gc.collect()
    assert max(seen) <= 15, "never more than pool_size + max_overflow"
    assert pool.checkedout() == 1  # type: ignore[attr-defined]  # this thread's (it opened s)
    s.db.release()
    assert pool.checkedout() == 0  # type: ignore[attr-defined]
    assert len(s.outbox.entries()) == 30
    s.close()


def test_cli_upgrade_and_current(tmp_path: Path) -> None:
    url = _url(tmp_path)
    runner = CliRunner()
    out = runner.invoke(cli, ["storage", "current", url, "--lang", "en"])
    assert out.exit_code == 0, out.output
    assert "none (no tables yet)" in out.output
    out = runner.invoke(cli, ["storage", "upgrade", url, "--lang", "en"])
    assert out.output.strip() == f"the storage is now at schema revision {storage.head_revision()}"
    out = runner.invoke(cli, ["storage", "upgrade", url])
    assert "al op schemaversie" in out.output
    out = runner.invoke(cli, ["storage", "current", url, "--lang", "en"])
    assert f"storage: {storage.head_revision()}; of this release: {storage.head_revision()}" in out.output


def test_a_unit_of_works_tx_refuses_statements_once_the_unit_is_over(tmp_path: Path) -> None:
    s = SQLiteStorage.from_url(_url(tmp_path))
    kept = s.db.run(lambda tx: tx)
    with pytest.raises(sa.exc.ResourceClosedError, match="unit of work is over"):
        kept.execute("DELETE FROM outbox")
    with s.db.transaction() as tx:
        pass
    with pytest.raises(sa.exc.ResourceClosedError):
        tx.one("SELECT 1")
    s.close()


def test_core_statements_and_plain_units_share_a_connection(tmp_path: Path) -> None:
    # A unit that asks for the SQLAlchemy connection runs in SQLAlchemy's transaction on
    # the unit's own; it ends with the unit, so plain units and rollbacks work after it.
    s = SQLiteStorage.from_url(_url(tmp_path))
    rev = s.db.run(lambda tx: tx.connection.exec_driver_sql(  # type: ignore[attr-defined]
        "SELECT version_num FROM alembic_version").all())
    assert rev == [(storage.head_revision(),)]

    def fail(tx: object) -> None:
        tx.connection.exec_driver_sql(  # type: ignore[attr-defined]
            "INSERT INTO outbox (id, recipients, subject, body, sender, headers, status, "
            "attempts, created_at, next_attempt_at) VALUES ('x', '[]', 's', 'b', 'f', '{}', "
            "'queued', 0, 't', 't')")
        raise RuntimeError("undo")

    with pytest.raises(RuntimeError):
        s.db.run(fail)
    assert s.outbox.enqueue(Message("m1", ("a@example.nl",), "s", "b"), T0)
    assert [e.message.id for e in s.outbox.entries()] == ["m1"]  # 'x' was rolled back
    assert not s.db._hold().conn.in_transaction()
    s.close()


def test_an_apps_engine_hears_the_transactions_of_units(tmp_path: Path) -> None:
    engine = sa.create_engine(_url(tmp_path))
    heard: list[str] = []
    sa.event.listen(engine, "begin", lambda conn: heard.append("begin"))
    sa.event.listen(engine, "commit", lambda conn: heard.append("commit"))
    sa.event.listen(engine, "rollback", lambda conn: heard.append("rollback"))
    s = storage.open_storage(engine)
    heard.clear()
    assert s.outbox.enqueue(Message("m1", ("a@example.nl",), "s", "b"), T0)
    assert heard == ["begin", "commit"]
    with pytest.raises(RuntimeError):
        s.db.run(lambda tx: (_ for _ in ()).throw(RuntimeError("undo")))  # type: ignore[attr-defined]
    assert heard == ["begin", "commit", "begin", "rollback"]
    s.close()
    engine.dispose()
