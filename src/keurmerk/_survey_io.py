"""Reading survey files (JSON or CSV) into respondent records: the boundary of KM-SAT-*."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from blikopwerk import InvalidValueError, RuleSet
from keurmerk._survey import Respondent, SurveyResult, analyse_survey
from keurmerk._tables import KEURMERK_RULES
from keurmerk._values import as_date

__all__ = ["SurveyData", "load_survey", "load_survey_file"]

_FIELDS = ("id", "kind", "service", "mark", "recommendation", "satisfaction", "aspects_answered")


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
    raise InvalidValueError(field, value, "must be true or false")


def _blank(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def _int_or_text(value: Any, field: str) -> Any:
    value = _blank(value)
    if isinstance(value, str):
        text = value.strip()
        if not text.lstrip("-").isdigit():
            raise InvalidValueError(field, value, "must be a whole number")
        return int(text)
    return value


def _respondent(raw: Any, i: int, historic: bool, rules: RuleSet) -> Respondent:
    field = f"respondents[{i}]"
    if not isinstance(raw, Mapping):
        raise InvalidValueError(field, raw, "expected an object with kind, service, mark, ...")
    unknown = set(raw) - set(_FIELDS)
    if unknown:
        raise InvalidValueError(field, sorted(unknown), f"unknown fields; known: {list(_FIELDS)}")
    mark = _blank(raw.get("mark"))
    if isinstance(mark, float):  # JSON numbers with decimals: read exactly from their text
        raise InvalidValueError(f"{field}.mark", mark, "write marks with decimals as strings, e.g. \"7.5\"")
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
    ``historic``. Errors name the field, e.g. ``respondents[3].mark``. Services are
    checked against the ``services`` table of ``rules``.

    Example:
        >>> d = load_survey({"net_sample": {"clients": {"8": 10}, "principals": 3},
        ...                  "respondents": [{"kind": "principal", "mark": "7.5"}]})
        >>> d.principals_net_sample, d.respondents[0].mark
        (3, Decimal('7.5'))
    """
    if not isinstance(data, Mapping):
        raise InvalidValueError("survey", data, "expected an object")
    historic = _bool(data.get("historic", False), "historic")
    net = data.get("net_sample")
    principals = data.get("principals_net_sample")
    if isinstance(net, Mapping) and "clients" in net:
        if principals is not None and "principals" in net:
            raise InvalidValueError("principals_net_sample", principals, "given twice")
        principals = net.get("principals", principals)
        net = net["clients"]
    if not isinstance(net, Mapping):
        raise InvalidValueError("net_sample", net, "a mapping of service number to net sample")
    net_sample = {_int_or_text(k, "net_sample"): v for k, v in net.items()}
    raw_respondents = data.get("respondents", [])
    if not isinstance(raw_respondents, list):
        raise InvalidValueError("respondents", raw_respondents, "expected a list")
    respondents = tuple(_respondent(r, i, historic, rules) for i, r in enumerate(raw_respondents))
    period = data.get("period") or {}
    if not isinstance(period, Mapping):
        raise InvalidValueError("period", period, "expected {start, end}")
    start = as_date(period["start"], "period.start") if period.get("start") else None
    end = as_date(period["end"], "period.end") if period.get("end") else None
    return SurveyData(respondents, net_sample, principals, str(data.get("provider", "")), start, end,
                      historic)


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
    p = Path(path)
    try:
        text = p.read_text("utf-8")
    except OSError as exc:
        raise InvalidValueError("path", str(path), f"cannot read: {exc.strerror}") from None
    if p.suffix.lower() == ".json":
        try:
            raw = json.loads(text, parse_float=str)
        except json.JSONDecodeError as exc:
            raise InvalidValueError("path", str(path), f"not valid JSON: {exc.msg} at line {exc.lineno}") from None
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
        rows = list(csv.DictReader(io.StringIO(text)))
        if net_sample is None:
            raise InvalidValueError("net_sample", None, "a CSV file needs the net sample per service")
        return load_survey({"net_sample": dict(net_sample), "principals_net_sample": principals_net_sample,
                            "historic": historic, "provider": p.stem, "respondents": rows}, rules=rules)
    raise InvalidValueError("path", str(path), "expected a .json or .csv file")
