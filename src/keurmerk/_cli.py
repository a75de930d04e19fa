"""The ``keurmerk`` command line."""

from __future__ import annotations

import click

from blikopwerk import __version__
from blikopwerk._cli import HelpGroup, examples_command, plugins_command, run_cli
from blikopwerk._i18n import N_
from keurmerk._cli_calendar import calendar_command, services_command
from keurmerk._cli_fee import audit_command, fee_command
from keurmerk._cli_search import search_command
from keurmerk._cli_stars import stars_command
from keurmerk._cli_survey import survey_command


@click.group(cls=HelpGroup, help=N_("""Keurmerk: fees, audits, calendar, satisfaction surveys, stars, provider search."""))
@click.version_option(__version__, prog_name="keurmerk")
def cli() -> None:
    """Command line: the help text is ``help=`` above (translated at run time)."""


cli.add_command(plugins_command)
for _command in (fee_command, audit_command, calendar_command, services_command, survey_command,
                 stars_command, search_command, examples_command):
    cli.add_command(_command)


def main() -> None:
    """Entry point of the ``keurmerk`` script."""
    run_cli(cli, "keurmerk")
