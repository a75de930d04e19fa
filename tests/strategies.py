"""Shared Hypothesis strategies for the property tests of blikopwerk, werkscan and keurmerk.

One place for the generators (as attrs keeps one strategies module): the property tests
import them with ``from strategies import ...`` (``pythonpath = ["tests"]`` in
pyproject.toml). Each strategy says what it generates and which rules it serves.
Moved here as they were: changing one changes the strength of every test that uses it.

Plain knobs of one test's harness (a flag, a chunk size, a split point, a list length)
stay next to that test.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from blikopwerk._backends.offline_geocoder import pc4_table
from keurmerk import Respondent
from werkscan import STAFFEL_EXAMPLE_TABLE, SignalArea

# =================================================================== kernel (blikopwerk)

# ------------------------------------------------------------------- money (K-MON-1)

amounts: st.SearchStrategy[Decimal] = st.decimals(
    min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=4, allow_nan=False, allow_infinity=False)
"""Euro amounts from -1e9 to 1e9 with up to four decimals, so rounding to cents matters (K-MON-1)."""

# ------------------------------------------------------------------- postcodes (K-PC-1)

pc4_digits: st.SearchStrategy[int] = st.integers(1000, 9999)
"""The four digits of a postcode, first not 0 (K-PC-1)."""

postcode_letters: st.SearchStrategy[str] = st.text("ABCDEFGHIJKLMNOPQRTUVWXYZ", min_size=2, max_size=2)
"""Two capital letters without S, so never a pair that is not issued (SA, SD, SS; K-PC-1)."""

postcode_separators: st.SearchStrategy[str] = st.sampled_from(["", " ", "  "])
"""What people type between the digits and the letters: nothing, one space or two (K-PC-1)."""

# ------------------------------------------------------------------- PC4 areas and distances (K-GEO-1)

PC4_AREAS: list[str] = sorted(pc4_table())
"""Every PC4 area of the offline geocoder's table, in code order."""

pc4_areas: st.SearchStrategy[str] = st.sampled_from(PC4_AREAS)
"""A PC4 area the offline geocoder knows (K-GEO-1; worker and expert areas for WS-LEAD-2)."""

# ------------------------------------------------------------------- working days (K-DAY-1)

calendar_dates: st.SearchStrategy[dt.date] = st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31))
"""Start days from 2020 to 2030, any weekday, holidays included (K-DAY-1)."""

# =================================================================== werkscan: scoring

SIGNAL_AREAS: list[str] = [a.value for a in SignalArea]
"""The eight signal areas, as the names used in answers and batch columns (WS-SIG-1)."""

SIGNAL_LEVELS: list[str] = ["strong", "weak", "none"]
"""The three levels of a signal area (WS-SIG-1)."""


@st.composite
def valid_answers(draw: st.DrawFn) -> dict[str, Any]:
    """Complete, valid nested answers: every WAI item in range and a level for every signal area.

    Items: work ability 0-10 (WS-WAI-1), demands 1-5 and the nature of the work (WS-WAI-2),
    diagnosed diseases 0-51 (WS-WAI-3), impairment 1-6 (WS-WAI-4), sick-leave days 0-365
    (WS-WAI-5), prognosis 1, 4 or 7 (WS-WAI-6), three mental-resource answers 0-4
    (WS-WAI-7); signals per WS-SIG-1.
    """
    wai: dict[str, Any] = {
        "current_work_ability": draw(st.integers(0, 10)),
        "physical_demands": draw(st.integers(1, 5)),
        "mental_demands": draw(st.integers(1, 5)),
        "work_nature": draw(st.sampled_from(["physical", "mental", "both"])),
        "diagnosed_diseases": draw(st.integers(0, 51)),
        "impairment": draw(st.integers(1, 6)),
        "sick_leave_days": draw(st.integers(0, 365)),
        "prognosis": draw(st.sampled_from([1, 4, 7])),
        "mental_resources": draw(st.lists(st.integers(0, 4), min_size=3, max_size=3)),
    }
    signals = {a: draw(st.sampled_from(SIGNAL_LEVELS)) for a in SIGNAL_AREAS}
    return {"wai": wai, "signals": signals}


