"""Follow-up invitation (WS-RPT-7) and the counter of a licence (WS-RPT-4): the pure parts.

Follow-up: workers in the evaluation (seed ``002_c7c9fbb17d8bd393.txt``) suggest "dat een
opvolggesprek na een half jaar ervoor zou kunnen zorgen dat nog meer werkenden aan de slag
gaan met de actiepunten". A worker who had a conversation and agreed to be contacted is
invited to a follow-up measurement six months later (parameter ``follow_up_months`` of
:data:`werkscan.REPORT_RULES`), once, never without that consent (decision). The dates are
decided here; sending the invitation once belongs to the storage and its outbox, keyed by
:attr:`FollowUpInvitation.message_id`.

Counter: seed ``000_fce2b4cd91976fe2.txt``: "Via teller is wel te zien hoeveel mensen de
Werkscan hebben ingevuld en hoeveel mensen een gesprek aanvragen." :func:`licence_counters`
counts both per licence from records that carry no identity.
"""

from __future__ import annotations

import calendar
import datetime as dt
import zoneinfo
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from blikopwerk._calendar import require_aware
from blikopwerk._errors import InvalidValueError
from blikopwerk._rules import RuleSet
from blikopwerk._values import check_storable
from werkscan._scoring.wai_rules import items_of, rule_set

__all__ = [
    "ConversationHeld",
    "CounterRecord",
    "FollowUpInvitation",
    "LicenceCounter",
    "add_months",
    "due_follow_ups",
    "follow_up_due",
    "licence_counters",
]

_AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole calendar months; a day the month does not have becomes its last day
    (31 August + 6 months = 28 or 29 February; decision).

    Example:
        >>> add_months(dt.date(2026, 8, 31), 6), add_months(dt.date(2027, 8, 31), 6)
        (datetime.date(2027, 2, 28), datetime.date(2028, 2, 29))
    """
    if isinstance(months, bool) or not isinstance(months, int) or months < 0:
        raise InvalidValueError("months", months, "expected a whole number of 0 or more")
    if not isinstance(day, dt.date):
        raise InvalidValueError("day", type(day).__name__, "expected a date")
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if year > dt.MAXYEAR:
        raise InvalidValueError("months", months, f"the day would be after the year {dt.MAXYEAR}")
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _months(rules: RuleSet | None) -> int:
    from werkscan._reports.rules import REPORT_RULES

    rules = rule_set(rules, REPORT_RULES)
    months = rules.parameter("follow_up_months")
    if isinstance(months, bool) or not isinstance(months, int) or months <= 0:
        raise InvalidValueError("follow_up_months", months, "expected a whole number of months above 0")
    return months


def _dutch_day(instant: dt.datetime, field: str) -> dt.date:
    try:
        return require_aware(instant, field).astimezone(_AMSTERDAM).date()
    except OverflowError:  # the first or last moment a datetime can hold: no Dutch day
        raise InvalidValueError(field, instant, "outside the dates a calendar can hold") from None


def follow_up_due(held_at: dt.datetime, *, rules: RuleSet | None = None) -> dt.date:
    """The Dutch day on which the follow-up invitation is due: six months (``follow_up_months``)
    after the Dutch day of the conversation (K-TZ-1).

    Raises:
        InvalidValueError: a naive datetime, or a rule set without a positive number of months.

    Example:
        >>> follow_up_due(dt.datetime(2026, 3, 31, 23, 30, tzinfo=dt.UTC))   # 1 April in Amsterdam
        datetime.date(2026, 10, 1)
    """
    return add_months(_dutch_day(held_at, "held_at"), _months(rules))


def _nonempty(_instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError(attribute.name, value, "must be a non-empty text")
    check_storable(value, attribute.name)  # a NUL byte: refused on every backend alike


def _flag(_instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, bool):
        raise InvalidValueError(attribute.name, value, "expected true or false")


def _aware(_instance: Any, attribute: Any, value: Any) -> None:
    require_aware(value, attribute.name)


@attrs.frozen
class ConversationHeld:
    """A Werkscan conversation that took place: an opaque id, when, and whether the worker
    agreed to be contacted for a follow-up (no name, no address).

    Example:
        >>> ConversationHeld("c-1", dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC), contact_consent=True).contact_consent
        True
    """

    id: str = attrs.field(validator=_nonempty)
    held_at: dt.datetime = attrs.field(validator=_aware)
    contact_consent: bool = attrs.field(default=False, validator=_flag)


@attrs.frozen
class FollowUpInvitation:
    """A follow-up invitation that is due (WS-RPT-7): for which conversation, and from when.

    ``message_id`` is the same for every call about one conversation, so an outbox that
    refuses a second message with the same id sends it once.

    Example:
        >>> FollowUpInvitation("c-1", dt.date(2026, 9, 2)).message_id
        'follow-up:c-1'
    """

    conversation_id: str
    due_on: dt.date

    @property
    def message_id(self) -> str:
        """The outbox id of the invitation, one per conversation."""
        return f"follow-up:{self.conversation_id}"


def due_follow_ups(conversations: Iterable[ConversationHeld], now: dt.datetime, *,
                   invited: Iterable[str] = (), rules: RuleSet | None = None) -> tuple[FollowUpInvitation, ...]:
    """The follow-up invitations due at ``now`` (WS-RPT-7): only with the worker's consent,
    only from six months after the conversation, and not for conversations already invited.

    Args:
        conversations: the conversations held.
        now: the moment of the run (aware); its Dutch day decides.
        invited: ids of the conversations whose invitation was sent already.
        rules: the report rules (``follow_up_months``).

    Returns:
        The invitations due, in conversation order.

    Raises:
        InvalidValueError: a naive ``now``, or the same conversation id twice.

    Example:
        >>> c = [ConversationHeld("c-1", dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC), contact_consent=True),
        ...      ConversationHeld("c-2", dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC))]
        >>> [i.conversation_id for i in due_follow_ups(c, dt.datetime(2026, 9, 2, 8, tzinfo=dt.UTC))]
        ['c-1']
        >>> due_follow_ups(c, dt.datetime(2026, 9, 1, 12, tzinfo=dt.UTC))
        ()
    """
    today = _dutch_day(now, "now")
    done = {i for i in items_of(invited, "invited") if isinstance(i, str)}
    seen: set[str] = set()
    months = _months(rules)
    out: list[FollowUpInvitation] = []
    for i, conversation in enumerate(items_of(conversations, "conversations")):
        if not isinstance(conversation, ConversationHeld):
            raise InvalidValueError(f"conversations[{i}]", type(conversation).__name__, "expected a ConversationHeld")
        if conversation.id in seen:
            raise InvalidValueError("conversations", conversation.id, "the same conversation is given twice")
        seen.add(conversation.id)
        if not conversation.contact_consent or conversation.id in done:
            continue
        due = add_months(_dutch_day(conversation.held_at, "held_at"), months)
        if due <= today:
            out.append(FollowUpInvitation(conversation.id, due))
    return tuple(out)


@attrs.frozen
class CounterRecord:
    """One questionnaire under a licence as the counter sees it: completed, and whether a
    conversation was requested (WS-RPT-4); no identity.

    Example:
        >>> CounterRecord("L1", completed=False, conversation_requested=True)
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: conversation_requested: a conversation needs a completed questionnaire (got True)
    """

    licence_id: str = attrs.field(validator=_nonempty)
    completed: bool = attrs.field(validator=_flag)
    conversation_requested: bool = attrs.field(default=False, validator=_flag)

    def __attrs_post_init__(self) -> None:
        if self.conversation_requested and not self.completed:
            raise InvalidValueError("conversation_requested", True, "a conversation needs a completed questionnaire")


@attrs.frozen
class LicenceCounter:
    """What the counter of a licence shows (WS-RPT-4): completed questionnaires and
    conversation requests, as counts; never who.

    Example:
        >>> LicenceCounter("L1", 12, 3).as_json()
        {'licence_id': 'L1', 'completed': 12, 'conversation_requests': 3}
    """

    licence_id: str
    completed: int
    conversation_requests: int

    def as_json(self) -> dict[str, Any]:
        """The counts as a JSON-ready dict."""
        return {"licence_id": self.licence_id, "completed": self.completed,
                "conversation_requests": self.conversation_requests}


def licence_counters(records: Iterable[CounterRecord]) -> Mapping[str, LicenceCounter]:
    """The counter of every licence in ``records``, by licence id in order (WS-RPT-4).

    Example:
        >>> c = licence_counters([CounterRecord("L1", True, True), CounterRecord("L1", True),
        ...                       CounterRecord("L1", False), CounterRecord("L2", True)])
        >>> c["L1"], c["L2"].completed
        (LicenceCounter(licence_id='L1', completed=2, conversation_requests=1), 1)
    """
    counts: dict[str, list[int]] = {}
    for i, record in enumerate(items_of(records, "records")):
        if not isinstance(record, CounterRecord):
            raise InvalidValueError(f"records[{i}]", type(record).__name__, "expected a CounterRecord")
        c = counts.setdefault(record.licence_id, [0, 0])
        c[0] += record.completed
        c[1] += record.conversation_requested
    return {lid: LicenceCounter(lid, c[0], c[1]) for lid, c in sorted(counts.items())}
