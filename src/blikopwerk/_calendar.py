"""The Dutch day of an instant (K-TZ-1) and working days (K-DAY-1)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Container, Iterable, Mapping
from functools import cache, lru_cache
from types import MappingProxyType

import attrs

from blikopwerk._errors import InvalidValueError
from blikopwerk._rules import RuleSet

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "DutchHolidays",
    "WorkingDayCalendar",
    "dutch_day",
    "dutch_holidays",
    "dutch_zone",
    "require_aware",
]


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

    The name is held once, by the K-TZ-1 rule of ``KERNEL_RULES``; pass a
    rule set of your own (``KERNEL_RULES.replace(parameters=...)``) to use another zone.

    Example:
        >>> dutch_zone()
        zoneinfo.ZoneInfo(key='Europe/Amsterdam')
    """
    if rules is None:
        from blikopwerk._kernel_rules import KERNEL_RULES

        rules = KERNEL_RULES
    return _zone(rules.parameter("timezone", str))


def dutch_day(instant: dt.datetime, *, rules: RuleSet | None = None, field: str = "instant") -> dt.date:
    """The calendar day of ``instant`` in the Netherlands (K-TZ-1).

    Every date decision of the library goes through this function: the same instant
    gives the same day whatever offset the caller's datetime carries. A naive datetime
    (or anything that is not a datetime) is refused, never guessed.

    Args:
        instant: a timezone-aware datetime.
        rules: the rule set whose ``timezone`` parameter holds the zone (default
            ``KERNEL_RULES``, ``Europe/Amsterdam``).
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


#: The first year the built-in holiday calendar covers: since 1982 article 3, first
#: paragraph, of the Algemene termijnenwet names 5 May and "the day on which the King's
#: birthday is celebrated" (K-DAY-1).
FIRST_YEAR = 1982
#: The last year the calendar covers (the last year of :class:`datetime.date`).
LAST_YEAR = 9999


def _n(message: str) -> str:
    """Mark a Dutch name for translation (gettext keyword ``_n``); returns it unchanged."""
    return message


NIEUWJAARSDAG = _n("Nieuwjaarsdag")
GOEDE_VRIJDAG = _n("Goede Vrijdag")
TWEEDE_PAASDAG = _n("Tweede paasdag")
KONINGINNEDAG = _n("Koninginnedag")
KONINGSDAG = _n("Koningsdag")
BEVRIJDINGSDAG = _n("Bevrijdingsdag")
HEMELVAARTSDAG = _n("Hemelvaartsdag")
TWEEDE_PINKSTERDAG = _n("Tweede pinksterdag")
EERSTE_KERSTDAG = _n("Eerste kerstdag")
TWEEDE_KERSTDAG = _n("Tweede kerstdag")
GELIJKGESTELDE_DAG = _n("Gelijkgestelde dag")


def _check_year(year: int, field: str, value: object) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidValueError(
            field, value, f"the Dutch holiday calendar covers the years {FIRST_YEAR} to {LAST_YEAR}"
        )


@cache
def _statutory(year: int, good_friday: bool) -> Mapping[dt.date, str]:
    """The named days of art. 3 Atw in ``year``, sorted (two names on one day are joined)."""
    from dateutil.easter import EASTER_WESTERN, easter

    sunday: dt.date = easter(year, EASTER_WESTERN)
    days: list[tuple[dt.date, str]] = [
        (dt.date(year, 1, 1), NIEUWJAARSDAG),
        (sunday + dt.timedelta(days=1), TWEEDE_PAASDAG),
        (sunday + dt.timedelta(days=39), HEMELVAARTSDAG),
        (sunday + dt.timedelta(days=50), TWEEDE_PINKSTERDAG),
        (dt.date(year, 5, 5), BEVRIJDINGSDAG),
        (dt.date(year, 12, 25), EERSTE_KERSTDAG),
        (dt.date(year, 12, 26), TWEEDE_KERSTDAG),
    ]
    if year >= 2014:
        kings_day = dt.date(year, 4, 27)
        days.append((kings_day - dt.timedelta(days=1) if kings_day.weekday() == 6 else kings_day,
                     KONINGSDAG))
    else:
        queens_day = dt.date(year, 4, 30)
        days.append((queens_day - dt.timedelta(days=1) if queens_day.weekday() == 6 else queens_day,
                     KONINGINNEDAG))
    if good_friday:
        days.append((sunday - dt.timedelta(days=2), GOEDE_VRIJDAG))
    named: dict[dt.date, list[str]] = {}
    for day, name in days:
        named.setdefault(day, []).append(name)
    return MappingProxyType({day: ", ".join(names) for day, names in sorted(named.items())})


def _as_dates(value: Iterable[dt.date]) -> frozenset[dt.date]:
    try:
        days = frozenset(value)
    except TypeError:  # not iterable, or holding something unhashable
        raise InvalidValueError("extra", value, "expected a collection of dates") from None
    for day in days:
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            raise InvalidValueError("extra", day, "expected dates")
    return days


@attrs.frozen
class DutchHolidays:
    """The *algemeen erkende feestdagen* of the Algemene termijnenwet (K-DAY-1).

    A container of dates (``day in DutchHolidays()``) built from the named days of the
    statute, the same whatever version of any package is installed:

    * Nieuwjaarsdag (1 January), tweede paasdag, Hemelvaartsdag, tweede pinksterdag,
      eerste en tweede kerstdag (25 and 26 December), and 5 May (Bevrijdingsdag), every
      year: Algemene termijnenwet (Wet van 25 juli 1964, Stb. 1964, 314; in force since
      1 April 1965), article 3, first paragraph, as worded since the amendment proposed
      on 18 June 1981, which added "de vijfde mei" and changed "de verjaardag des Konings"
      to "de dag waarop de verjaardag van de Koning wordt gevierd"
      (https://wetten.overheid.nl/BWBR0002448;
      https://repository.overheid.nl/frbr/sgd/19811982/0000151909/1/pdf/SGD_19811982_0002862.pdf).
    * The day on which the King's birthday is celebrated:

      - from 2014, Koningsdag, 27 April, or Saturday 26 April when the 27th is a Sunday:
        Besluit van 30 januari 2013, nr. 13.000173, houdende vaststelling en aanduiding
        van de zevenentwintigste april als Koningsdag (Stcrt. 2013, 4075), "behoudens
        uitzonderingen in verband met zondagen";
      - up to 2013, Koninginnedag, 30 April, or Saturday 29 April when the 30th is a
        Sunday: koninklijk besluit van 24 april 1980, nr. 11 (withdrawn by the Besluit of
        2013 from 1 January 2014).

    * Easter Sunday comes from :func:`dateutil.easter.easter` (Western calendar);
      tweede paasdag is the Monday after it, Hemelvaartsdag 39 days and tweede
      pinksterdag 50 days after it.

    Not included, by the project's decision (RULES.md K-DAY-1):

    * Goede Vrijdag. Article 3, second paragraph, equates Good Friday with these days
      "voor de toepassing van deze wet"; pass ``good_friday=True`` to count it.
    * Days equated by royal decree under the third paragraph (bridge days such as the
      Friday after Hemelvaartsdag, decided every few years); pass them as ``extra``.

    The calendar covers ``FIRST_YEAR`` (1982, the first year of the current
    wording) to ``LAST_YEAR`` (9999); a date outside raises
    :class:`~blikopwerk.InvalidValueError`.

    Day names are Dutch, marked for translation with the gettext keyword ``_n``.

    Example:
        >>> nl = DutchHolidays()
        >>> dt.date(2026, 4, 27) in nl, dt.date(2026, 4, 3) in nl    # Koningsdag; Good Friday
        (True, False)
        >>> nl.of_year(2025)[dt.date(2025, 4, 26)]                     # the 27th is a Sunday
        'Koningsdag'
        >>> nl.name(dt.date(2006, 4, 29))
        'Koninginnedag'
        >>> dt.date(2026, 4, 3) in DutchHolidays(good_friday=True)
        True
    """

    good_friday: bool = attrs.field(default=False, kw_only=True)
    extra: frozenset[dt.date] = attrs.field(default=frozenset(), converter=_as_dates, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.good_friday, bool):
            raise InvalidValueError("good_friday", self.good_friday, "expected True or False")

    def of_year(self, year: int) -> dict[dt.date, str]:
        """Every holiday of ``year`` with its Dutch name, in date order.

        Raises:
            InvalidValueError: ``year`` is not a whole number from 1982 to 9999.
        """
        if isinstance(year, bool) or not isinstance(year, int):
            raise InvalidValueError("year", year, "expected a whole number")
        _check_year(year, "year", year)
        days = dict(_statutory(year, self.good_friday))
        for day in self.extra:
            if day.year == year:
                days.setdefault(day, GELIJKGESTELDE_DAG)
        return dict(sorted(days.items()))

    def name(self, day: dt.date) -> str | None:
        """The Dutch name of ``day`` if it is a holiday, else ``None``."""
        day = _as_date(day, "day")
        _check_year(day.year, "day", day)
        return _statutory(day.year, self.good_friday).get(
            day, GELIJKGESTELDE_DAG if day in self.extra else None
        )

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, dt.date):
            return False
        return self.name(day) is not None


@cache
def dutch_holidays() -> DutchHolidays:
    """The default holiday calendar of K-DAY-1: :class:`DutchHolidays` as the statute names them.

    Example:
        >>> dt.date(2026, 12, 25) in dutch_holidays()
        True
    """
    return DutchHolidays()


def _weekdays(first: dt.date, last: dt.date) -> int:
    """Mondays to Fridays from ``first`` to ``last``, both included (0 if ``last < first``)."""
    if last < first:
        return 0
    weeks, rest = divmod((last - first).days + 1, 7)
    start = first.weekday()
    return weeks * 5 + sum(1 for i in range(rest) if (start + i) % 7 < 5)


@attrs.frozen
class WorkingDayCalendar:
    """Monday to Friday except the holidays of the Algemene termijnenwet (K-DAY-1).

    The default holidays are :class:`DutchHolidays` (the named days of article 3 of the
    statute, built in code). Pass ``holidays=`` another calendar: a
    :class:`DutchHolidays` with ``good_friday=True`` or ``extra`` days, or any container
    of dates (a set, or an object with ``__contains__``).

    Counting starts on the working day after the event: day 1 is the first working day
    after ``start``. ``start`` may be a date or a timezone-aware datetime, whose Dutch
    day (:func:`dutch_day`, K-TZ-1) is the event's day; a naive datetime is refused.

    Counting is bounded: :meth:`add` and :meth:`between` skip whole years, so a huge day
    count answers at once, and a result beyond 31 December ``LAST_YEAR`` raises
    :class:`~blikopwerk.InvalidValueError` (as do dates before ``FIRST_YEAR`` on the
    default calendar).

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
        >>> cal.add(dt.datetime(2026, 12, 21, 23, 30, tzinfo=dt.UTC), 1)  # 00:30 on the 22nd in NL
        datetime.date(2026, 12, 23)
        >>> cal.add(dt.date(2026, 1, 1), 10**9)
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: days: the result lies beyond 9999-12-31, the last day the calendar covers (got 1000000000)
    """

    holidays: Container[dt.date] = attrs.field(factory=dutch_holidays, eq=False, repr=False)
    _years: dict[int, int] = attrs.field(factory=dict, init=False, eq=False, repr=False)

    def is_working_day(self, day: dt.date) -> bool:
        """True on Monday to Friday unless ``day`` is a holiday.

        ``day`` is a date or a timezone-aware datetime (its Dutch day, K-TZ-1).
        """
        day = _as_date(day, "day")
        return day.weekday() < 5 and day not in self.holidays

    def add(self, start: dt.date, days: int) -> dt.date:
        """The ``days``-th working day after ``start`` (``days`` >= 0; 0 returns ``start``).

        Raises:
            InvalidValueError: ``days`` is not a whole number >= 0, ``start`` is not a
                date or an aware datetime, or the result lies beyond ``LAST_YEAR``.
        """
        day = _as_date(start, "start")
        if isinstance(days, bool) or not isinstance(days, int) or days < 0:
            raise InvalidValueError("days", days, "must be a whole number >= 0")
        if days > _weekdays(day, dt.date.max):  # more than there are weekdays left: answer at once
            raise self._beyond(days)
        left = days
        # the rest of the start's year, day by day
        while left and day.month * 100 + day.day < 1231:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                left -= 1
        # whole years
        while left and day.year < LAST_YEAR and left > self._working_days_in(day.year + 1):
            left -= self._working_days_in(day.year + 1)
            day = dt.date(day.year + 1, 12, 31)
        # the last year, day by day
        while left:
            if day == dt.date.max:
                raise self._beyond(days)
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                left -= 1
        return day

    def between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 if ``end <= start``)."""
        start, end = _as_date(start, "start"), _as_date(end, "end")
        if end <= start:
            return 0
        count, day = 0, start
        while day < end and (day.month, day.day) != (12, 31):
            day += dt.timedelta(days=1)
            count += self.is_working_day(day)
        while day.year + 1 < end.year:
            count += self._working_days_in(day.year + 1)
            day = dt.date(day.year + 1, 12, 31)
        while day < end:
            day += dt.timedelta(days=1)
            count += self.is_working_day(day)
        return count

    def _working_days_in(self, year: int) -> int:
        """Working days in the whole of ``year`` (cached per calendar)."""
        cached = self._years.get(year)
        if cached is None:
            first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
            if isinstance(self.holidays, DutchHolidays):
                off = sum(1 for d in self.holidays.of_year(year) if d.weekday() < 5)
            else:
                off = sum(1 for i in range((last - first).days + 1)
                          if (d := first + dt.timedelta(days=i)).weekday() < 5 and d in self.holidays)
            cached = self._years[year] = _weekdays(first, last) - off
        return cached

    @staticmethod
    def _beyond(days: int) -> InvalidValueError:
        return InvalidValueError(
            "days", days, f"the result lies beyond {dt.date.max.isoformat()}, the last day the calendar covers"
        )


def _as_date(value: object, field: str) -> dt.date:
    """A date as is; an aware datetime's Dutch day (K-TZ-1); anything else is refused."""
    if isinstance(value, dt.datetime):
        if _offset(value) is None:
            raise InvalidValueError(field, value, "expected a date or a timezone-aware datetime")
        return dutch_day(value, field=field)
    if isinstance(value, dt.date):
        return value
    raise InvalidValueError(field, value, "expected a date")