BATCH_INT_RANGES: dict[str, tuple[int, int]] = {
    "current_work_ability": (0, 10), "physical_demands": (1, 5), "mental_demands": (1, 5),
    "diagnosed_diseases": (0, 51), "impairment": (1, 6), "sick_leave_days": (0, 365), "prognosis": (1, 7),
    "mental_resources_1": (0, 4), "mental_resources_2": (0, 4), "mental_resources_3": (0, 4),
}
"""The valid range of every integer column of a flat batch row (WS-WAI-1..7)."""


def int_cell(lo: int, hi: int) -> st.SearchStrategy[int | None]:
    """An integer cell: mostly within ``lo..hi``, sometimes out of range (-5..400) or missing (WS-WAI-10)."""
    return st.one_of(st.integers(lo, hi), st.integers(lo, hi), st.integers(lo, hi),
                     st.integers(-5, 400), st.none())


def enum_cell(values: list[str]) -> st.SearchStrategy[str | None]:
    """A text cell: mostly one of ``values``, sometimes unknown (``"bogus"``, empty, wrong case) or missing.

    Serves WS-WAI-2 (nature of the work), WS-WAI-5 (sick-leave bands), WS-SIG-1 (levels)
    and their errors (WS-WAI-10).
    """
    return st.one_of(st.sampled_from(values), st.sampled_from(values), st.sampled_from(values),
                     st.sampled_from(["bogus", "", "Strong"]), st.none())


@st.composite
def batch_rows(draw: st.DrawFn) -> dict[str, Any]:
    """A flat row, usually valid, sometimes with missing, out-of-range or unknown values.

    Sick leave comes as days, as a band, as both or as neither (WS-WAI-5); prognosis may be
    a value other than 1, 4, 7 (WS-WAI-6); every error is one the scalar path names (WS-WAI-10).
    """
    row: dict[str, Any] = {c: draw(int_cell(*BATCH_INT_RANGES[c])) for c in BATCH_INT_RANGES}
    row["prognosis"] = draw(st.one_of(st.sampled_from([1, 4, 7]), st.sampled_from([1, 4, 7]),
                                      st.integers(-2, 9), st.none()))
    row["work_nature"] = draw(enum_cell(["physical", "mental", "both"]))
    kind = draw(st.sampled_from(["days", "days", "band", "band", "both", "neither"]))
    band = draw(enum_cell(["none", "1-9", "10-24", "25-99", "100-365"]))
    if kind == "band":
        row["sick_leave_days"] = None
    if kind in ("band", "both"):
        row["sick_leave_band"] = band
    else:
        row["sick_leave_band"] = None
    if kind == "neither":
        row["sick_leave_days"] = None
    for a in SIGNAL_AREAS:
        row[a] = draw(enum_cell(SIGNAL_LEVELS))
    return row


half_scores: st.SearchStrategy[float] = st.integers(14, 98).map(lambda h: h / 2)
"""WAI scores 7-49 in half points, as floats (WS-WAI-8): band and advice edges (WS-WAI-9, WS-ADV-2, -3)."""

exact_half_scores: st.SearchStrategy[Decimal] = st.integers(14, 98).map(lambda n: Decimal(n) / 2)
"""WAI scores 7-49 in half points, as exact Decimals (WS-WAI-8), as a lead carries them (WS-LEAD-7)."""

signal_level_lists: st.SearchStrategy[list[str]] = st.lists(st.sampled_from(SIGNAL_LEVELS),
                                                            min_size=len(SIGNAL_AREAS),
                                                            max_size=len(SIGNAL_AREAS))
"""One level per signal area, in ``SignalArea`` order (WS-SIG-1), as an open lead shows them (WS-LEAD-7)."""

# =================================================================== werkscan: batch text matcher

