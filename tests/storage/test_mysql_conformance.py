"""MariaDB/MySQL passes every storage conformance suite (issue 13, point 2).

Needs a server: set ``BLIKOPWERK_TEST_MYSQL_URL`` (CI: ``mysql+pymysql://root@127.0.0.1:3306/test``,
``.ci/run`` starts MariaDB when it is down); without it these tests are skipped with that
reason. Every test gets a database of its own (``<name>_<random>``), dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

import pytest

from blikopwerk.testing.storage import OutboxSuite
from werkscan.testing.leads import ConsentRepositorySuite, ExpertRepositorySuite, LeadRepositorySuite
from werkscan.testing.licensing import (
    AccessCodeSuite,
    LicenceSuite,
    ResearchConsentSuite,
    StaffelUsageSuite,
)

ENV = "BLIKOPWERK_TEST_MYSQL_URL"


def _admin(url: str) -> object:
    import pymysql

    parts = urlsplit(url)
    return pymysql.connect(host=parts.hostname, port=parts.port or 3306, user=parts.username or "root",
                           password=parts.password or "", autocommit=True)


class _MySQL:
    @pytest.fixture
    def storage_url(self) -> Iterator[str]:
        base = os.environ.get(ENV)
        if not base:
            pytest.skip(f"{ENV} is not set (e.g. mysql+pymysql://root@127.0.0.1:3306/test); "
                        "the MariaDB tests need a server")
        name = f"bow_{uuid.uuid4().hex[:12]}"
        admin = _admin(base)
        with admin.cursor() as cur:  # type: ignore[attr-defined]
            cur.execute(f"CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")
        parts = urlsplit(base)
        try:
            yield urlunsplit(parts._replace(path=f"/{name}"))
        finally:
            with admin.cursor() as cur:  # type: ignore[attr-defined]
                cur.execute(f"DROP DATABASE IF EXISTS {name}")
            admin.close()  # type: ignore[attr-defined]


class TestMySQLOutbox(_MySQL, OutboxSuite):
    pass


class TestMySQLLicences(_MySQL, LicenceSuite):
    pass


class TestMySQLStaffels(_MySQL, StaffelUsageSuite):
    pass


class TestMySQLAccessCodes(_MySQL, AccessCodeSuite):
    pass


class TestMySQLResearch(_MySQL, ResearchConsentSuite):
    pass


class TestMySQLExperts(_MySQL, ExpertRepositorySuite):
    pass


class TestMySQLLeads(_MySQL, LeadRepositorySuite):
    pass


class TestMySQLConsents(_MySQL, ConsentRepositorySuite):
    pass


def test_unreachable_server_raises_storage_unavailable_in_time() -> None:
    import time

    from blikopwerk import StorageUnavailableError, open_storage

    pytest.importorskip("pymysql")
    started = time.monotonic()
    with pytest.raises(StorageUnavailableError, match="unreachable"):
        open_storage("mysql+pymysql://root@127.0.0.1:1/none?unavailable_after=2&retries=3")
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("url", ["mysql+pymysql://host", "mysql+pymysql://host/db?pool_size=x"])
def test_bad_urls_name_the_field(url: str) -> None:
    from blikopwerk import InvalidValueError, open_storage

    with pytest.raises(InvalidValueError, match="storage_url"):
        open_storage(url)
