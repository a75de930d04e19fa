"""Staffels: volume bundles of questionnaires, usage, the 80 % warning, overage (WS-STF-1 to -6).

The rules (seed ``000_fce2b4cd91976fe2.txt`` and RULES.md):

* WS-STF-1: the expert pays per *completed* questionnaire; an uncompleted one is never
  charged.
* WS-STF-2: questionnaires are bought in a staffel; the unit price falls as the staffel
  grows. The real table is an annex of the licence agreement and not in the sources, so
  :data:`STAFFEL_EXAMPLE_TABLE` is an **example** (``example=True``); pass the real table
  as data (:func:`staffel_table`, :meth:`blikopwerk.RuleSet.replace`).
* WS-STF-3: at 80 % usage the holder gets one e-mail per staffel (through the outbox).
* WS-STF-4: the holder is never cut off; completions beyond the staffel become draft
  invoice lines at the staffel's unit price, final at the end of the licence period.
* WS-STF-5: a larger staffel may be bought at any time; usage carries over and the 80 %
  warning is judged against the new size.
* WS-STF-6: a completion is charged once per questionnaire id, whatever retries or
  concurrent requests deliver it.
"""

from __future__ import annotations

import csv
import datetime
import datetime as dt
import io
import secrets
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

import attrs

from blikopwerk._calendar import dutch_day, require_aware
from blikopwerk._errors import InvalidValueError, NotFoundError, RuleTableError
from blikopwerk._money import VAT_RATE, Money
from blikopwerk._protocols import Message, Storage
from blikopwerk._rules import Rule, RuleSet, RuleTable, Source
from werkscan._licensing.records import (
    CompletionResult,
    Licence,
    LicenceNotFoundError,
    LicensingStorage,
    OverageLine,
    Staffel,
    UpgradeResult,
    require_licensing,
)

__all__ = [
    "ANONYMOUS_PRICE",
    "LICENSING_RULES",
    "STAFFEL_EXAMPLE_TABLE",
    "WARNING_THRESHOLD",
    "CompletionRow",
    "CompletionsReport",
    "StaffelService",
    "UsageStatement",
    "read_completions",
    "staffel_table",
    "staffel_table_from_csv",
    "warning_message",
]

_SEED_STAFFEL = ("Uiteraard worden de kosten per ingevulde Werkscan volgens staffel steeds lager.")
_EXAMPLE = Source.decision(
    "example price, not official: the staffel table is an annex of the Licentieovereenkomst "
    "and not in the sources; replace it with the real table", rules=("WS-STF-2",))


def staffel_table(
    rows: Iterable[tuple[int, Money | Decimal | str, Source]],
    *,
    name: str = "werkscan-staffels",
    title: str = "Werkscan staffels: unit price per completed questionnaire (excl. VAT)",
    valid_from: dt.date,
    version: str,
    example: bool = False,
) -> RuleTable[int, Money]:
    """Build a staffel table (size -> unit price excl. VAT) and check it (WS-STF-2).

    Sizes must be positive whole numbers in ascending order; prices non-negative euros;
    a larger staffel must not have a higher unit price ("de kosten per ingevulde
    Werkscan volgens staffel steeds lager", seed 000).

    Example:
        >>> src = Source.decision("contract 2027")
        >>> t = staffel_table([(50, "10.00", src), (200, "8.00", src)],
        ...                   valid_from=dt.date(2027, 1, 1), version="2027")
        >>> t[200]
        Money('8.00')
        >>> staffel_table([(50, "8.00", src), (200, "10.00", src)],
        ...               valid_from=dt.date(2027, 1, 1), version="bad")
        Traceback (most recent call last):
        ...
        blikopwerk._errors.RuleTableError: table 'werkscan-staffels': unit price rises from 50 to 200
    """
    built: list[tuple[int, Money, Source]] = []
    for size, price, source in rows:
        if isinstance(size, bool) or not isinstance(size, int) or size <= 0:
            raise InvalidValueError("size", size, "a staffel size must be a positive whole number")
        money = price if isinstance(price, Money) else Money(price)
        if money < Money.zero():
            raise InvalidValueError("unit_price", price, "must not be negative")
        built.append((size, money, source))
    if not built:
        raise RuleTableError(f"table {name!r}: a staffel table needs at least one staffel")
    table = RuleTable.build(name, title, valid_from, built, version=version, example=example,
                            source=Source.seed("000", _SEED_STAFFEL, rules=("WS-STF-2",)))
    for (size_a, price_a), (size_b, price_b) in zip(table.items(), table.items()[1:], strict=False):
        if price_b > price_a:
            raise RuleTableError(f"table {name!r}: unit price rises from {size_a} to {size_b}")
    return table


