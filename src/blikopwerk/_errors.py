"""The library's exceptions: one base class, typed subclasses, each naming field and value."""

from __future__ import annotations

from typing import Any

from blikopwerk._redact import redact_secrets, shown

__all__ = [
    "BlikopwerkError",
    "ConfigurationError",
    "ConflictError",
    "FieldValueError",
    "InvalidSettingError",
    "InvalidValueError",
    "NotFoundError",
    "PluginError",
    "RuleNameError",
    "RuleTableError",
    "StorageUnavailableError",
    "StorageVersionError",
    "UnknownPostcodeError",
]


class BlikopwerkError(Exception):
    """Base class of every error this library raises on purpose.

    Every error has a stable ``code`` (documented in the docs' error page) so callers can
    branch on it without parsing messages.
    """

    code: str = "blikopwerk"

    def __str__(self) -> str:
        # Secrets never shown: a password in a URL is masked wherever a message quotes it.
        return redact_secrets(Exception.__str__(self))


class FieldValueError(BlikopwerkError):
    """An error about one input field: carries ``field``, ``value`` and ``reason``.

    The message is ``"<field>: <reason> (got <value>)"``. Subclasses say what kind of
    problem it is (an invalid value, a tariff the sources do not give, ...). The value is
    shown safely: a huge value is shortened (an int beyond Python's 4,300 printable digits
    by its size) and a password in a URL is masked; ``value`` keeps what was given.

    Example:
        >>> err = FieldValueError("services", (11,), "no tariff in the sources")
        >>> str(err), err.field
        ('services: no tariff in the sources (got (11,))', 'services')
    """

    code = "field_value"

    def __init__(self, field: str, value: Any, reason: str) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"{field}: {reason} (got {shown(value)})")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.field, self.value, self.reason))


class InvalidValueError(FieldValueError, ValueError):
    """A value given to the library is not valid; nothing was clamped or guessed.

    Args:
        field: the name of the field (dotted for nested fields, e.g. ``wai.prognosis``).
        value: the value that was given.
        reason: why it is not valid.

    Example:
        >>> err = InvalidValueError("turnover", -1, "must not be negative")
        >>> str(err)
        'turnover: must not be negative (got -1)'
        >>> err.field, err.value
        ('turnover', -1)
    """

    code = "invalid_value"


class UnknownPostcodeError(InvalidValueError, LookupError):
    """A well-formed postcode that a geocoder does not know."""

    code = "unknown_postcode"


class RuleTableError(BlikopwerkError):
    """A rule table was defined inconsistently (an entry defined twice, a gap, unsorted)."""

    code = "rule_table"


class RuleNameError(InvalidValueError, KeyError):
    """A rule set has no table, parameter or rule by that name, or a table no such entry.

    Also a :class:`KeyError`, so code that looked names up in a rule set's mappings keeps
    working. ``field`` says what was looked up (``tables``, ``parameters``, ``rules``, or
    the table's name), ``value`` the unknown name, names or key.

    Example:
        >>> err = RuleNameError("parameters", ("vat_rte",), "rule set 'kernel' has no parameter 'vat_rte'")
        >>> isinstance(err, KeyError), str(err)
        (True, "parameters: rule set 'kernel' has no parameter 'vat_rte' (got ('vat_rte',))")
    """

    code = "rule_name"


class NotFoundError(BlikopwerkError, LookupError):
    """A stored object that was asked for does not exist.

    Args:
        kind: what was looked for (``licence``, ``lead``, ...).
        key: its identifier.
    """

    code = "not_found"

    def __init__(self, kind: str, key: Any) -> None:
        self.kind = kind
        self.key = key
        super().__init__(f"{kind} {key!r} not found")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.kind, self.key))


class ConflictError(BlikopwerkError):
    """An operation conflicts with what is stored (e.g. a code already redeemed)."""

    code = "conflict"


class PluginError(BlikopwerkError):
    """A backend plugin is unknown, claimed twice, broken, or does not meet its protocol."""

    code = "plugin"


class ConfigurationError(BlikopwerkError):
    """Settings are missing or inconsistent."""

    code = "configuration"


class StorageUnavailableError(ConfigurationError):
    """The database cannot be reached, or keeps dropping the connection, or no pooled
    connection became free in time.

    Raised within the storage's ``unavailable_after`` seconds (a URL option of the SQL
    backends, default 10) instead of blocking; the operation was not applied (a unit
    of work that failed was rolled back). Also a :class:`ConfigurationError`, because at
    open it usually means a wrong host, port or password.

    Example:
        >>> err = StorageUnavailableError("the postgresql database is unreachable: timeout")
        >>> err.code, isinstance(err, ConfigurationError)
        ('storage_unavailable', True)
    """

    code = "storage_unavailable"


class StorageVersionError(ConfigurationError):
    """The database's schema revision is not one this code can use: newer than the
    code (written by a later release), or older and opened without upgrading.

    Example:
        >>> StorageVersionError("revision 0099 is newer than this code (0001)").code
        'storage_version'
    """

    code = "storage_version"


class InvalidSettingError(InvalidValueError, ConfigurationError):
    """A setting has a value the library cannot use; ``field`` names it.

    ``field`` is the environment variable (``BLIKOPWERK_STORAGE_URL``) when the value came
    from the environment, else the keyword argument; the value is shown with its
    password masked. Both an :class:`InvalidValueError` and a :class:`ConfigurationError`.

    Example:
        >>> err = InvalidSettingError("BLIKOPWERK_NOTIFIER", "", "is empty")
        >>> str(err), isinstance(err, ConfigurationError)
        ("BLIKOPWERK_NOTIFIER: is empty (got '')", True)
    """

    code = "invalid_setting"
