"""Shared pieces of the ``werkscan`` and ``keurmerk`` command lines.

Every command that prints words for people takes ``--lang nl|en`` (Dutch by default, or
``BLIKOPWERK_LANGUAGE``); its output and its error line are in that one language, numbers
and dates formatted by Babel. Text from data (names of providers, employers, experts) is
printed as text, never read as rich markup. A command that needs an optional extra that
is not installed says which one, in one line, and exits with code 2.
"""

from __future__ import annotations

import ast
import contextlib
import datetime as dt
import functools
import importlib
import importlib.util
import json
import os
import re
import shutil
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, TypeVar

import click

from blikopwerk._errors import BlikopwerkError, FieldValueError, InvalidValueError, NotFoundError
from blikopwerk._i18n import DEFAULT_LANGUAGE, LANGUAGES, N_, Translator, check_language, translator
from blikopwerk._protocols import Storage
from blikopwerk._select import open_storage

__all__ = [
    "EXAMPLE_FILES",
    "EXTRAS",
    "HelpGroup",
    "MissingExtraError",
    "StorageContext",
    "argv_language",
    "click_language",
    "console",
    "describe_error",
    "examples_command",
    "lang_option",
    "localise",
    "parse_date",
    "parse_now",
    "plugins_command",
    "require_extra",
    "run_cli",
    "strip_rule_ids",
    "write_examples",
]

F = TypeVar("F", bound=Callable[..., Any])

#: Which extra installs a module that a command may need (``pip install "blikopwerk[<extra>]"``).
EXTRAS: Mapping[str, str] = {
    "matplotlib": "reports", "reportlab": "reports", "jinja2": "reports",
    "pyarrow": "batch", "numpy": "batch", "pandas": "pandas", "polars": "polars",
    "dask": "dask", "distributed": "dask", "numba": "jit",
}

_RULE_ID = re.compile(r"\b(?:WS|KM|K)-[A-Z]+(?:-\d+)?(?:\.\.\d+)?\b")
_RULE_GROUP = re.compile(r"\s*\((?:[^()]*?\b(?:WS|KM|K)-[A-Z]+[^()]*)\)")

# Reasons the library gives often, so the error line can be in one language.
_REASONS = (
    N_("must not be negative"), N_("must be a whole number"), N_("must be true or false"),
    N_("not an ISO date (YYYY-MM-DD)"), N_("not an ISO-8601 date-time"), N_("expected a date"),
    N_("needs a time zone (e.g. Z or +01:00)"), N_("a mark lies in 1-10"), N_("expected a number"),
    N_("no tariff in the sources"), N_("unknown language; known: nl, en"), N_("expected a mapping"),
    N_("an employer name is needed"), N_("expected a .csv or .parquet batch"),
    N_("give a providers FILE or --example"), N_("--by proximity needs --near"),
    N_("--by keywords needs --keywords"), N_("write SERVICE=COUNT, e.g. 8=428"),
    N_("a CSV file needs the net sample per service"), N_("expected a .json or .csv file"),
    N_("a report is written as .pdf or .html"), N_("not a whole number"), N_("expected true or false"),
    N_("expected AREA=LEVEL, e.g. work=strong"), N_("unknown postcode"),
)
_KINDS = (N_("licence"), N_("lead"), N_("offer"), N_("expert"), N_("staffel"), N_("questionnaire"),
          N_("code"), N_("consent link"), N_("message"), N_("access code"), N_("access code id"),
          N_("invitation link"), N_("outbox message"), N_("active staffel"), N_("consent"), N_("invoice"),
          N_("example data file"))

