# SPDX-License-Identifier: EUPL-1.2
"""Coordinate systems: geometry is kept in RD New and served in WGS84."""

from functools import cache

from pyproj import Transformer

RD_NEW = "EPSG:28992"
WGS84 = "EPSG:4326"


@cache
def rd_to_wgs84() -> Transformer:
    """Transformer from RD New to longitude/latitude (x = lon, y = lat)."""
    return Transformer.from_crs(RD_NEW, WGS84, always_xy=True)


@cache
def wgs84_to_rd() -> Transformer:
    """Transformer from longitude/latitude to RD New."""
    return Transformer.from_crs(WGS84, RD_NEW, always_xy=True)
