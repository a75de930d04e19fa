"""Reading providers files (JSON) for the provider search: the boundary of KM-SRCH-*.

A providers file is a JSON object::

    {"description": "optional text",
     "providers": [
       {"id": "p1", "name": "Werkpad Coöperatie",
        "establishments": [{"postcode": "3511 AB", "city": "Utrecht"}],
        "presentation": "...", "distinguishing": "...",
        "mark": "8.2", "stars": 3,
        "top_services": [5, 7], "top_target_groups": ["Jongeren"],
        "explanations": {"5": "..."}}]}

``id``, ``name`` and ``establishments`` (at least one visiting address, KM-SRCH-3) are
required; the rest is optional (``mark`` may be absent or ``null`` for an unpublished
mark). Unknown keys are refused, so a typo never drops a field silently. The example
``keurmerk/data/example_providers.json`` holds the keurmerk demo's providers and two more.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from blikopwerk import InvalidValueError, RuleSet
from keurmerk._paths import parse_json, read_text
from keurmerk._search import Establishment, Order, Provider
from keurmerk._tables import KEURMERK_RULES
from keurmerk._values import invalid, ruleset

__all__ = ["BY", "EXAMPLE_PROVIDERS", "load_providers", "load_providers_file"]

_PROVIDER_KEYS = ("id", "name", "establishments", "presentation", "distinguishing", "mark", "stars",
                  "top_services", "top_target_groups", "explanations")
_ESTABLISHMENT_KEYS = ("postcode", "city", "po_box")

#: The bundled example providers file (the demo's providers and two more; invented).
EXAMPLE_PROVIDERS = "data/example_providers.json"

#: ``--by`` names and the :func:`keurmerk.search_providers` order they select.
BY: dict[str, Order] = {"mark": "mark", "stars": "stars", "proximity": "distance", "keywords": "relevance"}


def _establishment(raw: Any, field: str) -> Establishment:
    if not isinstance(raw, Mapping):
        raise invalid(field, raw, "expected an object with postcode and city")
    unknown = sorted(str(k) for k in raw if k not in _ESTABLISHMENT_KEYS)
    if unknown:
        raise invalid(field, unknown, f"unknown fields; known: {list(_ESTABLISHMENT_KEYS)}")
    for key in ("postcode", "city"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise invalid(f"{field}.{key}", raw.get(key), "a non-empty text is needed")
    po_box = raw.get("po_box", False)
    if not isinstance(po_box, bool):
        raise invalid(f"{field}.po_box", po_box, "must be true or false")
    try:
        return Establishment(raw["postcode"], raw["city"], po_box)
    except InvalidValueError as exc:
        raise invalid(f"{field}.{exc.field}", exc.value, exc.reason) from None


def _provider(raw: Any, i: int, rules: RuleSet) -> Provider:
    field = f"providers[{i}]"
    if not isinstance(raw, Mapping):
        raise invalid(field, raw, "expected an object with id, name and establishments")
    unknown = sorted(str(k) for k in raw if k not in _PROVIDER_KEYS)
    if unknown:
        raise invalid(field, unknown, f"unknown fields; known: {list(_PROVIDER_KEYS)}")
    for key in ("id", "name", "establishments"):
        if key not in raw:
            raise invalid(f"{field}.{key}", None, "is required")
    ests = raw["establishments"]
    if not isinstance(ests, list) or not ests:
        raise invalid(f"{field}.establishments", ests, "a list of at least one establishment")
    for key in ("presentation", "distinguishing"):
        if not isinstance(raw.get(key, ""), str):
            raise invalid(f"{field}.{key}", raw[key], "must be a text")
    for key in ("top_services", "top_target_groups"):
        if not isinstance(raw.get(key, []), list):
            raise invalid(f"{field}.{key}", raw[key], "must be a list")
    explanations = raw.get("explanations", {})
    if not isinstance(explanations, Mapping) or not all(isinstance(v, str) for v in explanations.values()):
        raise invalid(f"{field}.explanations", explanations, "must map a name to a text")
    mark = raw.get("mark")
    if isinstance(mark, bool) or (mark is not None and not isinstance(mark, str | int | Decimal)):
        raise invalid(f"{field}.mark", mark, "must be a number such as 7.9, or null")
    stars = raw.get("stars", 0)
    try:
        return Provider(raw["id"], raw["name"],
                        [_establishment(e, f"{field}.establishments[{j}]") for j, e in enumerate(ests)],
                        presentation=raw.get("presentation", ""), distinguishing=raw.get("distinguishing", ""),
                        mark=mark, stars=stars, top_services=raw.get("top_services", []),
                        top_target_groups=raw.get("top_target_groups", []),
                        explanations=dict(explanations), rules=rules)
    except InvalidValueError as exc:
        if exc.field.startswith(field):
            raise
        raise invalid(f"{field}.{exc.field}", exc.value, exc.reason) from None


def load_providers(data: Any, *, rules: RuleSet = KEURMERK_RULES) -> list[Provider]:
    """Providers from the parsed JSON of a providers file (format in the module docs).

    Numbers may be JSON numbers or texts; marks are kept as exact Decimals. Every error
    names the provider's position and the field (``providers[2].mark``); provider ids must
    be unique.

    Args:
        data: the parsed JSON object with a ``providers`` list.
        rules: the rule set the providers are checked against (stars, top 5, services).

    Returns:
        The providers, in file order.

    Raises:
        InvalidValueError: a missing, unknown or invalid field.

    Example:
        >>> ps = load_providers({"providers": [{"id": "p1", "name": "Werkfit", "mark": "8.1",
        ...     "establishments": [{"postcode": "3511 AB", "city": "Utrecht"}]}]})
        >>> ps[0].mark, ps[0].cities
        (Decimal('8.1'), ('Utrecht',))
        >>> load_providers({"providers": [{"id": "p1", "name": "X", "stars": 9,
        ...     "establishments": [{"postcode": "3511 AB", "city": "Utrecht"}]}]})
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: providers[0].stars: must be a whole number 0-4 (got 9)
    """
    rules = ruleset(rules)
    if not isinstance(data, Mapping) or "providers" not in data:
        raise invalid("providers", data if not isinstance(data, Mapping) else sorted(str(k) for k in data),
                      "expected an object with a 'providers' list")
    unknown = sorted(str(k) for k in data if k not in ("providers", "description"))
    if unknown:
        raise invalid("file", unknown, "unknown top-level fields; known: ['description', 'providers']")
    items = data["providers"]
    if not isinstance(items, list):
        raise invalid("providers", items, "must be a list")
    providers = [_provider(raw, i, rules) for i, raw in enumerate(items)]
    seen: dict[str, int] = {}
    for i, p in enumerate(providers):
        if p.id in seen:
            raise invalid(f"providers[{i}].id", p.id, f"already used by providers[{seen[p.id]}]")
        seen[p.id] = i
    return providers


def load_providers_file(path: str | Path, *, rules: RuleSet = KEURMERK_RULES) -> list[Provider]:
    """Providers from a JSON providers file (UTF-8; decimals read exactly).

    A missing file, a folder, text that is not UTF-8, JSON nested more than 64 levels,
    NaN or Infinity, a key twice in one object or a number of more than 40 digits is an
    :class:`blikopwerk.InvalidValueError` naming ``file`` and the path.

    Example:
        >>> from importlib import resources
        >>> path = resources.files("keurmerk").joinpath(EXAMPLE_PROVIDERS)
        >>> [p.id for p in load_providers_file(str(path))]
        ['p1', 'p2', 'p3', 'p4', 'p5']
    """
    p, text = read_text(path, "file")
    return load_providers(parse_json(text, "file", str(p), parse_float=Decimal), rules=rules)
