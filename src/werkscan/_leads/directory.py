"""The directory of experts on a map, for anonymous payers (WS-DIR-1, WS-LIC-1, WS-ACC-1b).

One implementation of the rule: :func:`pins_of` decides which establishments of an expert
are on the map (a full visiting address, WS-DIR-1) and places them with the geocoder
(an unknown postcode is an error naming the expert, never a guess).
:func:`directory_for` lists the pins of the licences valid on a day, read from storage;
:func:`directory_map` lists the pins of given expert states, optionally only of licence
holders (:func:`licensed_expert_ids`).

Seed ``000_fce2b4cd91976fe2.txt``: "Werkenden die de Werkscan zelf aanschaffen (prijs
€ 25,-) krijgen de keuze om een Werkscandeskundige te zoeken via Googlemaps. Vermeld u
alleen uw postcode dan bent u niet zichtbaar voor deze groep werkenden." and "Is er geen
licentie dan wordt het bedrijf ook niet meer gevonden in de database."

Two notions of "expert" meet here:

* the licensing side (:class:`~werkscan._licensing.records.LicenceExpert`) knows an
  expert on a licence by **e-mail address** (stored lower-cased by
  :meth:`werkscan.LicenceService.add_expert`), after the training check of WS-LIC-2;
* the leads side (:class:`~werkscan._leads.records.Expert`) knows an expert by
  **expert id**, with an e-mail address and the establishments (visiting addresses).

The directory joins them on the e-mail address, compared case-insensitively: the pins of a
licence are the establishments of every lead-side expert whose e-mail is on that licence.
A licence expert without such a profile has no known address, so is not on the map.
"""


from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Iterator
from typing import TYPE_CHECKING, Any

import attrs

from blikopwerk._calendar import dutch_day
from blikopwerk._errors import InvalidValueError, UnknownPostcodeError
from blikopwerk._geo import GeoPoint, as_length_m, geodesic_m, km
from blikopwerk._postcode import PC4, Postcode, parse_area
from blikopwerk._protocols import Geocoder, Storage
from werkscan._leads.records import Establishment, Expert, ExpertState, require_leads
from werkscan._licensing.records import Licence, require_licensing

if TYPE_CHECKING:
    import pint

__all__ = ["DirectoryEntry", "LicensedListing", "directory_for", "directory_map", "licensed_expert_ids",
           "pins_of"]


@attrs.frozen
class DirectoryEntry:
    """One pin on the map: an expert's establishment with a full visiting address."""

    expert_id: str
    name: str
    address: str
    postcode: str
    point: GeoPoint
    keurmerk: bool


class _Places:
    """Geocoder lookups, once per postcode."""

    def __init__(self, geocoder: Geocoder) -> None:
        self.geocoder = geocoder
        self.points: dict[str, GeoPoint] = {}

    def __call__(self, code: str, est: Establishment) -> GeoPoint:
        point = self.points.get(code)
        if point is None:
            point = self.points[code] = self.geocoder.lookup(est.postcode)
        return point


def pins_of(expert: Expert, place: Any, *, context: str = "") -> Iterator[tuple[Establishment, str, GeoPoint]]:
    """The establishments of ``expert`` on the directory map, placed (WS-DIR-1).

    An establishment is on the map only with a full visiting address: a street address
    and a full postcode (K-PC-2); an expert who lists only a postcode is not on it (seed
    000: "Vermeld u alleen uw postcode dan bent u niet zichtbaar"). ``place(code,
    establishment)`` gives the point; an unknown postcode raises
    :class:`~blikopwerk.UnknownPostcodeError` naming the expert's establishment.

    Yields:
        ``(establishment, postcode text, point)``.

    Example:
        >>> from blikopwerk import OfflineGeocoder
        >>> e = Expert("E1", "A", "a@example.nl", [Establishment("3811 AB", "Stationsplein 1"),
        ...                                        Establishment("3811")], 1)
        >>> geo = OfflineGeocoder()
        >>> [code for _, code, _ in pins_of(e, lambda code, est: geo.lookup(est.postcode))]
        ['3811 AB']
    """
    for i, est in enumerate(expert.establishments):
        if not est.full_address or est.address is None:
            continue  # postcode only: not on the map (WS-DIR-1)
        code = str(est.postcode)
        try:
            point = place(code, est)
        except UnknownPostcodeError as exc:
            raise UnknownPostcodeError(
                f"experts[{expert.id}].establishments[{i}].postcode", code,
                f"{exc.reason}; expert {expert.id!r}{context} cannot be placed on the map") from None
        yield est, code, point


