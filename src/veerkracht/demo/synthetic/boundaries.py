# SPDX-License-Identifier: EUPL-1.2
"""Boundary changes: splitting one buurt into two new buurten from a given year on."""

import numpy as np
import shapely
from shapely import affinity
from shapely.geometry import Polygon, box


def split_in_two(polygon: Polygon) -> tuple[shapely.Geometry, shapely.Geometry, tuple[str, str]]:
    """Cut a polygon across its longest axis through its centroid.

    Returns both halves and Dutch direction suffixes for them ("Noord"/"Zuid" or "West"/"Oost").
    """
    rectangle = shapely.minimum_rotated_rectangle(polygon)
    corners = np.asarray(rectangle.exterior.coords)[:4]
    edges = np.diff(np.vstack((corners, corners[:1])), axis=0)
    longest = edges[int(np.argmax(np.linalg.norm(edges, axis=1)))]
    angle = float(np.degrees(np.arctan2(longest[1], longest[0])))
    centre = polygon.centroid
    reach = 4 * float(np.sqrt(polygon.area)) + 1_000.0
    first_half = affinity.rotate(box(-reach, -reach, 0.0, reach), angle, origin=(0, 0))
    first_half = affinity.translate(first_half, centre.x, centre.y)
    a = shapely.set_precision(polygon.intersection(first_half), 0.01)
    b = shapely.set_precision(polygon.difference(a), 0.01)
    dx = b.centroid.x - a.centroid.x
    dy = b.centroid.y - a.centroid.y
    if abs(dy) >= abs(dx):
        return (a, b, ("Zuid", "Noord")) if dy > 0 else (a, b, ("Noord", "Zuid"))
    return (a, b, ("West", "Oost")) if dx > 0 else (a, b, ("Oost", "West"))