# What the library's errors say when a message is not one field's fixed reason: plugin,
# storage, settings, e-mail template, rule table and conflict messages, as templates with
# {placeholders}. An error line is matched against them at the CLI edge and said again in the
# command's language (str() of an error stays English, for developers). What fills a
# placeholder is data and shown as given, except the words of _WORDS; a {reason} or {error}
# is said again in turn. Reasons without placeholders are plain entries of _REASONS.
_TEMPLATES = (
    # plugins (blikopwerk.plugins)
    N_("unknown {kind} backend {name}; installed: {installed}"),
    N_("unknown {kind} backend {name}; installed: {installed}; install it with 'pip install {package}'"),
    N_("{kind} backend {name} is already registered"),
    N_("{kind} backend {name} ({target}) does not implement the protocol: {problems}"),
    N_("{kind} backend {name} built a {type} that does not implement the protocol: {problems}"),
    N_("{kind} backend {name} is claimed by several distributions: {distributions}"),
    N_("{kind} backend {name} ({target}) failed to import: {error}; reinstall with 'pip install {distribution}'"),
    N_("{kind} backend {name} needs positional arguments; pass them by name"),
    N_("{kind} backend {name} takes no option {options}; its options: {known}"),
    N_("{kind} backend {name} needs the option {options}; its options: {known}"),
    N_("{kind} backend {name} cannot take these options; its options: {known}"),
    N_("storage backend {url} lacks the repositories {missing} needed for leads"),
    N_("storage backend {url} lacks the repositories {missing} needed for licences and staffels"),
    N_("the backend refused its options: {error}"),
    # storage and settings
    N_("cannot open PostgreSQL storage {url}: {error}"),
    N_("the {name} backend cannot open it: {error}"),
    N_("the {name} database is unreachable: {error}"),
    N_("expected text (a URL such as 'sqlite:///path'), not {type}"),
    N_("the scheme {scheme} is not a URL scheme (a letter, then letters, digits, '+', '-', '.')"),
    N_("expected a backend name, not {type}"),
    N_("expected a folder path, not {type}"),
    N_("cannot be read: {error}"), N_("cannot be written: {error}"),
    # notifiers and e-mail templates
    N_("cannot write {path}: {error}"),
    N_("no e-mail template {name}"),
    N_("e-mail template {name}: the first line must be 'Subject: ...', followed by an empty line"),
    N_("e-mail template {name} uses {placeholder}, which this message does not provide; available: {available}"),
    N_("e-mail template {name}: {error}"),
    # postcodes and distances
    N_("too long for a postcode (over {count} characters)"), N_("letter pair {letters} is never issued"),
    # rule tables (a staffel table from a file)
    N_("table {name}: a staffel table needs at least one staffel"),
    N_("table {name}: unit price rises from {a} to {b}"),
    N_("table {name}: entry {key} is defined twice"),
    N_("table {name}: keys are not in ascending order"),
    N_("table {name}: keys cannot be put in order"),
    # conflicts (licences, staffels, codes, leads)
    N_("already charged to licence {licence}"),
    N_("licence already has an active staffel; upgrade it instead"),
    N_("lead {lead} is {status}; it was offered already"),
    N_("expert {expert} already exists"), N_("lead {lead} already exists"),
    N_("lead {lead} was accepted; it cannot be offered again"),
    N_("offer {offer} is {status}; it takes no quote"),
    N_("offer {offer} is {status}; only a quote can be accepted"),
    N_("lead {lead} was already accepted"),
    N_("expert {expert} does not own lead {lead}"),
    N_("consent {consent} already exists"),
    N_("a link is at most {count} characters"),
    # reasons that quote a bound or a list (Keurmerk and Werkscan inputs)
    N_("must be at least {minimum}"), N_("must be at most {maximum}"), N_("must lie in {low}-{high}"),
    N_("has more than {count} decimals"), N_("is longer than {count} characters"), N_("must be one of {values}"),
    N_("expected one of {values}"), N_("unknown fields; known: {fields}"),
    N_("unknown service; services are {low}-{high}"), N_("service {service} given twice"),
    N_("not a readable CSV file: {error}"), N_("has {cells} cells; the header has {header}"),
    N_("a column is named twice in the header {header}"), N_("more than the {total} lessons"),
    N_("a WAI lies in {low}-{high}"), N_("is not a usable path: {error}"), N_("cannot be read as {kind}: {error}"),
    N_("is not UTF-8 text; save the file as CSV UTF-8 ({error})"), N_("give exactly one of {first} and {second}"),
    # the PDOK geocoder (blikopwerk-pdok)
    N_("timed out after {seconds} s"), N_("connection error: {error}"), N_("PDOK refused the request: {text}"),
    N_("does not match centroide_ll {point}"), N_("numFound is {count} but no document is postcode {postcode}"),
    N_("numFound is {count} but no document is in area {area}"), N_("cannot be decoded: {error}"),
    N_("larger than {count} bytes"), N_("not UTF-8 (byte {position})"), N_("not JSON: {error}"),
)
_TEMPLATE_REASONS = (
    N_("is empty"), N_("has spaces or line breaks around it"),
    N_("contains a control character (such as NUL or a line break)"),
    N_("has no scheme; expected a URL such as 'sqlite:///path' or 'memory://'"),
    N_("expected a backend name (letters, digits, '_', '-', '.', '+')"), N_("expected a backend name (text)"),
    N_("expected 'memory://'"), N_("expected 'sqlite:///path/to/file'"), N_("use 'memory://' for in-memory storage"),
    N_("not in the offline PC4 table"), N_("a PC4 postcode is four digits, the first not 0"),
    N_("a postcode is text like '1234 AB'"),
    N_("a postcode is four digits (first not 0) and two letters, '1234 AB'"),
    N_("a postcode is '1234 AB' or a four-digit area '1234'"),
    N_("must be a length such as '50 km'"), N_("must be a length such as '50 km' (too long)"),
    N_("must be a finite length >= 0"), N_("expected a folder path"), N_("a path cannot contain a NUL byte"),
    N_("a licence with this id exists"), N_("a staffel with this id exists"),
    N_("already used for a questionnaire"), N_("exists already"), N_("an invitation link with this token exists"),
    N_("a code or code id was issued before"), N_("Werkscan training not verified"), N_("already used"),
    N_("revoked"), N_("malformed link"), N_("the signature does not match"), N_("malformed expiry"),
    N_("unknown link"), N_("a link is text"), N_("a link is printable ASCII text"),
    N_("mail server unreachable (simulated)"),
    N_("service listed twice"),
    N_("expected WKT text like 'POINT(x y)'"), N_("not WKT point text (printable, at most 200 characters)"),
    N_("not valid WKT"), N_("expected a WKT POINT"), N_("coordinates must be finite"),
    N_("expected a Solr JSON object with 'response'"), N_("expected a whole number >= 0"),
    N_("expected a list of documents"), N_("point is not in the Netherlands"),
    N_("point is not in the Netherlands (RD New)"),
)
# Words that fill a placeholder and are said in the command's language.
_WORDS = (N_("storage"), N_("geocoders"), N_("notifiers"), N_("none"))
_WORD_PLACEHOLDERS = frozenset({"kind", "installed", "known"})
_NESTED_PLACEHOLDERS = frozenset({"reason", "error"})
# Messages of errors that carry their facts as fields: said from the fields, by code.
_BY_CODE = (
    N_("offer {offer}: the deadline passed at {moment}; quotes are no longer passed on"),
    N_("consent link {link} expired at {moment}"), N_("consent link {link} was already used"),
    N_("PDOK Locatieserver unavailable at {url} after {attempts} attempts: {error}"),
    N_("PDOK response field {field}: {reason} (value: {value})"),
)