def staffel_table_from_csv(text: str, *, version: str, valid_from: dt.date,
                           note: str = "staffel table supplied by the caller") -> RuleTable[int, Money]:
    """Read a real staffel table from CSV text: columns ``size,unit_price`` (excl. VAT).

    An optional ``source`` column names where each row comes from (e.g. "Licentieovereenkomst
    2027, bijlage 1"); otherwise ``note`` is used. The table is checked like
    :func:`staffel_table` and is not marked as an example.

    Example:
        >>> t = staffel_table_from_csv("size,unit_price\\n50,10.00\\n200,8.50\\n", version="2027",
        ...                            valid_from=dt.date(2027, 1, 1))
        >>> t.items(), t.example
        ([(50, Money('10.00')), (200, Money('8.50'))], False)
    """
    reader = csv.DictReader(io.StringIO(text))
    fields = set(reader.fieldnames or ())
    if not {"size", "unit_price"} <= fields:
        raise InvalidValueError("staffel_table.header", sorted(fields), "needs the columns size and unit_price")
    rows: list[tuple[int, Money | Decimal | str, Source]] = []
    for n, rec in enumerate(reader, start=2):
        raw = (rec.get("size") or "").strip()
        try:
            size = int(raw)
        except ValueError:
            raise InvalidValueError(f"staffel_table[{n}].size", raw, "not a whole number") from None
        where = (rec.get("source") or "").strip() or note
        rows.append((size, (rec.get("unit_price") or "").strip(),
                     Source.decision(where, rules=("WS-STF-2",))))
    return staffel_table(rows, valid_from=valid_from, version=version)


#: The example staffel table shipped with the library (WS-STF-2): NOT the official prices.
STAFFEL_EXAMPLE_TABLE: RuleTable[int, Money] = staffel_table(
    [
        (25, "12.50", _EXAMPLE),
        (50, "11.00", _EXAMPLE),
        (100, "9.50", _EXAMPLE),
        (250, "8.00", _EXAMPLE),
        (500, "6.50", _EXAMPLE),
        (1000, "5.00", _EXAMPLE),
    ],
    valid_from=dt.date(2014, 1, 1),
    version="example-1",
    example=True,
)

#: Usage share at which the holder is warned, once per staffel (WS-STF-3).
WARNING_THRESHOLD = Decimal("0.80")
#: Price of the anonymous route, incl. VAT (WS-PRICE-1).
ANONYMOUS_PRICE = Money("25.00")

_SRC_80 = Source.seed("000", "U krijgt een mail als 80% van uw Werkscans is bereikt.",
                      rules=("WS-STF-3",))
_SRC_25 = Source.seed("000", "Werkenden die de Werkscan zelf aanschaffen (prijs € 25,-)",
                      rules=("WS-PRICE-1",))

#: Decisions beside the seed 000 passages of WS-STF-4 and WS-STF-5, one row per rule: shown in
#: the catalogue as *decision (not official)* with the reason.
_STAFFEL_DECISIONS: RuleTable[str, str] = RuleTable.build(
    "decisions",
    "Project decisions (not official) beside the seed: overage and a larger staffel",
    dt.date(2014, 1, 1),
    [
        ("WS-STF-4", "overage at the unit price of the staffel bought, as draft invoice lines that become "
         "final at the end of the licence period",
         Source.decision("the seed says only that overage is invoiced afterwards, not at what price or "
                         "when; the staffel's own price and the period end keep the invoice predictable",
                         rules=("WS-STF-4",))),
        ("WS-STF-5", "usage so far carries over to the new staffel and the 80 % warning is judged "
         "against the new size",
         Source.decision("the seed only says a larger staffel can be bought; carrying usage "
                         "over keeps one count per licence period", rules=("WS-STF-5",))),
    ],
    sorted_keys=False,
)

