# SPDX-License-Identifier: EUPL-1.2
"""Forms of the programme pages: realised interventions, phase changes, spending, meetings and actions."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veerkracht.areas.models import Area
from veerkracht.programme import vocabulary
from veerkracht.programme.views.fund_forms import DateInput


class RealisedForm(forms.Form):
    intervention = forms.TypedChoiceField(label=_("Ingreep"), coerce=int)
    realised = forms.IntegerField(label=_("Gerealiseerd tot nu toe (woningen)"), min_value=0)

    def __init__(self, interventions: list[Any], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["intervention"].choices = [  # type: ignore[attr-defined]
            (
                item.pk,
                f"{item.area.name}: {item.get_kind_display().lower()} {item.from_year}–{item.year}"
                f"{' (' + item.corporation.name + ')' if item.corporation else ''}, {item.planned} gepland",
            )
            for item in interventions
        ]


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(
        label=_("Nieuwe fase"),
        choices=[(code, _(vocabulary.TEAM_PHASE_LABELS[code])) for code in vocabulary.TEAM_PHASES],
    )
    since = forms.DateField(label=_("Sinds"), widget=DateInput)
    note = forms.CharField(
        label=_("Toelichting (niet verplicht)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class SpendingForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Bedrag in euro"), max_digits=12, decimal_places=2, min_value=Decimal("0.01")
    )
    description = forms.CharField(label=_("Waaraan"), max_length=300)
    spent_on = forms.DateField(label=_("Datum"), widget=DateInput)
    area = forms.ChoiceField(label=_("Gebied (niet verplicht)"), required=False)

    def __init__(self, areas: list[Area], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._areas = {area.code: area for area in areas}
        self.fields["area"].choices = [("", _("Het hele programma"))] + [  # type: ignore[attr-defined]
            (area.code, area.name) for area in areas
        ]

    def chosen_area(self) -> Area | None:
        return self._areas.get(self.cleaned_data.get("area") or "")


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Datum van het overleg"), widget=DateInput, initial=timezone.localdate)
    notes = forms.CharField(
        label=_("Verslag (kort)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class ActionForm(forms.Form):
    description = forms.CharField(label=_("Wat"), max_length=300)
    who = forms.CharField(label=_("Wie"), max_length=200)
    due_on = forms.DateField(label=_("Uiterlijk (niet verplicht)"), required=False, widget=DateInput)
