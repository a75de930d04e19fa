"""Reading survey files (JSON or CSV) into respondent records: the boundary of KM-SAT-*.

Every bad file or value is an :class:`blikopwerk.InvalidValueError` naming the field (or
the file) and the value: a missing file, a folder, text that is not UTF-8, JSON nested
too deeply or holding NaN, a key twice, a CSV row with more cells than its header.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from blikopwerk import RuleSet
from blikopwerk._i18n import N_
from keurmerk._errors import DatedValueError
from keurmerk._paths import parse_json, read_text
from keurmerk._survey import Respondent, SurveyResult, analyse_survey
from keurmerk._tables import KEURMERK_RULES
from keurmerk._values import as_bool, as_date, as_int, as_text, digits_to_int, invalid, ruleset

__all__ = ["SurveyData", "load_survey", "load_survey_file"]

_FIELDS = ("id", "kind", "service", "mark", "recommendation", "satisfaction", "aspects_answered")
_TOP_LEVEL = ("description", "historic", "net_sample", "period", "principals_net_sample", "provider",
              "respondents")


@attrs.frozen
class SurveyData:
    """A provider's survey as read from a file: respondents and net samples.

    Example:
        >>> data = load_survey({"net_sample": {"7": 6}, "respondents": [
        ...     {"kind": "client", "service": 7, "mark": 8}]})
        >>> data.analyse().services[0].response_pct
        Decimal('16.7')
    """

    respondents: tuple[Respondent, ...]
    net_sample: Mapping[int, int]
    principals_net_sample: int | None = None
    provider: str = ""
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    historic: bool = False

    def analyse(self, *, rules: RuleSet = KEURMERK_RULES, low_mark_value: Any = None) -> SurveyResult:
        """Run :func:`keurmerk.analyse_survey` over this data."""
        return analyse_survey(self.respondents, self.net_sample, self.principals_net_sample,
                              historic=self.historic, low_mark_value=low_mark_value, rules=rules)


def _bool(value: Any, field: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "yes", "ja", "1"):
        return True
    if isinstance(value, str) and value.strip().lower() in ("false", "no", "nee", "0"):
        return False
    raise invalid(field, value, "must be true or false")


def _blank(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def _int_or_text(value: Any, field: str) -> Any:
    value = digits_to_int(_blank(value))
    if isinstance(value, str):
        raise invalid(field, value, "must be a whole number")
    return value


def _respondent(raw: Any, i: int, historic: bool, rules: RuleSet) -> Respondent:
    field = f"respondents[{i}]"
    if not isinstance(raw, Mapping):
        raise invalid(field, raw, "expected an object with kind, service, mark, ...")
    unknown = [str(k) for k in raw if k not in _FIELDS]
    if unknown:
        raise invalid(field, sorted(unknown), f"unknown fields; known: {list(_FIELDS)}")
    mark = _blank(raw.get("mark"))
    if isinstance(mark, float):  # JSON numbers with decimals: read exactly from their text
        raise invalid(f"{field}.mark", mark, "write marks with decimals as strings, e.g. \"7.5\"")
    return Respondent.create(
        raw.get("kind", ""),
        service=_int_or_text(raw.get("service"), f"{field}.service"),
        mark=mark,
        recommendation=_blank(raw.get("recommendation")),
        satisfaction=_blank(raw.get("satisfaction")),
        aspects_answered=_bool(_blank(raw.get("aspects_answered")) if _blank(raw.get("aspects_answered"))
                               is not None else True, f"{field}.aspects_answered"),
        id=_blank(raw.get("id")),
        historic=historic,
        field=field,
        rules=rules,
    )


def load_survey(data: Mapping[str, Any], *, rules: RuleSet = KEURMERK_RULES) -> SurveyData:
    """Build :class:`SurveyData` from a mapping (parsed JSON).

    The mapping has ``net_sample`` (``{service: n}`` or ``{"clients": {...},
    "principals": n}``), ``respondents`` (objects with ``kind``, ``service``, ``mark``,
    ``recommendation``, ``satisfaction``, ``aspects_answered``, ``id``), and optionally
    ``principals_net_sample``, ``provider``, ``period`` (``{"start", "end"}``) and
    ``historic`` (and a free ``description``); other keys are refused, so a typo never
    drops a field. Errors name the field, e.g. ``respondents[3].mark``. Services are
    checked against the ``services`` table of ``rules``.

    Example:
        >>> d = load_survey({"net_sample": {"clients": {"8": 10}, "principals": 3},
        ...                  "respondents": [{"kind": "principal", "mark": "7.5"}]})
        >>> d.principals_net_sample, d.respondents[0].mark
        (3, Decimal('7.5'))
    """
    rules = ruleset(rules)
    if not isinstance(data, Mapping):
        raise invalid("survey", data, "expected an object")
    unknown = [str(k) for k in data if k not in _TOP_LEVEL]
    if unknown:
        raise invalid("survey", sorted(unknown), f"unknown fields; known: {list(_TOP_LEVEL)}")
    historic = _bool(data.get("historic", False), "historic")
    net = data.get("net_sample")
    principals = data.get("principals_net_sample")
    if isinstance(net, Mapping) and "clients" in net:
        extra = [str(k) for k in net if k not in ("clients", "principals")]
        if extra:
            raise invalid("net_sample", sorted(extra), "unknown fields; known: ['clients', 'principals']")
        if principals is not None and "principals" in net:
            raise invalid("principals_net_sample", principals, "given twice")
        principals = net.get("principals", principals)
        net = net["clients"]
    if not isinstance(net, Mapping):
        raise invalid("net_sample", net, "a mapping of service number to net sample")
    net_sample: dict[Any, Any] = {}
    for k, v in net.items():
        key = _int_or_text(k, "net_sample")
        if key in net_sample:
            raise invalid("net_sample", k, "service listed twice")
        net_sample[key] = v
    if principals is not None:
        principals = as_int(principals, "principals_net_sample", minimum=1)
    raw_respondents = data.get("respondents", [])
    if not isinstance(raw_respondents, list | tuple):
        raise invalid("respondents", raw_respondents, "expected a list")
    respondents = tuple(_respondent(r, i, historic, rules) for i, r in enumerate(raw_respondents))
    period = data.get("period") or {}
    if not isinstance(period, Mapping) or any(k not in ("start", "end") for k in period):
        raise invalid("period", period, "expected {start, end}")
    start = as_date(period["start"], "period.start") if period.get("start") is not None else None
    end = as_date(period["end"], "period.end") if period.get("end") is not None else None
    if start is not None and end is not None and end < start:
        raise DatedValueError("period.end", end, N_("before the start ({start})"), {"start": start})
    provider = as_text(data.get("provider", ""), "provider", required=False)
    return SurveyData(respondents, net_sample, principals, provider, start, end, historic)


def load_survey_file(path: str | Path, *, net_sample: Mapping[Any, Any] | None = None,
                     principals_net_sample: int | None = None, historic: bool = False,
                     rules: RuleSet = KEURMERK_RULES) -> SurveyData:
    """Read a survey from a ``.json`` file, or respondents from a ``.csv`` file.

    A CSV file has a header with the respondent fields (``id, kind, service, mark,
    recommendation, satisfaction, aspects_answered``); its net samples come from the
    arguments. For JSON see :func:`load_survey`; arguments given override the file's.

    Example:
        >>> import tempfile, pathlib
        >>> tmp = pathlib.Path(tempfile.mkdtemp()) / "r.csv"
        >>> _ = tmp.write_text("kind,service,mark,aspects_answered\\nclient,7,8,true\\n")
        >>> load_survey_file(tmp, net_sample={7: 4}).analyse().services[0].response_pct
        Decimal('25.0')
    """
    p, text = read_text(path, "path")
    rules = ruleset(rules)
    as_bool(historic, "historic")
    if net_sample is not None and not isinstance(net_sample, Mapping):
        raise invalid("net_sample", net_sample, "a mapping of service number to net sample")
    if principals_net_sample is not None:
        as_int(principals_net_sample, "principals_net_sample", minimum=1)
    if p.suffix.lower() == ".json":
        raw = parse_json(text, "path", str(p), parse_float=str)
        if isinstance(raw, dict):
            if net_sample is not None:
                raw = {**raw, "net_sample": net_sample}
            if principals_net_sample is not None:
                raw = {**raw, "principals_net_sample": principals_net_sample}
                if isinstance(raw.get("net_sample"), Mapping) and "clients" in raw["net_sample"]:
                    raw["net_sample"] = {"clients": raw["net_sample"]["clients"]}
            if historic:
                raw = {**raw, "historic": True}
        return load_survey(raw, rules=rules)
    if p.suffix.lower() == ".csv":
        if net_sample is None:
            raise invalid("net_sample", None, "a CSV file needs the net sample per service")
        rows = _csv_rows(text, str(p))
        return load_survey({"net_sample": dict(net_sample), "principals_net_sample": principals_net_sample,
                            "historic": historic, "provider": p.stem, "respondents": rows}, rules=rules)
    raise invalid("path", str(path), "expected a .json or .csv file")


def _csv_rows(text: str, where: str) -> list[dict[str, Any]]:
    """Rows of a survey CSV file. A header with ``;`` and no ``,`` is a Dutch spreadsheet:
    ``;`` separates the cells and a mark may be written with a decimal comma ("7,5")."""
    first = text.split("\n", 1)[0]
    dutch = ";" in first and "," not in first
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";" if dutch else ",")
    try:
        lines = [row for row in reader if row]
    except csv.Error as exc:
        raise invalid("path", where, f"not a readable CSV file: {exc}") from None
    if not lines:
        raise invalid("path", where, "an empty CSV file: the header is missing")
    header = [h.strip() for h in lines[0]]
    if len(set(header)) != len(header):
        raise invalid("path", where, f"a column is named twice in the header {header}")
    rows: list[dict[str, Any]] = []
    for number, cells in enumerate(lines[1:], start=2):
        if len(cells) > len(header):
            raise invalid(f"line {number}", cells, f"has {len(cells)} cells; the header has {len(header)}")
        row: dict[str, Any] = dict(zip(header, cells, strict=False))
        mark = row.get("mark")
        if dutch and isinstance(mark, str) and mark.count(",") == 1 and "." not in mark:
            row["mark"] = mark.replace(",", ".")
        rows.append(row)
    return rows
