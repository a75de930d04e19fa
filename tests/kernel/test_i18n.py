"""Message catalogues and Babel formats (issue 14): one language per output, Dutch by default."""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from babel.numbers import parse_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from blikopwerk import InvalidValueError
from blikopwerk._i18n import LANGUAGES, Translator, check_language, placeholders, translations, translator

ROOT = Path(__file__).resolve().parents[2]
DOMAINS = ("blikopwerk", "werkscan", "keurmerk")


def _script() -> object:
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_catalogues_hold_every_message_of_the_source_translated() -> None:
    problems = _script().problems()  # type: ignore[attr-defined]
    assert problems == [], "\n".join(problems) + "\nrun: python scripts/i18n.py update, then translate"


@pytest.mark.parametrize("domain", DOMAINS)
def test_translations_keep_every_placeholder(domain: str) -> None:
    po = resources.files(domain).joinpath("locale", "nl", "LC_MESSAGES", f"{domain}.po")
    catalogue = read_po(io.BytesIO(po.read_bytes()), locale="nl", domain=domain)
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            assert placeholders(text) == placeholders(ids[0]), (message.id, text)


def test_source_checkout_needs_no_build_step() -> None:
    for domain in DOMAINS:
        assert not resources.files(domain).joinpath("locale", "nl", "LC_MESSAGES", f"{domain}.mo").is_file()
    assert translator("werkscan", "nl").gettext("Advice") == "Advies"
    assert translator("keurmerk", "nl").gettext("Satisfaction norm") == "Norm tevredenheid"
    assert translator("werkscan", "en").gettext("Advice") == "Advice"


def test_english_is_the_source_and_dutch_the_default() -> None:
    assert LANGUAGES[0] == "nl"
    assert translator("werkscan").gettext("Signal areas") == "Signaalgebieden"
    assert translations("werkscan", "en").gettext("Signal areas") == "Signal areas"


def test_unknown_language_is_the_librarys_error() -> None:
    with pytest.raises(InvalidValueError) as exc:
        check_language("de")
    assert exc.value.field == "lang" and exc.value.value == "de"
    with pytest.raises(InvalidValueError):
        Translator("werkscan", "fr")  # type: ignore[arg-type]


def test_dates_are_in_words_never_iso() -> None:
    nl, en = translator("blikopwerk", "nl"), translator("blikopwerk", "en")
    assert nl.date(dt.date(2026, 12, 30)) == "30 december 2026"
    assert en.date(dt.date(2026, 12, 30)) == "30 December 2026"
    winter = dt.datetime(2026, 12, 22, 8, 0, tzinfo=dt.UTC)
    assert nl.datetime(winter) == "22 december 2026 om 09:00"  # Amsterdam time (K-TZ-1)
    assert en.datetime(dt.datetime(2026, 7, 1, 7, 0, tzinfo=dt.UTC)) == "1 July 2026 at 09:00"
    with pytest.raises(InvalidValueError):
        nl.datetime(dt.datetime(2026, 1, 1))  # a naive time has no Dutch day


@settings(max_examples=200, deadline=None)
@given(low=st.integers(min_value=0, max_value=10**9), width=st.integers(min_value=1, max_value=10**8))
def test_money_ranges_use_one_locale(low: int, width: int) -> None:
    for lang, locale in (("nl", "nl_NL"), ("en", "en_GB")):
        text = translator("blikopwerk", lang).money_range(Decimal(low), Decimal(low + width))
        first, second = text.split(" – ")
        for part, value in ((first, low), (second, low + width)):
            digits = part.replace("€", "").replace("\xa0", "").strip()
            assert parse_decimal(digits, locale=locale, strict=True) == value


@settings(max_examples=200, deadline=None)
@given(value=st.decimals(min_value=-10**6, max_value=10**6, places=2, allow_nan=False, allow_infinity=False))
def test_numbers_read_back_in_their_own_locale(value: Decimal) -> None:
    for lang, locale in (("nl", "nl_NL"), ("en", "en_GB")):
        text = translator("blikopwerk", lang).number(value, decimals=2)
        assert parse_decimal(text, locale=locale) == value
    assert "," in translator("blikopwerk", "nl").number(Decimal("39.5"))
    assert translator("blikopwerk", "nl").number(Decimal("3E+1"), decimals=1, trim=True) == "30"
