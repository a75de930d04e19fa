"""Licence, staffel and access services on the memory and SQLite backends (WS-LIC, WS-STF, WS-ACC)."""

from __future__ import annotations

import datetime as dt
import email
from pathlib import Path

import pytest

from blikopwerk import (
    ConflictError,
    DeliveryError,
    EmlFolderNotifier,
    InvalidValueError,
    Message,
    Money,
    NotFoundError,
    PluginError,
    deliver_outbox,
)
from werkscan import (
    AccessService,
    CodeAlreadyUsedError,
    CodeRevokedError,
    CompletionRow,
    LicenceNotFoundError,
    LicenceService,
    StaffelService,
    TrainingNotVerifiedError,
    UnknownCodeError,
    UnknownLinkError,
    code_digest,
    generate_code,
    normalise_code,
    read_completions,
)
from werkscan._licensing.records import LicensingStorage

T0 = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


@pytest.fixture
def licence(storage: LicensingStorage) -> str:
    LicenceService(storage).create("Arbo BV", "Anna de Vries", "anna@arbo.example", *YEAR,
                                   licence_id="L1")
    return "L1"


# ---------------------------------------------------------------- WS-LIC


def test_ws_lic_1_expired_licence_not_found_and_cannot_report(storage: LicensingStorage, licence: str) -> None:
    svc = LicenceService(storage)
    assert svc.find(licence, dt.date(2026, 12, 31)).company == "Arbo BV"
    assert svc.can_report(licence, dt.date(2026, 12, 31)) is True
    with pytest.raises(LicenceNotFoundError):
        svc.find(licence, dt.date(2027, 1, 1))
    assert svc.can_report(licence, dt.date(2027, 1, 1)) is False
    assert [x.id for x in svc.directory(dt.date(2026, 1, 1))] == ["L1"]
    assert svc.directory(dt.date(2027, 1, 1)) == []
    with pytest.raises(LicenceNotFoundError):
        svc.find("unknown", dt.date(2026, 6, 1))


def test_ws_lic_1_bad_licence_input(storage: LicensingStorage) -> None:
    svc = LicenceService(storage)
    with pytest.raises(InvalidValueError, match="valid_until"):
        svc.create("Arbo BV", "Anna", "anna@arbo.example", dt.date(2026, 2, 1), dt.date(2026, 1, 31))
    with pytest.raises(InvalidValueError, match="contact_email"):
        svc.create("Arbo BV", "Anna", "not-an-email", *YEAR)
    with pytest.raises(InvalidValueError, match="company"):
        svc.create(" ", "Anna", "anna@arbo.example", *YEAR)


def test_ws_lic_2_expert_added_only_after_verified_training(storage: LicensingStorage, licence: str) -> None:
    svc = LicenceService(storage)
    with pytest.raises(TrainingNotVerifiedError):
        svc.add_expert(licence, "bert@example.nl", now=T0)
    svc.verify_training("Bert@Example.nl", "Bert Bakker", dt.date(2025, 11, 1))
    assert svc.add_expert(licence, "BERT@example.nl", now=T0) is True
    assert svc.add_expert(licence, "bert@example.nl", now=T0) is False
    assert [(e.expert_email, e.name) for e in svc.experts(licence)] == [("bert@example.nl", "Bert Bakker")]
    with pytest.raises(LicenceNotFoundError):
        svc.add_expert(licence, "bert@example.nl", now=dt.datetime(2027, 2, 1, tzinfo=dt.UTC))


def test_storage_without_licensing_is_refused() -> None:
    class Bare:
        url = "bare://"
        capabilities = frozenset[str]()

    with pytest.raises(PluginError, match="licences"):
        LicenceService(Bare())  # type: ignore[arg-type]


# ---------------------------------------------------------------- WS-STF


def test_ws_stf_2_buy_at_table_price_and_refuse_unknown_size(storage: LicensingStorage, licence: str) -> None:
    svc = StaffelService(storage)
    with pytest.raises(InvalidValueError, match="size"):
        svc.buy(licence, 30, now=T0)
    s = svc.buy(licence, 100, now=T0, staffel_id="S1")
    assert (s.unit_price, s.price, s.table_version) == (Money("9.50"), Money("950.00"), "example-1")
    with pytest.raises(ConflictError):
        svc.buy(licence, 25, now=T0)
    with pytest.raises(LicenceNotFoundError):
        svc.buy("unknown", 25, now=T0)


