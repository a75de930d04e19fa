"""The library's exceptions: one base class, typed subclasses, each naming field and value."""

from __future__ import annotations

from typing import Any

__all__ = [
    "BlikopwerkError",
    "ConfigurationError",
    "ConflictError",
    "FieldValueError",
    "InvalidValueError",
    "NotFoundError",
    "PluginError",
    "RuleNameError",
    "RuleTableError",
    "UnknownPostcodeError",
]


class BlikopwerkError(Exception):
    """Base class of every error this library raises on purpose.

    Every error has a stable ``code`` (documented in the docs' error page) so callers can
    branch on it without parsing messages.
    """

    code: str = "blikopwerk"


class FieldValueError(BlikopwerkError):
    """An error about one input field: carries ``field``, ``value`` and ``reason``.

    The message is ``"<field>: <reason> (got <value>)"``. Subclasses say what kind of
    problem it is (an invalid value, a tariff the sources do not give, ...).

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
        super().__init__(f"{field}: {reason} (got {value!r})")

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
    """A rule set has no table, parameter or rule by that name.

    Also a :class:`KeyError`, so code that looked names up in a rule set's mappings keeps
    working. ``field`` says what was looked up (``tables``, ``parameters``, ``rules``),
    ``value`` the unknown name or names.

    Example:
        >>> err = RuleNameError("parameters", ("vat_rte",), "rule set 'kernel' has no parameter 'vat_rte'")
        >>> isinstance(err, KeyError), str(err)
        (True, "parameters: rule set 'kernel' has no parameter 'vat_rte' (got ('vat_rte',))")
    """

    code = "rule_name"

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


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