# click's own words a person may see (help headings, usage errors), so that they are in the
# command's language too; click looks them up through the ``_`` of its modules, which
# :func:`click_language` points at the catalogue while a command runs.
_CLICK_MESSAGES = (
    N_("Usage:"), N_("Options"), N_("Commands"), N_("Show this message and exit."), N_("Show the version and exit."),
    N_("%(prog)s, version %(version)s"), N_("Missing argument"), N_("Missing option"), N_("Missing parameter"),
    N_("Missing parameter: {param_name}"), N_("Missing command."), N_("Invalid value for {param_hint}: {message}"),
    N_("Invalid value: {message}"), N_("No such option {name!r}."), N_("No such command {name!r}."),
    N_("Did you mean {possibility}?"), N_("(Did you mean one of: {possibilities}?)"),
    N_("{value!r} is not {choice}."), N_("{value!r} is not one of {choices}."),
    N_("{value} is not in the range {range}."), N_("{value!r} is not a valid {number_type}."),
    N_("{value!r} is not a valid boolean. Recognized values: {states}"),
    N_("{name} {filename!r} does not exist."), N_("{name} {filename!r} is a directory."),
    N_("{name} {filename!r} is a file."), N_("{name} {filename!r} is not readable."),
    N_("{name} {filename!r} is not writable."), N_("file"), N_("directory"), N_("path"),
    N_("Option {name!r} requires an argument."), N_("Option {name!r} requires {nargs} arguments."),
    N_("Option {name!r} does not take a value."), N_("Got unexpected extra argument ({args})"),
    N_("Got unexpected extra arguments ({args})"), N_("default: {default}"), N_("env var: {var}"),
    N_("Aborted!"), N_("Could not open file {filename!r}: {message}"), N_("integer"), N_("float"),
)
# Placeholders in help and usage lines (click's names of value types, and the command lines'
# own metavars), so that the help is in one language too.
_METAVARS = (
    N_("[OPTIONS]"), N_("TEXT"), N_("INTEGER"), N_("FLOAT"), N_("INTEGER RANGE"), N_("FLOAT RANGE"), N_("PATH"),
    N_("FILENAME"), N_("DATE"), N_("DISTANCE"), N_("SERVICE=N"),
)
_CLICK_MODULES = ("click.core", "click.exceptions", "click.formatting", "click.types", "click.parser",
                  "click.decorators")

