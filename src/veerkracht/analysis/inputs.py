# SPDX-License-Identifier: EUPL-1.2
"""Gather the frames of an analysis run from the areas and the value store, in one indeling.

Values come in the indeling of their own year. Squares and complexes are placed in the buurten of the
run's indeling by where they lie; buurt and wijk values of a year with another indeling are carried
across the boundary change with crosswalk weights (dwelling-weighted through the squares where there
are any, by surface otherwise), flagged as estimated and recorded in the run.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from veerkracht.areas.lookup import AreaIndex
from veerkracht.areas.models import Area, AreaLevel, AreaSetMembership
from veerkracht.areas.queries import area_index, valid_in
from veerkracht.geo.crosswalk import crosswalk_weights
from veerkracht.geo.levels import NATIONAL_CODE
from veerkracht.geo.squares import square_centres
from veerkracht.indicators.models import ImportRun
from veerkracht.indicators.queries import active_runs, catalogue_specs
from veerkracht.indicators.services import value_store
from veerkracht.monitor import AnalysisInputs
from veerkracht.monitor.crosswalk import crosswalk_values

LAND = NATIONAL_CODE
POINT_WEIGHT = "woningen"  # dwellings: the public stand-in for address points in a crosswalk


class InputsError(ValueError):
    """The data needed for the run is not there; the message says what is missing."""


@dataclass
class GatheredInputs:
    inputs: AnalysisInputs
    crosswalks: list[dict[str, object]] = field(default_factory=list)
    synthetic: bool = False


def _areas_of(gemeenten: Sequence[str], year: int) -> list[Area]:
    levels = [AreaLevel.GEMEENTE, AreaLevel.WIJK, AreaLevel.BUURT, AreaLevel.RAYON, AreaLevel.COMPLEX]
    areas = list(
        valid_in(year).filter(gemeente_code__in=gemeenten, level__in=levels).select_related("parent")
    )
    if not any(a.level == AreaLevel.BUURT for a in areas):
        raise InputsError(f"geen buurten van {', '.join(gemeenten)} in de indeling van {year}")
    return areas


def _square_bbox(areas: list[Area]) -> tuple[int, int, int, int]:
    """The hectometre box around the gemeenten, to read only their squares from a national grid."""
    boxes = [
        (a.min_x, a.min_y, a.max_x, a.max_y)
        for a in areas
        if a.level == AreaLevel.GEMEENTE
        and a.min_x is not None
        and a.min_y is not None
        and a.max_x is not None
        and a.max_y is not None
    ]
    if not boxes:
        raise InputsError("de gemeenten hebben geen geometrie om hun vierkanten te vinden")
    west, south = min(b[0] for b in boxes), min(b[1] for b in boxes)
    east, north = max(b[2] for b in boxes), max(b[3] for b in boxes)
    return int(west // 100) - 1, int(south // 100) - 1, int(east // 100) + 1, int(north // 100) + 1


def _place(codes: np.ndarray, xs: np.ndarray, ys: np.ndarray, year: int) -> pd.DataFrame:
    """Membership edges from fine units to the buurt that contains their point."""
    located = area_index("buurt", year).locate_many(xs, ys)
    edges = pd.DataFrame({"child_code": codes, "parent_code": located})
    return edges.dropna(subset=["parent_code"])


def _indeling_of(gemeenten: Sequence[str], year: int) -> int | None:
    """The first year of the buurt indeling that is valid in ``year``."""
    return (
        valid_in(year)
        .filter(gemeente_code__in=gemeenten, level=AreaLevel.BUURT)
        .values_list("valid_from", flat=True)
        .first()
    )


def _crosswalk(
    values: pd.DataFrame,
    period: int,
    target_year: int,
    gemeenten: Sequence[str],
    squares: pd.DataFrame,
    catalogue: list[dict[str, object]],
) -> tuple[pd.DataFrame, dict[str, object] | None]:
    """Carry the buurt and wijk values of one period into the target indeling."""
    source_year = _indeling_of(gemeenten, period)
    if source_year is None or source_year == target_year:
        return values, None
    carried, changed = [], 0
    for level in (AreaLevel.BUURT, AreaLevel.WIJK):
        old = {a.code: a.geometry for a in valid_in(period).filter(gemeente_code__in=gemeenten, level=level)}
        new = {
            a.code: a.geometry for a in valid_in(target_year).filter(gemeente_code__in=gemeenten, level=level)
        }
        points = squares[squares["period"] == period] if len(squares) else None
        weights = crosswalk_weights(old, new, points)
        changed += int((weights["method"] != "ongewijzigd").sum())
        part = values[values["area_code"].isin(old)]
        synthetic = bool(part["synthetic"].any()) if len(part) else False
        carried.append(crosswalk_values(part, weights, catalogue).assign(level=level, synthetic=synthetic))
    untouched = values[~values["level"].isin([AreaLevel.BUURT, AreaLevel.WIJK])]
    result = pd.concat([untouched, *carried], ignore_index=True)
    record = {
        "period": period,
        "from_indeling": source_year,
        "to_indeling": target_year,
        "changed_links": changed,
        "method": "adressen (woningen per 100 m-vierkant) waar beschikbaar, anders oppervlakte",
    }
    return result, record


def gather_inputs(gemeenten: Sequence[str], periods: Sequence[int], indeling_year: int) -> GatheredInputs:
    """Build the monitor's frames for the gemeenten, periods and indeling of a run."""
    areas = _areas_of(gemeenten, indeling_year)
    store = value_store()
    runs = active_runs()
    codes_any_year = list(
        Area.objects.filter(gemeente_code__in=gemeenten).values_list("code", flat=True).distinct()
    )
    cbs_values = store.query(runs, periods=periods, area_codes=[*codes_any_year, LAND])
    square_values = store.query(runs, periods=periods, levels=["square"], square_bbox=_square_bbox(areas))
    if cbs_values.empty and square_values.empty:
        raise InputsError("er staan geen waarden in de waardenopslag voor deze gemeente en jaren")

    square_codes = square_values["area_code"].unique()
    xs, ys = square_centres(square_codes)
    square_edges = _place(square_codes, xs, ys, indeling_year)
    square_values = square_values[square_values["area_code"].isin(square_edges["child_code"])]
    dwellings = square_values[square_values["indicator"] == POINT_WEIGHT]
    sx, sy = square_centres(dwellings["area_code"].to_numpy())
    points = pd.DataFrame(
        {
            "x": sx,
            "y": sy,
            "weight": dwellings["value"].fillna(0).to_numpy(),
            "period": dwellings["period"].to_numpy(),
        }
    )

    catalogue = catalogue_specs()
    crosswalks = []
    in_target = {a.code for a in areas}
    frames = []
    target = _indeling_of(gemeenten, indeling_year) or indeling_year
    for period, part in cbs_values.groupby("period"):
        carried, record = _crosswalk(part, int(period), target, gemeenten, points, catalogue)
        if record:
            crosswalks.append(record)
        frames.append(carried)
    values = pd.concat([*frames, square_values], ignore_index=True) if frames else square_values
    values = values[values["area_code"].isin(in_target | {LAND}) | (values["level"] == "square")]

    area_rows = [(a.code, a.level, a.name) for a in areas] + [(LAND, "land", "Nederland")]
    area_rows += [(code, "square", code) for code in square_edges["child_code"]]
    area_frame = pd.DataFrame(area_rows, columns=["area_code", "level", "name"])
    edges = [square_edges]
    complexes = [a for a in areas if a.level == AreaLevel.COMPLEX]
    if complexes:
        points_c = [a.geometry.representative_point() for a in complexes]
        edges.append(
            _place(
                np.array([a.code for a in complexes]),
                np.array([p.x for p in points_c]),
                np.array([p.y for p in points_c]),
                indeling_year,
            )
        )
    hierarchy = [
        (a.code, a.parent.code)
        for a in areas
        if a.parent is not None and a.level in (AreaLevel.BUURT, AreaLevel.WIJK)
    ]
    # No gemeente -> NL00 edges: the loaded gemeenten are not the country. National figures come only
    # from national sources (the Leefbaarometer's national file, CBS's NL row).
    rayons = AreaSetMembership.objects.filter(area_set__in=[a for a in areas if a.level == AreaLevel.RAYON])
    hierarchy += [
        (m.member.code, m.area_set.code)
        for m in rayons.select_related("member", "area_set")
        if m.member.code in in_target
    ]
    edges.append(pd.DataFrame(hierarchy, columns=["child_code", "parent_code"]))
    membership = pd.concat(edges, ignore_index=True).drop_duplicates()

    used_runs = sorted(set(cbs_values.get("run", pd.Series(dtype=int))) | set(square_values.get("run", [])))
    identifiers = {
        f"import_run:{run.pk}": f"{run.source_name} sha256:{run.source_sha256}"
        for run in ImportRun.objects.filter(pk__in=used_runs)
    }
    synthetic = bool(values.get("synthetic", pd.Series(dtype=bool)).any())
    inputs = AnalysisInputs(
        values=values.drop(columns=[c for c in ("run", "level") if c in values.columns]),
        areas=area_frame,
        membership=membership,
        catalogue=catalogue,
        identifiers=identifiers,
    )
    return GatheredInputs(inputs=inputs, crosswalks=crosswalks, synthetic=synthetic)


