# SPDX-License-Identifier: EUPL-1.2
"""Withholding: a number derived from a suppressed count is blanked exactly where that count is, and
nowhere else; a class stays, its explanation says in words why its numbers are gone."""

from __future__ import annotations

import pandas as pd

from veerkracht.monitor import load_preset
from veerkracht.monitor.catalogue import build_catalogue
from veerkracht.monitor.panel import Panel
from veerkracht.monitor.withholding import withhold_classes, withhold_columns, withhold_hotspots

NAN = float("nan")
AREAS = pd.DataFrame({"area_code": ["B1", "B2", "B3", "B4"], "level": "buurt"})


def _published(rows: list[tuple[str, str, int, float, bool]]) -> Panel:
    frame = pd.DataFrame(rows, columns=["area_code", "indicator", "period", "value", "suppressed"])
    return Panel.from_long(frame, AREAS)


BIJSTAND = _published(
    [
        ("B1", "bijstand", 2020, 5.0, False),
        ("B2", "bijstand", 2020, NAN, True),
        ("B3", "bijstand", 2020, 40.0, False),
        ("B1", "bijstand", 2022, NAN, True),
        ("B2", "bijstand", 2022, 6.0, False),
        ("B3", "bijstand", 2022, 41.0, False),
    ]
)


def _blank(series: pd.Series) -> list[bool]:
    return series.isna().tolist()


def test_columns_are_blanked_where_the_count_is_suppressed_in_the_rows_period() -> None:
    frame = pd.DataFrame(
        {
            "area_code": ["B1", "B2", "B3", "B1", "B4"],
            "period": [2020, 2020, 2020, 2022, 2020],
            "rate": [1.0, 2.0, 3.0, 4.0, 5.0],
            "events": [10, 20, 30, 40, 50],
            "kept": [7.0, 7.0, 7.0, 7.0, 7.0],
        }
    )
    out = withhold_columns(frame, BIJSTAND, "bijstand", ["rate", "events", "not_a_column"])
    assert _blank(out["rate"]) == [False, True, False, True, False]
    assert _blank(out["events"]) == [False, True, False, True, False]
    assert out["rate"].dropna().tolist() == [1.0, 3.0, 5.0]
    assert out["kept"].tolist() == [7.0] * 5 and "not_a_column" not in out
    assert out["withheld"].tolist() == [False, True, False, True, False]
    assert frame["rate"].notna().all() and "withheld" not in frame, "the input is left alone"


def test_a_fixed_period_applies_to_every_row() -> None:
    frame = pd.DataFrame({"area_code": ["B1", "B2", "B3"], "value": [1.0, 2.0, 3.0]})
    out = withhold_columns(frame, BIJSTAND, "bijstand", ["value"], period=2022)
    assert _blank(out["value"]) == [True, False, False]
    assert withhold_columns(frame, BIJSTAND, "bijstand", ["value"], period=2020)["withheld"].tolist() == [
        False,
        True,
        False,
    ]
    assert not withhold_columns(frame, BIJSTAND, "bijstand", ["value"], period=1999)["withheld"].any()


def test_rows_already_withheld_stay_withheld_and_other_indicators_withhold_nothing() -> None:
    frame = pd.DataFrame({"area_code": ["B1", "B3"], "period": [2020, 2020], "value": [1.0, 3.0]})
    frame["withheld"] = [False, True]
    assert withhold_columns(frame, BIJSTAND, "bijstand", ["value"])["withheld"].tolist() == [False, True]
    other = withhold_columns(frame.drop(columns="withheld"), BIJSTAND, "inwoners", ["value"])
    assert other["value"].tolist() == [1.0, 3.0] and not other["withheld"].any()
    empty = withhold_columns(frame.iloc[0:0], BIJSTAND, "bijstand", ["value"])
    assert empty.empty and "withheld" in empty


CATALOGUE = build_catalogue(
    [
        {"code": "inwoners"},
        {"code": "kwetsbaar"},
        {"code": "aandeel_kwetsbaar", "kind": "share", "numerator": "kwetsbaar", "denominator": "inwoners"},
        {"code": "lbm_onv", "kind": "score", "weight": "inwoners"},
        {"code": "bijstand"},
    ]
)
NUMBERS = {
    "vulnerable": [
        "vulnerable_start",
        "vulnerable_end",
        "vulnerable_change",
        "residents_start",
        "residents_end",
    ],
    "nuisance": ["nuisance_start", "nuisance_end", "nuisance_change", "nuisance_relative_change"],
}


