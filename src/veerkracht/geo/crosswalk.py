# SPDX-License-Identifier: EUPL-1.2
"""Crosswalk weights between two indelingen: how much of each old area lies in each new one.

Where address points (or the populated centroids of CBS squares, their public stand-in) are given,
the weight is the share of the old area's points that falls in the new area: it follows where people
live. Otherwise it is the share of the old area's surface. Areas whose code and shape did not change
map onto themselves with weight 1.

>>> from shapely import box
>>> old = {"BU1": box(0, 0, 2, 1)}
>>> new = {"BU2": box(0, 0, 1, 1), "BU3": box(1, 0, 2, 1)}
>>> crosswalk_weights(old, new).to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
[{'from_code': 'BU1', 'to_code': 'BU2', 'weight': 0.5, 'method': 'oppervlakte'},
 {'from_code': 'BU1', 'to_code': 'BU3', 'weight': 0.5, 'method': 'oppervlakte'}]
"""

from collections.abc import Mapping

import numpy as np
import pandas as pd
import shapely

COLUMNS = ["from_code", "to_code", "weight", "method"]


def crosswalk_weights(
    old: Mapping[str, shapely.Geometry],
    new: Mapping[str, shapely.Geometry],
    points: pd.DataFrame | None = None,
    *,
    minimum_weight: float = 1e-4,
) -> pd.DataFrame:
    """Return (from_code, to_code, weight, method) with weights per old area summing to at most 1.

    Parameters
    ----------
    old, new : mapping of code to geometry
        The two indelingen, in the same projected coordinate system (RD New).
    points : DataFrame with x, y and weight, optional
        Address points (or populated square centroids with their dwellings as weight).
    minimum_weight : float
        Slivers below this share (digitising noise along shared borders) are dropped.
    """
    rows: list[tuple[str, str, float, str]] = []
    new_codes = np.array(list(new), dtype=object)
    new_geoms = np.array([new[c] for c in new_codes], dtype=object)
    tree = shapely.STRtree(new_geoms)
    xs = ys = ws = None
    if points is not None and len(points):
        xs, ys = points["x"].to_numpy(float), points["y"].to_numpy(float)
        ws = points["weight"].to_numpy(float)
        point_geoms = shapely.points(xs, ys)
        point_tree = shapely.STRtree(point_geoms)
    for code, geometry in old.items():
        if code in new and shapely.equals_exact(geometry, new[code], tolerance=0.01):
            rows.append((code, code, 1.0, "ongewijzigd"))
            continue
        candidates = tree.query(geometry, predicate="intersects")
        if len(candidates) == 0:
            continue
        weights: dict[str, float] = {}
        method = "oppervlakte"
        if ws is not None:
            inside = point_tree.query(geometry, predicate="contains")
            total = float(ws[inside].sum())
            if total > 0:
                method = "adressen"
                located = shapely.points(xs[inside], ys[inside])  # type: ignore[index]
                for index in candidates:
                    hit = shapely.contains(new_geoms[index], located)
                    weights[str(new_codes[index])] = float(ws[inside][hit].sum()) / total
        if method == "oppervlakte":
            area = geometry.area
            for index in candidates:
                weights[str(new_codes[index])] = shapely.intersection(geometry, new_geoms[index]).area / area
        rows.extend((code, to, w, method) for to, w in sorted(weights.items()) if w >= minimum_weight)
    return pd.DataFrame(rows, columns=COLUMNS)
