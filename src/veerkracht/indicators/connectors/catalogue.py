# SPDX-License-Identifier: EUPL-1.2
"""Load and check the indicator catalogue (versioned YAML): what each indicator means, how it adds up."""

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from veerkracht.importing import ImportProblem
from veerkracht.indicators.connectors.base import LEVELS

DEFAULT_CATALOGUE = Path(__file__).resolve().parents[1] / "catalogue.yaml"
KINDS = ("count", "share", "score", "rate")
DIRECTIONS = ("higher_is_better", "higher_is_worse", "neutral")
DEFAULT_MINIMUM_COUNT = 5

_CODE = re.compile(r"^[a-z][a-z0-9_]{1,63}$")
_REQUIRED_TEXT = ("name_nl", "name_en", "definition_nl", "unit", "source", "licence")
_ALLOWED = {
    "code",
    *_REQUIRED_TEXT,
    "direction",
    "kind",
    "numerator",
    "denominator",
    "weight",
    "levels",
    "privacy",
    "legend",
}


def _where(index: int, entry: Any) -> str:
    code = entry.get("code") if isinstance(entry, dict) else None
    return f"indicators[{index}]" + (f" ({code})" if code else "")


def _check_entry(path: Path, index: int, entry: Any) -> dict[str, Any]:
    where = _where(index, entry)
    if not isinstance(entry, dict):
        raise ImportProblem(path, f"{where}: verwacht een mapping met sleutels als code, name_nl, kind")
    unknown = sorted(set(entry) - _ALLOWED)
    if unknown:
        raise ImportProblem(path, f"{where}: onbekende sleutel(s) {unknown}; toegestaan {sorted(_ALLOWED)}")
    code = entry.get("code")
    if not isinstance(code, str) or not _CODE.match(code):
        raise ImportProblem(path, f"{where}, sleutel 'code': verwacht snake_case zoals 'aandeel_corporatie'")
    for key in _REQUIRED_TEXT:
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise ImportProblem(path, f"{where}, sleutel '{key}': ontbreekt of is leeg")
    if entry.get("direction") not in DIRECTIONS:
        raise ImportProblem(path, f"{where}, sleutel 'direction': verwacht een van {list(DIRECTIONS)}")
    kind = entry.get("kind")
    if kind not in KINDS:
        raise ImportProblem(path, f"{where}, sleutel 'kind': verwacht een van {list(KINDS)}")
    parts = {key: entry.get(key) for key in ("numerator", "denominator", "weight")}
    needed = {
        "share": ("numerator", "denominator"),
        "rate": ("numerator", "denominator"),
        "score": ("weight",),
    }
    for key in needed.get(kind, ()):
        if not isinstance(parts[key], str):
            raise ImportProblem(path, f"{where}, sleutel '{key}': een {kind} heeft een '{key}' nodig")
    for key, value in parts.items():
        if value is not None and key not in needed.get(kind, ()):
            raise ImportProblem(path, f"{where}, sleutel '{key}': hoort niet bij een {kind}")
    levels = entry.get("levels")
    if not isinstance(levels, list) or not levels or any(level not in LEVELS for level in levels):
        raise ImportProblem(path, f"{where}, sleutel 'levels': verwacht een lijst uit {list(LEVELS)}")
    privacy = entry.get("privacy", {}) or {}
    if not isinstance(privacy, dict) or set(privacy) - {"minimum_count", "applies_to"}:
        raise ImportProblem(path, f"{where}, sleutel 'privacy': verwacht minimum_count en applies_to")
    minimum = privacy.get("minimum_count", DEFAULT_MINIMUM_COUNT)
    if not isinstance(minimum, int) or isinstance(minimum, bool) or minimum < 0:
        raise ImportProblem(path, f"{where}, sleutel 'privacy.minimum_count': verwacht een geheel getal >= 0")
    applies = privacy.get("applies_to", [])
    if not isinstance(applies, list) or not all(isinstance(item, str) for item in applies):
        raise ImportProblem(path, f"{where}, sleutel 'privacy.applies_to': verwacht een lijst van codes")
    legend = entry.get("legend") or {}
    breaks = legend.get("breaks", []) if isinstance(legend, dict) else None
    if (
        not isinstance(breaks, list)
        or not all(isinstance(b, int | float) and not isinstance(b, bool) for b in breaks)
        or breaks != sorted(breaks)
    ):
        raise ImportProblem(
            path, f"{where}, sleutel 'legend.breaks': verwacht oplopende getallen (bovengrenzen)"
        )
    checked: dict[str, Any] = {
        **{key: entry[key] for key in ("code", *_REQUIRED_TEXT, "direction", "kind")},
        **parts,
        "levels": list(levels),
        "privacy": {"minimum_count": minimum, "applies_to": list(applies)},
    }
    labels = legend.get("labels", []) if isinstance(legend, dict) else []
    if not isinstance(labels, list) or not all(isinstance(label, str) and label for label in labels):
        raise ImportProblem(path, f"{where}, sleutel 'legend.labels': verwacht een lijst van namen")
    if labels and len(labels) != len(breaks):
        raise ImportProblem(
            path,
            f"{where}, sleutel 'legend.labels': verwacht één naam per grens ({len(breaks)}), "
            f"gevonden {len(labels)}",
        )
    if breaks:
        checked["legend"] = {"breaks": [float(b) for b in breaks], "labels": list(labels)}
    return checked


