"""The directory map of experts for anonymous payers (WS-DIR-1, WS-ACC-1b)."""

from __future__ import annotations

from collections.abc import Collection, Iterable

import attrs

from blikopwerk._backends.offline_geocoder import OfflineGeocoder
from blikopwerk._geo import GeoPoint
from blikopwerk._protocols import Geocoder
from werkscan._leads.records import ExpertState

__all__ = ["DirectoryEntry", "directory_map"]


@attrs.frozen
class DirectoryEntry:
    """One pin on the map: an expert's establishment with a full visiting address."""

    expert_id: str
    name: str
    address: str
    postcode: str
    point: GeoPoint
    keurmerk: bool


def directory_map(states: Iterable[ExpertState], geocoder: Geocoder | None = None, *,
                  licence_holders: Collection[str] | None = None) -> list[DirectoryEntry]:
    """The pins of the directory map (WS-DIR-1).

    An establishment is shown only with a full address (street address and full
    postcode); an expert who lists only a postcode is not on the map (seed 000: "Vermeld
    u alleen uw postcode dan bent u niet zichtbaar"). Pass ``licence_holders`` to show
    only experts with a Werkscan licence. Sorted by expert id, then address.

    Example:
        >>> import datetime as dt
        >>> from werkscan._leads.records import Establishment, Expert
        >>> full = Expert("E1", "A", "a@example.nl", [Establishment("3811 AB", "Stationsplein 1")], 1)
        >>> bare = Expert("E2", "B", "b@example.nl", [Establishment("3811")], 1)
        >>> [e.expert_id for e in directory_map([ExpertState(full), ExpertState(bare)])]
        ['E1']
    """
    geo = geocoder or OfflineGeocoder()
    entries = []
    for state in states:
        expert = state.expert
        if licence_holders is not None and expert.id not in licence_holders:
            continue
        for est in expert.establishments:
            if est.full_address and est.address is not None:
                entries.append(DirectoryEntry(expert.id, expert.name, est.address, str(est.postcode),
                                              geo.lookup(est.postcode), expert.keurmerk))
    return sorted(entries, key=lambda e: (e.expert_id, e.address))
