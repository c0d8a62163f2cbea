# SPDX-License-Identifier: EUPL-1.2
"""Both sides of every privacy threshold in the engine: a count of exactly the minimum is published,
one less is not; a hidden remainder of exactly the minimum is enough, one less is not.

Hiding too much is a defect too: a buurt with 5 bijstand recipients has a right to its figure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from veerkracht.monitor import (
    AnalysisInputs,
    AnalysisParameters,
    ReferenceSpec,
    aggregate,
    load_preset,
    run_analysis,
    suppress,
)
from veerkracht.monitor.catalogue import DEFAULT_MINIMUM_COUNT, build_catalogue
from veerkracht.monitor.suppression import count_thresholds

CBS_MINIMUM = 5  # CBS publishes 5 persons or dwellings, never 1 to 4 (DESIGN.md §6)


def _city(values: list[float], rule: dict[str, object] | None = None) -> tuple[pd.DataFrame, ...]:
    """Buurten B0.. in one gemeente, with one count indicator ``bijstand``."""
    codes = [f"B{i}" for i in range(len(values))]
    areas = pd.DataFrame({"area_code": [*codes, "GM"], "level": ["buurt"] * len(codes) + ["gemeente"]})
    edges = pd.DataFrame({"child_code": codes, "parent_code": "GM"})
    base = pd.DataFrame({"area_code": codes, "indicator": "bijstand", "period": 2021, "value": values})
    catalogue = [{"code": "bijstand", **(rule or {})}]
    return aggregate(base, areas, edges, catalogue), areas, edges, catalogue


def _suppressed(values: list[float], rule: dict[str, object] | None = None, **options: object) -> pd.Series:
    full, areas, edges, catalogue = _city(values, rule)
    return suppress(full, areas, edges, catalogue, **options).set_index("area_code")["suppressed"]  # type: ignore[arg-type]


def test_the_default_minimum_is_the_cbs_five() -> None:
    assert DEFAULT_MINIMUM_COUNT == CBS_MINIMUM
    assert count_thresholds(build_catalogue([{"code": "bijstand"}])) == {"bijstand": 5.0}


@pytest.mark.parametrize(
    ("rule", "options", "minimum"),
    [
        (None, {}, CBS_MINIMUM),
        ({"privacy": {"minimum_count": 5}}, {}, 5),
        ({"privacy": 8}, {}, 8),
        (None, {"threshold": 10}, 10),
        (None, {"floor": 7}, 7),
        ({"privacy": 8}, {"floor": 6}, 8),
        (None, {"threshold": 3, "floor": 5}, 5),
    ],
    ids=[
        "catalogue-default",
        "catalogue-rule",
        "stricter-rule",
        "organisation-threshold",
        "platform-floor",
        "stricter-rule-above-the-floor",
        "threshold-never-below-the-floor",
    ],
)
def test_a_count_of_exactly_the_minimum_is_published_and_one_less_is_not(
    rule: dict[str, object] | None, options: dict[str, object], minimum: int
) -> None:
    at = _suppressed([float(minimum), 40.0, 60.0, 80.0], rule, **options)
    assert not at.any(), f"{minimum} is not disclosive; nothing may be hidden"
    below = _suppressed([float(minimum - 1), 40.0, 60.0, 80.0], rule, **options)
    assert below["B0"], f"{minimum - 1} is disclosive"
    assert below.sum() == 2 and not below["GM"], "one complementary buurt, the city total stays"


def test_zero_is_published_and_one_is_not() -> None:
    assert not _suppressed([0.0, 40.0, 60.0, 80.0]).any()
    assert _suppressed([1.0, 40.0, 60.0, 80.0])["B0"]


def test_a_hidden_remainder_of_exactly_the_minimum_needs_no_third_cell_and_one_less_does() -> None:
    # 3 + 2 = 5 hidden: "the city minus the rest" gives 5, which CBS would publish.
    enough = _suppressed([3.0, 2.0, 60.0, 80.0])
    assert enough[["B0", "B1"]].all() and enough.sum() == 2
    # 3 + 1 = 4 hidden: a third buurt must join them.
    short = _suppressed([3.0, 1.0, 60.0, 80.0])
    assert short[["B0", "B1"]].all() and short.sum() == 3 and not short["GM"]


def test_the_complement_is_the_smallest_buurt_that_lifts_the_remainder_to_the_minimum() -> None:
    # B0 = 4 needs 1 more; B1 = 5 is the smallest buurt that gives it, the others stay published.
    out = _suppressed([4.0, 5.0, 60.0, 80.0])
    assert out[out].index.tolist() == ["B0", "B1"]


@pytest.mark.parametrize(
    ("rules", "minimums"),
    [
        # A minimum of 1 still protects (a weighted count of 0.5 is not published); only 0 switches off.
        ([{"code": "bijstand", "privacy": 1}], {"bijstand": 1.0}),
        # A count without protection does not stop the counts after it from being protected.
        ([{"code": "inwoners", "privacy": 0}, {"code": "bijstand"}], {"bijstand": 5.0}),
        # The stricter rule wins also when it comes first in the catalogue.
        (
            [
                {
                    "code": "bijstand_pct",
                    "kind": "share",
                    "numerator": "bijstand",
                    "denominator": "inwoners",
                    "privacy": {"minimum_count": 7, "applies_to": ["bijstand"]},
                },
                {"code": "bijstand", "privacy": {"minimum_count": 5}},
                {"code": "inwoners", "privacy": 0},
            ],
            {"bijstand": 7.0},
        ),
    ],
)
def test_each_count_gets_the_minimum_of_its_strictest_rule(
    rules: list[dict[str, object]], minimums: dict[str, float]
) -> None:
    assert count_thresholds(build_catalogue(rules)) == minimums


def test_the_strictest_rule_that_names_a_count_wins() -> None:
    catalogue = build_catalogue(
        [
            {"code": "bijstand", "privacy": {"minimum_count": 5}},
            {
                "code": "bijstand_pct",
                "kind": "share",
                "numerator": "bijstand",
                "denominator": "inwoners",
                "privacy": {"minimum_count": 7, "applies_to": ["bijstand"]},
            },
            {"code": "inwoners", "privacy": 0},
        ]
    )
    assert count_thresholds(catalogue) == {"bijstand": 7.0}
    assert count_thresholds(catalogue, threshold=3) == {"bijstand": 3.0, "inwoners": 3.0}


def test_a_rule_of_zero_publishes_every_count() -> None:
    assert not _suppressed([1.0, 2.0, 60.0, 80.0], {"privacy": 0}).any()


def _tiny_run(kwetsbaar_end: dict[str, float], floor: float = 0.0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A whole run over four buurten in two wijken; kwetsbaar at the end year as given per buurt."""
    codes = ["B1", "B2", "B3", "B4"]
    areas = pd.DataFrame(
        {"area_code": [*codes, "W1", "W2", "GM"], "level": ["buurt"] * 4 + ["wijk"] * 2 + ["gemeente"]}
    )
    edges = pd.DataFrame(
        {"child_code": [*codes, "W1", "W2"], "parent_code": ["W1", "W1", "W2", "W2", "GM", "GM"]}
    )
    rows = []
    for code in codes:
        for period in (2014, 2020):
            rows.append((code, "inwoners", period, 1000.0))
            rows.append((code, "lbm_onv", period, -0.05 if period == 2014 else -0.02))
            rows.append((code, "kwetsbaar", period, 60.0 if period == 2014 else kwetsbaar_end[code]))
    values = pd.DataFrame(rows, columns=["area_code", "indicator", "period", "value"])
    catalogue = [
        {"code": "inwoners"},
        {"code": "kwetsbaar"},
        {"code": "aandeel_kwetsbaar", "kind": "share", "numerator": "kwetsbaar", "denominator": "inwoners"},
        {"code": "lbm_onv", "kind": "score", "weight": "inwoners"},
    ]
    result = run_analysis(
        AnalysisInputs(values, areas, edges, catalogue, {"test": "tiny"}),
        load_preset(),
        AnalysisParameters(2014, 2020, reference=ReferenceSpec("fixed", value=0.0), suppression_floor=floor),
    )
    return result.values, result.classes


