"""Offline geocoder from the shipped PC4 centroid table (GeoNames, CC BY 4.0)."""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources

from blikopwerk._errors import UnknownPostcodeError
from blikopwerk._geo import GeoPoint
from blikopwerk._postcode import PC4, Postcode, parse_area

__all__ = ["OfflineGeocoder", "pc4_table"]

ATTRIBUTION = "Postcode centroids: GeoNames (geonames.org), CC BY 4.0"


@cache
def pc4_table() -> dict[str, tuple[str, float, float]]:
    """PC4 -> (place, lat, lon) from the package data (loaded once)."""
    text = resources.files("blikopwerk").joinpath("data/nl_pc4_centroids.csv").read_text("utf-8")
    return {
        row["postcode"]: (row["place"], float(row["lat"]), float(row["lon"]))
        for row in csv.DictReader(io.StringIO(text))
    }


class OfflineGeocoder:
    """Postcode -> PC4 area centroid, from a table shipped with the package.

    A full postcode is located by its PC4 area (K-PC-1); the point's ``precision`` is
    ``"pc4"``. Data: GeoNames (geonames.org), CC BY 4.0.

    Example:
        >>> geo = OfflineGeocoder()
        >>> p = geo.lookup(Postcode.parse("1012 AB"))
        >>> (p.lat, p.lon, p.precision)
        (52.3735, 4.8951, 'pc4')
        >>> geo.place("3511")
        'Utrecht'
        >>> geo.lookup(PC4.parse("4999"))
        Traceback (most recent call last):
        ...
        blikopwerk._errors.UnknownPostcodeError: postcode: not in the offline PC4 table (got '4999')
    """

    name = "offline"
    attribution = ATTRIBUTION

    def __init__(self) -> None:
        self._table = pc4_table()
        self._points: dict[str, GeoPoint] = {}

    def lookup(self, postcode: Postcode | PC4 | str) -> GeoPoint:
        """The PC4 centroid; raises :class:`UnknownPostcodeError` for an unknown area."""
        area = parse_area(postcode)
        point = self._points.get(area.code)
        if point is None:
            try:
                _, lat, lon = self._table[area.code]
            except KeyError:
                raise UnknownPostcodeError(
                    "postcode", str(postcode), "not in the offline PC4 table"
                ) from None
            point = self._points[area.code] = GeoPoint.from_wgs84(lat, lon, "pc4")
        return point

    def place(self, postcode: Postcode | PC4 | str) -> str:
        """The place name of the area."""
        area = parse_area(postcode)
        try:
            return self._table[area.code][0]
        except KeyError:
            raise UnknownPostcodeError("postcode", str(postcode), "not in the offline PC4 table") from None

    def areas(self) -> list[str]:
        """Every PC4 in the table, sorted."""
        return sorted(self._table)
