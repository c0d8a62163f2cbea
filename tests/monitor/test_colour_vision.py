# SPDX-License-Identifier: EUPL-1.2
"""People with a colour-vision deficiency can tell every two veerkracht classes apart, in every preset."""

from __future__ import annotations

import pytest

from veerkracht.monitor import available_presets, load_preset
from veerkracht.monitor.colour_vision import (
    MINIMUM_DELTA_E,
    NO_DATA_COLOUR,
    VISIONS,
    ciede2000,
    close_pairs,
    palette_problems,
    simulate,
)

PRESETS = available_presets()


def test_ciede2000_matches_the_published_test_data() -> None:
    # Sharma, Wu and Dalal (2005), table 1, pairs 1, 17 and 34.
    first = [[50.0, 2.6772, -79.7751], [50.0, 2.5, 0.0], [22.7233, 20.0904, -46.694]]
    second = [[50.0, 0.0, -82.7485], [73.0, 25.0, -18.0], [23.0331, 14.973, -42.5619]]
    import numpy as np

    assert ciede2000(np.array(first), np.array(second)).round(4).tolist() == [2.0425, 27.1492, 2.0373]


def test_the_study_red_and_olive_are_confused_under_deuteranopia() -> None:
    # The problem the issue reports: without help these two classes look alike.
    pairs = close_pairs({"under_pressure": "#E31A1C", "decrease": "#808000"})
    assert any(p.vision == "deuteranopie" for p in pairs)


@pytest.mark.parametrize("name", PRESETS)
def test_the_study_palette_with_patterns_keeps_every_class_apart(name: str) -> None:
    assert palette_problems(load_preset(name), "study") == []


@pytest.mark.parametrize("name", PRESETS)
def test_the_accessible_palette_keeps_every_class_apart_by_colour_alone(name: str) -> None:
    assert palette_problems(load_preset(name), "accessible") == []


@pytest.mark.parametrize("name", PRESETS)
def test_every_pair_clears_the_stated_minimum_in_every_simulated_vision(name: str) -> None:
    preset = load_preset(name)
    colours = [c.accessible_colour for c in preset.classes] + [NO_DATA_COLOUR]
    for vision in VISIONS:
        lab = simulate(colours, vision)
        for i in range(len(colours)):
            for j in range(i + 1, len(colours)):
                delta = float(ciede2000(lab[i], lab[j])[0])
                assert delta >= MINIMUM_DELTA_E, (vision, colours[i], colours[j], round(delta, 1))


def test_a_pattern_that_is_not_drawn_would_not_help() -> None:
    # Both sides of the rule: take the patterns away and the study palette fails again.
    preset = load_preset("veerkracht-2021")
    colours = {c.key: c.colour for c in preset.classes}
    assert close_pairs(colours), "the study colours alone are not enough"
    assert all(c.pattern for c in preset.classes if c.key in {"under_pressure", "early_warning"})
