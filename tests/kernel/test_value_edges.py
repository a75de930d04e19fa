"""The edges of the kernel's values: every bad input is the library's error (issue 11)."""

from __future__ import annotations

import pickle
import re
import urllib.parse
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from blikopwerk import (
    PC4,
    EmlFolderNotifier,
    InvalidValueError,
    Message,
    Money,
    Postcode,
    as_decimal,
    parse_area,
)

# ------------------------------------------------------------------ Money and as_decimal (K-MON-1)

BAD_AMOUNTS = [
    Decimal("1e999999"), Decimal("-1e999999"), Decimal("1e18"), Decimal("NaN"), Decimal("-NaN"),
    Decimal("sNaN"), Decimal("Infinity"), Decimal("-Infinity"), 10**5000, -(10**5000), 2**64, 10**18,
    "1e999999", "1e9999999", "1e-9999999", "NaN", "sNaN", "Infinity", "-inf", "²", "١٢", "٣٥", "1_000",
    "1,50", "1.605,00", "€ 5", "0x10", "1e", "--1", "+-1", ".", "", " ", "1\x00", "1\n2", "\u2003 1",
    "1" * 101, "9" * 5000, 1.5, float("nan"), True, None, [1], b"1", Money,
]


@pytest.mark.parametrize("bad", BAD_AMOUNTS, ids=lambda v: type(v).__name__)
def test_bad_amounts_are_the_library_error_naming_field_and_value(bad: object) -> None:
    with pytest.raises(InvalidValueError) as info:
        as_decimal(bad, "turnover")
    assert info.value.field == "turnover" and info.value.value is bad
    assert str(info.value).startswith("turnover: ") and len(str(info.value)) < 400
    with pytest.raises(InvalidValueError, match="^amount: "):
        Money(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("odd", "amount"),
    [("1e17", Decimal("1e17")), (" 12 ", Decimal(12)), (".5", Decimal("0.5")), ("5.", Decimal(5)),
     ("+3", Decimal(3)), ("0E+999999", Decimal(0)), (Decimal("1e-999999"), Decimal("1e-999999")),
     (Decimal("0E+999999999"), Decimal(0)), (10**17, Decimal(10**17))],
)
def test_odd_but_valid_amounts_work_all_the_way(odd: object, amount: Decimal) -> None:
    m = Money(odd)  # type: ignore[arg-type]
    assert m.amount == amount
    assert m.rounded().amount == amount.quantize(Decimal("0.01"))
    assert m.format().startswith("€")
    m.with_vat()
    assert (m * 2 - m) == m


def test_a_negative_amount_that_rounds_to_zero_is_zero() -> None:
    assert Money("-0.004").rounded().format() == "€\xa00,00"
    assert Money("-0").format() == "€\xa00,00"


def test_arithmetic_that_leaves_the_range_is_the_library_error() -> None:
    with pytest.raises(InvalidValueError, match="^amount: too large"):
        Money("9e17") + Money("9e17")
    with pytest.raises(InvalidValueError, match="^factor: "):
        Money("1") * 10**5000
    with pytest.raises(InvalidValueError, match="^rate: "):
        Money("1").with_vat(Decimal("NaN"))
    with pytest.raises(InvalidValueError, match="^locale: "):
        Money("1").format("xx_NOPE")


ascii_numbers = st.from_regex(r"\A[+-]?[0-9]{1,17}(\.[0-9]{0,10})?\Z")


@given(ascii_numbers)
def test_plain_ascii_numbers_read_exactly(text: str) -> None:
    assert as_decimal(text) == Decimal(text)


@given(st.text(max_size=30))
def test_any_text_is_a_number_or_the_library_error(text: str) -> None:
    try:
        value = as_decimal(text, "x")
    except InvalidValueError as exc:
        assert exc.field == "x" and exc.value == text  # noqa: PT017 (either a number or this error)
        return
    assert value.is_finite() and abs(value) < Decimal("1e18")
    assert text.strip(" \t\r\n").isascii()


