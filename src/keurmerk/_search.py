"""Provider search ranking (KM-SRCH-*): by mark, by stars, by proximity, by keywords."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

import attrs

from blikopwerk import (
    PC4,
    Geocoder,
    GeoPoint,
    InvalidValueError,
    Postcode,
    RuleSet,
    UnknownPostcodeError,
    as_length_m,
    get_geocoder,
    km,
    parse_area,
)
from keurmerk._services import check_services
from keurmerk._tables import KEURMERK_RULES
from keurmerk._values import as_bool, as_decimal, as_int, as_items, as_text, invalid, ruleset

if TYPE_CHECKING:
    import pint

__all__ = ["Establishment", "Provider", "SearchHit", "normalise_text", "search_providers"]

Order = Literal["mark", "stars", "distance", "relevance"]


def normalise_text(text: str) -> str:
    """Text for matching: diacritics removed, case folded, punctuation as spaces (KM-SRCH-1).

    Example:
        >>> normalise_text("Loopbaanoriëntatie & Re-integratie")
        'loopbaanorientatie re integratie'
    """
    if not isinstance(text, str):
        raise invalid("text", text, "must be a text")
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join("".join(ch if ch.isalnum() else " " for ch in plain).split())


def _location(value: Any, field: str) -> Postcode | PC4:
    if isinstance(value, Postcode | PC4):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        as_int(value, field)  # a huge number is refused before it is turned into text
    try:
        if isinstance(value, str) and len(value.replace(" ", "")) > 4:
            return Postcode.parse(value, field)
        return parse_area(value)
    except InvalidValueError as exc:
        raise invalid(field, value, exc.reason) from None


def _postcode(value: Any) -> Postcode | PC4:
    return _location(value, "postcode")


def _opt_mark(value: Any) -> Decimal | None:
    return None if value is None else as_decimal(value, "mark")


def _top_services(value: Any) -> tuple[Any, ...]:
    return as_items(value, "top_services")


def _top_target_groups(value: Any) -> tuple[str, ...]:
    return tuple(as_text(g, f"top_target_groups[{i}]", max_length=200)
                 for i, g in enumerate(as_items(value, "top_target_groups")))


def _explanations(value: Any) -> Mapping[str, str]:
    if not isinstance(value, Mapping):
        raise invalid("explanations", value, "must map a service or target group to a text")
    return {as_text(k, "explanations", max_length=200): as_text(v, f"explanations[{k!r}]", required=False,
                                                                  multiline=True, max_length=100_000)
            for k, v in value.items()}


def _city(value: Any) -> str:
    return as_text(value, "city", max_length=200)


def _po_box(value: Any) -> bool:
    return as_bool(value, "po_box")


@attrs.frozen
class Establishment:
    """An establishment (vestiging) of a provider at a visiting address (KM-SRCH-3).

    The postcode is a visiting address, never a P.O. box: ``po_box=True`` is refused.

    Example:
        >>> Establishment("3511 AB", "Utrecht").postcode
        Postcode(digits='3511', letters='AB')
        >>> Establishment("3500 AA", "Utrecht", po_box=True)
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: postcode: a P.O. box is not a location; give the visiting address (KM-SRCH-3) (got '3500 AA')
    """

    postcode: Postcode | PC4 = attrs.field(converter=_postcode)
    city: str = attrs.field(converter=_city)
    po_box: bool = attrs.field(default=False, converter=_po_box)

    def __attrs_post_init__(self) -> None:
        if self.po_box:
            raise InvalidValueError("postcode", str(self.postcode),
                                    "a P.O. box is not a location; give the visiting address (KM-SRCH-3)")


def _establishments(value: Iterable[Any]) -> tuple[Establishment, ...]:
    out: list[Establishment] = []
    for i, e in enumerate(as_items(value, "establishments")):
        if isinstance(e, Establishment):
            out.append(e)
        elif isinstance(e, tuple) and len(e) == 2:
            out.append(Establishment(e[0], e[1]))
        else:
            raise invalid(f"establishments[{i}]", e, "expected an Establishment or (postcode, city)")
    if not out:
        raise invalid("establishments", value, "a provider has at least one establishment")
    return tuple(out)


@attrs.frozen
class Provider:
    """A Keurmerk provider as the search engine sees it (KM-SRCH-1 to KM-SRCH-3).

    Attributes:
        id: a stable identifier (the last tie-break).
        name: company name (searched).
        establishments: visiting addresses, the first the main one; every one is
            searchable by location and city (KM-SRCH-3).
        presentation: presentation text (searched).
        distinguishing: distinguishing text, "onderscheidende tekst" (searched).
        mark: the published client satisfaction mark, or ``None``.
        stars: 0-4.
        top_services: at most 5 service numbers (KM-SRCH-2).
        top_target_groups: at most 5 target groups (KM-SRCH-2).
        explanations: texts explaining the top-5 services and target groups: never searched.
        rules: the rule set the provider is checked against (keyword only): its
            ``star_max`` (stars 0-4), ``top_n`` (5) and ``services`` table.

    Example:
        >>> p = Provider("p1", "Werkpad", [("3511 AB", "Utrecht")], mark="7.9", stars=2,
        ...              top_services=[7, 8])
        >>> p.cities, p.top_services
        (('Utrecht',), (7, 8))
    """

    id: str
    name: str
    establishments: tuple[Establishment, ...] = attrs.field(converter=_establishments)
    presentation: str = ""
    distinguishing: str = ""
    mark: Decimal | None = attrs.field(default=None, converter=_opt_mark)
    stars: int = 0
    top_services: tuple[int, ...] = attrs.field(default=(), converter=_top_services)
    top_target_groups: tuple[str, ...] = attrs.field(default=(), converter=_top_target_groups)
    explanations: Mapping[str, str] = attrs.field(factory=dict, eq=False, converter=_explanations)
    rules: RuleSet = attrs.field(default=KEURMERK_RULES, kw_only=True, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        as_text(self.id, "id", max_length=200)
        as_text(self.name, "name")
        as_text(self.presentation, "presentation", required=False, multiline=True, max_length=100_000)
        as_text(self.distinguishing, "distinguishing", required=False, multiline=True, max_length=100_000)
        numbers = tuple(s.number for s in check_services(self.top_services, field="top_services",
                                                         rules=ruleset(self.rules)))
        object.__setattr__(self, "top_services", numbers)
        if self.mark is not None and not 1 <= self.mark <= 10:
            raise invalid("mark", self.mark, "a mark lies in 1-10")
        _check_against(self, self.rules, "")

    @property
    def cities(self) -> tuple[str, ...]:
        """The establishments' cities, without repeats, in order."""
        return tuple(dict.fromkeys(e.city for e in self.establishments))

    def searchable_text(self) -> dict[str, str]:
        """The normalised fields a keyword search looks at (KM-SRCH-1): name, presentation,
        distinguishing text and cities. Explanations are not among them."""
        return {
            "name": normalise_text(self.name),
            "presentation": normalise_text(self.presentation),
            "distinguishing": normalise_text(self.distinguishing),
            "city": normalise_text(" ".join(self.cities)),
        }


