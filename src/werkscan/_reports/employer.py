"""Employer aggregates of Werkscan results (WS-RPT-2): at least 25 questionnaires, small cells suppressed."""

from __future__ import annotations

import datetime
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict

from blikopwerk._calendar import dutch_day
from blikopwerk._errors import InvalidValueError
from blikopwerk._i18n import translator
from blikopwerk._rules import RuleSet
from werkscan._licensing.results import QuestionnaireResult
from werkscan._scoring.model import Advice, Band, ScoreResult, SignalArea, SignalLevel
from werkscan._scoring.wai_rules import WAI_RULES, items_of, rule_set

if TYPE_CHECKING:
    from blikopwerk._protocols import Storage
    from werkscan._licensing.records import Licence
    from werkscan._licensing.service import LicenceService

__all__ = [
    "EmployerSummary",
    "ReportCell",
    "TooFewQuestionnairesError",
    "check_reportable",
    "require_reporting_licence",
    "summarise_employer",
]


class TooFewQuestionnairesError(InvalidValueError):
    """An employer report was asked for with fewer completed questionnaires than allowed (WS-RPT-2).

    Example:
        >>> str(TooFewQuestionnairesError(24, 25))
        'questionnaires: an employer report needs at least 25 completed questionnaires (got 24)'
    """

    code = "too_few_questionnaires"

    def __init__(self, count: int, minimum: int) -> None:
        self.count = count
        self.minimum = minimum
        super().__init__("questionnaires", count,
                         f"an employer report needs at least {minimum} completed questionnaires")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.count, self.minimum))

    def for_people(self, lang: str) -> str:
        """The refusal in ``lang``, for the command line and for apps that show it."""
        t = translator("werkscan", lang)
        return t.ngettext("an employer report needs at least {minimum} completed questionnaires; there is {count}",
                          "an employer report needs at least {minimum} completed questionnaires; there are {count}",
                          self.count).format(minimum=t.integer(self.minimum), count=t.integer(self.count))


class ReportCell(BaseModel):
    """One breakdown cell: a count and its share of all questionnaires, or suppressed.

    A suppressed cell has ``count`` and ``share`` ``None`` and says why in ``reason``:
    ``"small"`` (1 to ``min_cell - 1`` workers) or ``"derivable"`` (hidden as well so that a
    small cell cannot be worked out from the total and the cells shown).

    Example:
        >>> ReportCell(count=None, share=None, suppressed=True, reason="small").display()
        '—'
        >>> ReportCell(count=10, share=0.4, suppressed=False).display()
        '40 %'
        >>> ReportCell(count=10, share=0.4, suppressed=False).display("en")
        '40%'
    """

    model_config = ConfigDict(frozen=True)

    count: int | None
    share: float | None
    suppressed: bool
    reason: Literal["small", "derivable"] | None = None

    def display(self, lang: str = "nl") -> str:
        """The share as a whole percentage (Babel, for ``lang``), or a dash when suppressed."""
        if self.suppressed or self.share is None:
            return "—"
        return translator("werkscan", lang).percent(Decimal(str(self.share)) * 100)


def _partition(counts: Sequence[int], total: int, min_cell: int,
               shown: Sequence[bool] | None = None) -> list[ReportCell]:
    """Cells of a partition of ``total``; primary and secondary suppression (WS-RPT-2).

    A cell of 1 to ``min_cell - 1`` workers is suppressed (``"small"``; a cell of 0 names no
    worker and is shown). ``shown`` marks the cells the report prints (default: all). When
    exactly one cell is suppressed and every other cell is printed, its count could be
    worked out from the total, so the smallest other printed cell with workers is
    suppressed too (``"derivable"``). The report states both rules in these words.
    """
    printed = list(shown) if shown is not None else [True] * len(counts)
    hidden: list[str | None] = ["small" if 0 < c < min_cell else None for c in counts]
    small = [i for i, h in enumerate(hidden) if h]
    if len(small) == 1 and len(counts) > 1 and all(printed[i] for i in range(len(counts)) if i != small[0]):
        others = [(c, i) for i, c in enumerate(counts) if hidden[i] is None and c > 0 and printed[i]]
        if others:
            hidden[min(others)[1]] = "derivable"
    return [ReportCell(count=None, share=None, suppressed=True, reason=h) if h
            else ReportCell(count=c, share=c / total, suppressed=False)
            for c, h in zip(counts, hidden, strict=True)]


