"""Access routes into the Werkscan, research consent and expert counters (WS-ACC-1 to -4).

Seed ``000_fce2b4cd91976fe2.txt`` names three ways in (WS-ACC-1): free in exchange for
contact data (the worker becomes a lead candidate), anonymous for EUR 25 (WS-PRICE-1,
no contact data, a payment reference only), and by invitation of an expert, for a
whole company through an open link or by unique codes that "kunnen maar 1 keer worden
gebruikt" (WS-ACC-2). Workers who decline research are left out of research data
(WS-ACC-3); experts see counts, never who filled in (WS-ACC-4).

Codes are drawn from :mod:`secrets` (50 random bits, Crockford base 32, shown as
two groups of five characters such as ``7KQ2M-9XD4R``); only their SHA-256 digest is stored.
"""

from __future__ import annotations

import datetime
import datetime as dt
import hashlib
import hmac
import secrets
import uuid
from collections.abc import Callable
from typing import Any

import attrs

from blikopwerk._calendar import dutch_day, require_aware
from blikopwerk._errors import InvalidValueError
from blikopwerk._money import Money
from blikopwerk._protocols import Storage
from blikopwerk._rules import RuleSet
from werkscan._licensing.records import (
    AccessCode,
    AnonymousPayment,
    CompletionResult,
    ConversationReport,
    InvitationLink,
    LicenceCounts,
    LicensingStorage,
    QuestionnaireRecord,
    Redemption,
    UnknownCodeError,
    UnknownLinkError,
    require_licensing,
)
from werkscan._licensing.results import QuestionnaireResult
from werkscan._licensing.service import LicenceService
from werkscan._licensing.staffel import LICENSING_RULES, StaffelService
from werkscan._licensing.units import AlreadyCharged, LicensingUnit, charge_completion, charged_before
from werkscan._scoring.model import ScoreResult

__all__ = [
    "CODE_ALPHABET",
    "AccessService",
    "CompletionOutcome",
    "IssuedCodes",
    "LeadCandidate",
    "code_digest",
    "generate_code",
    "normalise_code",
]

#: Crockford base 32: no I, L, O, U, so codes survive being read aloud or retyped.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CODE_LENGTH = 10
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})


