# SPDX-License-Identifier: EUPL-1.2
"""A small, deterministic fake country for the monitor's tests and benchmarks (not the demo city).

Buurten are square blocks of 100 m squares laid out on a grid; wijken group consecutive buurten,
gemeenten group wijken, and every gemeente has rayons that cut across its wijken (so membership
overlaps, as with Maastricht's four rayons). Values per square: inhabitants, dwellings,
vulnerable residents, WMO clients, and the Leefbaarometer onv score, for every period.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

CATALOGUE = [
    {"code": "inwoners", "kind": "count", "direction": "higher_is_better"},
    {"code": "woningen", "kind": "count", "direction": "higher_is_better"},
    {"code": "kwetsbaar", "kind": "count"},
    {
        "code": "aandeel_kwetsbaar",
        "kind": "share",
        "numerator": "kwetsbaar",
        "denominator": "inwoners",
    },
    {"code": "wmo_clienten", "kind": "count"},
    {"code": "wmo_per_1000", "kind": "rate", "numerator": "wmo_clienten", "denominator": "inwoners"},
    {
        "code": "lbm_onv",
        "kind": "score",
        "weight": "woningen",
        "direction": "higher_is_better",
        "privacy": {"minimum_count": 5, "applies_to": ["woningen"]},
    },
]


@dataclass(frozen=True)
class FakeCountry:
    values: pd.DataFrame
    areas: pd.DataFrame
    membership: pd.DataFrame
    catalogue: list[dict[str, object]]
    buurt_of_square: pd.Series


def make_fake_country(
    *,
    n_gemeenten: int = 2,
    wijken_per_gemeente: int = 3,
    buurten_per_wijk: int = 4,
    block: int = 5,
    periods: tuple[int, ...] = (2014, 2016, 2018, 2020),
    rayons_per_gemeente: int = 2,
    empty_share: float = 0.1,
    seed: int = 0,
) -> FakeCountry:
    """Build the fake country; ``block`` squares per side per buurt (about block**2 squares each)."""
    rng = np.random.default_rng(seed)
    n_wijken = n_gemeenten * wijken_per_gemeente
    n_buurten = n_wijken * buurten_per_wijk
    columns = int(np.ceil(np.sqrt(n_buurten)))
    buurt = np.arange(n_buurten)
    wijk = buurt // buurten_per_wijk
    gemeente = wijk // wijken_per_gemeente
    rayon = gemeente * rayons_per_gemeente + (buurt % rayons_per_gemeente)
    gm_codes = np.array([f"GM{g:04d}" for g in range(n_gemeenten)], dtype=object)
    wk_codes = np.array(
        [
            f"WK{g:04d}{w % wijken_per_gemeente:02d}"
            for w, g in zip(range(n_wijken), np.arange(n_wijken) // wijken_per_gemeente, strict=True)
        ],
        dtype=object,
    )
    bu_codes = np.array(
        [f"BU{wk_codes[w][2:]}{b % buurten_per_wijk:02d}" for b, w in zip(buurt, wijk, strict=True)],
        dtype=object,
    )
    ry_codes = np.array([f"RY{r:05d}" for r in range(n_gemeenten * rayons_per_gemeente)], dtype=object)

    bx, by = buurt % columns, buurt // columns
    i, j = np.meshgrid(np.arange(block), np.arange(block), indexing="ij")
    sq_buurt = np.repeat(buurt, block * block)
    sq_x = 1000 + np.repeat(bx, block * block) * block + np.tile(i.ravel(), n_buurten)
    sq_y = 3000 + np.repeat(by, block * block) * block + np.tile(j.ravel(), n_buurten)
    keep = rng.random(len(sq_buurt)) >= empty_share
    sq_buurt, sq_x, sq_y = sq_buurt[keep], sq_x[keep], sq_y[keep]
    n_squares = len(sq_buurt)
    sq_codes = (
        "E" + pd.Series(sq_x).astype(str).str.zfill(4) + "N" + pd.Series(sq_y).astype(str).str.zfill(4)
    ).to_numpy(dtype=object)

    # Buurt character: base share of vulnerable residents, nuisance, and their trends.
    base_share = rng.beta(2, 12, n_buurten)
    share_trend = rng.normal(0.0, 0.012, n_buurten)
    base_onv = rng.normal(0.03, 0.07, n_buurten) - 0.4 * (base_share - base_share.mean())
    onv_trend = rng.normal(0.004, 0.01, n_buurten)
    # A few flats with heavy concentrations inside ordinary buurten (seed 001, De Heeg).
    hot_flat = rng.random(n_squares) < 0.01
    size = rng.gamma(2.0, 25.0, n_squares)
    names = ["inwoners", "woningen", "kwetsbaar", "wmo_clienten", "lbm_onv"]
    n_rows = n_squares * len(names) * len(periods)
    value = np.empty(n_rows)
    indicator = np.empty(n_rows, dtype=np.int8)
    period_column = np.empty(n_rows, dtype=np.int64)
    position = 0
    for step, period in enumerate(periods):
        inwoners = rng.poisson(size * (1 + 0.01 * step))
        share = np.clip(
            base_share[sq_buurt] + share_trend[sq_buurt] * step + 0.35 * hot_flat * step / 3, 0, 0.95
        )
        kwetsbaar = rng.binomial(inwoners, share)
        woningen = rng.poisson(inwoners / 2.1)
        wmo = rng.binomial(inwoners, np.clip(0.02 + 0.3 * share, 0, 1))
        onv = (
            base_onv[sq_buurt]
            + onv_trend[sq_buurt] * step
            + rng.normal(0, 0.02, n_squares)
            - 0.2 * hot_flat * step / 3
        )
        # Leefbaarometer scores exist only where people live.
        onv = np.where(woningen > 0, onv, np.nan)
        for code, column in enumerate((inwoners, woningen, kwetsbaar, wmo, onv)):
            value[position : position + n_squares] = column
            indicator[position : position + n_squares] = code
            period_column[position : position + n_squares] = period
            position += n_squares
    values = pd.DataFrame(
        {
            "area_code": pd.Categorical.from_codes(
                np.tile(np.arange(n_squares), len(names) * len(periods)),
                categories=pd.Index(sq_codes.astype(str)),
            ),
            "indicator": pd.Categorical.from_codes(indicator, categories=pd.Index(names)),
            "period": period_column,
            "value": value,
        }
    )
    all_codes = np.concatenate([sq_codes, bu_codes, wk_codes, ry_codes, gm_codes, ["NL"]])
    levels = (
        ["square"] * n_squares
        + ["buurt"] * n_buurten
        + ["wijk"] * n_wijken
        + ["rayon"] * len(ry_codes)
        + ["gemeente"] * n_gemeenten
        + ["land"]
    )
    areas = pd.DataFrame({"area_code": all_codes.astype(str), "level": levels, "name": all_codes.astype(str)})
    membership = pd.DataFrame(
        {
            "child_code": np.concatenate([sq_codes, bu_codes, bu_codes, wk_codes, ry_codes, gm_codes]).astype(
                str
            ),
            "parent_code": np.concatenate(
                [
                    bu_codes[sq_buurt],
                    wk_codes[wijk],
                    ry_codes[rayon],
                    gm_codes[np.arange(n_wijken) // wijken_per_gemeente],
                    gm_codes[np.arange(len(ry_codes)) // rayons_per_gemeente],
                    np.full(n_gemeenten, "NL", dtype=object),
                ]
            ).astype(str),
            "weight": 1.0,
        }
    )
    return FakeCountry(values, areas, membership, CATALOGUE, pd.Series(bu_codes[sq_buurt], index=sq_codes))
