"""The ``keurmerk`` command line."""

from __future__ import annotations

import pathlib
from importlib import resources

import click

from blikopwerk import __version__
from blikopwerk._cli import HelpGroup, lang_option, plugins_command, run_cli, write_examples
from keurmerk._cli_calendar import calendar_command, services_command
from keurmerk._cli_fee import audit_command, fee_command
from keurmerk._cli_search import search_command
from keurmerk._cli_stars import stars_command
from keurmerk._cli_survey import survey_command

#: The example files ``keurmerk examples`` writes, by the name they get.
EXAMPLE_FILES = {"survey.json": "example_survey_2020.json", "providers.json": "example_providers.json"}


@click.group(cls=HelpGroup)
@click.version_option(__version__, prog_name="keurmerk")
def cli() -> None:
    """Keurmerk: fees, audits, calendar, satisfaction surveys, stars, provider search."""


@click.command("examples")
@click.argument("folder", type=click.Path(file_okay=False, path_type=pathlib.Path), default=".")
@click.option("--force", is_flag=True, help="Replace files that already exist.")
@lang_option
def examples_command(folder: pathlib.Path, force: bool, lang: str) -> None:
    """Write the example files (a survey and a list of providers) into FOLDER (default: here).

    survey.json is a provider's survey (keurmerk survey survey.json --pdf survey.pdf);
    providers.json lists invented providers (keurmerk search providers.json --near 3811).
    """
    data = resources.files("keurmerk").joinpath("data")
    write_examples(folder, {name: data.joinpath(source) for name, source in EXAMPLE_FILES.items()}, force, lang)


cli.add_command(plugins_command)
for _command in (fee_command, audit_command, calendar_command, services_command, survey_command,
                 stars_command, search_command, examples_command):
    cli.add_command(_command)


def main() -> None:
    """Entry point of the ``keurmerk`` script."""
    run_cli(cli, "keurmerk")
