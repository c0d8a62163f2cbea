# SPDX-License-Identifier: EUPL-1.2
"""What the methodology page says about a preset: its thresholds as the explanations show them, and
each class with the combinations of factor categories that lead to it, in words."""

from typing import Any

import numpy as np
from django.utils.translation import gettext as _

from veerkracht.monitor.explanation import decimals_of, format_numbers
from veerkracht.monitor.preset import CATEGORIES, FACTORS, Preset


def _limits(preset: Preset, language: str) -> dict[str, str]:
    """The thresholds as the explanations show them (decimal comma, a real minus sign)."""
    th, vr, nu = preset.thresholds, preset.vulnerable, preset.nuisance
    values = {
        "increase": (th.vulnerable_increase_above, vr.decimals),
        "decrease": (th.vulnerable_decrease_below, vr.decimals),
        "much": (th.nuisance_much, nu.decimals),
        "some": (th.nuisance_some, nu.decimals),
        "band": (th.development_dead_band, nu.decimals),
    }
    return {
        name: str(format_numbers(np.array([value]), decimals_of(value, decimals), language)[0])
        for name, (value, decimals) in values.items()
    }


def _source(text: str) -> str:
    # The presets note in English where a class is the project's addition to the study's table.
    return _("toegevoegd (niet in het onderzoek)") if text.startswith("added") else text


def describe(preset: Preset, language: str) -> dict[str, Any]:
    """Thresholds (``limits``), class rows with their conditions, and the hidden-hotspot classes."""
    factor_names = {
        "vulnerable_change": _("kwetsbare bewoners"),
        "nuisance_level": _("overlast en onveiligheid"),
        "nuisance_development": _("ontwikkeling ten opzichte van de referentie"),
    }
    rows = []
    for klass in preset.classes:
        conditions = []
        for condition in klass.when:
            parts = []
            for factor in FACTORS:
                categories = condition[factor]
                if set(categories) == set(CATEGORIES[factor]):
                    continue  # "any": this factor does not decide
                words = [
                    getattr(preset.category_labels[factor][c], language)
                    for c in CATEGORIES[factor]
                    if c in categories
                ]
                parts.append(f"{factor_names[factor]}: {_(' of ').join(words)}")
            conditions.append("; ".join(parts))
        rows.append({"class": klass, "conditions": conditions, "source": _source(klass.source)})
    return {
        "rows": rows,
        "limits": _limits(preset, language),
        "thresholds": preset.thresholds,
        "hotspot_classes": [c for c in preset.classes if c.key in preset.hidden_hotspot_classes],
    }
