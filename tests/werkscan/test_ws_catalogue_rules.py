"""Rules of the catalogue that had no test citing them: each checked through the public API
with the seed's own words and numbers (seed 000, the Werkscan FAQ for experts; seed 002, the
evaluation).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from blikopwerk import InvalidValueError, Money, Storage
from werkscan import (
    ACCESS_RULES,
    INVOICING_RULES,
    LEAD_RULES,
    AccessService,
    Advice,
    CodeAlreadyUsedError,
    Establishment,
    Expert,
    ExpertService,
    LeadPricing,
    LeadService,
    LicenceService,
    SignalLevel,
    StaffelService,
    TrainingNotVerifiedError,
    WorkerContact,
    advice_for,
    signal_level_from_items,
)

NOW = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)


def _licensed(storage: Storage) -> AccessService:
    LicenceService(storage).create("Arbo BV", "Anna", "anna@arbo.example", dt.date(2026, 1, 1),
                                   dt.date(2026, 12, 31), licence_id="L1")
    StaffelService(storage).buy("L1", 25, now=NOW)
    return AccessService(storage, clock=lambda: NOW)


# ------------------------------------------------------------------ access routes (seed 000)


def test_ws_acc_1_three_ways_in(storage: Storage) -> None:
    """WS-ACC-1: free for contact data, anonymous for EUR 25, or by an expert's invitation."""
    svc = _licensed(storage)
    free = svc.start_free("jan@example.nl")
    anonymous = svc.start_anonymous("PAY-1", Money("25.00"))
    invited = svc.open_link(svc.create_link("L1", "Bakkerij Jansen"))
    assert (free.route, anonymous.route, invited.route) == ("free", "anonymous", "link")
    assert invited.licence_id == "L1"  # "automatisch naar de betrokken arbeidsdeskundige geleid"
    assert svc.complete(free.id).lead_candidate is not None  # the free route yields a lead candidate
    with pytest.raises(InvalidValueError, match="amount"):
        svc.start_anonymous("PAY-2", Money("24.99"))  # "een bedrag van €25,-"


def test_ws_acc_2_codes_can_be_used_once_the_company_link_by_anyone(storage: Storage) -> None:
    """WS-ACC-2: "Deze unieke codes kunnen maar 1 keer worden gebruikt"; the link is open."""
    svc = _licensed(storage)
    code = svc.generate_codes("L1", "Bakkerij Jansen", 1).codes[0]
    assert svc.redeem(code).client == "Bakkerij Jansen"
    with pytest.raises(CodeAlreadyUsedError):
        svc.redeem(code)
    link = svc.create_link("L1", "Bakkerij Jansen")
    assert svc.open_link(link).id != svc.open_link(link).id


def test_ws_acc_3_research_excludes_decliners_and_reports_without_consent(storage: Storage) -> None:
    """WS-ACC-3: declining research keeps a worker out; an upload without consent is not used."""
    svc = _licensed(storage)
    yes = svc.open_link(svc.create_link("L1", "A"))
    no = svc.open_link(svc.create_link("L1", "B"))
    svc.complete(yes.id, research_consent=True)
    svc.complete(no.id, research_consent=False)
    svc.upload_report(yes.id, "L1", "with-consent.pdf", client_consent=True)
    svc.upload_report(yes.id, "L1", "without-consent.pdf", client_consent=False)
    rows = svc.research_export()
    assert [r["questionnaire_id"] for r in rows] == [yes.id]
    assert rows[0]["reports"] == ["with-consent.pdf"]


def test_ws_acc_4_experts_see_counts_never_who(storage: Storage) -> None:
    """WS-ACC-4: "Voorop staat de anonimiteit van de invullers"; counts carry no identity."""
    svc = _licensed(storage)
    q = svc.redeem(svc.generate_codes("L1", "Bakkerij Jansen", 1).codes[0]).questionnaire
    svc.complete(q.id)
    counts = svc.counts("L1")
    assert counts.completed == 1
    assert q.id not in repr(counts)


def test_ws_lic_2_only_trained_experts_join_a_licence(storage: Storage) -> None:
    """WS-LIC-2: Blik op Werk verifies the training before an expert is added."""
    licences = LicenceService(storage, clock=lambda: NOW)
    licences.create("Arbo BV", "Anna", "anna@arbo.example", dt.date(2026, 1, 1), dt.date(2026, 12, 31),
                    licence_id="L1")
    with pytest.raises(TrainingNotVerifiedError):
        licences.add_expert("L1", "bert@arbo.example")
    licences.verify_training("bert@arbo.example", "Bert", dt.date(2026, 2, 1))
    assert licences.add_expert("L1", "bert@arbo.example") is True
    assert [e.expert_email for e in licences.experts("L1")] == ["bert@arbo.example"]


