# SPDX-License-Identifier: EUPL-1.2
"""The veerkracht classification against the study's map 2-26, and its invariants."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from support import examples
from veerkracht.monitor import ReferenceSpec, classify, load_preset
from veerkracht.monitor.categories import COMPARISON_DECIMALS
from veerkracht.monitor.preset import CATEGORIES
from veerkracht.monitor.resilience import development_category, nuisance_level_category, vulnerable_category

PRESET = load_preset("veerkracht-2021")
FIXED = ReferenceSpec("fixed", value=0.0)


def _classify(cases: list[tuple[float, float, float, float, float]], preset=PRESET, **kwargs) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    """Cases of (share 2014, share 2018, onv 2014, onv 2018, inhabitants)."""
    rows = []
    for i, (s0, s1, o0, o1, n) in enumerate(cases):
        code = f"BU{i:04d}"
        for period, share, onv in ((2014, s0, o0), (2018, s1, o1)):
            rows += [
                (code, "aandeel_kwetsbaar", period, share),
                (code, "lbm_onv", period, onv),
                (code, "inwoners", period, n),
            ]
    values = pd.DataFrame(rows, columns=["area_code", "indicator", "period", "value"])
    areas = pd.DataFrame({"area_code": [f"BU{i:04d}" for i in range(len(cases))], "level": "buurt"})
    kwargs.setdefault("reference", FIXED)
    return classify(values, areas, preset, period_start=2014, period_end=2018, **kwargs)


# (vulnerable change, onv level in 2018, onv change, expected class, what seed 001 says)
SEED_TABLE = [
    (+3.0, -0.12, -0.02, "under_pressure_severe", "donkerrood: toename, verslechtering, veel overlast"),
    (+3.0, -0.04, -0.02, "under_pressure", "rood: toename, verslechtering bij minimaal enige overlast"),
    (+3.0, -0.04, +0.02, "resilient", "helder groen: verbetering bij toename en enige overlast"),
    (+3.0, -0.12, +0.02, "resilient", "helder groen: ook bij veel overlast is verbetering veerkracht"),
    (-3.0, -0.12, -0.02, "decrease", "olijfgroen: afname, wat overlast ook doet"),
    (-3.0, +0.05, +0.02, "decrease", "olijfgroen"),
    (+0.4, -0.12, -0.02, "about_equal", "geel: ongeveer gelijk"),
    (-0.9, +0.05, +0.02, "about_equal", "geel"),
    # The classes the study left open, as the preset completes them.
    (
        +3.0,
        +0.05,
        -0.02,
        "early_warning",
        "weinig overlast maar verslechtering: 'veerkracht is niet oneindig'",
    ),
    (+3.0, +0.05, +0.02, "increase_little_nuisance", "toename zonder overlastprobleem"),
    (+3.0, -0.04, +0.001, "holding", "binnen de marge rond de referentie"),
    (+3.0, np.nan, -0.02, "insufficient_data", "geen Leefbaarometer"),
    (np.nan, -0.12, -0.02, "insufficient_data", "geen kwetsbaarheidscijfer"),
]


@pytest.mark.parametrize(("vr_change", "onv_end", "onv_change", "expected", "seed"), SEED_TABLE)
def test_the_class_table_follows_the_study(
    vr_change: float, onv_end: float, onv_change: float, expected: str, seed: str
) -> None:
    out = _classify([(20.0, 20.0 + vr_change, onv_end - onv_change, onv_end, 800)])
    assert out.loc[0, "class_key"] == expected, seed


def test_the_study_colours_are_kept() -> None:
    colours = {c.key: c.colour for c in PRESET.classes}
    assert colours["under_pressure_severe"] == "#8B0000"  # donkerrood
    assert colours["under_pressure"] == "#E31A1C"  # rood
    assert colours["resilient"] == "#33CC33"  # helder groen
    assert colours["decrease"] == "#808000"  # olijfgroen
    assert colours["about_equal"] == "#FFFF33"  # geel
    assert len(set(colours.values())) == len(colours)


def test_too_few_residents_give_insufficient_data_and_say_so() -> None:
    out = _classify([(20.0, 30.0, -0.1, -0.2, 30)])
    assert out.loc[0, "class_key"] == "insufficient_data"
    assert (
        "te weinig mensen voor een betrouwbaar cijfer (30 bewoners; minimaal 50 nodig)"
        in (out.loc[0, "explanation_nl"])
    )
    assert "Too few people live here for a reliable figure (30 residents" in out.loc[0, "explanation_en"]


def test_the_explanation_is_one_plain_sentence_with_start_end_and_reference_values() -> None:
    areas = pd.DataFrame({"area_code": ["BU1", "NL"], "level": ["buurt", "land"]})
    values = pd.DataFrame(
        {
            "area_code": ["BU1"] * 6 + ["NL"] * 2,
            "period": [2014, 2018] * 4,
            "indicator": ["aandeel_kwetsbaar"] * 2 + ["lbm_onv"] * 2 + ["inwoners"] * 2 + ["lbm_onv"] * 2,
            "value": [23.7, 30.0, -0.10, -0.12, 900, 950, 0.04, 0.05],
        }
    )
    out = classify(values, areas, PRESET, period_start=2014, period_end=2018, levels=["buurt"]).iloc[0]
    assert out["explanation_nl"] == (
        "Het aandeel kwetsbare bewoners steeg van 23,7% in 2014 naar 30,0% in 2018 (+6,3 procentpunt), "
        "en de Leefbaarometer-score voor overlast en onveiligheid verslechterde van −0,10 naar −0,12 "
        "(veel overlast), terwijl die in Nederland in dezelfde jaren met 0,01 verbeterde: "
        "een slechtere ontwikkeling dan in Nederland."
    )
    assert out["explanation_en"] == (
        "The share of vulnerable residents rose from 23.7% in 2014 to 30.0% in 2018 (+6.3 percentage "
        "points), and the Leefbaarometer score for nuisance and insecurity worsened from −0.10 to −0.12 "
        "(much nuisance), while in the Netherlands over the same years it improved by 0.01: "
        "a worse development than in the Netherlands."
    )
    assert "drempel" not in out["explanation_nl"], "thresholds only on request"
    assert out["calculation_nl"] == (
        "Aandeel kwetsbare bewoners: toename, want +6,3 procentpunt is meer dan de drempel van 1,0. "
        "Overlast en onveiligheid (onv): veel overlast, want −0,12 is lager dan −0,08. "
        "Ontwikkeling ten opzichte van Nederland: verslechtering, want −0,02 min +0,01 is −0,03, "
        "minder dan −0,005."
    )
    assert out["reference_change"] == pytest.approx(0.01)


@pytest.mark.parametrize(
    ("start", "end", "onv_start", "onv_end", "shown"),
    [
        # 1.04 points is an increase; one decimal would show 23,7 -> 24,8 (+1,1): fine as it is.
        (23.74, 24.78, -0.05, -0.05, ["23,7%", "24,8%"]),
        # 1.02 is an increase, but one decimal shows 23,8 -> 24,8 (+1,0), "about equal": more decimals.
        (23.76, 24.78, -0.05, -0.05, ["23,76%", "24,78%", "+1,02 procentpunt"]),
        # Exactly 1.0 apart in floating point noise (24.1 - 23.1 > 1.0) is about equal, and says so.
        (23.1, 24.1, -0.05, -0.05, ["bleef ongeveer gelijk", "23,1%", "24,1%", "+1,0 procentpunt"]),
        # onv -0.0803 is much nuisance; "-0,08" would be "some": shown as -0,0803.
        (20.0, 25.0, -0.0803, -0.0803, ["−0,0803 (veel overlast)"]),
        # onv exactly -0.08 is some nuisance and is shown as -0,08.
        (20.0, 25.0, -0.08, -0.08, ["−0,08 (enige overlast)"]),
    ],
)
def test_no_shown_number_contradicts_its_category(
    start: float, end: float, onv_start: float, onv_end: float, shown: list[str]
) -> None:
    out = _classify([(start, end, onv_start, onv_end, 900)])
    for text in shown:
        assert text in out.loc[0, "explanation_nl"], out.loc[0, "explanation_nl"]


def test_a_development_just_past_the_margin_is_not_shown_as_on_the_margin() -> None:
    # The area's onv rises 0.0151, the reference 0.010: +0.0051 is an improvement (margin 0.005).
    # Two decimals show -0,04 -> -0,03 (+0,01 - 0,01 = 0,00), three +0,015 - 0,010 = 0,005: both
    # "in line with the reference"; four decimals show the improvement.
    out = _classify([(20.0, 25.0, -0.044, -0.0289, 900)], reference=ReferenceSpec("fixed", value=0.01))
    assert out.loc[0, "nuisance_development_category"] == "improving"
    calculation = out.loc[0, "calculation_nl"]
    assert "+0,0051, meer dan +0,005" in calculation, calculation


def test_insufficient_data_names_the_missing_figure() -> None:
    areas = pd.DataFrame({"area_code": ["BU1", "BU2", "NL"], "level": ["buurt", "buurt", "land"]})
    rows = [
        ("BU1", "aandeel_kwetsbaar", 2018, 22.0),
        ("BU1", "lbm_onv", 2014, -0.1),
        ("BU1", "lbm_onv", 2018, -0.1),
        ("BU2", "aandeel_kwetsbaar", 2014, 20.0),
        ("BU2", "aandeel_kwetsbaar", 2018, 25.0),
        ("BU2", "lbm_onv", 2014, -0.1),
        ("NL", "lbm_onv", 2014, 0.0),
        ("NL", "lbm_onv", 2018, 0.0),
    ]
    values = pd.DataFrame(rows, columns=["area_code", "indicator", "period", "value"])
    out = classify(values, areas, PRESET, period_start=2014, period_end=2018, levels=["buurt"])
    out = out.set_index("area_code")
    assert (out["class_key"] == "insufficient_data").all()
    assert out.loc["BU1", "explanation_nl"] == "Het aandeel kwetsbare bewoners van 2014 ontbreekt."
    assert "voor overlast en onveiligheid van 2018 ontbreekt" in out.loc["BU2", "explanation_nl"]


def test_the_open_data_preset_classifies_on_a_standardised_composite() -> None:
    preset = load_preset("veerkracht-2021-open")
    components = preset.vulnerable.components
    rows = []
    for i in range(6):
        code = f"BU{i}"
        growth = 4.0 if i == 0 else 0.0
        for period in (2014, 2018):
            bump = growth if period == 2018 else 0.0
            rows += [(code, comp, period, 5.0 + i + k + bump) for k, comp in enumerate(components)]
            rows += [
                (code, "lbm_onv", period, -0.12 if period == 2018 else -0.10),
                (code, "inwoners", period, 900),
            ]
    values = pd.DataFrame(rows, columns=["area_code", "indicator", "period", "value"])
    areas = pd.DataFrame({"area_code": [f"BU{i}" for i in range(6)], "level": "buurt"})
    out = classify(values, areas, preset, period_start=2014, period_end=2018, reference=FIXED).set_index(
        "area_code"
    )
    assert out.loc["BU0", "vulnerable_change"] == pytest.approx(4.0 / np.std([5, 6, 7, 8, 9, 10]))
    assert out.loc["BU0", "class_key"] == "under_pressure_severe"
    assert out.loc["BU1", "class_key"] == "about_equal"
    assert "standaarddeviatie" in out.loc["BU0", "explanation_nl"]


numbers = st.one_of(st.floats(-8, 8, allow_nan=False), st.just(np.nan))
onv = st.one_of(st.floats(-0.3, 0.3, allow_nan=False), st.just(np.nan))
cases = st.lists(
    st.tuples(st.floats(0, 60), numbers, onv, onv, st.sampled_from([10.0, 60.0, 900.0, np.nan])),
    min_size=1,
    max_size=25,
)


@settings(max_examples=examples(80), deadline=None)
@given(cases=cases)
def test_every_area_gets_exactly_one_known_class(
    cases: list[tuple[float, float, float, float, float]],
) -> None:
    out = _classify([(s0, s0 + d, o0, o1, n) for s0, d, o0, o1, n in cases])
    assert len(out) == len(cases)
    assert out["class_key"].isin(PRESET.class_keys()).all()
    assert out["colour"].str.fullmatch(r"#[0-9A-F]{6}").all()
    assert out["explanation_nl"].str.len().gt(20).all()


def _red(out: pd.DataFrame) -> set[str]:
    return set(out.loc[out["class_key"].isin(["under_pressure_severe", "under_pressure"]), "area_code"])


@settings(max_examples=examples(60), deadline=None)
@given(cases=cases, low=st.floats(0, 4), extra=st.floats(0, 4))
def test_stricter_increase_threshold_only_moves_areas_out_of_increase(
    cases: list, low: float, extra: float
) -> None:  # type: ignore[type-arg]
    data = [(s0, s0 + d, o0, o1, n) for s0, d, o0, o1, n in cases]
    loose = _classify(data, PRESET.with_thresholds(vulnerable_increase_above=low))
    strict = _classify(data, PRESET.with_thresholds(vulnerable_increase_above=low + extra))
    increased = set(loose.loc[loose["vulnerable_category"] == "increase", "area_code"])
    assert set(strict.loc[strict["vulnerable_category"] == "increase", "area_code"]) <= increased
    assert _red(strict) <= _red(loose)
    moved = loose["vulnerable_category"] != strict["vulnerable_category"]
    assert (loose.loc[moved, "vulnerable_category"] == "increase").all()
    assert (strict.loc[moved, "vulnerable_category"] == "about_equal").all()


@settings(max_examples=examples(60), deadline=None)
@given(cases=cases, much=st.floats(-0.3, 0.0), gap=st.floats(0, 0.2), lower=st.floats(0, 0.2))
def test_lower_nuisance_thresholds_only_shrink_the_much_and_some_nuisance_sets(
    cases: list,
    much: float,
    gap: float,
    lower: float,  # type: ignore[type-arg]
) -> None:
    data = [(s0, s0 + d, o0, o1, n) for s0, d, o0, o1, n in cases]
    loose = _classify(data, PRESET.with_thresholds(nuisance_much=much, nuisance_some=much + gap))
    strict = _classify(
        data, PRESET.with_thresholds(nuisance_much=much - lower, nuisance_some=much + gap - lower)
    )
    for category in ("much",):
        assert set(strict.loc[strict["nuisance_level_category"] == category, "area_code"]) <= set(
            loose.loc[loose["nuisance_level_category"] == category, "area_code"]
        )
    at_least_some = {"some", "much"}
    assert set(strict.loc[strict["nuisance_level_category"].isin(at_least_some), "area_code"]) <= set(
        loose.loc[loose["nuisance_level_category"].isin(at_least_some), "area_code"]
    )
    assert _red(strict) <= _red(loose)
    dark = "under_pressure_severe"
    assert set(strict.loc[strict["class_key"] == dark, "area_code"]) <= set(
        loose.loc[loose["class_key"] == dark, "area_code"]
    )


@settings(max_examples=examples(60), deadline=None)
@given(cases=cases, band=st.floats(0, 0.05), extra=st.floats(0, 0.05))
def test_a_wider_dead_band_only_moves_areas_towards_in_line_with_the_reference(
    cases: list,
    band: float,
    extra: float,  # type: ignore[type-arg]
) -> None:
    data = [(s0, s0 + d, o0, o1, n) for s0, d, o0, o1, n in cases]
    narrow = _classify(data, PRESET.with_thresholds(development_dead_band=band))
    wide = _classify(data, PRESET.with_thresholds(development_dead_band=band + extra))
    moved = narrow["nuisance_development_category"] != wide["nuisance_development_category"]
    assert (wide.loc[moved, "nuisance_development_category"] == "stable").all()
    assert _red(wide) <= _red(narrow)
    resilient = "resilient"
    assert set(wide.loc[wide["class_key"] == resilient, "area_code"]) <= set(
        narrow.loc[narrow["class_key"] == resilient, "area_code"]
    )


def test_category_cuts_are_inclusive_on_the_about_equal_side() -> None:
    th = PRESET.thresholds
    assert vulnerable_category(np.array([1.0, -1.0]), np.array([100.0, 100.0]), th).tolist() == [2, 2]
    assert nuisance_level_category(np.array([-0.08, 0.0]), th).tolist() == [2, 1]
    assert development_category(np.array([0.005, -0.005]), th).tolist() == [2, 2]
    assert list(CATEGORIES["vulnerable_change"]) == ["missing", "decrease", "about_equal", "increase"]


def test_just_past_each_cut_is_the_other_category() -> None:
    # The factors are compared at COMPARISON_DECIMALS (9): a difference of one unit in the ninth decimal
    # crosses a cut; floating-point noise below it (24.1 - 23.1 = 1.0000000000000036) does not.
    th = PRESET.thresholds
    step = 10.0**-COMPARISON_DECIMALS
    up, down = 1.0 + step, -1.0 - step
    assert vulnerable_category(np.array([up, down]), np.array([100.0, 100.0]), th).tolist() == [3, 1]
    much, some = -0.08 - step, 0.0 - step
    assert nuisance_level_category(np.array([much, some]), th).tolist() == [3, 2]
    better, worse = 0.005 + step, -0.005 - step
    assert development_category(np.array([better, worse]), th).tolist() == [1, 3]
    noise = np.nextafter(1.0, 2.0)
    assert vulnerable_category(np.array([noise]), np.array([100.0]), th).tolist() == [2]
    assert development_category(np.array([0.0, np.nan]), th).tolist() == [2, 0]


def test_exactly_the_minimum_of_residents_counts_and_one_less_does_not() -> None:
    th = PRESET.thresholds
    assert th.minimum_residents == 50
    residents = np.array([50.0, np.nextafter(50.0, 0.0), np.nan])
    assert vulnerable_category(np.array([3.0, 3.0, 3.0]), residents, th).tolist() == [3, 0, 3]
    out = _classify([(10.0, 13.0, -0.1, -0.2, 50), (10.0, 13.0, -0.1, -0.2, 49)])
    assert out["class_key"].tolist() == ["under_pressure_severe", "insufficient_data"]


def test_where_higher_is_worse_the_cuts_mirror() -> None:
    worse = dict(PRESET.thresholds.__dict__, higher_is_better=False, nuisance_much=0.08, nuisance_some=0.0)
    th = type(PRESET.thresholds)(**worse)
    assert nuisance_level_category(np.array([0.09, 0.08, 0.01, 0.0, -0.01]), th).tolist() == [3, 2, 2, 1, 1]
    assert development_category(np.array([-0.006, -0.005, 0.005, 0.006]), th).tolist() == [1, 2, 2, 3]


def test_without_national_figures_the_reference_is_named_for_what_it_is() -> None:
    out = _classify([(20.0, 24.0, -0.10, -0.13, 900), (20.0, 20.5, 0.02, 0.03, 900)], reference=None)
    assert "dan in het gemiddelde van de gebieden in de analyse" in out.loc[0, "explanation_nl"]
    assert "than in the mean of the areas in the analysis" in out.loc[0, "explanation_en"]
    assert "no area of level 'land'" in out.attrs["reference"]["note"]
    assert out.loc[0, "reference_change"] == pytest.approx(-0.01)


def _independent_composite(values: pd.DataFrame, components: list[str], minimum: int) -> pd.Series:
    """z-scores per level against the 2014 mean and population sd, averaged; pandas, not the panel."""
    wide = values.pivot_table(index=["level", "area_code", "period"], columns="indicator", values="value")
    z = pd.DataFrame(index=wide.index)
    for code in components:
        anchor = wide.xs(2014, level="period")[code].dropna()
        mean = anchor.groupby(level="level").mean()
        sd = anchor.groupby(level="level").std(ddof=0)
        level = wide.index.get_level_values("level")
        usable = (anchor.groupby(level="level").size() >= 2) & (sd > 0)
        with np.errstate(divide="ignore", invalid="ignore"):  # a level without spread: dropped below
            z[code] = (wide[code].to_numpy() - mean.reindex(level).to_numpy()) / sd.reindex(level).to_numpy()
        z.loc[~usable.reindex(level).fillna(False).to_numpy(), code] = np.nan
    known = z.notna().sum(axis=1)
    return z.mean(axis=1).where(known >= minimum).droplevel("level")


def test_the_composite_equals_z_scores_anchored_on_the_start_year_computed_independently() -> None:
    from veerkracht.monitor.vulnerability import composite_concentration

    rng = np.random.default_rng(4)
    codes = [f"BU{i}" for i in range(7)] + ["WK1", "WK2", "WK3"]
    levels = ["buurt"] * 7 + ["wijk"] * 3
    rows = []
    for code, level in zip(codes, levels, strict=True):
        for period in (2014, 2018):
            rows.append((code, level, "a", period, rng.uniform(2, 30)))
            rows.append((code, level, "b", period, rng.uniform(10, 40)))
            # c is the same in every wijk of 2014: no spread, so no z-score at that level.
            rows.append(
                (code, level, "c", period, 7.0 if level == "wijk" and period == 2014 else rng.uniform(0, 9))
            )
    values = pd.DataFrame(rows, columns=["area_code", "level", "indicator", "period", "value"])
    values = values[~((values["area_code"] == "BU3") & (values["indicator"] == "b"))]  # one unknown component
    areas = pd.DataFrame({"area_code": codes, "level": levels})
    for minimum, expected_missing in ((3, {"BU3", "WK1", "WK2", "WK3"}), (2, set())):
        out = composite_concentration(
            values.drop(columns="level"), areas, ["a", "b", "c"], 2014, minimum_components=minimum
        )
        ours = out.set_index(["area_code", "period"])["value"]
        theirs = _independent_composite(values, ["a", "b", "c"], minimum)
        assert set(theirs[theirs.isna()].index.get_level_values(0)) == expected_missing
        pd.testing.assert_series_equal(
            ours.reindex(theirs.dropna().index), theirs.dropna(), check_names=False, rtol=1e-12, atol=1e-12
        )
        assert set(ours.index.get_level_values(0)) == set(codes) - expected_missing
    everything = composite_concentration(values.drop(columns="level"), areas, ["a", "b", "c"], 2014)
    assert set(everything["area_code"]) == set(codes) - {"BU3", "WK1", "WK2", "WK3"}, (
        "default: all components"
    )


def test_a_composite_needs_two_areas_to_standardise_on() -> None:
    from veerkracht.monitor.vulnerability import composite_concentration

    areas = pd.DataFrame({"area_code": ["BU1", "WK1"], "level": ["buurt", "wijk"]})
    values = pd.DataFrame(
        {"area_code": ["BU1", "WK1"], "indicator": "a", "period": 2014, "value": [3.0, 4.0]}
    )
    assert composite_concentration(values, areas, ["a"], 2014).empty


def test_without_a_resident_count_areas_are_still_classed_and_levels_can_be_chosen() -> None:
    rows = []
    for code, (s0, s1) in {"BU1": (10.0, 13.0), "BU2": (10.0, 10.2), "WK1": (10.0, 11.6)}.items():
        for period, share, onv in ((2014, s0, -0.10), (2018, s1, -0.20)):
            rows += [(code, "aandeel_kwetsbaar", period, share), (code, "lbm_onv", period, onv)]
    values = pd.DataFrame(rows, columns=["area_code", "indicator", "period", "value"])
    areas = pd.DataFrame({"area_code": ["BU1", "BU2", "WK1"], "level": ["buurt", "buurt", "wijk"]})
    out = classify(values, areas, PRESET, period_start=2014, period_end=2018, reference=FIXED)
    assert out.set_index("area_code")["class_key"].to_dict() == {
        "BU1": "under_pressure_severe",
        "BU2": "about_equal",
        "WK1": "under_pressure_severe",
    }
    assert out["residents_start"].isna().all()
    buurten = classify(
        values, areas, PRESET, period_start=2014, period_end=2018, reference=FIXED, levels=["buurt"]
    )
    assert buurten["area_code"].tolist() == ["BU1", "BU2"]


def test_two_buurten_with_a_spread_of_exactly_one_standardise_to_minus_one_and_one() -> None:
    from veerkracht.monitor.vulnerability import composite_concentration

    # Two areas are enough; a standard deviation of exactly 1 is a spread like any other.
    areas = pd.DataFrame({"area_code": ["BU1", "BU2"], "level": "buurt"})
    values = pd.DataFrame(
        {
            "area_code": ["BU1", "BU2"] * 2,
            "period": [2014, 2014, 2018, 2018],
            "indicator": "a",
            "value": [1.0, 3.0, 2.0, 5.0],
        }
    )
    out = composite_concentration(values, areas, ["a"], 2014)
    assert out["value"].tolist() == [-1.0, 0.0, 1.0, 3.0]  # BU1 2014, 2018; BU2 2014, 2018
    assert (out["indicator"] == "kwetsbaarheid_samengesteld").all()
    assert out.columns.tolist() == [
        "area_code",
        "indicator",
        "period",
        "value",
        "synthetic",
        "suppressed",
        "estimated",
    ]
    for flag in ("synthetic", "suppressed", "estimated"):
        assert out[flag].dtype == bool and not out[flag].any(), flag


def test_a_level_without_spread_does_not_stop_the_next_level_from_being_standardised() -> None:
    from veerkracht.monitor.vulnerability import composite_concentration

    # One buurt (nothing to standardise on) and two wijken: the wijken still get their composite.
    areas = pd.DataFrame({"area_code": ["BU1", "WK1", "WK2"], "level": ["buurt", "wijk", "wijk"]})
    values = pd.DataFrame(
        {"area_code": ["BU1", "WK1", "WK2"], "indicator": "a", "period": 2014, "value": [3.0, 4.0, 8.0]}
    )
    out = composite_concentration(values, areas, ["a"], 2014, indicator="kwetsbaar_z")
    assert out.set_index("area_code")["value"].to_dict() == {"WK1": -1.0, "WK2": 1.0}
    assert (out["indicator"] == "kwetsbaar_z").all()


def test_with_a_minimum_of_one_a_single_known_component_is_enough() -> None:
    from veerkracht.monitor.vulnerability import composite_concentration

    areas = pd.DataFrame({"area_code": ["BU1", "BU2", "BU3"], "level": "buurt"})
    values = pd.DataFrame(
        {
            "area_code": ["BU1", "BU2", "BU3", "BU1", "BU2"],
            "indicator": ["a", "a", "a", "b", "b"],
            "period": 2014,
            "value": [1.0, 2.0, 3.0, 10.0, 20.0],
        }
    )
    # Component c has no figures at all: it is unknown everywhere, not an error.
    out = composite_concentration(values, areas, ["a", "b", "c"], 2014, minimum_components=1)
    z_a = (np.array([1.0, 2.0, 3.0]) - 2.0) / np.std([1.0, 2.0, 3.0])
    expected = {"BU1": (z_a[0] - 1.0) / 2, "BU2": (z_a[1] + 1.0) / 2, "BU3": z_a[2]}
    ours = out.set_index("area_code")["value"].to_dict()
    assert ours == pytest.approx(expected, rel=1e-12)
    assert composite_concentration(values, areas, ["a", "b", "c"], 2014, minimum_components=2)[
        "area_code"
    ].tolist() == ["BU1", "BU2"]


def test_the_development_is_the_areas_change_minus_its_gemeentes() -> None:
    # Both buurten keep the same nuisance score; their gemeenten moved in opposite directions.
    areas = pd.DataFrame(
        {"area_code": ["G1", "G2", "B1", "B2"], "level": ["gemeente", "gemeente", "buurt", "buurt"]}
    )
    edges = pd.DataFrame({"child_code": ["B1", "B2"], "parent_code": ["G1", "G2"]})
    rows = []
    for period, share, g1, g2 in ((2014, 10.0, 0.0, 0.0), (2018, 13.0, 0.02, -0.02)):
        for code in ("B1", "B2"):
            rows += [(code, "aandeel_kwetsbaar", period, share), (code, "inwoners", period, 900.0)]
            rows.append((code, "lbm_onv", period, -0.04))
        rows += [("G1", "lbm_onv", period, g1), ("G2", "lbm_onv", period, g2)]
    values = pd.DataFrame(rows, columns=["area_code", "indicator", "period", "value"])
    out = classify(
        values,
        areas,
        PRESET,
        period_start=2014,
        period_end=2018,
        reference=ReferenceSpec("municipal"),
        membership=edges,
        levels=["buurt"],
    ).set_index("area_code")
    assert out["reference_change"].to_dict() == pytest.approx({"B1": 0.02, "B2": -0.02})
    assert out["nuisance_relative_change"].to_dict() == pytest.approx({"B1": -0.02, "B2": 0.02})
    assert out["nuisance_development_category"].to_dict() == {"B1": "worsening", "B2": "improving"}
    assert out["class_key"].to_dict() == {"B1": "under_pressure", "B2": "resilient"}
    # A fixed reference is subtracted the same way: no change against a reference that improved.
    fixed = _classify([(10.0, 13.0, -0.04, -0.02, 900.0)], reference=ReferenceSpec("fixed", value=0.03))
    assert fixed.loc[0, "nuisance_relative_change"] == pytest.approx(-0.01)
    assert fixed.loc[0, "class_key"] == "under_pressure"


def test_a_class_comes_with_every_figure_that_put_it_there_under_its_own_name() -> None:
    row = _classify([(10.0, 13.0, -0.04, -0.02, 900.0)]).iloc[0]
    assert row.index.tolist() == [
        "area_code",
        "level",
        "name",
        "period_start",
        "period_end",
        "class_key",
        "class_label_nl",
        "class_label_en",
        "colour",
        "vulnerable_start",
        "vulnerable_end",
        "vulnerable_change",
        "vulnerable_category",
        "residents_start",
        "residents_end",
        "nuisance_start",
        "nuisance_end",
        "nuisance_level_category",
        "nuisance_change",
        "reference_change",
        "nuisance_relative_change",
        "nuisance_development_category",
        "explanation_nl",
        "calculation_nl",
        "explanation_en",
        "calculation_en",
    ]
    figures = ["vulnerable_start", "vulnerable_end", "vulnerable_change", "residents_start", "residents_end"]
    assert row[figures].tolist() == pytest.approx([10.0, 13.0, 3.0, 900.0, 900.0])
    nuisance = [
        "nuisance_start",
        "nuisance_end",
        "nuisance_change",
        "reference_change",
        "nuisance_relative_change",
    ]
    assert row[nuisance].tolist() == pytest.approx([-0.04, -0.02, 0.02, 0.0, 0.02])
    assert (row["class_key"], row["class_label_nl"], row["colour"]) == (
        "resilient",
        "Veerkrachtig",
        "#33CC33",
    )


def test_the_classes_say_against_which_reference_they_were_set_off() -> None:
    # Withheld explanations and the pages read the reference's name from here.
    reference = _classify([(10.0, 13.0, -0.04, -0.02, 900.0)]).attrs["reference"]
    assert reference["scope"] == "fixed"
    assert (reference["label_nl"], reference["label_en"]) == ("de vaste referentie", "the fixed reference")
    assert reference["note"] == "fixed value 0.0"


def test_a_preset_that_asks_for_two_of_three_components_classifies_a_buurt_missing_one() -> None:
    preset = load_preset("veerkracht-2021-open")
    # A preset file may ask for fewer components than it lists.
    object.__setattr__(preset, "vulnerable", preset.vulnerable.model_copy(update={"minimum_components": 2}))
    components = preset.vulnerable.components
    rows = []
    for i in range(6):
        for period in (2014, 2018):
            parts = components[1:] if i == 1 else components  # BU1 lacks the first component
            rows += [
                (f"BU{i}", comp, period, 5.0 + i + k + (period - 2014) / 4) for k, comp in enumerate(parts)
            ]
            rows += [(f"BU{i}", "lbm_onv", period, -0.10), (f"BU{i}", "inwoners", period, 900)]
    values = pd.DataFrame(rows, columns=["area_code", "indicator", "period", "value"])
    areas = pd.DataFrame({"area_code": [f"BU{i}" for i in range(6)], "level": "buurt"})
    out = classify(values, areas, preset, period_start=2014, period_end=2018, reference=FIXED)
    out = out.set_index("area_code")
    assert (
        np.isfinite(out.loc["BU1", "vulnerable_change"])
        and out.loc["BU1", "class_key"] != "insufficient_data"
    )


def test_without_any_figure_of_vulnerable_residents_every_buurt_lacks_data_instead_of_failing() -> None:
    rows = [
        (f"BU{i}", ind, p, v)
        for i in range(3)
        for p in (2014, 2018)
        for ind, v in (("lbm_onv", -0.1), ("inwoners", 900))
    ]
    values = pd.DataFrame(rows, columns=["area_code", "indicator", "period", "value"])
    areas = pd.DataFrame({"area_code": ["BU0", "BU1", "BU2"], "level": "buurt"})
    out = classify(values, areas, PRESET, period_start=2014, period_end=2018, reference=FIXED)
    assert (out["class_key"] == "insufficient_data").all() and out["vulnerable_start"].isna().all()
