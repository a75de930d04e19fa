"""Opening, migrating, isolating and reopening PostgreSQL storage."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from typing import Any

import psycopg
import pytest
from blikopwerk_postgres import PostgresStorage

from blikopwerk import Message, open_storage
from blikopwerk.storage import head_revision
from blikopwerk.testing.storage import T0

pytestmark = pytest.mark.postgres

Admin = psycopg.Connection[tuple[Any, ...]]


def _open_and_count(url: str) -> int:
    with PostgresStorage.from_url(url) as storage:
        return len(storage.outbox.entries())


def test_open_storage_creates_the_schema_and_migrates_into_it(
    make_url: Callable[..., str], admin: Admin
) -> None:
    url = make_url()
    schema = url.rsplit("schema=", 1)[1]
    storage = open_storage(url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        assert isinstance(storage, PostgresStorage)
        tables = {r[0] for r in admin.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s", (schema,))}
        assert {"alembic_version", "outbox"} <= tables
        applied = [r[0] for r in admin.execute(
            f'SELECT version_num FROM "{schema}".alembic_version')]
        assert applied == [head_revision()]
    finally:
        storage.close()


def test_parallel_openers_migrate_exactly_once(make_url: Callable[..., str], admin: Admin) -> None:
    url = make_url()
    schema = url.rsplit("schema=", 1)[1]
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(6) as pool:
        counts = pool.map(_open_and_count, [url] * 6)
    assert counts == [0] * 6
    rows = admin.execute(f'SELECT version_num FROM "{schema}".alembic_version').fetchall()
    assert rows == [(head_revision(),)]


def test_schemas_are_isolated_and_data_persists(make_url: Callable[..., str]) -> None:
    a, b = make_url(), make_url()
    with PostgresStorage.from_url(a) as sa:
        sa.outbox.enqueue(Message("only-in-a", ("x@example.nl",), "s", "b"), T0)
    with PostgresStorage.from_url(a) as again, PostgresStorage.from_url(b) as sb:
        assert [e.message.id for e in again.outbox.entries()] == ["only-in-a"]
        assert sb.outbox.entries() == []


@pytest.mark.parametrize(("query", "level"), [
    ({}, "serializable"),
    ({"isolation": "repeatable_read"}, "repeatable read"),
])
def test_transactions_run_at_the_configured_isolation(
    make_url: Callable[..., str], query: dict[str, str], level: str
) -> None:
    with PostgresStorage.from_url(make_url(**query)) as storage:
        assert storage.db.run(lambda tx: tx.one("SHOW transaction_isolation")) == (level,)
        assert storage.db.run(lambda tx: tx.one("SELECT current_schema()"))[0].startswith("t_")  # type: ignore[index]


def test_repr_and_capabilities(make_url: Callable[..., str]) -> None:
    with PostgresStorage.from_url(make_url()) as storage:
        assert repr(storage).startswith("PostgresStorage('postgresql://")
        assert {"multiprocess", "persistent"} <= storage.capabilities


@pytest.mark.parametrize(("fallback_after", "expected"), [
    (3, ["serializable"] * 3 + ["read committed"] * 2),
    (0, ["serializable"] * 5),
])
def test_an_operation_that_keeps_losing_conflicts_falls_back_to_read_committed(
    make_url: Callable[..., str], fallback_after: int, expected: list[str]
) -> None:
    with PostgresStorage.from_url(make_url(fallback_after=str(fallback_after))) as storage:
        levels: list[str] = []

        def losing(tx: Any) -> str:
            levels.append(tx.one("SHOW transaction_isolation")[0])
            if len(levels) < 5:
                raise psycopg.errors.SerializationFailure("could not serialize access")
            return "done"

        assert storage.db.run(losing) == "done"
        assert levels == expected
        # the next operation starts optimistic again
        assert storage.db.run(lambda tx: tx.one("SHOW transaction_isolation")) == ("serializable",)
