"""Licences, staffels and access routes over the shared SQL layer (SQLite, PostgreSQL).

Written in the common subset of SQLite 3.35+ and PostgreSQL 15. The exactly-once
operations rest on the database, not on Python locks:

* a charge is an ``INSERT ... ON CONFLICT DO NOTHING RETURNING`` keyed by the
  questionnaire id, so a duplicate (retry, second process) inserts nothing;
* usage is a counter bumped with ``UPDATE ... SET used = used + 1 ... RETURNING``, which
  serialises concurrent completions on the staffel row (each gets its own count);
* the 80 % warning is queued with :func:`~blikopwerk._backends.outbox_sql.enqueue_in` in
  the same transaction, its id ``staffel-80:<staffel id>`` making a second one impossible;
* a code is redeemed by one conditional ``UPDATE ... WHERE redeemed_at IS NULL AND
  revoked_at IS NULL ... RETURNING``: of concurrent redemptions exactly one gets a row.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any, TypeVar

import attrs

from blikopwerk._backends.outbox_sql import enqueue_in
from blikopwerk._backends.sql import SqlDatabase, Tx, from_iso, iso
from blikopwerk._calendar import dutch_day, require_aware
from blikopwerk._errors import ConflictError, InvalidValueError, NotFoundError
from blikopwerk._money import Money
from blikopwerk._protocols import Message
from werkscan._licensing.records import (
    AccessCode,
    AnonymousPayment,
    Charge,
    CodeAlreadyUsedError,
    CodeRevokedError,
    CompletionResult,
    ConversationReport,
    InvitationLink,
    Licence,
    LicenceCounts,
    LicenceExpert,
    LicenceNotFoundError,
    OverageLine,
    QuestionnaireRecord,
    Redemption,
    Staffel,
    TrainingNotVerifiedError,
    TrainingRecord,
    UnknownCodeError,
    UnknownLinkError,
    UpgradeResult,
    WarningFactory,
)
from werkscan._licensing.results import QuestionnaireResult
from werkscan._licensing.units import (
    AlreadyCharged,
    charge_completion,
    charged_before,
    finalise_lines,
    upgrade_staffel,
)

T = TypeVar("T")

__all__ = ["SqlAccess", "SqlLicences", "SqlLicensingUnit", "SqlStaffels"]

_LIC = "id, company, contact_name, contact_email, valid_from, valid_until, postcode"
_STF = ("id, licence_id, size, unit_price, bought_at, table_name, table_version, status, used, "
        "replaces")
_CHG = ("questionnaire_id, licence_id, staffel_id, ordinal, unit_price, overage, completed_at, "
        "charged_at, expert_id")
_LINE = ("id, licence_id, staffel_id, questionnaire_id, ordinal, amount, status, created_at, "
         "finalised_at")
_Q = ("id, route, started_at, licence_id, client, payment_reference, completed_at, "
      "research_consent, expert_id, wai_score, wai_band, advice, signals")
_CODE = ("code_id, code_hash, licence_id, client, batch, created_at, redeemed_at, "
         "questionnaire_id, revoked_at, expert_id")


def _t(text: Any) -> dt.datetime:
    value = from_iso(text)
    assert value is not None
    return value


@lru_cache(maxsize=1024)
def _licence_of(row: tuple[Any, ...]) -> Licence:
    return Licence(row[0], row[1], row[2], row[3], dt.date.fromisoformat(row[4]),
                   dt.date.fromisoformat(row[5]), row[6])


def _licence(row: tuple[Any, ...]) -> Licence:
    """The licence of a stored row. A licence is frozen and its row holds only text, so
    one validated value serves every read of the same row (the completion path reads
    the licence with each count: checking its e-mail address each time cost a third
    of a completion on SQLite)."""
    return _licence_of(tuple(row))


@lru_cache(maxsize=1024)
def _price(text: Any) -> Money:
    return Money(text)


@lru_cache(maxsize=1024)
def _moment(text: Any) -> dt.datetime:
    return _t(text)


@lru_cache(maxsize=1024)
def _staffel_of(row: tuple[Any, ...]) -> tuple[Staffel, tuple[Any, ...]]:
    base = Staffel(row[0], row[1], int(row[2]), _price(row[3]), _moment(row[4]), row[5], row[6],
                   row[7], int(row[8]), row[9])
    return base, tuple(getattr(base, name) for name in _STAFFEL_FIELDS)


def _staffel(row: Sequence[Any]) -> Staffel:
    """The staffel of a stored row. Only its count changes with each completion, so the
    staffel as it was with the row's other columns is validated once (cached by them)
    and copied with the count read now (a whole number from an INTEGER column)."""
    used = int(row[8])
    base, values = _staffel_of((*row[:8], 0, row[9]))
    if used == 0:
        return base
    copy = object.__new__(Staffel)
    for put, value in zip(_STAFFEL_SETTERS, values, strict=True):
        put(copy, value)
    _set_used(copy, used)
    return copy


def _stamp(value: dt.datetime, field: str = "now") -> str:
    """:func:`~blikopwerk._backends.sql.iso`, the same text, by the quicker ``isoformat``
    (a datetime in UTC, the library's clocks' zone, needs no conversion)."""
    if value.__class__ is dt.datetime and value.tzinfo is dt.UTC and value.year >= 1000:
        return value.isoformat(timespec="microseconds")
    utc = require_aware(value, field).astimezone(dt.UTC)
    return utc.isoformat(timespec="microseconds") if utc.year >= 1000 else iso(utc, field)


def _check_aware(value: object, field: str) -> None:
    """:func:`~blikopwerk._calendar.require_aware` with the library's own UTC first."""
    if value.__class__ is not dt.datetime or value.tzinfo is not dt.UTC:
        require_aware(value, field)


