# SPDX-License-Identifier: EUPL-1.2
"""The forms of a resident team's round: the walk, and its findings (a formset, several per round)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veerkracht.cases.models import Channel, ResidentTeamRound
from veerkracht.cases.queries import labels
from veerkracht.cases.services.intake import NewMelding
from veerkracht.cases.views.intake_forms import location_fields, location_of
from veerkracht.core.models import Organisation, OrganisationKind, Team

#: Where the write API's problems about the round itself belong.
ROUND_FIELDS = {"team": "team", "walked_on": "walked_on", "route": "route"}
#: ... and those about one finding (``findings[i].<field>``).
FINDING_FIELDS = {
    "category": "kind",
    "subcategory": "kind",
    "description": "description",
    "location": "buurt",
    "location.x": "buurt",
    "location.y": "buurt",
    "location.area_code": "buurt",
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class QuietForm(forms.Form):
    """A form that keeps what was typed but reports no errors yet (after "one more finding")."""

    def __init__(self, *args: Any, quiet: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.quiet = quiet

    def full_clean(self) -> None:
        if self.quiet:
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()


class RoundForm(QuietForm):
    """The walk: which team, on which day, along which route, reported to which organisation."""

    team = forms.ChoiceField(label=gettext_lazy("Team"))
    walked_on = forms.DateField(label=gettext_lazy("Datum van de ronde"), widget=DateInput())
    route = forms.CharField(
        label=gettext_lazy("Route"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("De straten die het team liep."),
        error_messages={
            "required": gettext_lazy("Beschrijf de route, bijvoorbeeld de straten die het team liep.")
        },
    )
    organisation = forms.ChoiceField(label=gettext_lazy("Melden aan"))
    notes = forms.CharField(
        label=gettext_lazy("Opmerkingen (niet verplicht)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, teams: list[Team], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"walked_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.teams = {str(t.pk): t for t in teams}
        self.fields["team"].choices = [(pk, t.name) for pk, t in self.teams.items()]  # type: ignore[attr-defined]
        receivers = Organisation.objects.filter(
            kind__in=[OrganisationKind.WONINGCORPORATIE, OrganisationKind.GEMEENTE]
        ).order_by("-kind", "name")
        self.organisations = {str(o.pk): o for o in receivers}
        self.fields["organisation"].choices = [(pk, o.name) for pk, o in self.organisations.items()]  # type: ignore[attr-defined]
        # A team reports to the same corporation or gemeente round after round: offer the last one.
        last = ResidentTeamRound.objects.filter(team__in=teams).order_by("-submitted_at").first()
        if last is not None:
            self.fields["organisation"].initial = str(last.organisation_id)


class FindingForm(QuietForm):
    """One finding of the round: what, a short description, and where."""

    kind = forms.ChoiceField(label=gettext_lazy("Soort"))
    description = forms.CharField(
        label=gettext_lazy("Korte omschrijving"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": gettext_lazy("Beschrijf kort wat het team zag.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Kies de soort")), *labels.kind_choices()]  # type: ignore[attr-defined]
        self.fields["kind"].error_messages["required"] = _("Kies de soort.")
        location_fields(self, with_complex=False)
        self.fields["address"].help_text = _("Of gebruik de knop om uw locatie te delen.")

    def new_melding(self) -> NewMelding:
        data = self.cleaned_data
        category, _slash, subcategory = data["kind"].partition("/")
        return NewMelding(
            category=category,
            subcategory=subcategory,
            description=data["description"],
            location=location_of(data),
            channel=Channel.ROUND,
        )


class BaseFindingFormSet(forms.BaseFormSet):
    def full_clean(self) -> None:
        if self.form_kwargs.get("quiet"):
            nothing: list[Any] = []
            self._errors = nothing
            self._non_form_errors = self.error_class()
            return
        super().full_clean()

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Deze bevinding weglaten")

    def clean(self) -> None:
        super().clean()
        if self.total_error_count() == 0 and not self.findings():
            raise forms.ValidationError(_("Voeg ten minste één bevinding toe."))

    def findings(self) -> list[FindingForm]:
        """The filled-in findings, in order (empty extra forms and removed ones left out)."""
        return [
            form
            for form in self.forms
            if form.has_changed() and not getattr(form, "cleaned_data", {}).get("DELETE")
        ]


FindingFormSet = forms.formset_factory(
    FindingForm, formset=BaseFindingFormSet, extra=1, can_delete=True, max_num=50, validate_max=True
)
