"""Read the built docs site: pages, their visible text, links and anchors (standard library only)."""

from __future__ import annotations

import html.parser
from collections.abc import Iterator
from pathlib import Path

# Pages Sphinx generates around the content (index, search): not written by us.
GENERATED = {"genindex.html", "search.html", "py-modindex.html"}


def pages(root: Path) -> Iterator[Path]:
    """Every content page of the built site (not the sources, highlighted modules or indices)."""
    for path in sorted(root.rglob("*.html")):
        rel = path.relative_to(root)
        if rel.parts[0].startswith("_") or str(rel) in GENERATED:
            continue
        yield path


class _Page(html.parser.HTMLParser):
    """Collects the text of ``<article>`` (without provenance notes), ids, links and the toc."""

    _VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                       "source", "track", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.text: list[str] = []
        self.toc_links = 0
        self._stack: list[tuple[str, bool, bool, bool]] = []  # tag, in article, skipped, in toc

    def _state(self) -> tuple[bool, bool, bool]:
        return self._stack[-1][1:] if self._stack else (False, False, False)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        in_article, skipped, in_toc = self._state()
        classes = a.get("class", "").split()
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.ids.add(a["name"])
        if tag in ("a", "link", "img", "script", "iframe", "source") and (a.get("href") or a.get("src")):
            self.links.append(a.get("href") or a.get("src", ""))
        if in_toc and tag == "a" and "reference" in classes:
            self.toc_links += 1
        if tag in self._VOID:
            return
        self._stack.append((
            tag,
            in_article or (tag == "article" and a.get("role") == "main"),
            skipped or tag in ("script", "style") or "provenance" in classes or "headerlink" in classes,
            in_toc or "toc-tree" in classes,
        ))

    def handle_endtag(self, tag: str) -> None:
        if tag in self._VOID:
            return
        while self._stack:
            if self._stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        in_article, skipped, _ = self._state()
        if in_article and not skipped:
            self.text.append(data)


class Page:
    """One built page: ``text`` (the article's visible text, provenance notes left out),
    ``ids`` (anchors), ``links`` (every href/src) and ``toc_links`` (on-page contents entries)."""

    def __init__(self, path: Path) -> None:
        parser = _Page()
        parser.feed(path.read_text("utf-8"))
        self.path = path
        self.text = " ".join(" ".join(parser.text).split())
        self.ids = parser.ids
        self.links = parser.links
        self.toc_links = parser.toc_links
