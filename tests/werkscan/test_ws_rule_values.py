"""Every rule value is read from the rule set in use (issue 12, point 5, for the Werkscan).

For each parameter and table of every Werkscan rule set there is a check below that swaps in
a value other than the default and asserts the output follows it. A meta-test fails when a
rule set gains a parameter or table without a check. Checks on files other engineers own
that do not yet follow their rule set are strict xfails: each names the file and what must
change, and turns into a failure as soon as the owner fixes it, so the marker is removed.
"""

from __future__ import annotations

import datetime as dt
import secrets
import zoneinfo
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from blikopwerk import InvalidValueError, MemoryStorage, Money, RuleSet, RuleTable, Source
from strategies import SIGNAL_AREAS as AREAS
from werkscan import (
    LEAD_RULES,
    LICENSING_RULES,
    REPORT_RULES,
    RULESETS,
    WAI_RULES,
    AccessService,
    Advice,
    Band,
    ConversationHeld,
    Establishment,
    Expert,
    ExpertService,
    Funnel,
    LeadService,
    LicenceService,
    SignalLevel,
    StaffelService,
    TooFewQuestionnairesError,
    WorkerContact,
    advice_for,
    band_for,
    context_figures,
    due_follow_ups,
    explain_advice,
    lead_deadlines,
    score,
    score_batch,
    signal_drop,
    signal_level_from_items,
    staffel_table,
    summarise_employer,
    wai_items,
)

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
T0 = dt.datetime(2026, 3, 2, 10, 0, tzinfo=AMS)  # Monday
QUIET = {a: "none" for a in AREAS}
ANSWERS: dict[str, Any] = {
    "wai": {"current_work_ability": 8, "physical_demands": 4, "mental_demands": 3, "work_nature": "both",
            "diseases": [{"code": 6, "diagnosis": "physician"}, {"code": 24, "diagnosis": "own_opinion"}],
            "impairment": 5, "sick_leave_days": 3, "prognosis": 7, "mental_resources": [3, 3, 2]},
    "signals": {**QUIET, "work": "strong", "health": "weak"},
}


def param(rules: RuleSet, name: str, value: Any) -> RuleSet:
    """``rules`` with one parameter swapped, keeping its source."""
    return rules.replace(parameters={name: (value, rules.parameters[name][1])})


def table(rules: RuleSet, name: str, rows: list[tuple[Any, Any]]) -> RuleSet:
    """``rules`` with one table's values swapped, keeping the sources of its entries."""
    old = rules[name]
    sources = [e.source for e in old.entries]
    new = RuleTable.build(name, old.title, old.valid_from, [(k, v, sources[min(i, len(sources) - 1)])
                                                            for i, (k, v) in enumerate(rows)],
                          version="test", sorted_keys=old.sorted_keys)
    return rules.replace(**{name: new})


# ------------------------------------------------------------------ werkscan-scoring


def _advice_below() -> None:
    assert advice_for(43.5)[0] is Advice.NONE
    rules = param(WAI_RULES, "advice_below", Decimal(44))
    assert advice_for(43.5, rules=rules)[0] is Advice.ADVISED
    assert explain_advice(43.5, QUIET, rules=rules).advice_below == 44
    assert score_batch(_batch(), rules=param(WAI_RULES, "advice_below", Decimal(49))).results.column(
        "advice").to_pylist() == ["advised"]


def _urgent_below() -> None:
    rules = param(WAI_RULES, "urgent_below", Decimal(30))
    assert advice_for(29, rules=rules)[0] is Advice.URGENT and advice_for(29)[0] is Advice.ADVISED


def _preventive() -> None:
    assert advice_for(45, rules=param(WAI_RULES, "preventive", True)) == (Advice.ADVISED, ("WS-ADV-4",))


def _preventive_signals() -> None:
    rules = param(WAI_RULES, "preventive_signals", "strong_and_weak")
    assert explain_advice(45, {**QUIET, "work": "weak"}, rules=rules).advice is Advice.ADVISED


