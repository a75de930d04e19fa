"""The report gallery in the docs says what the reports say today (issue 14: keep it current).

``python scripts/gallery.py`` regenerates it; this test renders each gallery report's HTML
again and compares the text a reader sees.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import pdfcheck

ROOT = Path(__file__).resolve().parents[1]
GUIDES = ROOT / "docs" / "guides"


def _gallery() -> object:
    spec = importlib.util.spec_from_file_location("gallery_script", ROOT / "scripts" / "gallery.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GALLERY = _gallery()


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("stem", list(GALLERY.REPORTS))  # type: ignore[attr-defined]
def test_gallery_html_is_current(stem: str, lang: str) -> None:
    stored = GUIDES / f"{stem}-{lang}.html"
    assert stored.exists(), f"{stored.name} missing: run python scripts/gallery.py"
    fresh = GALLERY.REPORTS[stem](lang, ".html")  # type: ignore[attr-defined]
    assert pdfcheck.html_text(stored.read_text("utf-8")) == pdfcheck.html_text(str(fresh)), (
        f"{stored.name} is out of date: run python scripts/gallery.py")
    assert (GUIDES / f"{stem}-{lang}.pdf").exists()


def test_gallery_page_shows_every_preview_and_download() -> None:
    page = (GUIDES / "werkscan-report-gallery.md").read_text("utf-8")
    for png in GUIDES.glob("*-gallery-*-page-*.png"):
        assert png.name in page, png.name
    for stem in GALLERY.REPORTS:  # type: ignore[attr-defined]
        for lang in ("nl", "en"):
            assert f"{stem}-{lang}.pdf" in page and f"{stem}-{lang}.html" in page
