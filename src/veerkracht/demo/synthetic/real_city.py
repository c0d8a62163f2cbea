# SPDX-License-Identifier: EUPL-1.2
"""Maastricht mode: synthetic values for what the open data of a real city lacks, matched to its totals.

Real buurt geometries, codes, names and inhabitants come in; squares, corporation stock and segments,
vulnerable residents, WMO and buurt/grid Leefbaarometer scores are generated so that they reproduce the
real figures where these are given (inhabitants, households, benefit counts exactly; income and
low-income percentages per buurt closely; LBM3 wijk scores exactly as inhabitant-weighted means).
"""

from dataclasses import dataclass
from typing import Any

import ftfy
import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely

from .anchoring import anchor_buurt_figures, anchor_liveability, national_from_download
from .city import City, finish, prepare
from .grouping import grow_regions, neighbours_of
from .housing import PopulationTargets
from .layout import RD, ROLE_REGULAR, CityLayout
from .names import compass_name
from .params import DEFAULT_YEARS, StoryCounts
from .setting import Setting
from .simulation import simulate
from .study_trends import tilt_towards_study, unit_directions
from .tessellation import adjacency_pairs

FloatArray = npt.NDArray[np.float64]


@dataclass
class RealCityAnchors:
    """Real figures the synthetic values must match.

    ``kwb`` has columns buurtcode, jaar and any of inhabitants, households, bijstand, ao, ww,
    income_per_inhabitant, pct_low_income_households, pct_below_social_minimum. ``leefbaarometer_wijken``
    is the LBM3 wijk download (wk_code, wk_naam, jaar, lbm, afw, fys, onv, soc, vrz, won), national or cut.
    """

    boundary_year: int = 2017
    kwb: pd.DataFrame | None = None
    leefbaarometer_wijken: pd.DataFrame | None = None
    #: Per buurt the direction a study reports (buurtcode, richting: toename/afname), see study_trends.
    trends: pd.DataFrame | None = None


KWB_ENGLISH_COLUMNS = {
    "Number.of.inhabitants": "inhabitants",
    "Number.of.households": "households",
    "n_pp_w_assitance": "bijstand",
    "n_pp_w_AO": "ao",
    "n_pp_w_WW": "ww",
    "avg_income_per_capital": "income_per_inhabitant",
    "p_low_income_household": "pct_low_income_households",
    "p_household_smaller_bare_social_minimum": "pct_below_social_minimum",
}


def kwb_from_english_columns(frame: pd.DataFrame, year: int, gemeente: str | None = None) -> pd.DataFrame:
    """Map the third-party English KWB extract (gwb_code_10 without "BU") to the anchor columns."""
    rows = frame.loc[frame["recs"] == "Buurt"] if "recs" in frame else frame
    if gemeente is not None:
        rows = rows.loc[rows["gm_naam"] == gemeente]
    out = pd.DataFrame(
        {"buurtcode": "BU" + rows["gwb_code_10"].astype(np.int64).astype(str).str.zfill(8), "jaar": year}
    )
    for source, target in KWB_ENGLISH_COLUMNS.items():
        if source in rows:
            out[target] = pd.to_numeric(rows[source], errors="coerce").to_numpy()
    return out.reset_index(drop=True)


