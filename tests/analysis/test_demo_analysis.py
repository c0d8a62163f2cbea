# SPDX-License-Identifier: EUPL-1.2
"""The analysis of the demo city finds what the generator planted: resilient and non-resilient buurten,
hidden hotspot complexes, and buurten whose WMO support does not follow need; runs can be compared."""

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from veerkracht.analysis.models import AnalysisRun
from veerkracht.analysis.queries import compare_runs
from veerkracht.analysis.results import read_result
from veerkracht.cli.main import cli

pytestmark = pytest.mark.slow


def _classes(run_id: int) -> dict[str, str]:
    frame = read_result(run_id, "classes")
    return dict(zip(frame["area_code"], frame["class_key"], strict=True))


def test_resilient_buurten_are_classed_resilient(demo: Any) -> None:
    classes = _classes(demo.run_id)
    for code in demo.truth["stories"]["resilient"]:
        assert classes[code] == "resilient", code


def test_non_resilient_buurten_are_under_pressure(demo: Any) -> None:
    classes = _classes(demo.run_id)
    for code in demo.truth["stories"]["not_resilient"]:
        assert classes[code] in {"under_pressure", "under_pressure_severe"}, code


def test_fewer_and_about_equal_vulnerable_residents_are_told_apart(demo: Any) -> None:
    classes = _classes(demo.run_id)
    assert {classes[c] for c in demo.truth["stories"]["declining_vulnerable"]} == {"decrease"}
    assert {classes[c] for c in demo.truth["stories"]["stable"]} == {"about_equal"}


def test_every_hidden_hotspot_complex_is_found_inside_a_buurt_that_looks_fine(demo: Any) -> None:
    hotspots = read_result(demo.run_id, "hidden_hotspots")
    classes = _classes(demo.run_id)
    for planted in demo.truth["hidden_hotspots"]:
        found = hotspots[hotspots["complex_code"] == planted["complex_id"]]
        assert len(found) >= 1, planted["complex_id"]
        assert set(found["area_code"]) <= set(planted["square_ids"])
        assert classes[planted["buurtcode"]] in {"about_equal", "holding", "increase_little_nuisance"}
    summary = read_result(demo.run_id, "hidden_hotspot_summary")
    hosts = summary[summary["parent_code"].isin([h["buurtcode"] for h in demo.truth["hidden_hotspots"]])]
    assert (hosts["share_residents_pct"] > 0).all(), "the share of residents living in the hotspots is given"


def test_support_far_above_or_below_need_is_flagged(demo: Any) -> None:
    flags = read_result(demo.run_id, "need_support").set_index("area_code")["flag"]
    planted = {m["buurtcode"]: m["direction"] for m in demo.truth["wmo_mismatch"]}
    hits = [code for code, direction in planted.items() if flags.get(code) == f"{direction}_served"]
    assert len(hits) >= len(planted) - 1, f"found {hits} of {planted}"
    assert (flags != "as_expected").sum() <= len(planted) + 2, "few false alarms"


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