def _check_against(p: Provider, rules: RuleSet, prefix: str) -> None:
    """Stars and top-5 lists of ``p`` within the limits of ``rules`` (KM-STAR-1, KM-SRCH-2)."""
    maximum = as_int(rules.parameter("star_max"), "star_max", minimum=0)
    if isinstance(p.stars, bool) or not isinstance(p.stars, int) or not 0 <= p.stars <= maximum:
        raise invalid(f"{prefix}stars", p.stars, f"must be a whole number 0-{maximum}")
    top = as_int(rules.parameter("top_n"), "top_n", minimum=0)
    if len(p.top_services) > top:
        raise invalid(f"{prefix}top_services", p.top_services, f"at most {top}")
    if len(p.top_target_groups) > top:
        raise invalid(f"{prefix}top_target_groups", p.top_target_groups, f"at most {top}")


@attrs.frozen
class SearchHit:
    """One search result: the provider, and why and where it matched.

    ``distance_m`` is the geodesic distance from the searched postcode to the nearest
    establishment (``None`` without a location search); ``matched`` lists the query words
    that matched (normalised).
    """

    provider: Provider
    distance_m: float | None = None
    establishment: Establishment | None = None
    matched: tuple[str, ...] = ()

    @property
    def distance(self) -> pint.Quantity[Any] | None:
        """The distance as a pint quantity in km, or ``None``."""
        return None if self.distance_m is None else km(self.distance_m)


