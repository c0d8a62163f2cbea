# SPDX-License-Identifier: EUPL-1.2
"""Hypothesis strategies for small random area hierarchies with overlapping groupings."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from hypothesis import strategies as st


@dataclass(frozen=True)
class Hierarchy:
    areas: pd.DataFrame
    membership: pd.DataFrame
    squares: list[str]
    buurten: list[str]
    square_buurt: dict[str, str]
    buurt_wijk: dict[str, str]
    buurt_rayon: dict[str, str]


@st.composite
def hierarchies(draw: st.DrawFn, *, squares: bool = True, rayons: bool = True) -> Hierarchy:
    """A gemeente with wijken, buurten (optionally in overlapping rayons) and optionally squares."""
    n_buurten = draw(st.integers(2, 9))
    n_wijken = draw(st.integers(1, min(3, n_buurten)))
    n_rayons = draw(st.integers(1, 3)) if rayons else 0
    buurten = [f"BU{i:02d}" for i in range(n_buurten)]
    wijken = [f"WK{i:02d}" for i in range(n_wijken)]
    rayon_codes = [f"RY{i:02d}" for i in range(n_rayons)]
    # Every wijk gets at least one buurt, so no parent is empty.
    buurt_wijk = {
        b: wijken[i] if i < n_wijken else draw(st.sampled_from(wijken)) for i, b in enumerate(buurten)
    }
    buurt_rayon = {b: draw(st.sampled_from(rayon_codes)) for b in buurten} if rayons else {}
    used_rayons = sorted(set(buurt_rayon.values()))
    square_buurt: dict[str, str] = {}
    if squares:
        for i, b in enumerate(buurten):
            for j in range(draw(st.integers(1, 4))):
                square_buurt[f"E{1000 + i:04d}N{3000 + j:04d}"] = b
    codes = [*square_buurt, *buurten, *wijken, *used_rayons, "GM01", "NL"]
    levels = (
        ["square"] * len(square_buurt)
        + ["buurt"] * n_buurten
        + ["wijk"] * n_wijken
        + ["rayon"] * len(used_rayons)
        + ["gemeente", "land"]
    )
    edges = [*square_buurt.items(), *buurt_wijk.items(), *buurt_rayon.items()]
    edges += [(w, "GM01") for w in wijken] + [(r, "GM01") for r in used_rayons] + [("GM01", "NL")]
    membership = pd.DataFrame(edges, columns=["child_code", "parent_code"]).assign(weight=1.0)
    areas = pd.DataFrame({"area_code": codes, "level": levels})
    return Hierarchy(areas, membership, list(square_buurt), buurten, square_buurt, buurt_wijk, buurt_rayon)


def base_codes(hierarchy: Hierarchy) -> list[str]:
    """The finest areas, where data enters."""
    return hierarchy.squares or hierarchy.buurten


def descendants(hierarchy: Hierarchy, code: str) -> list[str]:
    """Base areas below ``code`` (itself when it is a base area)."""
    base = base_codes(hierarchy)
    if code in base:
        return [code]
    buurt_of = hierarchy.square_buurt or {b: b for b in hierarchy.buurten}
    parents = {
        b: {b, hierarchy.buurt_wijk[b], hierarchy.buurt_rayon.get(b, ""), "GM01", "NL"}
        for b in hierarchy.buurten
    }
    return [c for c in base if code in parents[buurt_of[c]]]


def counts_frame(codes: list[str], periods: list[int], draw: st.DrawFn, *, high: int = 400) -> pd.DataFrame:
    """Random inhabitants, vulnerable residents (never more than inhabitants), dwellings and onv."""
    rows = []
    for code in codes:
        for period in periods:
            inwoners = draw(st.integers(0, high))
            rows.append((code, "inwoners", period, float(inwoners)))
            rows.append((code, "kwetsbaar", period, float(draw(st.integers(0, inwoners)))))
            rows.append((code, "woningen", period, float(draw(st.integers(0, high // 2)))))
            onv = draw(st.floats(-0.3, 0.3, allow_nan=False))
            rows.append((code, "onv", period, onv))
    frame = pd.DataFrame(rows, columns=["area_code", "indicator", "period", "value"])
    return frame.astype({"value": np.float64})