def test_a_run_publishes_a_buurt_with_exactly_five_and_withholds_the_numbers_of_one_with_four() -> None:
    values, classes = _tiny_run({"B1": 5.0, "B2": 300.0, "B3": 4.0, "B4": 300.0})
    kwetsbaar = values[(values["indicator"] == "kwetsbaar") & (values["period"] == 2020)].set_index(
        "area_code"
    )
    assert kwetsbaar.loc["B1", "value"] == 5.0 and not kwetsbaar.loc["B1", "suppressed"]
    assert np.isnan(kwetsbaar.loc["B3", "value"]) and kwetsbaar.loc["B3", "suppressed"]
    share = values[(values["indicator"] == "aandeel_kwetsbaar") & (values["period"] == 2020)]
    share = share.set_index("area_code")
    assert share.loc["B1", "value"] == pytest.approx(0.5) and not share.loc["B1", "suppressed"]
    assert share.loc["B3", "suppressed"]
    by_area = classes.set_index("area_code")
    assert not by_area.loc["B1", "withheld"]
    assert by_area.loc["B1", "vulnerable_end"] == pytest.approx(0.5)
    assert by_area.loc["B3", "withheld"] and np.isnan(by_area.loc["B3", "vulnerable_end"])
    assert by_area.loc["B3", "class_key"] == by_area.loc["B1", "class_key"] == "decrease", "the class stays"