TEXT_VALUE_SETS: list[tuple[str, ...]] = [
    ("strong", "weak", "none"),  # signal levels (WS-SIG-1)
    ("physical", "mental", "both"),  # work nature (WS-WAI-2): "physical" is all eight key bytes
    ("none", "1-9", "10-24", "25-99", "100-365"),  # sick-leave bands (WS-WAI-5)
    ("", "é", "ëë", "x\x00"),  # empty, multi-byte UTF-8, an embedded NUL
    tuple(f"v{i}" for i in range(16)),  # as many values as the kernel has slots
    ("twaalf bytes", "kort"),  # twelve bytes: all of a string_view's inline bytes, past the kernel's eight
    ("twaalf bytes", "twaalf byteS", "twee"),  # one length, the same first four bytes: views hand over
]
"""The value sets the batch path matches text columns against, and the awkward ones."""


def near_misses(values: tuple[str, ...]) -> list[str]:
    """Texts that almost equal one of ``values``: a byte more or less, other case, a NUL, repeated, longer."""
    out: list[str] = []
    for v in values:
        out += [v + "x", v[:-1], v.upper(), v + "\x00", " " + v, v * 2, v + "abcdefgh"]
    return out


@st.composite
def text_match_cases(draw: st.DrawFn) -> tuple[tuple[str, ...], list[str | None]]:
    """A value set (a known one or up to 16 texts of at most 13 bytes) and up to 60 cells to match.

    Cells are values, near misses, any text up to 16 characters, or null: the text columns of
    WS-WAI-2, WS-WAI-5 and WS-SIG-1 in the batch path. Values of up to 8 bytes fit the
    kernel, up to 12 the views; longer ones are handed on to ``index_in``.
    """
    values = draw(st.one_of(
        st.sampled_from(TEXT_VALUE_SETS),
        st.lists(st.text(max_size=13).filter(lambda t: len(t.encode()) <= 13), min_size=1, max_size=16,
                 unique=True).map(tuple),
    ))
    cell = st.one_of(st.sampled_from(values), st.sampled_from(near_misses(values)), st.text(max_size=16),
                     st.none())
    return values, draw(st.lists(cell, max_size=60))


# =================================================================== werkscan: CLI progress

csv_row_counts: st.SearchStrategy[int] = st.integers(0, 60)
"""Data rows in a CSV batch: none, fewer and more than the 40 of the example batch."""

csv_block_sizes: st.SearchStrategy[int] = st.integers(1, 200)
"""Read block sizes in bytes, below and above one line, so line ends fall on block edges."""

# =================================================================== werkscan: leads

offer_times: st.SearchStrategy[dt.datetime] = st.datetimes(min_value=dt.datetime(2024, 1, 1),
                                                           max_value=dt.datetime(2030, 12, 31),
                                                           timezones=st.just(dt.UTC))
"""Offer moments 2024-2030 in UTC, any time of day, so the Dutch day may differ (WS-LEAD-5, WS-LEAD-6)."""

expert_rows: st.SearchStrategy[list[tuple[str, int, bool]]] = st.lists(
    st.tuples(st.sampled_from(PC4_AREAS), st.integers(0, 3), st.booleans()),
    min_size=0, max_size=40,
)
"""Up to 40 experts as (PC4 area, open leads 0-3, available): matching and its order (WS-LEAD-1..4)."""

dense_pc4_areas: st.SearchStrategy[str] = st.sampled_from(PC4_AREAS[:600])
"""One of the first 600 PC4 areas: a small region, so experts crowd and tie (WS-LEAD-2, K-GEO-1)."""

dense_expert_rows: st.SearchStrategy[list[tuple[str, int, bool]]] = st.lists(
    st.tuples(st.sampled_from(PC4_AREAS[:600]), st.integers(0, 2), st.booleans()),
    min_size=50, max_size=300,
)
"""50-300 experts in the first 600 PC4 areas as (area, open leads 0-2, available): many ties (WS-LEAD-2)."""

grid_cells: st.SearchStrategy[str] = st.sampled_from(["0.5 km", "2 km", "5 km", "60 km"])
"""Cell sizes of the expert index grid, from far below to above the 50 km limit (WS-LEAD-2, K-GEO-1)."""

