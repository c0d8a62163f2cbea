# SPDX-License-Identifier: EUPL-1.2
"""The form that starts an analysis from the web: which gemeenten, which years, which methodology."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from veerkracht.areas.queries import current
from veerkracht.indicators.queries import imported_periods
from veerkracht.monitor.preset_loader import available_presets

REFERENCES = [
    ("national", _("Nederland")),
    ("municipal", _("De gekozen gemeente(n)")),
    ("preset", _("Zoals de methode het voorschrijft")),
]


class AnalysisRequestForm(forms.Form):
    """What a person asks for; the choices are what is loaded, so every valid answer can run."""

    gemeenten = forms.MultipleChoiceField(
        label=_("Gemeenten"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één gemeente.")},
    )
    period_start = forms.TypedChoiceField(label=_("Beginjaar"), coerce=int)
    period_end = forms.TypedChoiceField(label=_("Eindjaar"), coerce=int)
    between = forms.BooleanField(
        label=_("Ook de jaren ertussen meenemen (nodig voor opkomende hotspots)"),
        required=False,
        initial=True,
    )
    preset = forms.ChoiceField(label=_("Methode"), initial="veerkracht-2021")
    reference = forms.ChoiceField(label=_("Vergelijken met"), choices=REFERENCES, initial="national")
    name = forms.CharField(label=_("Naam (mag leeg blijven)"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        gemeenten = current().filter(level="gemeente").order_by("name").values_list("code", "name")
        self.fields["gemeenten"].choices = [(code, f"{name} ({code})") for code, name in gemeenten]  # type: ignore[attr-defined]
        years = [(year, str(year)) for year in imported_periods()]
        self.fields["period_start"].choices = years  # type: ignore[attr-defined]
        self.fields["period_end"].choices = years  # type: ignore[attr-defined]
        if years:
            self.fields["period_start"].initial = years[max(0, len(years) - 5)][0]
            self.fields["period_end"].initial = years[-1][0]
        self.fields["preset"].choices = [(name, name) for name in available_presets()]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start is not None and end is not None and start >= end:
            self.add_error("period_end", _("Het eindjaar moet na het beginjaar liggen."))
        return cleaned

    def periods(self) -> list[int]:
        """The years the run covers: begin and end, and with ``between`` every loaded year in between."""
        start, end = self.cleaned_data["period_start"], self.cleaned_data["period_end"]
        if not self.cleaned_data.get("between"):
            return [start, end]
        return [year for year in imported_periods() if start <= year <= end]