#: The licence and staffel rules: the staffel table and the two parameters, replaceable.
LICENSING_RULES = RuleSet(
    "werkscan-licensing",
    "2014.1",
    dt.date(2014, 1, 1),
    tables={"staffels": STAFFEL_EXAMPLE_TABLE, "decisions": _STAFFEL_DECISIONS},
    parameters={"warning_threshold": (WARNING_THRESHOLD, _SRC_80),
                "anonymous_price": (ANONYMOUS_PRICE, _SRC_25)},
    rules=(
        Rule("WS-STF-1", "Pay per completed questionnaire; uncompleted ones are not charged.",
             Source.seed("000", "Niet ingevulde vragenlijsten worden niet aan de werknemer of u "
                         "getoond en daarom niet in rekening gebracht.", rules=("WS-STF-1",))),
        Rule("WS-STF-2", "Questionnaires are bought in staffels; the unit price falls as the "
             "staffel grows. The shipped table is an example.",
             Source.seed("000", _SEED_STAFFEL, rules=("WS-STF-2",))),
        Rule("WS-STF-3", "At 80 % usage one e-mail per staffel.", _SRC_80),
        Rule("WS-STF-4", "Never cut off; overage invoiced afterwards at the staffel's unit price "
             "as draft lines, final at the end of the licence period.",
             Source.seed("000", "U wordt niet afgesloten van de Werkscan. Overschrijdt u de "
                         "staffel dan krijgt u achteraf een factuur van Blik op Werk.",
                         rules=("WS-STF-4",))),
        Rule("WS-STF-5", "A larger staffel may be bought at any time; usage carries over and the "
             "warning is judged against the new size (decision).",
             Source.seed("000", "U krijgt een mail als 80% van uw Werkscans is bereikt. U kunt dan zelf "
                         "de afweging maken een grotere staffel aan te schaffen.", rules=("WS-STF-5",))),
        Rule("WS-STF-6", "A completion is charged once per questionnaire id (decision).",
             Source.decision("retries and concurrent deliveries must not charge twice",
                             rules=("WS-STF-6",))),
        Rule("WS-PRICE-1", "Anonymous questionnaire: EUR 25 incl. VAT.", _SRC_25),
    ),
)


def warning_message(licence: Licence, staffel: Staffel, *, lang: str | None = None,
                    threshold: Decimal = Decimal("0.80")) -> Message:
    """The warning for ``staffel`` at ``threshold`` used (WS-STF-3); its id
    (``staffel-<share>:<staffel id>``) makes it unique per staffel.

    The text is the ``staffel-80`` e-mail template, in ``lang`` (default
    ``BLIKOPWERK_LANGUAGE``, else Dutch), with the share of the rule set in use; see
    :mod:`werkscan._mail`.

    Example:
        >>> lic = Licence("L1", "Arbo BV", "Anna", "anna@arbo.example",
        ...               dt.date(2026, 1, 1), dt.date(2026, 12, 31))
        >>> s = Staffel("S1", "L1", 25, Money("12.50"), dt.datetime(2026, 1, 2, tzinfo=dt.UTC),
        ...             "werkscan-staffels", "example-1", used=20)
        >>> m = warning_message(lic, s)
        >>> m.id, m.to
        ('staffel-80:S1', ('anna@arbo.example',))
        >>> m.subject
        'Werkscan: 80 % van uw staffel is gebruikt (20 van 25)'
    """
    from werkscan._mail import staffel_warning

    return staffel_warning(licence, staffel, lang=lang, threshold=threshold)


