"""The ``werkscan`` command line."""

from __future__ import annotations

import click

from blikopwerk import __version__
from blikopwerk._cli import HelpGroup, examples_command, plugins_command, run_cli
from blikopwerk._i18n import N_
from werkscan._cli.compare import compare_command
from werkscan._cli.directory import directory_command
from werkscan._cli.leads import leads_group
from werkscan._cli.licence import licence_group
from werkscan._cli.scoring import employer_report_command, report_command, schema_command, score_command
from werkscan._cli.storage import storage_group


@click.group(cls=HelpGroup, help=N_("""Werkscan: score questionnaires, render reports, manage licences and leads."""))
@click.version_option(__version__, prog_name="werkscan")
def cli() -> None:
    """Command line: the help text is ``help=`` above (translated at run time)."""


cli.add_command(plugins_command)
cli.add_command(score_command)
cli.add_command(report_command)
cli.add_command(schema_command)
cli.add_command(employer_report_command)
cli.add_command(licence_group)
cli.add_command(leads_group)
cli.add_command(directory_command)
cli.add_command(examples_command)
cli.add_command(compare_command)
cli.add_command(storage_group)


def main() -> None:
    """Entry point of the ``werkscan`` script."""
    run_cli(cli, "werkscan")
