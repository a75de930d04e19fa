"""The measurement-period calendar (KM-CAL-*).

All dates are calendar days (the seeds speak of weeks and months, not working days).
Two small decisions make month arithmetic exact:

* a period of 12 months starting on a date ends the day before the same date a year later;
  a period starting on 29 February ends on 28 February (the "same date" is 1 March);
* "three months after" a date is the same day three months later, or that month's last day
  when the month is shorter (30 November -> 28 or 29 February).
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

import attrs

from blikopwerk import RuleSet
from blikopwerk._i18n import N_
from keurmerk._errors import DatedValueError
from keurmerk._tables import KEURMERK_RULES
from keurmerk._values import as_bool, as_date, as_int, invalid, ruleset

__all__ = [
    "MeasurementPeriod",
    "add_months",
    "aspirant_end",
    "measurement_period",
    "withdrawal_deadline",
]

#: The reason when a date plus months leaves the calendar (years 1-9999), said with the date in words.
_OUTSIDE = N_("{day} plus {months} months is outside the calendar")

ONE_DAY = dt.timedelta(days=1)


def add_months(day: dt.date, months: int, *, roll_forward: bool = False) -> dt.date:
    """The same day ``months`` later; a day missing in the target month is that month's
    last day, or with ``roll_forward`` the first of the next month.

    Raises:
        InvalidValueError: ``day`` is not a date, ``months`` not a whole number, or the
            result falls outside the calendar (years 1-9999).

    Example:
        >>> add_months(dt.date(2025, 11, 30), 3), add_months(dt.date(2023, 11, 30), 3)
        (datetime.date(2026, 2, 28), datetime.date(2024, 2, 29))
        >>> add_months(dt.date(2024, 2, 29), 12), add_months(dt.date(2024, 2, 29), 12, roll_forward=True)
        (datetime.date(2025, 2, 28), datetime.date(2025, 3, 1))
    """
    if not isinstance(day, dt.date):
        raise invalid("day", day, "expected a date")
    as_int(months, "months")
    as_bool(roll_forward, "roll_forward")
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise DatedValueError("months", months, _OUTSIDE, {"day": day, "months": months})
    last = calendar.monthrange(year, month)[1]
    if day.day <= last:
        return dt.date(year, month, day.day)
    if roll_forward:
        if (year, month) == (dt.MAXYEAR, 12):
            raise DatedValueError("months", months, _OUTSIDE, {"day": day, "months": months})
        return dt.date(year, month, last) + ONE_DAY
    return dt.date(year, month, last)


@attrs.frozen
class MeasurementPeriod:
    """A Keurmerk measurement period and its deadlines (KM-CAL-1 to KM-CAL-3).

    Attributes:
        start: first day, chosen by the provider (KM-CAL-1).
        end: last day (inclusive).
        data_request_from: first day of the window in which result data is requested
            (the last two weeks of the period, KM-CAL-2).
        data_request_to: last day of that window (the period's end).
        audit_deadline: the results audit takes place at the latest on this day (KM-CAL-3).

    Example:
        >>> p = measurement_period(dt.date(2020, 1, 1))
        >>> p.end, p.data_request_from, p.audit_deadline
        (datetime.date(2020, 12, 31), datetime.date(2020, 12, 18), datetime.date(2021, 3, 31))
        >>> p.next().start
        datetime.date(2021, 1, 1)
    """

    start: dt.date
    end: dt.date
    data_request_from: dt.date
    data_request_to: dt.date
    audit_deadline: dt.date
    rules: RuleSet = attrs.field(default=KEURMERK_RULES, eq=False, repr=False)

    @property
    def days(self) -> int:
        """Length in days, both ends included."""
        return (self.end - self.start).days + 1

    def contains(self, day: dt.date) -> bool:
        """Whether ``day`` lies in the period."""
        d = as_date(day, "day")
        return self.start <= d <= self.end

    def in_data_request_window(self, day: dt.date) -> bool:
        """Whether ``day`` lies in the result-data window (KM-CAL-2)."""
        d = as_date(day, "day")
        return self.data_request_from <= d <= self.data_request_to

    def next(self) -> MeasurementPeriod:
        """The following period, starting the day after this one ends."""
        return measurement_period(self.end + ONE_DAY, rules=self.rules)

    def as_dict(self) -> dict[str, str]:
        """ISO dates by name, for JSON."""
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "data_request_from": self.data_request_from.isoformat(),
            "data_request_to": self.data_request_to.isoformat(),
            "audit_deadline": self.audit_deadline.isoformat(),
        }


def measurement_period(start: Any, *, rules: RuleSet = KEURMERK_RULES) -> MeasurementPeriod:
    """The measurement period that starts on ``start`` (KM-CAL-1 to KM-CAL-3).

    Args:
        start: the first day (a ``date`` or an ISO string), chosen by the provider.
        rules: the rule set whose ``period_months``, ``data_request_days`` and
            ``audit_deadline_months`` parameters are used.

    Returns:
        A :class:`MeasurementPeriod` with its end, data window and audit deadline.

    Example:
        >>> p = measurement_period("2024-02-29")   # leap day: ends 28 February
        >>> p.end, p.days
        (datetime.date(2025, 2, 28), 366)
        >>> measurement_period("2022-12-01").audit_deadline   # end 30 Nov + 3 months
        datetime.date(2024, 2, 29)
    """
    first = as_date(start, "start")
    rules = ruleset(rules)
    months = as_int(rules.parameter("period_months"), "period_months", minimum=1, maximum=1200)
    window = as_int(rules.parameter("data_request_days"), "data_request_days", minimum=1, maximum=36_600)
    audit_months = as_int(rules.parameter("audit_deadline_months"), "audit_deadline_months", minimum=0,
                          maximum=1200)
    try:
        end = add_months(first, months, roll_forward=True) - ONE_DAY
        audit_deadline = add_months(end, audit_months)
    except (OverflowError, ValueError):  # InvalidValueError from add_months is a ValueError too
        raise invalid("start", first, "too close to the end of the calendar") from None
    window_start = max(first, end - dt.timedelta(days=window - 1))
    return MeasurementPeriod(first, end, window_start, end, audit_deadline, rules)


def withdrawal_deadline(registered: Any, *, rules: RuleSet = KEURMERK_RULES) -> dt.date:
    """The last day on which a provider may withdraw after registering (KM-CAL-4).

    "Binnen twee weken" is read as 14 calendar days after the registration date, inclusive
    (decision; the ``withdrawal_days`` parameter).

    Example:
        >>> withdrawal_deadline(dt.date(2024, 2, 20))
        datetime.date(2024, 3, 5)
    """
    day = as_date(registered, "registered")
    days = as_int(ruleset(rules).parameter("withdrawal_days"), "withdrawal_days", minimum=0, maximum=36_600)
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        raise invalid("registered", day, "too close to the end of the calendar") from None


def aspirant_end(granted: Any, first_assessed: Any = None, *,
                 rules: RuleSet = KEURMERK_RULES) -> dt.date:
    """The last day of aspirant status (KM-CAL-5).

    At most one year (the day before the same date a year later, as for a measurement
    period); earlier when the first measurement period is assessed before that.

    Args:
        granted: the day aspirant status starts.
        first_assessed: the day the first period was assessed, if known; the status ends
            the day before it (it cannot be before ``granted``).
        rules: the rule set whose ``aspirant_max_months`` parameter is used.

    Example:
        >>> aspirant_end(dt.date(2024, 3, 1))
        datetime.date(2025, 2, 28)
        >>> aspirant_end(dt.date(2024, 3, 1), dt.date(2024, 11, 15))
        datetime.date(2024, 11, 14)
    """
    start = as_date(granted, "granted")
    months = as_int(ruleset(rules).parameter("aspirant_max_months"), "aspirant_max_months", minimum=1,
                    maximum=1200)
    try:
        latest = add_months(start, months, roll_forward=True) - ONE_DAY
    except ValueError:
        raise invalid("granted", start, "too close to the end of the calendar") from None
    if first_assessed is None:
        return latest
    assessed = as_date(first_assessed, "first_assessed")
    if assessed <= start:
        raise DatedValueError("first_assessed", assessed, N_("must be after granted ({granted})"),
                              {"granted": start})
    return min(latest, assessed - ONE_DAY)
