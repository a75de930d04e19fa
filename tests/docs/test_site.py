"""The built docs site, read as its readers see it.

What a reader must never see: issue numbers, the project's seed file names or seed numbers
(sources are cited by title; file names live only in provenance notes), Python escape
sequences in printed output. What every page must have: on-page contents, the theme's
colour-mode switch, copy buttons. Every internal link and anchor resolves. In a real
browser (headless Chromium, when installed), nothing reaches outside the text column at
1280 px or at a phone's 390 px.
"""

from __future__ import annotations

import re
from pathlib import Path

import docs_browser
import docs_site
import pytest
from blikopwerk_citations import SHORT_NAMES, cite, cite_text
from blikopwerk_linkcheck import broken_links

from blikopwerk._rules import SEED_FILES, SEED_TITLES

ISSUE = re.compile(r"\bissues? #?\d+|\(issue\b|\bgh-\d+", re.IGNORECASE)
SEED_FILE = re.compile(r"\b\d{3}_[0-9a-f]{16}(\.txt)?\b")
SEED_NUMBER = re.compile(r"\bseeds? \d{3}\b", re.IGNORECASE)
ESCAPE = re.compile(r"\\xa0|\\u[0-9a-f]{4}")  # escapes in printed text, not in bytes


def _pages(site: Path) -> list[docs_site.Page]:
    pages = [docs_site.Page(p) for p in docs_site.pages(site)]
    assert len(pages) > 30, f"only {len(pages)} pages in {site}"
    return pages


def _name(site: Path, page: docs_site.Page) -> str:
    return str(page.path.relative_to(site))


def test_no_page_mentions_an_issue_number(site: Path) -> None:
    found = {_name(site, p): m.group(0) for p in _pages(site) if (m := ISSUE.search(p.text))}
    assert found == {}


def test_sources_are_cited_by_title_not_by_file_or_seed_number(site: Path) -> None:
    found = {}
    for page in _pages(site):  # page.text leaves out the provenance notes
        m = SEED_FILE.search(page.text) or SEED_NUMBER.search(page.text)
        if m:
            found[_name(site, page)] = page.text[max(0, m.start() - 60):m.end() + 20]
    assert found == {}


def test_the_rule_catalogue_lists_every_source_by_title_and_its_file_in_a_provenance_note(site: Path) -> None:
    html = (site / "rules" / "index.html").read_text("utf-8")
    page = docs_site.Page(site / "rules" / "index.html")
    for file, title in SEED_TITLES.items():
        assert title in page.text, title
        assert file in html and file not in page.text  # named only inside the provenance note
    generated = list((site / "rules" / "generated").glob("*.html"))
    assert generated
    for path in generated:
        text = docs_site.Page(path).text
        assert any(title in text for title in SEED_TITLES.values()), path.name


def test_printed_output_has_no_python_escapes(site: Path) -> None:
    found = {_name(site, p): m.group(0) for p in _pages(site) if (m := ESCAPE.search(p.text))}
    assert found == {}


def test_every_page_has_on_page_contents(site: Path) -> None:
    without = [_name(site, p) for p in _pages(site) if p.toc_links == 0]
    assert without == []


def test_every_page_has_the_theme_with_dark_mode_and_copy_buttons(site: Path) -> None:
    for page in docs_site.pages(site):
        html = page.read_text("utf-8")
        assert "theme-toggle" in html, page  # Furo's light/dark/auto switch
        assert "clipboard.min.js" in html and "copybutton.js" in html, page
    css = (site / "_static" / "custom.css").read_text("utf-8")
    assert "toc-drawer" in css


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    assert broken_links(site) == []


def test_the_link_check_finds_a_missing_page_and_a_missing_anchor(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text('<h1 id="top">A</h1><a href="b.html#there">b</a>'
                                     '<a href="b.html#nowhere">b</a><a href="c.html">c</a>'
                                     '<a href="#top">top</a><a href="#gone">gone</a>'
                                     '<a href="https://example.org/#x">out</a>')
    (tmp_path / "b.html").write_text('<p id="there">B</p>')
    assert broken_links(tmp_path) == [
        "a.html: b.html#nowhere (no anchor #nowhere)",
        "a.html: c.html (no such file)",
        "a.html: #gone (no anchor #gone)",
    ]


def test_seed_numbers_in_docstrings_become_document_names() -> None:
    assert set(SHORT_NAMES) == set(SEED_FILES)
    assert cite("(seed 000: 'De prijs')") == "(the Werkscan FAQ for experts: 'De prijs')"
    assert cite("Seed 004's table 1.2 spells") == "Table 1.2 of the Panteia satisfaction report (2021) spells"
    assert cite("the seeds say 'werkdagen'") == "the sources say 'werkdagen'"
    assert cite('>>> Source.seed("001")  # seed 001') == '>>> Source.seed("001")  # seed 001'
    assert cite_text("```console\n$ echo seed 002\n```\nseed 002\n") == (
        "```console\n$ echo seed 002\n```\nthe Werkscan evaluation (Panteia 2015)\n")
    with pytest.raises(ValueError, match="unknown seed number '009'"):
        cite("seed 009")


@pytest.mark.slow
@pytest.mark.parametrize("width", [1280, 390])
def test_nothing_overflows_in_a_browser(site: Path, width: int) -> None:
    if docs_browser.chromium() is None:
        pytest.skip("chromium is not installed (Debian: apt-get install chromium)")
    pages = [str(p.relative_to(site)) for p in docs_site.pages(site)]
    measured = docs_browser.overflow(site, pages, width)
    assert sorted(measured) == sorted(pages)  # every page was measured
    assert {page: problems for page, problems in measured.items() if problems} == {}