def _classes() -> pd.DataFrame:
    frame = pd.DataFrame({"area_code": ["B1", "B2", "B3", "B4"], "class_key": "resilient"})
    frame["period_start"], frame["period_end"] = 2014, 2022
    for column in NUMBERS["vulnerable"] + NUMBERS["nuisance"]:
        frame[column] = 1.5
    frame["vulnerable_category"] = ["increase", "decrease", "about_equal", "increase"]
    frame["nuisance_level_category"] = ["some", "much", "little", "some"]
    frame["nuisance_development_category"] = ["improving", "worsening", "stable", "improving"]
    frame["explanation_nl"] = "uitleg met cijfers"
    frame["explanation_en"] = "explanation with figures"
    return frame


def test_class_numbers_go_with_the_counts_they_rest_on_and_the_class_stays() -> None:
    published = _published(
        [
            ("B1", "bijstand", 2014, NAN, True),  # not a count the class rests on
            ("B2", "kwetsbaar", 2022, NAN, True),  # the vulnerable numbers rest on it (end year)
            ("B3", "lbm_onv", 2014, NAN, True),  # the nuisance numbers rest on it (start year)
            ("B4", "inwoners", 2018, NAN, True),  # a year between start and end: not used
            ("B1", "kwetsbaar", 2014, 80.0, False),
        ]
    )
    out = withhold_classes(_classes(), published, load_preset(), CATALOGUE, 2014, 2022).set_index("area_code")
    assert out["withheld"].to_dict() == {"B1": False, "B2": True, "B3": True, "B4": False}
    assert out.loc[["B1", "B4"], NUMBERS["vulnerable"] + NUMBERS["nuisance"]].eq(1.5).all().all()
    assert (
        out.loc["B2", NUMBERS["vulnerable"]].isna().all() and out.loc["B2", NUMBERS["nuisance"]].eq(1.5).all()
    )
    assert (
        out.loc["B3", NUMBERS["nuisance"]].isna().all() and out.loc["B3", NUMBERS["vulnerable"]].eq(1.5).all()
    )
    assert (out["class_key"] == "resilient").all()
    # A withheld row says in words which way things went and why the figures are missing; no number.
    withheld_nl, withheld_en = out.loc["B2", "explanation_nl"], out.loc["B2", "explanation_en"]
    assert "daalde" in withheld_nl and "afgeschermd wegens kleine aantallen" in withheld_nl
    assert "withheld because of small numbers" in withheld_en
    assert not any(character.isdigit() for character in withheld_nl + withheld_en)
    # B3's nuisance figures are withheld; after "about equal" they do not decide the class, so the
    # sentence names only the vulnerable residents, whose figures may be shown.
    assert "1,5%" in out.loc["B3", "explanation_nl"] and "overlast" not in out.loc["B3", "explanation_nl"]
    assert out.loc["B1", "explanation_nl"] == "uitleg met cijfers"


def test_inhabitants_withhold_the_vulnerable_numbers_too() -> None:
    published = _published([("B1", "inwoners", 2022, NAN, True)])
    out = withhold_classes(_classes(), published, load_preset(), CATALOGUE, 2014, 2022).set_index("area_code")
    assert out["withheld"].tolist() == [True, False, False, False]
    assert out.loc["B1", NUMBERS["vulnerable"]].isna().all()


