"""``werkscan storage upgrade|current URL``: the schema revision of a storage database."""

from __future__ import annotations

import click

from blikopwerk._cli import HelpGroup, lang_option
from blikopwerk._i18n import N_, translator

__all__ = ["storage_group"]


@click.group("storage", cls=HelpGroup,
             help=N_("The storage database: bring it to this release's schema, or show its revision."))
def storage_group() -> None:
    pass


@storage_group.command("upgrade", help=N_("Bring the database at URL to this release's schema revision."))
@click.argument("url")
@lang_option
def upgrade_command(url: str, lang: str) -> None:
    from blikopwerk import storage

    t = translator("werkscan", lang)
    before = storage.current_revision(url)
    after = storage.upgrade(url)
    if before == after:
        click.echo(t._("the storage is at schema revision {revision} already").format(revision=after))
    else:
        click.echo(t._("the storage is now at schema revision {revision}").format(revision=after))


@storage_group.command("current", help=N_("Show the schema revision of the database at URL and this release's."))
@click.argument("url")
@lang_option
def current_command(url: str, lang: str) -> None:
    from blikopwerk import storage

    t = translator("werkscan", lang)
    current = storage.current_revision(url)
    shown = current if current is not None else t._("none (no tables yet)")
    click.echo(t._("schema revision of the storage: {current}; of this release: {head}").format(
        current=shown, head=storage.head_revision()))
