# SPDX-License-Identifier: EUPL-1.2
"""The analysis of the demo city finds exactly what the generator planted: every buurt's class, the buurten
just either side of each threshold, the hidden hotspot complexes square by square, and the buurten whose
WMO support does not follow need (no more, no fewer); runs can be compared.

The truth file works a buurt's class out from its own figures with the preset's thresholds, without the
monitor's code; a classification that cuts wrongly or forgets the national reference differs from it.
"""

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from veerkracht.analysis.models import AnalysisRun
from veerkracht.analysis.queries import compare_runs
from veerkracht.analysis.results import read_result
from veerkracht.cli.main import cli

pytestmark = pytest.mark.slow


# The class each planted buurt must get (preset veerkracht-2021, seed 001 Kaart 2-26): for every
# threshold one buurt just on either side, the other two factors chosen so that the side shows.
THRESHOLD_CASES = {
    "increase_above": "under_pressure_severe",  # +1.25 pp: an increase
    "increase_below": "about_equal",  # +0.75 pp: about equal, though onv is bad and worsening
    "decrease_below": "decrease",  # -1.25 pp
    "decrease_above": "about_equal",  # -0.75 pp
    "much_better_side": "under_pressure",  # onv -0.07: some nuisance, not much
    "some_worse_side": "resilient",  # onv -0.01: some nuisance
    "some_better_side": "increase_little_nuisance",  # onv +0.01: little nuisance
    "band_inside_upper": "holding",  # onv +0.003 against the country: in line, not improving
    "band_inside_lower": "holding",  # onv -0.003 against the country: in line, not worsening
}
PAIRS = [
    ("increase_above", "increase_below"),
    ("decrease_below", "decrease_above"),
    ("increase_above", "much_better_side"),
    ("some_worse_side", "some_better_side"),
    ("some_worse_side", "band_inside_upper"),
    ("much_better_side", "band_inside_lower"),
]


def _classes(run_id: int) -> dict[str, str]:
    frame = read_result(run_id, "classes")
    return dict(zip(frame["area_code"], frame["class_key"], strict=True))


def test_every_buurt_gets_exactly_the_class_its_own_figures_give(demo: Any) -> None:
    expected = {
        code: buurt["expected_class_key"]
        for code, buurt in demo.truth["buurten"].items()
        if buurt["expected_class_key"] is not None
    }
    # 46 buurten in the 2022 boundaries; the two born in the 2019 split have no 2014 figure of their own.
    assert len(expected) == 44
    classes = _classes(demo.run_id)
    assert {code: classes[code] for code in expected} == expected


def test_buurten_just_either_side_of_each_threshold_land_on_their_own_side(demo: Any) -> None:
    planted = {
        buurt["threshold_case"]: code
        for code, buurt in demo.truth["buurten"].items()
        if buurt.get("threshold_case")
    }
    assert set(planted) == set(THRESHOLD_CASES)
    classes = _classes(demo.run_id)
    assert {case: classes[code] for case, code in planted.items()} == THRESHOLD_CASES
    for one, other in PAIRS:
        assert classes[planted[one]] != classes[planted[other]], (one, other)


def test_resilient_buurten_are_classed_resilient(demo: Any) -> None:
    classes = _classes(demo.run_id)
    for code in demo.truth["stories"]["resilient"]:
        assert classes[code] == "resilient", code


def test_non_resilient_buurten_are_under_pressure_as_designed(demo: Any) -> None:
    classes = _classes(demo.run_id)
    designed = {"dark_red": "under_pressure_severe", "red": "under_pressure"}
    codes = demo.truth["stories"]["not_resilient"]
    assert {designed[demo.truth["buurten"][c]["expected_class"]] for c in codes} == set(designed.values())
    for code in codes:
        assert classes[code] == designed[demo.truth["buurten"][code]["expected_class"]], code


def test_fewer_and_about_equal_vulnerable_residents_are_told_apart(demo: Any) -> None:
    classes = _classes(demo.run_id)
    assert {classes[c] for c in demo.truth["stories"]["declining_vulnerable"]} == {"decrease"}
    assert {classes[c] for c in demo.truth["stories"]["stable"]} == {"about_equal"}


