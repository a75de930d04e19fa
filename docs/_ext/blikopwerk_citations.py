"""Sphinx extension: docs cite sources by name, never by the project's seed numbers.

Code, tests and rule data cite a source document by its number ("seed 004", as
``Source.seed("004")`` does): a short, stable key. Readers of the site do not know what
"seed 004" is, so every docstring and page is rewritten on its way into Sphinx: "seed 004"
becomes "the Panteia satisfaction report (2021)", "seed 004's table 1.1" becomes "table
1.1 of the Panteia satisfaction report (2021)", and "the seed" becomes "the source". The
full titles are on the rule catalogue's page, with the file names in a provenance note.
Code lines (doctest prompts and fenced blocks) are left alone.
"""

from __future__ import annotations

import re
from typing import Any

from sphinx.application import Sphinx

# How running text names each source (the full titles: docs/rules/index.md, Source.citation).
SHORT_NAMES = {
    "000": "the Werkscan FAQ for experts",
    "001": "the Keurmerk web pages",
    "002": "the Werkscan evaluation (Panteia 2015)",
    "003": "the Keurmerk norms page",
    "004": "the Panteia satisfaction report (2021)",
}

_APOS = "['\u2019]"
_PART = re.compile(rf"\b([Ss])eed (\d{{3}}){_APOS}s (tables?|figures?) (\d+(?:\.\d+)*(?: and \d+(?:\.\d+)*)?)")
_NUMBERED = re.compile(r"\b([Ss])eeds? (\d{3})\b")
_GENERIC = re.compile(rf"\b([Tt])he seed(s|{_APOS}s)?\b")
_FENCE = re.compile(r"^\s*(```+|~~~+)\s*(\S*)")
# Fenced blocks whose content is prose (rST, admonitions) are rewritten; code blocks are not.
_PROSE_FENCES = re.compile(r"\{(eval-rst|note|tip|warning|important|admonition|seealso|glossary)\}")


def _name(number: str, capital: bool) -> str:
    name = SHORT_NAMES.get(number)
    if name is None:
        raise ValueError(f"unknown seed number {number!r}; known: {sorted(SHORT_NAMES)}")
    return name[0].upper() + name[1:] if capital else name


def cite(line: str) -> str:
    """``line`` with seed numbers replaced by the names of their documents.

    >>> cite("Like figures 3.2 and 4.2 of seed 004: how many")
    'Like figures 3.2 and 4.2 of the Panteia satisfaction report (2021): how many'
    >>> cite("Seed 000 says who is in it; the seed's order")
    "The Werkscan FAQ for experts says who is in it; the source's order"
    >>> cite("the layout of seed 004's table 1.1.")
    'the layout of table 1.1 of the Panteia satisfaction report (2021).'
    """
    stripped = line.lstrip()
    if stripped.startswith((">>>", "...")):
        return line
    line = _PART.sub(lambda m: f"{m[3].capitalize() if m[1] == 'S' else m[3]} {m[4]} of {_name(m[2], False)}",
                     line)
    line = _NUMBERED.sub(lambda m: _name(m[2], m[1] == "S"), line)
    return _GENERIC.sub(lambda m: f"{m[1]}he source{(m[2] or '').replace('seed', '')}", line)


def cite_text(text: str) -> str:
    r""":func:`cite` on every line of a Markdown page outside code blocks.

    >>> print(cite_text("seed 002\n```python\nseed 002\n```\n```{eval-rst}\nseed 002\n```\n"), end="")
    the Werkscan evaluation (Panteia 2015)
    ```python
    seed 002
    ```
    ```{eval-rst}
    the Werkscan evaluation (Panteia 2015)
    ```
    """
    out: list[str] = []
    fence: str | None = None  # the marker of the code block we are in
    for line in text.splitlines(keepends=True):
        m = _FENCE.match(line)
        if m and fence is None and not _PROSE_FENCES.fullmatch(m[2]):
            fence = m[1]
        elif m and fence is not None and m[1] == fence and not m[2]:
            fence = None
        elif fence is None:
            line = cite(line)
        out.append(line)
    return "".join(out)


def _source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    source[0] = cite_text(source[0])


def _include_read(app: Sphinx, path: Any, docname: str, content: list[str]) -> None:
    content[0] = cite_text(content[0])


def _docstring(app: Sphinx, what: str, name: str, obj: Any, options: Any, lines: list[str]) -> None:
    lines[:] = [cite(line) for line in lines]


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("source-read", _source_read)
    app.connect("include-read", _include_read)
    app.connect("autodoc-process-docstring", _docstring)
    return {"version": "1", "parallel_read_safe": True}
