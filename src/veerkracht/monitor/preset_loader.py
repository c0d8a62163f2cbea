# SPDX-License-Identifier: EUPL-1.2
"""Reading preset files: YAML with ``extends``, validated key by key into a :class:`Preset`."""

from __future__ import annotations

import hashlib
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from .change import SCOPES, ReferenceSpec
from .preset import (
    CATEGORIES,
    FACTORS,
    PATTERNS,
    Nuisance,
    Preset,
    PresetError,
    ResilienceClass,
    Text,
    Thresholds,
    VulnerableResidents,
)

_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


def available_presets() -> list[str]:
    """Names of the presets shipped with the package.

    Examples
    --------
    >>> "veerkracht-2021" in available_presets()
    True
    """
    folder = resources.files("veerkracht.monitor") / "presets"
    return sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml"))


def _read(name_or_path: str | Path, chain: tuple[str, ...] = ()) -> tuple[dict[str, Any], tuple[str, ...]]:
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml") and path.exists():
        text, source = path.read_text(encoding="utf-8"), str(path)
    else:
        resource = resources.files("veerkracht.monitor") / "presets" / f"{name_or_path}.yaml"
        if not resource.is_file():
            raise PresetError(f"preset {name_or_path!r} not found; shipped presets: {available_presets()}")
        text, source = resource.read_text(encoding="utf-8"), f"presets/{name_or_path}.yaml"
    if source in chain:
        raise PresetError(f"{source}: 'extends' loops back to itself ({' -> '.join(chain)})")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise PresetError(f"{source}: not valid YAML: {error}") from error
    if not isinstance(data, dict):
        raise PresetError(f"{source}: expected a mapping at the top level")
    data = {**data, "__source__": source}
    if "extends" in data:
        base, files = _read(str(data.pop("extends")), (*chain, source))
        return _merge(base, data), (*files, source)
    return data, (source,)


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in override.items():
        out[key] = (
            _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
        )
    return out


