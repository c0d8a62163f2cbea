# SPDX-License-Identifier: EUPL-1.2
"""Static maps of a profile for print: the veerkrachtkaart and key figures of the gemeente's buurten, the
area outlined.

The same data as the web map: ``analysis.layers.classes_layer`` and ``indicator_layer`` of the newest run,
suppressed as the monitor publishes it. Colours come from the colour-blind-safe palette of the web map
(each class's ``accessible_colour``, the legend's sequential scheme), so a printed page needs no hatching;
every area carries a ``<title>`` and the legend says in words what each colour means.
"""

from dataclasses import dataclass, field

from veerkracht.analysis import layers
from veerkracht.analysis.models import AnalysisRun
from veerkracht.areas.queries import valid_in
from veerkracht.geo.svg import svg_paths
from veerkracht.monitor.colour_vision import NO_DATA_COLOUR
from veerkracht.profiles.monitor_part import KEY_FIGURES

WIDTH = 480.0
#: The largest a map is printed (millimetres), so that it fits on an A4 page with its caption and legend.
PRINT_WIDTH_MM, PRINT_HEIGHT_MM = 170.0, 150.0
#: The key figures drawn as a map, where the run published them: the class's first layer and the stock.
MAPPED_FIGURES = ("aandeel_kwetsbaar", "aandeel_corporatie", "meldingen_leefbaarheid")
#: The highlighted area's outline; dark enough against every class colour.
OUTLINE = "#111111"


@dataclass(frozen=True)
class MapArea:
    code: str
    name: str
    path: str
    fill: str
    title: str
    highlight: bool


@dataclass(frozen=True)
class LegendItem:
    colour: str
    label: str
    count: int


@dataclass(frozen=True)
class StaticMap:
    """One map: its caption, areas as SVG paths, and the legend in words."""

    ident: str
    title: str
    caption: str
    width: float
    height: float
    areas: list[MapArea]
    legend: list[LegendItem] = field(default_factory=list)

    @property
    def print_size(self) -> tuple[float, float]:
        """Width and height in millimetres: as large as the page allows, the shape kept."""
        scale = min(PRINT_WIDTH_MM / self.width, PRINT_HEIGHT_MM / max(self.height, 1.0))
        return round(self.width * scale, 1), round(self.height * scale, 1)

    @property
    def print_width(self) -> float:
        return self.print_size[0]

    @property
    def print_height(self) -> float:
        return self.print_size[1]


def _shapes(run: AnalysisRun, gemeente_code: str) -> tuple[list[tuple[str, str, str]], float]:
    rows = list(
        valid_in(run.indeling_year).filter(gemeente_code=gemeente_code, level="buurt").order_by("code")
    )
    paths, height = svg_paths([row.geometry for row in rows], width=WIDTH)
    return [(row.code, row.name, path) for row, path in zip(rows, paths, strict=True) if path], height


def _number(value: float | None, decimals: int) -> str:
    if value is None:
        return ""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".") if layers.language() == "nl" else text


def classes_map(
    run: AnalysisRun, gemeente_code: str, highlighted: set[str], *, title: str, no_data: str, caption: str
) -> StaticMap:
    """The veerkrachtkaart of the gemeente's buurten in the accessible palette, the area outlined."""
    shapes, height = _shapes(run, gemeente_code)
    data = layers.classes_layer(run, "buurt")
    areas = []
    counts: dict[str, int] = {}
    for code, name, path in shapes:
        info = data["areas"].get(code, {})
        known = info.get("status") == layers.VALUE
        key = str(info.get("class_key")) if known else ""
        counts[key] = counts.get(key, 0) + 1
        label = str(info.get("label", "")) if known else no_data
        colour = str(info["accessible_colour"]) if known else NO_DATA_COLOUR
        areas.append(MapArea(code, name, path, colour, f"{name}: {label}", code in highlighted))
    legend = [
        LegendItem(str(item["accessible_colour"]), str(item["label"]), counts.get(str(item["key"]), 0))
        for item in data["legend"]
    ]
    legend.append(LegendItem(NO_DATA_COLOUR, no_data, counts.get("", 0)))
    return StaticMap("kaart-veerkracht", title, caption, WIDTH, height, _highlight_last(areas), legend)


def indicator_map(
    run: AnalysisRun,
    gemeente_code: str,
    indicator: str,
    period: int,
    highlighted: set[str],
    *,
    words: dict[str, str],
) -> StaticMap | None:
    """One key figure in the run's last year, coloured by the web map's legend (quantiles, five classes)."""
    shapes, height = _shapes(run, gemeente_code)
    data = layers.indicator_layer(run, indicator, "buurt", period, "quantiles", 5)
    bins = data["legend"]["bins"]
    if not bins:
        return None
    decimals = int(data["legend"]["decimals"])
    areas = []
    per_bin = [0] * len(bins)
    suppressed = missing = 0
    for code, name, path in shapes:
        info = data["areas"].get(code, {"status": layers.NO_DATA})
        if info["status"] == layers.VALUE and info["bin"] >= 0:
            per_bin[info["bin"]] += 1
            fill, label = bins[info["bin"]]["colour"], _number(info["value"], decimals)
        elif info["status"] == layers.SUPPRESSED:
            suppressed += 1
            fill, label = layers.SUPPRESSED_COLOUR, words["suppressed"]
        else:
            missing += 1
            fill, label = NO_DATA_COLOUR, words["no_data"]
        areas.append(MapArea(code, name, path, fill, f"{name}: {label}", code in highlighted))
    legend = [
        LegendItem(b["colour"], f"{_number(b['lower'], decimals)} – {_number(b['upper'], decimals)}", n)
        for b, n in zip(bins, per_bin, strict=True)
    ]
    legend.append(LegendItem(layers.SUPPRESSED_COLOUR, words["suppressed"], suppressed))
    legend.append(LegendItem(NO_DATA_COLOUR, words["no_data"], missing))
    meta = data["indicator"]
    unit = f" ({meta['unit']})" if meta["unit"] else ""
    return StaticMap(
        f"kaart-{indicator}",
        f"{meta['name'] if layers.language() == 'nl' else meta['name_en']}{unit}, {period}",
        words["caption"],
        WIDTH,
        height,
        _highlight_last(areas),
        legend,
    )


def _highlight_last(areas: list[MapArea]) -> list[MapArea]:
    # Drawn last, so the outline of the area lies on top of its neighbours' edges.
    return [a for a in areas if not a.highlight] + [a for a in areas if a.highlight]


def mapped_figures(present: set[str]) -> list[str]:
    """The key figures to draw, in the profile's order, of those the run published."""
    return [code for code in KEY_FIGURES if code in MAPPED_FIGURES and code in present]
