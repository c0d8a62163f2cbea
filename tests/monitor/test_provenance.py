# SPDX-License-Identifier: EUPL-1.2
"""A run says per layer of the class and per indicator which inputs are real and which synthetic."""

import pandas as pd

from veerkracht.monitor import load_preset
from veerkracht.monitor.catalogue import build_catalogue
from veerkracht.monitor.provenance import input_provenance

AREAS = pd.DataFrame({"area_code": ["B1", "B2", "B3", "W1"], "level": ["buurt", "buurt", "buurt", "wijk"]})
CATALOGUE = build_catalogue(
    [
        {"code": "aandeel_kwetsbaar", "kind": "share", "numerator": "kwetsbaar", "denominator": "inwoners"},
        {"code": "lbm_onv", "kind": "score", "weight": "woningen"},
    ]
)


def _values(rows: list[tuple[str, str, int, float | None, bool]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["area_code", "indicator", "period", "value", "synthetic"])


def test_a_share_is_traced_to_the_counts_it_is_made_of_per_year_and_area() -> None:
    values = _values(
        [
            ("B1", "kwetsbaar", 2014, 10.0, True),
            ("B2", "kwetsbaar", 2014, 12.0, True),
            ("B1", "kwetsbaar", 2022, 11.0, False),
            ("B2", "kwetsbaar", 2022, 14.0, True),
            ("B1", "inwoners", 2022, 100.0, False),
            ("B1", "inwoners", 2018, 100.0, True),
        ]
    )
    layers = input_provenance(values, AREAS, CATALOGUE, load_preset(), period_start=2014, period_end=2022)[
        "layers"
    ]
    vulnerable = layers["vulnerable_residents"]
    assert vulnerable["indicators"] == ["aandeel_kwetsbaar", "kwetsbaar", "inwoners"]
    assert vulnerable["real"] == [
        {"indicator": "inwoners", "level": "buurt", "periods": [2022], "areas": 1},
        {"indicator": "kwetsbaar", "level": "buurt", "periods": [2022], "areas": 1},
    ]
    assert vulnerable["synthetic"] == [
        {"indicator": "kwetsbaar", "level": "buurt", "periods": [2014], "areas": 2},
        {"indicator": "kwetsbaar", "level": "buurt", "periods": [2022], "areas": 1},
    ], "2018 is not a year the class reads, and the real buurt of 2022 is not counted as synthetic"


def test_every_period_counts_for_an_indicator_and_missing_numbers_count_for_nothing() -> None:
    values = _values(
        [
            ("W1", "lbm_onv", 2014, 0.1, False),
            ("W1", "lbm_onv", 2016, None, False),
            ("B3", "lbm_onv", 2018, 0.2, True),
        ]
    )
    indicators = input_provenance(
        values, AREAS, CATALOGUE, load_preset(), period_start=2014, period_end=2022
    )["indicators"]
    assert indicators["lbm_onv"] == {
        "real": [{"indicator": "lbm_onv", "level": "wijk", "periods": [2014], "areas": 1}],
        "synthetic": [{"indicator": "lbm_onv", "level": "buurt", "periods": [2018], "areas": 1}],
    }


def test_values_without_a_synthetic_flag_are_real() -> None:
    values = _values([("B1", "inwoners", 2014, 5.0, False)]).drop(columns="synthetic")
    layers = input_provenance(values, AREAS, CATALOGUE, load_preset(), period_start=2014, period_end=2022)[
        "layers"
    ]
    assert layers["population"]["synthetic"] == [] and layers["population"]["real"][0]["areas"] == 1