def _check_references(path: Path, entries: list[dict[str, Any]]) -> None:
    """Numerators, denominators, weights and privacy counts must be counts that the catalogue defines."""
    kinds = {entry["code"]: entry["kind"] for entry in entries}
    for index, entry in enumerate(entries):
        referenced = [(key, entry[key]) for key in ("numerator", "denominator", "weight") if entry[key]]
        referenced += [("privacy.applies_to", code) for code in entry["privacy"]["applies_to"]]
        for key, code in referenced:
            where = f"{_where(index, entry)}, sleutel '{key}'"
            if code not in kinds:
                raise ImportProblem(path, f"{where}: '{code}' staat niet in de catalogus")
            if kinds[code] != "count":
                raise ImportProblem(path, f"{where}: '{code}' is een {kinds[code]}, geen aantal")


def load_catalogue(path: Path | str | None = None) -> list[dict[str, Any]]:
    """Read and check the catalogue; every entry gets the catalogue's ``version``.

    Raises ImportProblem naming the file and the key that is wrong.
    """
    source = Path(path) if path is not None else DEFAULT_CATALOGUE
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
    except OSError as error:
        raise ImportProblem(source, f"catalogus niet leesbaar: {error}") from error
    except yaml.YAMLError as error:
        raise ImportProblem(source, f"geen geldige YAML: {error}") from error
    if not isinstance(data, dict) or not isinstance(data.get("indicators"), list):
        raise ImportProblem(source, "verwacht de sleutels 'version' en 'indicators' (een lijst)")
    # Keys starting with "x-" hold YAML anchors (shared level lists) and are not read otherwise.
    stray = sorted(
        str(key) for key in data if key not in ("version", "indicators") and not str(key).startswith("x-")
    )
    if stray:
        raise ImportProblem(source, f"onbekende sleutel(s) {stray}; verwacht 'version' en 'indicators'")
    version = data.get("version")
    if not isinstance(version, str | int) or isinstance(version, bool):
        raise ImportProblem(source, "sleutel 'version' ontbreekt (bijvoorbeeld \"2025.1\")")
    entries = [_check_entry(source, index, entry) for index, entry in enumerate(data["indicators"])]
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        if entry["code"] in seen:
            raise ImportProblem(
                source, f"{_where(index, entry)}, sleutel 'code': staat twee keer in de catalogus"
            )
        seen.add(entry["code"])
    _check_references(source, entries)
    for entry in entries:
        entry["version"] = str(version)
    return entries


@cache
def catalogue_index() -> dict[str, dict[str, Any]]:
    """The default catalogue by code, loaded once; the connectors check what they emit against it."""
    return {entry["code"]: entry for entry in load_catalogue()}