def test_a_run_with_the_platform_minimum_at_six_withholds_a_buurt_of_five_and_publishes_one_of_six() -> None:
    values, _ = _tiny_run({"B1": 6.0, "B2": 300.0, "B3": 5.0, "B4": 300.0}, floor=6.0)
    kwetsbaar = values[(values["indicator"] == "kwetsbaar") & (values["period"] == 2020)].set_index(
        "area_code"
    )
    assert kwetsbaar.loc["B1", "value"] == 6.0 and not kwetsbaar.loc["B1", "suppressed"]
    assert np.isnan(kwetsbaar.loc["B3", "value"]) and kwetsbaar.loc["B3", "suppressed"]


def test_a_threshold_of_zero_publishes_every_count_without_a_hidden_floor_of_one() -> None:
    catalogue = build_catalogue([{"code": "bijstand"}])
    assert count_thresholds(catalogue, threshold=0) == {"bijstand": 0.0}
    assert count_thresholds(catalogue, threshold=0.5) == {"bijstand": 0.5}
    assert not _suppressed([0.0, 0.0, 3.0, 60.0], threshold=0).any()


def test_the_report_counts_the_protected_counts_and_the_hidden_cells() -> None:
    from veerkracht.monitor.hierarchy import Hierarchy
    from veerkracht.monitor.panel import Panel
    from veerkracht.monitor.suppression import suppress_panel

    full, areas, edges, catalogue = _city([1.0, 2.0, 60.0, 80.0])
    specs = build_catalogue([*catalogue, {"code": "inwoners"}])  # a count without figures is not protected
    panel = Panel.from_long(full, areas)
    _, report = suppress_panel(panel, Hierarchy.build(edges, areas), specs)
    assert report.thresholds == {"bijstand": 5.0, "inwoners": 5.0}
    assert report.counts_protected == 1
    # 1 and 2 are hidden; together 3, below 5, so the gemeente total would give them away: 60 goes too.
    assert report.primary == 2 and report.complementary == 1


