"""The command lines in one language: help texts, click's own words and every error line.

The language is the command's ``--lang`` (Dutch by default), read before click parses the
line, so ``--help`` and usage errors follow it too. Help texts come from the message
catalogues; an error is one line, never click's English "Usage: ... Error: ..." block.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from blikopwerk._cli import argv_language
from blikopwerk._i18n import translator

ENGLISH_ONLY = ("Usage:", "Options:", "Show this message and exit.", "Error:", "Missing argument", "No such option",
                "is not one of", "Invalid value")


def run(tool: str, args: list[str], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    from keurmerk._cli import main as keurmerk_main
    from werkscan._cli.main import main as werkscan_main

    monkeypatch.setattr("sys.argv", [tool, *args])
    monkeypatch.setenv("COLUMNS", "100")
    capsys.readouterr()
    try:
        (werkscan_main if tool == "werkscan" else keurmerk_main)()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


#: Commands whose help is in the catalogues, with a phrase of their help in each language.
HELP = [
    ("werkscan", [], "Werkscan: vragenlijsten scoren", "Werkscan: score questionnaires"),
    ("werkscan", ["score"], "Scoor een vragenlijst", "Score a questionnaire"),
    ("werkscan", ["report"], "Maak het rapport voor een werkende", "Render a worker's report"),
    ("werkscan", ["employer-report"], "Maak een werkgeversrapport", "Render an employer report"),
    ("werkscan", ["compare"], "Vergelijk twee metingen", "Compare two measurements"),
    ("werkscan", ["schema"], "Toon het JSON-schema", "Print the JSON Schema"),
    ("werkscan", ["examples"], "Schrijf de voorbeeldbestanden", "Write the example files"),
    ("keurmerk", [], "Keurmerk: bijdragen, audits", "Keurmerk: fees, audits"),
    ("keurmerk", ["survey"], "Analyseer een tevredenheidsonderzoek", "Analyse a satisfaction survey"),
]


@pytest.mark.parametrize(("tool", "path", "nl", "en"), HELP, ids=[f"{h[0]} {' '.join(h[1])}" for h in HELP])
def test_help_is_dutch_by_default_and_english_on_request(tool: str, path: list[str], nl: str, en: str,
                                                         capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BLIKOPWERK_LANGUAGE", raising=False)
    code, out, _ = run(tool, [*path, "--help"], capsys, monkeypatch)
    assert code == 0 and nl in out and en not in out, out
    assert "Gebruik:" in out and "Opties:" in out and "Toon deze hulptekst en stop." in out
    assert not any(word in out for word in ("Usage:", "Options:", "Show this message")), out
    if path:
        for args in ([*path, "--help", "--lang", "en"], [*path, "--lang=en", "--help"]):
            code, out, _ = run(tool, args, capsys, monkeypatch)
            assert code == 0 and en in out and nl not in out and "Usage:" in out, out
    else:  # a group has no --lang of its own (its commands have): the environment chooses
        monkeypatch.setenv("BLIKOPWERK_LANGUAGE", "en")
        code, out, _ = run(tool, ["--help"], capsys, monkeypatch)
        assert code == 0 and en in out and nl not in out and "Usage:" in out, out
        monkeypatch.delenv("BLIKOPWERK_LANGUAGE")
    # the language of the help does not stick: the next run starts from the source again
    code, out, _ = run(tool, [*path, "--help"], capsys, monkeypatch)
    assert nl in out


def test_every_option_of_the_scoring_and_survey_commands_has_a_dutch_help_text() -> None:
    from keurmerk._cli import cli as keurmerk_cli
    from werkscan._cli.main import cli as werkscan_cli

    commands = [werkscan_cli.commands[n] for n in ("score", "report", "employer-report", "compare", "schema")]
    commands += [keurmerk_cli.commands["survey"], werkscan_cli, keurmerk_cli]
    for command in commands:
        domain = "keurmerk" if command in (keurmerk_cli, keurmerk_cli.commands["survey"]) else "werkscan"
        texts = [command.__dict__.get("_blikopwerk_source_help", command.help)]
        texts += [p.__dict__.get("_blikopwerk_source_help", p.help) for p in command.params if p.help]
        for text in texts:
            nl = translator(domain, "nl").gettext(text)
            assert nl != text, (command.name, text)


#: Bad command lines: each error is one line in the command's language.
BAD = [
    ("werkscan", ["score"]),  # missing argument
    ("werkscan", ["score", "x.json", "--bogus"]),  # unknown option
    ("werkscan", ["score", "nothing.json"]),  # a file that does not exist
    ("werkscan", ["compare", "a.json", "b.json", "--format", "xml"]),  # not one of the choices
    ("werkscan", ["score", "answers.json", "--chunk-rows", "0"]),  # out of range
    ("werkscan", ["nonsense"]),  # unknown command
    ("werkscan", ["employer-report", "batch.csv"]),  # missing option
    ("werkscan", ["report", "answers.json"]),  # the command's own usage error
    ("werkscan", ["score", "batch.csv"]),  # a batch needs --output
    ("keurmerk", ["fee", "abc"]),
    ("keurmerk", ["survey", "nothing.json"]),
    ("keurmerk", ["stars", "--client-mark", "11"]),
]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_error_is_one_line_in_the_language_of_the_command(lang: str, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BLIKOPWERK_LANGUAGE", raising=False)
    run("werkscan", ["examples"], capsys, monkeypatch)
    prefix = {"nl": "fout: ", "en": "error: "}[lang]
    for tool, args in BAD:
        code, out, err = run(tool, [*args, "--lang", lang] if lang == "en" else args, capsys, monkeypatch)
        assert code == 2, (args, code, out, err)
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(prefix), (args, err)
        if lang == "nl":
            assert not any(word in err for word in ENGLISH_ONLY), (args, err)


def test_the_language_is_read_before_click_parses() -> None:
    assert argv_language(["score", "--lang", "en"]) == "en"
    assert argv_language(["score", "--lang=en", "--bogus"]) == "en"
    assert argv_language(["score", "--", "--lang", "en"]) == "nl"  # after "--": an argument, not the option
    assert argv_language(["--lang", "fr"]) == "nl"
