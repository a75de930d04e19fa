"""Settings, storage URLs and secrets (issues 11 and 18)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from blikopwerk import (
    ConfigurationError,
    InvalidSettingError,
    InvalidValueError,
    MemoryStorage,
    PluginError,
    Settings,
    redact_url,
)
from blikopwerk.plugins import open_storage, scheme_of, storage_backends

SECRET = "S3CRET-pw"

# ------------------------------------------------------------------ redact_url


@pytest.mark.parametrize(
    ("url", "redacted"),
    [
        (f"postgresql://app:{SECRET}@db.example.nl:5433/werk", "postgresql://app:***@db.example.nl:5433/werk"),
        (f"postgresql+psycopg://app:{SECRET}@db/werk?sslmode=require",
         "postgresql+psycopg://app:***@db/werk?sslmode=require"),
        (f"postgresql://app:p@ss{SECRET}@db/werk", "postgresql://app:***@db/werk"),  # a raw '@' in it
        (f"postgresql://db/werk?user=app&password={SECRET}&sslmode=require",
         "postgresql://db/werk?user=app&password=***&sslmode=require"),
        (f"postgresql://db/werk?PASSWORD={SECRET}", "postgresql://db/werk?PASSWORD=***"),
        (f"postgresql://db/werk?sslpassword={SECRET}", "postgresql://db/werk?sslpassword=***"),
        (f"https://pdok.example/api?token={SECRET}", "https://pdok.example/api?token=***"),
        (f"app:{SECRET}@db/werk", "app:***@db/werk"),  # no scheme
        ("postgresql://app@db/werk", "postgresql://app@db/werk"),  # no password: unchanged
        ("sqlite:///data/werk.sqlite3", "sqlite:///data/werk.sqlite3"),
        ("memory://", "memory://"),
        ("not a url at all", "not a url at all"),
    ],
)
def test_redact_url(url: str, redacted: str) -> None:
    assert redact_url(url) == redacted
    assert SECRET not in redacted


passwords = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp"),
                                  blacklist_characters="/?#'\"\\"), min_size=1, max_size=30)


@given(passwords)
def test_any_password_in_a_url_is_masked(password: str) -> None:
    assert redact_url(f"postgresql://app:{password}@db.example.nl/werk") == "postgresql://app:***@db.example.nl/werk"


@given(st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp"),
                             blacklist_characters="&;#'\"\\"), min_size=1, max_size=30))
def test_any_password_parameter_is_masked(password: str) -> None:
    assert redact_url(f"postgresql://db/werk?password={password}") == "postgresql://db/werk?password=***"


def test_library_errors_never_show_a_password() -> None:
    err = InvalidValueError("storage_url", f"postgresql://app:{SECRET}@db/werk", "cannot connect")
    assert SECRET not in str(err) and "app:***@db/werk" in str(err)
    assert SECRET not in str(ConfigurationError(f"cannot open postgresql://app:{SECRET}@db/werk"))
    assert err.value == f"postgresql://app:{SECRET}@db/werk"


# ------------------------------------------------------------------ Settings


def test_settings_repr_and_str_mask_the_storage_password() -> None:
    s = Settings(storage_url=f"postgresql://app:{SECRET}@db/werk?password={SECRET}")
    assert SECRET not in repr(s) and SECRET not in str(s)
    assert "postgresql://app:***@db/werk?password=***" in repr(s)
    assert s.storage_url.endswith(SECRET)  # the value itself is intact


@pytest.mark.parametrize(
    ("variable", "value", "reason"),
    [
        ("BLIKOPWERK_STORAGE_URL", "", "is empty"),
        ("BLIKOPWERK_STORAGE_URL", "   ", "is empty"),
        ("BLIKOPWERK_STORAGE_URL", "memory:// ", "spaces or line breaks around it"),
        ("BLIKOPWERK_STORAGE_URL", "data/werk.sqlite3", "has no scheme"),
        ("BLIKOPWERK_STORAGE_URL", "1sql://x", "is not a URL scheme"),
        ("BLIKOPWERK_STORAGE_URL", "memory://\x01", "control character"),
        ("BLIKOPWERK_STORAGE_URL", "memory://\udcff", "control character"),  # undecodable bytes
        ("BLIKOPWERK_GEOCODER", "", "is empty"),
        ("BLIKOPWERK_GEOCODER", "off line", "expected a backend name"),
        ("BLIKOPWERK_NOTIFIER", "eml\n", "spaces or line breaks around it"),
        ("BLIKOPWERK_NOTIFIER", "[eml]", "expected a backend name"),
        ("BLIKOPWERK_OUTBOX_FOLDER", "", "is empty"),
        ("BLIKOPWERK_OUTBOX_FOLDER", "out\tbox", "control character"),
    ],
)
def test_odd_environment_values_are_the_library_error_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, reason: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(InvalidSettingError, match=reason) as info:
        Settings()
    assert info.value.field == variable
    assert str(info.value).startswith(f"{variable}: ")
    assert isinstance(info.value, ConfigurationError) and isinstance(info.value, InvalidValueError)


def test_a_bad_storage_url_in_the_environment_is_shown_masked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BLIKOPWERK_STORAGE_URL", f" postgresql://app:{SECRET}@db/werk")
    with pytest.raises(InvalidSettingError) as info:
        Settings()
    assert SECRET not in str(info.value) and SECRET not in repr(info.value.value)
    with pytest.raises(InvalidSettingError):
        open_storage()  # the default comes from the same settings


def test_explicit_arguments_are_named_as_such() -> None:
    with pytest.raises(InvalidSettingError, match=r"^storage_url: expected text") as info:
        Settings(storage_url=123)  # type: ignore[arg-type]
    assert info.value.field == "storage_url"
    with pytest.raises(InvalidSettingError, match=r"^outbox_folder: expected a folder path"):
        Settings(outbox_folder=3)  # type: ignore[arg-type]


def test_good_environment_values_are_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BLIKOPWERK_STORAGE_URL", "memory://")
    monkeypatch.setenv("BLIKOPWERK_NOTIFIER", "log")
    monkeypatch.setenv("BLIKOPWERK_OUTBOX_FOLDER", str(tmp_path))
    s = Settings()
    assert (s.storage_url, s.notifier, s.outbox_folder) == ("memory://", "log", tmp_path)
    assert isinstance(open_storage(), MemoryStorage)


# ------------------------------------------------------------------ storage URLs


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("", "is empty"),
        (" ", "is empty"),
        ("memory", "has no scheme"),
        ("://memory", "is not a URL scheme"),
        ("1x://y", "is not a URL scheme"),
        ("mem ory://", "is not a URL scheme"),
        ("memory://\x00", "control character"),
        ("sqlite:///tmp/a\x00b.sqlite3", "control character"),
        ("memory://\n", "spaces or line breaks around it"),
        ("sqlite:///x\ny", "control character"),
        (f" postgresql://app:{SECRET}@db/werk", "spaces or line breaks"),
        (f"app:{SECRET}@db/werk", "has no scheme"),
        (123, "expected text"),
        (b"memory://", "expected text"),
        (["memory://"], "expected text"),
    ],
)
def test_malformed_storage_urls_are_the_library_error(url: object, reason: str) -> None:
    with pytest.raises(InvalidValueError, match=reason) as info:
        open_storage(url)  # type: ignore[arg-type]
    assert info.value.field == "storage_url"
    assert SECRET not in str(info.value) and SECRET not in repr(info.value.value)


def test_an_unknown_scheme_is_a_plugin_error_without_the_password() -> None:
    with pytest.raises(PluginError, match="unknown storage backend 'mongodb'") as info:
        open_storage(f"mongodb://app:{SECRET}@db/werk")
    assert SECRET not in str(info.value)


def test_a_url_the_backend_cannot_open_is_the_library_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(InvalidValueError, match="the sqlite backend cannot open it"):
        open_storage(f"sqlite:///{blocker}/sub/x.sqlite3")
    with pytest.raises(InvalidValueError, match="storage_url"):
        open_storage("sqlite:///")
    with pytest.raises(InvalidValueError, match="storage_url"):
        open_storage("sqlite://:memory:")


def test_postgres_is_an_alias_of_postgresql() -> None:
    assert scheme_of("postgres://app@db/werk") == "postgresql"
    assert scheme_of("POSTGRES://app@db/werk") == "postgresql"
    assert scheme_of("postgresql+psycopg://app@db/werk") == "postgresql"
    opened: list[str] = []

    class FakePostgres(MemoryStorage):
        @classmethod
        def from_url(cls, url: str) -> FakePostgres:
            opened.append(url)
            return cls(url)

    storage_backends.register("postgresql", FakePostgres, replace=True)
    try:
        storage = open_storage("postgres://app@db/werk")
        assert isinstance(storage, FakePostgres) and opened == ["postgres://app@db/werk"]
    finally:
        storage_backends.unregister("postgresql")


# ------------------------------------------------------------------ the command line


def test_cli_stderr_masks_the_password() -> None:
    werkscan = Path(sys.executable).parent / "werkscan"
    out = subprocess.run([str(werkscan), "directory", "--storage", f"postgresql://app:{SECRET}@db/werk\t"],
                         capture_output=True, text=True)
    assert out.returncode == 2
    assert SECRET not in out.stderr and "app:***@db/werk" in out.stderr
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
