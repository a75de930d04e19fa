"""Licensing rules on a unit of work: each rule written once, storage only loads and stores.

A :class:`LicensingUnit` is what one transaction of a storage backend offers the rules:
load a record, store a record, count a use, queue a message. It decides nothing. The
rules below (WS-STF-1, -3, -4, -6, -7) run inside one unit, so everything one
completion changes (the questionnaire, the count, the charge, the overage line, the
80 % warning) commits together or not at all. A storage backend implements the unit
(see :class:`werkscan._licensing.sql.SqlLicensingUnit`) and passes the conformance kit
without writing a rule.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Protocol

from blikopwerk._calendar import dutch_day
from blikopwerk._errors import ConflictError, InvalidValueError, NotFoundError
from blikopwerk._money import Money
from blikopwerk._protocols import Message
from werkscan._licensing.records import (
    Charge,
    CompletionResult,
    Licence,
    LicenceNotFoundError,
    OverageLine,
    QuestionnaireRecord,
    Staffel,
    UpgradeResult,
    WarningFactory,
)
from werkscan._licensing.results import QuestionnaireResult

__all__ = ["AlreadyCharged", "LicensingUnit", "charge_completion", "charged_before",
           "finalise_lines", "upgrade_staffel"]


class AlreadyCharged(Exception):
    """Roll this unit back and answer from :func:`charged_before` in a new one: the
    questionnaire was charged by another unit meanwhile, or (with ``error``) it cannot
    be charged, unless it was charged before, in which case ``error`` is raised."""

    def __init__(self, questionnaire_id: str, error: Exception | None = None) -> None:
        super().__init__(questionnaire_id)
        self.error = error


class LicensingUnit(Protocol):
    """Loading and storing inside one transaction; no decisions."""

    def licence(self, licence_id: str) -> Licence:
        """The licence; :class:`LicenceNotFoundError` if there is none."""
        ...

    def charge(self, questionnaire_id: str) -> Charge | None:
        """The charge of a questionnaire, if any."""
        ...

    def active_staffel(self, licence_id: str) -> Staffel | None:
        """The licence's active staffel, if any."""
        ...

    def count_use(self, licence_id: str) -> tuple[Staffel, Licence] | None:
        """Add one to the active staffel's count (locking its row); the staffel after it
        and its licence (read by the same statement), or None without either."""
        ...

    def add_charge(self, charge: Charge) -> bool:
        """Store a charge; False (nothing stored) if the questionnaire has one."""
        ...

    def add_invoice_line(self, line: OverageLine) -> None:
        """Store an invoice line."""
        ...

    def enqueue(self, message: Message, now: dt.datetime) -> bool:
        """Queue a message; False if one with its id is queued already."""
        ...

    def supersede_active(self, licence_id: str) -> Staffel | None:
        """Mark the licence's active staffel superseded (locking its row); it, as it was."""
        ...

    def staffel_exists(self, staffel_id: str) -> bool:
        """Whether a staffel with this id is stored."""
        ...

    def add_staffel(self, staffel: Staffel) -> None:
        """Store a staffel as given (status, usage and what it replaces included)."""
        ...

    def draft_lines(self, licence_id: str) -> list[OverageLine]:
        """The licence's draft invoice lines."""
        ...

    def set_line_status(self, line_ids: list[str], status: str,
                        finalised_at: dt.datetime | None = None) -> None:
        """Give the lines a status (and the moment they became final)."""
        ...

    def reprice_lines(self, line_ids: list[str], staffel_id: str, amount: Money) -> None:
        """Move the lines to a staffel and its unit price."""
        ...

    def has_expert(self, licence_id: str, expert_email: str) -> bool:
        """Whether ``expert_email`` (lower case) was added to the licence (WS-LIC-2)."""
        ...

    def complete(self, questionnaire_id: str, now: dt.datetime,
                 result: QuestionnaireResult | None = None) -> tuple[QuestionnaireRecord, bool]:
        """Mark a questionnaire completed (once), storing its result with it in the same
        statement; the record and whether it was now. A repeat stores nothing."""
        ...

    def set_research_consent(self, questionnaire_id: str, consent: bool) -> None:
        """Store the worker's research consent."""
        ...


def charged_before(unit: LicensingUnit, licence_id: str, questionnaire_id: str) -> CompletionResult | None:
    """The answer for a questionnaire that was charged already (WS-STF-6), or None.

    Raises:
        ConflictError: it was charged to another licence.
    """
    existing = unit.charge(questionnaire_id)
    if existing is None:
        return None
    if existing.licence_id != licence_id:
        raise ConflictError(f"questionnaire_id: already charged to licence {existing.licence_id!r} "
                            f"(got {questionnaire_id!r})")
    current = unit.active_staffel(licence_id)
    return CompletionResult(questionnaire_id, licence_id, existing.staffel_id, False,
                            existing.ordinal, current.used if current else existing.ordinal,
                            current.size if current else 0, existing.overage, False)