small_pc4_areas: st.SearchStrategy[str] = st.sampled_from(PC4_AREAS[:300])
"""One of the first 300 PC4 areas: workers close enough to compete for the same experts (WS-LEAD-4)."""

capped_expert_rows: st.SearchStrategy[list[tuple[str, int, int]]] = st.lists(
    st.tuples(st.sampled_from(PC4_AREAS[:300]), st.integers(0, 2), st.integers(1, 4)),
    min_size=1, max_size=40,
)
"""1-40 experts in the first 300 PC4 areas as (area, open leads 0-2, lead cap 1-4) (WS-LEAD-4)."""

lead_distances_m: st.SearchStrategy[float] = st.floats(0, 50_000)
"""Distances in metres from 0 to the 50 km limit (WS-LEAD-2), shown only as a band (WS-LEAD-7)."""

# =================================================================== werkscan: licensing and directory

questionnaire_ids: st.SearchStrategy[list[str]] = st.lists(
    st.integers(min_value=0, max_value=140).map(lambda i: f"q{i}"), max_size=160)
"""Up to 160 completions of at most 141 questionnaire ids, repeats included (WS-STF-1, WS-STF-6)."""

staffel_sizes: st.SearchStrategy[int] = st.sampled_from(STAFFEL_EXAMPLE_TABLE.keys()[:3])
"""Staffels of 25, 50 or 100: small enough to cross 80 % and overrun (WS-STF-2..4)."""

staffel_upgrades: st.SearchStrategy[int] = st.sampled_from(STAFFEL_EXAMPLE_TABLE.keys()[1:4])
"""A larger staffel to upgrade a 25 to (WS-STF-5)."""

DIRECTORY_POSTCODES: tuple[str, ...] = ("1012 AB", "3511 AB", "3811 AB", "5211 AB", "6211 AB", "2511 AA",
                                        "9711 AA")
"""Full postcodes the offline geocoder knows, spread over the country."""

licence_rows: st.SearchStrategy[list[tuple[int, int, str, bool]]] = st.lists(
    st.tuples(st.integers(0, 364), st.integers(0, 200), st.sampled_from(DIRECTORY_POSTCODES), st.booleans()),
    min_size=1, max_size=6)
"""1-6 licences as (first day in 2026, days, postcode, full address or not) (WS-LIC-1, WS-DIR-1, K-PC-2)."""

directory_near: st.SearchStrategy[str | None] = st.sampled_from(("1012", "3511", "6211", None))
"""Where a directory search is near, or None for no distance order (K-GEO-1)."""

# =================================================================== keurmerk

turnovers: st.SearchStrategy[Decimal] = st.decimals(min_value=0, max_value=Decimal(10) ** 9, places=2,
                                                    allow_nan=False, allow_infinity=False)
"""Annual turnovers 0 to 1e9 in cents: fee bands (KM-FEE-1, KM-FEE-2) and the audit route (KM-AUD-1)."""

employees: st.SearchStrategy[int] = st.integers(min_value=1, max_value=100_000)
"""Employee counts 1 to 100,000 for the man-day table (KM-AUD-3)."""

audit_years: st.SearchStrategy[int] = st.integers(min_value=1, max_value=30)
"""Audit years 1-30: year 1 and later years (KM-AUD-3)."""

later_audit_years: st.SearchStrategy[int] = st.integers(min_value=2, max_value=50)
"""Audit years after the first (KM-AUD-3)."""

period_starts: st.SearchStrategy[dt.date] = st.dates(min_value=dt.date(1990, 1, 1),
                                                     max_value=dt.date(2200, 12, 31))
"""Start days of a measurement period, leap days included (KM-CAL-1..3)."""

client_marks: st.SearchStrategy[int] = st.integers(min_value=1, max_value=10)
"""A client's whole mark 1-10 (KM-SAT-5)."""