def _charge(row: tuple[Any, ...]) -> Charge:
    return Charge(row[0], row[1], row[2], int(row[3]), Money(row[4]), bool(row[5]), _t(row[6]),
                  _t(row[7]), row[8])


def _line(row: tuple[Any, ...]) -> OverageLine:
    return OverageLine(row[0], row[1], row[2], row[3], int(row[4]), Money(row[5]), row[6],
                       _t(row[7]), from_iso(row[8]))


def _result(row: Sequence[Any]) -> QuestionnaireResult | None:
    """The stored result of four columns (score, band, advice, signals), if any."""
    return None if row[0] is None else QuestionnaireResult.decode(row[0], row[1], row[2], row[3])


def _questionnaire(row: tuple[Any, ...]) -> QuestionnaireRecord:
    return QuestionnaireRecord(row[0], row[1], _t(row[2]), row[3], row[4], row[5], from_iso(row[6]),
                               None if row[7] is None else bool(row[7]), row[8], _result(row[9:13]))


def _code(row: tuple[Any, ...]) -> AccessCode:
    return AccessCode(row[0], row[1], row[2], row[3], row[4], _t(row[5]), from_iso(row[6]), row[7],
                      from_iso(row[8]), row[9])


def _get_licence(tx: Tx, licence_id: str) -> Licence:
    row = tx.one(f"SELECT {_LIC} FROM ws_licences WHERE id = ?", (licence_id,))
    if row is None:
        raise LicenceNotFoundError(licence_id)
    return _licence(row)


_N_STF = len(_STF.split(","))
_STAFFEL_FIELDS = tuple(f.name for f in attrs.fields(Staffel) if f.name != "used")
# a frozen record's slots, written once on a copy no one has seen yet
_STAFFEL_SETTERS = tuple(Staffel.__dict__[name].__set__ for name in _STAFFEL_FIELDS)
_set_used = Staffel.__dict__["used"].__set__
#: The count and, in the same statement, the licence (one round trip fewer on the hot path).
_BUMP = (f"UPDATE ws_staffels SET used = used + 1 WHERE licence_id = ? AND status = 'active' "
         f"RETURNING {_STF}, " + ", ".join(
             f"(SELECT l.{c.strip()} FROM ws_licences l WHERE l.id = ws_staffels.licence_id)"
             for c in _LIC.split(",")))
#: The same on PostgreSQL, where ``UPDATE ... FROM`` may return the joined licence's
#: columns (SQLite's RETURNING may not; MariaDB has no RETURNING on UPDATE): one index
#: look-up of the licence instead of one per column (about a fifth of the statement).
_BUMP_JOIN = ("UPDATE ws_staffels SET used = ws_staffels.used + 1 FROM ws_licences l "
              "WHERE l.id = ws_staffels.licence_id AND ws_staffels.licence_id = ? "
              "AND ws_staffels.status = 'active' RETURNING "
              + ", ".join(f"ws_staffels.{c.strip()}" for c in _STF.split(",")) + ", "
              + ", ".join(f"l.{c.strip()}" for c in _LIC.split(",")))
#: The same on SQLite, whose RETURNING may hold subqueries but no joined table: the
#: licence's columns as one JSON array from one look-up, not one look-up per column
#: (about two fifths of the statement). Where SQLite lacks its JSON functions (built in
#: since 3.38), :data:`_BUMP` serves.
_BUMP_JSON = (f"UPDATE ws_staffels SET used = used + 1 WHERE licence_id = ? AND status = 'active' "
              f"RETURNING {_STF}, (SELECT json_array("
              + ", ".join(f"l.{c.strip()}" for c in _LIC.split(","))
              + ") FROM ws_licences l WHERE l.id = ws_staffels.licence_id)")