def test_hotspot_numbers_go_with_a_withheld_square_or_buurt_and_so_do_their_buurt_totals() -> None:
    classes = pd.DataFrame({"area_code": ["S2", "B2", "B1", "B3"], "withheld": [True, True, False, False]})
    units = pd.DataFrame(
        {
            "area_code": ["S1", "S2", "S3", "S4"],
            "parent_code": ["B1", "B1", "B2", "B3"],
            "vulnerable_end": [30.0, 31.0, 32.0, 33.0],
            "parent_vulnerable_end": [10.0, 10.0, 11.0, 12.0],
            "residents": [60.0, 61.0, 62.0, 63.0],
            "kept": 1.0,
        }
    )
    per_buurt = pd.DataFrame(
        {
            "parent_code": ["B1", "B2", "B3"],
            "residents_in_hotspots": [121.0, 62.0, 63.0],
            "parent_residents": [900.0, 800.0, 700.0],
            "share_residents_pct": [13.4, 7.8, 9.0],
        }
    )
    units_out, buurten_out = withhold_hotspots(units, per_buurt, classes)
    assert units_out["withheld"].tolist() == [False, True, True, False]
    for column in ("vulnerable_end", "parent_vulnerable_end", "residents"):
        assert _blank(units_out[column]) == [False, True, True, False], column
    assert units_out["kept"].eq(1.0).all()
    assert buurten_out["withheld"].tolist() == [True, True, False]
    for column in ("residents_in_hotspots", "parent_residents", "share_residents_pct"):
        assert _blank(buurten_out[column]) == [True, True, False], column
    assert buurten_out.loc[2, "share_residents_pct"] == 9.0
    assert units["residents"].notna().all() and "withheld" not in per_buurt, "the inputs are left alone"


def test_a_catalogue_without_the_nuisance_indicator_still_withholds_by_its_own_code() -> None:
    catalogue = build_catalogue([{"code": "inwoners"}, {"code": "kwetsbaar"}])  # no lbm_onv, no share rule
    published = _published([("B3", "lbm_onv", 2022, NAN, True), ("B1", "aandeel_kwetsbaar", 2014, NAN, True)])
    out = withhold_classes(_classes(), published, load_preset(), catalogue, 2014, 2022).set_index("area_code")
    assert out["withheld"].to_dict() == {"B1": True, "B2": False, "B3": True, "B4": False}


def test_classes_without_explanations_get_none_added() -> None:
    published = _published([("B2", "kwetsbaar", 2022, NAN, True)])
    classes = _classes().drop(columns=["explanation_nl", "explanation_en"])
    out = withhold_classes(classes, published, load_preset(), CATALOGUE, 2014, 2022)
    assert "explanation_nl" not in out and "explanation_en" not in out
    assert out["withheld"].tolist() == [False, True, False, False]


def _words_case() -> tuple[pd.DataFrame, Panel]:
    classes = _classes()
    classes["vulnerable_category"] = ["increase", "missing", "missing", "increase"]
    classes["nuisance_level_category"] = ["some", "some", "missing", "some"]
    classes["residents_start"] = classes["residents_end"] = [900.0, 49.0, 50.0, 900.0]
    classes["reference_change"] = 0.01
    published = _published(
        [
            ("B1", "lbm_onv", 2022, NAN, True),
            ("B2", "inwoners", 2022, NAN, True),
            ("B3", "inwoners", 2022, NAN, True),
            ("B3", "lbm_onv", 2014, NAN, True),
            ("B4", "kwetsbaar", 2014, NAN, True),
        ]
    )
    return classes, published


def test_too_few_residents_is_said_below_the_minimum_of_50_and_not_at_it() -> None:
    classes, published = _words_case()
    out = withhold_classes(classes, published, load_preset(), CATALOGUE, 2014, 2022).set_index("area_code")
    assert out["withheld"].all()
    assert out.loc["B2", "explanation_nl"] == (
        "Er wonen te weinig mensen voor een betrouwbaar cijfer (minder dan 50 bewoners)."
    )
    assert out.loc["B2", "explanation_en"] == (
        "Too few people live here for a reliable figure (fewer than 50 residents)."
    )
    # 50 residents are enough: the share is unknown because its figures are withheld, not for want of people.
    assert out.loc["B3", "explanation_nl"].startswith(
        "Het aandeel kwetsbare bewoners is onbekend (de cijfers zijn afgeschermd wegens kleine aantallen)"
    )
    assert "te weinig" not in out.loc["B3", "explanation_nl"]
    assert "minder dan 50 bewoners" in out.loc["B2", "calculation_nl"]
    calculation = out.loc["B3", "calculation_nl"]
    assert calculation.startswith("Aandeel kwetsbare bewoners: onbekend (cijfers afgeschermd)")