def complexes_of_hotspots(hotspots: pd.DataFrame, gemeenten: Sequence[str], year: int) -> pd.DataFrame:
    """Name the corporation complex each hidden-hotspot square lies in: a corporation knows its building."""
    if hotspots.empty:
        return hotspots.assign(complex_code=pd.Series(dtype="string"))
    complexes = list(valid_in(year).filter(gemeente_code__in=gemeenten, level=AreaLevel.COMPLEX))
    codes = hotspots["area_code"].astype(str).to_numpy()
    is_square = (hotspots["level"] == "square").to_numpy()
    found: list[str | None] = [None] * len(hotspots)
    if complexes and is_square.any():
        index = AreaIndex([c.code for c in complexes], [c.geometry for c in complexes])
        xs, ys = square_centres(codes[is_square])
        for position, code in zip(np.flatnonzero(is_square), index.locate_many(xs, ys), strict=True):
            found[position] = code
    return hotspots.assign(complex_code=pd.array(found, dtype="string"))


def national_reference_change(indicator: str, start: int, end: int) -> tuple[float, int, str] | None:
    """The mean change of all Dutch wijken that have the indicator at both ends, how many, and a note.

    Used when the value store has no national figure (NL00) for the indicator: the Leefbaarometer
    wijk download covers every Dutch wijk, so the plain mean over them is the national development it
    allows (the file carries no inhabitants to weight by). The Leefbaarometer is published every two
    years; a year between two editions (2021) is interpolated linearly per wijk, and the note says so.
    """
    values = value_store().query(active_runs(), indicators=[indicator], levels=["wijk"])
    if values.empty:
        return None
    table = values.pivot_table(index="area_code", columns="period", values="value", aggfunc="first")
    published = sorted(int(p) for p in table.columns if table[p].notna().any())
    notes = []
    for year in (start, end):
        if year in published:
            continue
        before = [p for p in published if p < year]
        after = [p for p in published if p > year]
        if not before or not after:
            return None
        low, high = before[-1], after[0]
        share = (year - low) / (high - low)
        table[year] = table[low] + share * (table[high] - table[low])
        notes.append(f"{year} geïnterpoleerd tussen {low} en {high}")
    both = table[[start, end]].dropna()
    if both.empty:
        return None
    return float((both[end] - both[start]).mean()), len(both), "; ".join(notes)
