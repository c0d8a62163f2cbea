# SPDX-License-Identifier: EUPL-1.2
"""Forms of the liveability fund: the residents' application and each step of its handling."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from veerkracht.programme.models import ApplicationStep, Fund, FundBudget
from veerkracht.programme.queries.fund import fund_buurten
from veerkracht.programme.services.fund import ApplicationInput


def money(label: Any, *, required: bool = True) -> forms.DecimalField:
    """An amount in euros of at least one cent."""
    return forms.DecimalField(
        label=label, required=required, max_digits=12, decimal_places=2, min_value=Decimal("0.01")
    )


class DateInput(forms.DateInput):
    input_type = "date"


class ApplicationForm(forms.Form):
    """The one uniform application for residents' initiatives (seed 003 §6.2)."""

    buurt = forms.ChoiceField(label=_("In welke buurt vindt het initiatief plaats?"))
    title = forms.CharField(label=_("Naam van het initiatief"), max_length=200)
    description = forms.CharField(
        label=_("Wat gaat u doen, voor wie, en wat levert het de buurt op?"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    requested_amount = money(_("Gevraagd bedrag in euro"))
    cost_breakdown = forms.CharField(
        label=_("Begroting: waar gaat het geld aan op? (niet verplicht)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    starts_on = forms.DateField(label=_("Startdatum (niet verplicht)"), required=False, widget=DateInput)
    ends_on = forms.DateField(label=_("Einddatum (niet verplicht)"), required=False, widget=DateInput)
    residents_involved = forms.IntegerField(
        label=_("Hoeveel bewoners doen mee? (niet verplicht)"), required=False, min_value=0
    )
    applicant_name = forms.CharField(label=_("Uw naam"), max_length=200)
    applicant_group = forms.CharField(
        label=_("Naam van uw bewonersgroep of vereniging (niet verplicht)"), max_length=200, required=False
    )
    email = forms.EmailField(label=_("Uw e-mailadres"))
    phone = forms.CharField(label=_("Uw telefoonnummer (niet verplicht)"), max_length=40, required=False)
    consent = forms.BooleanField(
        label=_(
            "Ik weet dat de gemeente en de corporaties mijn gegevens gebruiken om deze aanvraag te "
            "behandelen, en voor niets anders."
        ),
        error_messages={"required": _("Vink dit aan om uw aanvraag te kunnen versturen.")},
    )

    def __init__(self, fund: Fund, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fund = fund
        self._buurten = {area.code: area for area in fund_buurten(fund)}
        choices = [("", _("Kies een buurt"))] + [(code, area.name) for code, area in self._buurten.items()]
        self.fields["buurt"].choices = choices  # type: ignore[attr-defined]
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["applicant_name"].widget.attrs["autocomplete"] = "name"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("De einddatum ligt voor de startdatum."))
        return cleaned

    def application_input(self) -> ApplicationInput:
        data = self.cleaned_data
        return ApplicationInput(
            buurt=self._buurten[data["buurt"]],
            title=data["title"],
            description=data["description"],
            requested_amount=data["requested_amount"],
            applicant_name=data["applicant_name"],
            email=data["email"],
            phone=data["phone"],
            applicant_group=data["applicant_group"],
            cost_breakdown=data["cost_breakdown"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            residents_involved=data["residents_involved"],
        )


class AssessForm(forms.Form):
    advice = forms.ChoiceField(
        label=_("Advies"), choices=ApplicationStep.Advice.choices, widget=forms.RadioSelect
    )
    budget = forms.ModelChoiceField(label=_("Budget"), queryset=FundBudget.objects.none())
    note = forms.CharField(label=_("Onderbouwing"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, fund: Fund, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["budget"].queryset = FundBudget.objects.filter(fund=fund)  # type: ignore[attr-defined]


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Besluit"),
        choices=[("award", _("Toekennen")), ("reject", _("Afwijzen"))],
        widget=forms.RadioSelect,
    )
    amount = money(_("Toegekend bedrag in euro (bij toekennen)"), required=False)
    note = forms.CharField(
        label=_("Toelichting (verplicht bij afwijzen)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PayForm(forms.Form):
    amount = money(_("Uitbetaald bedrag in euro"))
    note = forms.CharField(label=_("Betalingskenmerk of opmerking"), required=False, max_length=300)


class AccountForm(forms.Form):
    spent_amount = forms.DecimalField(
        label=_("Besteed bedrag in euro"), max_digits=12, decimal_places=2, min_value=Decimal("0")
    )
    note = forms.CharField(
        label=_("Wat is er gedaan, en welke bewijzen zijn er (bonnen, verslag, foto's)?"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class EvaluationForm(forms.Form):
    """An evaluation with up to three moves of money between budgets."""

    MOVES = 3
    held_on = forms.DateField(label=_("Datum van de evaluatie"), widget=DateInput)
    notes = forms.CharField(label=_("Conclusie"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, fund: Fund, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        budgets = FundBudget.objects.filter(fund=fund).order_by("position")
        for n in range(1, self.MOVES + 1):
            self.fields[f"from_{n}"] = forms.ModelChoiceField(
                label=_("Herverdeling %(n)s: van") % {"n": n}, queryset=budgets, required=False
            )
            self.fields[f"to_{n}"] = forms.ModelChoiceField(
                label=_("Herverdeling %(n)s: naar") % {"n": n}, queryset=budgets, required=False
            )
            self.fields[f"amount_{n}"] = money(
                _("Herverdeling %(n)s: bedrag in euro") % {"n": n}, required=False
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for n in range(1, self.MOVES + 1):
            parts = [cleaned.get(f"from_{n}"), cleaned.get(f"to_{n}"), cleaned.get(f"amount_{n}")]
            if any(parts) and not all(parts):
                self.add_error(f"amount_{n}", _("Vul bij een herverdeling van, naar en bedrag in."))
        return cleaned

    def moves(self) -> list[tuple[FundBudget, FundBudget, Decimal]]:
        found = []
        for n in range(1, self.MOVES + 1):
            source, target, amount = (self.cleaned_data.get(f"{k}_{n}") for k in ("from", "to", "amount"))
            if source and target and amount:
                found.append((source, target, amount))
        return found