_state: dict[str, str] = {}


def default_language() -> str:
    """``BLIKOPWERK_LANGUAGE`` if set to a known language, else Dutch."""
    value = os.environ.get("BLIKOPWERK_LANGUAGE", DEFAULT_LANGUAGE)
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def _remember_lang(ctx: click.Context, param: click.Parameter, value: str) -> str:
    _state["lang"] = value
    return value


def lang_option(function: F) -> F:
    """``--lang nl|en``: the language of everything the command prints (Dutch by default)."""
    return click.option(
        "--lang", type=click.Choice(list(LANGUAGES)), default=default_language, is_eager=True,
        callback=_remember_lang, show_default=N_("nl, or BLIKOPWERK_LANGUAGE"),
        help=N_("Language of the output and of the error line: nl (Dutch) or en (English).")
    )(function)


def argv_language(args: Sequence[str]) -> str:
    """The ``--lang`` of a command line (``--lang en`` or ``--lang=en``), else the default.

    Read before click parses the line, so that help and usage errors are in that language too.

    Example:
        >>> argv_language(["score", "x.json", "--lang", "en"]), argv_language(["--lang=fr"])
        ('en', 'nl')
    """
    found: str | None = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            found = args[i + 1]
        elif arg.startswith("--lang="):
            found = arg.split("=", 1)[1]
    return found if found in LANGUAGES else default_language()


@contextlib.contextmanager
def click_language(lang: str) -> Iterator[None]:
    """While it lasts, click's own words (help headings, usage errors) come from the
    ``blikopwerk`` catalogue in ``lang``; afterwards click is as it was."""
    t = translator("blikopwerk", lang)

    def ngettext(singular: str, plural: str, n: int) -> str:
        return t.gettext(singular if n == 1 else plural)  # Dutch and English: one form for 1, one for more

    saved: list[tuple[Any, str, Any]] = []
    try:
        for name in _CLICK_MODULES:
            module = importlib.import_module(name)
            for attr, replacement in (("_", t.gettext), ("ngettext", ngettext)):
                if hasattr(module, attr):
                    saved.append((module, attr, getattr(module, attr)))
                    setattr(module, attr, replacement)
        yield
    finally:
        for module, attr, original in reversed(saved):
            setattr(module, attr, original)


def localise(group: click.Command, lang: str, domain: str = "blikopwerk") -> None:
    """Put the help texts of ``group`` and all its commands in ``lang``, from the catalogues of
    ``domain`` and ``blikopwerk`` (texts marked with ``N_``; others stay as written), with
    the placeholders of usage and option lines (``[OPTIONS]``, ``TEXT``, ``DATE``).

    The English source is kept, so a later call in another language starts from it again.
    """
    t = translator("blikopwerk", lang)
    domains = (domain, "blikopwerk")

    def translated(obj: Any, attr: str) -> None:
        key = f"_blikopwerk_source_{attr}"
        if key not in obj.__dict__:
            obj.__dict__[key] = getattr(obj, attr)
        source = obj.__dict__[key]
        if isinstance(source, str) and source:
            setattr(obj, attr, _gettext(t, domains, source))

    def metavar(param: click.Option) -> None:
        """The placeholder of an option's value (``TEXT``, ``DATE``) in ``lang``; choices stay."""
        if param.is_flag or param.nargs != 1 or isinstance(param.type, click.Choice):
            return
        key = "_blikopwerk_source_metavar"
        if key not in param.__dict__:
            param.__dict__[key] = param.metavar
        given = param.__dict__[key]
        source = given if isinstance(given, str) else str(getattr(param.type, "name", "")).upper()
        word = _gettext(t, domains, source) if source else source
        param.metavar = word if word != source else given

    def walk(command: click.Command) -> None:
        if "_help_option" in command.__dict__:
            command._help_option = None  # click keeps the --help option it made once: make it again, in lang
        translated(command, "help")
        translated(command, "short_help")
        translated(command, "options_metavar")
        for param in command.params:
            if isinstance(param, click.Option):
                translated(param, "help")
                translated(param, "show_default")
                metavar(param)
        if isinstance(command, click.Group):
            for sub in command.commands.values():
                walk(sub)

    walk(group)


