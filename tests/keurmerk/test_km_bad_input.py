"""Bad input at the keurmerk edges: the library's error, naming field and value (issue 11).

Worked examples beside the fuzz suite (tests/fuzz/test_fuzz_keurmerk.py): files that are
not UTF-8, JSON nested too deeply or holding NaN, huge numbers, odd Unicode digits, NUL
bytes and escapes in names, missing files, folders, output paths that cannot be written,
and data printed by the CLI as text, never as rich markup. Rules: KM-SAT-1, KM-SAT-5,
KM-SRCH-1, KM-SRCH-3, KM-CAL-1, KM-CAL-4, KM-FEE-1.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from blikopwerk import InvalidValueError
from keurmerk import (
    Establishment,
    Provider,
    Respondent,
    analyse_survey,
    audit_mandays,
    invitation_plan,
    load_providers,
    load_providers_file,
    load_survey,
    load_survey_file,
    measurement_period,
    participant_fee,
    search_providers,
    withdrawal_deadline,
)
from keurmerk._cli import cli

HUGE = 10**5000


def _id(value: Any) -> str:
    """A test id for any value (the repr of a 5,000-digit number cannot be formed)."""
    if isinstance(value, int) and abs(value) > 10**100:
        return "huge-int"
    return repr(value)[:30]
EST = [{"postcode": "3511 AB", "city": "Utrecht"}]


def _providers_file(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "providers.json"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


@pytest.mark.parametrize(("content", "reason"), [
    (b"\xff\xfe{\x00}", "not UTF-8"),
    (b"[" * 100_000 + b"]" * 100_000, "nested more than 64"),
    ('{"providers": [{"id": "a", "name": "A", "mark": NaN, "establishments": []}]}', "NaN"),
    ('{"providers": [{"id": "a", "name": "A", "stars": Infinity, "establishments": []}]}', "Infinity"),
    ('{"providers": [{"id": "a", "name": "A", "stars": 1' + "0" * 5000 + ', "establishments": []}]}',
     "more than 40 digits"),
    ('{"providers": [], "providers": []}', "twice"),
    ("{", "not valid JSON"),
    ("\x00", "NUL"),
])
def test_km_srch_1_providers_file_refused_with_file_and_reason(tmp_path: Path, content: str | bytes,
                                                              reason: str) -> None:
    path = _providers_file(tmp_path, content)
    with pytest.raises(InvalidValueError, match=reason) as info:
        load_providers_file(path)
    assert info.value.field == "file"
    assert info.value.value == str(path)
    assert "\n" not in str(info.value) and len(str(info.value)) < 500


def test_files_that_are_missing_or_folders(tmp_path: Path) -> None:
    for fn in (load_providers_file, load_survey_file):
        with pytest.raises(InvalidValueError, match="no such file"):
            fn(tmp_path / "missing.json")
        with pytest.raises(InvalidValueError, match="is a folder"):
            fn(tmp_path)
        with pytest.raises(InvalidValueError, match="NUL"):
            fn(str(tmp_path / "a\x00.json"))
        with pytest.raises(InvalidValueError, match="file path"):
            fn(None)


def test_a_bom_is_allowed(tmp_path: Path) -> None:
    data = {"providers": [{"id": "a", "name": "A", "establishments": EST}]}
    path = _providers_file(tmp_path, b"\xef\xbb\xbf" + json.dumps(data).encode())
    assert [p.id for p in load_providers_file(path)] == ["a"]


@pytest.mark.parametrize("value", ["²", "١٢", "𝟙", "٧", "７", "7\x00", "nan", "Infinity", "9" * 200, HUGE,
                                   -HUGE, Decimal("NaN"), Decimal("1e999999"), Decimal("1e-999999"),
                                   float("nan"), float("inf"), 7.0, True, None, [7]], ids=_id)
def test_km_fee_1_odd_numbers_are_refused_with_the_field(value: Any) -> None:
    with pytest.raises(InvalidValueError) as info:
        participant_fee(value)
    assert info.value.field == "turnover"
    assert len(str(info.value)) < 300


@pytest.mark.parametrize("value", ["²", "٧", HUGE, 10**15, -HUGE, "7", 7.0, True], ids=_id)
def test_odd_whole_numbers_are_refused(value: Any) -> None:
    with pytest.raises(InvalidValueError) as info:
        audit_mandays(value, 1)
    assert info.value.field == "employees"
    with pytest.raises(InvalidValueError) as info:
        invitation_plan("client", service=11, learning_profile=1, successful_calls=value)
    assert info.value.field == "successful_calls"


def test_a_huge_number_is_named_briefly() -> None:
    with pytest.raises(InvalidValueError) as info:
        audit_mandays(HUGE, 1)
    assert str(info.value) == "employees: is too large (got 'a whole number of 5001 digits')"


def test_km_sat_1_survey_with_odd_digits_is_refused() -> None:
    with pytest.raises(InvalidValueError) as info:
        load_survey({"net_sample": {"٧": 6}, "respondents": []})
    assert info.value.field == "net_sample"
    with pytest.raises(InvalidValueError) as info:
        analyse_survey([], {"²": 6})
    assert info.value.field == "net_sample"
    with pytest.raises(InvalidValueError) as info:
        Respondent.create("client", service=7, mark="٨")
    assert info.value.field == "mark"
    with pytest.raises(InvalidValueError) as info:
        load_survey({"net_sample": {"7": 6}, "respondents": [], "providr": "typo"})
    assert info.value.field == "survey"


@pytest.mark.parametrize("name", ["Werk\x00pad", "Werk\x1b[31mpad", "\ud800", "", "   ", 7, None])
def test_km_srch_3_names_are_printable_text(name: Any) -> None:
    with pytest.raises(InvalidValueError) as info:
        Provider("p1", name, [("3511 AB", "Utrecht")])
    assert info.value.field == "name"
    data = {"providers": [{"id": "p1", "name": name, "establishments": EST}]}
    with pytest.raises(InvalidValueError) as info:
        load_providers(data)
    assert info.value.field.startswith("providers[0].name")
    with pytest.raises(InvalidValueError):
        Establishment("3511 AB", name)
    with pytest.raises(InvalidValueError):
        Respondent.create("client", service=7, mark=8, id=name if name else "\x00")


def test_presentation_may_hold_line_breaks_but_no_nul() -> None:
    assert Provider("p1", "W", [("3511 AB", "U")], presentation="regel 1\nregel 2").presentation.count("\n") == 1
    with pytest.raises(InvalidValueError) as info:
        Provider("p1", "W", [("3511 AB", "U")], presentation="a\x00b")
    assert info.value.field == "presentation"


def test_search_inputs_of_the_wrong_type() -> None:
    p = Provider("p1", "Werkpad", [("3511 AB", "Utrecht")])
    for kwargs, field in (({"query": 7}, "query"), ({"query": b"werk"}, "query"),
                          ({"target_group": ["a"]}, "target_group"), ({"geocoder": "pdok"}, "geocoder"),
                          ({"order": ["mark"]}, "order"), ({"rules": "keurmerk"}, "rules"),
                          ({"near": "3511", "within": " "}, "within")):
        with pytest.raises(InvalidValueError) as info:
            search_providers([p], **kwargs)  # type: ignore[arg-type]
        assert info.value.field == field
    with pytest.raises(InvalidValueError) as info:
        search_providers(None)  # type: ignore[arg-type]
    assert info.value.field == "providers"


def test_km_cal_dates_at_the_end_of_the_calendar_and_naive_datetimes() -> None:
    with pytest.raises(InvalidValueError) as info:
        withdrawal_deadline(dt.date.max)
    assert info.value.field == "registered"
    with pytest.raises(InvalidValueError) as info:
        measurement_period(dt.date(9999, 6, 1))
    assert info.value.field == "start"
    with pytest.raises(InvalidValueError) as info:
        measurement_period(dt.datetime(2024, 1, 1, 12))  # naive: whose day?
    assert info.value.field == "start"
    # K-TZ-1: an aware instant counts on its day in the Netherlands
    late = dt.datetime(2023, 12, 31, 23, 30, tzinfo=dt.UTC)  # 00:30 on 1 January in Amsterdam
    assert measurement_period(late).start == dt.date(2024, 1, 1)
    assert withdrawal_deadline(late) == dt.date(2024, 1, 15)


# -------------------------------------------------------------------------------- the CLI


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from keurmerk._cli import main; main()", *args],
                          capture_output=True, text=True, check=False)


@pytest.mark.parametrize("make", ["not_utf8", "deep", "missing_output_folder", "file_as_folder", "proc_output"])
def test_cli_one_line_on_stderr_and_exit_2(tmp_path: Path, make: str) -> None:
    survey = tmp_path / "s.json"
    survey.write_text(json.dumps({"net_sample": {"7": 6}, "respondents": [{"kind": "client", "service": 7,
                                                                          "mark": 8}]}), "utf-8")
    args: list[str]
    if make == "not_utf8":
        bad = tmp_path / "bad.json"
        bad.write_bytes(b"\xff\xfe")
        args = ["search", str(bad)]
    elif make == "deep":
        bad = tmp_path / "deep.json"
        bad.write_text("[" * 50_000 + "]" * 50_000, "utf-8")
        args = ["survey", str(bad)]
    elif make == "file_as_folder":
        args = ["survey", str(survey), "--html", str(survey / "r.html")]
    elif make == "missing_output_folder":
        args = ["survey", str(survey), "--pdf", str(tmp_path / "nope" / "r.pdf")]
    else:
        args = ["survey", str(survey), "--pdf", "/proc/keurmerk-test.pdf"]
    proc = _run(*args)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    # one line in the command's language (Dutch by default), ending in the error code (issue 14)
    assert proc.stderr.startswith("fout: ") and proc.stderr.rstrip().endswith("[invalid_value]")


def test_cli_output_path_that_is_a_folder_is_a_usage_error(tmp_path: Path) -> None:
    survey = tmp_path / "s.json"
    survey.write_text(json.dumps({"net_sample": {"7": 6}, "respondents": []}), "utf-8")
    (tmp_path / "out.pdf").mkdir()
    proc = _run("survey", str(survey), "--pdf", str(tmp_path / "out.pdf"))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    # click's usage message as one line, in the command's language (Dutch by default)
    assert len(proc.stderr.strip().splitlines()) == 1 and proc.stderr.startswith("fout: ")
    assert "is een map." in proc.stderr and "(zie " in proc.stderr
    proc = _run("survey", str(survey), "--pdf", str(tmp_path / "out.pdf"), "--lang", "en")
    assert proc.returncode == 2 and proc.stderr.startswith("error: ") and "is a directory." in proc.stderr


@pytest.mark.parametrize("name", ["[link=https://example.org/evil]Klik hier[/link] BV", "[/] BV", "[bold]Vet BV",
                                  "Werk :smile: BV"])
def test_data_is_printed_as_text_never_as_markup(tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")  # a terminal: rich would emit hyperlinks here
    monkeypatch.setenv("COLUMNS", "200")
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"providers": [{"id": "p1", "name": name, "establishments": EST}]}), "utf-8")
    result = CliRunner().invoke(cli, ["search", str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert name in result.output
    assert "\x1b]8;" not in result.output  # no OSC 8 hyperlink
    survey = tmp_path / "s.json"
    survey.write_text(json.dumps({"provider": name, "net_sample": {"7": 6},
                                  "respondents": [{"kind": "client", "service": 7, "mark": 8}]}), "utf-8")
    result = CliRunner().invoke(cli, ["survey", str(survey)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert name in result.output and "\x1b]8;" not in result.output