def test_access_and_invoicing_rules_are_in_the_catalogue() -> None:
    """WS-ACC-1..4, WS-LIC-1..2 and WS-RPT-4 quote seed 000; WS-STF-7 too, beside its decision;
    WS-INV-1..3 are decisions (the behaviour is the licensing services')."""
    assert [r.id for r in ACCESS_RULES.rules] == ["WS-ACC-1", "WS-ACC-2", "WS-ACC-3", "WS-ACC-4", "WS-LIC-1",
                                                  "WS-LIC-2", "WS-RPT-4"]
    assert all(r.source.ref.startswith("000_") for r in ACCESS_RULES.rules)
    stf7 = INVOICING_RULES.rule("WS-STF-7")
    assert "niet ingevuld kan worden" in stf7.source.passage
    assert INVOICING_RULES["decisions"].entry("WS-STF-7").source.kind == "decision"
    assert {r.id: r.source.kind for r in INVOICING_RULES.rules if r.id.startswith("WS-INV")} == {
        "WS-INV-1": "decision", "WS-INV-2": "decision", "WS-INV-3": "decision"}


# ------------------------------------------------------------------ leads (seed 000)


def test_ws_lead_3_an_absent_expert_gets_no_leads(storage: Storage) -> None:
    """WS-LEAD-3: "Als u op vakantie gaat of afwezig bent ... u krijgt dan geen leads doorgezet."""
    experts = ExpertService(storage)
    experts.register(Expert("E1", "A", "a@example.nl", [Establishment("3811")], 5), NOW)
    experts.subscribe("E1", dt.date(2026, 1, 1))
    experts.report_absence("E1", dt.date(2026, 3, 1), dt.date(2026, 3, 6))
    svc = LeadService(storage)
    assert svc.match("3511 AB", dt.date(2026, 3, 2)) == ()
    assert [m.expert_id for m in svc.match("3511 AB", dt.date(2026, 3, 9))] == ["E1"]
    svc.submit("L1", "3511 AB", 31.5, {"work": "strong"}, WorkerContact("Jan", "jan@example.nl"), NOW)
    assert svc.offer("L1", NOW) == ()


def test_ws_lead_9_subscription_and_fee_are_cheaper_for_keurmerk_holders() -> None:
    """WS-LEAD-9: an extra subscription and a fee per accepted quote, both cheaper with the Keurmerk;
    the amounts are parameters of the lead rules."""
    pricing = LeadPricing.from_rules(LEAD_RULES)
    assert pricing.subscription_for(keurmerk=True) < pricing.subscription_for(keurmerk=False)
    assert pricing.fee_for(keurmerk=True) < pricing.fee_for(keurmerk=False)
    custom = LEAD_RULES.replace(parameters={"acceptance_fee": (Money("99.00"), LEAD_RULES.parameters[
        "acceptance_fee"][1])})
    assert LeadPricing.from_rules(custom).fee_for(keurmerk=False) == Money("99.00")


def test_lead_rules_of_the_revised_catalogue_have_their_parameters() -> None:
    """WS-LEAD-10..13 are in the lead rule set; WS-LEAD-12's two periods are parameters."""
    ids = [r.id for r in LEAD_RULES.rules]
    assert {"WS-LEAD-10", "WS-LEAD-11", "WS-LEAD-12", "WS-LEAD-13"} <= set(ids)
    assert (LEAD_RULES.parameter("accept_within_days"), LEAD_RULES.parameter("erase_contact_after_days")) == (30, 90)
    assert LEAD_RULES["decisions"].entry("WS-LEAD-11").source.kind == "decision"


# ------------------------------------------------------------------ signals and advice (seed 002)


def test_ws_sig_2_item_scorer_cut_offs() -> None:
    """WS-SIG-2 (decision, not official): mean >= 3.5 strong, >= 2.5 weak, else none."""
    assert signal_level_from_items([3, 4]) is SignalLevel.STRONG
    assert signal_level_from_items([3, 3, 4, 4, 3, 4]) is SignalLevel.STRONG  # mean 3.5
    assert signal_level_from_items([2, 3]) is SignalLevel.WEAK  # mean 2.5
    assert signal_level_from_items([2, 3, 2]) is SignalLevel.NONE  # mean 2.33


@given(st.lists(st.integers(1, 5), min_size=1, max_size=12), st.integers(0, 11))
def test_ws_sig_2_a_worse_item_never_lowers_the_level(items: list[int], i: int) -> None:
    """WS-SIG-2: raising one item (more problems) never gives a lower level."""
    order = [SignalLevel.NONE, SignalLevel.WEAK, SignalLevel.STRONG]
    i %= len(items)
    worse = [*items[:i], min(items[i] + 1, 5), *items[i + 1:]]
    assert order.index(signal_level_from_items(worse)) >= order.index(signal_level_from_items(items))


def test_ws_adv_1_three_levels_of_advice() -> None:
    """WS-ADV-1: dringend advies, advies, geen aanleiding (the three bars of seed 002, figure 16)."""
    assert [advice_for(s)[0] for s in (20, 40, Decimal(45))] == [Advice.URGENT, Advice.ADVISED, Advice.NONE]
    assert {a.value for a in Advice} == {"urgent", "advised", "none"}
