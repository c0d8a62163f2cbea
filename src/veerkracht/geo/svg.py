# SPDX-License-Identifier: EUPL-1.2
"""Areas in RD New as SVG paths: small static maps that need no map library and print well.

RD New is already a plane in metres, so fitting it in a box is a scale and a flip of the y axis.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely


def _ring(coords: np.ndarray) -> str:
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords[:-1])
    return f"M{points}Z"


def svg_paths(
    geometries: Sequence[shapely.Geometry], width: float = 240.0, margin: float = 4.0
) -> tuple[list[str], float]:
    """SVG path data for each geometry, fitted to ``width`` (height follows the shape), and that height.

    Geometries are simplified to about half a pixel, so a city's buurten stay a few kilobytes.

    Examples
    --------
    >>> paths, height = svg_paths([shapely.box(0, 0, 1000, 500)], width=104, margin=2)
    >>> paths, height
    (['M102.0,52.0 102.0,2.0 2.0,2.0 2.0,52.0Z'], 54.0)
    """
    shapes = np.asarray(geometries, dtype=object)
    present = [g for g in shapes if g is not None and not shapely.is_empty(g)]
    if not present:
        return ["" for _ in shapes], width
    minx, miny, maxx, maxy = shapely.total_bounds(np.asarray(present, dtype=object))
    scale = (width - 2 * margin) / max(maxx - minx, 1e-9)
    height = (maxy - miny) * scale + 2 * margin
    tolerance = 0.5 / scale

    def project(coords: np.ndarray) -> np.ndarray:
        return np.column_stack(
            [(coords[:, 0] - minx) * scale + margin, height - margin - (coords[:, 1] - miny) * scale]
        )

    out = []
    for geometry in shapes:
        if geometry is None or shapely.is_empty(geometry):
            out.append("")
            continue
        shape = shapely.transform(shapely.simplify(geometry, tolerance, preserve_topology=True), project)
        rings = []
        for polygon in getattr(shape, "geoms", [shape]):
            if polygon.geom_type != "Polygon":
                continue
            rings.append(_ring(np.asarray(polygon.exterior.coords)))
            rings.extend(_ring(np.asarray(hole.coords)) for hole in polygon.interiors)
        out.append("".join(rings))
    return out, float(round(height, 1))
