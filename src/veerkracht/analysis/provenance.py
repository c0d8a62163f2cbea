# SPDX-License-Identifier: EUPL-1.2
"""Which inputs of a run are real and which synthetic, as sentences a page can show per layer.

The run's manifest holds the facts (``manifest["provenance"]``, written by the engine's
:func:`veerkracht.monitor.provenance.input_provenance`); this module only words them, in the active
language: "Personen met een bijstandsuitkering: 38 buurten in 2021".
"""

from typing import Any

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from veerkracht.analysis.models import AnalysisRun
from veerkracht.indicators.models import Indicator
from veerkracht.monitor import load_preset


def _level_words(level: str, count: int | None) -> str:
    """ "38 buurten"; just "buurten" for a run recorded before the areas were counted."""
    if count is None:
        plural = {"square": _("vierkanten"), "complex": _("complexen"), "buurt": _("buurten")}
        plural |= {"wijk": _("wijken"), "rayon": _("rayons"), "gemeente": _("gemeente")}
        return _("Nederland") if level == "land" else plural.get(level, level)
    words = {
        "square": ngettext("%(n)s vierkant", "%(n)s vierkanten", count),
        "complex": ngettext("%(n)s complex", "%(n)s complexen", count),
        "buurt": ngettext("%(n)s buurt", "%(n)s buurten", count),
        "wijk": ngettext("%(n)s wijk", "%(n)s wijken", count),
        "rayon": ngettext("%(n)s rayon", "%(n)s rayons", count),
        "gemeente": ngettext("%(n)s gemeente", "%(n)s gemeenten", count),
    }
    if level == "land":
        return _("Nederland")
    return words.get(level, "%(n)s " + level) % {"n": count}


def _years(periods: list[int]) -> str:
    """2014–2021 for a run of years, otherwise 2014, 2016 en 2020."""
    years = sorted(periods)
    if len(years) > 2 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    if len(years) == 1:
        return str(years[0])
    return _("%(first)s en %(last)s") % {"first": ", ".join(map(str, years[:-1])), "last": years[-1]}


def _sentences(items: list[dict[str, Any]], names: dict[str, str]) -> list[str]:
    """One sentence per indicator: its name, then where and when ("38 buurten in 2021; ...")."""
    by_indicator: dict[str, list[str]] = {}
    for item in items:
        where = _("%(areas)s in %(years)s") % {
            "areas": _level_words(str(item["level"]), item.get("areas")),
            "years": _years([int(p) for p in item["periods"]]),
        }
        by_indicator.setdefault(str(item["indicator"]), []).append(where)
    return [f"{names.get(code, code)}: {'; '.join(parts)}" for code, parts in by_indicator.items()]


def _names(codes: set[str]) -> dict[str, str]:
    english = (get_language() or "nl").startswith("en")
    rows = Indicator.objects.filter(code__in=codes).values_list("code", "name_nl", "name_en")
    return {code: (name_en or name_nl) if english else name_nl for code, name_nl, name_en in rows}


def _with_parts(indicators: dict[str, Any], code: str | None) -> dict[str, list[dict[str, Any]]]:
    """The inputs of one indicator: its own values and, for a share or rate, those of its counts."""
    if not code:
        return {"real": [], "synthetic": []}
    codes = [code]
    meta = Indicator.objects.filter(code=code).values_list("numerator", "denominator").first()
    if meta:
        codes += [part for part in meta if part]
    out: dict[str, list[dict[str, Any]]] = {"real": [], "synthetic": []}
    for part in codes:
        for kind in out:
            out[kind] += (indicators.get(part) or {}).get(kind, [])
    return out


def provenance_summary(run: AnalysisRun, indicator: str | None = None) -> dict[str, Any]:
    """Real and synthetic inputs of the run per layer of the class, and of one indicator, in words.

    Returns ``{"synthetic": bool, "layers": [{"key", "label", "real", "synthetic"}], "indicator":
    {"code", "real", "synthetic"} or None}``; ``real`` and ``synthetic`` are lists of sentences. A run
    made before provenance was recorded gives empty lists.
    """
    recorded = run.manifest.get("provenance") or {}
    layers = recorded.get("layers") or {}
    per_indicator = _with_parts(recorded.get("indicators") or {}, indicator)
    codes = {str(i["indicator"]) for layer in layers.values() for i in layer["real"] + layer["synthetic"]}
    codes |= {str(i["indicator"]) for i in per_indicator.get("real", []) + per_indicator.get("synthetic", [])}
    names = _names(codes)
    english = (get_language() or "nl").startswith("en")
    preset = load_preset(run.preset_name)
    labels = {
        "vulnerable_residents": getattr(preset.vulnerable.label, "en" if english else "nl"),
        "nuisance": getattr(preset.nuisance.label, "en" if english else "nl"),
        "population": _("Inwoners (voor 'onvoldoende gegevens')"),
    }
    return {
        "synthetic": bool(run.synthetic),
        "layers": [
            {
                "key": key,
                "label": labels.get(key, key),
                "real": _sentences(layer["real"], names),
                "synthetic": _sentences(layer["synthetic"], names),
            }
            for key, layer in layers.items()
        ],
        "indicator": (
            {
                "code": indicator,
                "real": _sentences(per_indicator.get("real", []), names),
                "synthetic": _sentences(per_indicator.get("synthetic", []), names),
            }
            if indicator
            else None
        ),
    }
