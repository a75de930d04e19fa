"""The Dutch day of an instant (K-TZ-1) and working days (K-DAY-1)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Container
from functools import cache, lru_cache
from typing import TYPE_CHECKING

import attrs

from blikopwerk._errors import InvalidValueError

if TYPE_CHECKING:
    from blikopwerk._rules import RuleSet

__all__ = ["WorkingDayCalendar", "dutch_day", "dutch_holidays", "dutch_zone", "require_aware"]


def require_aware(value: object, field: str = "now") -> dt.datetime:
    """``value`` if it is a timezone-aware datetime; else :class:`InvalidValueError`.

    Every moment stored or compared by the library is timezone-aware; a naive datetime
    is refused, never guessed to be local or UTC.

    Example:
        >>> require_aware(dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)).hour
        9
        >>> require_aware(dt.datetime(2026, 1, 5, 9), "offered_at")
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: offered_at: expected a timezone-aware datetime (got datetime.datetime(2026, 1, 5, 9, 0))
    """
    if not isinstance(value, dt.datetime) or _offset(value) is None:
        raise InvalidValueError(field, value, "expected a timezone-aware datetime")
    return value


def _offset(value: dt.datetime) -> dt.timedelta | None:
    """``value.utcoffset()``; a tzinfo that answers nothing usable counts as naive."""
    if value.tzinfo is None:
        return None
    try:
        return value.utcoffset()
    except (ValueError, TypeError, OverflowError, ArithmeticError):
        return None


@lru_cache(maxsize=8)
def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError, OSError):
        raise InvalidValueError("timezone", name, "not a known IANA time zone") from None


def dutch_zone(rules: RuleSet | None = None) -> zoneinfo.ZoneInfo:
    """The time zone of the Dutch day (K-TZ-1): the ``timezone`` parameter of ``rules``.

    The name is held once, by the K-TZ-1 rule of :data:`~blikopwerk.KERNEL_RULES`; pass a
    rule set of your own (``KERNEL_RULES.replace(parameters=...)``) to use another zone.

    Example:
        >>> dutch_zone()
        zoneinfo.ZoneInfo(key='Europe/Amsterdam')
    """
    if rules is None:
        from blikopwerk._kernel_rules import KERNEL_RULES

        rules = KERNEL_RULES
    return _zone(str(rules.parameter("timezone")))


def dutch_day(instant: dt.datetime, *, rules: RuleSet | None = None, field: str = "instant") -> dt.date:
    """The calendar day of ``instant`` in the Netherlands (K-TZ-1).

    Every date decision of the library goes through this function: the same instant
    gives the same day whatever offset the caller's datetime carries. A naive datetime
    (or anything that is not a datetime) is refused, never guessed.

    Args:
        instant: a timezone-aware datetime.
        rules: the rule set whose ``timezone`` parameter holds the zone (default
            :data:`~blikopwerk.KERNEL_RULES`, ``Europe/Amsterdam``).
        field: the name used in the error.

    Returns:
        The date of ``instant`` in Europe/Amsterdam.

    Raises:
        InvalidValueError: ``instant`` is naive, not a datetime, or outside the range
            of dates once moved to the Dutch time zone.

    Example:
        >>> dutch_day(dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC))
        datetime.date(2027, 1, 1)
        >>> dutch_day(dt.datetime(2026, 12, 31, 23, 30))
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: instant: expected a timezone-aware datetime (got datetime.datetime(2026, 12, 31, 23, 30))
    """
    aware = require_aware(instant, field)
    zone = dutch_zone(rules)
    try:
        return aware.astimezone(zone).date()
    except (OverflowError, ValueError):
        raise InvalidValueError(field, instant, "outside the range of dates") from None


@cache
def dutch_holidays() -> Container[dt.date]:
    """The Dutch public holidays as the ``holidays`` package defines them (K-DAY-1)."""
    import holidays

    return holidays.country_holidays("NL")


@attrs.frozen
class WorkingDayCalendar:
    """Monday to Friday except public holidays (K-DAY-1).

    The default holidays are the Netherlands' as the ``holidays`` package defines them.
    Pass ``holidays=`` any container of dates for another calendar (e.g. one that adds
    Bevrijdingsdag, 5 May, every year).

    Counting starts on the working day after the event: day 1 is the first working day
    after ``start``.

    Example:
        >>> cal = WorkingDayCalendar()
        >>> cal.add(dt.date(2026, 12, 22), 5)   # 25 and 26 December are holidays
        datetime.date(2026, 12, 30)
        >>> cal.add(dt.date(2026, 12, 22), 3)
        datetime.date(2026, 12, 28)
        >>> cal.between(dt.date(2026, 12, 22), dt.date(2026, 12, 30))
        5
        >>> cal.is_working_day(dt.date(2026, 12, 25))
        False
    """

    holidays: Container[dt.date] = attrs.field(factory=dutch_holidays, eq=False, repr=False)

    def is_working_day(self, day: dt.date) -> bool:
        """True on Monday to Friday unless ``day`` is a holiday."""
        day = _as_date(day, "day")
        return day.weekday() < 5 and day not in self.holidays

    def add(self, start: dt.date, days: int) -> dt.date:
        """The ``days``-th working day after ``start`` (``days`` >= 0; 0 returns ``start``)."""
        start = _as_date(start, "start")
        if isinstance(days, bool) or not isinstance(days, int) or days < 0:
            raise InvalidValueError("days", days, "must be a whole number >= 0")
        day, left = start, days
        while left:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                left -= 1
        return day

    def between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 if ``end <= start``)."""
        start, end = _as_date(start, "start"), _as_date(end, "end")
        count, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count


def _as_date(value: object, field: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise InvalidValueError(field, value, "expected a date")
