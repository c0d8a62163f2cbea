# SPDX-License-Identifier: EUPL-1.2
"""Can people with a colour-vision deficiency tell a map's classes apart? Simulated, then measured.

Each colour is passed through the Machado, Oliveira and Fernandes (2009) model of full (severity
100) deuteranopia, protanopia and tritanopia as implemented by ``colorspacious``, converted to CIE
L*a*b* (D65) and compared pairwise with the CIEDE2000 colour difference (Sharma, Wu and Dalal 2005).

Why a minimum of 10: a CIEDE2000 difference of about 1 is just noticeable for large patches side by
side; for the small, separated patches of a map and its legend the difference needed grows several
times (Szafir 2018, "Modeling Color Difference for Visualization Design"), and 10 is the rule of
thumb that palette tools use for "clearly different". The check covers normal vision too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from .preset import Preset

#: The simulated visions, by name; ``None`` is normal vision.
VISIONS: dict[str, str | None] = {
    "normaal": None,
    "deuteranopie": "deuteranomaly",
    "protanopie": "protanomaly",
    "tritanopie": "tritanomaly",
}
#: The smallest CIEDE2000 difference between two classes that we call distinguishable.
MINIMUM_DELTA_E = 10.0
#: Areas without any figure: shown in both palettes, so checked against every class.
NO_DATA_COLOUR = "#EAEEEC"
NO_DATA = "no_data"


def hex_to_rgb1(colour: str) -> np.ndarray:
    """``#RRGGBB`` as sRGB in 0..1.

    >>> hex_to_rgb1("#FF8000").tolist()
    [1.0, 0.5019607843137255, 0.0]
    """
    value = colour.lstrip("#")
    return np.array([int(value[i : i + 2], 16) / 255.0 for i in (0, 2, 4)])


def simulate(colours: Sequence[str], vision: str) -> np.ndarray:
    """The colours as seen with ``vision`` (a key of :data:`VISIONS`), as CIE L*a*b* rows."""
    from colorspacious import cspace_convert

    rgb = np.array([hex_to_rgb1(c) for c in colours])
    cvd = VISIONS[vision]
    if cvd is not None:
        space = {"name": "sRGB1+CVD", "cvd_type": cvd, "severity": 100}
        rgb = np.clip(cspace_convert(rgb, space, "sRGB1"), 0.0, 1.0)
    return np.asarray(cspace_convert(rgb, "sRGB1", "CIELab"), dtype=np.float64)


def ciede2000(lab1: np.ndarray, lab2: np.ndarray) -> np.ndarray:
    """CIEDE2000 colour difference between rows of L*a*b* (kL = kC = kH = 1).

    Examples
    --------
    Pairs 1 and 7 of the test data published with the formula (Sharma, Wu and Dalal 2005):

    >>> pairs = np.array([[50, 2.6772, -79.7751], [50, 0, 0]])
    >>> [round(float(d), 4) for d in ciede2000(pairs, np.array([[50, 0, -82.7485], [50, -1, 2]]))]
    [2.0425, 2.3669]
    """
    lab1, lab2 = np.atleast_2d(lab1).astype(float), np.atleast_2d(lab2).astype(float)
    l1, a1, b1 = lab1.T
    l2, a2, b2 = lab2.T
    c_mean = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(c_mean**7 / (c_mean**7 + 25.0**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360
    dl, dc = l2 - l1, c2p - c1p
    dh = h2p - h1p
    dh = np.where(dh > 180, dh - 360, np.where(dh < -180, dh + 360, dh))
    dh = np.where(c1p * c2p == 0, 0.0, dh)
    d_big_h = 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(dh / 2))
    l_mean, cp_mean = (l1 + l2) / 2, (c1p + c2p) / 2
    h_sum = h1p + h2p
    h_mean = np.where(
        c1p * c2p == 0,
        h_sum,
        np.where(
            np.abs(h1p - h2p) <= 180, h_sum / 2, np.where(h_sum < 360, (h_sum + 360) / 2, (h_sum - 360) / 2)
        ),
    )
    t = (
        1
        - 0.17 * np.cos(np.radians(h_mean - 30))
        + 0.24 * np.cos(np.radians(2 * h_mean))
        + 0.32 * np.cos(np.radians(3 * h_mean + 6))
        - 0.20 * np.cos(np.radians(4 * h_mean - 63))
    )
    d_theta = 30 * np.exp(-(((h_mean - 275) / 25) ** 2))
    r_c = 2 * np.sqrt(cp_mean**7 / (cp_mean**7 + 25.0**7))
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / np.sqrt(20 + (l_mean - 50) ** 2)
    s_c = 1 + 0.045 * cp_mean
    s_h = 1 + 0.015 * cp_mean * t
    r_t = -np.sin(np.radians(2 * d_theta)) * r_c
    return np.sqrt(
        (dl / s_l) ** 2 + (dc / s_c) ** 2 + (d_big_h / s_h) ** 2 + r_t * (dc / s_c) * (d_big_h / s_h)
    )


@dataclass(frozen=True)
class ClosePair:
    """Two classes that look too alike for one vision."""

    vision: str
    first: str
    second: str
    delta_e: float


def close_pairs(
    colours: dict[str, str],
    *,
    minimum: float = MINIMUM_DELTA_E,
    visions: Iterable[str] = VISIONS,
    told_apart: Iterable[tuple[str, str]] = (),
) -> list[ClosePair]:
    """Pairs of keys whose colours differ by less than ``minimum`` for some vision.

    ``told_apart`` lists pairs that something other than colour separates (a hatching pattern).

    Examples
    --------
    Red and olive, two classes of the 2021 study, look alike to a deuteranope:

    >>> [(p.vision, p.first, p.second) for p in close_pairs({"red": "#E31A1C", "olive": "#808000"})]
    [('deuteranopie', 'red', 'olive')]
    """
    keys = list(colours)
    apart = {frozenset(pair) for pair in told_apart}
    out = []
    for vision in visions:
        lab = simulate([colours[k] for k in keys], vision)
        for i, j in combinations(range(len(keys)), 2):
            if frozenset((keys[i], keys[j])) in apart:
                continue
            delta = float(ciede2000(lab[i], lab[j])[0])
            if delta < minimum:
                out.append(ClosePair(vision, keys[i], keys[j], round(delta, 1)))
    return out


def palette_problems(preset: Preset, palette: str = "study") -> list[ClosePair]:
    """Classes of a preset (and "no data") that a colour-vision deficiency could confuse.

    In the ``study`` palette a pair with different patterns counts as told apart; in the
    ``accessible`` palette colour alone must do.

    >>> from veerkracht.monitor import load_preset
    >>> palette_problems(load_preset("veerkracht-2021")), palette_problems(load_preset(), "accessible")
    ([], [])
    """
    accessible = palette == "accessible"
    colours = {c.key: (c.accessible_colour if accessible else c.colour) for c in preset.classes}
    colours[NO_DATA] = NO_DATA_COLOUR
    patterns = {c.key: ("" if accessible else c.pattern) for c in preset.classes}
    patterns[NO_DATA] = ""
    apart = [(a, b) for a, b in combinations(colours, 2) if patterns[a] != patterns[b]]
    return close_pairs(colours, told_apart=apart)