def charge_completion(unit: LicensingUnit, licence_id: str, questionnaire_id: str,
                      completed_at: dt.datetime, now: dt.datetime, *, threshold: Decimal,
                      warning: WarningFactory, valid_on: dt.date | None = None,
                      expert_id: str | None = None, check_expert: bool = True) -> CompletionResult:
    """Charge one completion to the licence's active staffel (WS-STF-1, -3, -4, -6, -7).

    The licence must be valid on ``valid_on`` (default: the Dutch day of
    ``completed_at``, K-TZ-1; the access service passes the day the questionnaire was
    started, WS-STF-7). The count goes up by one; past the staffel's size the charge is
    overage and gets a draft invoice line at the staffel's unit price (WS-STF-4); the
    completion that reaches ``ceil(size x threshold)`` queues the warning (WS-STF-3),
    and later ones do no further work for it. A questionnaire charged before is answered
    from its charge, not charged again (WS-STF-6). ``expert_id`` (an e-mail address in
    lower case) must be the licence's contact, known from the licence the count read,
    or an expert added to the licence (WS-LIC-2; one more read, only then). With
    ``check_expert`` False the caller checked it already (the expert a link or code
    was issued for was checked when it was issued, and experts are never removed).

    Raises:
        AlreadyCharged: another unit charged it meanwhile, or the licence is not valid
            on the day; roll back and ask :func:`charged_before` in a new unit (and
            raise the signal's ``error`` when that finds no charge).
        LicenceNotFoundError: the licence does not exist or is not valid on the day.
        NotFoundError: the licence has no active staffel.
        InvalidValueError: ``expert_id`` is not on the licence (nothing is charged).
    """
    day = valid_on if valid_on is not None else dutch_day(completed_at, field="completed_at")
    counted = unit.count_use(licence_id)  # the hot path reads the licence with the count
    if counted is None:
        licence = unit.licence(licence_id)  # LicenceNotFoundError if there is none
        found = charged_before(unit, licence_id, questionnaire_id)
        if found is not None:
            return found
        if not licence.is_valid(day):
            raise LicenceNotFoundError(licence_id, day)
        raise NotFoundError("active staffel", licence_id)
    staffel, licence = counted
    if not licence.is_valid(day):  # undo the count: roll back, then look again
        raise AlreadyCharged(questionnaire_id, LicenceNotFoundError(licence_id, day))
    if check_expert and expert_id is not None and expert_id != licence.contact_email.lower() \
            and not unit.has_expert(licence_id, expert_id):  # WS-LIC-2; raising undoes the count
        raise InvalidValueError("expert_id", expert_id, "not an expert on this licence")
    used = staffel.used
    overage = used > staffel.size
    if not unit.add_charge(Charge(questionnaire_id, licence_id, staffel.id, used,
                                  staffel.unit_price, overage, completed_at, now, expert_id)):
        raise AlreadyCharged(questionnaire_id)
    if overage:
        unit.add_invoice_line(OverageLine(f"overage:{questionnaire_id}", licence_id, staffel.id,
                                          questionnaire_id, used, staffel.unit_price, "draft", now))
    # Exactly once per staffel: the count rises by one per charge, so one completion
    # reaches the threshold; an upgrade that starts past it queues the warning itself.
    queued = used == staffel.warning_at(threshold) and unit.enqueue(warning(licence, staffel), now)
    return CompletionResult(questionnaire_id, licence_id, staffel.id, True, used, used,
                            staffel.size, overage, queued)


def upgrade_staffel(unit: LicensingUnit, licence_id: str, staffel: Staffel, now: dt.datetime, *,
                    threshold: Decimal, warning: WarningFactory) -> UpgradeResult:
    """Replace the active staffel by a larger one (WS-STF-5, WS-INV-2).

    Usage carries over; draft overage lines the new size covers are cancelled, the rest
    move to the new staffel's unit price; the warning is judged against the new size
    and queued now if usage is already past it (once per staffel).

    Raises:
        NotFoundError: no active staffel.
        InvalidValueError: the new staffel is not larger.
        ConflictError: a staffel with the new id exists.
    """
    licence = unit.licence(licence_id)
    old = unit.supersede_active(licence_id)  # locks the row: completions wait or see the new one
    if old is None:
        raise NotFoundError("active staffel", licence_id)
    if staffel.size <= old.size:
        raise InvalidValueError("size", staffel.size, "an upgrade must be larger than "
                                f"the current staffel ({old.size})")
    if unit.staffel_exists(staffel.id):
        raise ConflictError(f"staffel_id: a staffel with this id exists (got {staffel.id!r})")
    new = Staffel(staffel.id, licence_id, staffel.size, staffel.unit_price, staffel.bought_at,
                  staffel.table_name, staffel.table_version, "active", old.used, old.id)
    unit.add_staffel(new)
    drafts = unit.draft_lines(licence_id)
    absorbed = [line.id for line in drafts if line.ordinal <= new.size]
    repriced = [line.id for line in drafts if line.ordinal > new.size]
    unit.set_line_status(absorbed, "cancelled")
    unit.reprice_lines(repriced, new.id, new.unit_price)
    queued = new.used >= new.warning_at(threshold) and unit.enqueue(warning(licence, new), now)
    replaced = Staffel(old.id, old.licence_id, old.size, old.unit_price, old.bought_at,
                       old.table_name, old.table_version, "superseded", old.used, old.replaces)
    return UpgradeResult(new, replaced, len(absorbed), len(repriced), queued)


def finalise_lines(unit: LicensingUnit, licence_id: str, now: dt.datetime) -> int:
    """Make the licence's draft lines final once its period is over on the Dutch day of
    ``now`` (WS-STF-4, WS-INV-3, K-TZ-1); the number made final (0 before)."""
    licence = unit.licence(licence_id)
    if dutch_day(now, field="now") <= licence.valid_until:
        return 0
    ids = [line.id for line in unit.draft_lines(licence_id)]
    unit.set_line_status(ids, "final", now)
    return len(ids)
