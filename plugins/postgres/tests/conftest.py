"""Fixtures for the PostgreSQL plugin's tests.

The tests need a server: set ``BLIKOPWERK_TEST_POSTGRES_URL`` (CI uses
``postgresql://postgres@127.0.0.1:5432/test``); without it they are skipped. Every test
gets schemas of its own (``?schema=t_<random>``), dropped when the test ends.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator

import psycopg
import pytest

ENV = "BLIKOPWERK_TEST_POSTGRES_URL"


def _with_schema(base: str, schema: str) -> str:
    return f"{base}{'&' if '?' in base else '?'}schema={schema}"


@pytest.fixture(scope="session")
def pg_base_url() -> str:
    """The server URL from the environment, or skip."""
    url = os.environ.get(ENV)
    if not url:
        pytest.skip(f"{ENV} is not set (e.g. postgresql://postgres@127.0.0.1:5432/test); "
                    "the PostgreSQL tests need a server")
    return url


@pytest.fixture
def admin(pg_base_url: str) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    """A plain autocommit connection for inspecting and sabotaging the server."""
    from blikopwerk_postgres import PostgresOptions

    conn = psycopg.connect(PostgresOptions.from_url(pg_base_url).conninfo, autocommit=True)
    try:
        yield conn
    finally:
        conn.close()


@pytest.fixture
def make_url(pg_base_url: str) -> Iterator[Callable[..., str]]:
    """``make_url(**query)``: the server URL with a fresh schema (dropped afterwards)."""
    from blikopwerk_postgres import PostgresOptions

    created: list[str] = []

    def make(**query: str) -> str:
        schema = f"t_{uuid.uuid4().hex[:16]}"
        created.append(schema)
        url = _with_schema(pg_base_url, schema)
        for key, value in query.items():
            url += f"&{key}={value}"
        return url

    yield make
    if created:
        with psycopg.connect(PostgresOptions.from_url(pg_base_url).conninfo, autocommit=True) as conn:
            for schema in created:
                conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
