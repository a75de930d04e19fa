"""Fuzzing every public keurmerk entry point and the ``keurmerk`` CLI with bad input (issue 11).

Each entry point is called with generated bad or odd values in one or more arguments
(wrong types, bools, huge ints over 4,300 digits, NaN and infinities, odd Unicode digits,
NUL bytes, lone surrogates, control characters, deep nesting, non-UTF-8 and broken files,
missing files, directories, output paths that cannot be written), the other arguments
valid. A call may succeed or raise the library's error (:class:`blikopwerk.BlikopwerkError`,
naming the field and the value for a field error); any other exception fails the test.
The CLI is run in-process through its entry point: it may succeed or exit non-zero with a
message on stderr, never a traceback.

Bounded: a fixed number of examples per entry point (``FUZZ_EXAMPLES``, default 60), the
whole module in a few seconds. ``FUZZ_REPORT=path.json`` writes the inputs tried per entry
point; ``FUZZ_COLLECT=1`` records non-library exceptions instead of failing (to count the
defects of a version, as in the closing note of issue 11).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import keurmerk
from blikopwerk import BlikopwerkError, FieldValueError, OfflineGeocoder
from fuzz import _harness as harness
from keurmerk import (
    KEURMERK_RULES,
    DefaultStarPolicy,
    Establishment,
    Provider,
    Respondent,
    StarInputs,
    SurveyData,
)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
COLLECT = os.environ.get("FUZZ_COLLECT") == "1" or os.environ.get("BLIKOPWERK_FUZZ_RECORD") == "1"
TRIED: Counter[str] = Counter()
FOUND: Counter[tuple[str, str]] = Counter()
FIRST: dict[tuple[str, str], str] = {}

FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                       HealthCheck.data_too_large])


# ----------------------------------------------------------------------------- the helper
# This module's checks (a field error names its field; a message is one short line) on top
# of the shared harness (``tests/fuzz/_harness.py``), which counts every call per entry point.


def assert_library_error(entry: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> BlikopwerkError | None:
    """Call ``fn``; fail on any exception that is not the library's error.

    Returns the library error raised, or ``None`` when the call succeeded. A field error
    must name its field, and its message must be printable on one line.
    """
    TRIED[entry] += 1
    try:
        fn(*args, **kwargs)
        harness.count(f"keurmerk.{entry}", "result")
    except BlikopwerkError as exc:
        harness.count(f"keurmerk.{entry}", "library error")
        try:
            message = str(exc)
        except Exception as inner:
            _found(entry, inner)
            return exc
        if isinstance(exc, FieldValueError) and not exc.field:
            _found(entry, _MessageDefect(f"a field error without a field: {message}"))
        if "\n" in message or len(message) > 2_000:
            _found(entry, _MessageDefect(f"message not one short line ({len(message)} characters): {message[:200]!r}"))
        return exc
    except Exception as exc:
        _found(entry, exc)
    return None


class _MessageDefect(Exception):
    """A library error whose message is not one short line naming the field."""


def _found(entry: str, exc: BaseException) -> None:
    if not isinstance(exc, _MessageDefect) and not entry.startswith("cli "):
        harness.count(f"keurmerk.{entry}", "other exception")
    harness.FAILURES[f"keurmerk.{entry}"][type(exc).__name__] += 1
    key = (entry, type(exc).__name__)
    FOUND[key] += 1
    FIRST.setdefault(key, f"{type(exc).__name__}: {str(exc)[:200]}")
    if not COLLECT:
        pytest.fail(f"{entry} raised {type(exc).__name__} (not the library's error): {str(exc)[:300]}")


@pytest.fixture(scope="module", autouse=True)
def _report() -> Iterator[None]:
    yield
    target = os.environ.get("FUZZ_REPORT")
    if target:
        Path(target).write_text(json.dumps({
            "tried": dict(sorted(TRIED.items())),
            "tried_total": sum(TRIED.values()),
            "non_library_exceptions": {f"{e} {t}": n for (e, t), n in sorted(FOUND.items())},
            "first_of_each": {f"{e} {t}": m for (e, t), m in sorted(FIRST.items())},
        }, indent=2, ensure_ascii=False), "utf-8")


# ----------------------------------------------------------------------------- bad values

HUGE = 10**5000
ODD: list[Any] = [
    None, True, False, 0, -1, 1, 2, 7, 11, 12, 13, 99, 2**63, -(2**63), HUGE, -HUGE,
    float("nan"), float("inf"), float("-inf"), -0.0, 1.5, 7.0,
    Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity"), Decimal("-Infinity"), Decimal("1e999999"),
    Decimal("-1e999999"), Decimal("1e-999999"), Decimal("-0"), Decimal("7.5"), Decimal("1E+30"),
    "", " ", "abc", "\x00", "7\x00", "²", "١٢", "𝟙", "٧", "７", "1e5", "+4", "-4", "4.5", "7,5", "nan", "NaN",
    "inf", "-Infinity", "9" * 5000, "1" + "0" * 4400, "1_000", "0x10", " 7 ", "\ud800", "\x1b[31mrood",
    "[link=https://example.org]klik[/link]", "[/]", "[bold]", ":smile:", "a" * 10_000,
    b"7", bytearray(b"7"), [], [1], [[]], (), {}, {"a": 1}, {1, 2}, object(), dt.date(2024, 2, 29),
    dt.date.min, dt.date.max, dt.datetime(2024, 1, 1), dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
    dt.datetime.max.replace(tzinfo=dt.UTC), dt.timedelta(days=1), Path("x"),
]

bad: st.SearchStrategy[Any] = st.one_of(
    st.sampled_from(ODD),
    st.text(max_size=20),
    st.integers(),
    st.floats(),
    st.decimals(),
    st.binary(max_size=8),
    st.lists(st.one_of(st.integers(-3, 20), st.text(max_size=3)), max_size=4),
    st.dictionaries(st.text(max_size=4), st.one_of(st.integers(), st.text(max_size=4)), max_size=3),
    st.dates(),
)


def either(*good: Any) -> st.SearchStrategy[Any]:
    """A valid value (one of ``good``) half of the time, a bad one otherwise."""
    return st.one_of(st.sampled_from(good), bad)


# --------------------------------------------------------------------- valid building blocks

GEO = OfflineGeocoder()
P1 = Provider("p1", "Werkpad", [("3511 AB", "Utrecht")], mark="8.1", stars=2, top_services=[7])
P2 = Provider("p2", "Loopbaanhuis", [("2511 AA", "Den Haag")], mark="7.2", stars=1)
CLIENTS = [Respondent.create("client", service=7, mark=m) for m in (8, 9, 7, 1)]
RESULT = keurmerk.analyse_survey(CLIENTS, {7: 10})
INPUTS = StarInputs(norms_met=True, client_mark="8.2")


class _NotAPolicy:
    name = "broken"

    def evaluate(self, inputs: Any) -> Any:
        return "no result"


class _TooMany:
    name = "too many"

    def evaluate(self, inputs: Any) -> keurmerk.StarResult:
        return keurmerk.StarResult(9, (), self.name)


# ---------------------------------------------------------------------- the entry points

# name -> (function, {argument: strategy}); positional arguments are named "0", "1", ...
ENTRIES: dict[str, tuple[Callable[..., Any], dict[str, st.SearchStrategy[Any]]]] = {
    "participant_fee": (keurmerk.participant_fee, {"0": either(100_000, "74999.50", Decimal(0)),
                                                   "services": either(None, [7, 8], [11]),
                                                   "rules": either(KEURMERK_RULES)}),
    "first_participant_fee": (keurmerk.first_participant_fee, {"0": either(100_000), "1": either("95", 0),
                                                               "services": either(None, [7])}),
    "turnover_band": (keurmerk.turnover_band, {"0": either(1, "250000")}),
    "audit_mandays": (keurmerk.audit_mandays, {"0": either(1, 30, 501), "1": either(1, 2)}),
    "audit_estimate": (keurmerk.audit_estimate, {"0": either(30), "1": either(1), "rate": either(None, "1000"),
                                                 "clients": either(None, 10), "sites": either(None, 2)}),
    "audit_route": (keurmerk.audit_route, {"0": either(249_999, "250000")}),
    "audit_exemption_eligible": (keurmerk.audit_exemption_eligible, {"0": either(4)}),
    "add_months": (keurmerk.add_months, {"0": either(dt.date(2024, 1, 31)), "1": either(1, 12),
                                         "roll_forward": either(False, True)}),
    "measurement_period": (keurmerk.measurement_period, {"0": either("2024-02-29", dt.date(2020, 1, 1))}),
    "MeasurementPeriod.contains": (lambda d: keurmerk.measurement_period("2024-01-01").contains(d),
                                   {"0": either(dt.date(2024, 5, 1))}),
    "MeasurementPeriod.in_data_request_window": (
        lambda d: keurmerk.measurement_period("2024-01-01").in_data_request_window(d),
        {"0": either(dt.date(2024, 12, 20))}),
    "withdrawal_deadline": (keurmerk.withdrawal_deadline, {"0": either("2024-02-20")}),
    "aspirant_end": (keurmerk.aspirant_end, {"0": either("2024-03-01"), "1": either(None, "2024-11-15")}),
    "get_service": (keurmerk.get_service, {"0": either(7, 12), "historic": either(False, True),
                                           "field": either("service")}),
    "services": (keurmerk.services, {"historic": either(False, True), "rules": either(KEURMERK_RULES)}),
    "invitation_plan": (keurmerk.invitation_plan, {"0": either("client", "principal"), "service": either(None, 11),
                                                   "learning_profile": either(None, 1, 3),
                                                   "successful_calls": either(0, 25)}),
    "telephone_subsidy": (keurmerk.telephone_subsidy, {"0": either(20), "1": either("12.50")}),
    "qualified_teachers_ok": (keurmerk.qualified_teachers_ok, {"0": either(10), "1": either(8)}),
    "unmeasured_services": (keurmerk.unmeasured_services, {"0": either([5, 7]), "1": either([5])}),
    "Respondent.create": (Respondent.create, {"0": either("client", "principal"), "service": either(None, 7),
                                              "mark": either(None, 8, "7.5"),
                                              "recommendation": either(None, "recommended"),
                                              "satisfaction": either(None, "tevreden"),
                                              "aspects_answered": either(True), "id": either(None, "r1"),
                                              "historic": either(False), "field": either("")}),
    "analyse_survey": (keurmerk.analyse_survey, {"0": either(CLIENTS, []), "1": either({7: 10}, {"7": 10}),
                                                 "2": either(None, 5), "historic": either(False),
                                                 "low_mark_value": either(None, 5)}),
    "corrected_mean": (keurmerk.corrected_mean, {"0": either([1, 8, 8]), "below": either(None, "5.5"),
                                                 "value": either(None, 5)}),
    "correction_applies": (keurmerk.correction_applies, {"0": either([1, 8, 8]), "good_mark": either(None, 7),
                                                         "share": either(None, "0.5")}),
    "shown_mark": (keurmerk.shown_mark, {"0": either([6, 7], [])}),
    "load_survey": (keurmerk.load_survey, {"0": either({"net_sample": {"7": 6}, "respondents": []})}),
    "SurveyData.analyse": (
        lambda rules, low: SurveyData(tuple(CLIENTS), {7: 10}).analyse(rules=rules, low_mark_value=low),
        {"0": either(KEURMERK_RULES), "1": either(None, 5)}),
    "load_providers": (keurmerk.load_providers, {"0": either({"providers": []})}),
    "Establishment": (Establishment, {"0": either("3511 AB", "3511"), "1": either("Utrecht"),
                                      "po_box": either(False)}),
    "Provider": (Provider, {"0": either("p1"), "1": either("Werkpad"), "2": either([("3511 AB", "Utrecht")]),
                            "presentation": either(""), "distinguishing": either(""),
                            "mark": either(None, "8.1"), "stars": either(0, 4),
                            "top_services": either((), [7]), "top_target_groups": either((), ["Jongeren"]),
                            "explanations": either({}, {"7": "uitleg"})}),
    "search_providers": (keurmerk.search_providers, {"0": either([P1, P2], []), "query": either(None, "werk"),
                                                     "near": either(None, "3511"), "within": either(None, "50 km"),
                                                     "service": either(None, 7),
                                                     "target_group": either(None, "jongeren"),
                                                     "order": either(None, "mark", "stars", "relevance"),
                                                     "geocoder": either(GEO)}),
    "normalise_text": (keurmerk.normalise_text, {"0": either("Coöperatie")}),
    "StarInputs": (StarInputs, {"norms_met": either(True), "aspirant": either(False),
                                "client_mark": either(None, "8.2"), "principal_mark": either(None, 8),
                                "performance_pct": either(None, 80), "effort_pct": either(None, 10),
                                "staff_pct": either(None, 100), "exam_guarantee": either(False),
                                "services": either((), [1])}),
    "stars": (keurmerk.stars, {"0": either(INPUTS), "policy": either(None, _NotAPolicy(), _TooMany()),
                               "rules": either(KEURMERK_RULES)}),
    "DefaultStarPolicy.from_rules": (lambda rules, mark: DefaultStarPolicy.from_rules(rules, client_mark=mark),
                                     {"0": either(KEURMERK_RULES), "1": either("8.5")}),
    "SurveyReference.from_mapping": (keurmerk.SurveyReference.from_mapping,
                                     {"0": either({"clients_mark": "7.4"}, {"service_marks": {"7": "7.6"}},
                                                  {"label": {"nl": "Alle", "en": "All"}}, {})}),
    "SurveyReference": (keurmerk.SurveyReference, {"clients_mark": either(None, "7.4"),
                                                   "service_marks": either({}, {7: "7.1"}),
                                                   "label": either("", "Alle deelnemers")}),
}


def _call(fn: Callable[..., Any], drawn: dict[str, Any]) -> tuple[list[Any], dict[str, Any]]:
    positional = [drawn[k] for k in sorted((k for k in drawn if k.isdigit()), key=int)]
    return positional, {k: v for k, v in drawn.items() if not k.isdigit()}


def test_every_public_function_and_class_is_fuzzed() -> None:
    """A new public callable must get an entry here (or a file/CLI test below)."""
    covered = {name.split(".")[0] for name in ENTRIES} | {
        "load_providers_file", "load_survey_file", "write_survey_report", "mark_distribution_png",
        "survey_table_rows"}
    not_inputs = {"AuditArrangement", "AuditEstimate", "AuditRoute", "Criterion", "InvitationPlan", "ManDays",
                  "MeasurementPeriod", "NormVerdict", "PromoterScore", "ResponseRow", "SatisfactionDistribution",
                  "SearchHit", "Service", "ServiceNorm", "StarPolicy", "StarResult", "SurveyResult",
                  "TariffNotInSourcesError"}
    public = {n for n in keurmerk.__all__ if callable(getattr(keurmerk, n)) and not n.isupper()}
    assert public - not_inputs <= covered, sorted(public - not_inputs - covered)


@pytest.mark.parametrize("entry", sorted(ENTRIES))
@FUZZ
@given(data=st.data())
def test_entry_point_answers_bad_input_with_the_library_error(entry: str, data: st.DataObject) -> None:
    fn, strategies = ENTRIES[entry]
    drawn = {name: data.draw(strategy, label=name) for name, strategy in strategies.items()}
    args, kwargs = _call(fn, drawn)
    assert_library_error(entry, fn, *args, **kwargs)


# ------------------------------------------------------------------------------- files

_PROVIDER = {"id": "p1", "name": "Werkpad", "mark": "8.1", "stars": 2,
             "establishments": [{"postcode": "3511 AB", "city": "Utrecht"}]}
_SURVEY = {"provider": "Werkpad", "net_sample": {"7": 6},
           "respondents": [{"kind": "client", "service": 7, "mark": 8}]}


def _json_bytes(base: dict[str, Any], path: list[Any], value: Any) -> bytes:
    """``base`` with the value at ``path`` replaced (as JSON text where it is not JSON)."""
    doc = json.loads(json.dumps(base))
    target = doc
    for key in path[:-1]:
        target = target[key]
    marker = "@@VALUE@@"
    target[path[-1]] = marker
    text = json.dumps(doc, ensure_ascii=False)
    try:
        raw = json.dumps(value, ensure_ascii=False, allow_nan=True)
    except (TypeError, ValueError):
        raw = json.dumps(str(value)[:50]) if not isinstance(value, int) else "1" + "0" * 4400
    return text.replace(json.dumps(marker), raw).encode("utf-8", "surrogatepass")


_BROKEN: list[bytes] = [
    b"", b"\xff\xfe{\x00", b"\x80abc", "{}".encode("utf-16"), b"\xef\xbb\xbf{}", b"{", b"null", b"[]", b"42",
    b'"text"', b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 5_000 + b"1" + b"}" * 5_000, b"NaN",
    b'{"providers": [' + b"[" * 3000 + b"]" * 3000 + b"]}", b"\x00" * 10,
    b'{"providers": [{"id": "p1", "name": "W", "stars": 1' + b"0" * 5000 + b', "establishments": []}]}',
    b'{"net_sample": {"7": 1' + b"0" * 5000 + b'}, "respondents": []}',
    b'{"net_sample": {"7": NaN}, "respondents": []}', b'{"net_sample": {"7": Infinity}, "respondents": []}',
    b'{"net_sample": {"\xd9\xa7": 5}, "respondents": []}',
]

_PROVIDER_PATHS: list[list[Any]] = [["id"], ["name"], ["mark"], ["stars"], ["establishments"],
                                    ["establishments", 0, "postcode"], ["establishments", 0, "city"],
                                    ["establishments", 0, "po_box"], ["top_services"], ["top_target_groups"],
                                    ["explanations"], ["presentation"]]
_SURVEY_PATHS: list[list[Any]] = [["provider"], ["net_sample"], ["net_sample", "7"], ["respondents"],
                                  ["respondents", 0, "kind"], ["respondents", 0, "service"],
                                  ["respondents", 0, "mark"], ["respondents", 0, "aspects_answered"],
                                  ["respondents", 0, "id"], ["historic"], ["period"], ["principals_net_sample"]]

json_values = st.one_of(st.sampled_from([v for v in ODD if isinstance(v, str | int | float | list | dict | bool)
                                         or v is None]),
                        st.text(max_size=10), st.integers(), st.floats(), st.lists(st.integers(), max_size=3))


@st.composite
def provider_files(draw: st.DrawFn) -> bytes:
    if draw(st.booleans()):
        return draw(st.one_of(st.sampled_from(_BROKEN), st.binary(max_size=40)))
    path = draw(st.sampled_from(_PROVIDER_PATHS))
    return _json_bytes({"providers": [_PROVIDER]}, ["providers", 0, *path], draw(json_values))


@st.composite
def survey_files(draw: st.DrawFn) -> tuple[str, bytes]:
    if draw(st.booleans()):
        content = draw(st.one_of(st.sampled_from(_BROKEN), st.binary(max_size=40)))
        return draw(st.sampled_from([".json", ".csv", ".txt", ""])), content
    if draw(st.booleans()):
        cell = draw(st.one_of(st.sampled_from(["²", "٧", "7\x00", "", "nan", "9" * 5000, "\ud800", "true", "ja"]),
                              st.text(max_size=6)))
        header = draw(st.sampled_from(["id,kind,service,mark,aspects_answered", "kind,service,mark",
                                       "\ufeffkind,service,mark", "kind;service;mark", "kind,service"]))
        row = draw(st.sampled_from([f"client,{cell},8", f"client,7,{cell}", f"{cell},7,8", f"client,7,8,{cell}",
                                    f"x,client,7,{cell},true"]))
        return ".csv", f"{header}\n{row}\n".encode("utf-8", "surrogatepass")
    path = draw(st.sampled_from(_SURVEY_PATHS))
    return ".json", _json_bytes(_SURVEY, path, draw(json_values))


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("fuzz_keurmerk")
    (d / "a_directory.json").mkdir()
    (d / "not_a_dir").write_text("x", "utf-8")
    return d


def _special_paths(d: Path) -> list[Any]:
    return [d / "missing.json", d / "a_directory.json", d, str(d / "x\x00.json"), d / "not_a_dir" / "f.json",
            "", 42, None, b"providers.json", d / ("x" * 300 + ".json"), Path("/proc/keurmerk.json")]


@FUZZ
@given(content=provider_files(), special=st.integers(0, 30))
def test_load_providers_file(workdir: Path, content: bytes, special: int) -> None:
    paths = _special_paths(workdir)
    if special < len(paths):
        target: Any = paths[special]
    else:
        target = workdir / "providers.json"
        target.write_bytes(content)
    assert_library_error("load_providers_file", keurmerk.load_providers_file, target)


@FUZZ
@given(file=survey_files(), special=st.integers(0, 30), net=either(None, {7: 6}),
       principals=either(None, 3), historic=either(False))
def test_load_survey_file(workdir: Path, file: tuple[str, bytes], special: int, net: Any, principals: Any,
                          historic: Any) -> None:
    paths = _special_paths(workdir)
    if special < len(paths):
        target: Any = paths[special]
    else:
        suffix, content = file
        target = workdir / f"survey{suffix}"
        target.write_bytes(content)
    assert_library_error("load_survey_file", keurmerk.load_survey_file, target, net_sample=net,
                         principals_net_sample=principals, historic=historic)


@pytest.mark.parametrize("make", [
    pytest.param(lambda d: d / "missing_dir" / "r.pdf", id="missing-folder"),
    pytest.param(lambda d: d / "not_a_dir" / "r.html", id="file-as-folder"),
    pytest.param(lambda d: d / "dir.pdf", id="folder"),
    pytest.param(lambda d: str(d / "r\x00.pdf"), id="nul"),
    pytest.param(lambda d: 42, id="int"),
    pytest.param(lambda d: None, id="none"),
    pytest.param(lambda d: Path("/proc/keurmerk.pdf"), id="proc"),
    pytest.param(lambda d: d / "r.txt", id="suffix"),
    pytest.param(lambda d: "", id="empty"),
    pytest.param(lambda d: d, id="folder-without-suffix"),
])
def test_write_survey_report_paths(workdir: Path, make: Callable[[Path], Any]) -> None:
    (workdir / "dir.pdf").mkdir(exist_ok=True)
    assert_library_error("write_survey_report", keurmerk.write_survey_report, RESULT, make(workdir))


@pytest.mark.parametrize("value", [None, 7, "x", CLIENTS], ids=["none", "int", "text", "list"])
@pytest.mark.parametrize("fn", [
    pytest.param(keurmerk.survey_table_rows, id="survey_table_rows"),
    pytest.param(keurmerk.mark_distribution_png, id="mark_distribution_png"),
])
def test_report_functions_refuse_what_is_not_a_survey_result(fn: Callable[[Any], Any], value: Any) -> None:
    assert_library_error(fn.__name__, fn, value)


# -------------------------------------------------------------------------------- the CLI

TOKENS: list[str] = [s for s in ODD if isinstance(s, str) and "\ud800" not in s and "\x00" not in s] + [
    "100000", "-5", "30", "7,8", "11", "7=6", "seven", "8=", "=5", "7=²", "²=5", "7=" + "9" * 5000,
    "2024-02-29", "29-02-2024", "--", "-", "3511", "3511 AB", "0123", "50 km", "1e999 km", "-3 km", "NaN km",
]


@st.composite
def cli_args(draw: st.DrawFn, d: Path) -> list[str]:
    tok = st.one_of(st.sampled_from(TOKENS), st.text(alphabet=st.characters(blacklist_categories=["Cs"],
                                                                            blacklist_characters="\x00"),
                                                     max_size=8))
    providers = d / "cli_providers.json"
    survey = d / "cli_survey.json"
    out = st.sampled_from([str(d / "missing_dir" / "r.pdf"), str(d / "a_directory.json"), str(d / "not_a_dir" / "r.html"),
                           "/proc/keurmerk.pdf", str(d / "r.txt"), str(d / "ok.html")])
    command = draw(st.sampled_from(["fee", "audit", "calendar", "services", "stars", "survey", "search"]))
    if command == "fee":
        args = ["fee", "--", draw(tok)] if draw(st.booleans()) else ["fee", draw(tok)]
        for opt in ("--services", "--manual-price"):
            if draw(st.booleans()):
                args[1:1] = [opt, draw(tok)]
    elif command == "audit":
        args = ["audit", "--employees", draw(tok)]
        for opt in ("--year", "--turnover", "--rate", "--clients", "--sites"):
            if draw(st.booleans()):
                args += [opt, draw(tok)]
    elif command == "calendar":
        args = ["calendar", draw(tok)]
        for opt in ("--registered", "--aspirant-from", "--periods"):
            if draw(st.booleans()):
                args += [opt, draw(tok)]
    elif command == "services":
        args = ["services", *draw(st.sampled_from([[], ["--historic"], ["--format", "json"]]))]
    elif command == "stars":
        args = ["stars"]
        for opt in ("--client-mark", "--principal-mark", "--performance-pct", "--effort-pct", "--staff-pct",
                    "--service"):
            if draw(st.booleans()):
                args += [opt, draw(tok)]
    elif command == "survey":
        survey.write_bytes(draw(survey_files())[1])
        args = ["survey", draw(st.sampled_from([str(survey), str(d / "missing.json"), str(d / "a_directory.json")]))]
        for opt in ("--net-sample", "--principals-net-sample", "--low-mark-value"):
            if draw(st.booleans()):
                args += [opt, draw(tok)]
        for opt in ("--pdf", "--html"):
            if draw(st.integers(0, 4)) == 0:
                args += [opt, draw(out)]
    else:
        providers.write_bytes(draw(provider_files()))
        args = ["search", draw(st.sampled_from([str(providers), str(d / "missing.json"), str(d / "a_directory.json")]))]
        for opt in ("--by", "--near", "--within", "--keywords", "--service", "--target-group", "--limit"):
            if draw(st.booleans()):
                args += [opt, draw(tok)]
    if draw(st.booleans()):
        args += ["--format", draw(st.sampled_from(["json", "table", "xml"]))]
    return args


def run_main(args: list[str]) -> tuple[int, str, str]:
    """Run the ``keurmerk`` entry point in-process: ``(exit code, stdout, stderr)``."""
    from keurmerk._cli import main

    out, err = io.StringIO(), io.StringIO()
    old = sys.argv
    sys.argv = ["keurmerk", *args]
    code = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.argv = old
    return code, out.getvalue(), err.getvalue()


@settings(max_examples=max(EXAMPLES * 3, 60), deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_cli_answers_bad_input_with_one_line_and_a_non_zero_exit(workdir: Path, data: st.DataObject) -> None:
    args = data.draw(cli_args(workdir), label="argv")
    TRIED["cli " + args[0]] += 1
    try:
        code, _, err = run_main(args)
    except Exception as exc:
        harness.count(f"cli.keurmerk {args[0]}", "other exception")
        _found("cli " + args[0], exc)
        return
    harness.count(f"cli.keurmerk {args[0]}", "result" if "Traceback" not in err else "other exception")
    assert "Traceback" not in err
    if code != 0:
        assert err.strip(), f"exit {code} without a message: {args}"
        if err.startswith(("error:", "fout:")):  # the library's error: one line
            assert len(err.strip().splitlines()) == 1, err
