"""One language per output: message catalogues (gettext) and Babel formatting.

Text for people is written in English in the source and marked for translation; the Dutch
texts live in gettext catalogues, one per package (``<package>/locale/nl/LC_MESSAGES/
<package>.po``), as python-holidays keeps its holiday names. The ``.po`` sources are read
at run time (compiled in memory with Babel and cached), so a source checkout needs no
build step; a compiled ``.mo`` beside a ``.po`` is used when present.

Numbers, money, percentages, dates and ranges are formatted by Babel for the language's
locale: ``nl`` is ``nl_NL`` (``39,5``, ``€ 2.327,00``, ``10 februari 2021``) and ``en`` is
``en_GB`` (``39.5``, ``€2,327.00``, ``10 February 2021``). Dutch is the default everywhere.

E-mail bodies are plain-text templates (``<package>/templates/mail/<lang>/<name>.txt``);
a deployment replaces any of them by putting a file with the same relative path in the
folder named by ``BLIKOPWERK_MAIL_TEMPLATES`` (see the guide "Languages and e-mail
templates").

Internal: the formatting helpers are reached through :class:`Translator`.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import io
import os
import re
import string
from collections.abc import Iterable, Mapping
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

import attrs

from blikopwerk._errors import ConfigurationError, InvalidValueError

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "N_",
    "Language",
    "MailText",
    "Translator",
    "babel_locale",
    "check_language",
    "mail_language",
    "render_mail",
    "translations",
    "translator",
]

Language = Literal["nl", "en"]
#: The languages every output can be written in; the first is the default.
LANGUAGES: tuple[Language, ...] = ("nl", "en")
#: Dutch unless asked otherwise.
DEFAULT_LANGUAGE: Language = "nl"
_LOCALES: Mapping[str, str] = {"nl": "nl_NL", "en": "en_GB"}
_AMSTERDAM = ZoneInfo("Europe/Amsterdam")
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it now (module-level tables).

    Example:
        >>> N_("poor")
        'poor'
    """
    return message


def check_language(lang: object, field: str = "lang") -> Language:
    """``lang`` if it is a supported language (``"nl"`` or ``"en"``), else the library's error.

    Example:
        >>> check_language("en")
        'en'
        >>> check_language("fr")
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: lang: unknown language; known: nl, en (got 'fr')
    """
    if not isinstance(lang, str) or lang not in LANGUAGES:
        raise InvalidValueError(field, lang, f"unknown language; known: {', '.join(LANGUAGES)}")
    return lang


def babel_locale(lang: str) -> str:
    """The Babel locale of a language: ``nl_NL`` or ``en_GB``.

    Example:
        >>> babel_locale("nl"), babel_locale("en")
        ('nl_NL', 'en_GB')
    """
    return _LOCALES[check_language(lang)]


def _catalogue_file(domain: str, lang: str, suffix: str) -> Any:
    return resources.files(domain).joinpath("locale", lang, "LC_MESSAGES", f"{domain}{suffix}")


@functools.cache
def translations(domain: str, lang: str) -> gettext.NullTranslations:
    """The gettext translations of package ``domain`` for ``lang`` (cached).

    Reads ``<domain>/locale/<lang>/LC_MESSAGES/<domain>.mo`` if it exists, else compiles the
    ``.po`` beside it in memory with Babel. A language without a catalogue (English, the
    language of the source) returns the messages unchanged. The kernel's catalogue
    (``blikopwerk``) is the fallback of every other domain.

    Example:
        >>> translations("blikopwerk", "nl").gettext("Aborted.")
        'Afgebroken.'
        >>> translations("blikopwerk", "en").gettext("Aborted.")
        'Aborted.'
    """
    check_language(lang)
    mo = _catalogue_file(domain, lang, ".mo")
    po = _catalogue_file(domain, lang, ".po")
    result: gettext.NullTranslations
    if mo.is_file():
        result = gettext.GNUTranslations(io.BytesIO(mo.read_bytes()))
    elif po.is_file():
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        catalogue = read_po(io.BytesIO(po.read_bytes()), locale=lang, domain=domain)
        buffer = io.BytesIO()
        write_mo(buffer, catalogue, use_fuzzy=False)
        buffer.seek(0)
        result = gettext.GNUTranslations(buffer)
    else:
        result = gettext.NullTranslations()
    if domain != "blikopwerk":
        result.add_fallback(translations("blikopwerk", lang))
    return result


