"""Conformance suites for the licensing repositories (public): licences, staffels, codes, research.

Subclass each suite and override ``storage_url`` (see :class:`StorageSuiteBase`). The
concurrency cases use :func:`concurrently`: with the ``"multiprocess"`` capability each
call runs in its own process opening the URL; otherwise threads share one object.
They check DESIGN principle 6 on the backend: parallel duplicate completions are
charged once (WS-STF-6), parallel crossings of the 80 % line queue exactly one warning
(WS-STF-3), parallel redemptions of one code have exactly one winner (WS-ACC-2).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from blikopwerk._errors import ConflictError, InvalidValueError, NotFoundError
from blikopwerk._money import Money
from blikopwerk._protocols import Message, Storage
from blikopwerk.testing.storage import StorageSuiteBase, concurrently
from werkscan._licensing.records import (
    AccessCode,
    AnonymousPayment,
    CodeAlreadyUsedError,
    CodeRevokedError,
    CompletionResult,
    ConversationReport,
    InvitationLink,
    Licence,
    LicenceNotFoundError,
    LicensingStorage,
    QuestionnaireRecord,
    Redemption,
    Route,
    Staffel,
    TrainingNotVerifiedError,
    TrainingRecord,
    UnknownCodeError,
    UnknownLinkError,
    require_licensing,
)
from werkscan._licensing.results import QuestionnaireResult

__all__ = ["AccessCodeSuite", "LicenceSuite", "ResearchConsentSuite", "StaffelUsageSuite"]

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
THRESHOLD = Decimal("0.80")


def _licence(lid: str = "L1", until: dt.date = dt.date(2026, 12, 31)) -> Licence:
    return Licence(lid, f"Company {lid}", "Anna de Vries", f"contact-{lid.lower()}@example.nl",
                   dt.date(2026, 1, 1), until)


def _staffel(sid: str, lid: str = "L1", size: int = 25, price: str = "12.50",
             at: dt.datetime = T0) -> Staffel:
    return Staffel(sid, lid, size, Money(price), at, "test-staffels", "t1")


def _warning(licence: Licence, staffel: Staffel) -> Message:
    return Message(f"staffel-80:{staffel.id}", (licence.contact_email,),
                   f"{staffel.used} of {staffel.size}", f"licence {licence.id}")


def _lic(storage: Storage) -> LicensingStorage:
    return require_licensing(storage)


def _complete(storage: Storage, licence_id: str, qid: str) -> CompletionResult:
    return _lic(storage).staffels.record_completion(licence_id, qid, T0, T0, threshold=THRESHOLD,
                                                    warning=_warning)


def _redeem(storage: Storage, code_hash: str, qid: str) -> Redemption:
    return _lic(storage).access.redeem_code("ABCDE-FGHJK", code_hash, qid, T0)


def _result(score: str, band: str, advice: str, signals: str) -> QuestionnaireResult:
    return QuestionnaireResult.decode(score, band, advice, signals)


def _code(cid: str, digest: str, lid: str = "L1") -> AccessCode:
    return AccessCode(cid, digest, lid, "Bakkerij Jansen", "B1", T0)


class LicenceSuite(StorageSuiteBase):
    """Licences, directory listing and experts with verified training (WS-LIC-1, WS-LIC-2)."""

    def test_create_and_get_roundtrip(self, storage: Storage) -> None:
        s = _lic(storage)
        s.licences.create(_licence())
        assert s.licences.get("L1") == _licence()

    def test_duplicate_licence_id_conflicts(self, storage: Storage) -> None:
        s = _lic(storage)
        s.licences.create(_licence())
        with pytest.raises(ConflictError):
            s.licences.create(_licence())

    def test_unknown_licence_not_found(self, storage: Storage) -> None:
        with pytest.raises(LicenceNotFoundError):
            _lic(storage).licences.get("nope")

    def test_directory_lists_valid_licences_only_inclusive(self, storage: Storage) -> None:
        s = _lic(storage)
        s.licences.create(_licence("L1", dt.date(2026, 6, 30)))
        s.licences.create(_licence("L2", dt.date(2026, 12, 31)))
        assert [x.id for x in s.licences.valid_on(dt.date(2026, 6, 30))] == ["L1", "L2"]
        assert [x.id for x in s.licences.valid_on(dt.date(2026, 7, 1))] == ["L2"]
        assert s.licences.valid_on(dt.date(2025, 12, 31)) == []

    def test_expert_needs_verified_training(self, storage: Storage) -> None:
        s = _lic(storage)
        s.licences.create(_licence())
        with pytest.raises(TrainingNotVerifiedError):
            s.licences.add_expert("L1", "bert@example.nl", T0)
        assert s.licences.experts("L1") == []
        s.licences.record_training(TrainingRecord("bert@example.nl", "Bert", dt.date(2025, 5, 1),
                                                  "Panteia"))
        assert s.licences.add_expert("L1", "bert@example.nl", T0) is True
        assert s.licences.add_expert("L1", "bert@example.nl", T0) is False
        [expert] = s.licences.experts("L1")
        assert (expert.expert_email, expert.name, expert.added_at) == ("bert@example.nl", "Bert", T0)

    def test_expert_on_unknown_licence(self, storage: Storage) -> None:
        s = _lic(storage)
        s.licences.record_training(TrainingRecord("bert@example.nl", "Bert", dt.date(2025, 5, 1),
                                                  "Panteia"))
        with pytest.raises(LicenceNotFoundError):
            s.licences.add_expert("nope", "bert@example.nl", T0)


class StaffelUsageSuite(StorageSuiteBase):
    """Staffels, exactly-once charging, the single 80 % warning, overage and upgrades (WS-STF-1 to -6)."""

    @pytest.fixture
    def ready(self, storage: Storage) -> LicensingStorage:
        s = _lic(storage)
        s.licences.create(_licence())
        s.staffels.buy(_staffel("S1"))
        return s

    def test_charges_keep_the_expert_they_were_for(self, ready: LicensingStorage) -> None:
        """WS-LIC-2: usage per expert; the charge holds the expert, nothing about the worker."""
        ready.licences.record_training(TrainingRecord("bert@arbo.example", "Bert", dt.date(2026, 1, 2), "BoW"))
        ready.licences.add_expert("L1", "bert@arbo.example", T0)
        contact = _licence().contact_email
        for qid, expert in (("q1", "bert@arbo.example"), ("q2", None), ("q3", "bert@arbo.example"),
                            ("q4", contact)):
            ready.staffels.record_completion("L1", qid, T0, T0, threshold=THRESHOLD, warning=_warning,
                                             expert_id=expert)
        assert [(c.questionnaire_id, c.expert_id) for c in ready.staffels.charges("L1")] == [
            ("q1", "bert@arbo.example"), ("q2", None), ("q3", "bert@arbo.example"), ("q4", contact)]
        assert ready.access.counts("L1").by_expert == (("", 1), ("bert@arbo.example", 2), (contact, 1))

    def test_an_expert_not_on_the_licence_is_refused_and_nothing_counted(
            self, ready: LicensingStorage) -> None:
        """WS-LIC-2: the check runs inside the completion's unit of work; refusing it undoes the count."""
        with pytest.raises(InvalidValueError, match="expert_id"):
            ready.staffels.record_completion("L1", "q1", T0, T0, threshold=THRESHOLD, warning=_warning,
                                             expert_id="stranger@example.nl")
        assert ready.staffels.active("L1").used == 0
        assert ready.staffels.charges("L1") == []
        assert ready.staffels.atomic(lambda unit: unit.has_expert("L1", "stranger@example.nl")) is False
        ready.licences.record_training(TrainingRecord("bert@arbo.example", "Bert", dt.date(2026, 1, 2), "BoW"))
        ready.licences.add_expert("L1", "bert@arbo.example", T0)
        assert ready.staffels.atomic(lambda unit: unit.has_expert("L1", "bert@arbo.example")) is True
        assert ready.staffels.atomic(lambda unit: unit.has_expert("L2", "bert@arbo.example")) is False

    def test_buy_and_one_active_staffel(self, ready: LicensingStorage) -> None:
        active = ready.staffels.active("L1")
        assert (active.id, active.size, active.unit_price, active.used) == ("S1", 25, Money("12.50"), 0)
        with pytest.raises(ConflictError):
            ready.staffels.buy(_staffel("S2", size=50))
        assert [s.id for s in ready.staffels.history("L1")] == ["S1"]

    def test_no_active_staffel(self, storage: Storage) -> None:
        s = _lic(storage)
        s.licences.create(_licence())
        with pytest.raises(NotFoundError):
            s.staffels.active("L1")
        with pytest.raises(NotFoundError):
            _complete(storage, "L1", "q1")
        assert s.staffels.charges("L1") == []

    def test_completion_charged_once(self, ready: LicensingStorage) -> None:
        first = _complete(ready, "L1", "q1")
        again = _complete(ready, "L1", "q1")
        assert (first.charged, first.ordinal, first.used) == (True, 1, 1)
        assert (again.charged, again.ordinal, again.used) == (False, 1, 1)
        [charge] = ready.staffels.charges("L1")
        assert (charge.questionnaire_id, charge.staffel_id, charge.unit_price) == ("q1", "S1", Money("12.50"))
        assert ready.staffels.active("L1").used == 1

    def test_same_id_for_another_licence_conflicts(self, ready: LicensingStorage) -> None:
        ready.licences.create(_licence("L2"))
        ready.staffels.buy(_staffel("S9", lid="L2"))
        _complete(ready, "L1", "q1")
        with pytest.raises(ConflictError):
            _complete(ready, "L2", "q1")
        assert ready.staffels.active("L2").used == 0

    def test_completion_outside_licence_period_is_refused(self, ready: LicensingStorage) -> None:
        late = dt.datetime(2027, 1, 1, 0, 0, tzinfo=dt.UTC)
        with pytest.raises(LicenceNotFoundError):
            ready.staffels.record_completion("L1", "q1", late, late, threshold=THRESHOLD,
                                             warning=_warning)
        assert ready.staffels.charges("L1") == []
        assert ready.staffels.active("L1").used == 0

    def test_a_unit_of_work_commits_or_rolls_back_as_one(self, ready: LicensingStorage) -> None:
        """WS-STF-7: the completion and its charge are one transaction."""
        from werkscan._licensing.units import charge_completion

        def crash(unit: Any) -> None:
            charge_completion(unit, "L1", "q1", T0, T0, threshold=THRESHOLD, warning=_warning)
            raise RuntimeError("crash after the charge")

        with pytest.raises(RuntimeError, match="crash"):
            ready.staffels.atomic(crash)
        assert ready.staffels.charges("L1") == []
        assert ready.staffels.active("L1").used == 0
        result = ready.staffels.atomic(lambda unit: charge_completion(
            unit, "L1", "q1", T0, T0, threshold=THRESHOLD, warning=_warning))
        assert (result.charged, result.used) == (True, 1)
        assert [c.questionnaire_id for c in ready.staffels.charges("L1")] == ["q1"]

    def test_warning_queued_once_at_80_percent(self, ready: LicensingStorage) -> None:
        results = [_complete(ready, "L1", f"q{i:02d}") for i in range(1, 25)]
        assert [r.warning_queued for r in results].index(True) == 19  # the 20th of 25
        assert sum(r.warning_queued for r in results) == 1
        [entry] = ready.outbox.entries()
        assert entry.message.id == "staffel-80:S1"
        assert entry.message.to == ("contact-l1@example.nl",)
        assert entry.message.subject == "20 of 25"

    def test_usage_never_blocks_and_overage_becomes_draft_lines(self, ready: LicensingStorage) -> None:
        results = [_complete(ready, "L1", f"q{i:02d}") for i in range(1, 31)]
        assert all(r.charged for r in results)
        assert [r.overage for r in results] == [False] * 25 + [True] * 5
        lines = ready.staffels.invoice_lines("L1")
        assert [x.ordinal for x in lines] == [26, 27, 28, 29, 30]
        assert {x.status for x in lines} == {"draft"}
        assert sum((x.amount for x in lines), Money.zero()) == Money("62.50")
        assert ready.staffels.active("L1").used == 30

    def test_finalise_only_after_period_end(self, ready: LicensingStorage) -> None:
        for i in range(27):
            _complete(ready, "L1", f"q{i:02d}")
        # The Dutch day decides (K-TZ-1): 22:59 UTC is still 31 December in Amsterdam,
        # 23:00 UTC is 1 January there.
        assert ready.staffels.finalise("L1", dt.datetime(2026, 12, 31, 22, 59, tzinfo=dt.UTC)) == 0
        assert ready.staffels.finalise("L1", dt.datetime(2026, 12, 31, 23, tzinfo=dt.UTC)) == 2
        assert {x.status for x in ready.staffels.invoice_lines("L1")} == {"final"}
        assert ready.staffels.finalise("L1", dt.datetime(2027, 1, 2, tzinfo=dt.UTC)) == 0

    def test_upgrade_carries_usage_and_absorbs_drafts(self, ready: LicensingStorage) -> None:
        for i in range(30):
            _complete(ready, "L1", f"q{i:02d}")
        later = T0 + dt.timedelta(days=1)
        result = ready.staffels.upgrade("L1", _staffel("S2", size=50, price="11.00", at=later), later,
                                        threshold=THRESHOLD, warning=_warning)
        assert (result.staffel.used, result.staffel.replaces, result.lines_absorbed) == (30, "S1", 5)
        assert result.replaced.status == "superseded"
        assert result.warning_queued is False  # 30 < 40
        assert ready.staffels.active("L1").id == "S2"
        assert [s.status for s in ready.staffels.history("L1")] == ["superseded", "active"]
        assert {x.status for x in ready.staffels.invoice_lines("L1")} == {"cancelled"}
        ten = [_complete(ready, "L1", f"r{i:02d}") for i in range(10)]
        assert [r.warning_queued for r in ten].index(True) == 9  # 40 of 50
        assert sorted(e.message.id for e in ready.outbox.entries()) == ["staffel-80:S1", "staffel-80:S2"]

    def test_upgrade_keeps_lines_beyond_new_size_repriced(self, ready: LicensingStorage) -> None:
        for i in range(60):
            _complete(ready, "L1", f"q{i:02d}")
        result = ready.staffels.upgrade("L1", _staffel("S2", size=50, price="11.00"), T0,
                                        threshold=THRESHOLD, warning=_warning)
        assert (result.lines_absorbed, result.lines_repriced, result.warning_queued) == (25, 10, True)
        drafts = ready.staffels.invoice_lines("L1", "draft")
        assert [x.ordinal for x in drafts] == list(range(51, 61))
        assert {(x.amount, x.staffel_id) for x in drafts} == {(Money("11.00"), "S2")}

    def test_upgrade_must_be_larger_and_rolls_back(self, ready: LicensingStorage) -> None:
        _complete(ready, "L1", "q1")
        with pytest.raises(InvalidValueError):
            ready.staffels.upgrade("L1", _staffel("S2", size=25), T0, threshold=THRESHOLD,
                                   warning=_warning)
        assert ready.staffels.active("L1").id == "S1"
        assert [s.id for s in ready.staffels.history("L1")] == ["S1"]

    def test_naive_datetime_refused(self, ready: LicensingStorage) -> None:
        with pytest.raises(InvalidValueError):
            ready.staffels.record_completion("L1", "q1", dt.datetime(2026, 3, 2), T0,
                                             threshold=THRESHOLD, warning=_warning)

    def test_concurrent_duplicate_completions_charged_once(self, ready: LicensingStorage) -> None:
        results = concurrently(ready, _complete, [("L1", "q-dup")] * 4)
        errors = [r for r in results if isinstance(r, BaseException)]
        assert errors == []
        assert sorted(r.charged for r in results) == [False, False, False, True]
        assert len(ready.staffels.charges("L1")) == 1
        assert ready.staffels.active("L1").used == 1

    def test_concurrent_crossings_of_80_percent_warn_once(self, ready: LicensingStorage) -> None:
        for i in range(18):
            _complete(ready, "L1", f"pre{i:02d}")
        results = concurrently(ready, _complete, [("L1", f"par{i}") for i in range(6)])
        assert [r for r in results if isinstance(r, BaseException)] == []
        assert sorted(r.ordinal for r in results) == list(range(19, 25))
        assert sum(r.warning_queued for r in results) == 1
        assert [e.message.id for e in ready.outbox.entries()] == ["staffel-80:S1"]
        assert ready.staffels.active("L1").used == 24

    def test_concurrent_completions_lose_no_count(self, ready: LicensingStorage) -> None:
        results = concurrently(ready, _complete, [("L1", f"c{i}") for i in range(4)] * 2)
        assert [r for r in results if isinstance(r, BaseException)] == []
        assert sum(r.charged for r in results) == 4
        charges = ready.staffels.charges("L1")
        assert [c.ordinal for c in charges] == [1, 2, 3, 4]
        assert ready.staffels.active("L1").used == 4


