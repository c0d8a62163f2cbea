# SPDX-License-Identifier: EUPL-1.2
"""Veerstad has all of the study's layers: health, allocations, safety, crime and cohesion, synthetic,
in the columns of the mappings a city uses for its own figures."""

import json
from pathlib import Path

import numpy as np
import pandas as pd

from veerkracht.demo.synthetic import City
from veerkracht.demo.synthetic.study_layers import SURVEY_MINIMUM, study_layers, veiligheidsmonitor_years
from veerkracht.indicators.connectors import read_with_mapping

LAYERS = ("gezondheidsmonitor", "toewijzingen", "veiligheidsmonitor", "politie_misdrijven", "sociale_cohesie")


def test_every_layer_is_written_as_synthetic_and_reads_with_its_mapping(written: Path) -> None:
    manifest = json.loads((written / "MANIFEST.json").read_text())
    listed = {entry["path"]: entry for entry in manifest["files"]}
    for name in LAYERS:
        entry = listed[f"lagen/{name}.csv"]
        assert entry["synthetic"] is True
        values = read_with_mapping(written / entry["path"], name).values
        assert len(values) > 100 and values["area_code"].str.startswith("BU").all()


def _per_buurt(city: City, frame: pd.DataFrame, column: str) -> pd.DataFrame:
    values = frame[frame[column].astype(str) != "x"]
    merged = values.merge(
        city.buurt_values, left_on=["gebiedscode", "jaar"], right_on=["buurtcode", "jaar"], validate="1:1"
    )
    return merged.assign(value=pd.to_numeric(merged[column]))


def test_buurten_under_pressure_feel_less_healthy_and_less_safe_and_see_more_crime(city: City) -> None:
    layers = study_layers(city.buurt_values, city.years, seed=1)
    health = _per_buurt(city, layers.gezondheidsmonitor, "ervaren_gezondheid_goed_pct")
    vulnerable = health["vulnerable_share"] > health["vulnerable_share"].quantile(0.8)
    calm = health["vulnerable_share"] < health["vulnerable_share"].quantile(0.2)
    assert health.loc[vulnerable, "value"].mean() < health.loc[calm, "value"].mean() - 3
    unsafe = _per_buurt(city, layers.veiligheidsmonitor, "onveilig_weleens_pct")
    noisy = unsafe["onv"] < unsafe["onv"].quantile(0.2)
    quiet = unsafe["onv"] > unsafe["onv"].quantile(0.8)
    assert unsafe.loc[noisy, "value"].mean() > unsafe.loc[quiet, "value"].mean() + 3
    crime = _per_buurt(city, layers.politie_misdrijven, "totaal")
    rate = crime["value"] / crime["inhabitants"].where(crime["inhabitants"] > 0)
    assert (
        rate[crime["onv"] < crime["onv"].quantile(0.2)].mean()
        > rate[crime["onv"] > crime["onv"].quantile(0.8)].mean()
    )


def test_cohesion_gets_an_insufficient_mark_in_many_buurten_as_in_the_study(city: City) -> None:
    cohesion = _per_buurt(
        city, study_layers(city.buurt_values, city.years, seed=1).sociale_cohesie, "sociale_cohesie"
    )
    share_insufficient = float((cohesion["value"] < 5.5).mean())
    assert 0.5 < share_insufficient < 0.8, "the study: an insufficient mark in more than half of the buurten"


def test_surveys_keep_small_buurten_secret_and_come_in_their_own_years(city: City) -> None:
    layers = study_layers(city.buurt_values, city.years, seed=1)
    survey = layers.veiligheidsmonitor.merge(
        city.buurt_values, left_on=["gebiedscode", "jaar"], right_on=["buurtcode", "jaar"]
    )
    small = survey["inhabitants"] < SURVEY_MINIMUM
    assert small.any() and (survey.loc[small, "onveilig_weleens_pct"] == "x").all()
    assert (survey.loc[~small, "onveilig_weleens_pct"] != "x").all()
    assert sorted(layers.veiligheidsmonitor["jaar"].unique()) == veiligheidsmonitor_years(city.years)
    assert 2018 not in set(layers.veiligheidsmonitor["jaar"]), "biennial from 2017: no 2018 edition"
    assert set(layers.toewijzingen["jaar"]) == set(city.years), "allocations are counted every year"


def test_allocations_add_up_and_the_same_seed_gives_the_same_layers(city: City) -> None:
    first = study_layers(city.buurt_values, city.years, seed=1)
    again = study_layers(city.buurt_values, city.years, seed=1)
    pd.testing.assert_frame_equal(first.toewijzingen, again.toewijzingen)
    allocations = first.toewijzingen
    parts = allocations["tot_bijstandsniveau"] + allocations["boven_huurtoeslaggrens"]
    assert (parts <= allocations["toewijzingen"]).all()
    assert (allocations["bijzondere_doelgroepen"] <= allocations["toewijzingen"]).all()
    crime = first.politie_misdrijven
    kinds = [c for c in crime.columns if c not in ("gebiedsniveau", "gebiedscode", "jaar", "totaal")]
    assert (crime[kinds].sum(axis=1) <= crime["totaal"]).all()
    assert not np.array_equal(
        study_layers(city.buurt_values, city.years, seed=2).politie_misdrijven["totaal"], crime["totaal"]
    )