def current_language() -> str:
    """The language of the running command (for its error line)."""
    return _state.get("lang", default_language())


class HelpGroup(click.Group):
    """A command group whose listing shows each command's first sentence in full, wrapped,
    never cut off with an ellipsis."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            rows.append((name, command.get_short_help_str(limit=10_000)))
        if rows:
            with formatter.section(translator("blikopwerk", current_language()).gettext("Commands")):
                formatter.write_dl(rows)


def console(**kwargs: Any) -> Any:
    """A rich console that prints text as given: data is never read as markup."""
    from rich.console import Console

    return Console(markup=False, highlight=False, emoji=False, **kwargs)


class MissingExtraError(BlikopwerkError):
    """A command needs an optional extra that is not installed.

    Example:
        >>> str(MissingExtraError("reports"))
        'this needs the reports extra: pip install "blikopwerk[reports]"'
    """

    code = "missing_extra"

    def __init__(self, extra: str) -> None:
        self.extra = extra
        super().__init__(f'this needs the {extra} extra: pip install "blikopwerk[{extra}]"')

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.extra,))

    def for_people(self, lang: str) -> str:
        """The message in ``lang``."""
        return translator("blikopwerk", lang).gettext(
            'this needs the {extra} extra: pip install "blikopwerk[{extra}]"').format(extra=self.extra)


def require_extra(extra: str, *modules: str) -> None:
    """Raise :class:`MissingExtraError` unless every module of ``extra`` can be imported.

    Example:
        >>> require_extra("core", "json")
    """
    for module in modules:
        if importlib.util.find_spec(module) is None:
            raise MissingExtraError(extra)


def strip_rule_ids(text: str) -> str:
    """``text`` without rule ids such as ``(WS-RPT-2)`` (people read no rule ids).

    Example:
        >>> strip_rule_ids("needs at least 25 questionnaires (WS-RPT-2)")
        'needs at least 25 questionnaires'
    """
    return _RULE_ID.sub("", _RULE_GROUP.sub("", text)).strip()


#: The longest value an error line shows; a longer one is cut with an ellipsis.
_VALUE_WIDTH = 80


def _printable(text: str) -> str:
    """``text`` with control and other unprintable characters written as escapes, so an
    error stays one line and cannot move the terminal's cursor."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def _value_text(value: Any, t: Translator | None = None) -> str:
    if isinstance(value, list | tuple | set | frozenset):
        text = ", ".join(_value_text(v, t) for v in value)
    elif isinstance(value, dt.datetime) and t is not None and value.tzinfo is not None:
        text = t.datetime(value)
    elif isinstance(value, dt.date) and t is not None:
        text = t.date(value.date() if isinstance(value, dt.datetime) else value)
    elif isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 256:
        # str() of an int over 4,300 digits raises; show its size instead
        text = f"{'-' if value < 0 else ''}10^{int(value.bit_length() * 0.30103)}"
    else:
        text = "" if value is None else str(value)
    text = _printable(text)
    return text if len(text) <= _VALUE_WIDTH else text[:_VALUE_WIDTH - 1] + "…"


