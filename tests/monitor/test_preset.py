# SPDX-License-Identifier: EUPL-1.2
"""Methodology presets: the shipped ones load, a broken one is refused with a message that helps."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from veerkracht.monitor import PresetError, available_presets, load_preset
from veerkracht.monitor.preset import CATEGORIES, FACTORS

SHIPPED = Path(__file__).resolve().parents[2] / "src" / "veerkracht" / "monitor" / "presets"


def _write(tmp_path: Path, change: dict[str, object] | None = None, drop: tuple[str, ...] = ()) -> Path:
    data = yaml.safe_load((SHIPPED / "veerkracht-2021.yaml").read_text(encoding="utf-8"))
    for dotted in drop:
        *parents, last = dotted.split(".")
        target = data
        for key in parents:
            target = target[key]
        del target[last]
    for dotted, value in (change or {}).items():
        *parents, last = dotted.split(".")
        target = data
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        target[last] = value
    path = tmp_path / "own.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["veerkracht-2021", "veerkracht-2021-open"])
def test_every_shipped_preset_loads_with_name_version_and_hash(name: str) -> None:
    preset = load_preset(name)
    assert preset.name == name
    assert preset.version
    assert re.fullmatch(r"[0-9a-f]{64}", preset.sha256)
    assert name in available_presets()


def test_the_class_table_gives_every_combination_of_categories_exactly_one_class() -> None:
    preset = load_preset()
    assert preset.table.shape == tuple(len(CATEGORIES[f]) for f in FACTORS)
    assert (preset.table >= 0).all()
    assert set(preset.table.ravel()) == set(range(len(preset.classes)))


def test_the_open_data_preset_changes_only_the_vulnerable_measure_and_its_thresholds() -> None:
    base, open_data = load_preset("veerkracht-2021"), load_preset("veerkracht-2021-open")
    assert open_data.vulnerable.method == "composite"
    assert len(open_data.vulnerable.components) == 3
    assert open_data.vulnerable.unit.nl == "standaarddeviatie"
    assert open_data.thresholds.vulnerable_increase_above == 0.25
    assert open_data.thresholds.nuisance_much == base.thresholds.nuisance_much
    assert open_data.class_keys() == base.class_keys()
    assert open_data.sha256 != base.sha256
    assert open_data.files == ("presets/veerkracht-2021.yaml", "presets/veerkracht-2021-open.yaml")


def test_an_own_file_loads_and_its_hash_follows_its_content(tmp_path: Path) -> None:
    same = load_preset(_write(tmp_path))
    assert same.sha256 == load_preset().sha256
    changed = load_preset(_write(tmp_path, {"thresholds.nuisance_level.much": -0.1}))
    assert changed.thresholds.nuisance_much == -0.1
    assert changed.sha256 != same.sha256


@pytest.mark.parametrize(
    ("change", "drop", "message"),
    [
        ({}, ("thresholds.nuisance_level",), r"own\.yaml: key 'thresholds'.*nuisance_level"),
        (
            {"thresholds.nuisance_level.much": "low"},
            (),
            r"'thresholds\.nuisance_level\.much': expected a number",
        ),
        ({"thresholds.nuisance_level.extra": 1}, (), r"unknown key\(s\) \['extra'\]"),
        ({"classes.0.colour": "dark red"}, (), r"classes\[0\]\.colour.*hex colour"),
        (
            {
                "classes.0.when": [
                    {"vulnerable_change": ["up"], "nuisance_level": "any", "nuisance_development": "any"}
                ]
            },
            (),
            r"classes\[0\]\.when\[0\]\.vulnerable_change",
        ),
        (
            {"thresholds.vulnerable_change.decrease_below": 2.0},
            (),
            r"decrease_below must be <= increase_above",
        ),
        ({"reference.scope": "regional"}, (), r"reference\.scope"),
        ({"hidden_hotspots.classes": ["purple"]}, (), r"hidden_hotspots\.classes"),
    ],
)
def test_a_broken_preset_is_refused_naming_file_key_and_expectation(
    tmp_path: Path, change: dict[str, object], drop: tuple[str, ...], message: str
) -> None:
    with pytest.raises(PresetError, match=message):
        load_preset(_write(tmp_path, change, drop))


def test_a_class_table_with_a_gap_names_the_uncovered_combination(tmp_path: Path) -> None:
    path = _write(tmp_path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["classes"] = [c for c in data["classes"] if c["key"] != "holding"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(
        PresetError, match=r"'vulnerable_change': 'increase'.*'nuisance_development': 'stable'.*no class"
    ):
        load_preset(path)


def test_a_class_table_with_an_overlap_names_both_classes(tmp_path: Path) -> None:
    path = _write(tmp_path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["classes"][0]["when"].append(
        {"vulnerable_change": ["decrease"], "nuisance_level": "any", "nuisance_development": "any"}
    )
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PresetError, match=r"\['under_pressure_severe', 'decrease'\]"):
        load_preset(path)


def test_extends_that_loops_back_is_refused(tmp_path: Path) -> None:
    loop = tmp_path / "loop.yaml"
    loop.write_text(f"extends: {loop}\nname: loop\n", encoding="utf-8")
    with pytest.raises(PresetError, match="loops back"):
        load_preset(loop)


def test_thresholds_can_be_overridden_for_a_run_but_not_inverted_or_invented() -> None:
    preset = load_preset()
    assert preset.with_thresholds(vulnerable_increase_above=2.0).thresholds.vulnerable_increase_above == 2.0
    with pytest.raises(PresetError, match="unknown threshold"):
        preset.with_thresholds(colour=1.0)
    with pytest.raises(PresetError, match="much must be <= some"):
        preset.with_thresholds(nuisance_much=0.5)


def test_every_threshold_in_the_shipped_presets_says_why() -> None:
    for name in ("veerkracht-2021", "veerkracht-2021-open"):
        data = yaml.safe_load((SHIPPED / f"{name}.yaml").read_text(encoding="utf-8"))
        for factor, block in data.get("thresholds", {}).items():
            assert len(block.get("why", "")) > 80, (name, factor)