def test_ws_stf_1_uncompleted_questionnaire_never_charged(storage: LicensingStorage, licence: str) -> None:
    svc = StaffelService(storage)
    svc.buy(licence, 25, now=T0)
    with pytest.raises(InvalidValueError, match="completed_at"):
        svc.record_completion(licence, "q1", None, now=T0)
    report = svc.record_completions(licence, [CompletionRow("q1", None), CompletionRow("q2", T0)], now=T0)
    assert report.not_completed == ("q1",) and report.charged == ("q2",)
    assert [c.questionnaire_id for c in storage.staffels.charges(licence)] == ["q2"]


def test_ws_stf_3_4_seed_scenario_25_staffel(storage: LicensingStorage, licence: str, tmp_path: Path) -> None:
    """Seed 000: mail at 80 %, never cut off, overage invoiced afterwards."""
    svc = StaffelService(storage)
    svc.buy(licence, 25, now=T0, staffel_id="S1")
    results = [svc.record_completion(licence, f"q{i:02d}", T0, now=T0) for i in range(1, 31)]
    assert [i for i, r in enumerate(results, start=1) if r.warning_queued] == [20]
    st = svc.statement(licence, now=T0)
    assert (st.size, st.used, st.remaining, st.overage) == (25, 30, 0, 5)
    assert st.staffel_price == Money("312.50")
    assert st.overage_draft == Money("62.50") and st.overage_final == Money(0)
    assert st.total == Money("375.00") and st.total_incl_vat == Money("453.75")
    assert st.warning == "queued"
    # the warning goes out through the outbox, once
    folder = tmp_path / "mail"
    report = deliver_outbox(storage, EmlFolderNotifier(folder), T0)
    assert report.delivered == ("staffel-80:S1",)
    assert deliver_outbox(storage, EmlFolderNotifier(folder), T0 + dt.timedelta(days=1)).delivered == ()
    [eml] = list(folder.glob("*.eml"))
    msg = email.message_from_bytes(eml.read_bytes())
    assert msg["To"] == "anna@arbo.example"
    assert "80 %" in msg["Subject"] and "20 van 25" in msg["Subject"]
    assert svc.statement(licence, now=T0).warning.startswith("delivered")
    # period end: drafts become final
    assert svc.finalise(licence, now=dt.datetime(2027, 1, 1, 8, tzinfo=dt.UTC)) == 5
    st = svc.statement(licence, now=T0)
    assert st.overage_draft == Money(0) and st.overage_final == Money("62.50")


def test_ws_stf_5_upgrade_carries_usage_and_rejudges_warning(storage: LicensingStorage, licence: str) -> None:
    svc = StaffelService(storage)
    svc.buy(licence, 25, now=T0, staffel_id="S1")
    for i in range(27):
        svc.record_completion(licence, f"q{i:02d}", T0, now=T0)
    with pytest.raises(InvalidValueError, match="larger"):
        svc.upgrade(licence, 25, now=T0)
    up = svc.upgrade(licence, 50, now=T0, staffel_id="S2")
    assert (up.staffel.used, up.lines_absorbed, up.warning_queued) == (27, 2, False)
    st = svc.statement(licence, now=T0)
    assert (st.size, st.used, st.remaining, st.overage, st.unit_price) == (50, 27, 23, 0, Money("11.00"))
    assert st.overage_amount == Money(0)
    results = [svc.record_completion(licence, f"r{i:02d}", T0, now=T0) for i in range(13)]
    assert [r.used for r in results if r.warning_queued] == [40]
    assert [e.message.id for e in storage.outbox.entries()] == ["staffel-80:S1", "staffel-80:S2"]


def test_ws_stf_6_retry_is_not_charged_twice(storage: LicensingStorage, licence: str) -> None:
    svc = StaffelService(storage)
    svc.buy(licence, 25, now=T0)
    rows = [CompletionRow("q1", T0), CompletionRow("q2", T0), CompletionRow("q1", T0)]
    first = svc.record_completions(licence, rows, now=T0)
    again = svc.record_completions(licence, rows, now=T0)
    assert (first.charged, first.duplicates) == (("q1", "q2"), ("q1",))
    assert (again.charged, again.duplicates) == ((), ("q1", "q2", "q1"))
    assert svc.statement(licence, now=T0).used == 2


