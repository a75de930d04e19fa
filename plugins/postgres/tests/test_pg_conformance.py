"""The PostgreSQL backend passes every storage suite of blikopwerk's conformance kit,
the concurrency cases included (separate processes, each opening the URL itself), at
the default isolation (SERIALIZABLE), and the suites with concurrency cases also at
REPEATABLE READ."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from blikopwerk.testing import OutboxSuite
from werkscan.testing import (
    AccessCodeSuite,
    ConsentRepositorySuite,
    ExpertRepositorySuite,
    LeadRepositorySuite,
    LicenceSuite,
    ResearchConsentSuite,
    StaffelUsageSuite,
)

pytestmark = pytest.mark.postgres


class Serializable:
    @pytest.fixture
    def storage_url(self, make_url: Callable[..., str]) -> str:
        return make_url()


class RepeatableRead:
    @pytest.fixture
    def storage_url(self, make_url: Callable[..., str]) -> str:
        return make_url(isolation="repeatable_read")


class TestPgOutbox(Serializable, OutboxSuite):
    pass


class TestPgLicences(Serializable, LicenceSuite):
    pass


class TestPgStaffelUsage(Serializable, StaffelUsageSuite):
    pass


class TestPgAccessCodes(Serializable, AccessCodeSuite):
    pass


class TestPgResearchConsent(Serializable, ResearchConsentSuite):
    pass


class TestPgExperts(Serializable, ExpertRepositorySuite):
    pass


class TestPgLeads(Serializable, LeadRepositorySuite):
    pass


class TestPgConsents(Serializable, ConsentRepositorySuite):
    pass


class TestPgOutboxRepeatableRead(RepeatableRead, OutboxSuite):
    pass


class TestPgStaffelUsageRepeatableRead(RepeatableRead, StaffelUsageSuite):
    pass


class TestPgAccessCodesRepeatableRead(RepeatableRead, AccessCodeSuite):
    pass


class TestPgLeadsRepeatableRead(RepeatableRead, LeadRepositorySuite):
    pass
