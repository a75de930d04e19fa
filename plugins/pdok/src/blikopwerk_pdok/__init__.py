"""blikopwerk-pdok: a geocoder on the PDOK Locatieserver for blikopwerk.

Registered as ``pdok`` in the ``blikopwerk.geocoders`` entry-point group, so
``blikopwerk.get_geocoder("pdok")`` or ``BLIKOPWERK_GEOCODER=pdok`` selects it.

Example:
    >>> from blikopwerk.plugins import geocoders
    >>> geocoders.load("pdok") is PdokGeocoder
    True
"""

from __future__ import annotations

from blikopwerk_pdok._cache import Cached, MemoryCache, SqliteCache
from blikopwerk_pdok._errors import PdokError, PdokResponseError, PdokUnavailableError
from blikopwerk_pdok._geocoder import DEFAULT_BASE_URL, PdokGeocoder, PdokSettings, PdokStats

__all__ = [
    "DEFAULT_BASE_URL",
    "Cached",
    "MemoryCache",
    "PdokError",
    "PdokGeocoder",
    "PdokResponseError",
    "PdokSettings",
    "PdokStats",
    "PdokUnavailableError",
    "SqliteCache",
]