def directory_map(states: Iterable[ExpertState], geocoder: Geocoder | None = None, *,
                  licence_holders: Collection[str] | None = None) -> list[DirectoryEntry]:
    """The pins of the directory map for given experts (WS-DIR-1).

    The establishments with a full visiting address (``pins_of``, WS-DIR-1). Pass
    ``licence_holders`` (e.g. :func:`licensed_expert_ids`) to show only experts with a
    Werkscan licence; :func:`directory_for` does both from storage in one call. Sorted by
    expert id, then address.

    Raises:
        UnknownPostcodeError: a listed establishment's postcode is unknown to the
            geocoder (default: the offline PC4 table); the message names the expert.

    Example:
        >>> full = Expert("E1", "A", "a@example.nl", [Establishment("3811 AB", "Stationsplein 1")], 1)
        >>> bare = Expert("E2", "B", "b@example.nl", [Establishment("3811")], 1)
        >>> [e.expert_id for e in directory_map([ExpertState(full), ExpertState(bare)])]
        ['E1']
    """
    if geocoder is None:
        from blikopwerk._backends.offline_geocoder import OfflineGeocoder

        geocoder = OfflineGeocoder()
    place = _Places(geocoder)
    entries = []
    for state in states:
        expert = state.expert
        if licence_holders is not None and expert.id not in licence_holders:
            continue
        for est, code, point in pins_of(expert, place):
            assert est.address is not None  # pins_of yields full addresses only
            entries.append(DirectoryEntry(expert.id, expert.name, est.address, code, point, expert.keurmerk))
    return sorted(entries, key=lambda e: (e.expert_id, e.address))