def test_read_completions_file() -> None:
    text = ("questionnaire_id,completed_at,status\n"
            "q1,2026-03-02T10:00:00+01:00,completed\n"
            "q2,,started\n"
            "q3,2026-03-02T11:00:00Z,abandoned\n")
    rows = read_completions(text)
    assert [(r.questionnaire_id, r.completed_at) for r in rows] == [
        ("q1", dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)), ("q2", None), ("q3", None)]
    with pytest.raises(InvalidValueError, match="time zone"):
        read_completions("questionnaire_id,completed_at\nq1,2026-03-02T10:00\n")
    with pytest.raises(InvalidValueError, match="header"):
        read_completions("id,when\nq1,x\n")
    with pytest.raises(InvalidValueError, match="questionnaire_id"):
        read_completions("questionnaire_id,completed_at\n,2026-03-02T10:00Z\n")


# ---------------------------------------------------------------- WS-ACC


@pytest.fixture
def access(storage: LicensingStorage, licence: str) -> AccessService:
    StaffelService(storage).buy(licence, 25, now=T0, staffel_id="S1")
    return AccessService(storage, clock=lambda: T0)


def test_ws_acc_1a_free_route_gives_lead_candidate_not_charged(access: AccessService) -> None:
    q = access.start_free("worker@example.nl")
    assert access.storage.access.contact(q.id) == "worker@example.nl"
    out = access.complete(q.id)
    assert out.lead_candidate is not None and out.lead_candidate.questionnaire_id == q.id
    assert out.charge is None
    assert access.staffels.statement("L1").used == 0
    with pytest.raises(InvalidValueError):
        access.start_free("nobody")


def test_ws_acc_1b_anonymous_route_costs_25_and_has_no_contact(access: AccessService) -> None:
    with pytest.raises(InvalidValueError, match="amount"):
        access.start_anonymous("PAY-1", Money("24.99"))
    q = access.start_anonymous("PAY-1", Money("25.00"))
    assert (q.route, q.payment_reference, q.licence_id) == ("anonymous", "PAY-1", None)
    assert access.storage.access.contact(q.id) is None
    with pytest.raises(ConflictError, match="payment_reference"):
        access.start_anonymous("PAY-1", Money("25"))
    routed = access.choose_expert(q.id, "L1")
    assert routed.licence_id == "L1"
    out = access.complete(q.id)
    assert out.charge is None and out.lead_candidate is None
    assert access.staffels.statement("L1").used == 0


def test_ws_acc_2_company_link(access: AccessService) -> None:
    url = access.create_link("L1", "Bakkerij Jansen")
    assert url.startswith("https://")
    q = access.open_link(url)
    assert (q.route, q.licence_id, q.client) == ("link", "L1", "Bakkerij Jansen")
    q2 = access.open_link(url)  # open: anyone with the URL
    assert q2.id != q.id
    assert access.complete(q.id).charge is not None
    assert access.complete(q.id).charge.charged is False  # type: ignore[union-attr]
    access.revoke_link(url)
    with pytest.raises(UnknownLinkError):
        access.open_link(url)


def test_ws_acc_2_single_use_codes(access: AccessService) -> None:
    issued = access.generate_codes("L1", "Garage Smit", 3)
    assert issued.count == 3 and len(set(issued.codes)) == 3
    stored = access.storage.access.codes("L1")
    assert {c.code_hash for c in stored} == {code_digest(c) for c in issued.codes}
    assert all(c not in repr(stored) for c in issued.codes)  # plaintext never stored
    red = access.redeem(issued.codes[0].lower().replace("-", " "))
    assert (red.client, red.questionnaire.route) == ("Garage Smit", "code")
    with pytest.raises(CodeAlreadyUsedError):
        access.redeem(issued.codes[0])
    assert access.revoke_code(issued.code_ids[1]) is True
    with pytest.raises(CodeRevokedError):
        access.redeem(issued.codes[1])
    with pytest.raises(UnknownCodeError):
        access.redeem(generate_code())
    with pytest.raises(UnknownCodeError):
        access.redeem("12")
    out = access.complete(red.questionnaire.id)
    assert out.charge is not None and out.charge.charged and out.charge.used == 1