@attrs.frozen
class UsageStatement:
    """Bought, used, remaining, overage and the amounts of a licence's staffel.

    Amounts exclude VAT (K-MON-1); ``total_incl_vat`` adds 21 %. ``overage`` is
    ``max(0, used - size)`` and ``overage_amount`` its draft and final invoice lines.
    Built by :meth:`StaffelService.statement`.

    Example:
        >>> st = UsageStatement("L1", "Arbo BV", dt.date(2026, 12, 31), "S1", 25, Money("12.50"),
        ...     Money("312.50"), 27, 0, 2, Money("25.00"), Money(0), "delivered", "example", ())
        >>> st.total, st.total_incl_vat
        (Money('337.50'), Money('408.38'))
    """

    licence_id: str
    company: str
    valid_until: dt.date
    staffel_id: str
    size: int
    unit_price: Money
    staffel_price: Money
    used: int
    remaining: int
    overage: int
    overage_draft: Money
    overage_final: Money
    warning: str
    table: str
    staffels: tuple[tuple[str, int, str], ...]
    #: Charges of this staffel per expert (WS-LIC-2), counts only (WS-ACC-4); ``""``
    #: collects those with no expert recorded.
    by_expert: tuple[tuple[str, int], ...] = ()

    @property
    def overage_amount(self) -> Money:
        """Draft plus final overage lines (excl. VAT)."""
        return self.overage_draft + self.overage_final

    @property
    def total(self) -> Money:
        """Staffel price plus overage (excl. VAT)."""
        return self.staffel_price + self.overage_amount

    @property
    def total_incl_vat(self) -> Money:
        """:attr:`total` with 21 % VAT, rounded to cents (K-MON-1)."""
        return self.total.with_vat(VAT_RATE)

    def lines(self) -> list[tuple[str, str]]:
        """The statement as (label, value) rows, for printing."""
        return [
            ("Licence", f"{self.licence_id} ({self.company}, valid until {self.valid_until})"),
            ("Staffel", f"{self.staffel_id}: {self.size} questionnaires ({self.table})"),
            ("Unit price", f"{self.unit_price.format()} excl. VAT"),
            ("Staffel price", self.staffel_price.format()),
            ("Used", str(self.used)),
            ("Remaining", str(self.remaining)),
            ("Overage", str(self.overage)),
            ("Overage amount (draft)", self.overage_draft.format()),
            ("Overage amount (final)", self.overage_final.format()),
            ("Total excl. VAT", self.total.format()),
            ("Total incl. 21 % VAT", self.total_incl_vat.format()),
            ("80 % warning", self.warning),
        ]

    def render(self) -> str:
        """Plain-text statement."""
        width = max(len(label) for label, _ in self.lines())
        return "\n".join(f"{label.ljust(width)}  {value}" for label, value in self.lines())

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready dict (amounts as decimal strings)."""
        return {
            "licence_id": self.licence_id, "company": self.company,
            "valid_until": self.valid_until.isoformat(), "staffel_id": self.staffel_id,
            "size": self.size, "unit_price": str(self.unit_price.amount),
            "staffel_price": str(self.staffel_price.amount), "used": self.used,
            "remaining": self.remaining, "overage": self.overage,
            "overage_draft": str(self.overage_draft.rounded().amount),
            "overage_final": str(self.overage_final.rounded().amount),
            "total": str(self.total.rounded().amount),
            "total_incl_vat": str(self.total_incl_vat.amount), "warning": self.warning,
            "table": self.table,
            "by_expert": [{"expert": e, "used": n} for e, n in self.by_expert],
        }


@attrs.frozen
class CompletionRow:
    """One row of a completions file: a questionnaire id, when it was completed, and
    for which expert of the licence (WS-LIC-2) when known.

    ``completed_at`` is None for a questionnaire that was not completed (WS-STF-1).

    Example:
        >>> CompletionRow("q1", None).completed_at is None
        True
        >>> CompletionRow("q2", None, "bert@arbo.example").expert_id
        'bert@arbo.example'
    """

    questionnaire_id: str
    completed_at: dt.datetime | None
    expert_id: str | None = None


@attrs.frozen
class CompletionsReport:
    """What :meth:`StaffelService.record_completions` did with a batch.

    Example:
        >>> CompletionsReport(charged=("q1",), duplicates=("q1",)).charged
        ('q1',)
    """

    charged: tuple[str, ...] = ()
    duplicates: tuple[str, ...] = ()
    not_completed: tuple[str, ...] = ()
    warnings_queued: int = 0
    overage: tuple[str, ...] = ()


def _aware_clock() -> dt.datetime:
    """The default clock: now, timezone-aware (K-TZ-1)."""
    return dt.datetime.now(dt.UTC)


def _parse_time(value: str, field: str) -> dt.datetime:
    try:
        parsed = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise InvalidValueError(field, value, "not an ISO-8601 date-time") from None
    if parsed.tzinfo is None:
        raise InvalidValueError(field, value, "needs a time zone (e.g. +01:00 or Z)")
    return parsed


def read_completions(text: str) -> list[CompletionRow]:
    """Parse a completions CSV: ``questionnaire_id,completed_at[,status][,expert]``.

    ``completed_at`` is an ISO-8601 time with zone; an empty ``completed_at`` or a
    ``status`` other than ``completed`` marks a questionnaire not completed (WS-STF-1).
    ``expert`` is the e-mail address of the licence's expert the questionnaire was
    done for (WS-LIC-2; empty when not known).

    Example:
        >>> rows = read_completions("questionnaire_id,completed_at,expert\\n"
        ...                         "q1,2026-03-01T10:00+01:00,bert@arbo.example\\nq2,,\\n")
        >>> [(r.questionnaire_id, r.completed_at is not None, r.expert_id) for r in rows]
        [('q1', True, 'bert@arbo.example'), ('q2', False, None)]
    """
    reader = csv.DictReader(io.StringIO(text))
    fields = set(reader.fieldnames or ())
    if not {"questionnaire_id", "completed_at"} <= fields:
        raise InvalidValueError("completions.header", sorted(fields),
                                "needs the columns questionnaire_id and completed_at")
    rows = []
    for n, rec in enumerate(reader, start=2):
        qid = (rec.get("questionnaire_id") or "").strip()
        if not qid:
            raise InvalidValueError(f"completions[{n}].questionnaire_id", qid, "must not be empty")
        status = (rec.get("status") or "completed").strip().lower()
        raw = (rec.get("completed_at") or "").strip()
        done = _parse_time(raw, f"completions[{n}].completed_at") if raw and status == "completed" \
            else None
        expert = (rec.get("expert") or "").strip() or None
        rows.append(CompletionRow(qid, done, expert))
    return rows


class StaffelService:
    """Buying and upgrading staffels, charging completions, usage statements (WS-STF-1 to -6).

    Args:
        storage: a backend with the licensing repositories (memory, SQLite, PostgreSQL).
        rules: the licensing rule set; replace its ``staffels`` table with the real one.
        clock: returns "now" (aware); defaults to the system clock in UTC.

    Example:
        >>> from blikopwerk import MemoryStorage
        >>> from werkscan._licensing.service import LicenceService
        >>> s = MemoryStorage()
        >>> now = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
        >>> lic = LicenceService(s).create("Arbo BV", "Anna", "anna@arbo.example",
        ...     dt.date(2026, 1, 1), dt.date(2026, 12, 31), licence_id="L1")
        >>> svc = StaffelService(s)
        >>> svc.buy("L1", 25, now=now).unit_price
        Money('12.50')
        >>> [svc.record_completion("L1", f"q{i}", now, now=now).charged for i in (1, 1)]
        [True, False]
        >>> svc.statement("L1", now=now).used
        1
    """

    def __init__(self, storage: Storage, rules: RuleSet = LICENSING_RULES,
                 clock: Callable[[], datetime.datetime] | None = None) -> None:
        self.storage: LicensingStorage = require_licensing(storage)
        self.rules = rules
        self.clock = clock or _aware_clock

    @property
    def table(self) -> RuleTable[int, Money]:
        """The staffel table in use."""
        return self.rules["staffels"]

    @property
    def threshold(self) -> Decimal:
        """The warning share (0.80 by default, WS-STF-3)."""
        value = self.rules.parameter("warning_threshold")
        assert isinstance(value, Decimal)
        return value

    def _now(self, now: dt.datetime | None) -> dt.datetime:
        value = now if now is not None else self.clock()
        if value.__class__ is dt.datetime and value.tzinfo is dt.UTC:  # aware: the usual case
            return value
        return require_aware(value, "now")

    def warning(self, licence: Licence, staffel: Staffel) -> Message:
        """The warning message of this rule set's threshold (WS-STF-3)."""
        return warning_message(licence, staffel, threshold=self.threshold)

    def _valid_licence(self, licence_id: str, on: dt.date) -> Licence:
        licence = self.storage.licences.get(licence_id)
        if not licence.is_valid(on):
            raise LicenceNotFoundError(licence_id, on)
        return licence

    def _new(self, licence_id: str, size: int, now: dt.datetime, staffel_id: str | None) -> Staffel:
        if size not in self.table:
            raise InvalidValueError("size", size, f"not a staffel in table {self.table.name!r} "
                                    f"version {self.table.version}; sizes: {self.table.keys()}")
        return Staffel(staffel_id or f"S-{secrets.token_hex(6)}", licence_id, size, self.table[size],
                       now, self.table.name, self.table.version)

    def buy(self, licence_id: str, size: int, *, now: dt.datetime | None = None,
            staffel_id: str | None = None) -> Staffel:
        """Buy the licence's first staffel of ``size`` at the table's unit price (WS-STF-2)."""
        now = self._now(now)
        self._valid_licence(licence_id, dutch_day(now, field="now"))
        staffel = self._new(licence_id, size, now, staffel_id)
        self.storage.staffels.buy(staffel)
        return staffel

    def upgrade(self, licence_id: str, size: int, *, now: dt.datetime | None = None,
                staffel_id: str | None = None) -> UpgradeResult:
        """Replace the active staffel by a larger one; usage carries over (WS-STF-5)."""
        now = self._now(now)
        self._valid_licence(licence_id, dutch_day(now, field="now"))
        staffel = self._new(licence_id, size, now, staffel_id)
        return self.storage.staffels.upgrade(licence_id, staffel, now, threshold=self.threshold,
                                             warning=self.warning)

    def record_completion(self, licence_id: str, questionnaire_id: str,
                          completed_at: dt.datetime | None, *,
                          now: dt.datetime | None = None,
                          expert_id: str | None = None) -> CompletionResult:
        """Charge one completed questionnaire, exactly once (WS-STF-1, -3, -4, -6).

        ``expert_id`` is the e-mail of the expert the questionnaire was done for: the
        licence's contact or an expert added to the licence (WS-LIC-2). Usage per expert
        is counted from it; nothing about the worker is stored (WS-ACC-4).

        Raises:
            InvalidValueError: ``completed_at`` is None: an uncompleted questionnaire is
                never charged (WS-STF-1).
        """
        if completed_at is None:
            raise InvalidValueError("completed_at", None,
                                    "an uncompleted questionnaire is not charged (WS-STF-1)")
        if not isinstance(questionnaire_id, str) or not questionnaire_id.strip():
            raise InvalidValueError("questionnaire_id", questionnaire_id, "must be a non-empty string")
        now = self._now(now)
        if expert_id is not None:  # checked against the licence inside the unit (WS-LIC-2)
            expert_id = _expert_email(expert_id)
        return self.storage.staffels.record_completion(
            licence_id, questionnaire_id, completed_at, now, threshold=self.threshold,
            warning=self.warning, expert_id=expert_id)

    def record_completions(self, licence_id: str, rows: Iterable[CompletionRow], *,
                           now: dt.datetime | None = None) -> CompletionsReport:
        """Charge a batch; uncompleted rows are skipped, duplicates reported, not charged.

        Each row's ``expert_id``, when given, must be the licence's contact or an expert
        added to it (WS-LIC-2); its charge counts as that expert's usage.
        """
        now = self._now(now)
        charged: list[str] = []
        dupes: list[str] = []
        skipped: list[str] = []
        overage: list[str] = []
        warned = 0
        for row in rows:
            if row.completed_at is None:
                skipped.append(row.questionnaire_id)
                continue
            result = self.record_completion(licence_id, row.questionnaire_id, row.completed_at,
                                            now=now, expert_id=row.expert_id)
            (charged if result.charged else dupes).append(row.questionnaire_id)
            if result.charged and result.overage:
                overage.append(row.questionnaire_id)
            warned += int(result.warning_queued)
        return CompletionsReport(tuple(charged), tuple(dupes), tuple(skipped), warned, tuple(overage))

    def finalise(self, licence_id: str, *, now: dt.datetime | None = None) -> int:
        """Make draft overage lines final once the licence period is over (WS-STF-4)."""
        return self.storage.staffels.finalise(licence_id, self._now(now))

    def statement(self, licence_id: str, *, now: dt.datetime | None = None) -> UsageStatement:
        """The usage statement of the licence's active staffel."""
        now = self._now(now)
        licence = self.storage.licences.get(licence_id)
        staffel = self.storage.staffels.active(licence_id)
        lines = self.storage.staffels.invoice_lines(licence_id)
        history = {s.id: s for s in self.storage.staffels.history(licence_id)}
        ids: set[str] = set()
        current: Staffel | None = staffel  # the active staffel and those it replaced
        while current is not None and current.id not in ids:
            ids.add(current.id)
            current = history.get(current.replaces) if current.replaces else None
        per: dict[str, int] = {}
        for charge in self.storage.staffels.charges(licence_id):
            if charge.staffel_id in ids:
                per[charge.expert_id or ""] = per.get(charge.expert_id or "", 0) + 1
        return _statement(licence, staffel, lines, self._warning_state(staffel),
                          self.storage.staffels.history(licence_id), tuple(sorted(per.items())))

    def warning_id(self, staffel: Staffel) -> str:
        """The message id of ``staffel``'s warning under this rule set."""
        from werkscan._mail import warning_share_label

        return f"staffel-{warning_share_label(self.threshold)}:{staffel.id}"

    def _warning_state(self, staffel: Staffel) -> str:
        try:
            entry = self.storage.outbox.get(self.warning_id(staffel))
        except NotFoundError:
            due = staffel.warning_at(self.threshold)
            return f"not due (at {due} used)"
        if entry.status == "delivered" and entry.delivered_at is not None:
            return f"delivered {entry.delivered_at.isoformat(timespec='minutes')}"
        return entry.status


