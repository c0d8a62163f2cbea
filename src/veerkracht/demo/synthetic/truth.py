# SPDX-License-Identifier: EUPL-1.2
"""The truth file: what the generator designed (stories, hotspots, WMO mismatches) and what came out.

It is for tests and for checking an analysis, never to be imported as data.
"""

from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from veerkracht.monitor.preset import Thresholds

from .layout import ROLE_INDUSTRIAL, ROLE_SPLIT_PART
from .liveability import REFERENCE_SCORE
from .params import GENERATOR_VERSION
from .setting import Setting
from .simulation import Simulation
from .stories import STORY_CLASSES
from .thresholds import PRESET, preset, preset_thresholds
from .write_leefbaarometer import MIN_DWELLINGS

if TYPE_CHECKING:
    from .city import City


def _definitions(th: Thresholds) -> dict[str, str]:
    return {
        "vulnerable_share": "vulnerable residents (all WoonZorgwijzer-like groups) / inhabitants of the area",
        "concentration_change_pp": "100 * (vulnerable_share[end year] - vulnerable_share[start year]) "
        "of the period, in percentage points",
        "onv_change_vs_national": "(onv[end] - onv[start]) - (national onv[end] - national onv[start]); "
        "onv is the LBM3 dimension 'overlast en onveiligheid', negative is bad",
        "nuisance_level": f"at the end year: much nuisance if onv < {th.nuisance_much}, some if onv < "
        f"{th.nuisance_some}, else little",
        "expected_class": "the seed 001 Kaart 2-26 colour the story is designed to produce",
        "expected_class_key": f"the class of the {PRESET} preset that the observed figures give, by the "
        "preset's thresholds (read from its file) and class table; worked out here, not by the monitor",
    }


def _nuisance(onv: float, th: Thresholds) -> str:
    better = 1.0 if th.higher_is_better else -1.0
    if better * onv < better * th.nuisance_much:
        return "much"
    return "some" if better * onv < better * th.nuisance_some else "little"


def _vulnerable(change_pp: float, residents: float, th: Thresholds) -> str:
    if not np.isfinite(change_pp) or residents < th.minimum_residents:
        return "missing"
    if change_pp > th.vulnerable_increase_above:
        return "increase"
    return "decrease" if change_pp < th.vulnerable_decrease_below else "about_equal"


def _development(relative: float, th: Thresholds) -> str:
    if not np.isfinite(relative):
        return "missing"
    goodness = relative if th.higher_is_better else -relative
    if goodness > th.development_dead_band:
        return "improving"
    return "worsening" if goodness < -th.development_dead_band else "stable"


def expected_class_key(observed: pd.Series, th: Thresholds) -> str:
    """The preset class of one buurt's observed figures: the truth an exact test compares with."""
    level = "missing" if not np.isfinite(observed["onv_end"]) else _nuisance(observed["onv_end"], th)
    categories = (
        _vulnerable(observed["vulnerable_change_pp"], observed["residents"], th),
        level,
        _development(observed["onv_change_vs_national"], th),
    )
    return preset().classify_categories(*categories).key


def _changes(values: pd.DataFrame, key: str, period: tuple[int, int], national: pd.DataFrame) -> pd.DataFrame:
    start, end = period
    national_change = float(
        national.loc[national["jaar"] == end, "onv"].iloc[0]
        - national.loc[national["jaar"] == start, "onv"].iloc[0]
    )
    # Nearly empty areas get no Leefbaarometer score, as in the files the monitor reads.
    scored = values.assign(onv=values["onv"].where(values["dwellings"] >= MIN_DWELLINGS))
    a = scored.loc[scored["jaar"] == start].set_index(key)
    b = scored.loc[scored["jaar"] == end].set_index(key)
    both = a.index.intersection(b.index)
    return pd.DataFrame(
        {
            "vulnerable_change_pp": 100 * (b.loc[both, "vulnerable_share"] - a.loc[both, "vulnerable_share"]),
            "onv_change_vs_national": b.loc[both, "onv"] - a.loc[both, "onv"] - national_change,
            "onv_end": b.loc[both, "onv"],
            "vulnerable_share_end": b.loc[both, "vulnerable_share"],
            "residents": np.fmin(a.loc[both, "inhabitants"], b.loc[both, "inhabitants"]).astype("float64"),
        }
    )


def _round(value: float, digits: int = 4) -> float | None:
    return None if not np.isfinite(value) else round(float(value), digits)


