"""blikopwerk: the shared kernel of the Werkscan and Keurmerk rule libraries.

Money, postcodes, the Dutch working-day calendar, distances, rule tables with
provenance, errors, and the plugin system with its embedded default backends.

Example:
    >>> from blikopwerk import Money, Postcode
    >>> print(Money("1605").format())
    € 1.605,00
    >>> str(Postcode.parse("3511ab"))
    '3511 AB'
"""

from __future__ import annotations

from typing import TYPE_CHECKING as _TYPE_CHECKING

from blikopwerk._backends.notifiers import EmlFolderNotifier, LogNotifier
from blikopwerk._backends.offline_geocoder import OfflineGeocoder
from blikopwerk._calendar import (
    DutchHolidays,
    WorkingDayCalendar,
    dutch_day,
    dutch_holidays,
    dutch_zone,
    require_aware,
)
from blikopwerk._errors import (
    BlikopwerkError,
    ConfigurationError,
    ConflictError,
    FieldValueError,
    InvalidSettingError,
    InvalidValueError,
    NotFoundError,
    PluginError,
    RuleNameError,
    RuleTableError,
    StorageUnavailableError,
    StorageVersionError,
    UnknownPostcodeError,
)
from blikopwerk._geo import GeoPoint, as_length_m, distance, km, ureg, within
from blikopwerk._kernel_rules import KERNEL_RULES
from blikopwerk._money import VAT_RATE, Money, as_decimal
from blikopwerk._outbox import DeliveryReport, deliver_outbox
from blikopwerk._postcode import PC4, Postcode, parse_area
from blikopwerk._protocols import (
    DeliveryError,
    Geocoder,
    Message,
    Notifier,
    OutboxEntry,
    OutboxRepository,
    Storage,
)
from blikopwerk._redact import redact_url
from blikopwerk._rules import Rule, RuleEntry, RuleHistory, RuleSet, RuleTable, Source
from blikopwerk._rules_doc import render_ruleset_markdown
from blikopwerk._select import get_geocoder, get_notifier, open_storage

if _TYPE_CHECKING:
    from blikopwerk._backends.memory import MemoryStorage
    from blikopwerk._backends.sqlite import SQLiteStorage
    from blikopwerk._settings import Settings

    __version__: str

#: The kernel's rule sets, rendered into the docs' rule catalogue.
RULESETS = (KERNEL_RULES,)


#: Werkscan names that lived in the kernel until 0.1; they moved to :mod:`werkscan`
#: and keep working here for one release, with a DeprecationWarning.
#: Moved to ``werkscan`` under a new name: old name -> name in ``werkscan``.
_RENAMED_IN_WERKSCAN = {"InvoiceLine": "OverageLine"}
_MOVED_TO_WERKSCAN = frozenset({
    "Absence",
    "Acceptance",
    "ConsentLinkExpiredError",
    "ConsentLinkInvalidError",
    "ConsentLinkUsedError",
    "ConsentRecord",
    "ConsentRepository",
    "DeadlinePassedError",
    "DueReport",
    "Establishment",
    "Expert",
    "ExpertRepository",
    "ExpertState",
    "Lead",
    "LeadRepository",
    "LeadStorage",
    "Offer",
    "Quote",
    "WorkerContact",
    "require_leads",
    "AccessCode",
    "AccessRepository",
    "Charge",
    "CodeAlreadyUsedError",
    "CodeRevokedError",
    "CompletionResult",
    "ConversationReport",
    "InvitationLink",
    "Licence",
    "LicenceCounts",
    "LicenceExpert",
    "LicenceNotFoundError",
    "LicenceRepository",
    "LicensingStorage",
    "QuestionnaireRecord",
    "Redemption",
    "Staffel",
    "StaffelRepository",
    "TrainingNotVerifiedError",
    "TrainingRecord",
    "UnknownCodeError",
    "UnknownLinkError",
    "UpgradeResult",
    "require_licensing",
})


def __getattr__(name: str) -> object:
    if name == "__version__":  # read from the installed metadata on first use, not at import
        import importlib.metadata

        try:
            version = importlib.metadata.version("blikopwerk")
        except importlib.metadata.PackageNotFoundError:  # pragma: no cover - a source tree
            version = "0.0.0"
        globals()["__version__"] = version
        return version
    if name in ("MemoryStorage", "SQLiteStorage"):  # loads SQLAlchemy on first use, not at import
        from blikopwerk._backends.memory import MemoryStorage
        from blikopwerk._backends.sqlite import SQLiteStorage

        globals().update(MemoryStorage=MemoryStorage, SQLiteStorage=SQLiteStorage)
        return globals()[name]
    if name == "Settings":  # loads pydantic-settings on first use, not at import
        from blikopwerk._settings import Settings

        globals()["Settings"] = Settings
        return Settings
    if name in _RENAMED_IN_WERKSCAN:
        import warnings

        import werkscan

        new = _RENAMED_IN_WERKSCAN[name]
        warnings.warn(f"blikopwerk.{name} moved to werkscan.{new}; the old name will be "
                      "removed in blikopwerk 0.3", DeprecationWarning, stacklevel=2)
        return getattr(werkscan, new)
    if name in _MOVED_TO_WERKSCAN:
        import warnings

        import werkscan

        warnings.warn(f"blikopwerk.{name} moved to werkscan.{name}; the old name will be "
                      "removed in blikopwerk 0.3", DeprecationWarning, stacklevel=2)
        return getattr(werkscan, name)
    raise AttributeError(f"module 'blikopwerk' has no attribute {name!r}")

__all__ = [
    "KERNEL_RULES",
    "PC4",
    "RULESETS",
    "VAT_RATE",
    "BlikopwerkError",
    "ConfigurationError",
    "ConflictError",
    "DeliveryError",
    "DeliveryReport",
    "DutchHolidays",
    "EmlFolderNotifier",
    "FieldValueError",
    "GeoPoint",
    "Geocoder",
    "InvalidSettingError",
    "InvalidValueError",
    "LogNotifier",
    "MemoryStorage",
    "Message",
    "Money",
    "NotFoundError",
    "Notifier",
    "OfflineGeocoder",
    "OutboxEntry",
    "OutboxRepository",
    "PluginError",
    "Postcode",
    "Rule",
    "RuleEntry",
    "RuleHistory",
    "RuleNameError",
    "RuleSet",
    "RuleTable",
    "RuleTableError",
    "SQLiteStorage",
    "Settings",
    "Source",
    "Storage",
    "StorageUnavailableError",
    "StorageVersionError",
    "UnknownPostcodeError",
    "WorkingDayCalendar",
    "__version__",
    "as_decimal",
    "as_length_m",
    "deliver_outbox",
    "distance",
    "dutch_day",
    "dutch_holidays",
    "dutch_zone",
    "get_geocoder",
    "get_notifier",
    "km",
    "open_storage",
    "parse_area",
    "redact_url",
    "render_ruleset_markdown",
    "require_aware",
    "ureg",
    "within",
]