class _Reader:
    """Walks the mapping with the file name and key path at hand for error messages."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, path: str, expected: str, got: Any) -> PresetError:
        return PresetError(f"{self.source}: key '{path}': expected {expected}, got {got!r}")

    def mapping(self, data: Any, path: str, allowed: set[str], required: set[str]) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise self.fail(path, "a mapping", data)
        unknown = sorted(set(data) - allowed - {"why", "__source__"})
        if unknown:
            raise self.fail(path, f"only the keys {sorted(allowed)}", f"unknown key(s) {unknown}")
        missing = sorted(required - set(data))
        if missing:
            raise self.fail(path, f"the key(s) {missing}", f"keys {sorted(data)}")
        return data

    def number(self, data: Any, path: str) -> float:
        if isinstance(data, bool) or not isinstance(data, int | float):
            raise self.fail(path, "a number", data)
        return float(data)

    def string(self, data: Any, path: str) -> str:
        if not isinstance(data, str) or not data:
            raise self.fail(path, "a non-empty string", data)
        return data

    def text(self, data: Any, path: str) -> Text:
        data = self.mapping(data, path, {"nl", "en"}, {"nl", "en"})
        return Text(self.string(data["nl"], f"{path}.nl"), self.string(data["en"], f"{path}.en"))

    def categories(self, data: Any, path: str, factor: str) -> frozenset[str]:
        if data == "any":
            return frozenset(CATEGORIES[factor])
        if not isinstance(data, list) or not data or any(c not in CATEGORIES[factor] for c in data):
            raise self.fail(path, f"'any' or a list of {list(CATEGORIES[factor])}", data)
        return frozenset(data)


def load_preset(name_or_path: str | Path = "veerkracht-2021") -> Preset:
    """Load and validate a methodology preset by name (shipped) or path (own file).

    Raises
    ------
    PresetError
        Naming the file, the key and what was expected; also when the class table leaves a
        combination of categories uncovered or covers one twice.

    Examples
    --------
    >>> load_preset("veerkracht-2021-open").vulnerable.method
    'composite'
    >>> load_preset("no-such-preset")  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    ...
    veerkracht.monitor.preset.PresetError: preset 'no-such-preset' not found; shipped presets: [...]
    """
    data, files = _read(name_or_path)
    canonical = json.dumps({k: v for k, v in data.items() if k != "__source__"}, sort_keys=True, default=str)
    sha256 = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    r = _Reader(" <- ".join(reversed(files)))
    top = r.mapping(
        data,
        "(top)",
        {
            "name",
            "version",
            "title",
            "description",
            "indicators",
            "reference",
            "thresholds",
            "categories",
            "classes",
            "hidden_hotspots",
        },
        {"name", "version", "title", "indicators", "reference", "thresholds", "categories", "classes"},
    )
    indicators = r.mapping(
        top["indicators"],
        "indicators",
        {"vulnerable_residents", "nuisance", "population"},
        {"vulnerable_residents", "nuisance", "population"},
    )
    vr = r.mapping(
        indicators["vulnerable_residents"],
        "indicators.vulnerable_residents",
        {"method", "indicator", "components", "minimum_components", "label", "unit", "decimals", "subject"},
        {"method", "indicator", "label", "unit"},
    )
    if vr["method"] not in ("share", "composite"):
        raise r.fail("indicators.vulnerable_residents.method", "'share' or 'composite'", vr["method"])
    components = tuple(vr.get("components") or ())
    if vr["method"] == "composite" and (
        len(components) < 2 or not all(isinstance(c, str) for c in components)
    ):
        raise r.fail(
            "indicators.vulnerable_residents.components",
            "a list of at least two indicator codes",
            vr.get("components"),
        )
    vulnerable = VulnerableResidents(
        vr["method"],
        r.string(vr["indicator"], "indicators.vulnerable_residents.indicator"),
        components,
        int(vr.get("minimum_components", len(components))),
        r.text(vr["label"], "indicators.vulnerable_residents.label"),
        r.text(vr["unit"], "indicators.vulnerable_residents.unit"),
        int(r.number(vr.get("decimals", 1), "indicators.vulnerable_residents.decimals")),
        r.text(vr["subject"], "indicators.vulnerable_residents.subject") if "subject" in vr else None,
    )
    nu = r.mapping(
        indicators["nuisance"],
        "indicators.nuisance",
        {"indicator", "higher_is_better", "label", "unit", "short", "decimals", "subject"},
        {"indicator", "higher_is_better", "label"},
    )
    if not isinstance(nu["higher_is_better"], bool):
        raise r.fail("indicators.nuisance.higher_is_better", "true or false", nu["higher_is_better"])
    nuisance = Nuisance(
        r.string(nu["indicator"], "indicators.nuisance.indicator"),
        nu["higher_is_better"],
        r.text(nu["label"], "indicators.nuisance.label"),
        r.text(nu.get("unit", {"nl": "punt", "en": "points"}), "indicators.nuisance.unit"),
        r.text(nu.get("short", nu["label"]), "indicators.nuisance.short"),
        int(r.number(nu.get("decimals", 2), "indicators.nuisance.decimals")),
        r.text(nu["subject"], "indicators.nuisance.subject") if "subject" in nu else None,
    )
    po = r.mapping(
        indicators["population"], "indicators.population", {"indicator", "minimum"}, {"indicator", "minimum"}
    )
    ref = r.mapping(
        top["reference"], "reference", {"scope", "level", "weight", "area_codes", "value", "label"}, {"scope"}
    )
    if ref["scope"] not in SCOPES:
        raise r.fail("reference.scope", f"one of {list(SCOPES)}", ref["scope"])
    reference = ReferenceSpec(
        scope=ref["scope"],
        level=ref.get("level"),
        weight=ref.get("weight"),
        area_codes=tuple(ref.get("area_codes") or ()),
        value=ref.get("value"),
        label=str(ref.get("label", "")),
    )
    th = r.mapping(
        top["thresholds"],
        "thresholds",
        {"vulnerable_change", "nuisance_level", "nuisance_development"},
        {"vulnerable_change", "nuisance_level", "nuisance_development"},
    )
    vc = r.mapping(
        th["vulnerable_change"],
        "thresholds.vulnerable_change",
        {"decrease_below", "increase_above"},
        {"decrease_below", "increase_above"},
    )
    nl_ = r.mapping(th["nuisance_level"], "thresholds.nuisance_level", {"much", "some"}, {"much", "some"})
    nd = r.mapping(
        th["nuisance_development"], "thresholds.nuisance_development", {"dead_band"}, {"dead_band"}
    )
    try:
        thresholds = Thresholds(
            r.number(vc["decrease_below"], "thresholds.vulnerable_change.decrease_below"),
            r.number(vc["increase_above"], "thresholds.vulnerable_change.increase_above"),
            r.number(nl_["much"], "thresholds.nuisance_level.much"),
            r.number(nl_["some"], "thresholds.nuisance_level.some"),
            r.number(nd["dead_band"], "thresholds.nuisance_development.dead_band"),
            r.number(po["minimum"], "indicators.population.minimum"),
            nuisance.higher_is_better,
        )
    except PresetError as error:
        raise PresetError(f"{r.source}: {error}") from None
    cats = r.mapping(top["categories"], "categories", set(FACTORS), set(FACTORS))
    labels = {
        f: {
            c: r.text(t, f"categories.{f}.{c}")
            for c, t in r.mapping(cats[f], f"categories.{f}", set(CATEGORIES[f]), set(CATEGORIES[f])).items()
            if c != "why"
        }
        for f in FACTORS
    }
    classes = _classes(r, top["classes"])
    table = _table(r, classes)
    hh = r.mapping(top.get("hidden_hotspots", {"classes": []}), "hidden_hotspots", {"classes"}, {"classes"})
    unknown = sorted(set(hh["classes"]) - {c.key for c in classes})
    if unknown:
        raise r.fail("hidden_hotspots.classes", f"class keys from {[c.key for c in classes]}", unknown)
    return Preset(
        name=r.string(top["name"], "name"),
        version=str(top["version"]),
        sha256=sha256,
        files=files,
        title=r.text(top["title"], "title"),
        vulnerable=vulnerable,
        nuisance=nuisance,
        population_indicator=r.string(po["indicator"], "indicators.population.indicator"),
        reference=reference,
        thresholds=thresholds,
        category_labels=labels,
        classes=classes,
        hidden_hotspot_classes=tuple(hh["classes"]),
        table=table,
    )


def _classes(r: _Reader, data: Any) -> tuple[ResilienceClass, ...]:
    if not isinstance(data, list) or not data:
        raise r.fail("classes", "a non-empty list of classes", data)
    out = []
    for position, item in enumerate(data):
        path = f"classes[{position}]"
        item = r.mapping(
            item,
            path,
            {"key", "label", "colour", "accessible_colour", "pattern", "description", "source", "when"},
            {"key", "label", "colour", "when"},
        )
        for key in ("colour", "accessible_colour"):
            if key in item and (not isinstance(item[key], str) or not _COLOUR.match(item[key])):
                raise r.fail(f"{path}.{key}", "a hex colour like '#8B0000' (quoted in YAML)", item[key])
        pattern = item.get("pattern", "")
        if pattern not in PATTERNS:
            raise r.fail(f"{path}.pattern", f"one of {[p for p in PATTERNS if p]}", pattern)
        if not isinstance(item["when"], list) or not item["when"]:
            raise r.fail(f"{path}.when", "a non-empty list of conditions", item["when"])
        when = []
        for i, raw in enumerate(item["when"]):
            cond = r.mapping(raw, f"{path}.when[{i}]", set(FACTORS), set(FACTORS))
            when.append({f: r.categories(cond[f], f"{path}.when[{i}].{f}", f) for f in FACTORS})
        description = item.get("description", {"nl": item["key"], "en": item["key"]})
        out.append(
            ResilienceClass(
                r.string(item["key"], f"{path}.key"),
                r.text(item["label"], f"{path}.label"),
                item["colour"].upper(),
                r.text(description, f"{path}.description"),
                str(item.get("source", "")),
                tuple(when),
                str(item.get("accessible_colour", item["colour"])).upper(),
                pattern,
            )
        )
    keys = [c.key for c in out]
    if len(set(keys)) != len(keys):
        raise r.fail("classes", "unique keys", keys)
    return tuple(out)


def _table(r: _Reader, classes: tuple[ResilienceClass, ...]) -> np.ndarray:
    shape = tuple(len(CATEGORIES[f]) for f in FACTORS)
    table = np.full(shape, -1, dtype=np.int64)
    for codes in np.ndindex(*shape):
        combination = tuple(CATEGORIES[f][c] for f, c in zip(FACTORS, codes, strict=True))
        matches = [
            position
            for position, klass in enumerate(classes)
            if any(
                all(cat in cond[f] for f, cat in zip(FACTORS, combination, strict=True))
                for cond in klass.when
            )
        ]
        if len(matches) != 1:
            found = [classes[m].key for m in matches] or "no class"
            raise r.fail(
                "classes",
                f"exactly one class for the combination {dict(zip(FACTORS, combination, strict=True))}",
                found,
            )
        table[codes] = matches[0]
    table.setflags(write=False)
    return table
