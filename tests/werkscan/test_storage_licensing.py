"""The embedded backends pass the licensing conformance suites (WS-LIC, WS-STF, WS-ACC)."""

from __future__ import annotations

from pathlib import Path

import pytest

from werkscan.testing.licensing import (
    AccessCodeSuite,
    LicenceSuite,
    ResearchConsentSuite,
    StaffelUsageSuite,
)


class _Memory:
    @pytest.fixture
    def storage_url(self) -> str:
        return "memory://"


class _SQLite:
    @pytest.fixture
    def storage_url(self, tmp_path: Path) -> str:
        return f"sqlite:///{tmp_path / 'kit.sqlite3'}"


class TestMemoryLicences(_Memory, LicenceSuite):
    pass


class TestSQLiteLicences(_SQLite, LicenceSuite):
    pass


class TestMemoryStaffels(_Memory, StaffelUsageSuite):
    pass


class TestSQLiteStaffels(_SQLite, StaffelUsageSuite):
    pass


class TestMemoryAccessCodes(_Memory, AccessCodeSuite):
    pass


class TestSQLiteAccessCodes(_SQLite, AccessCodeSuite):
    pass


class TestMemoryResearch(_Memory, ResearchConsentSuite):
    pass


class TestSQLiteResearch(_SQLite, ResearchConsentSuite):
    pass


@pytest.mark.parametrize("protocol_name", ["LicenceRepository", "StaffelRepository", "AccessRepository"])
def test_every_repository_method_is_documented_and_exercised_by_the_kit(protocol_name: str) -> None:
    import inspect

    import werkscan
    import werkscan.testing.licensing as kit

    protocol = getattr(werkscan, protocol_name)
    source = inspect.getsource(kit)
    methods = [n for n, v in vars(protocol).items() if inspect.isfunction(v) and not n.startswith("_")]
    assert methods
    for name in methods:
        assert inspect.getdoc(getattr(protocol, name)), f"{protocol_name}.{name} has no docstring"
        assert f".{name}(" in source, f"{protocol_name}.{name} is not exercised by the kit"
