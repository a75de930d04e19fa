"""In-memory repositories for licences, staffels and access routes (reference backend).

Every operation holds the storage's one lock, so each is one atomic step; the 80 %
warning is queued with :meth:`MemoryOutbox.enqueue_locked` inside the same step.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal

import attrs

from blikopwerk._backends.memory import MemoryOutbox, _aware
from blikopwerk._errors import ConflictError, InvalidValueError, NotFoundError
from werkscan._licensing.records import (
    AccessCode,
    Charge,
    CodeAlreadyUsedError,
    CodeRevokedError,
    CompletionResult,
    ConversationReport,
    InvitationLink,
    InvoiceLine,
    Licence,
    LicenceCounts,
    LicenceExpert,
    LicenceNotFoundError,
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

__all__ = ["MemoryAccess", "MemoryLicences", "MemoryStaffels"]


class MemoryLicences:
    """Licences, trainings and experts in dicts."""

    def __init__(self, lock: threading.RLock) -> None:
        self._lock = lock
        self._licences: dict[str, Licence] = {}
        self._trainings: dict[str, TrainingRecord] = {}
        self._experts: dict[tuple[str, str], LicenceExpert] = {}

    def create(self, licence: Licence) -> None:
        with self._lock:
            if licence.id in self._licences:
                raise ConflictError(f"licence_id: a licence with this id exists (got {licence.id!r})")
            self._licences[licence.id] = licence

    def get_locked(self, licence_id: str) -> Licence:
        """The licence while the caller holds the lock."""
        try:
            return self._licences[licence_id]
        except KeyError:
            raise LicenceNotFoundError(licence_id) from None

    def get(self, licence_id: str) -> Licence:
        with self._lock:
            return self.get_locked(licence_id)

    def valid_on(self, on: dt.date) -> list[Licence]:
        with self._lock:
            found = [lic for lic in self._licences.values() if lic.is_valid(on)]
        return sorted(found, key=lambda lic: (lic.company, lic.id))

    def record_training(self, record: TrainingRecord) -> None:
        with self._lock:
            self._trainings[record.expert_email.lower()] = record

    def add_expert(self, licence_id: str, expert_email: str, now: dt.datetime) -> bool:
        _aware(now)
        key = expert_email.lower()
        with self._lock:
            self.get_locked(licence_id)
            training = self._trainings.get(key)
            if training is None:
                raise TrainingNotVerifiedError(expert_email)
            if (licence_id, key) in self._experts:
                return False
            self._experts[(licence_id, key)] = LicenceExpert(licence_id, key, training.name, now)
            return True

    def experts(self, licence_id: str) -> list[LicenceExpert]:
        with self._lock:
            return sorted((e for (lid, _), e in self._experts.items() if lid == licence_id),
                          key=lambda e: e.expert_email)


class MemoryStaffels:
    """Staffels, charges and invoice lines in dicts; shares the licences and outbox."""

    def __init__(self, lock: threading.RLock, licences: MemoryLicences, outbox: MemoryOutbox) -> None:
        self._lock = lock
        self._licences = licences
        self._outbox = outbox
        self._staffels: dict[str, Staffel] = {}
        self._charges: dict[str, Charge] = {}
        self._lines: dict[str, InvoiceLine] = {}

    def _active_locked(self, licence_id: str) -> Staffel | None:
        for s in self._staffels.values():
            if s.licence_id == licence_id and s.status == "active":
                return s
        return None

    def buy(self, staffel: Staffel) -> None:
        with self._lock:
            self._licences.get_locked(staffel.licence_id)
            if staffel.id in self._staffels:
                raise ConflictError(f"staffel_id: a staffel with this id exists (got {staffel.id!r})")
            if self._active_locked(staffel.licence_id) is not None:
                raise ConflictError(f"licence_id: licence already has an active staffel; upgrade "
                                    f"it instead (got {staffel.licence_id!r})")
            self._staffels[staffel.id] = attrs.evolve(staffel, status="active", used=0, replaces=None)

    def upgrade(self, licence_id: str, staffel: Staffel, now: dt.datetime, *,
                threshold: Decimal, warning: WarningFactory) -> UpgradeResult:
        _aware(now)
        with self._lock:
            licence = self._licences.get_locked(licence_id)
            old = self._active_locked(licence_id)
            if old is None:
                raise NotFoundError("active staffel", licence_id)
            if staffel.size <= old.size:
                raise InvalidValueError("size", staffel.size,
                                        f"an upgrade must be larger than the current staffel ({old.size})")
            if staffel.id in self._staffels:
                raise ConflictError(f"staffel_id: a staffel with this id exists (got {staffel.id!r})")
            replaced = attrs.evolve(old, status="superseded")
            new = attrs.evolve(staffel, licence_id=licence_id, status="active", used=old.used,
                               replaces=old.id)
            self._staffels[old.id] = replaced
            self._staffels[new.id] = new
            absorbed = repriced = 0
            for line in list(self._lines.values()):
                if line.licence_id != licence_id or line.status != "draft":
                    continue
                if line.ordinal <= new.size:
                    self._lines[line.id] = attrs.evolve(line, status="cancelled")
                    absorbed += 1
                else:
                    self._lines[line.id] = attrs.evolve(line, staffel_id=new.id, amount=new.unit_price)
                    repriced += 1
            queued = False
            if new.used >= new.warning_at(threshold):
                queued = self._outbox.enqueue_locked(warning(licence, new), now)
            return UpgradeResult(new, replaced, absorbed, repriced, queued)

    def active(self, licence_id: str) -> Staffel:
        with self._lock:
            found = self._active_locked(licence_id)
        if found is None:
            raise NotFoundError("active staffel", licence_id)
        return found

    def history(self, licence_id: str) -> list[Staffel]:
        with self._lock:
            found = [s for s in self._staffels.values() if s.licence_id == licence_id]
        return sorted(found, key=lambda s: (s.bought_at, s.id))

    def record_completion(self, licence_id: str, questionnaire_id: str,
                          completed_at: dt.datetime, now: dt.datetime, *,
                          threshold: Decimal, warning: WarningFactory) -> CompletionResult:
        _aware(completed_at, "completed_at")
        _aware(now)
        with self._lock:
            licence = self._licences.get_locked(licence_id)
            existing = self._charges.get(questionnaire_id)
            if existing is not None:
                if existing.licence_id != licence_id:
                    raise ConflictError(
                        f"questionnaire_id: already charged to licence {existing.licence_id!r} "
                        f"(got {questionnaire_id!r})")
                current = self._active_locked(licence_id)
                return CompletionResult(questionnaire_id, licence_id, existing.staffel_id, False,
                                        existing.ordinal, current.used if current else existing.ordinal,
                                        current.size if current else 0, existing.overage, False)
            if not licence.is_valid(completed_at.date()):
                raise LicenceNotFoundError(licence_id, completed_at.date())
            staffel = self._active_locked(licence_id)
            if staffel is None:
                raise NotFoundError("active staffel", licence_id)
            used = staffel.used + 1
            staffel = attrs.evolve(staffel, used=used)
            self._staffels[staffel.id] = staffel
            overage = used > staffel.size
            self._charges[questionnaire_id] = Charge(questionnaire_id, licence_id, staffel.id, used,
                                                     staffel.unit_price, overage, completed_at, now)
            if overage:
                line_id = f"overage:{questionnaire_id}"
                self._lines[line_id] = InvoiceLine(line_id, licence_id, staffel.id, questionnaire_id,
                                                   used, staffel.unit_price, "draft", now)
            queued = False
            if used >= staffel.warning_at(threshold):
                queued = self._outbox.enqueue_locked(warning(licence, staffel), now)
            return CompletionResult(questionnaire_id, licence_id, staffel.id, True, used, used,
                                    staffel.size, overage, queued)

    def charges(self, licence_id: str) -> list[Charge]:
        with self._lock:
            return sorted((c for c in self._charges.values() if c.licence_id == licence_id),
                          key=lambda c: c.ordinal)

    def invoice_lines(self, licence_id: str, status: str | None = None) -> list[InvoiceLine]:
        with self._lock:
            return sorted((line for line in self._lines.values() if line.licence_id == licence_id
                           and (status is None or line.status == status)), key=lambda x: x.ordinal)

    def finalise(self, licence_id: str, now: dt.datetime) -> int:
        _aware(now)
        with self._lock:
            licence = self._licences.get_locked(licence_id)
            if now.date() <= licence.valid_until:
                return 0
            n = 0
            for line in list(self._lines.values()):
                if line.licence_id == licence_id and line.status == "draft":
                    self._lines[line.id] = attrs.evolve(line, status="final", finalised_at=now)
                    n += 1
            return n


class MemoryAccess:
    """Questionnaires, links, codes and research reports in dicts."""

    def __init__(self, lock: threading.RLock, licences: MemoryLicences) -> None:
        self._lock = lock
        self._licences = licences
        self._questionnaires: dict[str, QuestionnaireRecord] = {}
        self._contacts: dict[str, str] = {}
        self._payments: dict[str, str] = {}
        self._links: dict[str, InvitationLink] = {}
        self._codes: dict[str, AccessCode] = {}
        self._reports: dict[str, ConversationReport] = {}

    def _start_locked(self, q: QuestionnaireRecord, contact: str | None) -> None:
        if q.id in self._questionnaires:
            raise ConflictError(f"questionnaire_id: exists already (got {q.id!r})")
        if q.payment_reference is not None:
            if q.payment_reference in self._payments:
                raise ConflictError(f"payment_reference: already used for a questionnaire "
                                    f"(got {q.payment_reference!r})")
            self._payments[q.payment_reference] = q.id
        self._questionnaires[q.id] = q
        if contact is not None:
            self._contacts[q.id] = contact

    def start(self, questionnaire: QuestionnaireRecord, contact: str | None = None) -> None:
        with self._lock:
            self._start_locked(questionnaire, contact)

    def _get_locked(self, questionnaire_id: str) -> QuestionnaireRecord:
        try:
            return self._questionnaires[questionnaire_id]
        except KeyError:
            raise NotFoundError("questionnaire", questionnaire_id) from None

    def get(self, questionnaire_id: str) -> QuestionnaireRecord:
        with self._lock:
            return self._get_locked(questionnaire_id)

    def contact(self, questionnaire_id: str) -> str | None:
        with self._lock:
            self._get_locked(questionnaire_id)
            return self._contacts.get(questionnaire_id)

    def complete(self, questionnaire_id: str, now: dt.datetime) -> tuple[QuestionnaireRecord, bool]:
        _aware(now)
        with self._lock:
            q = self._get_locked(questionnaire_id)
            if q.completed_at is not None:
                return q, False
            q = attrs.evolve(q, completed_at=now)
            self._questionnaires[q.id] = q
            return q, True

    def route_to(self, questionnaire_id: str, licence_id: str) -> QuestionnaireRecord:
        with self._lock:
            self._licences.get_locked(licence_id)
            q = self._get_locked(questionnaire_id)
            if q.route != "anonymous":
                raise InvalidValueError("questionnaire_id", questionnaire_id,
                                        f"only anonymous questionnaires choose an expert (route {q.route!r})")
            q = attrs.evolve(q, licence_id=licence_id)
            self._questionnaires[q.id] = q
            return q

    def set_research_consent(self, questionnaire_id: str, consent: bool) -> None:
        with self._lock:
            q = self._get_locked(questionnaire_id)
            self._questionnaires[q.id] = attrs.evolve(q, research_consent=bool(consent))

    def create_link(self, link: InvitationLink) -> None:
        with self._lock:
            self._licences.get_locked(link.licence_id)
            if link.token in self._links:
                raise ConflictError("token: an invitation link with this token exists")
            self._links[link.token] = link

    def link(self, token: str) -> InvitationLink:
        with self._lock:
            found = self._links.get(token)
        if found is None or found.revoked_at is not None:
            raise UnknownLinkError(token)
        return found

    def revoke_link(self, token: str, now: dt.datetime) -> None:
        _aware(now)
        with self._lock:
            found = self._links.get(token)
            if found is None:
                raise UnknownLinkError(token)
            if found.revoked_at is None:
                self._links[token] = attrs.evolve(found, revoked_at=now)

    def add_codes(self, codes: Sequence[AccessCode]) -> None:
        with self._lock:
            for c in codes:
                self._licences.get_locked(c.licence_id)
            ids = {c.code_id for c in codes}
            if len(ids) != len(codes) or ids & self._codes.keys() or \
                    {c.code_hash for c in codes} & {c.code_hash for c in self._codes.values()}:
                raise ConflictError("codes: a code or code id was issued before")
            for c in codes:
                self._codes[c.code_id] = c

    def redeem_code(self, code: str, code_hash: str, questionnaire_id: str,
                    now: dt.datetime) -> Redemption:
        _aware(now)
        with self._lock:
            found = next((c for c in self._codes.values() if c.code_hash == code_hash), None)
            if found is None:
                raise UnknownCodeError(code)
            if found.redeemed_at is not None:
                raise CodeAlreadyUsedError(code)
            if found.revoked_at is not None:
                raise CodeRevokedError(code)
            licence = self._licences.get_locked(found.licence_id)
            if not licence.is_valid(now.date()):
                raise LicenceNotFoundError(found.licence_id, now.date())
            q = QuestionnaireRecord(questionnaire_id, "code", now, found.licence_id, found.client)
            self._start_locked(q, None)
            self._codes[found.code_id] = attrs.evolve(found, redeemed_at=now,
                                                      questionnaire_id=questionnaire_id)
            return Redemption(found.code_id, found.licence_id, found.client, q)

    def revoke_code(self, code_id: str, now: dt.datetime) -> bool:
        _aware(now)
        with self._lock:
            found = self._codes.get(code_id)
            if found is None:
                raise NotFoundError("access code id", code_id)
            if found.state != "open":
                return False
            self._codes[code_id] = attrs.evolve(found, revoked_at=now)
            return True

    def codes(self, licence_id: str) -> list[AccessCode]:
        with self._lock:
            return sorted((c for c in self._codes.values() if c.licence_id == licence_id),
                          key=lambda c: (c.batch, c.code_id))

    def add_report(self, report: ConversationReport) -> None:
        with self._lock:
            self._get_locked(report.questionnaire_id)
            if report.id in self._reports:
                raise ConflictError(f"report_id: exists already (got {report.id!r})")
            self._reports[report.id] = report

    def research_set(self) -> tuple[list[QuestionnaireRecord], list[ConversationReport]]:
        with self._lock:
            qs = sorted((q for q in self._questionnaires.values()
                         if q.completed_at is not None and q.research_consent is True),
                        key=lambda q: q.id)
            ok = {q.id for q in qs}
            reports = sorted((r for r in self._reports.values()
                              if r.client_consent and r.questionnaire_id in ok), key=lambda r: r.id)
            return qs, reports

    def counts(self, licence_id: str) -> LicenceCounts:
        with self._lock:
            done = [q for q in self._questionnaires.values()
                    if q.licence_id == licence_id and q.completed_at is not None]
        routes = Counter(q.route for q in done)
        clients = Counter(q.client for q in done if q.client is not None)
        return LicenceCounts(licence_id, len(done), tuple(sorted(routes.items())),
                             tuple(sorted(clients.items())))
