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
from typing import Any, Generic, Literal, TypeVar

import attrs

from blikopwerk._errors import InvalidValueError, RuleTableError

__all__ = ["Rule", "RuleEntry", "RuleHistory", "RuleSet", "RuleTable", "Source"]

K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")

SEED_FILES: Mapping[str, str] = {
    "000": "000_fce2b4cd91976fe2.txt",
    "001": "001_7bacfedc505671bd.txt",
    "002": "002_c7c9fbb17d8bd393.txt",
    "003": "003_61c4fc8026d8ae25.txt",
    "004": "004_eb95cfb9df74a09a.txt",
}

# The bibliographic title of each seed: what docs and reports cite. The file name is
# only provenance (where the project keeps its copy of the text).
SEED_TITLES: Mapping[str, str] = {
    "000_fce2b4cd91976fe2.txt": "Blik op Werk (n.d.), Werkscan: veelgestelde vragen voor Werkscandeskundigen",
    "001_7bacfedc505671bd.txt": "Blik op Werk (n.d.), Keurmerk Blik op Werk",
    "002_c7c9fbb17d8bd393.txt": "Panteia (2015), Evaluatie van de Werkscan",
    "003_61c4fc8026d8ae25.txt": "Blik op Werk (n.d.), Normen van het Keurmerk",
    "004_eb95cfb9df74a09a.txt": "Panteia (2021), Tevredenheidsonderzoek Welke Professionals, meetperiode 2020",
}


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
    _index: dict[Any, int] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        index: dict[Any, int] = {}
        for i, entry in enumerate(self.entries):
            if entry.key in index:
                raise RuleTableError(f"table {self.name!r}: entry {entry.key!r} is defined twice")
            index[entry.key] = i
        if self.sorted_keys:
            keys: list[Any] = [e.key for e in self.entries]
            if keys != sorted(keys):
                raise RuleTableError(f"table {self.name!r}: keys are not in ascending order")
        object.__setattr__(self, "_index", index)

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
        try:
            return self.entries[self._index[key]].value
        except KeyError:
            raise KeyError(f"table {self.name!r} has no entry {key!r}") from None

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def __iter__(self) -> Iterator[K]:
        return (e.key for e in self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def entry(self, key: K) -> RuleEntry[K, V]:
        """The whole entry (value and source) for ``key``."""
        try:
            return self.entries[self._index[key]]
        except KeyError:
            raise KeyError(f"table {self.name!r} has no entry {key!r}") from None

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
            InvalidValueError: ``value`` lies below the first band.
        """
        if not self.sorted_keys:
            raise RuleTableError(f"table {self.name!r} is not sorted; band lookup needs order")
        keys: list[Any] = [e.key for e in self.entries]
        i = bisect.bisect_right(keys, value) - 1
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


@attrs.frozen
class RuleSet:
    """Rule tables and rule descriptions bundled with a version and an effective date.

    Example:
        >>> src = Source.decision("example")
        >>> t = RuleTable.build("fees", "Fees", dt.date(2020, 1, 1), [(0, 1, src)])
        >>> rs = RuleSet("demo", "2020.1", dt.date(2020, 1, 1), {"fees": t})
        >>> rs["fees"][0]
        1
        >>> t2 = RuleTable.build("fees", "Fees 2027", dt.date(2027, 1, 1), [(0, 2, src)])
        >>> rs.replace(fees=t2, version="2027.1")["fees"][0]
        2
    """

    name: str
    version: str
    effective: dt.date
    tables: Mapping[str, RuleTable[Any, Any]] = attrs.field(factory=dict)
    rules: tuple[Rule, ...] = ()
    parameters: Mapping[str, tuple[Any, Source]] = attrs.field(factory=dict)

    def __getitem__(self, name: str) -> RuleTable[Any, Any]:
        try:
            return self.tables[name]
        except KeyError:
            raise KeyError(f"rule set {self.name!r} has no table {name!r}") from None

    def parameter(self, name: str) -> Any:
        """A single rule parameter (a threshold, a rate) by name."""
        try:
            return self.parameters[name][0]
        except KeyError:
            raise KeyError(f"rule set {self.name!r} has no parameter {name!r}") from None

    def rule(self, rule_id: str) -> Rule:
        """The catalogue entry for ``rule_id``."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(f"rule set {self.name!r} has no rule {rule_id!r}")

    def replace(
        self,
        *,
        version: str | None = None,
        effective: dt.date | None = None,
        parameters: Mapping[str, tuple[Any, Source]] | None = None,
        **tables: RuleTable[Any, Any],
    ) -> RuleSet:
        """A new rule set with some tables or parameters swapped in."""
        for name in tables:
            if name not in self.tables:
                raise KeyError(f"rule set {self.name!r} has no table {name!r} to replace")
        return attrs.evolve(
            self,
            version=version or self.version,
            effective=effective or self.effective,
            tables={**self.tables, **tables},
            parameters={**self.parameters, **(parameters or {})},
        )


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
        """The newest rule set whose effective date is on or before ``on``."""
        chosen = [s for s in self.sets if s.effective <= on]
        if not chosen:
            raise InvalidValueError("on", on, f"before the first rule set ({self.sets[0].effective})")
        return chosen[-1]

    @property
    def latest(self) -> RuleSet:
        """The newest rule set."""
        return self.sets[-1]
