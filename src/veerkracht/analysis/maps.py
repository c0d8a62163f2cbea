# SPDX-License-Identifier: EUPL-1.2
"""Static maps for reports (PNG, SVG, PDF): a choropleth of an indicator or a run's veerkrachtkaart.

They show what a run published: suppressed areas are drawn grey and cross-hatched as "afgeschermd",
never with a value, and areas without a figure plain as "geen gegevens". On synthetic figures the map
itself says so, and the source line does not name CBS as the source of the figures.
"""

from pathlib import Path

import geopandas as gpd
import mapclassify
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from veerkracht.analysis import queries
from veerkracht.analysis.layers import SUPPRESSED_COLOUR, run_preset
from veerkracht.analysis.models import AnalysisRun
from veerkracht.indicators.models import Indicator
from veerkracht.monitor.colour_vision import NO_DATA_COLOUR

BOUNDARIES = "Grenzen: CBS/Kadaster (CC BY 4.0)"
SOURCE_NOTE = f"{BOUNDARIES}; cijfers: CBS, Leefbaarometer (BZK) en eigen gegevens; Veerkracht"
SYNTHETIC_NOTE = f"{BOUNDARIES}; cijfers: SYNTHETISCH, gegenereerd voor demonstratie; Veerkracht"
SEQUENTIAL = "YlOrRd"
#: Matplotlib hatches for the presets' patterns.
HATCHES = {"hatch": "///", "crosshatch": "xxx", "dots": ".."}


class MapError(ValueError):
    """There is nothing to draw for the request; the message says why."""


def _areas(run: AnalysisRun, level: str) -> gpd.GeoDataFrame:
    frame = queries.area_shapes(run, level)
    if frame.empty:
        raise MapError(f"geen gebieden van niveau {level} in run #{run.pk}")
    return frame


def _figure() -> tuple[Figure, Axes]:
    # The object-oriented API needs no GUI backend: fine on a server without a screen.
    figure = Figure(figsize=(8, 8))
    return figure, figure.add_subplot()


def _finish(figure: Figure, axes: Axes, title: str, out_path: Path, synthetic: bool) -> None:
    axes.set_axis_off()
    axes.set_title(title, loc="left", fontsize=12)
    if synthetic:
        # Inside the map, so a crop of the map keeps it.
        axes.text(
            0.02,
            0.98,
            "SYNTHETISCHE CIJFERS",
            transform=axes.transAxes,
            va="top",
            fontsize=10,
            fontweight="bold",
            color="#5c4300",
            bbox={"facecolor": "#fff4d6", "edgecolor": "#b38600"},
        )
    figure.text(0.01, 0.01, SYNTHETIC_NOTE if synthetic else SOURCE_NOTE, fontsize=7, color="#444444")
    out_path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(out_path, dpi=200, bbox_inches="tight")


def draw_indicator_map(
    indicator: str,
    year: int,
    out_path: Path,
    *,
    level: str = "buurt",
    gemeente: str | None = None,
    scheme: str = "quantiles",
    classes: int = 5,
) -> None:
    """Draw a choropleth of one indicator in one year from the newest run that covers the gemeente."""
    run = queries.latest_run(gemeente)
    if run is None:
        raise MapError("er is nog geen analyse-run; draai eerst 'veerkracht analysis run'")
    values = queries.indicator_map(run, indicator, level, year)
    if values.empty:
        raise MapError(f"run #{run.pk} heeft geen waarden van {indicator} in {year} op niveau {level}")
    areas = _areas(run, level).merge(values[["area_code", "value", "suppressed"]], on="area_code", how="left")
    suppressed = areas["suppressed"].fillna(False).astype(bool)
    shown = areas[areas["value"].notna() & ~suppressed]
    bins = mapclassify.classify(
        shown["value"].to_numpy(), scheme=scheme, k=min(classes, max(1, len(shown) - 1))
    )
    figure, axes = _figure()
    missing = areas[~suppressed & areas["value"].isna()]
    if len(missing):
        missing.plot(ax=axes, color=NO_DATA_COLOUR, edgecolor="#999999", linewidth=0.4)
    if suppressed.any():
        areas[suppressed].plot(
            ax=axes, color=SUPPRESSED_COLOUR, hatch="xxx", edgecolor="white", linewidth=0.4
        )
    shown.assign(bin=bins.yb).plot(
        ax=axes, column="bin", cmap=SEQUENTIAL, edgecolor="white", linewidth=0.4, categorical=True
    )
    colours = colormaps[SEQUENTIAL].resampled(bins.k)
    lower = [float(shown["value"].min()), *bins.bins[:-1]]
    handles = [Patch(color=colours(i), label=f"{lower[i]:.1f} – {bins.bins[i]:.1f}") for i in range(bins.k)]
    handles.append(Patch(facecolor=NO_DATA_COLOUR, edgecolor="#999999", label="geen gegevens"))
    handles.append(Patch(facecolor=SUPPRESSED_COLOUR, hatch="xxx", label="afgeschermd (kleine aantallen)"))
    axes.legend(handles=handles, loc="lower right", fontsize=8, frameon=False)
    meta = Indicator.objects.filter(code=indicator).first()
    title = f"{meta.name_nl if meta else indicator} ({meta.unit if meta else ''}), {year}"
    _finish(figure, axes, title, out_path, run.synthetic)


def draw_classes_map(run_id: int, out_path: Path, *, level: str = "buurt") -> None:
    """Draw the veerkrachtkaart of a run with the class colours and a legend of the classes present."""
    run = AnalysisRun.objects.filter(pk=run_id, status=AnalysisRun.Status.SUCCEEDED).first()
    if run is None:
        raise MapError(f"run #{run_id} bestaat niet of is niet geslaagd")
    frame = queries.classes(run, level)
    if frame.empty:
        raise MapError(f"run #{run_id} heeft geen klassen op niveau {level}")
    areas = _areas(run, level).merge(
        frame[["area_code", "class_key", "class_label_nl", "colour"]], on="area_code", how="left"
    )
    preset = run_preset(run)
    classes = preset.classes if preset else ()
    figure, axes = _figure()
    unclassified = areas[areas["class_key"].isna()]
    if len(unclassified):
        unclassified.plot(ax=axes, color=NO_DATA_COLOUR, edgecolor="#999999", linewidth=0.5)
    handles = []
    # Every class of the preset, most alarming first, with its pattern; also those without an area.
    for klass in classes:
        members = areas[areas["class_key"] == klass.key]
        hatch = HATCHES.get(klass.pattern)
        if len(members):
            members.plot(ax=axes, color=klass.colour, hatch=hatch, edgecolor="white", linewidth=0.5)
        handles.append(Patch(facecolor=klass.colour, hatch=hatch, label=f"{klass.label.nl} ({len(members)})"))
    handles.append(Patch(facecolor=NO_DATA_COLOUR, edgecolor="#999999", label="geen gegevens"))
    axes.legend(handles=handles, loc="lower right", fontsize=8, frameon=False)
    title = f"Veerkrachtkaart {run.period_start}–{run.period_end} ({run.preset_name} {run.preset_version})"
    _finish(figure, axes, title, out_path, run.synthetic)
