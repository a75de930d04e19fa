"""Privacy of leads, contact data after acceptance, consent links (WS-LEAD-7, -8, WS-DIR-1)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings

from blikopwerk import ConflictError, InvalidValueError, Storage
from strategies import exact_half_scores, lead_distances_m, signal_level_lists
from werkscan import (
    ConsentLinkExpiredError,
    ConsentLinkInvalidError,
    ConsentLinkUsedError,
    ConsentSigner,
    LeadService,
    OpenLeadView,
    directory_map,
)
from werkscan._leads.records import Establishment, Expert, ExpertState, WorkerContact

T0 = dt.datetime(2026, 12, 22, 10, 0, tzinfo=dt.UTC)
CONTACT = WorkerContact("Jan Jansen", "jan.jansen@example.nl", "0612345678")
SECRET = b"a-very-secret-key-of-32-bytes!!!"


@pytest.fixture
def svc(storage: Storage) -> LeadService:
    service = LeadService(storage, secret=SECRET)
    for eid, pc in (("amersfoort", "3811"), ("amsterdam", "1012")):
        service.storage.experts.add(
            Expert(eid, eid.title(), f"{eid}@example.nl", [Establishment(pc)], 5), T0)
        service.storage.experts.subscribe(eid, T0.date())  # WS-LEAD-10
    service.submit("L1", "3511 AB", 31.5, {"work": "strong", "health": "weak"}, CONTACT, T0)
    service.offer("L1", T0)
    return service


def _no_contact(text: str) -> None:
    for secret in ("Jan", "Jansen", "jan.jansen", "example.nl", "0612345678", "3511"):
        assert secret not in text


# --------------------------------------------------------------------------- WS-LEAD-7


def test_open_lead_type_holds_only_score_signals_band() -> None:
    assert [a.name for a in attrs.fields(OpenLeadView)] == ["wai", "signals", "distance_band"]
    assert OpenLeadView.__slots__  # type: ignore[attr-defined]
    view = OpenLeadView(Decimal("31.5"), [("work", "strong")], "25-50 km")
    with pytest.raises(AttributeError):
        view.email = "x@example.nl"  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        OpenLeadView(Decimal("31.5"), [], "0-10 km", "jan@example.nl")  # type: ignore[call-arg]


def test_serialised_open_lead_has_no_contact_data(svc: LeadService) -> None:
    views = svc.open_leads("amsterdam", T0)
    assert list(views) == ["L1:amsterdam"]
    view = views["L1:amsterdam"]
    assert view.to_json() == {"wai": "31.5", "signals": {"work": "strong", "health": "weak"},
                              "distance_band": "25-50 km"}
    _no_contact(json.dumps(view.to_json()))
    _no_contact(json.dumps(attrs.asdict(view), default=str))
    _no_contact(repr(view))


def test_the_experts_list_and_the_events_hold_no_contact_data_nor_distance(svc: LeadService) -> None:
    """WS-LEAD-7, -12 on the new paths: an expert's list of leads shows the band, never the
    exact distance; the events of the lead and of the expert hold no personal data; the
    mails of the later steps to an expert hold none either."""
    exact = svc.storage.leads.get_offer("L1:amsterdam").distance_m
    svc.decline("L1:amsterdam", T0)
    svc.erase_contact("L1", T0)
    for eid in ("amersfoort", "amsterdam"):
        (view,) = svc.expert_leads(eid)
        text = json.dumps(view.to_json()) + repr(view) + json.dumps(attrs.asdict(view), default=str)
        _no_contact(text)
        assert str(exact) not in text and str(round(exact / 1000, 1)) not in text
        assert "distance_m" not in text
        _no_contact(repr(svc.expert_history(eid)))
    _no_contact(repr(svc.history("L1")))
    closed = svc.storage.outbox.get("lead-offer-closed:L1:amersfoort").message
    _no_contact(closed.subject + closed.body)


def test_offer_mail_and_stored_lead_have_no_contact_data(svc: LeadService) -> None:
    mail = svc.storage.outbox.get("lead-offer:L1:amsterdam").message
    assert mail.to == ("amsterdam@example.nl",)
    _no_contact(mail.body + mail.subject)
    lead = svc.storage.leads.get("L1")
    assert lead.area.code == "3511"  # PC4 only: the letters are not kept
    assert "AB" not in repr(lead) and "jan" not in repr(lead).lower()


@settings(max_examples=30, deadline=None)
@given(wai=exact_half_scores, levels=signal_level_lists, metres=lead_distances_m)
def test_view_leaves_are_only_score_signals_band(wai: Decimal, levels: list[str], metres: float) -> None:
    from werkscan import SignalArea
    from werkscan._leads.records import Lead

    signals = dict(zip([a.value for a in SignalArea], levels, strict=True))
    view = LeadService.view(Lead("L1", "3511", wai, signals, T0), metres)
    data = view.to_json()
    assert set(data) == {"wai", "signals", "distance_band"}
    assert Decimal(data["wai"]) == wai and data["signals"] == signals
    assert data["distance_band"] in {"0-10 km", "10-25 km", "25-50 km"}


# --------------------------------------------------------------------------- WS-LEAD-8


def accepted(svc: LeadService) -> None:
    svc.quote("L1:amsterdam", "450", "Een gesprek", T0)
    svc.accept("L1:amsterdam", T0)


def test_contact_data_only_after_acceptance_and_only_to_the_owner(svc: LeadService) -> None:
    with pytest.raises(ConflictError):
        svc.contact_for("L1", "amsterdam")
    accepted(svc)
    assert svc.contact_for("L1", "amsterdam") == CONTACT
    with pytest.raises(ConflictError):
        svc.contact_for("L1", "amersfoort")
    mail = svc.storage.outbox.get("lead-accepted:L1").message
    assert mail.to == ("amsterdam@example.nl",) and CONTACT.email in mail.body
    assert svc.open_leads("amersfoort", T0) == {}  # the other offer is closed


def test_consent_link_works_once_then_worker_in_overview(svc: LeadService) -> None:
    accepted(svc)
    link = svc.request_consent("L1", "amsterdam", CONTACT.email, T0)
    assert link.startswith(svc.consent_url)
    mail = [e.message for e in svc.storage.outbox.entries() if e.message.id.startswith("lead-consent:")]
    assert len(mail) == 1 and link in mail[0].body and mail[0].to == (CONTACT.email,)
    assert svc.overview("amsterdam") == []
    record = svc.consent(link, T0 + dt.timedelta(days=13, hours=23))
    assert (record.lead_id, record.worker_email) == ("L1", CONTACT.email)
    assert [c.lead_id for c in svc.overview("amsterdam")] == ["L1"]
    assert svc.overview("amersfoort") == []
    with pytest.raises(ConsentLinkUsedError):
        svc.consent(link, T0 + dt.timedelta(days=1))


def test_consent_link_expires_after_14_days(svc: LeadService) -> None:
    accepted(svc)
    link = svc.request_consent("L1", "amsterdam", CONTACT.email, T0)
    with pytest.raises(ConsentLinkExpiredError):
        svc.consent(link, T0 + dt.timedelta(days=14))
    assert svc.overview("amsterdam") == []


def test_tampered_or_foreign_link_is_refused(svc: LeadService) -> None:
    accepted(svc)
    link = svc.request_consent("L1", "amsterdam", CONTACT.email, T0)
    token, stamp, mac = link[len(svc.consent_url):].split(".")
    later = f"{token}.{int(stamp) + 86400 * 30}.{mac}"
    for bad in (later, f"{token}x.{stamp}.{mac}", f"{token}.{stamp}.{mac[:-2]}", "garbage", ""):
        with pytest.raises(ConsentLinkInvalidError):
            svc.consent(bad, T0)
    forged = ConsentSigner(b"another-key-of-at-least-16-bytes").sign(token, T0 + dt.timedelta(days=1))
    with pytest.raises(ConsentLinkInvalidError):
        svc.consent(forged, T0)
    unknown = ConsentSigner(SECRET).sign("unknown", T0 + dt.timedelta(days=1))
    with pytest.raises(ConsentLinkInvalidError, match="unknown link"):
        svc.consent(unknown, T0)
    assert svc.overview("amsterdam") == []


def test_only_the_owner_can_ask_for_consent(svc: LeadService) -> None:
    with pytest.raises(ConflictError):
        svc.request_consent("L1", "amsterdam", CONTACT.email, T0)
    accepted(svc)
    with pytest.raises(ConflictError):
        svc.request_consent("L1", "amersfoort", CONTACT.email, T0)
    with pytest.raises(InvalidValueError):
        svc.request_consent("L1", "amsterdam", "not-an-email", T0)


def test_short_secret_is_refused() -> None:
    with pytest.raises(InvalidValueError, match="secret"):
        ConsentSigner(b"short")


# --------------------------------------------------------------------------- WS-DIR-1, K-PC-2


def test_directory_map_shows_only_full_addresses_ws_dir_1() -> None:
    full = Expert("E1", "Ann", "a@example.nl",
                  [Establishment("3811 AB", "Stationsplein 1"), Establishment("1012")], 3)
    bare = Expert("E2", "Bob", "b@example.nl", [Establishment("5211 CD")], 3)
    pins = directory_map([ExpertState(bare), ExpertState(full)])
    assert [(p.expert_id, p.postcode, p.address) for p in pins] == [("E1", "3811 AB", "Stationsplein 1")]
    assert pins[0].point.precision == "pc4"
    assert directory_map([ExpertState(full)], licence_holders={"E9"}) == []


def test_po_box_is_not_an_establishment_k_pc_2() -> None:
    for box in ("Postbus 123", "Antwoordnummer 10", "P.O. Box 5"):
        with pytest.raises(InvalidValueError, match="P.O. box"):
            Establishment("3811 AB", box)
