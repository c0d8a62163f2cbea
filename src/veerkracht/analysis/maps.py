# SPDX-License-Identifier: EUPL-1.2
"""Static maps for reports (PNG, SVG, PDF): a choropleth of an indicator or a run's veerkrachtkaart.

They show what a run published: suppressed areas are drawn hatched as "geheim", never with a value.
"""

from pathlib import Path

import geopandas as gpd
import mapclassify
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from veerkracht.analysis import queries
from veerkracht.analysis.models import AnalysisRun
from veerkracht.indicators.models import Indicator

SOURCE_NOTE = "Bron: CBS/Kadaster (CC BY 4.0), Leefbaarometer (BZK), Veerkracht"
SEQUENTIAL = "YlOrRd"
HIDDEN = "#d9d9d9"


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
    note = SOURCE_NOTE + (" · SYNTHETISCHE GEGEVENS" if synthetic else "")
    figure.text(0.01, 0.01, note, fontsize=7, color="#444444")
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
    areas = _areas(run, level).merge(values[["area_code", "value"]], on="area_code", how="left")
    shown = areas[areas["value"].notna()]
    bins = mapclassify.classify(
        shown["value"].to_numpy(), scheme=scheme, k=min(classes, max(1, len(shown) - 1))
    )
    figure, axes = _figure()
    areas[areas["value"].isna()].plot(ax=axes, color=HIDDEN, hatch="///", edgecolor="white", linewidth=0.4)
    shown.assign(bin=bins.yb).plot(
        ax=axes, column="bin", cmap=SEQUENTIAL, edgecolor="white", linewidth=0.4, categorical=True
    )
    colours = colormaps[SEQUENTIAL].resampled(bins.k)
    lower = [float(shown["value"].min()), *bins.bins[:-1]]
    handles = [Patch(color=colours(i), label=f"{lower[i]:.1f} – {bins.bins[i]:.1f}") for i in range(bins.k)]
    handles.append(Patch(facecolor=HIDDEN, hatch="///", label="geheim of onbekend"))
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
    figure, axes = _figure()
    areas.plot(ax=axes, color=areas["colour"].fillna(HIDDEN), edgecolor="white", linewidth=0.5)
    legend = areas.dropna(subset=["class_key"]).drop_duplicates("class_key")
    handles = [
        Patch(color=c, label=label)
        for c, label in zip(legend["colour"], legend["class_label_nl"], strict=True)
    ]
    axes.legend(handles=handles, loc="lower right", fontsize=8, frameon=False)
    title = f"Veerkrachtkaart {run.period_start}–{run.period_end} ({run.preset_name} {run.preset_version})"
    _finish(figure, axes, title, out_path, run.synthetic)
