"""The embedded backends pass the licensing conformance suites (WS-LIC, WS-STF, WS-ACC)."""

from __future__ import annotations

from pathlib import Path

import pytest

from blikopwerk.testing.licensing import (
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
