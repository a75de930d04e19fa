"""Fuzzing the kernel's public entry points: any input gives a result or the library's error.

See ``tests/fuzz/_harness.py`` for the contract, the budget and the counts.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import blikopwerk
from blikopwerk import (
    KERNEL_RULES,
    PC4,
    GeoPoint,
    Money,
    OfflineGeocoder,
    Postcode,
    RuleHistory,
    RuleSet,
    RuleTable,
    Source,
    WorkingDayCalendar,
    as_decimal,
    as_length_m,
    distance,
    parse_area,
    require_aware,
    within,
)
from blikopwerk.plugins import get_geocoder, get_notifier, open_storage, scheme_of
from fuzz._harness import (
    FUZZ,
    FUZZ_SLOW,
    assert_library_error,
    odd_dates,
    odd_numbers,
    odd_options,
    odd_text,
    odd_values,
)


def _needs(name: str) -> Any:
    """A kernel name that older trees lack (the counts can be taken on them too)."""
    value = getattr(blikopwerk, name, None)
    if value is None:
        pytest.skip(f"blikopwerk.{name} does not exist in this tree")
    return value


# ------------------------------------------------------------------ money (K-MON-1)

@FUZZ
@given(odd_values())
def test_money(value: object) -> None:
    m = assert_library_error("Money", Money, value)
    if m is not None:
        assert_library_error("Money.rounded", m.rounded)
        assert_library_error("Money.format", m.format)
        assert_library_error("Money.with_vat", m.with_vat)


@FUZZ
@given(st.sampled_from(["1605", "0.01", "-3", "1e17"]), odd_values())
def test_money_arithmetic_and_format(amount: str, other: object) -> None:
    m = Money(amount)
    assert_library_error("Money.with_vat", m.with_vat, other)
    assert_library_error("Money.format", m.format, other)
    if isinstance(other, Decimal | int) and not isinstance(other, bool):
        assert_library_error("Money.__mul__", m.__mul__, other)


@FUZZ
@given(odd_values(), odd_text(10))
def test_as_decimal(value: object, field: str) -> None:
    assert_library_error("as_decimal", as_decimal, value, field)


# ------------------------------------------------------------------ postcodes (K-PC-1)

@FUZZ
@given(odd_values() | st.from_regex(r"\A\s*[0-9]{4}\s*[A-Za-z]{2}\s*\Z"))
def test_postcodes(value: object) -> None:
    assert_library_error("Postcode.parse", Postcode.parse, value)
    assert_library_error("PC4.parse", PC4.parse, value)
    assert_library_error("parse_area", parse_area, value)


@FUZZ_SLOW
@given(odd_values() | st.integers(1000, 9999).map(str))
def test_offline_geocoder(value: object) -> None:
    geocoder = OfflineGeocoder()
    assert_library_error("OfflineGeocoder.lookup", geocoder.lookup, value)
    assert_library_error("OfflineGeocoder.place", geocoder.place, value)


# ------------------------------------------------------------------ days (K-TZ-1, K-DAY-1)

CAL = WorkingDayCalendar()


@FUZZ
@given(odd_dates() | odd_values(), odd_numbers() | odd_values())
def test_working_day_calendar(start: object, days: object) -> None:
    assert_library_error("WorkingDayCalendar.add", CAL.add, start, days)
    assert_library_error("WorkingDayCalendar.between", CAL.between, start, days)
    assert_library_error("WorkingDayCalendar.is_working_day", CAL.is_working_day, start)


@FUZZ
@given(st.dates(dt.date(1982, 1, 1), dt.date(9999, 12, 31)) | odd_dates(),
       st.integers(0, 10**6) | st.integers(10**6, 10**30))
def test_working_day_calendar_counts(start: object, days: int) -> None:
    assert_library_error("WorkingDayCalendar.add", CAL.add, start, days)


@FUZZ
@given(odd_values() | st.booleans(), odd_values() | st.integers(1970, 10_000) | st.dates())
def test_dutch_holidays(good_friday: object, year: object) -> None:
    holidays_class = _needs("DutchHolidays")
    calendar = assert_library_error("DutchHolidays", holidays_class, good_friday=good_friday)
    calendar = calendar or holidays_class()
    assert_library_error("DutchHolidays.of_year", calendar.of_year, year)
    assert_library_error("DutchHolidays.__contains__", calendar.__contains__, year)
    assert_library_error("DutchHolidays(extra=)", holidays_class, extra=[year])


@FUZZ
@given(odd_dates() | odd_values())
def test_dutch_day(instant: object) -> None:
    dutch_day = _needs("dutch_day")
    assert_library_error("dutch_day", dutch_day, instant)
    assert_library_error("require_aware", require_aware, instant)


ZONES = st.sampled_from(["Europe/Amsterdam", "UTC", "Asia/Tokyo", "Etc/GMT+12", "Pacific/Kiritimati",
                         "europe/amsterdam", "../../etc/passwd", "/etc/localtime", "Europe/", "Europe//Amsterdam"])


@FUZZ
@given(ZONES | odd_text(), st.datetimes(timezones=st.just(dt.UTC)) | odd_dates())
def test_dutch_day_with_odd_zone(zone: str, instant: Any) -> None:
    dutch_day = _needs("dutch_day")
    rules = assert_library_error("RuleSet.replace", KERNEL_RULES.replace,
                                 parameters={"timezone": (zone, Source.decision("fuzz"))})
    if rules is not None:
        assert_library_error("dutch_day(rules=)", dutch_day, instant, rules=rules)


# ------------------------------------------------------------------ geography (K-GEO-1)

@FUZZ
@given(odd_numbers() | odd_values(), odd_numbers() | odd_values())
def test_geopoint(lat: object, lon: object) -> None:
    assert_library_error("GeoPoint.from_wgs84", GeoPoint.from_wgs84, lat, lon)


UTRECHT = GeoPoint.from_wgs84(52.0886, 5.1174)
AMSTERDAM = GeoPoint.from_wgs84(52.3735, 4.8951)
LIMITS = ["50 km", "0 m", "-5 km", "NaN km", "inf km", "1e999 km", "50 kg", "50", "km", "50 km km",
          "1/0 km", "0/0 km", "50 * km", "(" * 200 + "1 km" + ")" * 200, "50 parsec", "50 km ** 2",
          "__import__('os')", "50 km; 1", "5e-324 m", "10**10000 km", "1" * 5000 + " m"]


@FUZZ
@given(st.sampled_from(LIMITS) | odd_values())
def test_distance_limits(limit: object) -> None:
    assert_library_error("as_length_m", as_length_m, limit)
    assert_library_error("within", within, UTRECHT, AMSTERDAM, limit)


@FUZZ
@given(odd_values(), odd_values())
def test_distance_of_non_points(a: object, b: object) -> None:
    assert_library_error("distance", distance, a, b)
    assert_library_error("within", within, a, b, "50 km")


# ------------------------------------------------------------------ rules with provenance

SRC = Source.decision("fuzz")


@FUZZ
@given(st.dictionaries(odd_text(12) | st.sampled_from(list(KERNEL_RULES.parameters)),
                       st.tuples(odd_values(), st.just(SRC)) | odd_values(), max_size=3))
def test_ruleset_replace(parameters: dict[Any, Any]) -> None:
    assert_library_error("RuleSet.replace", KERNEL_RULES.replace, parameters=parameters)


@FUZZ
@given(odd_values(), st.sampled_from([int, str, Decimal, bool, object, dt.time]) | odd_values())
def test_ruleset_lookups(name: object, type_: Any) -> None:
    assert_library_error("RuleSet.__getitem__", KERNEL_RULES.__getitem__, name)
    assert_library_error("RuleSet.parameter", KERNEL_RULES.parameter, name)
    assert_library_error("RuleSet.parameter", KERNEL_RULES.parameter, "vat_rate", type_)
    assert_library_error("RuleSet.rule", KERNEL_RULES.rule, name)


TABLE = RuleTable.build("fees", "Fees", dt.date(2020, 1, 1), [(0, "A", SRC), (75_000, "B", SRC)])
HISTORY = RuleHistory((RuleSet("x", "1", dt.date(2015, 1, 1)), RuleSet("x", "2", dt.date(2023, 4, 1))))


@FUZZ
@given(odd_values() | odd_dates())
def test_rule_tables_and_history(value: object) -> None:
    assert_library_error("RuleTable.band", TABLE.band, value)
    assert_library_error("RuleTable.__getitem__", TABLE.__getitem__, value)
    assert_library_error("RuleTable.entry", TABLE.entry, value)
    assert_library_error("RuleHistory.in_force", HISTORY.in_force, value)
    assert_library_error("Source.seed", Source.seed, value)


@FUZZ
@given(st.lists(st.tuples(odd_values(), odd_values(), st.just(SRC)), max_size=4), odd_values())
def test_rule_table_build(rows: list[tuple[Any, Any, Source]], sorted_keys: object) -> None:
    assert_library_error("RuleTable.build", RuleTable.build, "t", "T", dt.date(2020, 1, 1), rows)
    assert_library_error("RuleTable.build(sorted_keys=)", RuleTable.build, "t", "T", dt.date(2020, 1, 1),
                         rows, sorted_keys=sorted_keys)


# ------------------------------------------------------------------ settings and backends

@FUZZ_SLOW
@given(st.dictionaries(st.sampled_from(["storage_url", "geocoder", "notifier", "outbox_folder", "other"]),
                       odd_values() | st.sampled_from(["memory://", "log", "offline", "outbox"]), max_size=3))
def test_settings_arguments(values: dict[str, object]) -> None:
    assert_library_error("Settings", blikopwerk.Settings, **values)


ENV_VALUE = odd_text().filter(lambda v: "\x00" not in v)  # the environment cannot hold a NUL


@FUZZ_SLOW
@given(st.sampled_from(["STORAGE_URL", "GEOCODER", "NOTIFIER", "OUTBOX_FOLDER"]), ENV_VALUE)
def test_settings_environment(variable: str, value: str) -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(f"BLIKOPWERK_{variable}", value)
        assert_library_error("Settings(env)", blikopwerk.Settings)


URLS = ["memory://", "sqlite:///", "sqlite://", "sqlite:///:memory:", "sqlite:////", "postgres://",
        "postgresql://u:pw@127.0.0.1:1/db?isolation=dirty", "postgresql://[::1", "mysql://x",
        "mongodb://x", "://", "memory", "MEMORY://", "memory+x://", "sqlite+pysqlite:///x\x00",
        "sqlite:///\udcff", "sqlite:///" + "x/" * 3000, "file:///etc/passwd", "http://u:p@h/?password=x"]
#: Schemes whose backends reach a server: their URLs go to scheme_of only, never opened.
SERVERS = ("postgres", "mysql", "mariadb")


@FUZZ_SLOW
@given(url=st.sampled_from(URLS) | odd_values() | st.builds(lambda s, t: f"{s}://{t}",
                                                              st.sampled_from(["memory", "sqlite", "x"]), odd_text()))
def test_open_storage(url: object, tmp_path_factory: pytest.TempPathFactory) -> None:
    if url is None:
        return  # None means "from the settings", fuzzed above
    assert_library_error("scheme_of", scheme_of, url)
    if isinstance(url, str):
        if url.lower().startswith(SERVERS):
            return  # never a real server from the fuzz suite
        if url.lower().startswith("sqlite"):
            base = tmp_path_factory.mktemp("s")
            scheme, _, rest = url.partition(":///")
            url = f"{scheme}:///{base}/{rest.lstrip('/')}"
            try:
                inside = base in (Path(url.split(":///", 1)[1]).resolve(), *Path(url.split(":///", 1)[1]).resolve().parents)
            except (ValueError, OSError):
                inside = True  # a NUL byte or the like: refused before any file is made
            if not inside:
                return  # never write outside the test's folder
    storage = assert_library_error("open_storage", open_storage, url)
    if storage is not None:
        storage.close()


@FUZZ
@given(odd_values() | st.sampled_from(["eml", "log", "offline", "smtp", "pdok"]), odd_options())
def test_get_notifier_and_geocoder(name: object, options: dict[str, object]) -> None:
    notifier = assert_library_error("get_notifier", get_notifier, name, **options)
    if notifier is not None:
        message = blikopwerk.Message("fuzz-1", ("a@example.nl",), "S", "B")
        if getattr(notifier, "name", None) == "eml":
            return  # delivering would write files wherever the fuzzed folder points
        assert_library_error("Notifier.deliver", notifier.deliver, message)
    assert_library_error("get_geocoder", get_geocoder, name, **options)


@FUZZ
@given(folder=odd_values(), message_id=odd_values() | odd_text())
def test_eml_notifier_folder(folder: object, message_id: object, tmp_path_factory: pytest.TempPathFactory) -> None:
    base = tmp_path_factory.mktemp("eml")
    target = base / folder if isinstance(folder, str) else folder  # relative text stays under base
    notifier = assert_library_error("get_notifier(eml)", get_notifier, "eml", folder=target)
    message = assert_library_error("Message", blikopwerk.Message, message_id, ("a@example.nl",), "S", "B")
    if notifier is None or message is None:
        return
    folder_path = Path(notifier.folder).resolve()
    if base in (folder_path, *folder_path.parents):  # never write outside the test's folder
        assert_library_error("EmlFolderNotifier.deliver", notifier.deliver, message)


# ------------------------------------------------------------------ messages and secrets

def _or(valid: object, odd: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly the valid value, so one odd field at a time reaches its check."""
    return st.one_of(st.just(valid), st.just(valid), odd)


