"""The PostgreSQL backend passes blikopwerk's storage conformance kit, concurrency cases
(separate processes, each opening the URL) included, at both isolation levels."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from blikopwerk.testing.storage import OutboxSuite

pytestmark = pytest.mark.postgres


class TestPostgresOutbox(OutboxSuite):
    @pytest.fixture
    def storage_url(self, make_url: Callable[..., str]) -> str:
        return make_url()


class TestPostgresOutboxRepeatableRead(OutboxSuite):
    @pytest.fixture
    def storage_url(self, make_url: Callable[..., str]) -> str:
        return make_url(isolation="repeatable_read")