def _count_own_opinion() -> None:
    w = score(ANSWERS).wai.items.diseases
    assert (w, score(ANSWERS, rules=param(WAI_RULES, "count_own_opinion", True)).wai.items.diseases) == (5, 4)


def _employer_min_questionnaires() -> None:
    results = [score(ANSWERS) for _ in range(3)]
    with pytest.raises(TooFewQuestionnairesError):
        summarise_employer(results, employer="X")
    summary = summarise_employer(results, employer="X", rules=param(WAI_RULES, "employer_min_questionnaires", 3))
    assert summary.questionnaires == 3


def _employer_min_cell() -> None:
    results = [score(ANSWERS) for _ in range(25)]  # all 25 in the band "good"
    assert not summarise_employer(results, employer="X").bands["good"].suppressed
    rules = param(WAI_RULES, "employer_min_cell", 30)
    assert summarise_employer(results, employer="X", rules=rules).bands["good"].suppressed


def _wai_min() -> None:
    rules = param(WAI_RULES, "wai_min", Decimal(8))
    assert band_for(7.5) is Band.POOR
    with pytest.raises(InvalidValueError, match="8-49"):
        band_for(7.5, rules=rules)


def _wai_max() -> None:
    with pytest.raises(InvalidValueError, match="7-48"):
        advice_for(48.5, rules=param(WAI_RULES, "wai_max", Decimal(48)))


def _item2_weights() -> None:
    rules = table(WAI_RULES, "item2_weights", [("physical", (Decimal(2), Decimal(0))),
                                               ("mental", (Decimal("0.5"), Decimal("1.5"))),
                                               ("both", (Decimal(2), Decimal(0)))])
    assert wai_items(score(ANSWERS).wai.items and _wai(), rules=rules).demands == 8.0


def _wai() -> Any:
    from werkscan import Answers

    return Answers.parse(ANSWERS).wai


def _item3_points() -> None:
    rules = table(WAI_RULES, "item3_points", [(0, 7), (1, 6), (2, 4), (3, 3), (4, 2), (5, 1)])
    assert wai_items(_wai(), rules=rules).diseases == 6


def _item5_points() -> None:
    rules = table(WAI_RULES, "item5_points", [(0, 5), (1, 3), (10, 3), (25, 2), (100, 1)])
    assert wai_items(_wai(), rules=rules).sick_leave == 3


def _item6_points() -> None:
    rules = table(WAI_RULES, "item6_points", [(1, 1), (4, 4), (7, 6)])
    assert wai_items(_wai(), rules=rules).prognosis == 6


def _item7_points() -> None:
    rules = table(WAI_RULES, "item7_points", [(0, 1), (4, 2), (7, 4), (10, 4)])
    assert wai_items(_wai(), rules=rules).mental_resources == 4


def _sick_leave_bands() -> None:
    answers = {**ANSWERS, "wai": {**{k: v for k, v in ANSWERS["wai"].items() if k != "sick_leave_days"},
                                  "sick_leave_band": "1-9"}}
    rules = table(WAI_RULES, "sick_leave_bands", [(k, (0, 0) if k == "1-9" else v)
                                                  for k, v in WAI_RULES["sick_leave_bands"].items()])
    assert score(answers).wai.items.sick_leave == 4 and score(answers, rules=rules).wai.items.sick_leave == 5


def _wai_bands() -> None:
    rules = table(WAI_RULES, "wai_bands", [(Decimal(7), Band.POOR), (Decimal(28), Band.MODERATE),
                                           (Decimal(40), Band.GOOD), (Decimal(44), Band.EXCELLENT)])
    assert band_for(39) is Band.GOOD and band_for(39, rules=rules) is Band.MODERATE
    assert score_batch(_batch(), rules=rules).results.column("band").to_pylist() == ["moderate"]


def _signal_cutoffs() -> None:
    rules = table(WAI_RULES, "signal_cutoffs", [(Decimal(1), SignalLevel.NONE), (Decimal(2), SignalLevel.WEAK),
                                                (Decimal(3), SignalLevel.STRONG)])
    assert signal_level_from_items([3, 3], rules=rules) is SignalLevel.STRONG


