"""Keep the message catalogues in step with the source (Babel, as python-holidays does).

Usage::

    python scripts/i18n.py update   # extract <pkg>/locale/<pkg>.pot and merge it into every <lang>.po
    python scripts/i18n.py check    # exit 1 when a catalogue is stale or a translation is missing

Messages are the English strings passed to ``_()``, ``gettext()``, ``ngettext()`` and
``N_()`` in ``src/<pkg>``. Translators edit ``src/<pkg>/locale/<lang>/LC_MESSAGES/<pkg>.po``;
the package reads the ``.po`` at run time, so no compile step is needed.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
DOMAINS = ("blikopwerk", "werkscan", "keurmerk")
TRANSLATED = ("nl",)
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
# a fixed date keeps the header out of the diffs; git knows when a catalogue changed
STAMP = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
HEADER = """\
# Messages of {domain} ({language}); source texts are the English strings in src/{domain}.
# Update with `python scripts/i18n.py update`, then translate the empty msgstr entries.
# This file is distributed under the same licence as the blikopwerk project (MIT).
#"""


def _catalogue(domain: str, locale: str | None) -> Catalog:
    return Catalog(locale=locale, domain=domain, project="blikopwerk", version="0.1",
                   copyright_holder="The blikopwerk developers", msgid_bugs_address="",
                   last_translator="The blikopwerk developers", language_team="nl",
                   creation_date=STAMP, revision_date=STAMP, fuzzy=False,
                   header_comment=HEADER.format(domain=domain, language=locale or "template"))


def _wanted(dirpath: str) -> bool:
    """Every package folder (private ones start with ``_``), but no caches or hidden folders."""
    name = Path(dirpath).name
    return not name.startswith(".") and name != "__pycache__"


def extract(domain: str) -> Catalog:
    """The messages of ``src/<domain>`` as a template catalogue."""
    catalogue = _catalogue(domain, None)
    folder = ROOT / "src" / domain
    for filename, lineno, message, comments, context in extract_from_dir(
            str(folder), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("TRANSLATORS:",),
            strip_comment_tags=True, directory_filter=_wanted):
        catalogue.add(message, None, [(f"src/{domain}/{filename}", lineno)], auto_comments=comments,
                      context=context)
    return catalogue


def po_path(domain: str, lang: str) -> Path:
    return ROOT / "src" / domain / "locale" / lang / "LC_MESSAGES" / f"{domain}.po"


def _write(catalogue: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalogue, width=100, omit_header=False, sort_output=False, ignore_obsolete=True,
             include_lineno=False)
    path.write_bytes(buffer.getvalue())


def update() -> None:
    for domain in DOMAINS:
        template = extract(domain)
        _write(template, ROOT / "src" / domain / "locale" / f"{domain}.pot")
        for lang in TRANSLATED:
            path = po_path(domain, lang)
            catalogue = _catalogue(domain, lang)
            if path.exists():
                with path.open("rb") as fh:
                    for message in read_po(fh, locale=lang, domain=domain):
                        if message.id:
                            catalogue[message.id] = message
            catalogue.update(template, no_fuzzy_matching=True)
            catalogue.revision_date = catalogue.creation_date = STAMP
            _write(catalogue, path)
            missing = [m.id for m in catalogue if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))]
            print(f"{path.relative_to(ROOT)}: {len(catalogue)} messages, {len(missing)} untranslated")


def problems() -> list[str]:
    """What is stale or missing, as readable lines."""
    found: list[str] = []
    for domain in DOMAINS:
        wanted = {m.id for m in extract(domain) if m.id}
        for lang in TRANSLATED:
            path = po_path(domain, lang)
            if not path.exists():
                found.append(f"{domain}/{lang}: no catalogue")
                continue
            with path.open("rb") as fh:
                catalogue = read_po(fh, locale=lang, domain=domain)
            have = {m.id for m in catalogue if m.id}
            found += [f"{domain}/{lang}: not in the catalogue: {m!r}" for m in sorted(wanted - have, key=str)]
            found += [f"{domain}/{lang}: no longer used: {m!r}" for m in sorted(have - wanted, key=str)]
            for m in catalogue:
                if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string))):
                    found.append(f"{domain}/{lang}: untranslated: {m.id!r}")
                if m.id and m.fuzzy:
                    found.append(f"{domain}/{lang}: fuzzy: {m.id!r}")
    return found


def main(argv: list[str]) -> int:
    if argv[1:] == ["update"]:
        update()
        return 0
    if argv[1:] == ["check"]:
        lines = problems()
        print("\n".join(lines) or "catalogues up to date")
        return 1 if lines else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