@given(st.decimals(allow_nan=True, allow_infinity=True) | st.integers() | st.floats())
def test_any_number_is_money_or_the_library_error(value: object) -> None:
    try:
        m = Money(value)  # type: ignore[arg-type]
    except InvalidValueError as exc:
        assert exc.field == "amount"  # noqa: PT017
        return
    m.rounded()
    m.format()


# ------------------------------------------------------------------ postcodes (K-PC-1)

BAD_POSTCODES = [
    "²511 AB", "3²11 AB", "٣٥١١ AB", "３５１１ AB", "3511 ＡＢ", "3511 ÅB", "3511\nAB", "3511AB\n", "\n3511AB",
    "3511AB\x00", "\x003511AB", "3511\x00AB", "", " ", "3511" + " " * 40 + "AB", "3" * 10**6, "ﬀ",
    10**5000, -3511, 999, 10000, True, 3511.0, None, b"3511 AB", ["3511"],
]


@pytest.mark.parametrize("bad", BAD_POSTCODES, ids=lambda v: type(v).__name__)
def test_bad_postcodes_are_the_library_error_naming_field_and_value(bad: object) -> None:
    for parse in (Postcode.parse, PC4.parse, parse_area):
        with pytest.raises(InvalidValueError) as info:
            parse(bad, "worker.postcode")  # type: ignore[arg-type]
        assert info.value.field == "worker.postcode" and info.value.value is bad
        assert str(info.value).startswith("worker.postcode: ") and len(str(info.value)) < 400


def test_superscripts_pass_isdigit_but_not_the_parser() -> None:
    assert "²".isdigit()  # why the parser never trusts str.isdigit()
    with pytest.raises(InvalidValueError):
        PC4.parse("²³⁴⁵")


@pytest.mark.parametrize("raw", ["3511\u00a0AB", "3511\tab", " 3511 ab ", "\u202f3511AB"])
def test_spaces_of_any_kind_between_and_around_are_normalised(raw: str) -> None:
    assert str(Postcode.parse(raw)) == "3511 AB"


@given(st.text(max_size=12))
def test_any_text_is_a_postcode_or_the_library_error(text: str) -> None:
    try:
        pc = Postcode.parse(text)
    except InvalidValueError as exc:
        assert exc.field == "postcode" and exc.value == text  # noqa: PT017
        return
    assert re.fullmatch(r"[1-9][0-9]{3} [A-Z]{2}", str(pc))


# ------------------------------------------------------------------ messages (issue 11, issue 13)

GOOD = ("jan@example.nl",)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"to": ("jan\nBcc:x@y",)}, "to"),  # the example: header injection
        ({"to": "jan\r\nBcc: x@example.nl"}, "to"),
        ({"to": ("Jan <jan@example.nl>",)}, "to"),
        ({"to": ("jan@example",)}, "to"),
        ({"to": ("jan@",)}, "to"),
        ({"to": ("",)}, "to"),
        ({"to": ("jan@localhost",)}, "to"),
        ({"to": ("a" * 250 + "@example.nl",)}, "to"),
        ({"to": (123,)}, "to"),
        ({"to": 123}, "to"),
        ({"to": b"jan@example.nl"}, "to"),
        ({"to": {"jan@example.nl": 1}}, "to"),
        ({"sender": "noreply"}, "sender"),
        ({"sender": "x\n@example.nl"}, "sender"),
        ({"id": ""}, "id"),
        ({"id": "m\n1"}, "id"),
        ({"id": "m\x001"}, "id"),
        ({"id": 7}, "id"),
        ({"id": "m" * 1001}, "id"),
        ({"subject": "Hi\nBcc: x@example.nl"}, "subject"),
        ({"subject": None}, "subject"),
        ({"body": None}, "body"),
        ({"headers": {"Bcc": "x@example.nl"}}, "headers"),
        ({"headers": {"to": "x@example.nl"}}, "headers"),
        ({"headers": {"X-A": "b\nBcc: x@example.nl"}}, "headers.X-A"),
        ({"headers": {"X A": "b"}}, "headers"),
        ({"headers": {"X:A": "b"}}, "headers"),
        ({"headers": {"X-A": 1}}, "headers.X-A"),
        ({"headers": [("X-A", "b")]}, "headers"),
    ],
)
def test_a_bad_message_is_refused_when_it_is_built(fields: dict[str, object], field: str) -> None:
    values: dict[str, object] = {"id": "m1", "to": GOOD, "subject": "Hi", "body": "Body", **fields}
    with pytest.raises(InvalidValueError) as info:
        Message(**values)  # type: ignore[arg-type]
    assert info.value.field == field


