"""The Werkscan part of the main job: ``python -m werkscan._demo --workdir DIR``. Internal."""

from __future__ import annotations

from blikopwerk._demo import cli_demo, run_demo

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Run the Werkscan demo: its command line, scoring and reports, licences, leads."""
    from werkscan._demo import invoices, leads, licence, scoring

    return run_demo([
        ("Werkscan: command line", cli_demo([["werkscan", "--version"], ["werkscan", "plugins"]])),
        ("Werkscan: scoring and reports", scoring.demo),
        ("Werkscan: licences and staffels", licence.demo),
        ("Werkscan: invoices of a licence year", invoices.demo),
        ("Werkscan: leads from match to consent", leads.demo),
    ], argv, __doc__)