ADDRESSES = st.sampled_from(["jan@example.nl", "jän@exämple.nl", "a@b.c", "jan\nBcc:x@y", "Jan <jan@example.nl>",
                             "jan@[127.0.0.1]", "@example.nl", "jan@", "jan@localhost", "x" * 300 + "@example.nl"])


@FUZZ
@given(_or("m-1", odd_values()), _or(("jan@example.nl",), odd_values() | st.lists(ADDRESSES | odd_text(), max_size=2)),
       _or("Onderwerp", odd_values()), _or("Tekst", odd_values()), _or("noreply@blikopwerk.invalid", odd_values() | ADDRESSES),
       _or({}, odd_values() | st.dictionaries(odd_text(10), odd_values() | odd_text(), max_size=2)))
def test_message(mid: object, to: object, subject: object, body: object, sender: object,
                 headers: object) -> None:
    message = assert_library_error("Message", blikopwerk.Message, mid, to, subject, body, sender, headers)
    if message is not None:
        assert_library_error("Message.to_email", message.to_email)


@FUZZ
@given(odd_values() | st.builds(lambda u, p, h: f"postgresql://{u}:{p}@{h}/db", odd_text(), odd_text(), odd_text()))
def test_redact_url(url: object) -> None:
    redact_url = _needs("redact_url")
    assert_library_error("redact_url", redact_url, url)


@FUZZ
@given(level=odd_values() | st.integers(-5, 60), folder=odd_values() | odd_text())
def test_embedded_notifiers(level: object, folder: object, tmp_path_factory: pytest.TempPathFactory) -> None:
    message = blikopwerk.Message("fuzz-2", ("a@example.nl",), "S", "B")
    log = assert_library_error("LogNotifier", blikopwerk.LogNotifier, level)
    if log is not None:
        assert_library_error("LogNotifier.deliver", log.deliver, message)
    base = tmp_path_factory.mktemp("eml")
    inside = base / folder if isinstance(folder, str) else folder  # relative text stays under base
    eml = assert_library_error("EmlFolderNotifier", blikopwerk.EmlFolderNotifier, inside)
    if eml is not None and base in (eml.folder.resolve(), *eml.folder.resolve().parents):
        assert_library_error("EmlFolderNotifier.deliver", eml.deliver, message)
