"""Coordinates and distances (K-GEO-1), with pint quantities at the API surface."""

from __future__ import annotations

import math
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

import attrs

from blikopwerk._errors import InvalidValueError

if TYPE_CHECKING:
    import pint

__all__ = ["GeoPoint", "as_length_m", "distance", "km", "rd_distance_m", "ureg", "within"]


@cache
def ureg() -> pint.UnitRegistry[Any]:
    """The library's pint unit registry (loaded on first use)."""
    import pint

    return pint.UnitRegistry()


@cache
def _geod() -> Any:
    from pyproj import Geod

    return Geod(ellps="WGS84")


@cache
def _to_rd() -> Any:
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)


def _check_lat_lon(lat: float, lon: float) -> None:
    if not (isinstance(lat, int | float) and -90 <= lat <= 90):
        raise InvalidValueError("lat", lat, "latitude must be a number in -90..90")
    if not (isinstance(lon, int | float) and -180 <= lon <= 180):
        raise InvalidValueError("lon", lon, "longitude must be a number in -180..180")


@attrs.frozen
class GeoPoint:
    """A point in WGS84 degrees, with its RD New (EPSG:28992) metres.

    ``precision`` says what the point stands for: a PC4 area centroid, a PC6 street point,
    or an address.

    Example:
        >>> p = GeoPoint.from_wgs84(52.3735, 4.8951)
        >>> round(p.rd_x), round(p.rd_y)
        (121488, 487405)
    """

    lat: float
    lon: float
    rd_x: float
    rd_y: float
    precision: Literal["pc4", "pc6", "address"] = "pc4"

    @classmethod
    def from_wgs84(
        cls, lat: float, lon: float, precision: Literal["pc4", "pc6", "address"] = "pc4"
    ) -> GeoPoint:
        """Build from WGS84 latitude and longitude; RD New is computed with pyproj."""
        _check_lat_lon(lat, lon)
        x, y = _to_rd().transform(lon, lat)
        return cls(float(lat), float(lon), float(x), float(y), precision)


def as_length_m(value: Any, field: str = "distance") -> float:
    """Metres from a pint length quantity or a string like ``"50 km"``.

    Example:
        >>> as_length_m("50 km")
        50000.0
        >>> as_length_m("3 kg")
        Traceback (most recent call last):
        ...
        blikopwerk._errors.InvalidValueError: distance: must be a length such as '50 km' (got '3 kg')
    """
    reg = ureg()
    if isinstance(value, str) and len(value) > 100:
        raise InvalidValueError(field, value, "must be a length such as '50 km' (too long)")
    if not isinstance(value, str | reg.Quantity):
        raise InvalidValueError(field, value, "must be a length such as '50 km'")
    try:
        quantity = reg.Quantity(value) if isinstance(value, str) else value
        metres = float(quantity.to(reg.metre).magnitude)
    except Exception:  # pint's parser fails in many ways (syntax, units, 1/0, overflow)
        raise InvalidValueError(field, value, "must be a length such as '50 km'") from None
    if not math.isfinite(metres) or metres < 0:
        raise InvalidValueError(field, value, "must be a finite length >= 0")
    return metres


def geodesic_m(a: GeoPoint, b: GeoPoint) -> float:
    """Geodesic distance on the WGS84 ellipsoid in metres (pyproj ``Geod``, K-GEO-1)."""
    _, _, metres = _geod().inv(a.lon, a.lat, b.lon, b.lat)
    return float(metres)


def rd_distance_m(a: GeoPoint, b: GeoPoint) -> float:
    """Euclidean distance in RD New metres: within 25 m of geodesic in NL; for candidates only."""
    return math.hypot(a.rd_x - b.rd_x, a.rd_y - b.rd_y)


def km(metres: float) -> pint.Quantity[Any]:
    """A distance in metres as a pint quantity in kilometres (for results and displays).

    Example:
        >>> f"{km(35150.4):.2f~P}"
        '35.15 km'
    """
    reg = ureg()
    result: pint.Quantity[Any] = (metres * reg.metre).to(reg.kilometre)
    return result


def _points(a: object, b: object) -> None:
    for field, point in (("a", a), ("b", b)):
        if not isinstance(point, GeoPoint):
            raise InvalidValueError(field, point, "expected a GeoPoint")


def distance(a: GeoPoint, b: GeoPoint) -> pint.Quantity[Any]:
    """Geodesic distance between two points as a pint quantity in km (K-GEO-1).

    Example:
        >>> utrecht = GeoPoint.from_wgs84(52.0886, 5.1174)
        >>> amsterdam = GeoPoint.from_wgs84(52.3735, 4.8951)
        >>> f"{distance(utrecht, amsterdam):.2f~P}"
        '35.15 km'
    """
    _points(a, b)
    return km(geodesic_m(a, b))


def within(a: GeoPoint, b: GeoPoint, limit: Any) -> bool:
    """True when the geodesic distance is at most ``limit`` (inclusive, K-GEO-1).

    ``limit`` is a pint length or a string like ``"50 km"``.
    """
    _points(a, b)
    return geodesic_m(a, b) <= as_length_m(limit, "limit")
