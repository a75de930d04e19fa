"""Licensing rules on units of work (issue 12 points 2 and 4, WS-STF-7, K-TZ-1).

The completion and its charge are one transaction; a worker who started under a valid
licence can always complete; links and codes are issued only while a staffel is
active; every date decision takes the Dutch day of the instant; consent values are
real booleans on every path.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from blikopwerk import InvalidValueError, MemoryStorage, NotFoundError
from werkscan import AccessService, LicenceNotFoundError, LicenceService, StaffelService

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
T0 = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)


def _ready(size: int | None = 25) -> MemoryStorage:
    s = MemoryStorage()
    LicenceService(s).create("Arbo BV", "Anna", "anna@arbo.example", dt.date(2026, 1, 1),
                             dt.date(2026, 12, 31), licence_id="L1")
    if size is not None:
        StaffelService(s).buy("L1", size, now=T0)
    return s


def test_a_worker_who_started_under_a_valid_licence_completes_after_it_ended() -> None:
    s = _ready()
    svc = AccessService(s)
    started = dt.datetime(2026, 12, 31, 20, tzinfo=AMS)
    (code,) = svc.generate_codes("L1", "Bakkerij", 1, now=started).codes
    q = svc.redeem(code, now=started).questionnaire
    after = dt.datetime(2027, 1, 2, 10, tzinfo=AMS)  # the licence ended yesterday
    outcome = svc.complete(q.id, now=after)
    assert outcome.charge is not None and outcome.charge.charged
    assert [c.questionnaire_id for c in s.staffels.charges("L1")] == [q.id]


def test_a_completion_that_cannot_be_charged_is_not_stored_either() -> None:
    s = _ready()
    svc = AccessService(s)
    (code,) = svc.generate_codes("L1", "Bakkerij", 1, now=T0).codes
    q = svc.redeem(code, now=T0).questionnaire
    # sabotage: the staffel row disappears, so the charge fails inside the unit
    s.db.run(lambda tx: tx.execute("UPDATE ws_staffels SET status = 'gone'"))
    with pytest.raises(NotFoundError, match="active staffel"):
        svc.complete(q.id, now=T0)
    assert s.access.get(q.id).completed_at is None, "completion rolled back with its charge"


def test_links_and_codes_only_while_a_staffel_is_active() -> None:
    s = _ready(size=None)
    svc = AccessService(s)
    with pytest.raises(NotFoundError, match="active staffel"):
        svc.create_link("L1", "Bakkerij", now=T0)
    with pytest.raises(NotFoundError, match="active staffel"):
        svc.generate_codes("L1", "Bakkerij", 2, now=T0)
    assert s.access.codes("L1") == []
    StaffelService(s).buy("L1", 25, now=T0)
    assert svc.create_link("L1", "Bakkerij", now=T0)


@pytest.mark.parametrize(("instant", "charged"), [
    (dt.datetime(2026, 12, 31, 22, 30, tzinfo=dt.UTC), True),    # 23:30 in Amsterdam
    (dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC), False),   # 00:30 on 1 January
    (dt.datetime(2027, 1, 1, 0, 30, tzinfo=AMS), False),
    (dt.datetime(2025, 12, 31, 23, 30, tzinfo=dt.UTC), True),    # 00:30 on 1 January 2026
])
def test_completion_day_is_the_dutch_day(instant: dt.datetime, charged: bool) -> None:
    s = _ready()
    svc = StaffelService(s)
    if charged:
        assert svc.record_completion("L1", "q1", instant, now=instant).charged
    else:
        with pytest.raises(LicenceNotFoundError):
            svc.record_completion("L1", "q1", instant, now=instant)


@settings(max_examples=40, deadline=None)
@given(minutes=st.integers(-180, 180))
def test_the_same_instant_gives_the_same_answer_in_any_offset(minutes: int) -> None:
    instant = dt.datetime(2026, 12, 31, 23, 0, tzinfo=dt.UTC) + dt.timedelta(minutes=minutes)
    answers = set()
    for zone in (dt.UTC, AMS, zoneinfo.ZoneInfo("America/New_York"), zoneinfo.ZoneInfo("Asia/Tokyo")):
        s = _ready()
        try:
            answers.add(StaffelService(s).record_completion("L1", "q1", instant.astimezone(zone),
                                                            now=T0).charged)
        except LicenceNotFoundError:
            answers.add(False)
    assert len(answers) == 1


def test_finalise_follows_the_dutch_day() -> None:
    s = _ready(size=25)
    svc = StaffelService(s)
    for i in range(26):
        svc.record_completion("L1", f"q{i}", T0, now=T0)  # the 26th is overage: a draft line
    assert svc.finalise("L1", now=dt.datetime(2026, 12, 31, 22, 59, tzinfo=dt.UTC)) == 0
    assert svc.finalise("L1", now=dt.datetime(2026, 12, 31, 23, 0, tzinfo=dt.UTC)) == 1


@pytest.mark.parametrize("value", ["nee", "ja", 0, 1, None, "", "false"])
def test_consent_must_be_a_real_boolean_on_every_path(value: Any) -> None:
    s = _ready()
    svc = AccessService(s)
    q = svc.start_free("jan@example.nl", now=T0)
    with pytest.raises(InvalidValueError, match="research_consent"):
        svc.set_research_consent(q.id, value)
    if value is not None:  # None means "not answered" for complete()
        with pytest.raises(InvalidValueError, match="research_consent"):
            svc.complete(q.id, research_consent=value, now=T0)
    with pytest.raises(InvalidValueError, match="research_consent"):
        s.access.set_research_consent(q.id, value)
    with pytest.raises(InvalidValueError, match="client_consent"):
        svc.upload_report(q.id, "L1", "doc-1", client_consent=value, now=T0)
    assert s.access.get(q.id).research_consent is None
    assert s.access.get(q.id).completed_at is None


def test_warning_past_the_threshold_does_no_further_work() -> None:
    s = _ready()
    svc = StaffelService(s)
    results = [svc.record_completion("L1", f"q{i}", T0, now=T0) for i in range(1, 31)]
    assert [r.warning_queued for r in results].count(True) == 1
    assert [e.message.id for e in s.outbox.entries()] == [svc.warning_id(s.staffels.active("L1"))]


# -- codes and link tokens as keyed digests -------------------------------------------

SECRET = b"s" * 32


def test_codes_and_link_tokens_are_stored_as_keyed_digests() -> None:
    import hashlib

    from werkscan import UnknownCodeError, UnknownLinkError

    s = _ready()
    svc = AccessService(s, secret=SECRET)
    (code,) = svc.generate_codes("L1", "Bakkerij", 1, now=T0).codes
    (stored,) = s.access.codes("L1")
    plain = hashlib.sha256(code.encode("ascii")).hexdigest()
    assert stored.code_hash.startswith("k1:") and plain not in stored.code_hash
    url = svc.create_link("L1", "Bakkerij", now=T0)
    token = url.rsplit("/", 1)[-1]
    rows = s.db.run(lambda tx: tx.all("SELECT token FROM ws_links"))
    assert rows and all(token not in r[0] for r in rows)
    # another key cannot use them
    other = AccessService(s, secret=b"o" * 32)
    with pytest.raises(UnknownCodeError):
        other.redeem(code, now=T0)
    with pytest.raises(UnknownLinkError):
        other.open_link(url, now=T0)
    # the right key can, once
    assert svc.redeem(code, now=T0).questionnaire.route == "code"
    assert svc.open_link(url, now=T0).route == "link"
    svc.revoke_link(url, now=T0)
    with pytest.raises(UnknownLinkError):
        svc.open_link(url, now=T0)


def test_codes_and_links_issued_before_a_secret_keep_working() -> None:
    s = _ready()
    old = AccessService(s)
    (code,) = old.generate_codes("L1", "Bakkerij", 1, now=T0).codes
    url = old.create_link("L1", "Bakkerij", now=T0)
    new = AccessService(s, secret=SECRET)
    assert new.redeem(code, now=T0).questionnaire.route == "code"
    assert new.open_link(url, now=T0).route == "link"


def test_a_short_secret_is_refused() -> None:
    with pytest.raises(InvalidValueError, match="secret"):
        AccessService(_ready(), secret=b"short")
