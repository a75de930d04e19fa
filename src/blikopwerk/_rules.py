"""Rule tables with provenance (DESIGN principle 1).

A :class:`RuleTable` is an immutable, versioned table of entries, each naming its
:class:`Source` (a seed file and passage, a published instrument, or a project decision
with its reason). A :class:`RuleSet` bundles tables and rule descriptions with a version
and the date from which it holds; :class:`RuleHistory` picks the set in force on a date.
Callers can swap a table (next year's fees) with :meth:`RuleSet.replace` without forking.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, Generic, Literal, TypeVar, overload

import attrs

from blikopwerk._errors import InvalidValueError, RuleNameError, RuleTableError
from blikopwerk._redact import shown

__all__ = ["Rule", "RuleEntry", "RuleHistory", "RuleSet", "RuleTable", "Source"]

K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")

SEED_FILES: Mapping[str, str] = MappingProxyType({
    "000": "000_fce2b4cd91976fe2.txt",
    "001": "001_7bacfedc505671bd.txt",
    "002": "002_c7c9fbb17d8bd393.txt",
    "003": "003_61c4fc8026d8ae25.txt",
    "004": "004_eb95cfb9df74a09a.txt",
})

# The bibliographic title of each seed: what docs and reports cite. The file name is
# only provenance (where the project keeps its copy of the text).
SEED_TITLES: Mapping[str, str] = MappingProxyType({
    "000_fce2b4cd91976fe2.txt": "Blik op Werk (n.d.), Werkscan: veelgestelde vragen voor Werkscandeskundigen",
    "001_7bacfedc505671bd.txt": "Blik op Werk (n.d.), Keurmerk Blik op Werk",
    "002_c7c9fbb17d8bd393.txt": "Panteia (2015), Evaluatie van de Werkscan",
    "003_61c4fc8026d8ae25.txt": "Blik op Werk (n.d.), Normen van het Keurmerk",
    "004_eb95cfb9df74a09a.txt": "Panteia (2021), Tevredenheidsonderzoek Welke Professionals, meetperiode 2020",
})


@attrs.frozen
class Source:
    """Where a rule or a table entry comes from.

    Example:
        >>> s = Source.seed("001", "Jaaromzet 0 - 74.999: 1.605", rules=("KM-FEE-1",))
        >>> s.kind, s.citation, s.official
        ('seed', 'Blik op Werk (n.d.), Keurmerk Blik op Werk', True)
        >>> s.ref.startswith("001_")  # the file's name: provenance, not for readers
        True
        >>> Source.decision("the seed is silent", rules=("WS-ADV-3",)).official
        False
    """

    kind: Literal["seed", "instrument", "decision"]
    ref: str
    passage: str = ""
    rules: tuple[str, ...] = ()

    @classmethod
    def seed(cls, number: str, passage: str = "", rules: Iterable[str] = ()) -> Source:
        """A passage of a seed document, by its number (``"001"``) or file name."""
        if not isinstance(number, str):
            raise InvalidValueError("seed", number, f"expected a seed number; known: {sorted(SEED_FILES)}")
        ref = SEED_FILES.get(number, number)
        if ref not in SEED_FILES.values():
            raise InvalidValueError("seed", number, f"unknown seed; known: {sorted(SEED_FILES)}")
        return cls("seed", ref, passage, tuple(rules))

    @classmethod
    def instrument(cls, citation: str, passage: str = "", rules: Iterable[str] = ()) -> Source:
        """A published instrument (e.g. the Work Ability Index, 1998)."""
        return cls("instrument", citation, passage, tuple(rules))

    @classmethod
    def decision(cls, reason: str, rules: Iterable[str] = ()) -> Source:
        """A project decision where the sources are silent; ``reason`` says why."""
        return cls("decision", "project decision", reason, tuple(rules))

    @property
    def official(self) -> bool:
        """Whether the source is official (project decisions are not)."""
        return self.kind != "decision"

    @property
    def citation(self) -> str:
        """The source as a reader cites it (a document's bibliographic title, an instrument's
        citation, or "project decision").

        Example:
            >>> Source.seed("002").citation
            'Panteia (2015), Evaluatie van de Werkscan'
            >>> Source.decision("the seed is silent").citation
            'project decision'
        """
        return SEED_TITLES.get(self.ref, self.ref)

    def describe(self) -> str:
        """One line for docs and reports."""
        label = {"seed": "seed", "instrument": "instrument", "decision": "decision"}[self.kind]
        rules = f" [{', '.join(self.rules)}]" if self.rules else ""
        if self.kind == "decision":
            return f"{label}: {self.passage}{rules}"
        passage = f': "{self.passage}"' if self.passage else ""
        return f"{label} {self.ref}{passage}{rules}"


@attrs.frozen
class RuleEntry(Generic[K, V]):
    """One entry of a :class:`RuleTable`: a key, its value and where it comes from."""

    key: K
    value: V
    source: Source


@attrs.frozen
class Rule:
    """A rule of the catalogue: its id (``WS-ADV-2``), a summary, and its source."""

    id: str
    summary: str
    source: Source


def _entries(
    value: Iterable[RuleEntry[Any, Any]],
) -> tuple[RuleEntry[Any, Any], ...]:
    return tuple(value)


@attrs.frozen
class RuleTable(Generic[K, V]):
    """An immutable, versioned table of rule data with a source per entry.

    Keys must be unique (redefining an entry raises :class:`RuleTableError`). When
    ``sorted_keys`` is true (the default) keys must be in ascending order; such a table
    can also look up *bands*: :meth:`band` returns the entry with the greatest key not
    above a value (fee bands keyed by their lower edge).

    Example:
        >>> src = Source.decision("example")
        >>> t = RuleTable.build("demo", "Demo bands", dt.date(2020, 1, 1),
        ...                     [(0, "low", src), (10, "high", src)])
        >>> t[10], t.band(9).value, t.band(10).value
        ('high', 'low', 'high')
        >>> RuleTable.build("demo", "dup", dt.date(2020, 1, 1), [(0, "a", src), (0, "b", src)])
        Traceback (most recent call last):
        ...
        blikopwerk._errors.RuleTableError: table 'demo': entry 0 is defined twice
    """

    name: str
    title: str
    valid_from: dt.date
    entries: tuple[RuleEntry[K, V], ...] = attrs.field(converter=_entries)
    version: str = "1"
    description: str = ""
    source: Source | None = None
    example: bool = False
    sorted_keys: bool = True
    _index: Mapping[Any, int] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.sorted_keys, bool):
            raise RuleTableError(f"table {self.name!r}: sorted_keys must be True or False")
        index: dict[Any, int] = {}
        for i, entry in enumerate(self.entries):
            if not isinstance(entry, RuleEntry):
                raise RuleTableError(f"table {self.name!r}: entry {i} is not a RuleEntry")
            try:
                if entry.key in index:
                    raise RuleTableError(f"table {self.name!r}: entry {shown(entry.key)} is defined twice")
                index[entry.key] = i
            except TypeError:
                raise RuleTableError(f"table {self.name!r}: key {shown(entry.key)} cannot be a key "
                                     "(it is not hashable)") from None
        if self.sorted_keys:
            keys: list[Any] = [e.key for e in self.entries]
            try:
                in_order = keys == sorted(keys)
            except (TypeError, ArithmeticError):  # keys of kinds that do not compare (or NaN)
                raise RuleTableError(f"table {self.name!r}: keys cannot be put in order") from None
            if not in_order:
                raise RuleTableError(f"table {self.name!r}: keys are not in ascending order")
        object.__setattr__(self, "_index", MappingProxyType(index))

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickle by the constructor's arguments (the read-only index is rebuilt).
        return (RuleTable, (self.name, self.title, self.valid_from, self.entries, self.version,
                            self.description, self.source, self.example, self.sorted_keys))

    @classmethod
    def build(
        cls,
        name: str,
        title: str,
        valid_from: dt.date,
        rows: Iterable[tuple[K, V, Source]],
        **kwargs: Any,
    ) -> RuleTable[K, V]:
        """Build a table from ``(key, value, source)`` rows."""
        return cls(name, title, valid_from, [RuleEntry(k, v, s) for k, v, s in rows], **kwargs)

    def __getitem__(self, key: K) -> V:
        return self.entry(key).value

    def __contains__(self, key: object) -> bool:
        try:
            return key in self._index
        except TypeError:  # unhashable: not a key of this table
            return False

    def __iter__(self) -> Iterator[K]:
        return (e.key for e in self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def entry(self, key: K) -> RuleEntry[K, V]:
        """The whole entry (value and source) for ``key``.

        Raises:
            RuleNameError: no entry ``key`` (also a :class:`KeyError`).
        """
        try:
            return self.entries[self._index[key]]
        except (KeyError, TypeError):
            raise RuleNameError(self.name, key, f"table {self.name!r} has no entry {shown(key)}") from None

    def keys(self) -> list[K]:
        """Keys in table order."""
        return [e.key for e in self.entries]

    def values(self) -> list[V]:
        """Values in table order."""
        return [e.value for e in self.entries]

    def items(self) -> list[tuple[K, V]]:
        """``(key, value)`` pairs in table order."""
        return [(e.key, e.value) for e in self.entries]

    def band(self, value: Any) -> RuleEntry[K, V]:
        """The entry with the greatest key ``<= value`` (keys are lower band edges).

        Raises:
            InvalidValueError: ``value`` lies below the first band, is NaN, or cannot be
                compared with the band edges (another kind of value).
        """
        if not self.sorted_keys:
            raise RuleTableError(f"table {self.name!r} is not sorted; band lookup needs order")
        keys: list[Any] = [e.key for e in self.entries]
        try:
            if value != value:  # NaN: below, above and inside every band at once
                raise InvalidValueError(self.name, value, "not a number that has a band")
            i = bisect.bisect_right(keys, value) - 1
        except (TypeError, ArithmeticError):  # another kind of value, or a Decimal NaN
            raise InvalidValueError(self.name, value, "cannot be compared with the table's band edges") from None
        if i < 0:
            raise InvalidValueError(self.name, value, f"below the first band ({keys[0]!r})")
        return self.entries[i]

    def map(self, fn: Callable[[V], T], name: str | None = None) -> RuleTable[K, T]:
        """A copy with every value transformed, sources kept."""
        return attrs.evolve(  # type: ignore[return-value]
            self,
            name=name or self.name,
            entries=[RuleEntry(e.key, fn(e.value), e.source) for e in self.entries],
        )


def _tables(value: Mapping[str, RuleTable[Any, Any]]) -> Mapping[str, RuleTable[Any, Any]]:
    tables = dict(value)
    for name, table in tables.items():
        if not isinstance(name, str) or not isinstance(table, RuleTable):
            raise RuleTableError(f"rule set table {name!r}: expected a RuleTable, got {type(table).__name__}")
    return MappingProxyType(tables)


def _parameters(value: Mapping[str, tuple[object, Source]]) -> Mapping[str, tuple[object, Source]]:
    parameters = dict(value)
    for name, pair in parameters.items():
        if (not isinstance(name, str) or not isinstance(pair, tuple) or len(pair) != 2
                or not isinstance(pair[1], Source)):
            raise RuleTableError(f"rule set parameter {name!r}: expected a (value, Source) pair")
    return MappingProxyType(parameters)


def _rule_tuple(value: Iterable[Rule]) -> tuple[Rule, ...]:
    return tuple(value)


def _is_a(value: object, type_: type[Any]) -> bool:
    """``isinstance``, except that a bool is not taken for an int (or a Decimal)."""
    return isinstance(value, type_) and (type_ is bool or not isinstance(value, bool))


@attrs.frozen
class RuleSet:
    """Rule tables and rule descriptions bundled with a version and an effective date.

    Deeply immutable: ``tables`` and ``parameters`` are read-only mappings, ``rules`` a
    tuple; the values they hold are frozen objects. :meth:`replace` builds a new rule
    set; it refuses unknown table or parameter names (:class:`~blikopwerk.RuleNameError`)
    and a parameter value of another type than the one it replaces.

    Example:
        >>> src = Source.decision("example")
        >>> t = RuleTable.build("fees", "Fees", dt.date(2020, 1, 1), [(0, 1, src)])
        >>> rs = RuleSet("demo", "2020.1", dt.date(2020, 1, 1), {"fees": t},
        ...              parameters={"rate": (5, src)})
        >>> rs["fees"][0], rs.parameter("rate", int)
        (1, 5)
        >>> t2 = RuleTable.build("fees", "Fees 2027", dt.date(2027, 1, 1), [(0, 2, src)])
        >>> rs.replace(fees=t2, version="2027.1")["fees"][0]
        2
        >>> rs.tables["fees"] = t2
        Traceback (most recent call last):
        ...
        TypeError: 'mappingproxy' object does not support item assignment
        >>> rs.replace(parameters={"rte": (6, src)})
        Traceback (most recent call last):
        ...
        blikopwerk._errors.RuleNameError: parameters: rule set 'demo' has no parameter 'rte'; known: rate (got ('rte',))
    """

    name: str
    version: str
    effective: dt.date
    tables: Mapping[str, RuleTable[Any, Any]] = attrs.field(factory=dict, converter=_tables)
    rules: tuple[Rule, ...] = attrs.field(default=(), converter=_rule_tuple)
    parameters: Mapping[str, tuple[object, Source]] = attrs.field(factory=dict, converter=_parameters)

    def __reduce__(self) -> tuple[Any, ...]:
        # Read-only mappings do not pickle; the constructor makes them read-only again.
        return (RuleSet, (self.name, self.version, self.effective, dict(self.tables), self.rules,
                          dict(self.parameters)))

    def __getitem__(self, name: str) -> RuleTable[Any, Any]:
        if not isinstance(name, str) or name not in self.tables:
            raise self._unknown("tables", "table", (name,))
        return self.tables[name]

    @overload
    def parameter(self, name: str) -> object: ...

    @overload
    def parameter(self, name: str, type_: type[T]) -> T: ...

    def parameter(self, name: str, type_: type[Any] | None = None) -> object:
        """A single rule parameter (a threshold, a rate) by name, checked against ``type_``.

        Args:
            name: the parameter's name.
            type_: the type the caller needs (``int``, ``Decimal``, ``Money``, ...);
                the value is returned as that type, never converted. Without it the
                value is returned as ``object``.

        Raises:
            RuleNameError: no parameter ``name``.
            RuleTableError: the value is not a ``type_`` (a bool is not an int).

        Example:
            >>> from decimal import Decimal
            >>> from blikopwerk import KERNEL_RULES
            >>> KERNEL_RULES.parameter("vat_rate", Decimal)
            Decimal('0.21')
        """
        if not isinstance(name, str) or name not in self.parameters:
            raise self._unknown("parameters", "parameter", (name,))
        value = self.parameters[name][0]
        if type_ is not None and not isinstance(type_, type):
            raise InvalidValueError("type_", type_, "expected a type such as int or Decimal")
        if type_ is not None and not _is_a(value, type_):
            raise RuleTableError(
                f"rule set {self.name!r}: parameter {name!r} is a {type(value).__name__}, "
                f"not a {getattr(type_, '__name__', type_)}"
            )
        return value

    def rule(self, rule_id: str) -> Rule:
        """The catalogue entry for ``rule_id``."""
        if isinstance(rule_id, str):
            for rule in self.rules:
                if rule.id == rule_id:
                    return rule
        raise self._unknown("rules", "rule", (rule_id,))

    def replace(
        self,
        *,
        version: str | None = None,
        effective: dt.date | None = None,
        parameters: Mapping[str, tuple[object, Source]] | None = None,
        **tables: RuleTable[Any, Any],
    ) -> RuleSet:
        """A new rule set with some tables or parameters swapped in.

        Args:
            version: the new set's version (default: unchanged).
            effective: the date from which it holds (default: unchanged).
            parameters: ``{name: (value, Source)}`` for parameters to replace; each
                name must exist and each value must be of the type it replaces.
            **tables: tables to replace, by name.

        Raises:
            RuleNameError: a table or parameter name the set does not have (all such
                names are listed).
            InvalidValueError: a parameter value of another type than the one it
                replaces, or a pair that is not ``(value, Source)``.
        """
        unknown_tables = tuple(sorted(n for n in tables if n not in self.tables))
        if unknown_tables:
            raise self._unknown("tables", "table", unknown_tables)
        for name, table in tables.items():
            if not isinstance(table, RuleTable):
                raise InvalidValueError(f"tables.{name}", table, "expected a RuleTable")
        if parameters is not None and not isinstance(parameters, Mapping):
            raise InvalidValueError("parameters", parameters, "expected a mapping of names to (value, Source)")
        new_parameters = dict(parameters or {})
        unknown = tuple(sorted((n for n in new_parameters if not isinstance(n, str) or n not in self.parameters),
                               key=str))
        if unknown:
            raise self._unknown("parameters", "parameter", unknown)
        for name, pair in new_parameters.items():
            if not isinstance(pair, tuple) or len(pair) != 2 or not isinstance(pair[1], Source):
                raise InvalidValueError(f"parameters.{name}", pair, "expected a (value, Source) pair")
            old = self.parameters[name][0]
            if not _is_a(pair[0], type(old)):
                raise InvalidValueError(
                    f"parameters.{name}", pair[0],
                    f"expected a {type(old).__name__}, as the value it replaces ({old!r})",
                )
        return attrs.evolve(
            self,
            version=version or self.version,
            effective=effective or self.effective,
            tables={**self.tables, **tables},
            parameters={**self.parameters, **new_parameters},
        )

    def _unknown(self, field: str, kind: str, names: tuple[object, ...]) -> RuleNameError:
        mapping: Iterable[str] = (
            self.tables if field == "tables" else self.parameters if field == "parameters"
            else (r.id for r in self.rules)
        )
        known = ", ".join(sorted(mapping)) or "none"
        plural = "s" if len(names) > 1 else ""
        listed = ", ".join(shown(n, 60) for n in names)
        return RuleNameError(field, names, f"rule set {self.name!r} has no {kind}{plural} {listed}; known: {known}")


@attrs.frozen
class RuleHistory:
    """Rule sets of one scheme over time; :meth:`in_force` picks the one for a date.

    Example:
        >>> a = RuleSet("x", "1", dt.date(2015, 1, 1))
        >>> b = RuleSet("x", "2", dt.date(2023, 4, 1))
        >>> RuleHistory((a, b)).in_force(dt.date(2023, 3, 31)).version
        '1'
    """

    sets: tuple[RuleSet, ...]

    def __attrs_post_init__(self) -> None:
        dates = [s.effective for s in self.sets]
        if dates != sorted(dates) or len(set(dates)) != len(dates):
            raise RuleTableError("rule sets must have distinct, ascending effective dates")

    def in_force(self, on: dt.date) -> RuleSet:
        """The newest rule set whose effective date is on or before ``on``.

        ``on`` is a date, or a timezone-aware datetime whose Dutch day counts (K-TZ-1).

        Raises:
            InvalidValueError: ``on`` is not a date or an aware datetime, or lies before
                the first rule set.
        """
        if isinstance(on, dt.datetime):
            from blikopwerk._calendar import dutch_day

            on = dutch_day(on, field="on")
        elif not isinstance(on, dt.date):
            raise InvalidValueError("on", on, "expected a date")
        chosen = [s for s in self.sets if s.effective <= on]
        if not chosen:
            raise InvalidValueError("on", on, f"before the first rule set ({self.sets[0].effective})")
        return chosen[-1]

    @property
    def latest(self) -> RuleSet:
        """The newest rule set."""
        return self.sets[-1]