class AccessCodeSuite(StorageSuiteBase):
    """Single-use codes and company links (WS-ACC-2): redeem once, distinct refusals."""

    @pytest.fixture
    def ready(self, storage: Storage) -> LicensingStorage:
        s = _lic(storage)
        s.licences.create(_licence())
        s.access.add_codes([_code("B1-1", "h1"), _code("B1-2", "h2"), _code("B1-3", "h3")])
        return s

    def test_codes_listed_without_plaintext(self, ready: LicensingStorage) -> None:
        codes = ready.access.codes("L1")
        assert [(c.code_id, c.code_hash, c.state) for c in codes] == [
            ("B1-1", "h1", "open"), ("B1-2", "h2", "open"), ("B1-3", "h3", "open")]

    def test_reissuing_a_code_conflicts(self, ready: LicensingStorage) -> None:
        with pytest.raises(ConflictError):
            ready.access.add_codes([_code("B2-1", "h1")])
        with pytest.raises(ConflictError):
            ready.access.add_codes([_code("B1-1", "h9")])
        assert len(ready.access.codes("L1")) == 3

    def test_redeem_once_then_already_used(self, ready: LicensingStorage) -> None:
        red = _redeem(ready, "h1", "q1")
        assert (red.code_id, red.licence_id, red.client) == ("B1-1", "L1", "Bakkerij Jansen")
        assert ready.access.get("q1") == red.questionnaire
        assert (red.questionnaire.route, red.questionnaire.licence_id) == ("code", "L1")
        with pytest.raises(CodeAlreadyUsedError):
            _redeem(ready, "h1", "q2")
        with pytest.raises(NotFoundError):
            ready.access.get("q2")
        [used] = [c for c in ready.access.codes("L1") if c.code_id == "B1-1"]
        assert (used.state, used.questionnaire_id, used.redeemed_at) == ("used", "q1", T0)

    def test_unknown_and_revoked_codes_have_distinct_errors(self, ready: LicensingStorage) -> None:
        with pytest.raises(UnknownCodeError):
            _redeem(ready, "nope", "q1")
        assert ready.access.revoke_code("B1-2", T0) is True
        assert ready.access.revoke_code("B1-2", T0) is False
        with pytest.raises(CodeRevokedError):
            _redeem(ready, "h2", "q1")
        _redeem(ready, "h3", "q3")
        assert ready.access.revoke_code("B1-3", T0) is False
        with pytest.raises(NotFoundError):
            ready.access.revoke_code("nope", T0)

    def test_expired_licence_leaves_code_unused(self, ready: LicensingStorage) -> None:
        late = dt.datetime(2027, 1, 5, tzinfo=dt.UTC)
        with pytest.raises(LicenceNotFoundError):
            ready.access.redeem_code("ABCDE-FGHJK", "h1", "q1", late)
        assert ready.access.codes("L1")[0].state == "open"

    def test_concurrent_redemptions_of_one_code_one_winner(self, ready: LicensingStorage) -> None:
        results = concurrently(ready, _redeem, [("h1", f"q{i}") for i in range(5)])
        winners = [r for r in results if isinstance(r, Redemption)]
        losers = [r for r in results if not isinstance(r, Redemption)]
        assert len(winners) == 1
        assert len(losers) == 4 and all(isinstance(e, CodeAlreadyUsedError) for e in losers)
        [used] = [c for c in ready.access.codes("L1") if c.code_id == "B1-1"]
        assert used.questionnaire_id == winners[0].questionnaire.id
        assert ready.access.counts("L1").completed == 0

    def test_codes_and_links_carry_their_expert(self, ready: LicensingStorage) -> None:
        """WS-LIC-2: the expert a code or link was issued for reaches its questionnaire."""
        ready.access.add_codes([AccessCode("B2-1", "h21", "L1", "Garage", "B2", T0, expert_id="bert@arbo.example")])
        assert [c.expert_id for c in ready.access.codes("L1")] == [None, None, None, "bert@arbo.example"]
        red = _redeem(ready, "h21", "q1")
        assert red.questionnaire.expert_id == "bert@arbo.example"
        assert ready.access.get("q1").expert_id == "bert@arbo.example"
        assert _redeem(ready, "h1", "q2").questionnaire.expert_id is None
        ready.access.create_link(InvitationLink("tok-e", "L1", "Garage", T0, expert_id="bert@arbo.example"))
        assert ready.access.link("tok-e").expert_id == "bert@arbo.example"
        ready.access.start(QuestionnaireRecord("q3", "link", T0, "L1", "Garage", expert_id="bert@arbo.example"))
        assert ready.access.get("q3").expert_id == "bert@arbo.example"

    def test_company_link_open_and_revoke(self, ready: LicensingStorage) -> None:
        ready.access.create_link(InvitationLink("tok-1", "L1", "Bakkerij Jansen", T0))
        assert ready.access.link("tok-1").client == "Bakkerij Jansen"
        with pytest.raises(ConflictError):
            ready.access.create_link(InvitationLink("tok-1", "L1", "Other", T0))
        ready.access.revoke_link("tok-1", T0)
        with pytest.raises(UnknownLinkError):
            ready.access.link("tok-1")
        with pytest.raises(UnknownLinkError):
            ready.access.link("tok-2")
        with pytest.raises(UnknownLinkError):
            ready.access.revoke_link("tok-2", T0)


