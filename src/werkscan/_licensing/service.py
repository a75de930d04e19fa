"""Werkscan licences: listing in the directory, experts on a licence (WS-LIC-1, WS-LIC-2).

Seed ``000_fce2b4cd91976fe2.txt``: "De meerwaarde van de licentie voor de Werkscan is
dat het bedrijf en de contactpersoon voor dat bedrijf wordt genoemd in de database van
Blik op Werk. [...] Is er geen licentie dan wordt het bedrijf ook niet meer gevonden in
de database. Een gegenereerde rapportage aan werkgever(s) is dan niet mogelijk." and
"Blik op Werk verifieert of de aangemelde Werkscandeskundige de training Werkscan heeft
gevolgd. Is dat het geval dan kan hij of zij worden toegevoegd."
"""

from __future__ import annotations

import datetime
import datetime as dt
import secrets
from collections.abc import Callable

from blikopwerk._calendar import dutch_day, require_aware
from blikopwerk._protocols import Storage
from werkscan._licensing.records import (
    Licence,
    LicenceExpert,
    LicenceNotFoundError,
    LicensingStorage,
    TrainingRecord,
    require_licensing,
)

__all__ = ["LicenceService"]


class LicenceService:
    """Create licences, verify trainings, add experts, and answer "is this licence valid?".

    Args:
        storage: a backend with the licensing repositories.
        clock: returns "now" (aware); defaults to the system clock in UTC.

    Example:
        >>> from blikopwerk import MemoryStorage
        >>> svc = LicenceService(MemoryStorage())
        >>> lic = svc.create("Arbo BV", "Anna de Vries", "anna@arbo.example",
        ...                  dt.date(2026, 1, 1), dt.date(2026, 12, 31), licence_id="L1")
        >>> [x.id for x in svc.directory(dt.date(2026, 6, 1))], svc.directory(dt.date(2027, 1, 1))
        (['L1'], [])
        >>> svc.find("L1", dt.date(2027, 1, 1))
        Traceback (most recent call last):
        ...
        werkscan._licensing.records.LicenceNotFoundError: licence 'L1' not found (no valid licence on 2027-01-01)
    """

    def __init__(self, storage: Storage, clock: Callable[[], datetime.datetime] | None = None) -> None:
        self.storage: LicensingStorage = require_licensing(storage)
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))

    def _now(self, now: dt.datetime | None) -> dt.datetime:
        return require_aware(now if now is not None else self.clock(), "now")

    def create(self, company: str, contact_name: str, contact_email: str,
               valid_from: dt.date, valid_until: dt.date, *, licence_id: str | None = None,
               postcode: str | None = None) -> Licence:
        """Register a licence for a period (both dates included)."""
        licence = Licence(licence_id or f"L-{secrets.token_hex(5)}", company, contact_name,
                          contact_email, valid_from, valid_until, postcode)
        self.storage.licences.create(licence)
        return licence

    def find(self, licence_id: str, on: dt.date) -> Licence:
        """The licence if valid on ``on``; otherwise ``LicenceNotFoundError`` (WS-LIC-1).

        Use this before producing an employer report: an expired licence is not found and
        cannot generate one.
        """
        licence = self.storage.licences.get(licence_id)
        if not licence.is_valid(on):
            raise LicenceNotFoundError(licence_id, on)
        return licence

    def can_report(self, licence_id: str, on: dt.date) -> bool:
        """Whether the licence may produce employer reports on ``on`` (WS-LIC-1)."""
        try:
            self.find(licence_id, on)
        except LicenceNotFoundError:
            return False
        return True

    def directory(self, on: dt.date) -> list[Licence]:
        """The licence holders listed on ``on``: only valid licences (WS-LIC-1)."""
        return self.storage.licences.valid_on(on)

    def verify_training(self, expert_email: str, name: str, verified_on: dt.date,
                        verified_by: str = "Blik op Werk") -> TrainingRecord:
        """Record that Blik op Werk verified the expert's Werkscan training (WS-LIC-2)."""
        record = TrainingRecord(expert_email.strip().lower(), name, verified_on, verified_by)
        self.storage.licences.record_training(record)
        return record

    def add_expert(self, licence_id: str, expert_email: str, *,
                   now: dt.datetime | None = None) -> bool:
        """Add a trained expert to a valid licence; False if already on it (WS-LIC-2).

        Raises:
            TrainingNotVerifiedError: the expert's training is not verified.
            LicenceNotFoundError: the licence is unknown or not valid now.
        """
        now = self._now(now)
        self.find(licence_id, dutch_day(now, field="now"))
        return self.storage.licences.add_expert(licence_id, expert_email.strip().lower(), now)

    def experts(self, licence_id: str) -> list[LicenceExpert]:
        """The experts on the licence."""
        return self.storage.licences.experts(licence_id)