def _gettext(t: Translator, domains: Iterable[str], text: str) -> str:
    for domain in domains:
        translated = translator(domain, t.lang).gettext(text)
        if translated != text:
            return translated
    return text


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@functools.cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each template as a pattern that matches the English text it makes, most specific first."""
    found = []
    for template in _TEMPLATES:
        parts = _PLACEHOLDER.split(template)
        regex = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts))
        found.append((len(_PLACEHOLDER.sub("", template)), re.compile(regex, re.DOTALL), template))
    found.sort(key=lambda item: -item[0])
    return tuple((pattern, template) for _, pattern, template in found)


#: ``field: reason (got value)`` or ``field: reason``, as errors about one field of stored data word it.
_FIELD_MESSAGE = re.compile(r"(?P<field>[A-Za-z_][\w.]*): (?P<reason>.+?)(?: \(got (?P<value>.*)\))?", re.DOTALL)


def _say(t: Translator, domains: Sequence[str], text: str) -> str | None:
    """``text`` (a message or reason of the library) in ``t``'s language, or ``None`` when
    the catalogues do not know it (then it is shown as the library words it)."""
    translated = _gettext(t, domains, text)
    if translated != text or _gettext(translator("blikopwerk", DEFAULT_LANGUAGE), domains, text) != text:
        return translated  # in the catalogue (a source text is its own English)
    for pattern, template in _patterns():
        match = pattern.fullmatch(text)
        if match is None:
            continue
        values = {}
        for name, value in match.groupdict().items():
            if name in _WORD_PLACEHOLDERS:
                value = ", ".join(_gettext(t, domains, word) for word in value.split(", "))
            elif name in _NESTED_PLACEHOLDERS:
                value = _say(t, domains, value) or value
            values[name] = value
        return _gettext(t, domains, template).format(**values)
    return None


def _literal_text(text: str, t: Translator) -> str:
    """A value quoted as a Python literal (``'L1'``), as text (``L1``)."""
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return text
    return _value_text(value, t)


def _by_code(exc: BlikopwerkError, t: Translator, domains: Sequence[str]) -> str | None:
    """Errors that carry their facts as fields (deadlines, consent links, PDOK), said from them."""
    code = exc.code
    value = getattr(exc, "value", None)
    moment = getattr(exc, "expires_at", None)
    if code == "deadline_passed" and isinstance(moment, dt.datetime):
        return t.gettext("offer {offer}: the deadline passed at {moment}; quotes are no longer passed on").format(
            offer=_value_text(value, t), moment=t.datetime(moment))
    if code == "consent_link_expired" and isinstance(moment, dt.datetime):
        return t.gettext("consent link {link} expired at {moment}").format(
            link=_value_text(value, t), moment=t.datetime(moment))
    if code == "consent_link_used":
        return t.gettext("consent link {link} was already used").format(link=_value_text(value, t))
    if code == "pdok_unavailable" and hasattr(exc, "attempts"):
        error = str(getattr(exc, "last_error", ""))
        return t.gettext("PDOK Locatieserver unavailable at {url} after {attempts} attempts: {error}").format(
            url=_value_text(getattr(exc, "url", ""), t), attempts=t.integer(int(exc.attempts)),
            error=_say(t, domains, error) or error)
    if code == "pdok_response" and hasattr(exc, "reason"):
        reason = str(exc.reason)
        return t.gettext("PDOK response field {field}: {reason} (value: {value})").format(
            field=getattr(exc, "field", ""), reason=_say(t, domains, reason) or reason, value=_value_text(value, t))
    if code == "delivery" and hasattr(exc, "reason"):
        reason = strip_rule_ids(str(exc.reason))
        return _say(t, domains, reason) or reason
    return None


def _field_message(exc: BlikopwerkError, text: str, t: Translator, domains: Sequence[str]) -> str | None:
    """A non-field error worded ``field: reason (got value)`` (conflicts about stored data), in
    ``t``'s language when the catalogue knows the reason."""
    match = _FIELD_MESSAGE.fullmatch(text)
    if match is None:
        return None
    reason = _say(t, domains, match["reason"])
    if reason is None:
        return None
    if hasattr(exc, "field") and hasattr(exc, "value"):
        value = _value_text(exc.value, t)
    elif match["value"] is not None:
        value = _literal_text(match["value"], t)
    else:
        value = ""
    if not value:
        return f"{match['field']}: {reason}"
    return t.gettext("{field}: {reason} (value: {value})").format(field=match["field"], reason=reason, value=value)