def _signal_drop() -> None:
    rules = table(WAI_RULES, "signal_drop", [("strong", Decimal(3)), ("weak", Decimal(1)), ("none", Decimal(0))])
    assert signal_drop([SignalLevel.STRONG, SignalLevel.WEAK], rules=rules) == 4
    assert score(ANSWERS, rules=rules).signal_drop == 4


def _wai_diseases() -> None:
    rules = table(WAI_RULES, "wai_diseases", [(k, v) for k, v in WAI_RULES["wai_diseases"].items() if k != 24])
    with pytest.raises(InvalidValueError, match="wai.diseases.1.code"):
        score(ANSWERS, rules=rules)


def _batch() -> Any:
    import pyarrow as pa

    from werkscan import row_from_answers

    # WAI 39: good, advised
    return pa.Table.from_pylist([row_from_answers({**ANSWERS, "wai": {**{k: v for k, v in ANSWERS["wai"].items()
                                                                          if k != "diseases"},
                                                                       "diagnosed_diseases": 1}})])


# ------------------------------------------------------------------ werkscan-reports


def _share_places() -> None:
    f = Funnel("link", completed=1308, held=90)
    assert f.to_json()["conversion"]["percent"] == 6.9
    rules = param(REPORT_RULES, "share_places", 2)
    assert f.to_json(rules=rules)["conversion"]["percent"] == 6.88
    assert f.conversion().percent(rules=rules) == Decimal("6.88")  # type: ignore[union-attr]


def _follow_up_months() -> None:
    c = ConversationHeld("c", T0, contact_consent=True)
    now = dt.datetime(2026, 6, 2, 12, tzinfo=AMS)
    assert due_follow_ups([c], now) == ()
    assert len(due_follow_ups([c], now, rules=param(REPORT_RULES, "follow_up_months", 3))) == 1


def _context_figures() -> None:
    rules = table(REPORT_RULES, "context_figures", [(k, v) for k, v in REPORT_RULES["context_figures"].items()
                                                    if not k.startswith("gp_visits")])
    assert len(context_figures("gp_visits_ratio")) == 3 and context_figures("gp_visits_ratio", rules=rules) == ()


# ------------------------------------------------------------------ werkscan-licensing


def _licence(storage: Any) -> None:
    LicenceService(storage).create("Arbo BV", "Anna", "anna@arbo.example", dt.date(2026, 1, 1),
                                   dt.date(2026, 12, 31), licence_id="L1")


def _warning_share_queues_the_warning() -> None:
    storage = MemoryStorage()
    _licence(storage)
    svc = StaffelService(storage, param(LICENSING_RULES, "warning_threshold", Decimal("0.5")), clock=lambda: T0)
    svc.buy("L1", 25)
    results = [svc.record_completion("L1", f"q{i}", T0) for i in range(1, 16)]
    assert [i for i, r in enumerate(results, start=1) if r.warning_queued] == [13]  # 50 % of 25, rounded up


def _warning_share_in_text_and_id() -> None:
    storage = MemoryStorage()
    _licence(storage)
    svc = StaffelService(storage, param(LICENSING_RULES, "warning_threshold", Decimal("0.5")), clock=lambda: T0)
    staffel = svc.buy("L1", 25)
    for i in range(1, 14):
        svc.record_completion("L1", f"q{i}", T0)
    (entry,) = [e for e in storage.outbox.claim(T0, 10, dt.timedelta(minutes=1)) if staffel.id in e.message.id]
    # the id's share part (the staffel id after ':' is random hex, which may hold "80")
    assert "50 %" in entry.message.subject and "80" not in entry.message.id.split(":")[0]
    assert entry.message.id == f"staffel-50:{staffel.id}"