def wijk_of_three(kwetsbaar_in_b2: float) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Three buurten in one wijk W (values, areas, edges of 2020): 4 inhabitants in B1, 300 in B2 and 200 in
    B3; kwetsbaar 0 in B1, the given count in B2 and 20 in B3."""
    areas = pd.DataFrame({"area_code": ["B1", "B2", "B3", "W"], "level": ["buurt"] * 3 + ["wijk"]})
    edges = pd.DataFrame({"child_code": ["B1", "B2", "B3"], "parent_code": "W"})
    rows = [
        ("B1", "inwoners", 4.0),
        ("B1", "kwetsbaar", 0.0),
        ("B2", "inwoners", 300.0),
        ("B2", "kwetsbaar", kwetsbaar_in_b2),
        ("B3", "inwoners", 200.0),
        ("B3", "kwetsbaar", 20.0),
    ]
    base = pd.DataFrame(rows, columns=["area_code", "indicator", "value"]).assign(period=2020)
    return base, areas, edges


def test_the_report_adds_up_over_counts_and_counts_each_withheld_share_once() -> None:
    from veerkracht.monitor.hierarchy import Hierarchy
    from veerkracht.monitor.panel import Panel
    from veerkracht.monitor.suppression import suppress_panel

    catalogue = [
        {"code": "afval"},  # in the catalogue, not in this run: it stops nothing after it
        {"code": "inwoners"},
        {"code": "kwetsbaar"},
        {"code": "kwetsbaar_pct", "kind": "share", "numerator": "kwetsbaar", "denominator": "inwoners"},
    ]
    base, areas, edges = wijk_of_three(kwetsbaar_in_b2=3.0)
    full = aggregate(base, areas, edges, catalogue)
    out, report = suppress_panel(
        Panel.from_long(full, areas), Hierarchy.build(edges, areas), build_catalogue(catalogue)
    )
    # Inwoners: 4 in B1 is hidden, and B3 (200, the smaller neighbour) with it against the wijk total.
    # Kwetsbaar: 3 in B2 is hidden, and B3 (20) with it; the 0 in B1 lifts nothing.
    assert (report.counts_protected, report.primary, report.complementary) == (2, 2, 2)
    # The share goes wherever one of its counts went: B1 and B3 for inwoners, then B2 for kwetsbaar
    # (B3 already counted), three shares in all, and the wijk's share stays.
    assert report.linked == 3
    shares = out.values["kwetsbaar_pct"][:, 0]
    assert np.isnan(shares[:3]).all() and shares[3] == pytest.approx(100 * 23 / 504)
    # A threshold of 0 protects nothing: no floor of 1 is slipped in.
    _, report = suppress_panel(
        Panel.from_long(full, areas), Hierarchy.build(edges, areas), build_catalogue(catalogue), threshold=0.0
    )
    assert set(report.thresholds.values()) == {0.0}
    assert (report.primary, report.complementary, report.linked) == (0, 0, 0)


def test_a_count_the_source_kept_secret_adds_nothing_to_the_hidden_remainder() -> None:
    # B1's count is secret at the source (it is in fact 0): hiding the 4 of B0 leaves a remainder
    # B0 + B1 that the gemeente total gives away; counted as 0 it is 4, below 5, so B2 (100) goes too.
    full, areas, edges, catalogue = _city([4.0, 0.0, 100.0, 200.0])
    secret = (full["area_code"] == "B1") & (full["indicator"] == "bijstand")
    full.loc[secret, "value"] = np.nan
    full.loc[secret, "suppressed"] = True
    out = suppress(full, areas, edges, catalogue).set_index("area_code")["suppressed"]  # type: ignore[arg-type]
    assert out.to_dict() == {"B0": True, "B1": True, "B2": True, "B3": False, "GM": False}


@pytest.mark.parametrize(
    ("wijk_total", "published"),
    [
        # Published: W - B1 would give away the 3 in B1, so its neighbour B2 is hidden too.
        ("published", {"B1": False, "B2": False, "W": True}),
        # Missing from the data, blank, or kept secret by the source: nothing to subtract from, so B2's
        # 40 is published.
        ("missing", {"B1": False, "B2": True}),
        ("blank", {"B1": False, "B2": True, "W": False}),
        ("secret", {"B1": False, "B2": True, "W": False}),
    ],
)
def test_a_neighbour_is_hidden_only_when_the_wijk_total_is_published(
    wijk_total: str, published: dict[str, bool]
) -> None:
    areas = pd.DataFrame({"area_code": ["B1", "B2", "W"], "level": ["buurt", "buurt", "wijk"]})
    edges = pd.DataFrame({"child_code": ["B1", "B2"], "parent_code": "W"})
    full = pd.DataFrame(
        {"area_code": ["B1", "B2", "W"], "indicator": "bijstand", "period": 2021, "value": [3.0, 40.0, 43.0]}
    )
    is_wijk = full["area_code"] == "W"
    if wijk_total == "missing":
        full = full[~is_wijk]
    elif wijk_total == "blank":
        full.loc[is_wijk, "value"] = np.nan
    elif wijk_total == "secret":
        full.loc[is_wijk, "value"] = np.nan
        full.loc[is_wijk, "suppressed"] = True
    out = suppress(full, areas, edges, [{"code": "bijstand"}]).set_index("area_code")
    assert (~out["suppressed"] & out["value"].notna()).to_dict() == published


def test_a_share_of_an_unprotected_count_goes_only_with_its_protected_one() -> None:
    catalogue = [
        {"code": "inwoners", "privacy": 0},  # inhabitants are public: 4 is published
        {"code": "kwetsbaar"},
        {
            "code": "kwetsbaar_pct",
            "kind": "share",
            "numerator": "kwetsbaar",
            "denominator": "inwoners",
            "privacy": {"minimum_count": 5, "applies_to": ["kwetsbaar"]},  # not to the public inhabitants
        },
    ]
    base, areas, edges = wijk_of_three(kwetsbaar_in_b2=3.0)
    full = aggregate(base, areas, edges, catalogue)
    out = suppress(full, areas, edges, catalogue).set_index(["indicator", "area_code"])["suppressed"]  # type: ignore[arg-type]
    assert out["inwoners"].to_dict() == {"B1": False, "B2": False, "B3": False, "W": False}
    # 3 in B2 is hidden with B3 (20) as company; the share follows kwetsbaar there and nowhere else.
    assert out["kwetsbaar"].to_dict() == {"B1": False, "B2": True, "B3": True, "W": False}
    assert out["kwetsbaar_pct"].to_dict() == {"B1": False, "B2": True, "B3": True, "W": False}