_ADD_CHARGE = (f"INSERT INTO ws_charges ({_CHG}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
               "ON CONFLICT (questionnaire_id) DO NOTHING RETURNING questionnaire_id")
_ADD_LINE = f"INSERT INTO ws_invoice_lines ({_LINE}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"


def _licence_columns(row: tuple[Any, ...]) -> Licence:
    return _licence(row[_N_STF:])


@lru_cache(maxsize=1024)
def _licence_json(text: str) -> Licence:
    return _licence_of(tuple(json.loads(text)))


def _licence_in_json(row: tuple[Any, ...]) -> Licence:
    return _licence_json(row[_N_STF])


@cache
def _sqlite_json() -> bool:
    """Whether SQLite (the driver's library) has its JSON functions."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("SELECT json_array(1)")
    except sqlite3.Error:
        return False
    finally:
        conn.close()
    return True


def _count_plan(name: str | None) -> tuple[str, Callable[[tuple[Any, ...]], Licence]]:
    """The counting statement for a database and how its row holds the licence."""
    if name == "postgresql":
        return _BUMP_JOIN, _licence_columns
    if name == "sqlite" and _sqlite_json():
        return _BUMP_JSON, _licence_in_json
    return _BUMP, _licence_columns


class SqlLicensingUnit:
    """A :class:`~werkscan._licensing.units.LicensingUnit` on one SQL transaction:
    loads and stores, each one statement; the rules are in the service layer."""

    __slots__ = ("tx",)

    def __init__(self, tx: Tx) -> None:
        self.tx = tx

    def licence(self, licence_id: str) -> Licence:
        return _get_licence(self.tx, licence_id)

    def charge(self, questionnaire_id: str) -> Charge | None:
        row = self.tx.one(f"SELECT {_CHG} FROM ws_charges WHERE questionnaire_id = ?",
                          (questionnaire_id,))
        return None if row is None else _charge(row)

    def active_staffel(self, licence_id: str) -> Staffel | None:
        row = self.tx.one(f"SELECT {_STF} FROM ws_staffels WHERE licence_id = ? "
                          "AND status = 'active'", (licence_id,))
        return None if row is None else _staffel(row)

    def count_use(self, licence_id: str) -> tuple[Staffel, Licence] | None:
        bump, licence_of = _count_plan(getattr(self.tx, "name", None))
        row = self.tx.one(bump, (licence_id,))
        if row is None:
            # An upgrade may have superseded the row while we waited for it (PostgreSQL,
            # READ COMMITTED): a new statement sees the staffel that replaced it.
            row = self.tx.one(bump, (licence_id,))
        if row is None or row[_N_STF] is None:
            return None
        return _staffel(row[:_N_STF]), licence_of(row)

    def add_charge(self, charge: Charge) -> bool:
        return self.tx.one(_ADD_CHARGE, (
            charge.questionnaire_id, charge.licence_id, charge.staffel_id, charge.ordinal,
            str(charge.unit_price.amount), int(charge.overage),
            _stamp(charge.completed_at, "completed_at"), _stamp(charge.charged_at, "now"),
            charge.expert_id)) is not None

    def add_invoice_line(self, line: OverageLine) -> None:
        self.tx.execute(_ADD_LINE, (
            line.id, line.licence_id, line.staffel_id, line.questionnaire_id, line.ordinal,
            str(line.amount.amount), line.status, iso(line.created_at, "now"),
            None if line.finalised_at is None else iso(line.finalised_at, "finalised_at")))

    def enqueue(self, message: Message, now: dt.datetime) -> bool:
        return enqueue_in(self.tx, message, now)

    def supersede_active(self, licence_id: str) -> Staffel | None:
        row = self.tx.one(f"UPDATE ws_staffels SET status = 'superseded' WHERE licence_id = ? "
                          f"AND status = 'active' RETURNING {_STF}", (licence_id,))
        return None if row is None else _staffel(row)

    def staffel_exists(self, staffel_id: str) -> bool:
        return self.tx.one("SELECT id FROM ws_staffels WHERE id = ?", (staffel_id,)) is not None

    def add_staffel(self, staffel: Staffel) -> None:
        self.tx.execute(f"INSERT INTO ws_staffels ({_STF}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (staffel.id, staffel.licence_id, staffel.size, str(staffel.unit_price.amount),
                         iso(staffel.bought_at, "bought_at"), staffel.table_name,
                         staffel.table_version, staffel.status, staffel.used, staffel.replaces))

    def draft_lines(self, licence_id: str) -> list[OverageLine]:
        return [_line(r) for r in self.tx.all(
            f"SELECT {_LINE} FROM ws_invoice_lines WHERE licence_id = ? AND status = 'draft' "
            "ORDER BY ordinal, id", (licence_id,))]

    def set_line_status(self, line_ids: list[str], status: str,
                        finalised_at: dt.datetime | None = None) -> None:
        stamp = None if finalised_at is None else iso(finalised_at, "now")
        for line_id in line_ids:
            self.tx.execute("UPDATE ws_invoice_lines SET status = ?, finalised_at = ? WHERE id = ?",
                            (status, stamp, line_id))

    def reprice_lines(self, line_ids: list[str], staffel_id: str, amount: Money) -> None:
        for line_id in line_ids:
            self.tx.execute("UPDATE ws_invoice_lines SET staffel_id = ?, amount = ? WHERE id = ?",
                            (staffel_id, str(amount.amount), line_id))

    def has_expert(self, licence_id: str, expert_email: str) -> bool:
        return self.tx.one("SELECT expert_email FROM ws_licence_experts WHERE licence_id = ? "
                           "AND expert_email = ?", (licence_id, expert_email)) is not None

    def complete(self, questionnaire_id: str, now: dt.datetime,
                 result: QuestionnaireResult | None = None) -> tuple[QuestionnaireRecord, bool]:
        return _complete(self.tx, questionnaire_id, _stamp(now), result)

    def set_research_consent(self, questionnaire_id: str, consent: bool) -> None:
        _set_research_consent(self.tx, questionnaire_id, consent)


class SqlLicences:
    """Licences, trainings and experts in SQL tables."""

    def __init__(self, db: SqlDatabase) -> None:
        self.db = db

    def create(self, licence: Licence) -> None:
        def step(tx: Tx) -> None:
            row = tx.one(
                f"INSERT INTO ws_licences ({_LIC}) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (id) DO NOTHING RETURNING id",
                (licence.id, licence.company, licence.contact_name, licence.contact_email,
                 licence.valid_from.isoformat(), licence.valid_until.isoformat(), licence.postcode),
            )
            if row is None:
                raise ConflictError(f"licence_id: a licence with this id exists (got {licence.id!r})")

        self.db.run(step)

    def get(self, licence_id: str) -> Licence:
        return self.db.run(lambda tx: _get_licence(tx, licence_id))

    def valid_on(self, on: dt.date) -> list[Licence]:
        day = on.isoformat()
        rows = self.db.run(lambda tx: tx.all(
            f"SELECT {_LIC} FROM ws_licences WHERE valid_from <= ? AND valid_until >= ? "
            "ORDER BY company, id", (day, day)))
        return [_licence(r) for r in rows]

    def record_training(self, record: TrainingRecord) -> None:
        self.db.run(lambda tx: tx.execute(
            "INSERT INTO ws_trainings (expert_email, name, verified_on, verified_by) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (expert_email) DO UPDATE SET name = excluded.name, "
            "verified_on = excluded.verified_on, verified_by = excluded.verified_by",
            (record.expert_email.lower(), record.name, record.verified_on.isoformat(),
             record.verified_by)))

    def add_expert(self, licence_id: str, expert_email: str, now: dt.datetime) -> bool:
        stamp = iso(now)
        key = expert_email.lower()

        def step(tx: Tx) -> bool:
            _get_licence(tx, licence_id)
            training = tx.one("SELECT name FROM ws_trainings WHERE expert_email = ?", (key,))
            if training is None:
                raise TrainingNotVerifiedError(expert_email)
            row = tx.one(
                "INSERT INTO ws_licence_experts (licence_id, expert_email, name, added_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (licence_id, expert_email) DO NOTHING "
                "RETURNING expert_email", (licence_id, key, training[0], stamp))
            return row is not None

        return self.db.run(step)

    def experts(self, licence_id: str) -> list[LicenceExpert]:
        rows = self.db.run(lambda tx: tx.all(
            "SELECT licence_id, expert_email, name, added_at FROM ws_licence_experts "
            "WHERE licence_id = ? ORDER BY expert_email", (licence_id,)))
        return [LicenceExpert(r[0], r[1], r[2], _t(r[3])) for r in rows]


class SqlStaffels:
    """Staffels, charges and invoice lines in SQL tables."""

    def __init__(self, db: SqlDatabase) -> None:
        self.db = db

    def buy(self, staffel: Staffel) -> None:
        def step(tx: Tx) -> None:
            _get_licence(tx, staffel.licence_id)
            if tx.one("SELECT id FROM ws_staffels WHERE id = ?", (staffel.id,)) is not None:
                raise ConflictError(f"staffel_id: a staffel with this id exists (got {staffel.id!r})")
            # Where the database has no partial unique index (MariaDB), this read guards
            # the one active staffel: serializable, it conflicts with a concurrent buy.
            active = tx.one("SELECT id FROM ws_staffels WHERE licence_id = ? AND status = 'active'",
                            (staffel.licence_id,))
            row = None if active is not None else tx.one(
                f"INSERT INTO ws_staffels ({_STF}) VALUES (?, ?, ?, ?, ?, ?, ?, 'active', 0, NULL) "
                "ON CONFLICT DO NOTHING RETURNING id",
                (staffel.id, staffel.licence_id, staffel.size, str(staffel.unit_price.amount),
                 iso(staffel.bought_at, "bought_at"), staffel.table_name, staffel.table_version))
            if row is None:
                raise ConflictError(f"licence_id: licence already has an active staffel; upgrade "
                                    f"it instead (got {staffel.licence_id!r})")

        self.db.run(step)

    def upgrade(self, licence_id: str, staffel: Staffel, now: dt.datetime, *,
                threshold: Decimal, warning: WarningFactory) -> UpgradeResult:
        iso(now)

        return self.atomic(lambda unit: upgrade_staffel(
            unit, licence_id, staffel, now, threshold=threshold, warning=warning))

    def active(self, licence_id: str) -> Staffel:
        row = self.db.run(lambda tx: tx.one(
            f"SELECT {_STF} FROM ws_staffels WHERE licence_id = ? AND status = 'active'",
            (licence_id,)))
        if row is None:
            raise NotFoundError("active staffel", licence_id)
        return _staffel(row)

    def history(self, licence_id: str) -> list[Staffel]:
        rows = self.db.run(lambda tx: tx.all(
            f"SELECT {_STF} FROM ws_staffels WHERE licence_id = ? ORDER BY bought_at, id",
            (licence_id,)))
        return [_staffel(r) for r in rows]

    def atomic(self, fn: Callable[[SqlLicensingUnit], T]) -> T:
        """Run ``fn`` in one unit of work (one transaction, retried when transient)."""
        return self.db.run(lambda tx: fn(SqlLicensingUnit(tx)))

    def record_completion(self, licence_id: str, questionnaire_id: str,
                          completed_at: dt.datetime, now: dt.datetime, *,
                          threshold: Decimal, warning: WarningFactory,
                          valid_on: dt.date | None = None,
                          expert_id: str | None = None) -> CompletionResult:
        """The completion rule of :func:`~werkscan._licensing.units.charge_completion`
        in one unit of work."""
        _check_aware(completed_at, "completed_at")
        _check_aware(now, "now")
        try:
            return self.db.run(lambda tx: charge_completion(
                SqlLicensingUnit(tx), licence_id, questionnaire_id, completed_at, now,
                threshold=threshold, warning=warning, valid_on=valid_on, expert_id=expert_id))
        except AlreadyCharged as signal:
            found = self.atomic(lambda unit: charged_before(unit, licence_id, questionnaire_id))
            if found is not None:
                return found
            if signal.error is not None:
                raise signal.error from None
            # the charge that beat this one was rolled back after all: charge now
            return self.record_completion(licence_id, questionnaire_id, completed_at, now,
                                          threshold=threshold, warning=warning, valid_on=valid_on,
                                          expert_id=expert_id)

    def charges(self, licence_id: str) -> list[Charge]:
        rows = self.db.run(lambda tx: tx.all(
            f"SELECT {_CHG} FROM ws_charges WHERE licence_id = ? ORDER BY ordinal", (licence_id,)))
        return [_charge(r) for r in rows]

    def invoice_lines(self, licence_id: str, status: str | None = None) -> list[OverageLine]:
        def step(tx: Tx) -> list[tuple[Any, ...]]:
            if status is None:
                return tx.all(f"SELECT {_LINE} FROM ws_invoice_lines WHERE licence_id = ? "
                              "ORDER BY ordinal", (licence_id,))
            return tx.all(f"SELECT {_LINE} FROM ws_invoice_lines WHERE licence_id = ? "
                          "AND status = ? ORDER BY ordinal", (licence_id, status))

        return [_line(r) for r in self.db.run(step)]

    def finalise(self, licence_id: str, now: dt.datetime) -> int:
        iso(now)
        return self.atomic(lambda unit: finalise_lines(unit, licence_id, now))


def _insert_questionnaire(tx: Tx, q: QuestionnaireRecord, contact: str | None) -> None:
    if q.payment_reference is not None and tx.one(
            "SELECT id FROM ws_questionnaires WHERE payment_reference = ?",
            (q.payment_reference,)) is not None:
        raise ConflictError(f"payment_reference: already used for a questionnaire "
                            f"(got {q.payment_reference!r})")
    row = tx.one(
        f"INSERT INTO ws_questionnaires ({_Q}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT DO NOTHING RETURNING id",
        (q.id, q.route, iso(q.started_at, "started_at"), q.licence_id, q.client,
         q.payment_reference, None if q.completed_at is None else iso(q.completed_at, "completed_at"),
         None if q.research_consent is None else int(q.research_consent), q.expert_id,
         *_result_texts(q.result)))
    if row is None:
        if q.payment_reference is not None and tx.one(
                "SELECT id FROM ws_questionnaires WHERE payment_reference = ?",
                (q.payment_reference,)) is not None:
            raise ConflictError(f"payment_reference: already used for a questionnaire "
                                f"(got {q.payment_reference!r})")
        raise ConflictError(f"questionnaire_id: exists already (got {q.id!r})")
    if contact is not None:
        tx.execute("INSERT INTO ws_contacts (questionnaire_id, contact) VALUES (?, ?)",
                   (q.id, contact))


def _get_questionnaire(tx: Tx, questionnaire_id: str) -> QuestionnaireRecord:
    row = tx.one(f"SELECT {_Q} FROM ws_questionnaires WHERE id = ?", (questionnaire_id,))
    if row is None:
        raise NotFoundError("questionnaire", questionnaire_id)
    return _questionnaire(row)


def _result_texts(result: QuestionnaireResult | None) -> tuple[str | None, ...]:
    if result is None:
        return (None, None, None, None)
    if not isinstance(result, QuestionnaireResult):
        raise InvalidValueError("result", type(result).__name__, "expected a QuestionnaireResult")
    return result.encode()


#: The completion and its result in one statement (the result is never written twice).
_COMPLETE = ("UPDATE ws_questionnaires SET completed_at = ?, wai_score = ?, wai_band = ?, "
             f"advice = ?, signals = ? WHERE id = ? AND completed_at IS NULL RETURNING {_Q}")


def _complete(tx: Tx, questionnaire_id: str, stamp: str,
              result: QuestionnaireResult | None = None) -> tuple[QuestionnaireRecord, bool]:
    row = tx.one(_COMPLETE, (stamp, *_result_texts(result), questionnaire_id))
    if row is not None:
        return _questionnaire(row), True
    return _get_questionnaire(tx, questionnaire_id), False


def _set_research_consent(tx: Tx, questionnaire_id: str, consent: bool) -> None:
    if not isinstance(consent, bool):
        raise InvalidValueError("research_consent", consent, "expected True or False")
    if tx.one("UPDATE ws_questionnaires SET research_consent = ? WHERE id = ? RETURNING id",
              (int(consent), questionnaire_id)) is None:
        raise NotFoundError("questionnaire", questionnaire_id)


class SqlAccess:
    """Questionnaires, links, codes and research reports in SQL tables."""

    def __init__(self, db: SqlDatabase) -> None:
        self.db = db

    def start(self, questionnaire: QuestionnaireRecord, contact: str | None = None,
              payment: AnonymousPayment | None = None) -> None:
        def step(tx: Tx) -> None:
            _insert_questionnaire(tx, questionnaire, contact)
            if payment is not None:
                tx.execute("INSERT INTO ws_anonymous_payments (payment_reference, questionnaire_id, "
                           "amount, vat, total, vat_rate, paid_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           (payment.payment_reference, payment.questionnaire_id, str(payment.amount.amount),
                            str(payment.vat.amount), str(payment.total.amount), str(payment.vat_rate),
                            iso(payment.paid_at, "now")))
        self.db.run(step)

    def payments(self) -> list[AnonymousPayment]:
        """Every anonymous payment, in the order they were made."""
        rows = self.db.run(lambda tx: tx.all(
            "SELECT payment_reference, questionnaire_id, amount, vat, total, vat_rate, paid_at "
            "FROM ws_anonymous_payments ORDER BY paid_at, payment_reference"))
        return [AnonymousPayment(r[0], r[1], Money(r[2]), Money(r[3]), Money(r[4]), Decimal(r[5]), _t(r[6]))
                for r in rows]

    def get(self, questionnaire_id: str) -> QuestionnaireRecord:
        return self.db.run(lambda tx: _get_questionnaire(tx, questionnaire_id))

    def contact(self, questionnaire_id: str) -> str | None:
        def step(tx: Tx) -> str | None:
            _get_questionnaire(tx, questionnaire_id)
            row = tx.one("SELECT contact FROM ws_contacts WHERE questionnaire_id = ?",
                         (questionnaire_id,))
            return None if row is None else str(row[0])

        return self.db.run(step)

    def complete(self, questionnaire_id: str, now: dt.datetime,
                 result: QuestionnaireResult | None = None) -> tuple[QuestionnaireRecord, bool]:
        stamp = iso(now)
        _result_texts(result)
        return self.db.run(lambda tx: _complete(tx, questionnaire_id, stamp, result))

    def completed_results(self, licence_id: str, client: str, since: dt.datetime,
                          until: dt.datetime) -> list[tuple[str, QuestionnaireResult]]:
        start, end = iso(since, "since"), iso(until, "until")
        rows = self.db.run(lambda tx: tx.all(
            "SELECT id, wai_score, wai_band, advice, signals FROM ws_questionnaires "
            "WHERE licence_id = ? AND client = ? AND completed_at >= ? AND completed_at < ? "
            "AND wai_score IS NOT NULL ORDER BY id", (licence_id, client, start, end)))
        out: list[tuple[str, QuestionnaireResult]] = []
        for r in rows:
            result = _result(r[1:])
            assert result is not None
            out.append((str(r[0]), result))
        return out

    def route_to(self, questionnaire_id: str, licence_id: str) -> QuestionnaireRecord:
        def step(tx: Tx) -> QuestionnaireRecord:
            _get_licence(tx, licence_id)
            q = _get_questionnaire(tx, questionnaire_id)
            if q.route != "anonymous":
                raise InvalidValueError("questionnaire_id", questionnaire_id,
                                        f"only anonymous questionnaires choose an expert (route {q.route!r})")
            row = tx.one(f"UPDATE ws_questionnaires SET licence_id = ? WHERE id = ? RETURNING {_Q}",
                         (licence_id, questionnaire_id))
            assert row is not None
            return _questionnaire(row)

        return self.db.run(step)

    def set_research_consent(self, questionnaire_id: str, consent: bool) -> None:
        self.db.run(lambda tx: _set_research_consent(tx, questionnaire_id, consent))

    def create_link(self, link: InvitationLink) -> None:
        def step(tx: Tx) -> None:
            _get_licence(tx, link.licence_id)
            row = tx.one("INSERT INTO ws_links (token, licence_id, client, created_at, revoked_at, "
                         "expert_id) VALUES (?, ?, ?, ?, NULL, ?) ON CONFLICT (token) DO NOTHING "
                         "RETURNING token", (link.token, link.licence_id, link.client,
                                             iso(link.created_at, "created_at"), link.expert_id))
            if row is None:
                raise ConflictError("token: an invitation link with this token exists")

        self.db.run(step)

    def link(self, token: str) -> InvitationLink:
        row = self.db.run(lambda tx: tx.one(
            "SELECT token, licence_id, client, created_at, revoked_at, expert_id FROM ws_links "
            "WHERE token = ?", (token,)))
        if row is None or row[4] is not None:
            raise UnknownLinkError(token)
        return InvitationLink(row[0], row[1], row[2], _t(row[3]), None, row[5])

    def revoke_link(self, token: str, now: dt.datetime) -> None:
        stamp = iso(now)

        def step(tx: Tx) -> None:
            if tx.one("SELECT token FROM ws_links WHERE token = ?", (token,)) is None:
                raise UnknownLinkError(token)
            tx.execute("UPDATE ws_links SET revoked_at = ? WHERE token = ? AND revoked_at IS NULL",
                       (stamp, token))

        self.db.run(step)

    def add_codes(self, codes: Sequence[AccessCode]) -> None:
        def step(tx: Tx) -> None:
            for licence_id in sorted({c.licence_id for c in codes}):
                _get_licence(tx, licence_id)
            for c in codes:
                row = tx.one(
                    f"INSERT INTO ws_codes ({_CODE}) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, NULL, ?) "
                    "ON CONFLICT DO NOTHING RETURNING code_id",
                    (c.code_id, c.code_hash, c.licence_id, c.client, c.batch,
                     iso(c.created_at, "created_at"), c.expert_id))
                if row is None:
                    raise ConflictError("codes: a code or code id was issued before")

        self.db.run(step)

    def redeem_code(self, code: str, code_hash: str, questionnaire_id: str,
                    now: dt.datetime) -> Redemption:
        stamp = iso(now)
        today = dutch_day(now, field="now")
        day = today.isoformat()

        def step(tx: Tx) -> Redemption:
            row = tx.one(
                "UPDATE ws_codes SET redeemed_at = ?, questionnaire_id = ? WHERE code_hash = ? "
                "AND redeemed_at IS NULL AND revoked_at IS NULL AND licence_id IN "
                "(SELECT id FROM ws_licences WHERE valid_from <= ? AND valid_until >= ?) "
                "RETURNING code_id, licence_id, client, expert_id",
                (stamp, questionnaire_id, code_hash, day, day))
            if row is None:
                state = tx.one("SELECT redeemed_at, revoked_at, licence_id FROM ws_codes "
                               "WHERE code_hash = ?", (code_hash,))
                if state is None:
                    raise UnknownCodeError(code)
                if state[0] is not None:
                    raise CodeAlreadyUsedError(code)
                if state[1] is not None:
                    raise CodeRevokedError(code)
                raise LicenceNotFoundError(state[2], today)
            q = QuestionnaireRecord(questionnaire_id, "code", now, row[1], row[2], expert_id=row[3])
            _insert_questionnaire(tx, q, None)
            return Redemption(row[0], row[1], row[2], q)

        return self.db.run(step)

    def revoke_code(self, code_id: str, now: dt.datetime) -> bool:
        stamp = iso(now)

        def step(tx: Tx) -> bool:
            row = tx.one("UPDATE ws_codes SET revoked_at = ? WHERE code_id = ? "
                         "AND redeemed_at IS NULL AND revoked_at IS NULL RETURNING code_id",
                         (stamp, code_id))
            if row is not None:
                return True
            if tx.one("SELECT code_id FROM ws_codes WHERE code_id = ?", (code_id,)) is None:
                raise NotFoundError("access code id", code_id)
            return False

        return self.db.run(step)

    def codes(self, licence_id: str) -> list[AccessCode]:
        rows = self.db.run(lambda tx: tx.all(
            f"SELECT {_CODE} FROM ws_codes WHERE licence_id = ? ORDER BY batch, code_id",
            (licence_id,)))
        return [_code(r) for r in rows]

    def add_report(self, report: ConversationReport) -> None:
        def step(tx: Tx) -> None:
            _get_questionnaire(tx, report.questionnaire_id)
            row = tx.one("INSERT INTO ws_reports (id, questionnaire_id, licence_id, client_consent, "
                         "document_ref, uploaded_at) VALUES (?, ?, ?, ?, ?, ?) "
                         "ON CONFLICT (id) DO NOTHING RETURNING id",
                         (report.id, report.questionnaire_id, report.licence_id,
                          int(report.client_consent), report.document_ref,
                          iso(report.uploaded_at, "uploaded_at")))
            if row is None:
                raise ConflictError(f"report_id: exists already (got {report.id!r})")

        self.db.run(step)

    def research_set(self) -> tuple[list[QuestionnaireRecord], list[ConversationReport]]:
        def step(tx: Tx) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
            qs = tx.all(f"SELECT {_Q} FROM ws_questionnaires WHERE completed_at IS NOT NULL "
                        "AND research_consent = 1 ORDER BY id")
            rs = tx.all("SELECT r.id, r.questionnaire_id, r.licence_id, r.client_consent, "
                        "r.document_ref, r.uploaded_at FROM ws_reports r JOIN ws_questionnaires q "
                        "ON q.id = r.questionnaire_id WHERE r.client_consent = 1 "
                        "AND q.completed_at IS NOT NULL AND q.research_consent = 1 ORDER BY r.id")
            return qs, rs

        qs, rs = self.db.run(step)
        return ([_questionnaire(r) for r in qs],
                [ConversationReport(r[0], r[1], r[2], bool(r[3]), r[4], _t(r[5])) for r in rs])

    def counts(self, licence_id: str) -> LicenceCounts:
        def step(tx: Tx) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
            routes = tx.all("SELECT route, COUNT(*) FROM ws_questionnaires WHERE licence_id = ? "
                            "AND completed_at IS NOT NULL GROUP BY route ORDER BY route",
                            (licence_id,))
            clients = tx.all("SELECT client, COUNT(*) FROM ws_questionnaires WHERE licence_id = ? "
                             "AND completed_at IS NOT NULL AND client IS NOT NULL GROUP BY client "
                             "ORDER BY client", (licence_id,))
            experts = tx.all("SELECT c.expert_id, COUNT(*) FROM ws_charges c WHERE c.licence_id = ? "
                             "AND NOT EXISTS (SELECT 1 FROM ws_charge_credits k "
                             "WHERE k.questionnaire_id = c.questionnaire_id) "
                             "GROUP BY c.expert_id", (licence_id,))
            return routes, clients, experts

        routes, clients, experts = self.db.run(step)
        return LicenceCounts(licence_id, sum(int(n) for _, n in routes),
                             tuple((str(r), int(n)) for r, n in routes),
                             tuple((str(c), int(n)) for c, n in clients),
                             tuple(sorted((str(e or ""), int(n)) for e, n in experts)))
