"""The embedded backends pass the lead conformance suites (WS-LEAD-*, WS-DIR-1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from werkscan.testing.leads import ConsentRepositorySuite, ExpertRepositorySuite, LeadRepositorySuite


class TestMemoryExperts(ExpertRepositorySuite):
    @pytest.fixture
    def storage_url(self) -> str:
        return "memory://"


class TestMemoryLeads(LeadRepositorySuite):
    @pytest.fixture
    def storage_url(self) -> str:
        return "memory://"


class TestMemoryConsents(ConsentRepositorySuite):
    @pytest.fixture
    def storage_url(self) -> str:
        return "memory://"


class TestSQLiteExperts(ExpertRepositorySuite):
    @pytest.fixture
    def storage_url(self, tmp_path: Path) -> str:
        return f"sqlite:///{tmp_path / 'leads.sqlite3'}"


class TestSQLiteLeads(LeadRepositorySuite):
    @pytest.fixture
    def storage_url(self, tmp_path: Path) -> str:
        return f"sqlite:///{tmp_path / 'leads.sqlite3'}"


class TestSQLiteConsents(ConsentRepositorySuite):
    @pytest.fixture
    def storage_url(self, tmp_path: Path) -> str:
        return f"sqlite:///{tmp_path / 'leads.sqlite3'}"