def test_a_withheld_explanation_names_the_reference_of_the_run_or_else_the_presets() -> None:
    classes, published = _words_case()
    classes.attrs["reference"] = {"label_nl": "Lutjebroek", "label_en": "Little Brook"}
    out = withhold_classes(classes, published, load_preset(), CATALOGUE, 2014, 2022).set_index("area_code")
    assert "een betere ontwikkeling dan in Lutjebroek" in out.loc["B4", "explanation_nl"]
    assert "a better development than in Little Brook" in out.loc["B4", "explanation_en"]
    classes.attrs.clear()
    out = withhold_classes(classes, published, load_preset(), CATALOGUE, 2014, 2022).set_index("area_code")
    assert "een betere ontwikkeling dan in Nederland" in out.loc["B4", "explanation_nl"]
    assert "a better development than in the Netherlands" in out.loc["B4", "explanation_en"]


def test_a_whole_run_explains_every_row_and_only_withheld_rows_lose_their_figures() -> None:
    classes, published = _words_case()
    classes = classes.drop(columns=["explanation_nl", "explanation_en"])
    classes["area_code"] = ["B1", "B2", "B3", "B5"]  # B5: nothing suppressed
    out = withhold_classes(classes, published, load_preset(), CATALOGUE, 2014, 2022, explain=True)
    out = out.set_index("area_code")
    assert out["withheld"].to_dict() == {"B1": True, "B2": True, "B3": True, "B5": False}
    for column in ("explanation_nl", "explanation_en", "calculation_nl", "calculation_en"):
        assert out[column].map(lambda text: isinstance(text, str) and len(text) > 20).all(), column
    assert "minder dan 50 bewoners" in out.loc["B2", "explanation_nl"]
    assert "fewer than 50 residents" in out.loc["B2", "calculation_en"]
    assert "1,5" in out.loc["B5", "explanation_nl"] and "afgeschermd" not in out.loc["B5", "explanation_nl"]
    assert "(cijfers afgeschermd)" in out.loc["B1", "calculation_nl"]


def test_a_row_without_a_nuisance_level_whose_figures_are_withheld_says_so() -> None:
    classes, published = _words_case()
    classes["vulnerable_category"] = "increase"
    out = withhold_classes(classes, published, load_preset(), CATALOGUE, 2014, 2022).set_index("area_code")
    assert "afgeschermd" in out.loc["B3", "calculation_nl"].split("Overlast", 1)[1]


def test_a_period_after_the_last_published_one_withholds_nothing() -> None:
    one_year = _published([("B1", "bijstand", 2020, NAN, True), ("B2", "bijstand", 2020, 6.0, False)])
    frame = pd.DataFrame(
        {"area_code": ["B1", "B1", "B2"], "period": [2020, 2024, 2024], "value": [1.0, 2.0, 3.0]}
    )
    out = withhold_columns(frame, one_year, "bijstand", ["value"])
    assert out["withheld"].tolist() == [True, False, False]
    out = withhold_columns(frame, BIJSTAND, "bijstand", ["value"])
    assert out["withheld"].tolist() == [False, False, False]


def test_a_published_table_without_any_year_withholds_nothing() -> None:
    empty = Panel(AREAS.assign(name=""), ())
    empty.ensure("bijstand")
    frame = pd.DataFrame({"area_code": ["B1", "B2"], "period": [2020, 2022], "value": [1.0, 2.0]})
    out = withhold_columns(frame, empty, "bijstand", ["value"])
    assert out["withheld"].tolist() == [False, False] and out["value"].tolist() == [1.0, 2.0]


def test_a_column_with_missing_values_of_the_nullable_kind_can_be_withheld() -> None:
    frame = pd.DataFrame(
        {
            "area_code": ["B1", "B2", "B3"],
            "period": [2020, 2020, 2020],
            "value": pd.array([1.0, 2.0, None], dtype="Float64"),
        }
    )
    out = withhold_columns(frame, BIJSTAND, "bijstand", ["value"])
    assert _blank(out["value"]) == [False, True, True] and out.loc[0, "value"] == 1.0


def test_an_unpublished_indicator_leaves_the_frame_as_it_was_with_nothing_withheld() -> None:
    frame = pd.DataFrame({"area_code": ["B1", "B2"], "period": [2020, 2020], "events": [10, 20]})
    out = withhold_columns(frame, BIJSTAND, "inwoners", ["events"])
    assert out["events"].dtype == frame["events"].dtype and out["events"].tolist() == [10, 20]
    assert out["withheld"].dtype == bool and not out["withheld"].any()
