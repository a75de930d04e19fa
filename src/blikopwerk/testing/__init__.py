"""Conformance kit for backend plugins (public subpackage).

Abstract pytest test classes that run the same behavioural suite against any backend.
A plugin author subclasses a suite in their own test module and overrides one fixture:

.. code-block:: python

    from blikopwerk.testing.storage import OutboxSuite

    class TestMyStorageOutbox(OutboxSuite):
        @pytest.fixture
        def storage_url(self, tmp_path):
            return "mydb://..."

Geocoder and notifier plugins subclass :class:`GeocoderSuite` or :class:`NotifierSuite`
and override the ``geocoder`` or ``notifier`` fixture; class attributes such as
``supports_pc6`` or ``can_inspect_delivered`` say what the backend can do.

Capability flags (``Storage.capabilities``) switch tests on or off: a backend without
``"multiprocess"`` runs the concurrency cases with threads sharing one object instead of
processes opening the same URL.
"""

from __future__ import annotations

from blikopwerk.testing.geocoder import GeocoderSuite, assert_point_in_netherlands
from blikopwerk.testing.notifier import NotifierSuite, message_id_of, parse_delivered
from blikopwerk.testing.storage import OutboxSuite, StorageSuiteBase, concurrently

#: Suites of Werkscan repositories that lived here until 0.1; they moved to
#: :mod:`werkscan.testing` and keep working here for one release, with a DeprecationWarning.
_MOVED_TO_WERKSCAN = frozenset({
    "AccessCodeSuite",
    "ConsentRepositorySuite",
    "ExpertRepositorySuite",
    "LeadRepositorySuite",
    "LicenceSuite",
    "ResearchConsentSuite",
    "StaffelUsageSuite",
})


def __getattr__(name: str) -> object:
    if name in _MOVED_TO_WERKSCAN:
        import warnings

        import werkscan.testing

        warnings.warn(f"blikopwerk.testing.{name} moved to werkscan.testing.{name}; the old "
                      "name will be removed in blikopwerk 0.3", DeprecationWarning, stacklevel=2)
        return getattr(werkscan.testing, name)
    raise AttributeError(f"module 'blikopwerk.testing' has no attribute {name!r}")


__all__ = [
    "GeocoderSuite",
    "NotifierSuite",
    "OutboxSuite",
    "StorageSuiteBase",
    "assert_point_in_netherlands",
    "concurrently",
    "message_id_of",
    "parse_delivered",
]