def test_ws_acc_2_codes_refused_for_expired_licence(access: AccessService) -> None:
    issued = access.generate_codes("L1", "Garage Smit", 1)
    late = dt.datetime(2027, 1, 2, tzinfo=dt.UTC)
    with pytest.raises(LicenceNotFoundError):
        access.redeem(issued.codes[0], now=late)
    assert access.storage.access.codes("L1")[0].state == "open"
    with pytest.raises(LicenceNotFoundError):
        access.generate_codes("L1", "Garage Smit", 1, now=late)
    with pytest.raises(InvalidValueError, match="count"):
        access.generate_codes("L1", "Garage Smit", 0)


def test_codes_are_random_and_well_formed() -> None:
    codes = {generate_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(normalise_code(c) == c for c in codes)
    assert normalise_code("oiL00-abcde") == "01100-ABCDE"


def test_ws_acc_3_research_export_leaves_out_decliners(access: AccessService) -> None:
    url = access.create_link("L1", "Bakkerij")
    yes, no, unasked, open_ = (access.open_link(url) for _ in range(4))
    access.complete(yes.id, research_consent=True)
    access.complete(no.id, research_consent=False)
    access.complete(unasked.id)
    access.set_research_consent(open_.id, True)
    access.upload_report(yes.id, "L1", "verslag-1.pdf", client_consent=True)
    access.upload_report(yes.id, "L1", "verslag-2.pdf", client_consent=False)
    access.upload_report(no.id, "L1", "verslag-3.pdf", client_consent=True)
    rows = access.research_export()
    assert [r["questionnaire_id"] for r in rows] == [yes.id]
    assert rows[0]["reports"] == ["verslag-1.pdf"]
    assert set(rows[0]) == {"questionnaire_id", "route", "completed_at", "reports"}
    with pytest.raises(InvalidValueError):
        access.set_research_consent(yes.id, "yes")  # type: ignore[arg-type]


def test_ws_acc_4_experts_see_counts_only(access: AccessService) -> None:
    url = access.create_link("L1", "Bakkerij")
    for _ in range(3):
        access.complete(access.open_link(url).id)
    access.open_link(url)  # started, not completed: not shown (WS-STF-1)
    issued = access.generate_codes("L1", "Garage", 2)
    access.complete(access.redeem(issued.codes[0]).questionnaire.id)
    counts = access.counts("L1")
    assert counts.completed == 4
    assert counts.by_route == (("code", 1), ("link", 3))
    assert counts.by_client == (("Bakkerij", 3), ("Garage", 1))
    assert not any(hasattr(counts, name) for name in ("questionnaire_ids", "contacts", "ids"))


# ---------------------------------------------------------------- outbox (item 4)


class _Flaky:
    name = "flaky"

    def __init__(self, fail_times: int) -> None:
        self.fail_times = fail_times
        self.sent: list[str] = []

    def deliver(self, message: Message) -> None:
        if self.fail_times > 0:
            self.fail_times -= 1
            raise DeliveryError("smtp down")
        self.sent.append(message.id)


def test_warning_survives_notifier_outage(storage: LicensingStorage, licence: str) -> None:
    svc = StaffelService(storage)
    svc.buy(licence, 25, now=T0, staffel_id="S1")
    for i in range(20):
        svc.record_completion(licence, f"q{i}", T0, now=T0)
    flaky = _Flaky(2)
    assert deliver_outbox(storage, flaky, T0).retrying == ("staffel-80:S1",)
    assert deliver_outbox(storage, flaky, T0 + dt.timedelta(seconds=29)).retrying == ()
    assert deliver_outbox(storage, flaky, T0 + dt.timedelta(seconds=30)).retrying == ("staffel-80:S1",)
    assert deliver_outbox(storage, flaky, T0 + dt.timedelta(seconds=89)).delivered == ()
    assert deliver_outbox(storage, flaky, T0 + dt.timedelta(seconds=90)).delivered == ("staffel-80:S1",)
    assert deliver_outbox(storage, flaky, T0 + dt.timedelta(days=9)).delivered == ()
    assert flaky.sent == ["staffel-80:S1"]


def test_no_active_staffel_is_an_error_not_a_silent_drop(storage: LicensingStorage, licence: str) -> None:
    with pytest.raises(NotFoundError, match="active staffel"):
        StaffelService(storage).record_completion(licence, "q1", T0, now=T0)
