# SPDX-License-Identifier: EUPL-1.2
"""Where a synthetic city's meldingen happen: its 100 m squares with corporation homes, weighted by pressure.

A square's weight grows with its corporation dwellings and, per kind of melding, with what the generator
designed there (its truth): social meldingen follow the vulnerable share and the nuisance score (the
Leefbaarometer's onv dimension), repressive ones the nuisance most, and the hidden hotspot complexes and
the buurten whose story is "not resilient" get more of both. Physical meldingen follow the homes. Each
square belongs to one of the corporations: a wijk has a main corporation, which owns most of its complexes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import shapely

from veerkracht.demo.meldingen.mix import PHYSICAL, REPRESSIVE, SOCIAL, TOGETHER
from veerkracht.demo.synthetic import City

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Places:
    """The squares meldingen can come from, with per square its buurt, complex, owner and weights."""

    x: FloatArray
    y: FloatArray
    buurt: npt.NDArray[np.str_]
    buurt_name: npt.NDArray[np.str_]
    complex_id: npt.NDArray[np.str_]
    owner: npt.NDArray[np.int64]
    dwellings: FloatArray
    weights: dict[str, FloatArray]
    #: The city's buurten together: a point outside is moved to its square's middle.
    outline: Any

    def __len__(self) -> int:
        return len(self.x)

    def dwellings_of(self, owner: int) -> float:
        return float(self.dwellings[self.owner == owner].sum())


def places_of(city: City, *, seed: int, corporations: int = 2, with_complexes: bool = True) -> Places:
    """The squares of a generated city (Veerstad, or the synthetic layer of a real city) as places."""
    year = max(city.years)
    values = city.square_values.loc[city.square_values["jaar"] == year].set_index("square_id")
    squares = city.squares.set_index("square_id").join(
        values[["corporation_dwellings", "vulnerable_share", "onv"]], how="inner"
    )
    squares = squares.loc[squares["corporation_dwellings"] > 0]
    names = dict(zip(city.buurten["buurtcode"], city.buurten["buurtnaam"], strict=False))
    complex_of: dict[str, str] = {}
    for complex_id, ids in zip(city.complexes["complex_id"], city.complexes["square_ids"], strict=True):
        for square in str(ids).split(";"):
            complex_of[square] = str(complex_id)
    hotspots = {
        square for hotspot in city.truth.get("hidden_hotspots", []) for square in hotspot["square_ids"]
    }
    stories = {code: entry.get("story") for code, entry in city.truth.get("buurten", {}).items()}
    rng = np.random.default_rng(np.random.SeedSequence([seed, 9]))
    wijken = sorted(set(squares["wijkcode"]))
    main = {wijk: int(rng.integers(corporations)) for wijk in wijken}
    owner_of_complex = {
        complex_id: int(rng.integers(corporations)) if rng.random() < 0.2 else -1
        for complex_id in sorted(set(complex_of.values()))
    }
    ids = squares.index.to_numpy(dtype=str)
    complexes = np.array([complex_of.get(square, "") for square in ids], dtype=object)
    owner = np.array(
        [owner_of_complex.get(str(cx), -1) if cx else -1 for cx in complexes],
        dtype=np.int64,
    )
    wijk_owner = np.array([main[wijk] for wijk in squares["wijkcode"]], dtype=np.int64)
    owner = np.where(owner < 0, wijk_owner, owner)
    dwellings = squares["corporation_dwellings"].to_numpy(dtype=np.float64)
    vulnerable = np.nan_to_num(squares["vulnerable_share"].to_numpy(dtype=np.float64))
    nuisance = np.clip(-np.nan_to_num(squares["onv"].to_numpy(dtype=np.float64)), 0.0, None)
    hot = np.isin(ids, list(hotspots))
    pressed = np.array([stories.get(code) == "not_resilient" for code in squares["buurtcode"]])
    boost = np.where(hot, 3.0, 1.0) * np.where(pressed, 1.5, 1.0)
    weights = {
        PHYSICAL: dwellings * (1.0 + 2.0 * nuisance),
        SOCIAL: dwellings * (1.0 + 4.0 * vulnerable) * (1.0 + 3.0 * nuisance) * boost,
        REPRESSIVE: dwellings * (1.0 + 6.0 * nuisance) * boost**1.5,
        TOGETHER: dwellings,
    }
    buurt = squares["buurtcode"].to_numpy(dtype=str)
    outline = shapely.union_all(list(city.buurten_in(year).geometry))
    return Places(
        x=squares["x"].to_numpy(dtype=np.float64),
        y=squares["y"].to_numpy(dtype=np.float64),
        buurt=buurt,
        buurt_name=np.array([str(names.get(code, code)) for code in buurt], dtype=object),
        complex_id=complexes if with_complexes else np.full(len(ids), "", dtype=object),
        owner=owner,
        dwellings=dwellings,
        weights=weights,
        outline=outline,
    )
