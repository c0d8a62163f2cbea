# SPDX-License-Identifier: EUPL-1.2
"""A run in a few words for people: how many areas per level landed in each class, by the class's label."""

from veerkracht.analysis.models import AnalysisRun
from veerkracht.analysis.queries import classes

#: Levels in the order a reader looks at them.
LEVEL_ORDER = ("buurt", "wijk", "rayon", "gemeente", "square", "complex")
LEVEL_NAMES = {
    "buurt": "buurten",
    "wijk": "wijken",
    "rayon": "rayons",
    "gemeente": "gemeenten",
    "square": "vierkanten",
    "complex": "complexen",
}


def class_counts(run: AnalysisRun) -> dict[str, list[tuple[str, int]]]:
    """Per level the Dutch class labels with their number of areas, largest first (ties: legend order)."""
    frame = classes(run)
    if frame.empty:
        return {}
    out: dict[str, list[tuple[str, int]]] = {}
    levels = sorted(frame["level"].unique(), key=lambda lv: (*LEVEL_ORDER, lv).index(lv))
    for level in levels:
        rows = frame[frame["level"] == level]
        counts = rows.groupby("class_label_nl", sort=False).size()
        out[str(level)] = [
            (str(label), int(n)) for label, n in counts.sort_values(ascending=False, kind="stable").items()
        ]
    return out


def summary_lines(run: AnalysisRun) -> list[str]:
    """Lines like ``buurten: 12 Veerkrachtig, 8 Ongeveer gelijk, ...`` plus the hidden hotspots."""
    lines = [
        f"{LEVEL_NAMES.get(level, level)}: " + ", ".join(f"{n} {label}" for label, n in counts)
        for level, counts in class_counts(run).items()
    ]
    hidden = int(run.summary.get("hidden_hotspots", 0))
    lines.append(f"verborgen hotspots: {hidden}")
    return lines