def _anonymous_price() -> None:
    svc = AccessService(MemoryStorage(), param(LICENSING_RULES, "anonymous_price", Money("30.00")), clock=lambda: T0)
    assert svc.start_anonymous("PAY-1", Money("30.00")).route == "anonymous"
    with pytest.raises(InvalidValueError, match="amount"):
        svc.start_anonymous("PAY-2", Money("25.00"))


def _staffels() -> None:
    src = Source.decision("test table")
    rules = LICENSING_RULES.replace(staffels=staffel_table([(10, "9.00", src)], valid_from=dt.date(2014, 1, 1),
                                                           version="test"))
    storage = MemoryStorage()
    _licence(storage)
    assert StaffelService(storage, rules, clock=lambda: T0).buy("L1", 10).unit_price == Money("9.00")


# ------------------------------------------------------------------ werkscan-leads


def _lead_service(rules: RuleSet) -> LeadService:
    storage = MemoryStorage()
    experts = ExpertService(storage)
    for eid, pc in (("amersfoort", "3811"), ("amsterdam", "1012"), ("den-bosch", "5211"), ("utrecht", "3512")):
        experts.register(Expert(eid, eid.title(), f"{eid}@example.nl", [Establishment(pc)], 5), T0)
        experts.subscribe(eid, T0)
    svc = LeadService(storage, rules=rules, secret=secrets.token_bytes(32))
    svc.submit("L1", "3511 AB", 31.5, {"work": "strong"}, WorkerContact("Jan", "jan@example.nl"), T0)
    return svc


def _max_experts() -> None:
    assert len(_lead_service(param(LEAD_RULES, "max_experts", 2)).offer("L1", T0)) == 2
    assert len(_lead_service(LEAD_RULES).offer("L1", T0)) == 3


def _radius_km() -> None:
    offers = _lead_service(param(LEAD_RULES, "radius_km", Decimal(10))).offer("L1", T0)
    assert [o.expert_id for o in offers] == ["utrecht"]


def _deadline_working_days() -> None:
    assert lead_deadlines(T0, rules=param(LEAD_RULES, "deadline_working_days", 6)).deadline_day == dt.date(2026, 3, 10)


def _reminder_working_days() -> None:
    assert lead_deadlines(T0, rules=param(LEAD_RULES, "reminder_working_days", 1)).reminder_day == dt.date(2026, 3, 4)


def _reminder_time() -> None:
    d = lead_deadlines(T0, rules=param(LEAD_RULES, "reminder_time", dt.time(13, 30)))
    assert d.reminder_at == dt.datetime(2026, 3, 6, 13, 30, tzinfo=AMS)


def _timezone_deadlines() -> None:
    d = lead_deadlines(T0, rules=param(LEAD_RULES, "timezone", "America/New_York"))
    assert d.reminder_at.utcoffset() == dt.timedelta(hours=-5)


def _timezone_reminder_text() -> None:
    """New York rules: the last day to quote is Monday 9 March there (midnight New York is
    05:00 on 10 March in Amsterdam); the reminder must say 9 March."""
    svc = _lead_service(param(LEAD_RULES, "timezone", "America/New_York"))
    offer = svc.offer("L1", T0)[0]
    assert offer.expires_at == dt.datetime(2026, 3, 10, 0, 0, tzinfo=zoneinfo.ZoneInfo("America/New_York"))
    assert offer.id in svc.process_due(dt.datetime(2026, 3, 6, 16, 0, tzinfo=AMS)).reminded
    body = svc.storage.outbox.get(f"lead-reminder:{offer.id}").message.body
    assert "2026-03-09" in body or "9 maart" in body


def _consent_valid_days() -> None:
    svc = _lead_service(param(LEAD_RULES, "consent_valid_days", 2))
    offer = svc.offer("L1", T0)[0]
    svc.quote(offer.id, "400", "Gesprek", T0)
    svc.accept(offer.id, T0)
    link = svc.request_consent("L1", offer.expert_id, "jan@example.nl", T0)
    from werkscan import ConsentLinkExpiredError

    with pytest.raises(ConsentLinkExpiredError):
        svc.consent(link, T0 + dt.timedelta(days=3))