def describe_error(exc: BlikopwerkError, lang: str, domain: str = "blikopwerk") -> str:
    """A library error as one line for people in ``lang``: no rule ids, no Python reprs.

    Errors that know how to say themselves (``for_people(lang)``) do; a field error names
    the field, the reason (translated where the catalogue has it) and the value as text.
    Other errors are said from their code and facts (deadlines, consent links, PDOK) or by
    matching their English message against the templates the catalogues translate
    (plugins, storage, settings, rule tables, conflicts); a message no template knows is
    shown as the library words it. ``str(exc)`` itself stays English, for developers.

    Example:
        >>> describe_error(InvalidValueError("turnover", -5, "must not be negative"), "nl")
        'turnover: mag niet negatief zijn (waarde: -5)'
        >>> from blikopwerk._errors import PluginError
        >>> describe_error(PluginError("unknown storage backend 'foo'; installed: memory, sqlite"), "nl")
        "onbekende backend 'foo' voor opslag; geïnstalleerd: memory, sqlite"
    """
    t = translator("blikopwerk", lang)
    domains = (domain, "blikopwerk")
    for_people = getattr(exc, "for_people", None)
    if callable(for_people):
        return str(for_people(lang))
    if isinstance(exc, FieldValueError):
        reason = strip_rule_ids(exc.reason)
        reason = _say(t, domains, reason) or reason
        value = _value_text(exc.value, t)
        if not value:
            return f"{exc.field}: {reason}"
        return t.gettext("{field}: {reason} (value: {value})").format(field=exc.field, reason=reason, value=value)
    if isinstance(exc, NotFoundError):
        kind = _gettext(t, domains, str(exc.kind))
        text = t.gettext("{kind} {key} not found").format(kind=kind, key=_value_text(exc.key, t))
        on = getattr(exc, "on", None)
        if isinstance(on, dt.date):
            text += t.gettext(" (not valid on {date})").format(date=t.date(on))
        return text
    said = _by_code(exc, t, domains)
    if said is not None:
        return said
    text = strip_rule_ids(str(exc))
    return _say(t, domains, text) or _field_message(exc, text, t, domains) or text


def _module_extra(exc: ModuleNotFoundError) -> str | None:
    root = (exc.name or "").split(".")[0]
    return EXTRAS.get(root)


def _usage_line(exc: click.ClickException, t: Translator) -> str:
    """A usage error as one line: click's message (in the command's language) and where help is."""
    message = _printable(" ".join(exc.format_message().split()))
    line = t.gettext("error: {message}").format(message=message)
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        line += " " + t.gettext("(see {command} --help)").format(command=ctx.command_path)
    return line


def run_cli(group: click.Group, domain: str = "blikopwerk", args: Sequence[str] | None = None) -> None:
    """Run ``group``; every error is one line in the command's language, never a traceback.

    The language is the ``--lang`` of the command line (read first, so help texts, click's
    own words and usage errors follow it too), else ``BLIKOPWERK_LANGUAGE``, else Dutch.
    Library errors exit with code 2, as do usage errors; a missing optional extra (a
    ``ModuleNotFoundError`` of a module an extra installs) says which extra to install.
    """
    argv = list(sys.argv[1:] if args is None else args)
    lang = argv_language(argv)
    _state["lang"] = lang
    localise(group, lang, domain)
    with click_language(lang):
        _run(group, domain, argv)