def _expert_email(expert_id: object) -> str:
    """An expert's e-mail address as the licence keeps it (trimmed, lower case)."""
    if not isinstance(expert_id, str) or not expert_id.strip():
        raise InvalidValueError("expert_id", expert_id, "must be an expert's e-mail address")
    return expert_id.strip().lower()


def _sum(lines: Iterable[OverageLine], status: str) -> Money:
    return sum((line.amount for line in lines if line.status == status), Money.zero())


def _statement(licence: Licence, staffel: Staffel, lines: list[OverageLine], warning: str,
               history: list[Staffel], by_expert: tuple[tuple[str, int], ...] = ()) -> UsageStatement:
    return UsageStatement(
        licence_id=licence.id,
        company=licence.company,
        valid_until=licence.valid_until,
        staffel_id=staffel.id,
        size=staffel.size,
        unit_price=staffel.unit_price,
        staffel_price=staffel.price,
        used=staffel.used,
        remaining=max(staffel.size - staffel.used, 0),
        overage=max(staffel.used - staffel.size, 0),
        overage_draft=_sum(lines, "draft"),
        overage_final=_sum(lines, "final"),
        warning=warning,
        table=f"{staffel.table_name} {staffel.table_version}",
        staffels=tuple((s.id, s.size, s.status) for s in history),
        by_expert=by_expert,
    )

