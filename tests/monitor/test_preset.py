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
        (
            {},
            ("thresholds.nuisance_level",),
            r"own\.yaml, regel \d+, sleutel 'thresholds\.nuisance_level': ontbreekt",
        ),
        (
            {"thresholds.nuisance_level.much": "low"},
            (),
            r"'thresholds\.nuisance_level\.much': verwacht een getal, gekregen 'low'",
        ),
        (
            {"thresholds.nuisance_level.extra": 1},
            (),
            r"onbekende sleutel\(s\) \['extra'\]; toegestaan \['much', 'some'\]",
        ),
        (
            {"classes.0.colour": "dark red"},
            (),
            r"'classes\[0\]\.colour' \(under_pressure_severe\): verwacht een hexkleur.*gekregen 'dark red'",
        ),
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
            r"'thresholds\.vulnerable_change': decrease_below moet <= increase_above zijn",
        ),
        ({"reference.scope": "regional"}, (), r"'reference\.scope': verwacht een van \['national'"),
        ({"reference.scope": "fixed"}, (), r"'reference\.value': een referentie 'fixed' heeft"),
        ({"hidden_hotspots.classes": ["purple"]}, (), r"'hidden_hotspots\.classes': onbekende klasse"),
        ({"indicators.nuisance.higher_is_better": "yes"}, (), r"higher_is_better': verwacht true of false"),
        ({"version": True}, (), r"'version': verwacht een versie"),
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
        PresetError,
        match=r"'vulnerable_change': 'increase'.*'nuisance_development': 'stable'\}, gevonden geen klasse",
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
    with pytest.raises(PresetError, match="'extends' komt terug bij zichzelf"):
        load_preset(loop)


def test_thresholds_can_be_overridden_for_a_run_but_not_inverted_or_invented() -> None:
    preset = load_preset()
    assert preset.with_thresholds(vulnerable_increase_above=2.0).thresholds.vulnerable_increase_above == 2.0
    with pytest.raises(PresetError, match="onbekende drempel"):
        preset.with_thresholds(colour=1.0)
    with pytest.raises(PresetError, match="much moet <= some zijn"):
        preset.with_thresholds(nuisance_much=0.5)


def test_every_threshold_in_the_shipped_presets_says_why() -> None:
    for name in ("veerkracht-2021", "veerkracht-2021-open"):
        data = yaml.safe_load((SHIPPED / f"{name}.yaml").read_text(encoding="utf-8"))
        for factor, block in data.get("thresholds", {}).items():
            assert len(block.get("why", "")) > 80, (name, factor)


def test_an_error_names_the_line_of_the_key_in_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, {"classes.2.colour": "oranje"})
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if "oranje" in text)
    with pytest.raises(PresetError, match=rf"own\.yaml, regel {line}, sleutel 'classes\[2\]\.colour'"):
        load_preset(path)


def test_a_key_written_twice_is_refused_rather_than_the_last_one_silently_winning(tmp_path: Path) -> None:
    text = (SHIPPED / "veerkracht-2021.yaml").read_text(encoding="utf-8")
    path = tmp_path / "twice.yaml"
    path.write_text(text.replace("    dead_band: 0.005\n", "    dead_band: 0.005\n    dead_band: 0.05\n"))
    with pytest.raises(PresetError, match=r"'thresholds\.nuisance_development\.dead_band': staat twee keer"):
        load_preset(path)


def test_a_problem_in_the_base_of_extends_names_the_base_file_and_its_line(tmp_path: Path) -> None:
    base = _write(tmp_path, {"thresholds.nuisance_level.some": "nul"})
    own = tmp_path / "stad.yaml"
    own.write_text(f"extends: {base.name}\nname: stad\nversion: '1'\n", encoding="utf-8")
    with pytest.raises(PresetError, match=r"own\.yaml \(via .*stad\.yaml\), regel \d+, sleutel"):
        load_preset(own)


def test_invalid_yaml_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "kapot.yaml"
    path.write_text("name: kapot\nversion: '1'\nclasses: [\n", encoding="utf-8")
    with pytest.raises(PresetError, match=r"kapot\.yaml, regel \d+: geen geldige YAML"):
        load_preset(path)


def test_the_hash_ignores_comments_and_layout_but_not_values(tmp_path: Path) -> None:
    text = (SHIPPED / "veerkracht-2021.yaml").read_text(encoding="utf-8")
    commented = tmp_path / "commented.yaml"
    commented.write_text("# a remark\n" + text.replace("minimum: 50", "minimum:   50  # fifty"))
    assert load_preset(commented).sha256 == load_preset().sha256
