"""Fuzzing the werkscan scoring, report and evaluation entry points and their CLIs (issue 11, point 4).

Every public entry point of scoring (scalar and rows), the reports (worker, employer, the
charts), the repeat measurement, the funnel, the follow-up and the context figures is fed
generated bad or odd input beside valid input (mutated answers, odd values of every kind in
every argument), and the ``werkscan`` command line runs through its ``main()`` with argv built
from odd files and odd options. A call may return or raise the library's error
(:class:`blikopwerk.BlikopwerkError`); anything else fails, through the shared harness
(``tests/fuzz/_harness.py``), which counts inputs per entry point. The batch paths (Arrow,
pandas, CSV, Parquet) are in ``test_fuzz_batch.py``; here ``score_batch`` also gets rows built
from answer dicts.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import werkscan
from blikopwerk import BlikopwerkError
from fuzz._harness import (
    EXAMPLES,
    FUZZ,
    assert_library_error,
    count,
    odd_dates,
    odd_numbers,
    odd_text,
    odd_values,
)

AREAS = ["health", "lifestyle", "work", "work_life_balance", "education", "career_development", "career_mobility",
         "self_reliance"]
VALID: dict[str, Any] = {
    "wai": {"current_work_ability": 8, "physical_demands": 4, "mental_demands": 3, "work_nature": "physical",
            "diagnosed_diseases": 1, "impairment": 5, "sick_leave_days": 3, "prognosis": 7,
            "mental_resources": [3, 3, 2]},
    "signals": {"health": "weak", "lifestyle": "none", "work": "strong", "work_life_balance": "none",
                "education": "none", "career_development": "weak", "career_mobility": "none",
                "self_reliance": "none"},
}
RESULT = werkscan.score(VALID)
NOW = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
RESULTS = [werkscan.score(VALID) for _ in range(26)]
SUMMARY = werkscan.summarise_employer(RESULTS, employer="Acme")
QUIET = {a: "none" for a in AREAS}
PAIRS = werkscan.summarise_pairs([werkscan.compare(werkscan.Measurement.from_score(40, QUIET),
                                                   werkscan.Measurement.from_score(42, QUIET))] * 30)
SLOW = settings(FUZZ, max_examples=max(EXAMPLES // 10, 10))  # a report: tens of milliseconds a call
MEDIUM = settings(FUZZ, max_examples=max(EXAMPLES // 4, 20))


def maybe(strategy: st.SearchStrategy[Any], valid: Any) -> st.SearchStrategy[Any]:
    """Mostly a valid value (so the deeper checks are reached), sometimes an odd one."""
    return st.one_of(st.just(valid), st.just(valid), strategy)


@st.composite
def answers(draw: st.DrawFn) -> Any:
    """Valid answers with one to three mutations: a value replaced, a key removed or added,
    a part replaced by something of another kind; or no answers at all."""
    if draw(st.integers(0, 9)) == 0:
        return draw(odd_values())
    a = copy.deepcopy(VALID)
    for _ in range(draw(st.integers(1, 3))):
        part = draw(st.sampled_from(["wai", "signals"]))
        target = a.get(part)
        op = draw(st.integers(0, 5))
        if not isinstance(target, dict) or op == 5:
            a[part] = draw(odd_values())
        elif op <= 2:
            key = draw(st.sampled_from(sorted(target) or ["x"]))
            target[key] = draw(st.one_of(odd_values(), st.lists(odd_values(), max_size=4),
                                         st.sampled_from([-1, 0, 2, 11, 3.5, "3", True, None, "sterk", [3, 3]])))
        elif op == 3:
            target.pop(draw(st.sampled_from(sorted(target) or ["x"])), None)
        else:
            target[draw(odd_text(10))] = draw(odd_values())
            if part == "wai" and draw(st.booleans()):
                target["sick_leave_band"] = draw(st.sampled_from(["1-9", "none", "x", 5]))
    return a


rule_sets = maybe(st.one_of(st.none(), odd_values(), st.just(werkscan.REPORT_RULES)), None)
langs = maybe(st.one_of(odd_text(8), st.sampled_from(["en", "NL", "fr", "", None, 1])), "nl")
results = st.one_of(st.just(RESULT), st.just(RESULT), odd_values())


def _call(entry: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
    return assert_library_error(f"werkscan.{entry}", fn, *args, **kwargs)


# ----------------------------------------------------------------------------- scoring


@FUZZ
@given(answers(), rule_sets, maybe(odd_values(), None), maybe(odd_values(), None), maybe(odd_values(), None))
def test_score(a: Any, rules: Any, preventive: Any, own: Any, policy: Any) -> None:
    result = _call("score", werkscan.score, a, rules=rules, preventive=preventive, count_own_opinion=own,
                   preventive_signals=policy)
    if result is not None:
        assert 7 <= result.wai.score <= 49
    _call("row_from_answers", werkscan.row_from_answers, a)


@FUZZ
@given(odd_numbers(), rule_sets, maybe(odd_values(), None), maybe(odd_numbers(), None), maybe(odd_numbers(), None),
       maybe(odd_values(), None))
def test_score_level_functions(value: Any, rules: Any, preventive: Any, below: Any, urgent: Any, signals: Any) -> None:
    _call("band_for", werkscan.band_for, value, rules=rules)
    _call("advice_for", werkscan.advice_for, value, rules=rules, preventive=preventive, advice_below=below,
          urgent_below=urgent, signals=signals)
    _call("explain_advice", werkscan.explain_advice, value, signals if signals is not None else QUIET, rules=rules,
          preventive=preventive)
    _call("signal_drop", werkscan.signal_drop, signals if signals is not None else QUIET, rules=rules)
    _call("signal_level_from_items", werkscan.signal_level_from_items, value if isinstance(value, list) else [value],
          rules=rules)
    _call("label", werkscan.label, signals, value)


@MEDIUM
@given(st.lists(answers(), min_size=1, max_size=6))
def test_score_batch_from_answer_dicts(items: list[Any]) -> None:
    """Rows made from answer dicts (``row_from_answers``), as a pandas frame and as dicts."""
    import pandas as pd

    rows = []
    for a in items:
        row = _call("row_from_answers", werkscan.row_from_answers, a)
        rows.append(row if row is not None else {"answers": a})
        if isinstance(row, dict):
            _call("answers_from_row", werkscan.answers_from_row, row)
    try:
        frame = pd.DataFrame(rows)
    except Exception:
        return
    _call("score_batch(dicts)", werkscan.score_batch, frame)
    _call("score_batch(list of dicts)", werkscan.score_batch, rows)


# ----------------------------------------------------------------------------- reports


@SLOW
@given(results, langs, maybe(odd_dates(), None), maybe(st.one_of(odd_values(), st.just(RESULT)), None))
def test_worker_report(result: Any, lang: Any, on: Any, previous: Any) -> None:
    _call("worker_report_html", werkscan.worker_report_html, result, lang=lang, on=on, previous=previous)


@SLOW
@given(st.one_of(st.just(io.BytesIO), st.sampled_from(["", "/", "no/such/dir/r.pdf", "a\x00.pdf", 3, None])))
def test_worker_report_pdf_targets(target: Any) -> None:
    _call("worker_report_pdf", werkscan.worker_report_pdf, RESULT, target() if callable(target) else target)


@FUZZ
@given(odd_numbers(), langs, maybe(odd_values(), QUIET))
def test_charts(value: Any, lang: Any, signals: Any) -> None:
    if not isinstance(value, int | float) or isinstance(value, bool) or not 7 <= value <= 49:
        _call("band_scale_png", werkscan.band_scale_png, value, lang)  # out of range: refused before drawing
    _call("signals_png", werkscan.signals_png, signals if not isinstance(signals, dict) else {}, lang)


@FUZZ
@given(st.one_of(st.just(RESULTS), st.lists(results, max_size=30), odd_values()), maybe(odd_text(), "Acme"),
       maybe(odd_numbers(), None), maybe(odd_numbers(), None), maybe(odd_values(), None), rule_sets)
def test_summarise_employer(res: Any, employer: Any, floor: Any, cell: Any, id_column: Any, rules: Any) -> None:
    summary = _call("summarise_employer", werkscan.summarise_employer, res, employer=employer, min_questionnaires=floor,
                    min_cell=cell, id_column=id_column, rules=rules)
    if summary is not None:
        assert summary.questionnaires >= 25


@SLOW
@given(st.one_of(st.just(SUMMARY), st.just(SUMMARY), odd_values(),
                 st.builds(lambda n: SUMMARY.model_copy(update={"questionnaires": n}), odd_numbers())),
       langs, maybe(odd_values(), False), maybe(odd_dates(), None),
       maybe(st.one_of(odd_values(), st.just(PAIRS)), None), rule_sets)
def test_employer_report(summary: Any, lang: Any, context: Any, on: Any, repeat: Any, rules: Any) -> None:
    _call("employer_report_html", werkscan.employer_report_html, summary, lang=lang, context=context, on=on,
          repeat=repeat, rules=rules)


@SLOW
@given(st.one_of(st.just(io.BytesIO), st.sampled_from(["", "/", "no/such/dir/e.pdf", "a\x00.pdf", 3, None])),
       st.one_of(st.just(SUMMARY), odd_values()))
def test_employer_report_pdf_targets(target: Any, summary: Any) -> None:
    _call("employer_report_pdf", werkscan.employer_report_pdf, summary, target() if callable(target) else target)


# ----------------------------------------------------------------------------- evaluation


measurements = st.one_of(st.just(RESULT), st.builds(lambda: werkscan.Measurement.from_score(40, QUIET)), odd_values())


@FUZZ
@given(measurements, measurements, odd_numbers(), maybe(odd_values(), QUIET),
       st.lists(st.tuples(odd_values(), odd_values(), measurements), max_size=5), odd_values(), odd_values())
def test_repeat_measurement(a: Any, b: Any, score: Any, signals: Any, records: Any, before: Any, after: Any) -> None:
    change = _call("compare", werkscan.compare, a, b)
    _call("Measurement.from_score", werkscan.Measurement.from_score, score, signals)
    _call("summarise_pairs", werkscan.summarise_pairs, [change] if change is not None else [a, b])
    _call("summarise_pairs(odd)", werkscan.summarise_pairs, before)
    _call("pair_measurements", werkscan.pair_measurements, records, before=before, after=after)


@st.composite
def pair_tables(draw: st.DrawFn) -> Any:
    import pyarrow as pa

    n = draw(st.integers(0, 5))
    rows = []
    for i in range(n):
        row = dict(werkscan.row_from_answers(VALID))
        row["worker"] = draw(st.one_of(st.sampled_from(["w1", "w2"]), st.none(), st.integers(0, 2)))
        row["measurement"] = draw(st.one_of(st.sampled_from([1, 2, 3]), st.none()))
        if draw(st.booleans()):
            key = draw(st.sampled_from(sorted(row)))
            row[key] = draw(st.one_of(st.none(), st.integers(-3, 60), st.text(max_size=4)))
        rows.append(row)
    try:
        return pa.Table.from_pylist(rows) if rows else pa.table({"worker": pa.array([], pa.string())})
    except (pa.ArrowException, TypeError, ValueError):
        return pa.table({"worker": ["w1"], "measurement": [1]})


@MEDIUM
@given(pair_tables(), maybe(odd_text(8), "worker"), maybe(odd_text(8), "measurement"), odd_values(), odd_values())
def test_compare_batch(table: Any, worker: Any, measurement: Any, before: Any, after: Any) -> None:
    _call("compare_batch", werkscan.compare_batch, table, worker_column=worker, measurement_column=measurement,
          before=before if isinstance(before, int) else None, after=after if isinstance(after, int) else None)
    _call("compare_scored", werkscan.compare_scored, table, worker_column=worker, measurement_column=measurement)


@FUZZ
@given(st.lists(st.one_of(st.dictionaries(st.sampled_from(["route", "completed", "advice", "requested", "held", "x"]),
                                          st.one_of(st.booleans(), st.sampled_from(["free", "anonymous", "invited",
                                                                                    "advised", "none"]),
                                                    odd_values()), max_size=6),
                          odd_values()), max_size=6))
def test_funnel(records: Any) -> None:
    import pyarrow as pa

    _call("funnel", werkscan.funnel, records)
    try:
        table = pa.Table.from_pylist([r for r in records if isinstance(r, dict)])
    except Exception:
        table = records
    _call("funnel_columns", werkscan.funnel_columns, table)


@FUZZ
@given(odd_values(), odd_dates(), odd_values(), odd_numbers(), rule_sets)
def test_follow_up_and_context(anything: Any, when: Any, flag: Any, months: Any, rules: Any) -> None:
    held = _call("ConversationHeld", werkscan.ConversationHeld, anything if isinstance(anything, str) else "c", when,
                 contact_consent=flag)
    _call("due_follow_ups", werkscan.due_follow_ups, [held] if held is not None else anything, when, rules=rules)
    _call("follow_up_due", werkscan.follow_up_due, when, rules=rules)
    _call("add_months", werkscan.add_months, when, months)
    _call("CounterRecord", werkscan.CounterRecord, anything, flag)
    _call("licence_counters", werkscan.licence_counters, anything)
    _call("context_figures", werkscan.context_figures, anything if not isinstance(anything, bytes) else None,
          rules=rules)


# ----------------------------------------------------------------------------- ids and names on every backend


@pytest.fixture(scope="module")
def backends(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Any]]:
    """memory://, a SQLite file, and PostgreSQL when ``BLIKOPWERK_TEST_POSTGRES_URL`` is set."""
    import os
    import uuid

    from blikopwerk.plugins import open_storage

    urls = ["memory://", f"sqlite:///{tmp_path_factory.mktemp('fuzz-nul') / 'ids.sqlite3'}"]
    base = os.environ.get("BLIKOPWERK_TEST_POSTGRES_URL")
    schema = f"t_{uuid.uuid4().hex[:16]}"
    if base:
        urls.append(f"{base}{'&' if '?' in base else '?'}schema={schema}")
    storages = [open_storage(u) for u in urls]
    for storage in storages:
        werkscan.LicenceService(storage).create("Arbo BV", "Anna", "anna@arbo.example", dt.date(2026, 1, 1),
                                                dt.date(2026, 12, 31), licence_id="L1")
        werkscan.StaffelService(storage).buy("L1", 25, now=NOW)
    yield storages
    for storage in storages:
        storage.close()
    if base:
        import psycopg
        from blikopwerk_postgres import PostgresOptions

        with psycopg.connect(PostgresOptions.from_url(base).conninfo, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


#: Text with a NUL byte or a lone surrogate somewhere: no backend stores it alike.
UNSTORABLE = st.builds(lambda a, bad, b: a + bad + b, st.text(max_size=6), st.sampled_from(["\x00", "\ud800"]),
                       st.text(max_size=6))


@MEDIUM
@given(field=st.sampled_from(["licence_id", "company", "contact_name", "postcode", "training", "client"]),
       text=UNSTORABLE)
def test_unstorable_ids_and_names_on_every_backend(backends: list[Any], field: str, text: str) -> None:
    """An id or name with a NUL byte is refused alike by every backend (SQLite and memory://
    would store it, PostgreSQL cannot): the library's error, the same on each, nothing stored."""
    answers = []
    for storage in backends:
        lic = werkscan.LicenceService(storage)
        args = {"company": "Acme", "contact_name": "Anna", "licence_id": None, "postcode": None, field: text}
        if field == "training":
            call: Any = lambda: lic.verify_training("e@arbo.example", text, dt.date(2026, 1, 5))  # noqa: E731
        elif field == "client":
            call = lambda: werkscan.AccessService(storage).create_link("L1", text, now=NOW)  # noqa: E731
        else:
            call = lambda: lic.create(args["company"], args["contact_name"], "a@acme.example",  # noqa: E731
                                      dt.date(2026, 1, 1), dt.date(2026, 12, 31), licence_id=args["licence_id"],
                                      postcode=args["postcode"])
        try:
            call()
        except BlikopwerkError as exc:  # counted by the harness below
            answers.append((type(exc).__name__, getattr(exc, "field", None)))
        else:
            answers.append(("stored", None))
        assert_library_error(f"werkscan.{field} with a NUL byte", call)
        assert [x.id for x in lic.directory(dt.date(2026, 3, 2))] == ["L1"]
    assert answers[0] == ("InvalidValueError", "name" if field == "training" else field), answers
    assert len(set(answers)) == 1, answers  # the same answer on every backend


# ----------------------------------------------------------------------------- the command line

JSON_BODIES = st.one_of(
    answers().map(lambda a: json.dumps(a, default=str).encode()),
    st.binary(max_size=60),
    st.sampled_from([b"", b"{", b"[]", b"null", b"\xff\xfe{}", b'{"wai": ' * 200, b'"x"', b"1e999999"]),
)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("fuzz-cli")
    (folder / "dir").mkdir()
    yield folder


def _main(argv: list[str]) -> tuple[Any, str]:
    import contextlib
    import sys

    from werkscan._cli.main import main

    err = io.StringIO()
    saved = sys.argv
    sys.argv = ["werkscan", *argv]
    code: Any = 0
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            main()
    except SystemExit as exc:
        code = exc.code
    finally:
        sys.argv = saved
    return code, err.getvalue()


@MEDIUM
@given(body=JSON_BODIES, second=JSON_BODIES, command=st.sampled_from(["score", "report", "compare", "schema",
                                                                      "employer-report", "examples"]),
       extra=st.lists(st.sampled_from([["--lang", "en"], ["--lang", "fr"], ["--format", "json"], ["--format", "x"],
                                       ["--html", "out.html"], ["--pdf", "dir"], ["--pdf", "no/such/r.pdf"],
                                       ["--employer", "[link=x]Acme[/]"], ["--on", "gisteren"],
                                       ["--preventive"], ["-o", "dir"], ["--before", "1"], ["--bogus"],
                                       ["--context"], ["--force"]]), max_size=3))
def test_werkscan_cli(workdir: Path, body: bytes, second: bytes, command: str, extra: list[list[str]]) -> None:
    """Through ``main()``: exit 0, 1 or 2, at most one line on stderr, never a traceback."""
    first, other = workdir / "a.json", workdir / "b.json"
    first.write_bytes(body)
    other.write_bytes(second)
    args = {"score": [str(first)], "report": [str(first)], "compare": [str(first), str(other)], "schema": [],
            "employer-report": [str(first)], "examples": [str(workdir / "ex")]}[command]
    argv = [command, *args]
    for flag in extra:
        argv += [str(workdir / a) if a.endswith((".html", ".pdf")) or a == "dir" else a for a in flag]
    code, err = _main(argv)
    lines = err.strip().splitlines()
    ok = code in (0, 1, 2, None) and len(lines) <= 1 and "Traceback" not in err
    count(f"cli.werkscan {command}", "result" if ok else "other exception")
    assert ok, (argv, code, err)


def test_every_public_scoring_and_report_function_is_fuzzed() -> None:
    """A new public function of scoring or the reports gets a fuzz test here (or in test_fuzz_batch)."""
    import inspect

    source = Path(__file__).read_text("utf-8") + (Path(__file__).parent / "test_fuzz_batch.py").read_text("utf-8")
    mine = ("werkscan._scoring", "werkscan._reports")
    missing = [n for n in werkscan.__all__ if inspect.isfunction(getattr(werkscan, n))
               and getattr(werkscan, n).__module__.startswith(mine) and f"werkscan.{n}" not in source
               and n not in ("wai_rules", "partition_meta", "wai_items", "require_reporting_licence")]
    assert missing == []