class ResearchConsentSuite(StorageSuiteBase):
    """Questionnaires by route, research consent and expert counters (WS-ACC-1, -3, -4)."""

    @pytest.fixture
    def ready(self, storage: Storage) -> LicensingStorage:
        s = _lic(storage)
        s.licences.create(_licence())
        return s

    def test_start_complete_is_idempotent(self, ready: LicensingStorage) -> None:
        ready.access.start(QuestionnaireRecord("q1", "link", T0, "L1", "Bakkerij"))
        with pytest.raises(ConflictError):
            ready.access.start(QuestionnaireRecord("q1", "link", T0, "L1", "Bakkerij"))
        later = T0 + dt.timedelta(minutes=20)
        q, fresh = ready.access.complete("q1", later)
        assert (fresh, q.completed_at) == (True, later)
        q2, fresh2 = ready.access.complete("q1", later + dt.timedelta(hours=1))
        assert (fresh2, q2.completed_at) == (False, later)
        with pytest.raises(NotFoundError):
            ready.access.complete("nope", later)

    def test_free_route_contact_kept_apart(self, ready: LicensingStorage) -> None:
        ready.access.start(QuestionnaireRecord("q1", "free", T0), "worker@example.nl")
        assert ready.access.contact("q1") == "worker@example.nl"
        assert ready.access.get("q1") == QuestionnaireRecord("q1", "free", T0)

    def test_anonymous_payment_reference_unique(self, ready: LicensingStorage) -> None:
        paid = AnonymousPayment.split("PAY-1", "q1", Money("25.00"), T0)
        ready.access.start(QuestionnaireRecord("q1", "anonymous", T0, payment_reference="PAY-1"), payment=paid)
        with pytest.raises(ConflictError):
            ready.access.start(QuestionnaireRecord("q2", "anonymous", T0, payment_reference="PAY-1"),
                               payment=AnonymousPayment.split("PAY-1", "q2", Money("25.00"), T0))
        # WS-ACC-1b: bookkeeping reconciles amount, VAT and reference; one payment stored
        assert ready.access.payments() == [paid]
        assert (paid.amount + paid.vat, paid.total) == (Money("25.00"), Money("25.00"))
        with pytest.raises(NotFoundError):
            ready.access.get("q2")
        assert ready.access.contact("q1") is None
        routed = ready.access.route_to("q1", "L1")
        assert routed.licence_id == "L1"

    def test_research_set_leaves_out_decliners(self, ready: LicensingStorage) -> None:
        answers: dict[str, Any] = {"yes": True, "no": False, "unasked": None, "open": True}
        for qid, consent in answers.items():
            ready.access.start(QuestionnaireRecord(qid, "link", T0, "L1", "Bakkerij"))
            if consent is not None:
                ready.access.set_research_consent(qid, consent)
            if qid != "open":
                ready.access.complete(qid, T0)
        for rid, qid, client_ok in [("r1", "yes", True), ("r2", "yes", False), ("r3", "no", True)]:
            ready.access.add_report(ConversationReport(rid, qid, "L1", client_ok, f"doc-{rid}", T0))
        questionnaires, reports = ready.access.research_set()
        assert [q.id for q in questionnaires] == ["yes"]
        assert [r.id for r in reports] == ["r1"]
        with pytest.raises(NotFoundError):
            ready.access.set_research_consent("nope", True)

    def test_completion_stores_its_result_once(self, ready: LicensingStorage) -> None:
        """WS-RPT-2: the result is stored with the completion, in the same statement; a
        repeat keeps the first (a unit of work does the same)."""
        first, second = _result("31.5", "moderate", "advised", "swnnnnnn"), _result("45", "excellent", "none", "nnnnnnnn")
        ready.access.start(QuestionnaireRecord("q1", "code", T0, "L1", "Bakkerij"))
        q, fresh = ready.access.complete("q1", T0, first)
        assert (fresh, q.result) == (True, first)
        q, fresh = ready.access.complete("q1", T0 + dt.timedelta(hours=1), second)
        assert (fresh, q.result, q.completed_at) == (False, first, T0)
        assert ready.access.get("q1").result == first
        ready.access.start(QuestionnaireRecord("q2", "code", T0, "L1", "Bakkerij"))
        q, fresh = ready.staffels.atomic(lambda unit: unit.complete("q2", T0, second))
        assert (fresh, q.result) == (True, second)
        ready.access.start(QuestionnaireRecord("q3", "code", T0, "L1", "Bakkerij"))
        assert ready.access.complete("q3", T0)[0].result is None
        assert ready.access.get("q3").result is None

    def test_completed_results_of_one_employer(self, ready: LicensingStorage) -> None:
        """WS-RPT-2: the questionnaires of one client of the licence, completed inside the
        window (since inclusive, until exclusive) with a stored result; by id, no worker."""
        ready.licences.create(_licence("L2"))
        until = T0 + dt.timedelta(days=10)
        rows: list[tuple[str, str, str, dt.datetime | None, bool]] = [
            ("a", "L1", "Bakkerij", T0, True),                         # counted
            ("b", "L1", "Bakkerij", until - dt.timedelta(microseconds=1), True),  # counted
            ("c", "L1", "Bakkerij", until, True),                      # at until: outside
            ("d", "L1", "Bakkerij", T0 - dt.timedelta(seconds=1), True),  # before since
            ("e", "L1", "Garage", T0, True),                           # another employer
            ("f", "L2", "Bakkerij", T0, True),                         # another licence
            ("g", "L1", "Bakkerij", None, True),                       # not completed
            ("h", "L1", "Bakkerij", T0, False),                        # no stored result
        ]
        result = _result("38", "good", "advised", "nnwnnnns")
        for qid, lid, client, done, with_result in rows:
            ready.access.start(QuestionnaireRecord(qid, "code", T0 - dt.timedelta(days=1), lid, client))
            if done is not None:
                ready.access.complete(qid, done, result if with_result else None)
        found = ready.access.completed_results("L1", "Bakkerij", T0, until)
        assert found == [("a", result), ("b", result)]
        assert ready.access.completed_results("L1", "Garage", T0, until) == [("e", result)]
        assert ready.access.completed_results("L1", "Nobody", T0, until) == []

    def test_counts_only_completed(self, ready: LicensingStorage) -> None:
        rows: list[tuple[str, Route, str]] = [("a", "link", "Bakkerij"), ("b", "code", "Bakkerij"),
                                              ("c", "code", "Garage"), ("d", "code", "Garage")]
        for qid, route, client in rows:
            ready.access.start(QuestionnaireRecord(qid, route, T0, "L1", client))
        for qid in ("a", "b", "c"):
            ready.access.complete(qid, T0)
        counts = ready.access.counts("L1")
        assert counts.completed == 3
        assert counts.by_route == (("code", 2), ("link", 1))
        assert counts.by_client == (("Bakkerij", 2), ("Garage", 1))
        assert counts.by_expert == ()  # by_expert counts charges; completing here charges nothing
        assert ready.access.counts("other").completed == 0
