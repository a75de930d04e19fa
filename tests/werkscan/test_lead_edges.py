"""Lead matching at its edges: unplaceable experts, the day of a match, consent links and
the signing key (WS-LEAD-2..4, WS-LEAD-8, K-TZ-1)."""

from __future__ import annotations

import datetime as dt
import secrets

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from blikopwerk import InvalidValueError, MemoryStorage, NotFoundError, OfflineGeocoder, UnknownPostcodeError
from werkscan import (
    ConsentLinkInvalidError,
    ExpertIndex,
    ExpertService,
    LeadMatcher,
    LeadService,
    WorkerContact,
    place_expert,
)
from werkscan._leads.checks import check_consent_link, check_consent_secret
from werkscan._leads.matching import check_day
from werkscan._leads.records import Absence, Establishment, Expert

GEO = OfflineGeocoder()
NOW = dt.datetime(2026, 12, 22, 10, tzinfo=dt.UTC)
DAY = dt.date(2026, 12, 22)
UNKNOWN = "1009"  # well-formed, not in the offline PC4 table


def expert(eid: str, *postcodes: str) -> Expert:
    return Expert(eid, eid, f"{eid}@example.nl", [Establishment(pc) for pc in postcodes], 10)


# ----------------------------------------------------------------- an expert that cannot be placed


def test_registration_refuses_an_unknown_postcode_and_stores_nothing() -> None:
    """Refused up front, naming the establishment and the postcode; never guessed."""
    storage = MemoryStorage()
    svc = ExpertService(storage)
    with pytest.raises(UnknownPostcodeError) as info:
        svc.register(expert("E1", "3811", UNKNOWN), NOW)
    assert info.value.field == "establishments[1].postcode"
    assert info.value.value == UNKNOWN and "'E1'" in str(info.value)
    with pytest.raises(NotFoundError):
        svc.get("E1")
    svc.register(expert("E2", "3811"), NOW)
    with pytest.raises(UnknownPostcodeError, match=UNKNOWN):
        svc.set_establishments("E2", [Establishment(UNKNOWN)])
    assert [str(e.postcode) for e in svc.get("E2").establishments] == ["3811"]


def test_place_expert_gives_one_point_per_establishment() -> None:
    points = place_expert(expert("E1", "3811", "1012"))
    assert points == (GEO.lookup("3811"), GEO.lookup("1012"))
    with pytest.raises(InvalidValueError, match="expert"):
        place_expert("E1")  # type: ignore[arg-type]


def test_an_unplaceable_stored_expert_never_fails_another_leads_match() -> None:
    """Stored before the check (or by another tool): left out, the rest are matched."""
    storage = MemoryStorage()
    storage.experts.add(expert("BAD", UNKNOWN), NOW)  # straight into storage, no check
    storage.experts.add(expert("HALF", UNKNOWN, "1012"), NOW)
    storage.experts.add(expert("GOOD", "3811"), NOW)
    for eid in ("BAD", "HALF", "GOOD"):
        storage.experts.subscribe(eid, DAY)
    svc = LeadService(storage)
    assert [m.expert_id for m in svc.match("3511", DAY)] == ["GOOD", "HALF"]
    svc.submit("L1", "3511 AB", 30, {"work": "strong"}, WorkerContact("Jan", "jan@example.nl"), NOW)
    assert sorted(o.expert_id for o in svc.offer("L1", NOW)) == ["GOOD", "HALF"]
    index = ExpertIndex.from_states(list(storage.experts.states()), GEO)
    assert index.unplaced == (("BAD", UNKNOWN), ("HALF", UNKNOWN))
    assert index.expert_ids == ("GOOD", "HALF")


# ----------------------------------------------------------------- the day of a match (K-TZ-1)


@pytest.mark.parametrize("on", ["2026-12-22", None, 20261222, dt.datetime(2026, 12, 22, 10), 1.5])
def test_match_refuses_a_day_that_is_not_a_day(on: object) -> None:
    svc = LeadService(MemoryStorage())
    with pytest.raises(InvalidValueError) as info:
        svc.match("3511", on)  # type: ignore[arg-type]
    assert info.value.field == "on"
    with pytest.raises(InvalidValueError, match="on"):
        LeadMatcher.from_states([], GEO, on)  # type: ignore[arg-type]


def test_an_aware_instant_counts_on_its_dutch_day() -> None:
    """23:30 UTC on 20 December is 21 December in the Netherlands: the absence applies."""
    storage = MemoryStorage()
    storage.experts.add(expert("E1", "3811"), NOW)
    storage.experts.subscribe("E1", dt.date(2026, 12, 1))
    storage.experts.add_absence("E1", Absence(dt.date(2026, 12, 21), dt.date(2026, 12, 31)))
    svc = LeadService(storage)
    late = dt.datetime(2026, 12, 20, 23, 30, tzinfo=dt.UTC)
    assert check_day(late) == dt.date(2026, 12, 21)
    assert svc.match("3511", late) == ()
    assert [m.expert_id for m in svc.match("3511", dt.date(2026, 12, 20))] == ["E1"]


# ----------------------------------------------------------------- consent links (WS-LEAD-8)


@pytest.mark.parametrize("link", [
    "tök.1798675200.abc", "tok.١٢٣.abc", "tok.1798675200.abc\n", "tok.1798675200.a bc", "",
    "t" * 5000, b"tok.1.abc", None, 17,
])
def test_a_link_that_is_not_printable_ascii_is_refused(link: object) -> None:
    with pytest.raises(ConsentLinkInvalidError) as info:
        check_consent_link(link)
    assert info.value.field == "consent_link"


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=300), st.binary(max_size=40), st.none(), st.integers()))
def test_any_link_is_accepted_as_is_or_refused_with_the_librarys_error(link: object) -> None:
    try:
        assert check_consent_link(link) is link
    except ConsentLinkInvalidError:
        pass
    else:
        assert isinstance(link, str) and link.isascii() and link.isprintable()


# ----------------------------------------------------------------- the signing key (WS-LEAD-8)


@pytest.mark.parametrize("secret", [bytes(32), b"x" * 32, b"ab" * 32, b"0123456" * 8, b"short-key",
                                    "a-string-is-not-a-key-0123456789", bytearray(32), None])
def test_trivial_or_short_keys_are_refused(secret: object) -> None:
    with pytest.raises(InvalidValueError) as info:
        check_consent_secret(secret)
    assert info.value.field == "secret"
    assert info.value.value == "<hidden>"


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=64))
def test_a_key_is_accepted_or_refused_without_being_shown(secret: bytes) -> None:
    if len(secret) >= 16 and len(set(secret)) >= 8:
        assert check_consent_secret(secret) is secret
    else:
        with pytest.raises(InvalidValueError) as info:
            check_consent_secret(secret)
        assert repr(secret) not in str(info.value)


def test_random_keys_pass() -> None:
    for n in (16, 32, 64):
        key = secrets.token_bytes(n)
        if len(set(key)) >= 8:  # 16 random bytes with fewer than 8 values: about 1e-14
            assert check_consent_secret(key) == key