def test_every_hidden_hotspot_complex_is_found_inside_a_buurt_that_looks_fine(demo: Any) -> None:
    hotspots = read_result(demo.run_id, "hidden_hotspots")
    classes = _classes(demo.run_id)
    for planted in demo.truth["hidden_hotspots"]:
        found = hotspots[hotspots["complex_code"] == planted["complex_id"]]
        assert set(found["area_code"]) == set(planted["square_ids"]), planted["complex_id"]
        assert classes[planted["buurtcode"]] == "about_equal"  # the truth's yellow: the buurt looks fine
    summary = read_result(demo.run_id, "hidden_hotspot_summary")
    hosts = summary[summary["parent_code"].isin([h["buurtcode"] for h in demo.truth["hidden_hotspots"]])]
    assert (hosts["share_residents_pct"] > 0).all(), "the share of residents living in the hotspots is given"


def test_support_far_above_or_below_need_is_flagged_and_nothing_else(demo: Any) -> None:
    flags = read_result(demo.run_id, "need_support").set_index("area_code")["flag"]
    planted = {m["buurtcode"]: f"{m['direction']}_served" for m in demo.truth["wmo_mismatch"]}
    assert set(planted.values()) == {"over_served", "under_served"}
    assert flags[flags != "as_expected"].to_dict() == planted


def test_the_run_records_what_went_in_and_the_boundary_change_it_bridged(demo: Any) -> None:
    run = AnalysisRun.objects.get(pk=demo.run_id)
    assert run.synthetic
    assert run.preset_name == "veerkracht-2021" and len(run.preset_sha256) == 64
    assert run.code_version
    assert len(run.inputs) > 30 and all("sha256:" in source for source in run.inputs.values())
    crossings = {c["period"]: c for c in run.crosswalks}
    assert crossings[2014]["from_indeling"] == 2012 and crossings[2014]["to_indeling"] == 2019
    assert 2020 not in crossings


def test_two_runs_are_compared_class_by_class(demo: Any) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["analysis", "run", "--from", "2016", "--to", "2022", "--name", "later"])
    assert result.exit_code == 0, result.output
    # The summary speaks the UI's language: class labels per level, not the preset's keys.
    assert "buurten: " in result.output and "Ongeveer gelijk" in result.output
    assert "about_equal" not in result.output and "{" not in result.output
    later = AnalysisRun.objects.get(name="later")
    changes = compare_runs(demo.run_id, later.pk, level="buurt")
    assert len(changes) == 46
    assert set(changes["status"]) <= {"same", "changed"}
    assert changes["changed"].sum() == (changes["class_a"] != changes["class_b"]).sum()
    output = runner.invoke(cli, ["analysis", "compare", str(demo.run_id), str(later.pk)]).output
    assert "gebieden van klasse veranderd" in output


def test_static_maps_are_drawn_for_reports(demo: Any, tmp_path: Path) -> None:
    runner = CliRunner()
    png, svg = tmp_path / "veerkrachtkaart.png", tmp_path / "kwetsbaar.svg"
    assert (
        runner.invoke(cli, ["analysis", "map", "--run", str(demo.run_id), "--out", str(png)]).exit_code == 0
    )
    result = runner.invoke(
        cli, ["analysis", "map", "--indicator", "aandeel_kwetsbaar", "--year", "2022", "--out", str(svg)]
    )
    assert result.exit_code == 0, result.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = svg.read_text()
    assert text.lstrip().startswith("<?xml")
    # On the map itself (a crop keeps it), and the source line does not give CBS for the figures.
    assert "SYNTHETISCHE CIJFERS" in text and "cijfers: SYNTHETISCH" in text


def test_the_run_applies_the_platforms_privacy_minimum_and_says_so(demo: Any) -> None:
    """VEERKRACHT_PRIVACY_THRESHOLD is the floor of every run (the monitor's words "minder dan N" name it)."""
    from django.conf import settings

    run = AnalysisRun.objects.get(pk=demo.run_id)
    assert run.manifest["parameters"]["suppression_floor"] == settings.VEERKRACHT_PRIVACY_THRESHOLD == 5