class EmployerSummary(BaseModel):
    """Aggregates of one employer's completed questionnaires (WS-RPT-2); no individual answers.

    Example:
        >>> from werkscan import score
        >>> base = {"wai": {"current_work_ability": 8, "physical_demands": 4, "mental_demands": 3,
        ...     "work_nature": "physical", "diagnosed_diseases": 1, "impairment": 5, "sick_leave_days": 3,
        ...     "prognosis": 7, "mental_resources": [3, 3, 2]},
        ...     "signals": {a: "none" for a in ("health", "lifestyle", "work", "work_life_balance",
        ...     "education", "career_development", "career_mobility", "self_reliance")}}
        >>> s = summarise_employer([score(base) for _ in range(30)], employer="Bakkerij De Korst")
        >>> s.questionnaires, s.bands["good"].display(), s.bands["poor"].display()
        (30, '100 %', '0 %')
    """

    model_config = ConfigDict(frozen=True)

    employer: str
    questionnaires: int
    mean_score: float
    bands: dict[str, ReportCell]
    advice: dict[str, ReportCell]
    strong: dict[str, ReportCell]
    weak: dict[str, ReportCell]
    min_cell: int
    rules_version: str
    min_questionnaires: int = 25


def _whole_number(value: Any, field: str) -> int:
    """A whole number of the caller (a floor or a cell size): never NaN, infinite, a float or a bool."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValueError(field, value, "expected a whole number (int)")
    return value


def _distinct_results(results: Any) -> list[ScoreResult | QuestionnaireResult]:
    """The offline entry point: results the caller vouches are distinct questionnaires.

    A mapping is keyed by questionnaire id (distinct by construction); a sequence has no ids,
    so the caller vouches for it. Either way one result object given twice is one
    questionnaire counted twice, and refused (WS-RPT-2: the floor counts distinct
    questionnaires, never copies). Values are :class:`ScoreResult` objects, or the
    :class:`werkscan.QuestionnaireResult` kept of a stored completion.
    """
    items: list[tuple[Any, Any]] = (list(results.items()) if isinstance(results, Mapping)
                                    else list(enumerate(items_of(results, "results"))))
    seen: dict[int, Any] = {}
    out: list[ScoreResult | QuestionnaireResult] = []
    for key, r in items:
        if not isinstance(r, ScoreResult | QuestionnaireResult):
            raise InvalidValueError("results", type(r).__name__, "expected ScoreResult objects or a results table")
        if id(r) in seen:
            raise InvalidValueError("results", key, f"the same questionnaire result is given twice (also at "
                                                    f"{seen[id(r)]!r}); the floor counts distinct questionnaires")
        seen[id(r)] = key
        out.append(r)
    return out


def _counts_from_results(results: Any, id_column: str | None) -> tuple[int, float, dict[str, int], dict[str, int],
                                                                        dict[str, dict[str, int]]]:
    bands = {b.value: 0 for b in Band}
    advice = {a.value: 0 for a in Advice}
    signals = {a.value: {lv.value: 0 for lv in SignalLevel} for a in SignalArea}
    n = 0
    total = 0.0
    table = getattr(results, "results", results)
    if hasattr(table, "column_names") and hasattr(table, "num_rows"):
        import pyarrow.compute as pc

        needed = {"score", "band", "advice", *(a.value for a in SignalArea)}
        missing = sorted(needed - set(table.column_names))
        if missing:
            raise InvalidValueError("results", missing, "result columns are missing")
        if id_column is not None:
            if id_column not in table.column_names:
                raise InvalidValueError("id_column", id_column, "no such column in the results")
            ids = table.column(id_column)
            if ids.null_count:
                raise InvalidValueError(id_column, None, "every result needs a questionnaire id")
            counted = pc.value_counts(ids)
            twice = pc.filter(counted.field("values"), pc.greater(counted.field("counts"), 1))
            if len(twice):
                raise InvalidValueError(id_column, twice[0].as_py(), "a questionnaire is in the results more than "
                                                                     "once; the floor counts distinct questionnaires")
        n = int(table.num_rows)
        total = float(pc.sum(table.column("score")).as_py() or 0.0)
        for column, target in (("band", bands), ("advice", advice)):
            for item in pc.value_counts(table.column(column).cast("string")).to_pylist():
                if item["values"] not in target:
                    raise InvalidValueError(column, item["values"], "unknown value in the results")
                target[item["values"]] = item["counts"]
        for area in SignalArea:
            for item in pc.value_counts(table.column(area.value).cast("string")).to_pylist():
                if item["values"] not in signals[area.value]:
                    raise InvalidValueError(area.value, item["values"], "unknown signal level")
                signals[area.value][item["values"]] = item["counts"]
        return n, total, bands, advice, signals
    if id_column is not None:
        raise InvalidValueError("id_column", id_column, "only for a results table; a mapping is keyed by id")
    for r in _distinct_results(results):
        n += 1
        if isinstance(r, QuestionnaireResult):  # kept of a stored completion
            total += float(r.score)
            bands[r.band.value] += 1
            advice[r.advice.value] += 1
            for area, level in zip(SignalArea, r.signals, strict=True):
                signals[area.value][level.value] += 1
            continue
        total += r.wai.score
        bands[r.wai.band.value] += 1
        advice[r.advice.value] += 1
        for area, level in r.signals.items():
            signals[area.value][level.value] += 1
    return n, total, bands, advice, signals


def summarise_employer(
    results: Iterable[ScoreResult] | Any,
    *,
    employer: str,
    rules: RuleSet | None = None,
    min_questionnaires: int | None = None,
    min_cell: int | None = None,
    id_column: str | None = None,
) -> EmployerSummary:
    """Aggregate one employer's results for the employer report (WS-RPT-2), offline.

    This is the entry point for results the caller holds (a batch, a file): the caller
    vouches that they are completed questionnaires of this employer's workers, each
    once. The floor counts what is given, so ids are asked for where there are any. A
    report from what the library stored under a licence (distinct questionnaires,
    completed, inside the licence) is :meth:`werkscan.LicenceService.employer_report`.

    Args:
        results: a mapping of questionnaire ids to :class:`ScoreResult` (or stored
            :class:`werkscan.QuestionnaireResult`) objects; a sequence of them (no ids:
            the caller vouches that they are distinct questionnaires, and one object
            given twice is refused); a :class:`BatchResult` or an Arrow table of batch
            results (only completed, i.e. valid, questionnaires count), whose
            ``questionnaire_id`` column, when it has one, must not repeat an id.
        employer: the employer's name, shown on the report.
        rules: the rule set (parameters ``employer_min_questionnaires``, 25, and
            ``employer_min_cell``, 5).
        min_questionnaires: override the floor (it can be raised, never lowered below the rule's).
        min_cell: override the smallest cell shown.
        id_column: the column of a results table with the questionnaire ids (default
            ``questionnaire_id`` when the table has it).

    Returns:
        An :class:`EmployerSummary`: band distribution, advice, and per signal area the
        share of strong and weak signals; cells with fewer than ``min_cell`` workers (and
        any cell that would reveal one) are suppressed.

    Raises:
        TooFewQuestionnairesError: fewer than the minimum completed questionnaires.
        InvalidValueError: an invalid override (not a whole number, or a floor below the
            rule's), results of the wrong kind, or a questionnaire given twice.

    Example:
        >>> summarise_employer([], employer="X")
        Traceback (most recent call last):
        ...
        werkscan._reports.employer.TooFewQuestionnairesError: questionnaires: an employer report needs at least 25 completed questionnaires (got 0)
    """
    rules = rule_set(rules, WAI_RULES)
    floor = rules.parameter("employer_min_questionnaires", int)
    minimum = floor if min_questionnaires is None else _whole_number(min_questionnaires, "min_questionnaires")
    if minimum < floor:
        raise InvalidValueError("min_questionnaires", minimum, f"may not be below {floor} (WS-RPT-2)")
    rule_cell = rules.parameter("employer_min_cell", int)
    cell = rule_cell if min_cell is None else _whole_number(min_cell, "min_cell")
    if cell < max(rule_cell, 1):
        raise InvalidValueError("min_cell", cell, f"may not be below {max(rule_cell, 1)} (WS-RPT-2)")
    if not isinstance(employer, str) or not employer.strip():
        raise InvalidValueError("employer", employer, "an employer name is needed")
    if not employer.isprintable() or len(employer) > 200:
        raise InvalidValueError("employer", employer[:80], "a name of at most 200 printable characters")
    if id_column is not None and (not isinstance(id_column, str) or not id_column):
        raise InvalidValueError("id_column", id_column, "expected a column name")
    table = getattr(results, "results", results)
    if id_column is None and hasattr(table, "column_names") and "questionnaire_id" in table.column_names:
        id_column = "questionnaire_id"
    n, total, bands, advice, signals = _counts_from_results(results, id_column)
    if n < minimum:
        raise TooFewQuestionnairesError(n, minimum)
    band_cells = _partition(list(bands.values()), n, cell)
    advised = advice["urgent"] + advice["advised"]
    advice_cells = _partition([advised, advice["none"]], n, cell)
    strong: dict[str, ReportCell] = {}
    weak: dict[str, ReportCell] = {}
    for area in SignalArea:
        counts = signals[area.value]
        # the report prints strong and weak shares, never "none": "none" cannot give a cell away
        s, w, _ = _partition([counts["strong"], counts["weak"], counts["none"]], n, cell, (True, True, False))
        strong[area.value] = s
        weak[area.value] = w
    return EmployerSummary(
        employer=employer,
        questionnaires=n,
        mean_score=round(total / n, 1),
        bands=dict(zip(bands, band_cells, strict=True)),
        advice={"advised": advice_cells[0], "none": advice_cells[1]},
        strong=strong,
        weak=weak,
        min_cell=cell,
        min_questionnaires=minimum,
        rules_version=rules.version,
    )


def check_reportable(summary: EmployerSummary) -> None:
    """Refuse a summary the employer report may not show (WS-RPT-2), however it was made.

    A summary made by :func:`summarise_employer` always passes; one built or copied by hand
    with fewer questionnaires than the floor (of the summary, and never below the rule's 25)
    or with a small cell shown is refused, so a renderer never draws it.

    Raises:
        TooFewQuestionnairesError: fewer questionnaires than the floor.
        InvalidValueError: a cell with fewer than ``min_cell`` workers shown, or a
            ``min_cell`` below the rule's.
    """
    floor = max(WAI_RULES.parameter("employer_min_questionnaires", int), summary.min_questionnaires)
    if isinstance(summary.questionnaires, bool) or not isinstance(summary.questionnaires, int) \
            or summary.questionnaires < floor:
        raise TooFewQuestionnairesError(summary.questionnaires, floor)
    rule_cell = WAI_RULES.parameter("employer_min_cell", int)
    if summary.min_cell < rule_cell:
        raise InvalidValueError("min_cell", summary.min_cell, f"may not be below {rule_cell} (WS-RPT-2)")
    for group in (summary.bands, summary.advice, summary.strong, summary.weak):
        for name, cell in group.items():
            if not cell.suppressed and cell.count is not None and 0 < cell.count < summary.min_cell:
                raise InvalidValueError(name, cell.count, f"a group of fewer than {summary.min_cell} is shown")


def require_reporting_licence(
    licence: LicenceService | Storage, licence_id: str, on: datetime.date | None = None,
) -> Licence:
    """The licence that allows an employer report on ``on``, or the licence error (WS-LIC-1).

    Seed 000 (FAQ): without a licence the company is no longer found in the database and
    "een gegenereerde rapportage aan werkgever(s) is dan niet mogelijk". An unknown licence
    and one not valid on ``on`` (expired or not yet started) both raise
    :class:`werkscan.LicenceNotFoundError`.

    Args:
        licence: a :class:`werkscan.LicenceService`, or a storage with the licensing
            repositories (``blikopwerk.open_storage(url)``).
        licence_id: the licence the report is made under.
        on: the day of the report (default: today in the Netherlands, by the service's
            clock, K-TZ-1).

    Returns:
        The valid :class:`werkscan.Licence`.

    Raises:
        LicenceNotFoundError: the licence is unknown or not valid on ``on``.
        InvalidValueError: ``on`` is not a date.

    Example:
        >>> import datetime as dt
        >>> from blikopwerk import MemoryStorage
        >>> from werkscan import LicenceService
        >>> svc = LicenceService(MemoryStorage())
        >>> _ = svc.create("Arbo BV", "Anna de Vries", "anna@arbo.example",
        ...                dt.date(2026, 1, 1), dt.date(2026, 12, 31), licence_id="L1")
        >>> require_reporting_licence(svc, "L1", dt.date(2026, 6, 1)).company
        'Arbo BV'
        >>> require_reporting_licence(svc, "L1", dt.date(2027, 1, 1))
        Traceback (most recent call last):
        ...
        werkscan._licensing.records.LicenceNotFoundError: licence 'L1' not found (no valid licence on 2027-01-01)
    """
    from werkscan._licensing.service import LicenceService

    service = licence if isinstance(licence, LicenceService) else LicenceService(licence)
    day = dutch_day(service.clock(), field="now") if on is None else on
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        raise InvalidValueError("on", on, "expected a date")
    return service.find(licence_id, day)


def _check_licence(licence: LicenceService | Storage | None, licence_id: str | None, on: dt.date | None) -> None:
    """The optional licence gate of the report functions (WS-LIC-1)."""
    if licence is None:
        if licence_id is not None:
            raise InvalidValueError("licence", None, "licence_id given without a licence service or storage")
        return
    if licence_id is None:
        raise InvalidValueError("licence_id", None, "a licence is checked: give the licence id")
    require_reporting_licence(licence, licence_id, on)
