"""The ``werkscan`` command line."""

from __future__ import annotations

import pathlib
from importlib import resources

import click

from blikopwerk import __version__
from blikopwerk._cli import HelpGroup, lang_option, plugins_command, run_cli, write_examples
from werkscan._cli.directory import directory_command
from werkscan._cli.leads import leads_group
from werkscan._cli.licence import licence_group
from werkscan._cli.scoring import employer_report_command, report_command, schema_command, score_command

#: The example files ``werkscan examples`` writes, by the name they get.
EXAMPLE_FILES = {"questionnaire.json": "example_answers.json", "batch.csv": "example_batch.csv"}


@click.group(cls=HelpGroup)
@click.version_option(__version__, prog_name="werkscan")
def cli() -> None:
    """Werkscan: score questionnaires, render reports, manage licences and leads."""


@click.command("examples")
@click.argument("folder", type=click.Path(file_okay=False, path_type=pathlib.Path), default=".")
@click.option("--force", is_flag=True, help="Replace files that already exist.")
@lang_option
def examples_command(folder: pathlib.Path, force: bool, lang: str) -> None:
    """Write the example files (a questionnaire and a batch) into FOLDER (default: here).

    questionnaire.json is one worker's answers (werkscan score questionnaire.json);
    batch.csv holds 40 rows, two of them invalid (werkscan score batch.csv -o scores.parquet).
    """
    data = resources.files("werkscan").joinpath("data")
    write_examples(folder, {name: data.joinpath(source) for name, source in EXAMPLE_FILES.items()}, force, lang)


cli.add_command(plugins_command)
cli.add_command(score_command)
cli.add_command(report_command)
cli.add_command(schema_command)
cli.add_command(employer_report_command)
cli.add_command(licence_group)
cli.add_command(leads_group)
cli.add_command(directory_command)
cli.add_command(examples_command)


def main() -> None:
    """Entry point of the ``werkscan`` script."""
    run_cli(cli, "werkscan")