def _layout(buurten: gpd.GeoDataFrame, wijk_names: dict[str, str], n_rayons: int) -> CityLayout:
    frame = buurten.to_crs(RD).sort_values("BU_CODE", ignore_index=True)
    gm_code, gm_name = str(frame["GM_CODE"].iloc[0]), ftfy.fix_encoding(str(frame["GM_NAAM"].iloc[0]))
    units = gpd.GeoDataFrame(
        {
            "buurtcode": frame["BU_CODE"].astype(str),
            "buurtnaam": frame["BU_NAAM"].astype(str).map(ftfy.fix_encoding),
            "wijkcode": frame["WK_CODE"].astype(str),
            "gemeentecode": gm_code,
            "gemeentenaam": gm_name,
            "role": ROLE_REGULAR,
            "parent_code": frame["BU_CODE"].astype(str),
        },
        geometry=shapely.set_precision(shapely.make_valid(frame.geometry.to_numpy()), 0.01),
        crs=RD,
    )
    dissolved = units.dissolve("wijkcode").reset_index()
    wijken = gpd.GeoDataFrame(
        {
            "wijkcode": dissolved["wijkcode"],
            "wijknaam": [wijk_names.get(c, f"Wijk {c[-2:]}") for c in dissolved["wijkcode"]],
            "gemeentecode": gm_code,
            "gemeentenaam": gm_name,
        },
        geometry=dissolved.geometry.to_numpy(),
        crs=RD,
    )
    union = units.union_all()
    centre = (union.centroid.x, union.centroid.y)
    pairs = adjacency_pairs(list(wijken.geometry))
    points = np.array([(g.centroid.x, g.centroid.y) for g in wijken.geometry])
    far = int(np.argmax(np.linalg.norm(points - np.asarray(centre), axis=1)))
    label = grow_regions(points, neighbours_of(len(wijken), pairs), min(n_rayons, len(wijken)), first=far)
    rows, rayon_of = [], {}
    for r in range(int(label.max()) + 1):
        spot = points[label == r].mean(axis=0)
        code = f"RA{gm_code[2:]}{r + 1:02d}"
        rows.append(
            {
                "rayon_code": code,
                "rayon_naam": f"Rayon {compass_name(spot[0] - centre[0], spot[1] - centre[1])}",
                "gemeentecode": gm_code,
            }
        )
        rayon_of.update({str(wijken.at[int(w), "wijkcode"]): code for w in np.flatnonzero(label == r)})
    rayons = pd.DataFrame(rows)
    rayons["rayon_naam"] = rayons["rayon_naam"].where(
        ~rayons["rayon_naam"].duplicated(), rayons["rayon_naam"] + " " + rayons["rayon_code"].str[-1]
    )
    wijken["rayon_code"] = wijken["wijkcode"].map(rayon_of)
    radius = float(np.sqrt(union.area / np.pi))
    return CityLayout(
        int(gm_code[2:]), gm_code, gm_name, centre, radius, units, units.iloc[0:0].copy(), wijken, rayons, []
    )


def _interpolate(
    known: dict[int, FloatArray], years: npt.NDArray[np.int64], n: int, drift: float
) -> FloatArray:
    """Interpolate per-unit totals between known years; beyond them follow a gentle drift."""
    out = np.full((n, years.size), np.nan)
    if not known:
        return out
    anchors = np.array(sorted(known))
    table = np.stack([known[int(y)] for y in anchors], axis=1)
    for u in range(n):
        valid = ~np.isnan(table[u])
        if not valid.any():
            continue
        ys, vs = anchors[valid], table[u, valid]
        value = np.interp(years, ys, vs)
        value = np.where(years < ys[0], vs[0] * (1 + drift) ** (years - ys[0]), value)
        value = np.where(years > ys[-1], vs[-1] * (1 + drift) ** (years - ys[-1]), value)
        out[u] = np.rint(value)
    return out


def _targets(
    setting: Setting, buurten: gpd.GeoDataFrame, anchors: RealCityAnchors, codes: list[str]
) -> PopulationTargets:
    n = len(codes)
    frame = buurten.set_index("BU_CODE").reindex(codes)
    known: dict[str, dict[int, FloatArray]] = {"inhabitants": {}, "households": {}}
    for column, name in (("AANT_INW", "inhabitants"), ("AANTAL_HH", "households")):
        if column in frame:
            values = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=np.float64)
            known[name][anchors.boundary_year] = np.where(values < 0, np.nan, values)
    if anchors.kwb is not None:
        for year, rows in anchors.kwb.groupby("jaar"):
            mine = rows.set_index("buurtcode").reindex(codes)
            for name in ("inhabitants", "households"):
                if name in mine:
                    known[name][int(year)] = mine[name].to_numpy(dtype=np.float64)
    inhabitants = _interpolate(known["inhabitants"], setting.years, n, 0.003)
    households = _interpolate(known["households"], setting.years, n, 0.005)
    households = np.where(households > inhabitants, np.nan, households)
    return PopulationTargets(inhabitants, households, np.full((n, setting.years.size), np.nan))


