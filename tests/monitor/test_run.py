# SPDX-License-Identifier: EUPL-1.2
"""A whole analysis run: one class per area, nothing disclosive published, a manifest to repeat it."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from fake_country import FakeCountry, make_fake_country

from veerkracht.monitor import (
    AnalysisInputs,
    AnalysisParameters,
    AnalysisResult,
    AnalysisRun,
    NeedSupportParameters,
    ReferenceSpec,
    compare_runs,
    load_preset,
    run_analysis,
)

PRESET = load_preset()


@pytest.fixture(scope="module")
def country() -> FakeCountry:
    return make_fake_country(n_gemeenten=2, wijken_per_gemeente=3, buurten_per_wijk=4, block=6, seed=11)


def _run(country: FakeCountry, **parameters: object) -> AnalysisResult:
    parameters.setdefault("need_support", NeedSupportParameters("wmo_per_1000"))
    inputs = AnalysisInputs(
        country.values, country.areas, country.membership, country.catalogue, {"import_run:7": "sha256:abc"}
    )
    return run_analysis(inputs, PRESET, AnalysisParameters(2014, 2020, **parameters))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def result(country: FakeCountry) -> AnalysisResult:
    return _run(country)


def test_every_area_of_the_classified_levels_gets_exactly_one_class(
    country: FakeCountry, result: AnalysisResult
) -> None:
    expected = country.areas[country.areas["level"].isin(["square", "buurt", "wijk", "rayon", "gemeente"])]
    classes = result.classes
    assert sorted(classes["area_code"]) == sorted(expected["area_code"])
    assert not classes["area_code"].duplicated().any()
    assert classes["class_key"].isin(PRESET.class_keys()).all()
    assert classes.loc[classes["level"] == "buurt", "class_key"].ne("insufficient_data").all()


def test_nothing_disclosive_is_published(result: AnalysisResult) -> None:
    counts = result.values[
        result.values["indicator"].isin(["inwoners", "woningen", "kwetsbaar", "wmo_clienten"])
    ]
    shown = counts[~counts["suppressed"]]
    assert not ((shown["value"] > 0) & (shown["value"] < 5)).any()
    assert counts.loc[counts["suppressed"], "value"].isna().all()
    assert counts["suppressed"].any(), "the fake country has small squares"


def test_numbers_behind_a_class_are_withheld_where_they_rest_on_suppressed_counts(
    result: AnalysisResult,
) -> None:
    withheld = result.classes[result.classes["withheld"]]
    assert len(withheld) > 0
    assert (withheld["vulnerable_change"].isna() | withheld["nuisance_relative_change"].isna()).all()
    # Either the words say the figures are withheld, or that too few people live there (no count).
    blanked = withheld[withheld["residents_start"].isna()]
    said = blanked["explanation_nl"].str.contains(
        "afgeschermd wegens kleine aantallen|minder dan 50 bewoners"
    )
    assert len(blanked) and said.all()
    # A withheld number appears neither in the sentence nor in the calculation.
    for frame_column, text_column in (
        ("vulnerable_end", "explanation_nl"),
        ("nuisance_end", "calculation_nl"),
    ):
        blank = withheld[withheld[frame_column].isna()]
        assert not blank[text_column].str.contains("%|procentpunt|lager dan", regex=True).any()
    open_rows = result.classes[~result.classes["withheld"] & (result.classes["level"] == "buurt")]
    assert open_rows["explanation_nl"].str.contains("procentpunt").all()


def test_the_manifest_records_what_is_needed_to_repeat_the_run(result: AnalysisResult) -> None:
    manifest = result.manifest
    assert manifest["preset"]["name"] == "veerkracht-2021"
    assert manifest["preset"]["version"] == PRESET.version
    assert manifest["preset"]["sha256"] == PRESET.sha256
    assert manifest["code_version"]
    assert manifest["parameters"]["period_start"] == 2014 and manifest["parameters"]["period_end"] == 2020
    assert manifest["inputs"] == {"import_run:7": "sha256:abc"}
    assert manifest["input_fingerprints"]["values"].startswith("sha256:")
    assert manifest["periods"] == [2014, 2016, 2018, 2020]
    assert sum(manifest["counts"]["classes"].values()) == len(result.classes)
    json.dumps(manifest)


def test_the_same_inputs_give_the_same_result(country: FakeCountry, result: AnalysisResult) -> None:
    again = _run(country)
    for name, frame in result.frames().items():
        pd.testing.assert_frame_equal(frame, again.frames()[name], obj=name)
    assert again.manifest == result.manifest


def test_every_part_of_the_analysis_produces_its_frame(result: AnalysisResult) -> None:
    assert set(result.emerging["category"]) - {"insufficient_data", "no_pattern"}, (
        "four periods show patterns"
    )
    assert {"gi_z", "q_value", "hotspot"} <= set(result.gi.columns)
    assert result.gi["period"].nunique() == 4
    assert set(result.smoothed["indicator"]) == {"wmo_per_1000"}
    assert (result.smoothed["lower"] <= result.smoothed["smoothed_rate"] + 1e-9).all()
    assert set(result.need_support["flag"]) <= {
        "over_served",
        "under_served",
        "as_expected",
        "insufficient_data",
    }
    assert result.manifest["need_support_model"]["n"] > 0
    assert {"parent_code", "reason"} <= set(result.hidden_hotspots.columns)


def test_parameters_change_the_outcome_and_are_recorded(country: FakeCountry) -> None:
    strict = _run(
        country, thresholds={"vulnerable_increase_above": 99.0}, reference=ReferenceSpec("municipal")
    )
    assert not strict.classes["vulnerable_category"].eq("increase").any()
    assert strict.manifest["effective_thresholds"]["vulnerable_increase_above"] == 99.0
    assert strict.manifest["parameters"]["reference"]["scope"] == "municipal"
    assert strict.manifest["reference"]["label_nl"] == "de gemeente"
    # Without an increase, nuisance and insecurity do not decide the class, and the text says so.
    known = strict.classes[strict.classes["vulnerable_category"] != "missing"]
    assert known["calculation_nl"].str.contains("tellen voor deze klasse niet mee").all()


def test_two_runs_can_be_compared_area_by_area(country: FakeCountry, result: AnalysisResult) -> None:
    other = AnalysisRun(
        AnalysisInputs(country.values, country.areas, country.membership, country.catalogue),
        PRESET,
        AnalysisParameters(2016, 2020),
    ).execute()
    comparison = compare_runs(result, other)
    assert len(comparison) == len(result.classes)
    changed = comparison["status"] == "changed"
    manual = (
        result.classes.set_index("area_code")["class_key"]
        != other.classes.set_index("area_code")["class_key"]
    )
    assert changed.sum() == manual.sum() > 0
    assert comparison.loc[changed, "class_a"].ne(comparison.loc[changed, "class_b"]).all()