def _accept_within_days() -> None:
    """WS-LEAD-12: with 2 days to accept, a quote from Monday 2 March can be accepted until
    the end of Wednesday 4 March (Dutch days), not on Thursday; with the default 30 it can."""
    from werkscan import AcceptancePeriodOverError

    svc = _lead_service(param(LEAD_RULES, "accept_within_days", 2))
    offer = svc.offer("L1", T0)[0]
    svc.quote(offer.id, "400", "Gesprek", T0)
    with pytest.raises(AcceptancePeriodOverError):
        svc.accept(offer.id, dt.datetime(2026, 3, 5, 0, 0, tzinfo=AMS))
    assert svc.accept(offer.id, dt.datetime(2026, 3, 4, 23, 59, tzinfo=AMS)).offer_id == offer.id
    default = _lead_service(LEAD_RULES)
    first = default.offer("L1", T0)[0]
    default.quote(first.id, "400", "Gesprek", T0)
    assert default.accept(first.id, dt.datetime(2026, 3, 5, 0, 0, tzinfo=AMS)).offer_id == first.id


def _erase_contact_after_days() -> None:
    """WS-LEAD-12: offers made Monday 2 March expire at the end of Monday 9 March unquoted;
    with 10 days the contact data goes on 19 March, not on 18 March; with 90 not then."""
    svc = _lead_service(param(LEAD_RULES, "erase_contact_after_days", 10))
    svc.offer("L1", T0)
    svc.process_due(dt.datetime(2026, 3, 11, tzinfo=AMS))
    assert svc.erase_due(dt.datetime(2026, 3, 18, 22, 59, tzinfo=dt.UTC)) == ()  # 18 March 23:59 in NL
    assert svc.erase_due(dt.datetime(2026, 3, 18, 12, 0, tzinfo=AMS)) == ()
    assert svc.erase_due(dt.datetime(2026, 3, 19, 12, 0, tzinfo=AMS)) == ("L1",)
    assert svc.erase_due(dt.datetime(2026, 3, 19, 12, 0, tzinfo=AMS)) == ()  # safe to repeat
    assert len(svc.storage.leads.offers(lead_id="L1")) == 3  # the counts stay
    default = _lead_service(LEAD_RULES)
    default.offer("L1", T0)
    assert default.erase_due(dt.datetime(2026, 3, 19, 12, 0, tzinfo=AMS)) == ()


def _price(name: str, keurmerk: bool, kind: str) -> Callable[[], None]:
    def check() -> None:
        value = Money("1.23") if keurmerk else Money("99.00")  # the Keurmerk price stays the lower
        svc = _lead_service(param(LEAD_RULES, name, value))
        got = svc.pricing.fee_for(keurmerk=keurmerk) if kind == "fee" else svc.pricing.subscription_for(
            keurmerk=keurmerk)
        assert got == value
    return check


def _distance_bands_in_view() -> None:
    rules = table(LEAD_RULES, "distance_bands", [(0, "dichtbij"), (10, "verder"), (25, "ver")])
    svc = _lead_service(rules)
    offer = svc.offer("L1", T0)[0]
    assert svc.open_leads(offer.expert_id, T0)[offer.id].distance_band in ("dichtbij", "verder", "ver")


def _not_implemented(what: str) -> Callable[[], None]:
    def check() -> None:
        raise AssertionError(f"{what} does not read the rule set yet")
    return check


def _docs_only() -> None:
    """A table that documents decisions or an order; no code reads a value from it."""