def _as_decimal(value: Any, field: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise InvalidValueError(field, value, "expected a number")
    return value if isinstance(value, Decimal) else Decimal(str(value))


@attrs.frozen
class Translator:
    """Text and formats for people in one language, from one package's catalogue.

    ``gettext`` translates a message written in English in the source (``_`` is the same);
    the other methods format values with Babel for the language's locale.

    Example:
        >>> nl, en = Translator("blikopwerk", "nl"), Translator("blikopwerk", "en")
        >>> nl.number(39.5), en.number(39.5)
        ('39,5', '39.5')
        >>> nl.money(Decimal("2327")).replace("\xa0", " "), en.money(Decimal("2327"))
        ('€ 2.327,00', '€2,327.00')
        >>> nl.date(dt.date(2021, 2, 10)), en.date(dt.date(2021, 2, 10))
        ('10 februari 2021', '10 February 2021')
        >>> nl.money_range(Decimal(150000), Decimal(249999)).replace("\xa0", " ")
        '€ 150.000 – € 249.999'
        >>> nl.money_range(Decimal(1000000), None).replace("\xa0", " ")
        '€ 1.000.000 of meer'
        >>> print(nl.percent(Decimal("66.7"), decimals=1), "|", en.percent(20))
        66,7 % | 20%
    """

    domain: str
    lang: Language = attrs.field(converter=check_language)

    @property
    def locale(self) -> str:
        """The Babel locale (``nl_NL`` or ``en_GB``)."""
        return _LOCALES[self.lang]

    def gettext(self, message: str) -> str:
        """``message`` in this language."""
        return translations(self.domain, self.lang).gettext(message)

    def _(self, message: str) -> str:
        """Short for :meth:`gettext`."""
        return self.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The singular or plural form of a message for count ``n``."""
        return translations(self.domain, self.lang).ngettext(singular, plural, n)

    def number(self, value: Any, *, decimals: int | None = None, trim: bool = False) -> str:
        """A number in the locale's format.

        ``decimals`` fixes the places (``2,03``); with ``trim`` trailing zeros are left out
        (``43`` but ``39,5``). Without ``decimals``: as many places as needed, at most 3.
        """
        d = _as_decimal(value, "value")
        places = 3 if decimals is None else decimals
        low = 0 if decimals is None or trim else places
        pattern = "#,##0" + ("." + "0" * low + "#" * (places - low) if places else "")
        return _format_decimal(str(d), pattern, self.locale)

    def integer(self, value: int) -> str:
        """A whole number with the locale's grouping (``2.908`` or ``2,908``)."""
        return self.number(value, decimals=0)

    def percent(self, value: Any, *, decimals: int = 0, trim: bool = False) -> str:
        """A percentage given in percent (``20`` is 20 %): ``20 %`` in Dutch, ``20%`` in English.

        ``decimals`` fixes the places; with ``trim`` trailing zeros are left out (``75 %``).
        """
        from babel.numbers import format_percent

        d = _as_decimal(value, "value") / 100
        digits = "." + ("#" if trim else "0") * decimals if decimals else ""
        pattern = f"#,##0{digits} %" if self.lang == "nl" else f"#,##0{digits}%"
        return str(format_percent(d, format=pattern, locale=self.locale, decimal_quantization=True))

    def money(self, value: Any, *, cents: bool = True) -> str:
        """An amount in euros (a :class:`blikopwerk.Money` or a number)."""
        from babel.numbers import format_currency

        amount = getattr(value, "amount", value)
        d = _as_decimal(amount, "amount")
        if cents:
            return str(format_currency(d, "EUR", locale=self.locale))
        pattern = "¤ #,##0" if self.lang == "nl" else "¤#,##0"
        return str(format_currency(d, "EUR", format=pattern, locale=self.locale, currency_digits=False))

    def money_range(self, low: Any, high: Any | None) -> str:
        """A band of whole euros, ``€ 150.000 – € 249.999``; without ``high``: ``€ 250.000 of meer``."""
        first = self.money(low, cents=False)
        if high is None:
            return translations("blikopwerk", self.lang).gettext("{low} or more").format(low=first)
        return f"{first} – {self.money(high, cents=False)}"

    def number_range(self, low: Any, high: Any | None, *, decimals: int | None = None) -> str:
        """A range of numbers, ``7 – 27``; without ``high``: ``44 of meer``."""
        first = self.number(low, decimals=decimals)
        if high is None:
            return translations("blikopwerk", self.lang).gettext("{low} or more").format(low=first)
        return f"{first} – {self.number(high, decimals=decimals)}"

    def date(self, value: dt.date, *, format: str = "long") -> str:
        """A calendar date in words (``10 februari 2021``); never ISO."""
        if not isinstance(value, dt.date):
            raise InvalidValueError("date", value, "expected a date")
        day = value.astimezone(_AMSTERDAM).date() if isinstance(value, dt.datetime) else value
        return _format_date(day, format, self.locale)

    def datetime(self, value: dt.datetime) -> str:
        """A moment as the Dutch clock shows it (``22 december 2026 om 09:00``)."""
        from babel.dates import format_time

        if not isinstance(value, dt.datetime) or value.tzinfo is None:
            raise InvalidValueError("datetime", value, "expected a timezone-aware date-time")
        local = value.astimezone(_AMSTERDAM)
        time = str(format_time(local, format="HH:mm", locale=self.locale))
        return translations("blikopwerk", self.lang).gettext("{date} at {time}").format(
            date=self.date(local.date()), time=time)

    def join(self, items: Iterable[str]) -> str:
        """A list in words: ``werk, gezondheid en leefstijl``."""
        from babel.lists import format_list

        values = list(items)
        return str(format_list(values, locale=self.locale)) if values else ""


@functools.lru_cache(maxsize=4096)
def _format_decimal(text: str, pattern: str, locale: str) -> str:
    """Babel's ``format_decimal``, remembered: a mail run formats the same values often."""
    from babel.numbers import format_decimal

    return str(format_decimal(Decimal(text), format=pattern, locale=locale, decimal_quantization=True))


@functools.lru_cache(maxsize=4096)
def _format_date(day: dt.date, format: str, locale: str) -> str:
    """Babel's ``format_date``, remembered (see :func:`_format_decimal`)."""
    from babel.dates import format_date

    return str(format_date(day, format=format, locale=locale))


def translator(domain: str, lang: object = DEFAULT_LANGUAGE) -> Translator:
    """A :class:`Translator` for package ``domain`` in ``lang`` (checked).

    Example:
        >>> translator("blikopwerk", "nl").gettext("ok")
        'in orde'
    """
    return Translator(domain, check_language(lang))


# ------------------------------------------------------------------------ e-mail templates


@attrs.frozen
class MailText:
    """A rendered e-mail: subject and plain-text body."""

    subject: str
    body: str


def mail_language(lang: object | None = None) -> Language:
    """The language of an e-mail: ``lang``, else ``BLIKOPWERK_LANGUAGE``, else Dutch.

    Example:
        >>> mail_language("en")
        'en'
    """
    if lang is not None:
        return check_language(lang)
    return check_language(os.environ.get("BLIKOPWERK_LANGUAGE", DEFAULT_LANGUAGE), "BLIKOPWERK_LANGUAGE")


def _template_text(domain: str, name: str, lang: str) -> tuple[str, str]:
    folder = os.environ.get("BLIKOPWERK_MAIL_TEMPLATES")
    if folder:
        relative = Path(lang) / f"{name}.txt"
        override = Path(folder) / domain / relative
        if override.is_file():
            return override.read_text(encoding="utf-8"), str(override)
    return _packaged_template(domain, name, lang)


@functools.cache
def _packaged_template(domain: str, name: str, lang: str) -> tuple[str, str]:
    """A template shipped with ``domain`` (read once per process: packaged files do not change)."""
    packaged = resources.files(domain).joinpath("templates", "mail", lang, f"{name}.txt")
    if not packaged.is_file():
        raise ConfigurationError(f"no e-mail template {domain}/{lang}/{name}.txt")
    return packaged.read_text(encoding="utf-8"), f"{domain}/templates/mail/{lang}/{name}.txt"


@functools.lru_cache(maxsize=256)
def _parsed_template(text: str, where: str) -> tuple[string.Template, string.Template]:
    """The subject and body templates of a template's ``text`` (``where`` names it in the
    error), split once per text: an offer run renders the same template thousands of times.
    Keyed on the text itself, so a replaced file is parsed anew."""
    head, sep, body = text.partition("\n\n")
    if not sep or not head.startswith("Subject:") or "\n" in head.strip():
        raise ConfigurationError(f"e-mail template {where}: the first line must be 'Subject: ...', "
                                 "followed by an empty line")
    return string.Template(head[len("Subject:"):].strip()), string.Template(body)


def render_mail(domain: str, name: str, lang: object, values: Mapping[str, str]) -> MailText:
    """Render the e-mail template ``name`` of package ``domain`` in ``lang``.

    A template is UTF-8 text: the first line ``Subject: ...``, an empty line, then the
    body. ``$name`` or ``${name}`` is replaced by a value (already formatted for the
    language); ``$$`` is a dollar sign. A deployment replaces a template by a file
    ``$BLIKOPWERK_MAIL_TEMPLATES/<domain>/<lang>/<name>.txt``.

    Raises:
        ConfigurationError: the template is missing, has no subject line, or uses a
            placeholder that this message does not provide.

    Example:
        >>> m = render_mail("werkscan", "lead-reminder", "nl",
        ...                 {"name": "Anna", "lead": "L1", "last_day": "30 december 2026"})
        >>> m.subject
        'Herinnering: een lead wacht op uw offerte'
    """
    language = check_language(lang)
    text, where = _template_text(domain, name, language)
    subject_template, body_template = _parsed_template(text, where)
    try:
        subject = subject_template.substitute(values)
        rendered = body_template.substitute(values)
    except KeyError as exc:
        raise ConfigurationError(f"e-mail template {where} uses ${exc.args[0]}, which this message does "
                                 f"not provide; available: {', '.join(sorted(values))}") from None
    except ValueError as exc:
        raise ConfigurationError(f"e-mail template {where}: {exc}") from None
    return MailText(subject, rendered.rstrip("\n") + "\n")


def placeholders(message: str) -> set[str]:
    """The ``{name}`` placeholders of a catalogue message (for consistency checks).

    Example:
        >>> sorted(placeholders("WAI {score} of {low}-{high}"))
        ['high', 'low', 'score']
    """
    return set(_PLACEHOLDER.findall(message))
