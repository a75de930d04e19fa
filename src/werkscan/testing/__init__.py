"""Conformance suites for the Werkscan repositories (public subpackage).

Abstract pytest test classes that run the same behavioural suite, including the
concurrency and exactly-once cases, against any storage backend. A plugin author
subclasses a suite in their own test module and overrides the ``storage_url`` fixture:

.. code-block:: python

    import pytest
    from werkscan.testing import StaffelUsageSuite

    class TestMyStorageStaffels(StaffelUsageSuite):
        @pytest.fixture
        def storage_url(self, tmp_path):
            return "mydb://..."

The kernel's storage suites (the outbox, :func:`~blikopwerk.testing.concurrently`) are in
:mod:`blikopwerk.testing`.
"""

from __future__ import annotations

from werkscan.testing.invoicing import InvoiceRepositorySuite
from werkscan.testing.leads import ConsentRepositorySuite, ExpertRepositorySuite, LeadRepositorySuite
from werkscan.testing.licensing import (
    AccessCodeSuite,
    LicenceSuite,
    ResearchConsentSuite,
    StaffelUsageSuite,
)

__all__ = [
    "AccessCodeSuite",
    "ConsentRepositorySuite",
    "ExpertRepositorySuite",
    "InvoiceRepositorySuite",
    "LeadRepositorySuite",
    "LicenceSuite",
    "ResearchConsentSuite",
    "StaffelUsageSuite",
]