def test_good_messages() -> None:
    m = Message("m1", "jan@example.nl", "Hi\tthere", "Body\nwith lines\n",
                headers={"X-Blikopwerk-Rule": "WS-STF-3", "Reply-To": "help@example.nl"})
    assert m.to == ("jan@example.nl",)
    assert Message("m2", ("jän@exämple.nl", "x@arbo.example"), "S", "B").to_email()["To"] is not None
    assert Message("m3", (), "S", "B").to == ()  # recipients may be added by the notifier
    with pytest.raises(TypeError):
        m.headers["X-New"] = "x"  # type: ignore[index]
    assert pickle.loads(pickle.dumps(m)) == m


def test_message_ids_that_collided_are_apart_and_stable() -> None:
    ids = ["staffel-80:L1", "staffel-80.L1", "staffel-80/L1", "staffel-80_L1", "staffel-80%3AL1"]
    headers = [Message(i, GOOD, "S", "B").to_email()["Message-ID"] for i in ids]
    assert headers == ["<staffel-80_L1@blikopwerk.invalid>", "<staffel-80.L1@blikopwerk.invalid>",
                       "<staffel-80%2FL1@blikopwerk.invalid>", "<staffel-80%5FL1@blikopwerk.invalid>",
                       "<staffel-80%253AL1@blikopwerk.invalid>"]
    assert Message(ids[0], GOOD, "other", "other").message_id == Message(ids[0], GOOD, "S", "B").message_id


def _decode(encoded: str) -> str:
    """The inverse of the Message-ID encoding for unshortened forms: '_' was ':'."""
    return urllib.parse.unquote(encoded.replace("_", "%3A"), errors="strict")


DOT_ATOM = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
ids = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=60)


@given(ids)
def test_message_ids_are_ascii_dot_atoms_and_reversible(message_id: str) -> None:
    if not message_id.replace("\t", " ").isprintable():
        return
    header = Message(message_id, GOOD, "S", "B").message_id
    local = header[1:].split("@", 1)[0]
    assert header.isascii() and DOT_ATOM.fullmatch(local)
    if len(local) <= 200:
        assert _decode(local) == message_id


@given(ids, ids)
def test_distinct_ids_give_distinct_message_ids(a: str, b: str) -> None:
    if a == b or not (a.replace("\t", " ").isprintable() and b.replace("\t", " ").isprintable()):
        return
    assert Message(a, GOOD, "S", "B").message_id != Message(b, GOOD, "S", "B").message_id


def test_long_ids_are_shortened_with_a_digest() -> None:
    a, b = "x" * 300 + "a", "x" * 300 + "b"
    ma, mb = Message(a, GOOD, "S", "B").message_id, Message(b, GOOD, "S", "B").message_id
    assert ma != mb and len(ma) < 260 and "~" in ma
    assert DOT_ATOM.fullmatch(ma[1:].split("@")[0])


def test_eml_files_of_once_colliding_ids_are_apart(tmp_path: Path) -> None:
    notifier = EmlFolderNotifier(tmp_path)
    for i in ("a:b", "a/b", "a_b", "a.b", "../a"):
        notifier.deliver(Message(i, GOOD, "S", i))
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(["a_b.eml", "a%2Fb.eml", "a%5Fb.eml", "a.b.eml", "%2E.%2Fa.eml"])
    assert all(p.parent == tmp_path for p in tmp_path.iterdir())


