"""The ``keurmerk`` command line."""

from __future__ import annotations

import click

from blikopwerk import __version__
from blikopwerk._cli import plugins_command, run_cli


@click.group()
@click.version_option(__version__, prog_name="keurmerk")
def cli() -> None:
    """Keurmerk: fees, audits, calendar, satisfaction surveys, stars."""


cli.add_command(plugins_command)


def main() -> None:
    """Entry point of the ``keurmerk`` script."""
    run_cli(cli)