def synthesize_for_real_city(
    buurten_gdf: gpd.GeoDataFrame,
    seed: int = 1,
    years: tuple[int, ...] = DEFAULT_YEARS,
    anchors: RealCityAnchors | None = None,
    period: tuple[int, int] = (2014, 2022),
    n_rayons: int = 4,
    stories: bool = False,
) -> City:
    """Generate synthetic squares and values for a real city, matching its real figures where given.

    Parameters
    ----------
    buurten_gdf : GeoDataFrame
        Real buurten with CBS Wijk- en Buurtkaart columns BU_CODE, BU_NAAM, WK_CODE, GM_CODE, GM_NAAM and
        optionally AANT_INW and AANTAL_HH (CBS secrecy codes count as unknown); any CRS.
    seed : int
        Same seed, same synthetic values.
    years, period : tuple
        Years to generate and the period of the (optional) stories.
    anchors : RealCityAnchors, optional
        Real KWB figures and Leefbaarometer wijk scores to match.
    n_rayons : int
        Number of contiguous rayons to group the wijken into.
    stories : bool
        Plant designed stories and hidden hotspots (off by default: they would be fiction about real places).

    Returns
    -------
    City
        Real areas with synthetic values; every frame's ``synthetic`` column is True.
    """
    anchors = anchors or RealCityAnchors()
    lbm = anchors.leefbaarometer_wijken
    wijk_names: dict[str, str] = {}
    if lbm is not None:
        wijk_names = dict(zip(lbm["wk_code"].astype(str), lbm["wk_naam"].astype(str), strict=False))
    layout = _layout(buurten_gdf, wijk_names, n_rayons)
    setting, units = prepare([layout], seed, years, period)
    codes = units["buurtcode"].tolist()
    corporation = np.full(len(codes), 0.15)
    if anchors.kwb is not None and "pct_low_income_households" in anchors.kwb:
        latest = (
            anchors.kwb.sort_values("jaar").drop_duplicates("buurtcode", keep="last").set_index("buurtcode")
        )
        low = latest["pct_low_income_households"].reindex(codes).to_numpy(dtype=np.float64)
        # The share of low-income households is the best open proxy for corporation stock per buurt.
        corporation = np.where(np.isnan(low), 0.15, np.clip((low - 3.0) / 20.0, 0.02, 0.9))
    logit = np.log(corporation / (1 - corporation))
    setting.concentration = np.clip((logit + 2.1) / 4.4, -0.5, 1.2)[setting.grid.unit]
    counts = [StoryCounts().scaled(len(codes)) if stories else StoryCounts.none()]
    simulation = simulate(setting, counts, _targets(setting, buurten_gdf, anchors, codes))
    reference = None
    if anchors.kwb is not None:
        anchor_buurt_figures(setting, simulation, anchors.kwb, codes)
    if anchors.trends is not None:
        pivot = int(anchors.kwb["jaar"].max()) if anchors.kwb is not None else anchors.boundary_year
        tilt_towards_study(setting, simulation, unit_directions(anchors.trends, codes), pivot)
    if lbm is not None:
        wijken = layout.wijken["wijkcode"].tolist()
        unit_wijk = np.array([wijken.index(w) for w in units["wijkcode"]], dtype=np.int64)
        anchor_liveability(setting, simulation, lbm.loc[lbm["wk_code"].isin(wijken)], unit_wijk, wijken)
        reference = national_from_download(lbm, setting.years)
    parameters: dict[str, Any] = {
        "seed": seed,
        "years": list(setting.years.tolist()),
        "period": list(period),
        "mode": "real_city",
        "gemeente": layout.code,
        "boundary_year": anchors.boundary_year,
        "stories": stories,
        "anchored": {"kwb": anchors.kwb is not None, "leefbaarometer_wijken": lbm is not None},
        "study_trends": anchors.trends is not None,
    }
    return finish([layout], setting, simulation, units, parameters, None, reference)