# ------------------------------------------------------------------ found by the fuzz suite (tests/fuzz)

def test_rule_tables_and_history_answer_odd_input_with_the_library_error() -> None:
    import datetime as dt

    from blikopwerk import RuleHistory, RuleNameError, RuleSet, RuleTable, RuleTableError, Source

    src = Source.decision("test")
    table = RuleTable.build("fees", "Fees", dt.date(2020, 1, 1), [(0, "A", src), (75_000, "B", src)])
    for odd in ("x", None, float("nan"), Decimal("NaN"), Decimal("sNaN"), [1]):
        with pytest.raises(InvalidValueError, match="^fees: "):
            table.band(odd)
    with pytest.raises(RuleNameError, match="has no entry"):
        table[[1]]  # type: ignore[index]
    with pytest.raises(KeyError):
        table[3]
    assert [1] not in table
    with pytest.raises(RuleTableError, match="not hashable"):
        RuleTable.build("t", "T", dt.date(2020, 1, 1), [([1], "a", src)])
    with pytest.raises(RuleTableError, match="cannot be put in order"):
        RuleTable.build("t", "T", dt.date(2020, 1, 1), [(1, "a", src), ("b", "b", src)])
    with pytest.raises(RuleTableError, match="sorted_keys"):
        RuleTable.build("t", "T", dt.date(2020, 1, 1), [], sorted_keys="yes")
    with pytest.raises(InvalidValueError, match="^seed: "):
        Source.seed(1)  # type: ignore[arg-type]
    history = RuleHistory((RuleSet("x", "1", dt.date(2015, 1, 1)), RuleSet("x", "2", dt.date(2023, 4, 1))))
    with pytest.raises(InvalidValueError, match="^on: expected a date"):
        history.in_force("2023-04-01")  # type: ignore[arg-type]
    # an aware datetime counts by its Dutch day (K-TZ-1): 31 March 22:30 UTC is 1 April in NL
    assert history.in_force(dt.datetime(2023, 3, 31, 22, 30, tzinfo=dt.UTC)).version == "2"
    with pytest.raises(InvalidValueError, match="^on: "):
        history.in_force(dt.datetime(2023, 4, 1))


def test_geography_answers_odd_input_with_the_library_error() -> None:
    from blikopwerk import GeoPoint, as_length_m, distance, within

    for odd in ("1/0 km", "(" * 200 + "1 km", "1e999 km", "NaN km", "inf m", "x" * 101, 5, None):
        with pytest.raises(InvalidValueError, match="^limit: "):
            as_length_m(odd, "limit")
    utrecht = GeoPoint.from_wgs84(52.0886, 5.1174)
    with pytest.raises(InvalidValueError, match="^b: expected a GeoPoint"):
        distance(utrecht, "3511")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="^a: expected a GeoPoint"):
        within(None, utrecht, "50 km")  # type: ignore[arg-type]


def test_notifiers_and_redaction_answer_odd_input_with_the_library_error(tmp_path: Path) -> None:
    from blikopwerk import DeliveryError, LogNotifier, redact_url

    for level in ("x", None, True, -1, 10**100):
        with pytest.raises(InvalidValueError, match="^level: "):
            LogNotifier(level)  # type: ignore[arg-type]
    for folder in ("", "a\x00b", 3, None):
        with pytest.raises(InvalidValueError, match="^folder: "):
            EmlFolderNotifier(folder)  # type: ignore[arg-type]
    too_long = EmlFolderNotifier(tmp_path / ("x" * 300))
    with pytest.raises(DeliveryError, match="cannot write"):
        too_long.deliver(Message("m1", GOOD, "S", "B"))
    with pytest.raises(InvalidValueError, match="^url: expected text"):
        redact_url(3)  # type: ignore[arg-type]
