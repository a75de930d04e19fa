"""Sphinx extension: check every internal link and anchor of the built HTML site.

Sphinx's ``-n`` catches cross-references that do not resolve, and its ``linkcheck``
builder checks that linked local files exist, but neither looks at ``#anchors`` nor at the
links the theme and raw HTML add. After an HTML build this extension reads every page,
and for each relative link checks that the target file exists and, when the link has a
fragment, that the target page has an element with that id. A broken one is a warning,
so ``sphinx -W`` fails. External links (``http:``, ``https:``, ``mailto:``) are not
followed: the builds run offline.
"""

from __future__ import annotations

import html.parser
import posixpath
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)


class _Collector(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        for attr in ("href", "src"):
            if a.get(attr) and tag in ("a", "link", "img", "script", "iframe", "source", "embed"):
                self.links.append(a[attr])


def _parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text("utf-8", errors="replace"))
    return collector


def broken_links(root: Path) -> list[str]:
    """Every internal link of the site under ``root`` whose file or anchor is missing.

    One line per problem: ``page: link (reason)``.
    """
    root = root.resolve()
    parsed: dict[Path, _Collector] = {}

    def page(path: Path) -> _Collector:
        if path not in parsed:
            parsed[path] = _parse(path)
        return parsed[path]

    problems: list[str] = []
    for source in sorted(root.rglob("*.html")):
        rel_source = source.relative_to(root)
        if rel_source.parts[0] == "_static":
            continue
        for link in page(source).links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith("//"):
                continue  # external (or data:, mailto:): not followed offline
            target = source if not parts.path else Path(
                posixpath.normpath(posixpath.join(source.parent.as_posix(), unquote(parts.path))))
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                problems.append(f"{rel_source}: {link} (no such file)")
                continue
            try:
                target.relative_to(root)
            except ValueError:
                problems.append(f"{rel_source}: {link} (outside the site)")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html" and fragment not in page(target).ids:
                problems.append(f"{rel_source}: {link} (no anchor #{fragment})")
    return problems


def _check(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    problems = broken_links(Path(app.outdir))
    for problem in problems:
        logger.warning("broken internal link: %s", problem, type="blikopwerk", subtype="link")
    if not problems:
        logger.info("internal links and anchors: all resolve")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("build-finished", _check)
    return {"version": "1", "parallel_read_safe": True}