def generate_code() -> str:
    """A fresh single-use code from the cryptographic random source (WS-ACC-2).

    Example:
        >>> code = generate_code()
        >>> len(code), code[5], normalise_code(code.lower()) == code
        (11, '-', True)
    """
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(_CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def normalise_code(code: str) -> str:
    """Canonical form of a typed code: upper case, ``O``->``0``, ``I``/``L``->``1``, dash.

    Example:
        >>> normalise_code(" abcde fghjk ")
        'ABCDE-FGHJK'
        >>> normalise_code("abc")
        Traceback (most recent call last):
        ...
        werkscan._licensing.records.UnknownCodeError: access code '*bc' not found
    """
    if not isinstance(code, str):
        raise InvalidValueError("code", code, "expected a string")
    raw = "".join(c for c in code.upper() if c not in " -\t").translate(_CONFUSABLE)
    if len(raw) != _CODE_LENGTH or any(c not in CODE_ALPHABET for c in raw):
        raise UnknownCodeError(code.strip())
    return f"{raw[:5]}-{raw[5:]}"


def code_digest(code: str, secret: bytes | None = None) -> str:
    """What storage keeps of a code: with ``secret`` a keyed digest (HMAC-SHA-256 of the
    normalised code, prefixed ``k1:``), so a copy of the database does not let anyone
    test guesses offline; without, the plain SHA-256 hex digest of earlier versions.

    Example:
        >>> code_digest("abcde-fghjk") == code_digest("ABCDE FGHJK")
        True
        >>> code_digest("abcde-fghjk", b"k" * 32).startswith("k1:")
        True
    """
    canonical = normalise_code(code).encode("ascii")
    if secret is None:
        return hashlib.sha256(canonical).hexdigest()
    return "k1:" + hmac.new(secret, canonical, hashlib.sha256).hexdigest()


def token_digest(token: str, secret: bytes) -> str:
    """What storage keeps of an invitation link's token: HMAC-SHA-256 under ``secret``,
    prefixed ``k1:`` (the token itself is only in the link).

    Example:
        >>> token_digest("abc", b"k" * 32) == token_digest("abc", b"k" * 32)
        True
    """
    return "k1:" + hmac.new(secret, token.encode("utf-8"), hashlib.sha256).hexdigest()


@attrs.frozen
class IssuedCodes:
    """Codes just generated: the plain codes are shown once, storage keeps digests only.

    Example:
        >>> IssuedCodes("b1", "L1", "Bakkerij", ("ABCDE-FGHJK",), ("b1-0001",)).count
        1
    """

    batch: str
    licence_id: str
    client: str
    codes: tuple[str, ...]
    code_ids: tuple[str, ...]

    @property
    def count(self) -> int:
        """Number of codes in the batch."""
        return len(self.codes)


@attrs.frozen
class LeadCandidate:
    """A worker who completed the free route (WS-ACC-1a): a candidate for a lead.

    Carries the questionnaire id only; the contact data stays in storage until the
    worker consents (WS-LEAD). The lead service decides what becomes of it.

    Example:
        >>> LeadCandidate("q1", dt.datetime(2026, 3, 2, tzinfo=dt.UTC)).questionnaire_id
        'q1'
    """

    questionnaire_id: str
    completed_at: dt.datetime


@attrs.frozen
class CompletionOutcome:
    """What completing a questionnaire did: the record, a charge, a lead candidate.

    Example:
        >>> q = QuestionnaireRecord("q1", "free", dt.datetime(2026, 3, 2, tzinfo=dt.UTC))
        >>> CompletionOutcome(q, True).charge is None
        True
    """

    questionnaire: QuestionnaireRecord
    newly_completed: bool
    charge: CompletionResult | None = None
    lead_candidate: LeadCandidate | None = None


def _qid() -> str:
    return f"q-{uuid.uuid4().hex}"


class AccessService:
    """The access routes, completion (with charging), research consent and counters.

    Args:
        storage: a backend with the licensing repositories.
        rules: the licensing rule set (anonymous price, staffel table, warning share).
        clock: returns "now" (aware); defaults to the system clock in UTC.
        link_base: the URL an invitation link token is appended to.
        secret: the key (at least 16 bytes; keep it out of the database) under which
            codes and link tokens are stored as keyed digests. Codes and links issued
            without one (plain SHA-256, plain tokens) keep working.

    Example:
        >>> from blikopwerk import MemoryStorage
        >>> s = MemoryStorage()
        >>> now = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
        >>> _ = LicenceService(s).create("Arbo BV", "Anna", "anna@arbo.example",
        ...         dt.date(2026, 1, 1), dt.date(2026, 12, 31), licence_id="L1")
        >>> _ = StaffelService(s).buy("L1", 25, now=now)
        >>> svc = AccessService(s, clock=lambda: now)
        >>> issued = svc.generate_codes("L1", "Bakkerij Jansen", 2)
        >>> red = svc.redeem(issued.codes[0])
        >>> svc.redeem(issued.codes[0])
        Traceback (most recent call last):
        ...
        werkscan._licensing.records.CodeAlreadyUsedError: code: already used (got '*********...')
        >>> svc.complete(red.questionnaire.id).charge.used
        1
        >>> svc.counts("L1").completed
        1
    """

    def __init__(self, storage: Storage, rules: RuleSet = LICENSING_RULES,
                 clock: Callable[[], datetime.datetime] | None = None,
                 link_base: str = "https://werkscan.example/uitnodiging/", *,
                 secret: bytes | None = None) -> None:
        if secret is not None and (not isinstance(secret, bytes) or len(secret) < 16):
            raise InvalidValueError("secret", "<hidden>", "must be at least 16 bytes")
        self._secret = secret
        self.storage: LicensingStorage = require_licensing(storage)
        self.rules = rules
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))  # aware (K-TZ-1)
        self.link_base = link_base
        self.licences = LicenceService(storage, clock=self.clock)
        self.staffels = StaffelService(storage, rules, clock=self.clock)

    @property
    def anonymous_price(self) -> Money:
        """The anonymous route's price incl. VAT (WS-PRICE-1, EUR 25)."""
        value = self.rules.parameter("anonymous_price")
        assert isinstance(value, Money)
        return value

    def _now(self, now: dt.datetime | None) -> dt.datetime:
        return require_aware(now if now is not None else self.clock(), "now")

    # ------------------------------------------------------------------ routes

    def start_free(self, contact_email: str, *, now: dt.datetime | None = None) -> QuestionnaireRecord:
        """Free route: contact data in exchange (WS-ACC-1a); kept apart from the record."""
        if not isinstance(contact_email, str) or contact_email.count("@") != 1 \
                or not all(contact_email.strip().split("@")):
            raise InvalidValueError("contact_email", contact_email, "not an e-mail address")
        q = QuestionnaireRecord(_qid(), "free", self._now(now))
        self.storage.access.start(q, contact_email.strip())
        return q

    def start_anonymous(self, payment_reference: str, amount: Money, *,
                        now: dt.datetime | None = None) -> QuestionnaireRecord:
        """Anonymous route: EUR 25 paid (WS-ACC-1b, WS-PRICE-1); no contact data at all.

        Raises:
            InvalidValueError: the amount is not the anonymous price, or no reference.
            ConflictError: the payment reference was used for another questionnaire.
        """
        if not isinstance(payment_reference, str) or not payment_reference.strip():
            raise InvalidValueError("payment_reference", payment_reference, "must not be empty")
        if not isinstance(amount, Money) or amount != self.anonymous_price:
            raise InvalidValueError("amount", amount,
                                    f"the anonymous Werkscan costs {self.anonymous_price.format()}")
        q = QuestionnaireRecord(_qid(), "anonymous", self._now(now),
                                payment_reference=payment_reference.strip())
        payment = AnonymousPayment.split(q.payment_reference or "", q.id, amount, q.started_at)
        self.storage.access.start(q, payment=payment)
        return q

    def payments(self) -> list[AnonymousPayment]:
        """The anonymous route's payments: reference, amount excl. VAT, VAT and total,
        for reconciling with the bank (WS-ACC-1b); nothing about who paid."""
        return self.storage.access.payments()

    def choose_expert(self, questionnaire_id: str, licence_id: str, *,
                      now: dt.datetime | None = None) -> QuestionnaireRecord:
        """An anonymous payer picks a licence holder from the directory (WS-ACC-1b)."""
        self.licences.find(licence_id, dutch_day(self._now(now), field="now"))
        return self.storage.access.route_to(questionnaire_id, licence_id)

    def _expert(self, licence_id: str, expert: str | None) -> str | None:
        """``expert`` as the licence keeps it, if it is the licence's contact or one of
        its experts (WS-LIC-2); None stays None."""
        if expert is None:
            return None
        if not isinstance(expert, str) or not expert.strip():
            raise InvalidValueError("expert", expert, "must be an expert's e-mail address")
        email = expert.strip().lower()
        licence = self.storage.licences.get(licence_id)
        if email != licence.contact_email.lower() and email not in {
                e.expert_email.lower() for e in self.storage.licences.experts(licence_id)}:
            raise InvalidValueError("expert", expert, "not an expert on this licence")
        return email

    def create_link(self, licence_id: str, client: str, *, expert: str | None = None,
                    now: dt.datetime | None = None) -> str:
        """An open company link (WS-ACC-2); returns the URL. Anyone with it may fill in.

        ``expert`` (the licence's contact or an expert added to it, WS-LIC-2) is the
        expert the link is for: its completions count as that expert's usage.
        """
        now = self._now(now)
        if not isinstance(client, str) or not client.strip():
            raise InvalidValueError("client", client, "must not be empty")
        self.licences.find(licence_id, dutch_day(now, field="now"))
        self.storage.staffels.active(licence_id)  # WS-STF-7: only while a staffel is active
        expert_id = self._expert(licence_id, expert)
        token = secrets.token_urlsafe(16)
        stored = token if self._secret is None else token_digest(token, self._secret)
        self.storage.access.create_link(InvitationLink(stored, licence_id, client.strip(), now,
                                                       expert_id=expert_id))
        return self.link_base + token

    def _stored_token(self, token: str) -> str:
        """The stored form of ``token``: its keyed digest, or the token itself for a
        link issued without a secret."""
        if self._secret is None:
            return token
        keyed = token_digest(token, self._secret)
        try:
            self.storage.access.link(keyed)
        except UnknownLinkError:
            return token  # issued before a secret was configured (or unknown)
        return keyed

    def open_link(self, token: str, *, now: dt.datetime | None = None) -> QuestionnaireRecord:
        """Start a questionnaire through a company link, routed to its licence."""
        now = self._now(now)
        token = token.rsplit("/", 1)[-1]
        link = self.storage.access.link(self._stored_token(token))
        self.licences.find(link.licence_id, dutch_day(now, field="now"))
        q = QuestionnaireRecord(_qid(), "link", now, link.licence_id, link.client,
                                expert_id=link.expert_id)
        self.storage.access.start(q)
        return q

    def revoke_link(self, token: str, *, now: dt.datetime | None = None) -> None:
        """Close a company link; opening it then fails as unknown."""
        self.storage.access.revoke_link(self._stored_token(token.rsplit("/", 1)[-1]), self._now(now))

    def generate_codes(self, licence_id: str, client: str, count: int, *,
                       expert: str | None = None, now: dt.datetime | None = None) -> IssuedCodes:
        """Issue ``count`` single-use codes for a client (WS-ACC-2); shown once, stored hashed.

        ``expert`` (the licence's contact or an expert added to it, WS-LIC-2) is the
        expert the codes are for: their completions count as that expert's usage.
        """
        now = self._now(now)
        if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 10_000:
            raise InvalidValueError("count", count, "must be a whole number from 1 to 10000")
        if not isinstance(client, str) or not client.strip():
            raise InvalidValueError("client", client, "must not be empty")
        self.licences.find(licence_id, dutch_day(now, field="now"))
        self.storage.staffels.active(licence_id)  # WS-STF-7: only while a staffel is active
        expert_id = self._expert(licence_id, expert)
        batch = f"B-{secrets.token_hex(4)}"
        codes: list[str] = []
        seen: set[str] = set()
        while len(codes) < count:
            code = generate_code()
            if code not in seen:
                seen.add(code)
                codes.append(code)
        ids = tuple(f"{batch}-{i:05d}" for i in range(1, count + 1))
        self.storage.access.add_codes([
            AccessCode(cid, code_digest(code, self._secret), licence_id, client.strip(), batch, now,
                       expert_id=expert_id)
            for cid, code in zip(ids, codes, strict=True)
        ])
        return IssuedCodes(batch, licence_id, client.strip(), tuple(codes), ids)

    def redeem(self, code: str, *, now: dt.datetime | None = None) -> Redemption:
        """Redeem a code once and start its questionnaire (WS-ACC-2).

        Raises:
            UnknownCodeError: never issued (or malformed).
            CodeAlreadyUsedError: redeemed before (also by a concurrent request).
            CodeRevokedError: revoked by the expert.
            LicenceNotFoundError: the licence is not valid (the code stays unused).
        """
        now = self._now(now)
        canonical = normalise_code(code)
        if self._secret is not None:
            try:
                return self.storage.access.redeem_code(canonical, code_digest(canonical, self._secret),
                                                       _qid(), now)
            except UnknownCodeError:
                pass  # perhaps issued before a secret was configured: its plain digest
        return self.storage.access.redeem_code(canonical, code_digest(canonical), _qid(), now)

    def revoke_code(self, code_id: str, *, now: dt.datetime | None = None) -> bool:
        """Revoke an unused code by its id; False if it was used or revoked already."""
        return self.storage.access.revoke_code(code_id, self._now(now))

    # ------------------------------------------------------------------ completion

    def complete(self, questionnaire_id: str, *, result: ScoreResult | QuestionnaireResult | None = None,
                 research_consent: bool | None = None,
                 now: dt.datetime | None = None) -> CompletionOutcome:
        """Mark a questionnaire completed and do what its route requires; safe to repeat.

        Invitation routes (link, code) charge the licence's staffel once (WS-STF-1,
        WS-STF-6), as usage of the expert the link or code was issued for (WS-LIC-2);
        the free route yields a :class:`LeadCandidate`; the anonymous route was paid up
        front. ``research_consent`` records the worker's answer (WS-ACC-3). ``result``
        (the questionnaire's :class:`werkscan.ScoreResult`) is stored with the completion,
        in the same statement: its score, band, advice and signal levels, no answers.
        The employer report counts these (:meth:`werkscan.LicenceService.employer_report`,
        WS-RPT-2); a repeat keeps the first result.
        """
        now = self._now(now)
        if research_consent is not None and not isinstance(research_consent, bool):
            raise InvalidValueError("research_consent", research_consent, "expected True or False")
        stored = result if result is None or isinstance(result, QuestionnaireResult) \
            else QuestionnaireResult.of(result)
        threshold, warning = self.staffels.threshold, self.staffels.warning

        def step(unit: LicensingUnit, retry: bool) -> tuple[QuestionnaireRecord, bool,
                                                            CompletionResult | None]:
            if research_consent is not None:
                unit.set_research_consent(questionnaire_id, research_consent)
            q, fresh = unit.complete(questionnaire_id, now, stored)
            assert q.completed_at is not None
            if q.route not in ("link", "code"):
                return q, fresh, None
            assert q.licence_id is not None
            if retry:  # charged by a concurrent request meanwhile, or not chargeable
                found = charged_before(unit, q.licence_id, q.id)
                if found is None and error is not None:
                    raise error
                return q, fresh, found
            # WS-STF-7: judged on the day the worker started, so a worker who started
            # under a valid licence can always complete.
            return q, fresh, charge_completion(
                unit, q.licence_id, q.id, q.completed_at, now, threshold=threshold,
                warning=warning, valid_on=dutch_day(q.started_at, field="started_at"),
                expert_id=q.expert_id, check_expert=False)

        error: Exception | None = None
        try:
            q, fresh, charge = self.storage.staffels.atomic(lambda unit: step(unit, False))
        except AlreadyCharged as signal:
            error = signal.error
            q, fresh, charge = self.storage.staffels.atomic(lambda unit: step(unit, True))
        assert q.completed_at is not None
        lead = LeadCandidate(q.id, q.completed_at) if q.route == "free" else None
        return CompletionOutcome(q, fresh, charge, lead)

    def set_research_consent(self, questionnaire_id: str, consent: bool) -> None:
        """Store the worker's answer to the research question (WS-ACC-3)."""
        if not isinstance(consent, bool):
            raise InvalidValueError("research_consent", consent, "expected True or False")
        self.storage.access.set_research_consent(questionnaire_id, consent)

    def upload_report(self, questionnaire_id: str, licence_id: str, document_ref: str, *,
                      client_consent: bool, now: dt.datetime | None = None) -> ConversationReport:
        """Record an expert's conversation report upload; used only with consent (WS-ACC-3)."""
        if not isinstance(client_consent, bool):
            raise InvalidValueError("client_consent", client_consent, "expected True or False")
        report = ConversationReport(f"R-{secrets.token_hex(6)}", questionnaire_id, licence_id,
                                    client_consent, document_ref, self._now(now))
        self.storage.access.add_report(report)
        return report

    def research_export(self) -> list[dict[str, Any]]:
        """Research rows: completed questionnaires of consenting workers only (WS-ACC-3).

        Workers who declined, or were never asked, are left out; so are reports uploaded
        without the client's consent. Rows carry no contact data.
        """
        questionnaires, reports = self.storage.access.research_set()
        by_q: dict[str, list[str]] = {}
        for r in reports:
            by_q.setdefault(r.questionnaire_id, []).append(r.document_ref)
        return [
            {"questionnaire_id": q.id, "route": q.route,
             "completed_at": q.completed_at.isoformat() if q.completed_at else None,
             "reports": by_q.get(q.id, [])}
            for q in questionnaires
        ]

    def counts(self, licence_id: str) -> LicenceCounts:
        """What the expert sees: completed questionnaires as counts only (WS-ACC-4)."""
        return self.storage.access.counts(licence_id)