_OTHERS = "owned by another engineer (the lead has the list)"
CHECKS: dict[tuple[str, str], Any] = {
    ("werkscan-scoring", "advice_below"): _advice_below,
    ("werkscan-scoring", "urgent_below"): _urgent_below,
    ("werkscan-scoring", "preventive"): _preventive,
    ("werkscan-scoring", "preventive_signals"): _preventive_signals,
    ("werkscan-scoring", "count_own_opinion"): _count_own_opinion,
    ("werkscan-scoring", "employer_min_questionnaires"): _employer_min_questionnaires,
    ("werkscan-scoring", "employer_min_cell"): _employer_min_cell,
    ("werkscan-scoring", "wai_min"): _wai_min,
    ("werkscan-scoring", "wai_max"): _wai_max,
    ("werkscan-scoring", "item2_weights"): _item2_weights,
    ("werkscan-scoring", "item3_points"): _item3_points,
    ("werkscan-scoring", "item5_points"): _item5_points,
    ("werkscan-scoring", "item6_points"): _item6_points,
    ("werkscan-scoring", "item7_points"): _item7_points,
    ("werkscan-scoring", "sick_leave_bands"): _sick_leave_bands,
    ("werkscan-scoring", "wai_bands"): _wai_bands,
    ("werkscan-scoring", "signal_cutoffs"): _signal_cutoffs,
    ("werkscan-scoring", "signal_drop"): _signal_drop,
    ("werkscan-scoring", "wai_diseases"): _wai_diseases,
    ("werkscan-scoring", "signal_areas"): _docs_only,  # the areas are the answer form's fields
    ("werkscan-reports", "share_places"): _share_places,
    ("werkscan-reports", "follow_up_months"): _follow_up_months,
    ("werkscan-reports", "context_figures"): _context_figures,
    ("werkscan-reports", "decisions"): _docs_only,
    ("werkscan-licensing", "warning_threshold"): [
        _warning_share_queues_the_warning,
        _warning_share_in_text_and_id,
    ],
    ("werkscan-licensing", "anonymous_price"): _anonymous_price,
    ("werkscan-licensing", "decisions"): _docs_only,
    ("werkscan-licensing", "staffels"): _staffels,
    ("werkscan-invoicing", "decisions"): _docs_only,
    ("werkscan-leads", "max_experts"): _max_experts,
    ("werkscan-leads", "radius_km"): _radius_km,
    ("werkscan-leads", "deadline_working_days"): _deadline_working_days,
    ("werkscan-leads", "reminder_working_days"): _reminder_working_days,
    ("werkscan-leads", "reminder_time"): _reminder_time,
    ("werkscan-leads", "timezone"): [
        _timezone_deadlines,
        _timezone_reminder_text,
    ],
    ("werkscan-leads", "consent_valid_days"): _consent_valid_days,
    ("werkscan-leads", "subscription_month"): _price("subscription_month", False, "subscription"),
    ("werkscan-leads", "subscription_month_keurmerk"): _price("subscription_month_keurmerk", True, "subscription"),
    ("werkscan-leads", "acceptance_fee"): _price("acceptance_fee", False, "fee"),
    ("werkscan-leads", "acceptance_fee_keurmerk"): _price("acceptance_fee_keurmerk", True, "fee"),
    ("werkscan-leads", "accept_within_days"): _accept_within_days,
    ("werkscan-leads", "erase_contact_after_days"): _erase_contact_after_days,
    ("werkscan-leads", "distance_bands"): _distance_bands_in_view,
    ("werkscan-leads", "decisions"): _docs_only,
}


def _cases() -> list[Any]:
    out: list[Any] = []
    for key, checks in CHECKS.items():
        for i, check in enumerate(checks if isinstance(checks, list) else [checks]):
            if hasattr(check, "values"):  # a pytest.param: keep its marks
                out.append(pytest.param(*check.values, marks=check.marks, id=f"{key[0]}:{key[1]}:{i}"))
            else:
                out.append(pytest.param(check, id=f"{key[0]}:{key[1]}:{i}"))
    return out


def test_every_parameter_and_table_of_every_werkscan_rule_set_has_a_check() -> None:
    names = {(rs.name, name) for rs in RULESETS for name in (*rs.parameters, *rs.tables)}
    assert names - set(CHECKS) == set(), "parameters or tables without a check"
    assert set(CHECKS) - names == set(), "checks for names no rule set has"


@pytest.mark.parametrize("check", _cases())
def test_the_output_follows_a_swapped_value(check: Callable[[], None]) -> None:
    check()
