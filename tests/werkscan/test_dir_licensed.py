"""The directory of licence holders (WS-DIR-1, WS-LIC-1, WS-ACC-1b, K-PC-2, K-GEO-1) on memory and SQLite."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyproj import Geod

from blikopwerk import InvalidValueError, MemoryStorage, OfflineGeocoder, UnknownPostcodeError, open_storage
from blikopwerk._protocols import Storage
from strategies import directory_near, licence_rows
from werkscan import (
    ExpertService,
    LicenceService,
    LicensedListing,
    directory_for,
    directory_map,
    licensed_expert_ids,
)
from werkscan._cli.main import cli
from werkscan._leads.records import Establishment, Expert, ExpertState, Lead, WorkerContact

NOW = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
GEO = OfflineGeocoder()


def licensed(storage: Storage, licence_id: str, email: str, *, company: str | None = None,
             period: tuple[dt.date, dt.date] = YEAR, now: dt.datetime = NOW) -> None:
    """A licence (created if new) with a trained expert ``email`` on it."""
    svc = LicenceService(storage)
    try:
        svc.storage.licences.get(licence_id)
    except LookupError:
        svc.create(company or f"Company {licence_id}", "Contact Person", "contact@company.example", *period,
                   licence_id=licence_id)
    svc.verify_training(email, "Trained Expert", dt.date(2025, 6, 1))
    svc.add_expert(licence_id, email, now=now)


def profile(storage: Storage, expert_id: str, email: str, *establishments: Establishment,
            keurmerk: bool = False) -> None:
    ExpertService(storage).register(Expert(expert_id, f"Expert {expert_id}", email, establishments, 5,
                                           keurmerk), NOW)


def geodesic_km(a: str, b: str) -> float:
    pa, pb = GEO.lookup(a), GEO.lookup(b)
    return float(Geod(ellps="WGS84").inv(pa.lon, pa.lat, pb.lon, pb.lat)[2]) / 1000


# ----------------------------------------------------------------------- WS-LIC-1: valid licences only


def test_valid_licence_listed_expired_not_ws_lic_1(storage: Storage) -> None:
    licensed(storage, "L1", "a@one.example", period=(dt.date(2026, 1, 1), dt.date(2026, 6, 30)),
             now=dt.datetime(2026, 1, 1, 8, tzinfo=dt.UTC))
    profile(storage, "E1", "a@one.example", Establishment("3811 AB", "Stationsplein 1"))
    for day, expected in ((dt.date(2025, 12, 31), []), (dt.date(2026, 1, 1), ["L1"]),
                          (dt.date(2026, 6, 30), ["L1"]), (dt.date(2026, 7, 1), [])):
        assert [p.licence_id for p in directory_for(storage, day, geocoder=GEO)] == expected, day
    assert licensed_expert_ids(storage, dt.date(2026, 6, 30)) == {"E1"}
    assert licensed_expert_ids(storage, dt.date(2026, 7, 1)) == frozenset()


def test_company_without_licence_is_not_found_ws_lic_1(storage: Storage) -> None:
    profile(storage, "E9", "nolicence@x.example", Establishment("3811 AB", "Stationsplein 1"))
    assert directory_for(storage, dt.date(2026, 6, 1), geocoder=GEO) == []


def test_expert_added_after_the_day_is_not_listed(storage: Storage) -> None:
    licensed(storage, "L1", "late@one.example", now=dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC))
    profile(storage, "E1", "late@one.example", Establishment("3811 AB", "Stationsplein 1"))
    assert directory_for(storage, dt.date(2026, 3, 1), geocoder=GEO) == []
    assert [p.expert_id for p in directory_for(storage, dt.date(2026, 3, 2), geocoder=GEO)] == ["E1"]


def test_joining_day_is_read_on_dutch_time(storage: Storage) -> None:
    licensed(storage, "L1", "night@one.example", now=dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC))
    profile(storage, "E1", "night@one.example", Establishment("3811 AB", "Stationsplein 1"))
    assert directory_for(storage, dt.date(2026, 3, 1), geocoder=GEO) == []  # 00:30 on 2 March in NL
    assert len(directory_for(storage, dt.date(2026, 3, 2), geocoder=GEO)) == 1


def test_link_by_email_is_case_insensitive_and_needs_a_profile(storage: Storage) -> None:
    licensed(storage, "L1", "Mixed.Case@One.example")
    licensed(storage, "L1", "noprofile@one.example")
    profile(storage, "E1", "mixed.case@ONE.example", Establishment("3811 AB", "Stationsplein 1"))
    pins = directory_for(storage, dt.date(2026, 6, 1), geocoder=GEO)
    assert [(p.licence_id, p.expert_id) for p in pins] == [("L1", "E1")]


def test_expert_on_two_licences_has_a_pin_under_each(storage: Storage) -> None:
    licensed(storage, "L1", "a@one.example", company="Beta BV")
    licensed(storage, "L2", "a@one.example", company="Alfa BV")
    profile(storage, "E1", "a@one.example", Establishment("3811 AB", "Stationsplein 1"))
    pins = directory_for(storage, dt.date(2026, 6, 1), geocoder=GEO)
    assert [(p.company, p.licence_id) for p in pins] == [("Alfa BV", "L2"), ("Beta BV", "L1")]


# ----------------------------------------------------------------------- WS-DIR-1, K-PC-2: full address only


def test_postcode_only_expert_is_not_on_the_map_ws_dir_1(storage: Storage) -> None:
    licensed(storage, "L1", "full@one.example")
    licensed(storage, "L1", "bare@one.example")
    licensed(storage, "L1", "pc4@one.example")
    profile(storage, "E1", "full@one.example", Establishment("1012 AB", "Dam 1"), Establishment("3811"))
    profile(storage, "E2", "bare@one.example", Establishment("3511 AB"))
    profile(storage, "E3", "pc4@one.example", Establishment("5211", "Markt 1"))  # no full postcode
    pins = directory_for(storage, dt.date(2026, 6, 1), geocoder=GEO)
    assert [(p.expert_id, p.postcode, p.address) for p in pins] == [("E1", "1012 AB", "Dam 1")]
    # the licence-filtered kernel map agrees
    states = [ExpertState(ExpertService(storage).get(e)) for e in ("E1", "E2", "E3")]
    assert [(e.expert_id, e.postcode) for e in directory_map(
        states, GEO, licence_holders=licensed_expert_ids(storage, dt.date(2026, 6, 1)))] == [("E1", "1012 AB")]


def test_entries_hold_no_worker_data_ws_lead_7(storage: Storage) -> None:
    licensed(storage, "L1", "a@one.example")
    profile(storage, "E1", "a@one.example", Establishment("3811 AB", "Stationsplein 1"), keurmerk=True)
    storage.leads.add(Lead("LD1", "3511", 30, {"work": "strong"}, NOW),  # type: ignore[attr-defined]
                      WorkerContact("Jan Jansen", "jan.worker@example.nl", "0612345678"))
    pins = directory_for(storage, dt.date(2026, 6, 1), "3511", geocoder=GEO)
    text = json.dumps([p.to_json() for p in pins])
    for secret in ("Jan Jansen", "jan.worker", "0612345678", "LD1"):
        assert secret not in text
    assert set(pins[0].to_json()) == {"licence_id", "company", "contact_name", "expert_id", "expert_name",
                                      "address", "postcode", "lat", "lon", "keurmerk", "distance_km"}
    assert pins[0].keurmerk is True


# ----------------------------------------------------------------------- K-GEO-1: distance order


ISSUE_EXPERTS = (("E-AMF", "3811 AB"), ("E-AMS", "1012 AB"), ("E-DBS", "5211 AB"), ("E-MST", "6211 AB"))


def test_distance_order_k_geo_1(storage: Storage) -> None:
    for i, (eid, pc) in enumerate(ISSUE_EXPERTS):
        licensed(storage, f"L{i}", f"{eid.lower()}@x.example")
        profile(storage, eid, f"{eid.lower()}@x.example", Establishment(pc, "Hoofdstraat 1"))
    pins = directory_for(storage, dt.date(2026, 6, 1), "3511 AB", geocoder=GEO)
    expected = sorted(ISSUE_EXPERTS, key=lambda e: geodesic_km("3511", e[1]))
    assert [p.expert_id for p in pins] == [e for e, _ in expected]
    distances = [p.distance_m for p in pins]
    assert distances == sorted(distances)  # type: ignore[type-var]
    amsterdam = next(p for p in pins if p.expert_id == "E-AMS")
    assert amsterdam.distance is not None and f"{amsterdam.distance:.2f~P}" == "35.15 km"  # K-GEO-1 anchor
    assert amsterdam.distance_m == pytest.approx(geodesic_km("3511", "1012") * 1000)
    # no guessing beyond the table: Maastricht is listed (the directory has no 50 km limit)
    assert "E-MST" in [p.expert_id for p in pins]
    # limit keeps the nearest; within is inclusive
    assert [p.expert_id for p in directory_for(storage, dt.date(2026, 6, 1), "3511", limit=2, geocoder=GEO)] \
        == [e for e, _ in expected[:2]]
    edge = amsterdam.distance_m
    assert edge is not None
    near = directory_for(storage, dt.date(2026, 6, 1), "3511", within=f"{edge} m", geocoder=GEO)
    assert "E-AMS" in [p.expert_id for p in near]
    assert all(p.distance_m is not None and p.distance_m <= edge for p in near)
    short = directory_for(storage, dt.date(2026, 6, 1), "3511", within=f"{edge - 1} m", geocoder=GEO)
    assert "E-AMS" not in [p.expert_id for p in short]


def test_without_near_sorted_by_company(storage: Storage) -> None:
    licensed(storage, "L1", "b@x.example", company="Zeta")
    licensed(storage, "L2", "a@x.example", company="Alfa")
    profile(storage, "E1", "b@x.example", Establishment("3811 AB", "Stationsplein 1"))
    profile(storage, "E2", "a@x.example", Establishment("6211 AB", "Markt 1"))
    pins = directory_for(storage, dt.date(2026, 6, 1), geocoder=GEO)
    assert [p.company for p in pins] == ["Alfa", "Zeta"]
    assert all(p.distance_m is None and p.distance is None for p in pins)


# ----------------------------------------------------------------------- errors: never guess


def test_unknown_postcode_names_the_expert(storage: Storage) -> None:
    licensed(storage, "L1", "a@x.example")
    nowhere = Establishment("4999 AA", "Nergensstraat 1")
    with pytest.raises(UnknownPostcodeError, match="4999 AA"):  # registration refuses it
        profile(storage, "E1", "a@x.example", nowhere)
    # stored past the check (another tool, an older version): the directory names it
    storage.experts.add(Expert("E1", "Expert E1", "a@x.example", [nowhere], 5), NOW)  # type: ignore[attr-defined]
    with pytest.raises(UnknownPostcodeError) as info:
        directory_for(storage, dt.date(2026, 6, 1), geocoder=GEO)
    assert "4999 AA" in str(info.value) and "'E1'" in str(info.value) and "'L1'" in str(info.value)
    with pytest.raises(UnknownPostcodeError, match="near"):
        directory_for(MemoryStorage(), dt.date(2026, 6, 1), "4999", geocoder=GEO)


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"on": dt.datetime(2026, 6, 1, tzinfo=dt.UTC)}, "on"),
    ({"on": "2026-06-01"}, "on"),
    ({"limit": 0}, "limit"),
    ({"limit": True}, "limit"),
    ({"within": "10 km"}, "within"),
    ({"near": "3511", "within": "10 kg"}, "within"),
    ({"near": "0123"}, "near"),
    ({"near": "3511 SS"}, "near"),
])
def test_bad_input_is_an_error(kwargs: dict[str, object], field: str) -> None:
    args: dict[str, object] = {"on": dt.date(2026, 6, 1), "geocoder": GEO, **kwargs}
    with pytest.raises(InvalidValueError) as info:
        directory_for(MemoryStorage(), **args)  # type: ignore[arg-type]
    assert info.value.field == field


# ----------------------------------------------------------------------- property


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(licence_rows, st.integers(0, 400), directory_near)
def test_listing_is_exactly_the_valid_full_address_experts(
        rows: list[tuple[int, int, str, bool]], offset: int, near: str | None) -> None:
    s = MemoryStorage()
    start = dt.date(2026, 1, 1)
    expected = set()
    licensed_ids = set()
    day = start + dt.timedelta(days=offset)
    for i, (begin, length, pc, full) in enumerate(rows):
        period = (start + dt.timedelta(days=begin), start + dt.timedelta(days=begin + length))
        LicenceService(s).create(f"C{i}", "Contact", "c@x.example", *period, licence_id=f"L{i}")
        LicenceService(s).verify_training(f"e{i}@x.example", "X", dt.date(2025, 1, 1))
        s.licences.add_expert(f"L{i}", f"e{i}@x.example", dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
        profile(s, f"E{i}", f"e{i}@x.example", Establishment(pc, "Straat 1" if full else None))
        if period[0] <= day <= period[1]:
            licensed_ids.add(f"E{i}")
            if full:
                expected.add((f"L{i}", f"E{i}"))
    pins = directory_for(s, day, near, geocoder=GEO)
    assert {(p.licence_id, p.expert_id) for p in pins} == expected
    assert all(isinstance(p, LicensedListing) for p in pins)
    if near is not None:
        assert [p.distance_m for p in pins] == sorted(p.distance_m for p in pins if p.distance_m is not None)
    assert licensed_expert_ids(s, day) == licensed_ids


# ----------------------------------------------------------------------- CLI


def test_cli_directory_json_and_table_on_sqlite(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    s = open_storage(url)
    for i, (eid, pc) in enumerate(ISSUE_EXPERTS):
        licensed(s, f"L{i}", f"{eid.lower()}@x.example",
                 period=(dt.date(2026, 1, 1), dt.date(2026, 3, 31) if eid == "E-AMF" else dt.date(2026, 12, 31)))
        profile(s, eid, f"{eid.lower()}@x.example", Establishment(pc, "Hoofdstraat 1"))
    s.close()
    runner = CliRunner()
    result = runner.invoke(cli, ["directory", "--storage", url, "--near", "3511", "--on", "2026-06-01",
                                 "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    ids = [p["expert_id"] for p in data["pins"]]
    assert "E-AMF" not in ids  # its licence expired on 2026-03-31
    assert ids == sorted(ids, key=lambda e: geodesic_km("3511", dict(ISSUE_EXPERTS)[e]))
    assert data["on"] == "2026-06-01"
    result = runner.invoke(cli, ["directory", "--storage", url, "--on", "2026-02-01", "--limit", "2", "--lang", "en"],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    # the date in words, never ISO, in what people read (issue 14)
    assert "Licence holders on 1 February 2026" in result.output and "E-AMF" in result.output
    result = runner.invoke(cli, ["directory", "--storage", url, "--on", "2026-13-01"])
    assert result.exit_code != 0
