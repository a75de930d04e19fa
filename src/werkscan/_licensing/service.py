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
from typing import TYPE_CHECKING

from blikopwerk._calendar import dutch_day, dutch_zone, require_aware
from blikopwerk._errors import InvalidValueError
from blikopwerk._protocols import Storage
from blikopwerk._rules import RuleSet
from werkscan._licensing.records import (
    Licence,
    LicenceExpert,
    LicenceNotFoundError,
    LicensingStorage,
    TrainingRecord,
    require_licensing,
)

if TYPE_CHECKING:
    from werkscan._reports.employer import EmployerSummary

__all__ = ["LicenceService"]


def _day(value: object, field: str) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InvalidValueError(field, value, "expected a date")
    return value


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

    def employer_report(self, licence_id: str, employer: str, *, on: datetime.date | None = None,
                        since: datetime.date | None = None, until: datetime.date | None = None,
                        rules: RuleSet | None = None, min_questionnaires: int | None = None,
                        min_cell: int | None = None) -> EmployerSummary:
        """The employer report of one client of the licence, from storage (WS-RPT-2, WS-LIC-1).

        It counts the questionnaires stored under the licence for ``employer`` (the
        client its links and codes were issued for): distinct questionnaires, completed
        with their result (:meth:`werkscan.AccessService.complete` with ``result=``), on a Dutch
        day inside the licence (K-TZ-1), or inside ``since``..``until`` (both included)
        when given. The 25 floor counts those; nothing the caller passes in counts.
        Questionnaires completed without a result (or recorded from a file) are not in
        it. For results held outside the library use :func:`werkscan.summarise_employer`.

        Args:
            licence_id: the licence; it must be valid on ``on`` (WS-LIC-1).
            employer: the client's name as given to the link or codes.
            on: the day of the report (default: today in the Netherlands).
            since: the first day counted (default: the licence's first day).
            until: the last day counted (default: the licence's last day).
            rules: the rule set of the floor and the smallest cell.
            min_questionnaires: raise the floor (never below the rule's 25).
            min_cell: raise the smallest cell shown (never below the rule's 5).

        Returns:
            The :class:`werkscan.EmployerSummary`, for :func:`werkscan.employer_report_pdf`
            and :func:`werkscan.employer_report_html`.

        Raises:
            LicenceNotFoundError: the licence is unknown or not valid on ``on``.
            TooFewQuestionnairesError: fewer stored questionnaires than the floor.
            InvalidValueError: ``since``/``until`` not dates, outside the licence, or
                ``since`` after ``until``; an empty employer.

        Example:
            >>> from blikopwerk import MemoryStorage
            >>> svc = LicenceService(MemoryStorage())
            >>> _ = svc.create("Arbo BV", "Anna de Vries", "anna@arbo.example",
            ...                dt.date(2026, 1, 1), dt.date(2026, 12, 31), licence_id="L1")
            >>> svc.employer_report("L1", "Bakkerij Jansen", on=dt.date(2026, 6, 1))
            Traceback (most recent call last):
            ...
            werkscan._reports.employer.TooFewQuestionnairesError: questionnaires: an employer report needs at least 25 completed questionnaires (got 0)
        """
        from werkscan._reports.employer import summarise_employer

        day = dutch_day(self._now(None), field="now") if on is None else _day(on, "on")
        licence = self.find(licence_id, day)
        first = licence.valid_from if since is None else _day(since, "since")
        last = licence.valid_until if until is None else _day(until, "until")
        if not licence.valid_from <= first <= licence.valid_until:
            raise InvalidValueError("since", first, "must lie inside the licence period")
        if not licence.valid_from <= last <= licence.valid_until:
            raise InvalidValueError("until", last, "must lie inside the licence period")
        if first > last:
            raise InvalidValueError("since", first, f"after until {last.isoformat()}")
        if not isinstance(employer, str) or not employer.strip():
            raise InvalidValueError("employer", employer, "an employer name is needed")
        zone = dutch_zone()
        found = self.storage.access.completed_results(
            licence_id, employer.strip(), dt.datetime.combine(first, dt.time(), zone),
            dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), zone))
        return summarise_employer(dict(found), employer=employer.strip(), rules=rules,
                                  min_questionnaires=min_questionnaires, min_cell=min_cell)