def _lookup(geo: Geocoder, provider: Provider, index: int, est: Establishment) -> GeoPoint:
    """The establishment's point; an unknown postcode is an error naming the provider (no guessing)."""
    try:
        return geo.lookup(est.postcode)
    except UnknownPostcodeError as exc:
        raise UnknownPostcodeError(
            f"providers[{provider.id}].establishments[{index}].postcode", str(est.postcode),
            f"{exc.reason}; provider {provider.id!r} ({provider.name}) cannot be placed") from None


def _with_distances(hits: list[SearchHit], origin: GeoPoint, geo: Geocoder,
                    limit_m: float | None) -> list[SearchHit]:
    """Geodesic distances on WGS84 (K-GEO-1) from ``origin`` to every establishment, in one
    vectorised pyproj call; keeps the nearest establishment per provider."""
    from pyproj import Geod

    pairs = [(i, e, _lookup(geo, h.provider, j, e)) for i, h in enumerate(hits)
             for j, e in enumerate(h.provider.establishments)]
    if not pairs:
        return hits
    n = len(pairs)
    _, _, metres = Geod(ellps="WGS84").inv([origin.lon] * n, [origin.lat] * n,
                                            [pt.lon for _, _, pt in pairs], [pt.lat for _, _, pt in pairs])
    best: dict[int, tuple[float, Establishment]] = {}
    for (i, e, _), m in zip(pairs, metres, strict=True):
        if i not in best or float(m) < best[i][0]:
            best[i] = (float(m), e)
    out = []
    for i, h in enumerate(hits):
        m, e = best[i]
        if limit_m is None or m <= limit_m:
            out.append(attrs.evolve(h, distance_m=m, establishment=e))
    return out


def _mark_key(p: Provider) -> tuple[int, Decimal]:
    return (0, -p.mark) if p.mark is not None else (1, Decimal(0))


def _name_key(p: Provider) -> tuple[str, str]:
    return (normalise_text(p.name), p.id)


