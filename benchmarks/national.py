# SPDX-License-Identifier: EUPL-1.2
"""National-size inputs for the benchmarks, from the project's own synthetic country generator.

The generator makes ~12,000 buurten in ~350 gemeenten with ~400,000 populated 100 m squares; this
module turns them into the frames both implementations read (written once as Parquet, so that each
implementation is measured in a fresh process): long values per square (inhabitants, dwellings,
vulnerable residents, WMO clients spread over the squares by vulnerable residents, the Leefbaarometer
onv score), buurt polygons, wijken, rayons and gemeenten.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from fake_country import CATALOGUE  # the indicators the reference implementation reads

from veerkracht.demo.synthetic import generate_country

PERIODS = (2014, 2016, 2018, 2020)


@dataclass(frozen=True)
class NationalData:
    """The benchmark's inputs, in the shape the reference implementation reads."""

    values: pd.DataFrame
    areas: pd.DataFrame
    membership: pd.DataFrame
    catalogue: list[dict[str, object]]
    buurt_of_square: pd.Series
    buurt_polygons: gpd.GeoDataFrame


def _spread_wmo(square_values: pd.DataFrame, buurt_values: pd.DataFrame) -> np.ndarray:
    """WMO clients are known per buurt; give each square its share by vulnerable residents."""
    keyed = square_values[["buurtcode", "jaar", "vulnerable_total"]].copy()
    total = keyed.groupby(["buurtcode", "jaar"])["vulnerable_total"].transform("sum")
    clients = keyed.merge(
        buurt_values[["buurtcode", "jaar", "wmo_begeleiding"]], on=["buurtcode", "jaar"], how="left"
    )["wmo_begeleiding"].to_numpy(float)
    share = np.where(total > 0, keyed["vulnerable_total"] / total.where(total > 0, 1), 0.0)
    return np.round(clients * share)


def build(folder: Path, n_buurten: int = 12_000, seed: int = 1) -> dict[str, float]:
    """Generate the country and write its frames to ``folder``; return a short description."""
    started = time.perf_counter()
    city = generate_country(seed=seed, n_buurten=n_buurten, years=PERIODS, period=(PERIODS[0], PERIODS[-1]))
    generated = time.perf_counter() - started
    squares = city.square_values[city.square_values["jaar"].isin(PERIODS)]
    wide = pd.DataFrame(
        {
            "area_code": squares["square_id"].astype(str).to_numpy(),
            "period": squares["jaar"].to_numpy(),
            "inwoners": squares["inhabitants"].to_numpy(float),
            "woningen": squares["dwellings"].to_numpy(float),
            "kwetsbaar": squares["vulnerable_total"].to_numpy(float),
            "wmo_clienten": _spread_wmo(squares, city.buurt_values),
            "lbm_onv": squares["onv"].to_numpy(float),
        }
    )
    values = wide.melt(id_vars=["area_code", "period"], var_name="indicator", value_name="value")
    square_buurt = city.squares[["square_id", "buurtcode"]].astype(str)
    buurten = city.buurten.drop_duplicates("buurtcode")
    rayons = city.rayons.assign(rayon_code="RY" + city.rayons["rayon_code"].str[2:])
    areas = pd.concat(
        [
            pd.DataFrame({"area_code": square_buurt["square_id"], "level": "square"}),
            pd.DataFrame({"area_code": buurten["buurtcode"], "level": "buurt"}),
            pd.DataFrame({"area_code": city.wijken["wijkcode"], "level": "wijk"}),
            pd.DataFrame({"area_code": rayons["rayon_code"].unique(), "level": "rayon"}),
            pd.DataFrame({"area_code": city.gemeenten["gemeentecode"], "level": "gemeente"}),
            pd.DataFrame({"area_code": ["NL"], "level": ["land"]}),
        ],
        ignore_index=True,
    )
    membership = pd.concat(
        [
            pd.DataFrame({"child_code": buurten["buurtcode"], "parent_code": buurten["wijkcode"]}),
            pd.DataFrame({"child_code": rayons["buurtcode"], "parent_code": rayons["rayon_code"]}),
            pd.DataFrame({"child_code": city.wijken["wijkcode"], "parent_code": city.wijken["gemeentecode"]}),
            pd.DataFrame({"child_code": city.gemeenten["gemeentecode"], "parent_code": "NL"}),
        ],
        ignore_index=True,
    ).drop_duplicates()
    folder.mkdir(parents=True, exist_ok=True)
    values.to_parquet(folder / "values.parquet", index=False)
    areas.to_parquet(folder / "areas.parquet", index=False)
    membership.to_parquet(folder / "membership.parquet", index=False)
    square_buurt.to_parquet(folder / "square_buurt.parquet", index=False)
    buurten[["buurtcode", "geometry"]].to_parquet(folder / "buurten.parquet", index=False)
    description = {
        "buurten": float(len(buurten)),
        "gemeenten": float(len(city.gemeenten)),
        "squares": float(len(square_buurt)),
        "periods": float(len(PERIODS)),
        "input_values": float(len(values)),
        "generator_seconds": generated,
    }
    (folder / "description.json").write_text(json.dumps(description))
    return description


def load(folder: Path) -> NationalData:
    """Read the frames back (each implementation does this in its own process)."""
    square_buurt = pd.read_parquet(folder / "square_buurt.parquet")
    return NationalData(
        values=pd.read_parquet(folder / "values.parquet"),
        areas=pd.read_parquet(folder / "areas.parquet"),
        membership=pd.read_parquet(folder / "membership.parquet"),
        catalogue=CATALOGUE,
        buurt_of_square=square_buurt.set_index("square_id")["buurtcode"],
        buurt_polygons=gpd.read_parquet(folder / "buurten.parquet"),
    )
