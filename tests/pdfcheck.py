"""Reading the report PDFs back: text per page, the document language, and the fonts.

Shared by the report tests of ``werkscan`` and ``keurmerk`` (issue 14: every PDF embeds a
Unicode font, has page numbers, a date in words and its language).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pypdf
from fontTools.ttLib import TTFont

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
RULE_ID = re.compile(r"\b(?:WS|KM|K)-[A-Z]+-\d+\b")
REPR = re.compile(r"Decimal\(|Money\(|<[A-Za-z]+\.[A-Z_]+: |\d+E[+-]\d+|=None\b|datetime\.|\\xa0")


@dataclass
class EmbeddedFont:
    """One font of a PDF page: its name, whether it is embedded, and code -> character."""

    name: str
    embedded: bool
    to_unicode: dict[int, str] = field(default_factory=dict)
    glyph_ok: dict[int, bool] = field(default_factory=dict)


def _to_unicode(cmap: str) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(src, 16)] = bytes.fromhex(dst).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for lo, hi, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            start = int(dst, 16)
            for offset, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                mapping[code] = chr(start + offset)
    return mapping


def _glyphs(data: bytes) -> dict[int, bool]:
    """Code -> whether the embedded TrueType font draws a glyph for it (simple or composite)."""
    font = TTFont(io.BytesIO(data))
    glyf = font["glyf"]
    result: dict[int, bool] = {}
    for table in font["cmap"].tables:
        for code, name in table.cmap.items():
            glyph = glyf[name]
            ok = glyph.numberOfContours != 0
            if ok and glyph.isComposite():
                ok = all(component.glyphName in glyf for component in glyph.components)
            result[code] = result.get(code, False) or ok
    return result


def fonts(data: bytes) -> list[EmbeddedFont]:
    """Every font used on the pages of a PDF."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    found: dict[str, EmbeddedFont] = {}
    for page in reader.pages:
        resources = page["/Resources"]
        for ref in resources.get("/Font", {}).values():
            font = ref.get_object()
            name = str(font.get("/BaseFont"))
            if name in found:
                continue
            descriptor = font.get("/FontDescriptor")
            file2 = descriptor.get_object().get("/FontFile2") if descriptor is not None else None
            entry = EmbeddedFont(name, file2 is not None)
            if "/ToUnicode" in font:
                entry.to_unicode = _to_unicode(font["/ToUnicode"].get_object().get_data().decode("latin-1"))
            if file2 is not None:
                entry.glyph_ok = _glyphs(file2.get_object().get_data())
            found[name] = entry
    return list(found.values())


def drawable(data: bytes) -> set[str]:
    """The characters the PDF's embedded fonts can draw (mapped and with a real glyph)."""
    chars: set[str] = set()
    for font in fonts(data):
        for code, char in font.to_unicode.items():
            if char != "\x00" and font.glyph_ok.get(code):
                chars.add(char)
    return chars


def pages(data: bytes) -> list[str]:
    """The text of each page."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [page.extract_text() for page in reader.pages]


def text(data: bytes) -> str:
    """All text, whitespace folded."""
    return " ".join(" ".join(pages(data)).split())


def language(data: bytes) -> str | None:
    """The document language (``/Lang`` of the catalogue)."""
    lang = pypdf.PdfReader(io.BytesIO(data)).trailer["/Root"].get("/Lang")
    return None if lang is None else str(lang)


def content_lines(page_text: str) -> list[str]:
    """The lines of a page without its footer (title, date and page number)."""
    lines = [line for line in page_text.splitlines() if line.strip()]
    return [line for line in lines if not re.search(r"(Pagina|Page) \d+ (van|of) \d+", line)]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.alts: list[str] = []
        self.skip = 0

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "title"):
            self.skip += 1
        if tag == "img":
            self.alts += [v or "" for k, v in attrs if k == "alt"]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title"):
            self.skip -= 1


def html_text(html: str) -> str:
    """The visible text of an HTML page (and the images' alt texts), whitespace folded."""
    parser = _Text()
    parser.feed(html)
    return " ".join((" ".join(parser.parts) + " " + " ".join(parser.alts)).split())


def fold(value: str) -> str:
    """Whitespace folded (also non-breaking spaces), for comparing texts."""
    return " ".join(value.replace("\xa0", " ").split())


def foreign_phrases(output: str, lang: str, domains: tuple[str, ...] = ("blikopwerk", "werkscan", "keurmerk"),
                    min_words: int = 3) -> list[str]:
    """Catalogue phrases of the *other* language found in ``output`` (one language per output).

    For every message of at least ``min_words`` words whose Dutch differs from its English,
    the English must not appear in Dutch output and the Dutch not in English output; the
    placeholders split a message into the parts compared.
    """
    from importlib import resources

    from babel.messages.pofile import read_po

    folded = fold(output)
    found: list[str] = []
    for domain in domains:
        po = resources.files(domain).joinpath("locale", "nl", "LC_MESSAGES", f"{domain}.po")
        catalogue = read_po(io.BytesIO(po.read_bytes()), locale="nl", domain=domain)
        for message in catalogue:
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for english, dutch in zip(ids, strings, strict=False):
                if english == dutch:
                    continue
                other = english if lang == "nl" else dutch
                for part in re.split(r"\{[^}]*\}", other):
                    part = fold(part).strip(" .,:;()")
                    if len(part.split()) >= min_words and part in folded:
                        found.append(part)
    return found