@st.composite
def surveys(draw: st.DrawFn) -> tuple[list[Respondent], dict[int, int]]:
    """Client respondents of one to four services and each service's net sample.

    Marks may be missing; some questionnaires lack the service aspects and do not count
    (KM-SAT-2); a service's net sample is at least its number of marks and never zero.
    Serves response (KM-SAT-1), the correction (KM-SAT-4) and publication (KM-SAT-6).
    """
    services = draw(st.lists(st.sampled_from([1, 3, 5, 7, 8, 9, 13]), min_size=1, max_size=4, unique=True))
    records: list[Respondent] = []
    net: dict[int, int] = {}
    for s in services:
        marks = draw(st.lists(st.one_of(st.none(), client_marks), max_size=30))
        incomplete = draw(st.integers(min_value=0, max_value=5))
        records += [Respondent.create("client", service=s, mark=m) for m in marks]
        records += [Respondent.create("client", service=s, mark=1, aspects_answered=False)] * incomplete
        net[s] = len(marks) + draw(st.integers(min_value=0 if marks else 1, max_value=500))
    return records, net


recommendations: st.SearchStrategy[list[str | None]] = st.lists(
    st.sampled_from(["recommended", "not_recommended", "advised_against", None]), max_size=60)
"""Up to 60 recommendation answers, unanswered included (KM-SAT-7)."""

optional_pcts: st.SearchStrategy[int | None] = st.one_of(st.none(), st.integers(min_value=0, max_value=100))
"""A whole percentage 0-100 or none: performance and trained-staff criteria (KM-STAR-2)."""

marks10: st.SearchStrategy[Decimal | None] = st.one_of(st.none(),
                                                       st.decimals(min_value=1, max_value=10, places=1))
"""A mark 1-10 with one decimal or none: client and principal marks for stars (KM-STAR-2, KM-SAT-5)."""

# =================================================================== werkscan: advice policies, evaluation reports

signal_policies: st.SearchStrategy[str] = st.sampled_from(["off", "strong", "strong_and_weak"])
"""The policy on signals at a good WAI (WS-ADV-6): off (default), strong only, strong and weak."""

signal_levels_by_area: st.SearchStrategy[dict[str, str]] = st.fixed_dictionaries(
    {a: st.sampled_from(SIGNAL_LEVELS) for a in SIGNAL_AREAS})
"""A level for each of the eight signal areas, in the JSON form (WS-SIG-1)."""


@st.composite
def measurements(draw: st.DrawFn) -> Any:
    """A measurement for a repeat measurement: a WAI 7-49 in half points and eight signal levels (WS-RPT-5)."""
    from werkscan import Measurement

    return Measurement.from_score(draw(half_scores), draw(signal_levels_by_area))


measurement_records: st.SearchStrategy[list[tuple[Any, Any, Any]]] = st.lists(
    st.tuples(st.sampled_from(["w1", "w2", "w3", "w4", "w5", "w6"]), st.sampled_from([1, 2, 2, 1, 3]),
              measurements()),
    max_size=14)
"""Questionnaires of a few workers with measurement labels 1, 2 and sometimes 3: pairs, workers
with one measurement, and second questionnaires of a worker for one label (WS-RPT-5)."""


@st.composite
def funnel_rows(draw: st.DrawFn) -> dict[str, Any]:
    """A started questionnaire for the funnel (WS-RPT-6): usually consistent, sometimes not
    (a conversation without completion, held but not requested, advice missing or unknown,
    an empty route, a missing flag)."""
    completed = draw(st.booleans())
    requested = completed and draw(st.booleans())
    row: dict[str, Any] = {
        "route": draw(st.sampled_from(["free", "anonymous", "link", "code"])),
        "completed": completed,
        "advice": draw(st.sampled_from(["urgent", "advised", "none"])) if completed else None,
        "requested": requested,
        "held": requested and draw(st.booleans()),
    }
    if draw(st.integers(0, 9)) == 0:  # one field made wrong
        field = draw(st.sampled_from(["route", "completed", "advice", "requested", "held"]))
        row[field] = draw({"route": st.sampled_from(["", "  ", None]),
                           "completed": st.sampled_from([None, not completed]),
                           "advice": st.sampled_from([None, "bogus", "none", "urgent"]),
                           "requested": st.sampled_from([None, not requested]),
                           "held": st.sampled_from([None, True])}[field])
    return row
