# SPDX-License-Identifier: EUPL-1.2
"""Deterministic synthetic city (and country) generator for demos, tests and benchmarks; no Django.

What "concentration change" means here: the vulnerable share of an area is its vulnerable residents
(the five WoonZorgwijzer-like groups together; each resident counts in one group) divided by its
inhabitants; its change is ``100 * (share[end] - share[start])`` in percentage points between the
period's years (2014 and 2022 by default). The onv development is ``onv[end] - onv[start]`` minus the
same change of the national average (``City.national_reference``). Stories are designed on these two
measures at buurt level (see ``stories.py``) and recorded in ``City.truth`` / ``truth.json``.

Every value is synthetic: frames carry ``synthetic = True`` and written files are listed in
MANIFEST.json with ``"synthetic": true``.
"""

from veerkracht.geo.squares import square_id, square_ids, square_origin, square_origins

from .city import City, generate_city
from .country import generate_country
from .params import CityParams, StoryCounts
from .real_city import RealCityAnchors, kwb_from_english_columns, synthesize_for_real_city
from .writer import write_city

__all__ = [
    "City",
    "CityParams",
    "RealCityAnchors",
    "StoryCounts",
    "generate_city",
    "generate_country",
    "kwb_from_english_columns",
    "square_id",
    "square_ids",
    "square_origin",
    "square_origins",
    "synthesize_for_real_city",
    "write_city",
]
