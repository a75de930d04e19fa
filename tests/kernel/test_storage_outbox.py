"""The embedded backends pass the outbox conformance suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from blikopwerk.testing.storage import OutboxSuite


class TestMemoryOutbox(OutboxSuite):
    @pytest.fixture
    def storage_url(self) -> str:
        return "memory://"


class TestSQLiteOutbox(OutboxSuite):
    @pytest.fixture
    def storage_url(self, tmp_path: Path) -> str:
        return f"sqlite:///{tmp_path / 'kit.sqlite3'}"