def _run(group: click.Group, domain: str, argv: list[str]) -> None:
    try:
        group.main(args=argv, standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.NoArgsIsHelpError as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        t = translator("blikopwerk", current_language())
        click.echo(_usage_line(exc, t), err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo(translator("blikopwerk", current_language()).gettext("Aborted."), err=True)
        sys.exit(1)
    except BlikopwerkError as exc:
        t = translator("blikopwerk", current_language())
        message = _printable(" ".join(describe_error(exc, t.lang, domain).split()))  # one line, whatever it quotes
        click.echo(t.gettext("error: {message}").format(message=message) + f" [{exc.code}]", err=True)
        sys.exit(2)
    except ModuleNotFoundError as exc:
        t = translator("blikopwerk", current_language())
        extra = _module_extra(exc)
        if extra is None:
            message = t.gettext("a required module is missing: {module}; reinstall blikopwerk").format(
                module=exc.name)
        else:
            message = MissingExtraError(extra).for_people(t.lang)
        click.echo(t.gettext("error: {message}").format(message=message) + " [missing_extra]", err=True)
        sys.exit(2)


#: The example files both command lines write, by name: (package, file in its ``data`` folder).
EXAMPLE_FILES: Mapping[str, tuple[str, str]] = {
    "answers.json": ("werkscan", "example_answers.json"),
    "batch.csv": ("werkscan", "example_batch.csv"),
    "survey.json": ("keurmerk", "example_survey_2020.json"),
    "reference.json": ("keurmerk", "example_reference_2020.json"),
    "providers.json": ("keurmerk", "example_providers.json"),
}


@click.command("examples", help=N_("""Write the example files into FOLDER (default: here), so the README's examples run.

answers.json is one worker's questionnaire (werkscan score answers.json); batch.csv holds
40 rows, two of them invalid (werkscan score batch.csv -o results.parquet); survey.json
is a provider's satisfaction survey (keurmerk survey survey.json --pdf survey.pdf);
reference.json holds invented figures of all participants to compare with (--reference);
providers.json lists invented Keurmerk providers (keurmerk search providers.json)."""))
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--force", is_flag=True, help=N_("Replace files that already exist."))
@lang_option
def examples_command(folder: Path, force: bool, lang: str) -> None:
    """Command line: the help text is ``help=`` above (translated at run time)."""
    from importlib import resources

    files = {name: resources.files(package).joinpath("data", source)
             for name, (package, source) in EXAMPLE_FILES.items()}
    write_examples(folder, files, force, lang)


def write_examples(folder: Path, files: Mapping[str, Traversable], force: bool, lang: str) -> list[Path]:
    """Copy packaged example files into ``folder`` (created if needed); existing files are
    kept unless ``force``. Returns the paths written."""
    t = translator("blikopwerk", lang)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, source in files.items():
        target = folder / name
        if target.exists() and not force:
            click.echo(t.gettext("kept {path} (exists; --force replaces it)").format(path=target))
            continue
        with source.open("rb") as src, target.open("wb") as dst:
            shutil.copyfileobj(src, dst)
        written.append(target)
        click.echo(t.gettext("wrote {path}").format(path=target))
    return written


@click.command("plugins", help=N_("""List the installed backends by entry-point group, with their distribution."""))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help=N_("Output as a table or as JSON."))
@lang_option
def plugins_command(fmt: str, lang: str) -> None:
    """Command line: the help text is ``help=`` above (translated at run time)."""
    from blikopwerk.plugins import geocoders, notifiers, storage_backends

    rows: list[dict[str, Any]] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for registry in (storage_backends, geocoders, notifiers):
            for info in registry.info():
                rows.append({"group": info.group, "name": info.name,
                             "distribution": info.distribution, "target": info.target,
                             "error": info.error})
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2))
        return
    from rich.table import Table

    t = translator("blikopwerk", lang)
    table = Table(t.gettext("group"), t.gettext("name"), t.gettext("distribution"), t.gettext("status"))
    for r in rows:
        table.add_row(r["group"], r["name"], r["distribution"] or "—",
                      t.gettext("ok") if r["error"] is None
                      else t.gettext("broken: {error}").format(error=r["error"]))
    console().print(table)


class StorageContext:
    """State shared by the commands of a CLI group: a lazily opened storage and "now".

    ``url`` ``None`` means the settings' ``storage_url``; ``now`` fixes the clock (for
    replays and demos), otherwise the current UTC time is used.
    """

    def __init__(self, url: str | None, now: dt.datetime | None = None) -> None:
        self.url = url
        self.fixed_now = now
        self._storage: Storage | None = None

    @property
    def storage(self) -> Storage:
        """The storage, opened on first use."""
        if self._storage is None:
            self._storage = open_storage(self.url)
        return self._storage

    def now(self) -> dt.datetime:
        """The fixed moment, or the current UTC time."""
        return self.fixed_now or dt.datetime.now(dt.UTC)

    def close(self) -> None:
        """Close the storage if it was opened."""
        if self._storage is not None:
            self._storage.close()


def parse_now(value: str | None, field: str = "now") -> dt.datetime | None:
    """An ISO-8601 date-time with a zone from the command line (``None`` passes through)."""
    if value is None:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise InvalidValueError(field, value, "not an ISO-8601 date-time") from None
    if parsed.tzinfo is None:
        raise InvalidValueError(field, value, "needs a time zone (e.g. Z or +01:00)")
    return parsed


def parse_date(value: str, field: str) -> dt.date:
    """An ISO date (``YYYY-MM-DD``) from the command line."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidValueError(field, value, "not an ISO date (YYYY-MM-DD)") from None


def check_lang(value: str) -> str:
    """A language given on the command line, checked."""
    return check_language(value, "--lang")