@attrs.frozen
class LicensedListing:
    """One pin on the directory map: a licence holder's expert at a visiting address.

    It holds what the public map shows, and nothing about workers: the licence and its
    company and contact (listed while the licence is valid, WS-LIC-1), the expert, the
    establishment's street address and full postcode (K-PC-2, WS-DIR-1), its point (the
    geocoder's centroid, K-GEO-1), the Keurmerk flag and, for a search near a postcode,
    the geodesic distance in metres. An anonymous payer's choice is recorded by the
    ``licence_id`` (:meth:`werkscan.AccessService.choose_expert`).

    Example:
        >>> from blikopwerk import GeoPoint
        >>> pin = LicensedListing("L1", "Arbo BV", "Anna de Vries", "E1", "A. Deskundige",
        ...                       "Stationsplein 1", "3811 AB", GeoPoint.from_wgs84(52.1561, 5.3878),
        ...                       False, 12345.6)
        >>> f"{pin.distance:.1f~P}", pin.to_json()["distance_km"]
        ('12.3 km', 12.346)
    """

    licence_id: str
    company: str
    contact_name: str
    expert_id: str
    expert_name: str
    address: str
    postcode: str
    point: GeoPoint
    keurmerk: bool
    distance_m: float | None = None

    @property
    def distance(self) -> pint.Quantity[Any] | None:
        """The distance from the searched postcode as a pint quantity in km, or ``None``."""
        return None if self.distance_m is None else km(self.distance_m)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (coordinates in WGS84 degrees, distance in km to 3 decimals)."""
        return {
            "licence_id": self.licence_id, "company": self.company, "contact_name": self.contact_name,
            "expert_id": self.expert_id, "expert_name": self.expert_name, "address": self.address,
            "postcode": self.postcode, "lat": self.point.lat, "lon": self.point.lon,
            "keurmerk": self.keurmerk,
            "distance_km": None if self.distance_m is None else round(self.distance_m / 1000, 3),
        }


def _check_day(on: Any) -> dt.date:
    if isinstance(on, dt.datetime) or not isinstance(on, dt.date):
        raise InvalidValueError("on", on, "expected a date")
    return on


def _licensed_experts(storage: Storage, on: dt.date) -> list[tuple[Licence, list[Expert]]]:
    """Valid licences on ``on`` with the lead-side experts on each (joined by e-mail)."""
    licensing = require_licensing(storage)
    leads = require_leads(storage)
    by_email: dict[str, list[Expert]] = {}
    for state in leads.experts.states():
        by_email.setdefault(state.expert.email.casefold(), []).append(state.expert)
    result = []
    for licence in licensing.licences.valid_on(on):
        experts: dict[str, Expert] = {}
        for member in licensing.licences.experts(licence.id):
            if dutch_day(member.added_at, field="added_at") > on:
                continue  # not yet on the licence that day
            for expert in by_email.get(member.expert_email.casefold(), []):
                experts[expert.id] = expert
        result.append((licence, [experts[k] for k in sorted(experts)]))
    return result


def licensed_expert_ids(storage: Storage, on: dt.date) -> frozenset[str]:
    """Lead-side expert ids on a licence valid on ``on`` (WS-LIC-1), joined by e-mail.

    The set to pass as ``licence_holders=`` to :func:`werkscan.directory_map`.

    Args:
        storage: a backend with the licensing and the leads repositories.
        on: the day.

    Returns:
        The expert ids.

    Example:
        >>> import datetime as dt
        >>> from blikopwerk import MemoryStorage
        >>> from werkscan._leads.records import Establishment, Expert
        >>> from werkscan import ExpertService, LicenceService
        >>> s = MemoryStorage()
        >>> now = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
        >>> lic = LicenceService(s)
        >>> _ = lic.create("Arbo BV", "Anna", "anna@arbo.example", dt.date(2026, 1, 1),
        ...                dt.date(2026, 12, 31), licence_id="L1")
        >>> _ = lic.verify_training("a@arbo.example", "A", dt.date(2025, 6, 1))
        >>> lic.add_expert("L1", "a@arbo.example", now=now)
        True
        >>> ExpertService(s).register(Expert("E1", "A", "A@arbo.example", [Establishment("3811")], 5), now)
        >>> sorted(licensed_expert_ids(s, dt.date(2026, 6, 1))), sorted(licensed_expert_ids(s, dt.date(2027, 1, 1)))
        (['E1'], [])
    """
    day = _check_day(on)
    return frozenset(e.id for _, experts in _licensed_experts(storage, day) for e in experts)


def directory_for(storage: Storage, on: dt.date, near: Postcode | PC4 | str | None = None, *,
                  limit: int | None = None, within: Any = None,
                  geocoder: Geocoder | None = None) -> list[LicensedListing]:
    """The directory map of licence holders on ``on`` (WS-DIR-1, WS-LIC-1, WS-ACC-1b).

    For every licence valid on ``on`` (both period ends included; an expired or not yet
    started licence is not found), the pins are the establishments of the licence's
    experts (joined to the leads' expert profiles by e-mail, see the module docs; an
    expert added to the licence after ``on``, on Dutch time, is left out) that have a full visiting
    address: a street address and a full postcode (K-PC-2). An establishment with only a
    postcode is not on the map. An expert on two valid licences has a pin under each,
    since the payer's choice is recorded per licence.

    A pure function of repository reads: nothing is written.

    Args:
        storage: a backend with both the licensing (``licences``) and the leads
            (``experts``) repositories, e.g. ``memory://`` or ``sqlite:///...``.
        on: the day the directory is shown.
        near: a postcode or PC4 area: pins are then sorted by geodesic distance from its
            centroid (K-GEO-1), nearest first.
        limit: at most this many pins (after sorting); ``None`` for all.
        within: with ``near``, keep pins at most this far (inclusive), e.g. ``"25 km"``.
        geocoder: the geocoder (default: the one named in the settings, ``get_geocoder()``).

    Returns:
        The pins; with ``near`` by distance, then company, licence, expert and address;
        without it by company, licence, expert and address.

    Raises:
        InvalidValueError: a bad ``on``, ``near``, ``limit`` or ``within``.
        UnknownPostcodeError: ``near``, or a listed establishment's postcode, is unknown to
            the geocoder (the message names the expert; nothing is guessed).
        PluginError: the storage lacks the licensing or the leads repositories.

    Example:
        >>> import datetime as dt
        >>> from blikopwerk import MemoryStorage
        >>> from werkscan._leads.records import Establishment, Expert
        >>> from werkscan import ExpertService, LicenceService
        >>> s = MemoryStorage()
        >>> now = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
        >>> lic = LicenceService(s)
        >>> for lid, mail, until in (("L1", "a@one.example", dt.date(2026, 12, 31)),
        ...                          ("L2", "b@two.example", dt.date(2026, 3, 31))):
        ...     _ = lic.create("Arbo " + lid, "Contact", "info@x.example", dt.date(2026, 1, 1),
        ...                    until, licence_id=lid)
        ...     _ = lic.verify_training(mail, "X", dt.date(2025, 6, 1))
        ...     _ = lic.add_expert(lid, mail, now=now)
        >>> experts = ExpertService(s)
        >>> experts.register(Expert("E1", "A", "a@one.example",
        ...     [Establishment("1012 AB", "Dam 1"), Establishment("3811")], 5), now)
        >>> experts.register(Expert("E2", "B", "b@two.example", [Establishment("3511 AB", "Vredenburg 1")], 5), now)
        >>> [(p.expert_id, p.postcode) for p in directory_for(s, dt.date(2026, 2, 1), near="3811")]
        [('E2', '3511 AB'), ('E1', '1012 AB')]
        >>> [p.licence_id for p in directory_for(s, dt.date(2026, 6, 1))]  # L2 expired
        ['L1']
    """
    day = _check_day(on)
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise InvalidValueError("limit", limit, "must be a whole number >= 1, or None")
    if within is not None and near is None:
        raise InvalidValueError("within", within, "a distance limit needs 'near'")
    limit_m = None if within is None else as_length_m(within, "within")
    origin_area = None
    if near is not None:
        origin_area = (Postcode.parse(near, "near") if isinstance(near, str) and len(near.replace(" ", "")) > 4
                       else parse_area(near, "near"))
    holders = _licensed_experts(storage, day)
    if geocoder is None:
        from blikopwerk._select import get_geocoder

        geocoder = get_geocoder()
    origin = None
    if origin_area is not None:
        try:
            origin = geocoder.lookup(origin_area)
        except UnknownPostcodeError as exc:
            raise UnknownPostcodeError("near", str(origin_area), exc.reason) from None

    place = _Places(geocoder)
    pins: list[LicensedListing] = []
    for licence, experts in holders:
        for expert in experts:
            for est, code, point in pins_of(expert, place, context=f" on licence {licence.id!r}"):
                assert est.address is not None  # pins_of yields full addresses only
                metres = None if origin is None else geodesic_m(origin, point)
                if limit_m is not None and metres is not None and metres > limit_m:
                    continue
                pins.append(LicensedListing(licence.id, licence.company, licence.contact_name, expert.id,
                                            expert.name, est.address, code, point, expert.keurmerk, metres))
    if origin is not None:
        pins.sort(key=lambda p: (p.distance_m, p.company, p.licence_id, p.expert_id, p.address))
    else:
        pins.sort(key=lambda p: (p.company, p.licence_id, p.expert_id, p.address))
    return pins if limit is None else pins[:limit]
