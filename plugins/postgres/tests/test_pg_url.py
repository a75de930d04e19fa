"""Storage URLs of the PostgreSQL plugin (no server needed)."""

from __future__ import annotations

import pytest
from blikopwerk_postgres import PostgresOptions, PostgresStorage, redact
from hypothesis import given, settings
from hypothesis import strategies as st

from blikopwerk import InvalidValueError
from blikopwerk.plugins import scheme_of, storage_backends


@pytest.mark.parametrize("scheme", ["postgresql", "postgresql+psycopg", "postgres", "POSTGRESQL"])
def test_accepted_schemes_become_libpq_urls(scheme: str) -> None:
    o = PostgresOptions.from_url(f"{scheme}://u@h:5433/db")
    assert o.conninfo == "postgresql://u@h:5433/db"
    assert (o.schema, o.isolation, o.retries) == (None, "SERIALIZABLE", 30)


def test_entry_point_selects_the_plugin_for_both_schemes() -> None:
    assert scheme_of("postgresql+psycopg://h/db") == "postgresql"
    assert storage_backends.load("postgresql") is PostgresStorage


def test_own_parameters_are_removed_and_libpq_ones_kept() -> None:
    o = PostgresOptions.from_url(
        "postgresql://u:p@h/db?sslmode=require&schema=s1&isolation=repeatable_read"
        "&retries=5&connect_timeout=3&fallback_after=0")
    assert o.conninfo == "postgresql://u:p@h/db?sslmode=require&connect_timeout=3"
    assert (o.schema, o.isolation, o.retries, o.fallback_after) == ("s1", "REPEATABLE READ", 5, 0)


def test_libpq_options_keep_their_spaces() -> None:
    # libpq decodes %20 but not '+': a re-encoded space must stay %20
    o = PostgresOptions.from_url("postgresql://h/db?options=-c%20synchronous_commit%3Doff&schema=a")
    assert o.conninfo == "postgresql://h/db?options=-c%20synchronous_commit%3Doff"


@pytest.mark.parametrize(("url", "field"), [
    ("mysql://h/db", "storage_url"),
    ("not a url", "storage_url"),
    ("postgresql://h/db?schema=Robert'); DROP TABLE x;--", "storage_url.schema"),
    ("postgresql://h/db?schema=", "storage_url.schema"),
    ("postgresql://h/db?schema=" + "a" * 64, "storage_url.schema"),
    ("postgresql://h/db?isolation=read_uncommitted", "storage_url.isolation"),
    ("postgresql://h/db?isolation=read_committed", "storage_url.isolation"),
    ("postgresql://h/db?retries=-1", "storage_url.retries"),
    ("postgresql://h/db?retries=many", "storage_url.retries"),
    ("postgresql://h/db?retries=%C2%B2", "storage_url.retries"),  # '²' is a digit to str.isdigit
    ("postgresql://h/db?schema=abc%0A", "storage_url.schema"),  # a trailing newline
    ("postgresql://h/db?fallback_after=-1", "storage_url.fallback_after"),
])
def test_bad_urls_name_the_field(url: str, field: str) -> None:
    with pytest.raises(InvalidValueError) as info:
        PostgresOptions.from_url(url)
    assert info.value.field == field


def test_from_url_refuses_before_connecting() -> None:
    with pytest.raises(InvalidValueError, match="schema"):
        PostgresStorage.from_url("postgresql://127.0.0.1:1/x?schema=Bad-Name")


@settings(max_examples=40, deadline=None)
@given(schema=st.from_regex(r"[a-z_][a-z0-9_]{0,62}", fullmatch=True),
       retries=st.integers(0, 1000))
def test_valid_options_round_trip(schema: str, retries: int) -> None:
    o = PostgresOptions.from_url(f"postgresql://h/db?schema={schema}&retries={retries}")
    assert (o.schema, o.retries, o.conninfo) == (schema, retries, "postgresql://h/db")


@settings(max_examples=40, deadline=None)
@given(password=st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=20))
def test_redact_never_shows_the_password(password: str) -> None:
    url = f"postgresql://app:{password}@db:5432/werk"
    shown = redact(url)
    assert shown == "postgresql://app:***@db:5432/werk"
    assert redact("postgresql://app@db/werk") == "postgresql://app@db/werk"