def search_providers(
    providers: Iterable[Provider],
    *,
    query: str | None = None,
    near: Postcode | PC4 | str | None = None,
    within: Any = None,
    service: int | None = None,
    target_group: str | None = None,
    order: Order | None = None,
    geocoder: Geocoder | None = None,
    rules: RuleSet = KEURMERK_RULES,
) -> list[SearchHit]:
    """Search and rank providers as the Blik op Werk search engine does (KM-SRCH-1 to 3).

    Filters (all optional, combined): ``query`` keeps providers where at least one query
    word occurs in the company name, presentation text, distinguishing text or a city
    (each word separately, so more words give more results; diacritics and case are
    ignored; explanations of the top-5 are not searched); ``service`` and ``target_group``
    look only at the top-5 lists (KM-SRCH-2); ``near`` + ``within`` keep providers with
    an establishment within that distance (inclusive).

    A keyword search filters: its results keep the chosen order. Order (``order``; default
    ``"distance"`` with ``near``, else ``"mark"``, the rule set's ``search_default_order``;
    ``"relevance"`` only when asked for (decision, not official)), high to low, with stable
    tie-breaks (decision):

    * ``"mark"``: mark (unknown last), stars, name, id;
    * ``"stars"``: stars, mark, name, id;
    * ``"distance"``: nearest establishment first, then mark, name, id;
    * ``"relevance"`` (only on request, needs a query): number of query words matched,
      then mark, stars, name, id.

    Args:
        providers: the providers to search.
        query: keywords.
        near: a postcode or PC4 for a location search (geocoded with ``geocoder``,
            default: the geocoder named in the settings, ``get_geocoder()``).
        within: a distance limit such as ``"25 km"`` (needs ``near``).
        service: a service number that must be in the top 5 services.
        target_group: a target group that must be in the top 5 (diacritics and case ignored).
        order: the sort order.
        geocoder: the geocoder for ``near`` and the establishments.
        rules: the rule set whose ``search_default_order`` (``"mark"``) applies.

    Returns:
        The hits in rank order.

    Example:
        >>> ps = [Provider("a", "Loopbaan Coöperatie", [("1012 AB", "Amsterdam")], mark="7.2", stars=1),
        ...       Provider("b", "Werkfit", [("3511 AB", "Utrecht")], mark="8.1", stars=1,
        ...                presentation="loopbaancoaching en jobcoaching")]
        >>> [h.provider.id for h in search_providers(ps)]
        ['b', 'a']
        >>> [h.provider.id for h in search_providers(ps, query="cooperatie")]
        ['a']
        >>> [h.provider.id for h in search_providers(ps, query="loopbaan coaching")]   # by mark
        ['b', 'a']
        >>> [h.provider.id for h in search_providers(ps, near="3512", order="distance")]
        ['b', 'a']
    """
    rules = ruleset(rules)
    items = as_items(providers, "providers")
    for i, p in enumerate(items):
        if not isinstance(p, Provider):
            raise invalid(f"providers[{i}]", p, "expected a Provider")
        if p.rules is not rules:
            _check_against(p, rules, f"providers[{i}].")
            check_services(p.top_services, field=f"providers[{i}].top_services", rules=rules)
    seen: set[str] = set()
    for p in items:
        if p.id in seen:
            raise invalid("providers", p.id, "provider id listed twice")
        seen.add(p.id)
    if order is not None and (not isinstance(order, str) or order not in ("mark", "stars", "distance", "relevance")):
        raise invalid("order", order, "must be 'mark', 'stars', 'distance' or 'relevance'")
    if order == "distance" and near is None:
        raise invalid("order", order, "ordering by distance needs 'near'")
    if within is not None and near is None:
        raise invalid("within", within, "a distance limit needs 'near'")
    if geocoder is not None and not isinstance(geocoder, Geocoder):
        raise invalid("geocoder", geocoder, "expected a Geocoder (an object with lookup(postcode))")
    words: list[str] = []
    if query is not None:
        words = list(dict.fromkeys(normalise_text(as_text(query, "query", required=False, max_length=1000)).split()))
        if not words:
            raise invalid("query", query, "no words to search for")
    if order == "relevance" and not words:
        raise invalid("order", order, "ordering by relevance needs a query")
    if service is not None:
        service = check_services([service], field="service", rules=rules)[0].number
    group = None if target_group is None else normalise_text(as_text(target_group, "target_group", max_length=200))
    if isinstance(within, str):  # blank text trips an assertion inside pint: refuse it first
        as_text(within, "within", max_length=100)
    limit_m = None if within is None else as_length_m(within, "within")

    hits: list[SearchHit] = []
    origin = None
    geo = geocoder
    if near is not None:
        where = _location(near, "near")
        geo = geo or get_geocoder()
        origin = geo.lookup(where)
    for p in items:
        if service is not None and service not in p.top_services:
            continue
        if group is not None and group not in {normalise_text(g) for g in p.top_target_groups}:
            continue
        matched: tuple[str, ...] = ()
        if words:
            texts = p.searchable_text().values()
            matched = tuple(w for w in words if any(w in t for t in texts))
            if not matched:
                continue
        hits.append(SearchHit(p, None, None, matched))

    if origin is not None and geo is not None:
        hits = _with_distances(hits, origin, geo, limit_m)

    default = rules.parameter("search_default_order")
    if default not in ("mark", "stars"):
        raise InvalidValueError("search_default_order", default, "must be 'mark' or 'stars'")
    chosen: Order = order or ("distance" if near is not None else default)
    if chosen == "mark":
        hits.sort(key=lambda h: (_mark_key(h.provider), -h.provider.stars, _name_key(h.provider)))
    elif chosen == "stars":
        hits.sort(key=lambda h: (-h.provider.stars, _mark_key(h.provider), _name_key(h.provider)))
    elif chosen == "distance":
        hits.sort(key=lambda h: (h.distance_m if h.distance_m is not None else float("inf"),
                                 _mark_key(h.provider), _name_key(h.provider)))
    else:
        hits.sort(key=lambda h: (-len(h.matched), _mark_key(h.provider), -h.provider.stars,
                                 _name_key(h.provider)))
    return hits
