"""What a person sees of ``werkscan`` and ``keurmerk`` (issue 14): help, language, extras, examples.

Every option has help without markup; group listings are never cut off; every command that
prints words takes one ``--lang`` (Dutch by default) and its output is in that one
language, without rule ids, ISO dates or Python reprs; a missing extra is one line with
exit 2; ``examples`` writes the files the README uses; data is never read as markup.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import pdfcheck
from keurmerk._cli import cli as keurmerk_cli
from werkscan._cli.main import cli as werkscan_cli

CLIS = {"werkscan": werkscan_cli, "keurmerk": keurmerk_cli}
MARKUP = ("``", ":func:", ":class:", ":mod:", ":data:", "\\b\n")
NOW = "2026-12-22T10:00:00+01:00"
EXPERTS = ("id,name,email,postcode,address,lead_cap,keurmerk\n"
           "amersfoort,Arbo [bold]Amersfoort[/bold],a@example.nl,3811 AB,Stationsplein 1,5,true\n"
           "amsterdam,Werk Amsterdam,b@example.nl,1012,,5,false\n")


def commands(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    for name, command in group.commands.items():
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from commands(command, (*path, name))


ALL = [(tool, path, command) for tool, group in CLIS.items() for path, command in commands(group)]
LEAVES = [(tool, path, command) for tool, path, command in ALL if not isinstance(command, click.Group)]


@pytest.mark.parametrize(("tool", "path", "command"), ALL, ids=[f"{t} {' '.join(p)}" for t, p, _ in ALL])
def test_every_option_has_help_without_markup_or_rule_ids(tool: str, path: tuple[str, ...],
                                                          command: click.Command) -> None:
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, (tool, path, param.name)
    result = CliRunner().invoke(CLIS[tool], [*path, "--help"], terminal_width=80)
    assert result.exit_code == 0
    for mark in MARKUP:
        assert mark not in result.output, (path, mark)
    assert not pdfcheck.RULE_ID.search(result.output), (path, pdfcheck.RULE_ID.search(result.output))
    assert "…" not in result.output and "..." not in result.output.replace("[ARGS]...", "").replace(
        "[OPTIONS]...", ""), result.output


@pytest.mark.parametrize(("tool", "path", "command"), LEAVES, ids=[f"{t} {' '.join(p)}" for t, p, _ in LEAVES])
def test_every_command_takes_one_lang_dutch_by_default(tool: str, path: tuple[str, ...], command: click.Command,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BLIKOPWERK_LANGUAGE", raising=False)
    [lang] = [p for p in command.params if p.name == "lang"]
    assert isinstance(lang.type, click.Choice) and list(lang.type.choices) == ["nl", "en"]
    assert lang.get_default(click.Context(command)) == "nl"


def test_score_and_report_default_to_the_same_language() -> None:
    defaults = set()
    for name in ("score", "report", "employer-report"):
        command = werkscan_cli.commands[name]
        defaults.add(next(p for p in command.params if p.name == "lang").get_default(click.Context(command)))
    assert defaults == {"nl"}


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BLIKOPWERK_STORAGE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("BLIKOPWERK_OUTBOX_FOLDER", str(tmp_path / "mail"))
    monkeypatch.delenv("BLIKOPWERK_LANGUAGE", raising=False)
    runner = CliRunner()
    assert runner.invoke(werkscan_cli, ["examples"]).exit_code == 0
    (tmp_path / "experts.csv").write_text(EXPERTS, "utf-8")
    return tmp_path


def test_examples_write_the_files_the_readme_uses(workdir: Path) -> None:
    assert sorted(p.name for p in workdir.iterdir() if p.suffix in (".json", ".csv")) == [
        "answers.json", "batch.csv", "experts.csv", "providers.json", "reference.json", "survey.json"]
    out = CliRunner().invoke(keurmerk_cli, ["examples"])  # the same files from either command
    assert out.output.count("behouden") == 5  # existing files are kept without --force
    out = CliRunner().invoke(werkscan_cli, ["examples", "--force", "--lang", "en"])
    assert out.output.count("wrote") == 5
    assert json.loads((workdir / "answers.json").read_text("utf-8"))["wai"]["prognosis"] == 7


RUNS: list[tuple[str, list[str]]] = [
    ("werkscan", ["score", "answers.json"]),
    ("werkscan", ["score", "batch.csv", "-o", "scores.parquet", "--max-rejected", "2"]),
    ("werkscan", ["report", "answers.json", "--html", "r.html"]),
    ("werkscan", ["licence", "--now", NOW, "create", "--company", "Arbo [red]BV[/red]", "--contact-name", "Anna",
                  "--contact-email", "anna@arbo.example", "--valid-from", "2026-01-01", "--valid-until",
                  "2026-12-31", "--id", "L1", "--staffel", "25"]),
    ("werkscan", ["licence", "--now", NOW, "usage", "L1"]),
    ("werkscan", ["licence", "--now", NOW, "staffels"]),
    ("werkscan", ["licence", "--now", NOW, "list"]),
    ("werkscan", ["leads", "--now", NOW, "import-experts", "experts.csv"]),
    ("werkscan", ["leads", "--now", NOW, "match", "3511"]),
    ("werkscan", ["leads", "--now", NOW, "submit", "L1", "3511AB", "--wai", "30", "--signal", "work=strong",
                  "--name", "Jan", "--email", "jan@example.nl"]),
    ("werkscan", ["leads", "--now", "2026-12-28T09:00:00+01:00", "tick"]),
    ("werkscan", ["directory", "--on", "2026-06-01"]),
    ("werkscan", ["plugins"]),
    ("keurmerk", ["fee", "249999"]),
    ("keurmerk", ["fee", "300000", "--manual-price", "100"]),
    ("keurmerk", ["audit", "--employees", "30", "--year", "2", "--turnover", "180000"]),
    ("keurmerk", ["calendar", "2024-02-29", "--registered", "2024-02-20", "--aspirant-from", "2024-03-01"]),
    ("keurmerk", ["services", "--historic"]),
    ("keurmerk", ["survey", "survey.json"]),
    ("keurmerk", ["survey", "survey.json", "--reference", "reference.json", "--html", "s.html"]),
    ("keurmerk", ["stars", "--client-mark", "8.2", "--principal-mark", "7.9", "--staff-pct", "100"]),
    ("keurmerk", ["search", "providers.json", "--near", "3811"]),
]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_output_is_in_one_language_without_ids_reprs_or_iso_dates(workdir: Path, lang: str) -> None:
    runner = CliRunner()
    for tool, args in RUNS:
        result = runner.invoke(CLIS[tool], [*args, "--lang", lang], catch_exceptions=False, terminal_width=100)
        assert result.exit_code == 0, (args, result.output)
        out = result.output
        assert not pdfcheck.RULE_ID.search(out), (args, out)
        assert not pdfcheck.ISO_DATE.search(out), (args, out)
        assert not pdfcheck.REPR.search(out), (args, out)
        assert "T00:00" not in out and "+01:00" not in out, (args, out)
        assert pdfcheck.foreign_phrases(out, lang) == [], (args, out)


def test_dutch_and_english_numbers_never_mix(workdir: Path) -> None:
    runner = CliRunner()
    nl = runner.invoke(keurmerk_cli, ["fee", "249999"], terminal_width=100).output
    assert "€ 150.000 – € 249.999" in nl.replace("\xa0", " ") and "€ 2.327,00" in nl.replace("\xa0", " ")
    assert "150,000" not in nl
    en = runner.invoke(keurmerk_cli, ["fee", "249999", "--lang", "en"], terminal_width=100).output
    assert "€150,000 – €249,999" in en and "€2,327.00" in en
    score = runner.invoke(werkscan_cli, ["score", "answers.json", "--lang", "nl"]).output
    assert score.startswith("WAI: 39,5 van 7-49, klasse: goed\n") and "advies: advies" in score


def test_data_is_printed_as_text_never_as_markup(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # rich's width: no wrapping inside the names
    providers = json.loads((workdir / "providers.json").read_text("utf-8"))
    providers["providers"][0]["name"] = "[b]Werkpad[/b]"
    (workdir / "providers.json").write_text(json.dumps(providers), "utf-8")
    out = CliRunner().invoke(keurmerk_cli, ["search", "providers.json"], terminal_width=120).output
    assert "[b]Werkpad[/b]" in out
    runner = CliRunner()
    import datetime as dt

    from blikopwerk import open_storage
    from werkscan import ExpertService, LicenceService
    from werkscan._leads.records import Establishment, Expert

    march = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    storage = open_storage(f"sqlite:///{workdir / 'cli.sqlite3'}")
    ExpertService(storage).register(Expert("E1", "Anna [i]de Vries[/i]", "a@example.nl",
                                           [Establishment("3811 AB", "Stationsplein 1")], 5), march)
    svc = LicenceService(storage)
    svc.create("[blink]Arbo[/blink]", "Anna", "a@example.nl", dt.date(2026, 1, 1), dt.date(2026, 12, 31),
               licence_id="LX")
    svc.verify_training("a@example.nl", "Anna", dt.date(2025, 1, 1))
    svc.add_expert("LX", "a@example.nl", now=march)
    storage.close()
    out = runner.invoke(werkscan_cli, ["directory", "--on", "2026-06-01"], terminal_width=160).output
    assert "[blink]Arbo[/blink]" in out and "[i]de Vries[/i]" in out


def _blocked(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    code = (f"import sys; sys.modules[{module!r}] = None; "
            f"sys.argv = ['tool', *{list(args)!r}]; ")
    entry = "werkscan._cli.main" if args[0] == "werkscan" else "keurmerk._cli"
    code += f"from {entry} import main; sys.argv = sys.argv[1:]; main()"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)


@pytest.mark.parametrize(("module", "extra", "args"), [
    ("reportlab", "reports", ("werkscan", "report", "answers.json", "--pdf", "r.pdf")),
    ("matplotlib", "reports", ("keurmerk", "survey", "survey.json", "--pdf", "s.pdf")),
    ("pyarrow", "batch", ("werkscan", "score", "batch.csv", "-o", "s.parquet")),
    ("jinja2", "reports", ("werkscan", "employer-report", "batch.csv", "--employer", "X", "--html", "e.html")),
])
def test_a_missing_extra_is_one_line_with_exit_2(workdir: Path, module: str, extra: str,
                                                 args: tuple[str, ...]) -> None:
    proc = _blocked(module, *args)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert f'pip install "blikopwerk[{extra}]"' in lines[0]
    english = _blocked(module, *args, "--lang", "en")
    assert english.stderr.startswith("error: this needs the") and english.returncode == 2


def test_an_import_error_inside_a_command_names_the_extra(capsys: pytest.CaptureFixture[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from blikopwerk._cli import run_cli

    @click.group()
    def grp() -> None: ...

    @grp.command()
    def draw() -> None:
        raise ModuleNotFoundError("No module named 'matplotlib.figure'", name="matplotlib.figure")

    monkeypatch.setattr(sys, "argv", ["x", "draw"])
    with pytest.raises(SystemExit) as info:
        run_cli(grp)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and 'pip install "blikopwerk[reports]"' in err and "Traceback" not in err
