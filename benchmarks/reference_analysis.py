# SPDX-License-Identifier: EUPL-1.2
"""A plain reference implementation of the monitor's analysis, as a competent analyst would write it.

Straightforward pandas and GeoPandas: a spatial join for squares into buurten, groupby/apply for
aggregation, a row-wise function for the veerkracht class, libpysal weights with esda's G_Local
for Gi*, scipy's Benjamini-Hochberg, pymannkendall per square, a leave-one-out loop for the
need-versus-support residuals. It exists to check that ``veerkracht.monitor.run_analysis`` gives
the same answers, and to measure how much faster the engine is.

Run ``python benchmarks/reference_analysis.py --scale national`` (about 12,000 buurten, 400,000
squares, 4 periods; the reference takes minutes) or ``--scale city`` for a quick check.

Not reproduced: small-number suppression (its choice of complementary cells is the engine's own;
the engine's result is verified against an independent adversary in ``tests/monitor``).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import warnings
from pathlib import Path

import esda
import geopandas as gpd
import libpysal
import numpy as np
import pandas as pd
import pymannkendall
from scipy import stats
from shapely.geometry import box

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests" / "monitor")]

from fake_country import FakeCountry, make_fake_country  # noqa: E402

from veerkracht.monitor import (  # noqa: E402
    AnalysisInputs,
    AnalysisParameters,
    NeedSupportParameters,
    load_preset,
    run_analysis,
)

START, END = 2014, 2020
MIN_RESIDENTS = 50
INCREASE, DECREASE = 1.0, -1.0
MUCH, SOME = -0.08, 0.0
BAND = 0.005


# --- membership and aggregation ------------------------------------------------------------------
def square_geometry(codes: pd.Series) -> gpd.GeoDataFrame:
    x = codes.str[1:5].astype(int) * 100
    y = codes.str[6:10].astype(int) * 100
    return gpd.GeoDataFrame(
        {"area_code": codes},
        geometry=[box(a, b, a + 100, b + 100) for a, b in zip(x, y, strict=True)],
        crs="EPSG:28992",
    )


def squares_in_buurten(country: FakeCountry) -> pd.DataFrame:
    squares = square_geometry(pd.Series(country.buurt_of_square.index, dtype=object))
    polygons = getattr(country, "buurt_polygons", None)
    if polygons is not None:
        # The buurt polygons as an analyst gets them from the CBS wijk- en buurtkaart.
        blocks = polygons.rename(columns={"buurtcode": "buurt"})
    else:
        # The fake country's buurten are rectangular blocks of squares: their outline is the envelope.
        blocks = squares.assign(buurt=country.buurt_of_square.to_numpy()).dissolve("buurt").reset_index()
        blocks["geometry"] = blocks.geometry.envelope
    points = squares.copy()
    points["geometry"] = squares.geometry.centroid
    joined = gpd.sjoin(points, blocks[["buurt", "geometry"]], predicate="within")
    return joined[["area_code", "buurt"]].rename(columns={"area_code": "child_code", "buurt": "parent_code"})


def aggregate(values: pd.DataFrame, edges: pd.DataFrame) -> pd.DataFrame:
    wide = values.pivot_table(
        index=["area_code", "period"], columns="indicator", values="value", observed=True
    ).reset_index()
    wide["area_code"] = wide["area_code"].astype(str)
    levels = [wide]
    current = wide
    for child_prefix, parents in (("E", ("BU",)), ("BU", ("WK", "RY")), ("WK", ("GM",)), ("GM", ("NL",))):
        frames = []
        for parent_prefix in parents:
            links = edges[
                edges["child_code"].str.startswith(child_prefix)
                & edges["parent_code"].str.startswith(parent_prefix)
            ]
            merged = current.merge(links, left_on="area_code", right_on="child_code")

            def summarise(group: pd.DataFrame) -> pd.Series:
                known = group["lbm_onv"].notna() & (group["woningen"] > 0)
                onv = (
                    np.average(group.loc[known, "lbm_onv"], weights=group.loc[known, "woningen"])
                    if known.any()
                    else np.nan
                )
                return pd.Series(
                    {
                        "inwoners": group["inwoners"].sum(),
                        "woningen": group["woningen"].sum(),
                        "kwetsbaar": group["kwetsbaar"].sum(),
                        "wmo_clienten": group["wmo_clienten"].sum(),
                        "lbm_onv": onv,
                    }
                )

            frames.append(
                merged.groupby(["parent_code", "period"])
                .apply(summarise, include_groups=False)
                .reset_index()
                .rename(columns={"parent_code": "area_code"})
            )
        current = pd.concat(frames, ignore_index=True)
        levels.append(current)
        current = current[~current["area_code"].str.startswith("RY")]
    out = pd.concat(levels, ignore_index=True)
    out["aandeel_kwetsbaar"] = np.where(out["inwoners"] > 0, 100 * out["kwetsbaar"] / out["inwoners"], np.nan)
    out["wmo_per_1000"] = np.where(out["inwoners"] > 0, 1000 * out["wmo_clienten"] / out["inwoners"], np.nan)
    return out


# --- the veerkracht class ------------------------------------------------------------------------
def classify_row(row: pd.Series) -> str:
    residents = min(row["inwoners_start"], row["inwoners_end"])
    # The methodology compares after rounding to nine decimals (8.3333 - 7.3333 is one point, not a hair
    # more or less), as its documentation says; written here independently of the engine's code.
    change = round(row["share_end"] - row["share_start"], 9)
    if np.isnan(change) or residents < MIN_RESIDENTS:
        return "insufficient_data"
    if change < DECREASE:
        return "decrease"
    if change <= INCREASE:
        return "about_equal"
    onv, relative = round(row["onv_end"], 9), round(row["relative"], 9)
    if np.isnan(onv):
        return "insufficient_data"
    level = "much" if onv < MUCH else "some" if onv < SOME else "little"
    if np.isnan(relative):
        return "insufficient_data"
    development = "improving" if relative > BAND else "worsening" if relative < -BAND else "stable"
    if level == "little":
        return "early_warning" if development == "worsening" else "increase_little_nuisance"
    if development == "improving":
        return "resilient"
    if development == "stable":
        return "holding"
    return "under_pressure_severe" if level == "much" else "under_pressure"


def classify(values: pd.DataFrame) -> pd.DataFrame:
    start = values[values["period"] == START].set_index("area_code")
    end = values[values["period"] == END].set_index("area_code")
    table = pd.DataFrame(
        {
            "share_start": start["aandeel_kwetsbaar"],
            "share_end": end["aandeel_kwetsbaar"],
            "inwoners_start": start["inwoners"],
            "inwoners_end": end["inwoners"],
            "onv_start": start["lbm_onv"],
            "onv_end": end["lbm_onv"],
        }
    )
    national = table.loc["NL", "onv_end"] - table.loc["NL", "onv_start"]
    table["relative"] = table["onv_end"] - table["onv_start"] - national
    table = table.drop(index="NL")
    table["class_key"] = table.apply(classify_row, axis=1)
    return table.reset_index()


# --- Gi*, FDR, emerging hot spots ---------------------------------------------------------------
def gi_star(values: pd.DataFrame) -> pd.DataFrame:
    squares = values[values["area_code"].str.startswith("E")]
    frames = []
    for period, group in squares.groupby("period"):
        group = group[(group["inwoners"] >= MIN_RESIDENTS) & group["aandeel_kwetsbaar"].notna()]
        coordinates = np.column_stack(
            [
                group["area_code"].str[1:5].astype(int) * 100 + 50,
                group["area_code"].str[6:10].astype(int) * 100 + 50,
            ]
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            weights = libpysal.weights.DistanceBand(
                coordinates, threshold=150, binary=True, silence_warnings=True
            )
            g = esda.G_Local(
                group["aandeel_kwetsbaar"].to_numpy(), weights, transform="B", star=True, permutations=0
            )
        p = 2 * stats.norm.sf(np.abs(g.Zs))
        q = stats.false_discovery_control(p, method="bh")
        hot = np.where(
            (q <= 0.05) & (g.Zs > 0), "hot", np.where((q <= 0.05) & (g.Zs < 0), "cold", "not_significant")
        )
        frames.append(
            pd.DataFrame(
                {"area_code": group["area_code"].to_numpy(), "period": period, "gi_z": g.Zs, "hotspot": hot}
            )
        )
    return pd.concat(frames, ignore_index=True)


def emerging(gi: pd.DataFrame) -> pd.DataFrame:
    rows = []
    n_periods = gi["period"].nunique()
    for code, group in gi.sort_values("period").groupby("area_code"):
        if len(group) < n_periods:
            rows.append((code, "insufficient_data"))
            continue
        z, state = group["gi_z"].to_numpy(), group["hotspot"].tolist()
        trend = pymannkendall.original_test(z, alpha=0.10).trend
        rows.append((code, _emerging_category(state, trend)))
    return pd.DataFrame(rows, columns=["area_code", "category"])


def _emerging_category(state: list[str], trend: str) -> str:
    for kind, opposite, up in (("hot", "cold", "increasing"), ("cold", "hot", "decreasing")):
        down = "decreasing" if up == "increasing" else "increasing"
        bins = [s == kind for s in state]
        n, count = len(bins), sum(bins)
        ninety = count >= np.ceil(0.9 * n)
        if bins[-1]:
            run = next((i for i, b in enumerate(reversed(bins)) if not b), n)
            if not ninety and opposite in state[:-1]:
                return f"oscillating_{kind}"
            if count == 1:
                return f"new_{kind}"
            if not ninety and run >= 2 and not any(bins[: n - run]):
                return f"consecutive_{kind}"
            if ninety:
                return {up: f"intensifying_{kind}", down: f"diminishing_{kind}"}.get(
                    trend, f"persistent_{kind}"
                )
            return f"sporadic_{kind}"
    for kind in ("hot", "cold"):
        if sum(s == kind for s in state) >= np.ceil(0.9 * len(state)):
            return f"historical_{kind}"
    return "no_pattern"


# --- smoothing and need versus support ----------------------------------------------------------
def smooth(values: pd.DataFrame) -> pd.DataFrame:
    buurten = values[values["area_code"].str.startswith("BU") & (values["inwoners"] > 0)].copy()
    out = []
    for period, group in buurten.groupby("period"):
        events, population = group["wmo_clienten"], group["inwoners"]
        mean = events.sum() / population.sum()
        raw = events / population
        variance = (population * (raw - mean) ** 2).sum() / population.sum() - mean / population.mean()
        variance = variance if variance > 0 else 1e-12 * mean**2
        shape, rate = mean**2 / variance + events, mean / variance + population
        out.append(
            pd.DataFrame(
                {"area_code": group["area_code"], "period": period, "smoothed_rate": 1000 * shape / rate}
            )
        )
    return pd.concat(out, ignore_index=True)


def need_support(values: pd.DataFrame) -> pd.DataFrame:
    data = values[values["area_code"].str.startswith("BU") & (values["period"] == END)]
    data = data.dropna(subset=["aandeel_kwetsbaar", "wmo_per_1000"])
    x = np.column_stack([np.ones(len(data)), data["aandeel_kwetsbaar"]])
    y = data["wmo_per_1000"].to_numpy()
    beta = np.linalg.lstsq(x, y, rcond=None)[0]
    hat = (
        np.diag(x @ np.linalg.inv(x.T @ x) @ x.T)
        if len(x) < 3000
        else np.einsum("ij,ji->i", x, np.linalg.inv(x.T @ x) @ x.T)
    )
    residual = y - x @ beta
    studentized = []
    for i in range(len(y)):  # leave one out, refit, as the textbook defines it
        keep = np.arange(len(y)) != i
        b = np.linalg.lstsq(x[keep], y[keep], rcond=None)[0]
        s = np.sqrt(((y[keep] - x[keep] @ b) ** 2).sum() / (keep.sum() - 2))
        studentized.append(residual[i] / (s * np.sqrt(1 - hat[i])))
    t = np.array(studentized)
    flag = np.where(t > 2, "over_served", np.where(t < -2, "under_served", "as_expected"))
    return pd.DataFrame({"area_code": data["area_code"].to_numpy(), "flag": flag})


def reference_analysis(country: FakeCountry) -> dict[str, pd.DataFrame]:
    edges = pd.concat(
        [
            squares_in_buurten(country),
            country.membership[~country.membership["child_code"].str.startswith("E")],
        ]
    )
    values = aggregate(country.values, edges)
    classes = classify(values)
    gi = gi_star(values)
    return {
        "classes": classes,
        "gi": gi,
        "emerging": emerging(gi),
        "smoothed": smooth(values),
        "need_support": need_support(values),
    }


def compare(ours: dict[str, pd.DataFrame], reference: dict[str, pd.DataFrame]) -> dict[str, str]:
    report = {}
    a = ours["classes"].set_index("area_code")["class_key"]
    b = reference["classes"].set_index("area_code")["class_key"].reindex(a.index)
    report["classes"] = f"{(a == b).sum()} of {len(a)} equal"
    for name, key, column in (
        ("gi", ["area_code", "period"], "hotspot"),
        ("emerging", ["area_code"], "category"),
        ("need_support", ["area_code"], "flag"),
    ):
        merged = ours[name].merge(reference[name], on=key, suffixes=("_ours", "_ref"))
        report[name] = f"{(merged[f'{column}_ours'] == merged[f'{column}_ref']).sum()} of {len(merged)} equal"
    gi = ours["gi"].merge(reference["gi"], on=["area_code", "period"], suffixes=("_ours", "_ref"))
    report["gi_z max difference"] = f"{np.abs(gi['gi_z_ours'] - gi['gi_z_ref']).max():.2e}"
    smoothed = ours["smoothed"].merge(
        reference["smoothed"], on=["area_code", "period"], suffixes=("_ours", "_ref")
    )
    finite = smoothed["smoothed_rate_ours"].notna()
    difference = np.abs(
        smoothed.loc[finite, "smoothed_rate_ours"] - smoothed.loc[finite, "smoothed_rate_ref"]
    )
    report["smoothed max difference (where published)"] = f"{difference.max():.2e}"
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=["city", "region", "national"], default="city")
    args = parser.parse_args()
    size = {"city": (2, 5, 4), "region": (40, 6, 4), "national": (340, 9, 4)}[args.scale]
    country = make_fake_country(
        n_gemeenten=size[0], wijken_per_gemeente=size[1], buurten_per_wijk=size[2], block=6, seed=1
    )
    squares = int((country.areas["level"] == "square").sum())
    print(
        f"{args.scale}: {squares} squares, {int((country.areas['level'] == 'buurt').sum())} buurten, "
        f"{country.values['period'].nunique()} periods, {len(country.values)} input values"
    )
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    result = run_analysis(
        AnalysisInputs(country.values, country.areas, country.membership, country.catalogue),
        load_preset(),
        AnalysisParameters(START, END, need_support=NeedSupportParameters("wmo_per_1000")),
    )
    ours_seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"engine: {ours_seconds:.1f} s, peak RSS {peak:.0f} MB (before the run {before:.0f} MB)")
    started = time.perf_counter()
    reference = reference_analysis(country)
    reference_seconds = time.perf_counter() - started
    print(f"reference: {reference_seconds:.1f} s; engine is {reference_seconds / ours_seconds:.1f}x faster")
    ours = {
        "classes": result.classes[result.classes["level"] != "complex"],
        "gi": result.gi,
        "emerging": result.emerging,
        "smoothed": result.smoothed,
        "need_support": result.need_support,
    }
    for name, line in compare(ours, reference).items():
        print(f"  {name}: {line}")


if __name__ == "__main__":
    main()