def build_truth(
    city: "City",
    setting: Setting,
    simulation: Simulation,
    units: pd.DataFrame,
    codes: npt.NDArray[np.str_],
    hotspot_ids: dict[int, str],
    change_year: int | None,
) -> dict[str, Any]:
    """Return the JSON-ready truth about a generated city."""
    plan = simulation.plan
    th = preset_thresholds()
    national = city.national_reference
    observed = _changes(city.buurt_values, "buurtcode", setting.period, national)
    buurten: dict[str, Any] = {}
    stories: dict[str, list[str]] = {}
    for u, code in enumerate(units["buurtcode"]):
        label = plan.story[u]
        story = "not_resilient" if label == "not_resilient_some_nuisance" else label
        entry: dict[str, Any] = {"story": story, "expected_class": STORY_CLASSES.get(label)}
        if plan.threshold_case and plan.threshold_case[u]:
            entry["threshold_case"] = plan.threshold_case[u]
        if label in STORY_CLASSES or label == "threshold":
            entry["designed"] = {
                "vulnerable_change_pp": _round(100 * plan.vulnerable_change[u], 2),
                "onv_change_vs_national": _round(plan.onv_relative_change[u]),
                "onv_end": _round(plan.onv_end_level[u]),
            }
        entry["expected_class_key"] = None  # a buurt that did not exist at both ends of the period
        if code in observed.index:
            row = observed.loc[code]
            entry["observed"] = {k: _round(float(row[k])) for k in observed.columns}
            entry["observed"]["nuisance_level"] = (
                _nuisance(float(row["onv_end"]), th) if np.isfinite(row["onv_end"]) else "missing"
            )
            entry["expected_class_key"] = expected_class_key(row, th)
        buurten[code] = entry
        stories.setdefault(story, []).append(code)
    hotspots = []
    period_index = [int(np.searchsorted(setting.years, y)) for y in setting.period]
    people = simulation.housing.inhabitants
    complexes = city.complexes.set_index("complex_id")
    for k, hotspot in enumerate(plan.hotspots):
        complex_id = hotspot_ids[k]
        row = complexes.loc[complex_id]
        ids = str(row["square_ids"]).split(";")
        squares = hotspot.squares
        share = [
            float(simulation.vulnerability.total[squares, t].sum() / max(people[squares, t].sum(), 1))
            for t in period_index
        ]
        onv = [
            float(
                np.average(
                    simulation.liveability.dimensions["onv"][squares, t],
                    weights=np.maximum(people[squares, t], 1),
                )
            )
            for t in period_index
        ]
        hotspots.append(
            {
                "complex_id": complex_id,
                "buurtcode": str(units.at[hotspot.unit, "buurtcode"]),
                "square_ids": ids,
                "dwellings": int(row["dwellings"]),
                "inhabitants": int(row["inhabitants"]),
                "designed": {
                    "vulnerable_change_pp": _round(100 * hotspot.vulnerable_change, 2),
                    "onv_change_vs_national": _round(hotspot.onv_relative_change),
                },
                "observed": {
                    "vulnerable_share_start": _round(share[0]),
                    "vulnerable_share_end": _round(share[1]),
                    "onv_start": _round(onv[0]),
                    "onv_end": _round(onv[1]),
                },
            }
        )
    wmo = [
        {
            "buurtcode": str(units.at[u, "buurtcode"]),
            "direction": plan.wmo_direction[u],
            "factor": _round(plan.wmo_factor[u], 2),
            "services": ["begeleiding", "woonvoorziening", "huishoudelijke_hulp (square root of the factor)"],
        }
        for u in range(setting.n_units)
        if plan.wmo_direction[u]
    ]
    changes = []
    if change_year is not None:
        split = units.loc[units["role"] == ROLE_SPLIT_PART]
        for old, group in split.groupby("parent_code"):
            changes.append({"year": change_year, "old": str(old), "new": sorted(group["buurtcode"].tolist())})
    reference = national.drop(columns=["gebied", "synthetic"]).to_dict(orient="records")
    return {
        "generator": "veerkracht.demo.synthetic",
        "version": GENERATOR_VERSION,
        "seed": city.parameters.get("seed"),
        "parameters": city.parameters,
        "warning": "Synthetic data. For tests and for checking analyses; never import this file as data.",
        "period": list(setting.period),
        "definitions": _definitions(th),
        "thresholds": {
            "preset": PRESET,
            "much_nuisance_below": th.nuisance_much,
            "some_nuisance_below": th.nuisance_some,
            "vulnerable_increase_above": th.vulnerable_increase_above,
            "vulnerable_decrease_below": th.vulnerable_decrease_below,
            "development_dead_band": th.development_dead_band,
            "minimum_residents": th.minimum_residents,
        },
        "leefbaarometer_reference": {"reference_score": REFERENCE_SCORE, "national_average": reference},
        "stories": {k: sorted(v) for k, v in sorted(stories.items())},
        "buurten": buurten,
        "hidden_hotspots": hotspots,
        "wmo_mismatch": wmo,
        "privacy_cells": plan.privacy_cells,
        "tiny_buurten": sorted(units.loc[units["role"] == ROLE_INDUSTRIAL, "buurtcode"].tolist()),
        "boundary_changes": changes,
    }
