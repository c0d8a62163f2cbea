# SPDX-License-Identifier: EUPL-1.2
"""Which inputs of a run are real and which synthetic, per indicator and per layer of the class.

A demo mixes real open data with synthetic values where the open data has none, and a user must be
able to read which is which: "the share of low-income households is real for the buurten in 2021,
synthetic in 2014". The value store flags every value (``synthetic``); this module sums the flags up
per indicator, level and period, and per layer of the veerkracht class (the concentration of
vulnerable residents, nuisance and insecurity, the residents that decide "insufficient data"), with
the counts a share or rate is made of.

The result is plain JSON (it is stored in the run's manifest)::

    {"layers": {"vulnerable_residents": {"indicators": [...], "real": [item, ...], "synthetic": [...]},
                "nuisance": {...}, "population": {...}},
     "indicators": {"lbm_onv": {"real": [item, ...], "synthetic": [item, ...]}, ...}}

where an item is ``{"indicator": "lbm_onv", "level": "wijk", "periods": [2014, 2022], "areas": 7}``
(``areas``: how many areas of that level have such values in each of those periods). A layer
counts only the start and end period of the run (what the class is computed from); an indicator
counts every period of the run. An indicator can be in both lists: real for some areas or years,
synthetic for others.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from .catalogue import IndicatorSpec
from .frames import AREA_CODE, LEVEL, LEVEL_RANK
from .preset import Preset

#: The layers of a veerkracht class, in the order a page lists them.
LAYERS: tuple[str, ...] = ("vulnerable_residents", "nuisance", "population")
Item = dict[str, Any]


def layer_indicators(preset: Preset) -> dict[str, tuple[str, ...]]:
    """The indicator codes each layer of the preset reads (before expanding shares into their counts).

    Examples
    --------
    >>> from veerkracht.monitor import load_preset
    >>> layer_indicators(load_preset("veerkracht-2021-open"))["vulnerable_residents"]
    ('aandeel_bijstand', 'aandeel_laag_inkomen', 'aandeel_onder_sociaal_minimum')
    """
    vulnerable = preset.vulnerable
    factor = tuple(vulnerable.components) if vulnerable.method == "composite" else (vulnerable.indicator,)
    return {
        "vulnerable_residents": factor,
        "nuisance": (preset.nuisance.indicator,),
        "population": (preset.population_indicator,),
    }


def _with_parts(codes: Iterable[str], catalogue: Mapping[str, IndicatorSpec]) -> list[str]:
    """The codes and, for shares and rates, the counts they are made of (weights of scores aside)."""
    out: list[str] = []
    todo = list(codes)
    while todo:
        code = todo.pop(0)
        if code in out:
            continue
        out.append(code)
        spec = catalogue.get(code)
        if spec is not None and spec.kind in ("share", "rate"):
            todo += [part for part in (spec.numerator, spec.denominator) if part]
    return out


def _items(frame: pd.DataFrame) -> dict[str, list[Item]]:
    """Real and synthetic items of a frame with area_code, indicator, level, period and synthetic.

    Periods with the same number of areas share one item, so that "38 buurten real in 2021" is not
    hidden in "40 buurten synthetic in 2014-2021" when only 6 of them are synthetic in 2021.
    """
    out: dict[str, list[Item]] = {"real": [], "synthetic": []}
    if frame.empty:
        return out
    counts = frame.groupby(["synthetic", "indicator", LEVEL, "period"], observed=True, sort=True)[
        AREA_CODE
    ].nunique()
    for (synthetic, indicator, level), per_period in counts.groupby(level=[0, 1, 2], sort=False):
        items: list[Item] = []
        for (*_, period), areas in per_period.items():
            if items and items[-1]["areas"] == int(areas):
                items[-1]["periods"].append(int(period))
            else:
                items.append(
                    {
                        "indicator": str(indicator),
                        "level": str(level),
                        "periods": [int(period)],
                        "areas": int(areas),
                    }
                )
        out["synthetic" if synthetic else "real"].extend(items)
    for found in out.values():
        found.sort(key=lambda item: (item["indicator"], LEVEL_RANK.get(item["level"], 9), item["periods"][0]))
    return out


def input_provenance(
    values: pd.DataFrame,
    areas: pd.DataFrame,
    catalogue: Mapping[str, IndicatorSpec],
    preset: Preset,
    *,
    period_start: int,
    period_end: int,
) -> dict[str, Any]:
    """Real and synthetic inputs of a run, per indicator and per layer of the class.

    Parameters
    ----------
    values : pandas.DataFrame
        The run's input values (area_code, indicator, period, value) with a boolean ``synthetic``
        column; without it every value counts as real. Values without a number are left out.
    areas : pandas.DataFrame
        area_code and level of every area.
    catalogue : mapping of code to IndicatorSpec
        To find the counts a share or rate is made of.
    preset : Preset
        The methodology, for the indicators of each layer.
    period_start, period_end : int
        The periods the class compares.

    Returns
    -------
    dict
        ``{"layers": {layer: {"indicators", "real", "synthetic"}}, "indicators": {code: {"real",
        "synthetic"}}}``, lists of ``{"indicator", "level", "periods"}`` (see the module).

    Examples
    --------
    >>> from veerkracht.monitor import load_preset
    >>> values = pd.DataFrame({
    ...     "area_code": ["B1", "B1", "W1", "B1"], "indicator": ["lbm_onv", "lbm_onv", "lbm_onv", "inwoners"],
    ...     "period": [2014, 2022, 2022, 2014], "value": [0.1, 0.2, 0.1, 900.0],
    ...     "synthetic": [True, True, False, False]})
    >>> areas = pd.DataFrame({"area_code": ["B1", "W1"], "level": ["buurt", "wijk"]})
    >>> provenance = input_provenance(values, areas, {}, load_preset(), period_start=2014, period_end=2022)
    >>> provenance["layers"]["nuisance"]["real"]
    [{'indicator': 'lbm_onv', 'level': 'wijk', 'periods': [2022], 'areas': 1}]
    >>> provenance["layers"]["nuisance"]["synthetic"]
    [{'indicator': 'lbm_onv', 'level': 'buurt', 'periods': [2014, 2022], 'areas': 1}]
    >>> provenance["indicators"]["inwoners"]["synthetic"]
    []
    """
    present = values[values["value"].notna()]
    level_of = pd.Series(areas[LEVEL].to_numpy(), index=areas[AREA_CODE].to_numpy())
    level_of = level_of[~level_of.index.duplicated()]
    frame = pd.DataFrame(
        {
            AREA_CODE: present[AREA_CODE].to_numpy(),
            "indicator": present["indicator"].to_numpy(),
            LEVEL: present[AREA_CODE].map(level_of).fillna("onbekend").to_numpy(),
            "period": present["period"].to_numpy(),
            "synthetic": (
                present["synthetic"].fillna(False).astype(bool).to_numpy()
                if "synthetic" in present
                else False
            ),
        }
    )
    indicators = {
        str(code): _items(part) for code, part in frame.groupby("indicator", observed=True, sort=True)
    }
    ends = frame[frame["period"].isin([period_start, period_end])]
    layers = {}
    for layer, codes in layer_indicators(preset).items():
        wanted = _with_parts(codes, catalogue)
        layers[layer] = {"indicators": wanted, **_items(ends[ends["indicator"].isin(wanted)])}
    return {"layers": layers, "indicators": indicators}
