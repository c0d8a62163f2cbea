# SPDX-License-Identifier: EUPL-1.2
"""The forms of the agreement pages: a status update, a line of an action list, an evaluation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from veerkracht.programme.models import Agreement, AgreementStatus, Milestone, Workgroup

PROGRESS_CHOICES = [
    ("", _("Geen voortgang op een mijlpaal")),
    ("reached", _("De mijlpaal is bereikt")),
    ("later", _("De mijlpaal wordt later bereikt")),
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class StatusUpdateForm(forms.Form):
    """What a lead writes: the status, what happened, and optionally progress on a milestone."""

    status = forms.ChoiceField(label=_("Status"), choices=AgreementStatus.choices)
    note = forms.CharField(
        label=_("Wat is er gebeurd?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("Schrijf kort wat er sinds de vorige update is gebeurd en wat de volgende stap is."),
    )
    milestone = forms.ModelChoiceField(
        label=_("Mijlpaal (niet verplicht)"), queryset=Milestone.objects.none(), required=False
    )
    progress = forms.ChoiceField(
        label=_("Voortgang op de mijlpaal"),
        choices=PROGRESS_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    expected_on = forms.DateField(
        label=_("Nieuwe verwachte datum"),
        required=False,
        widget=DateInput(),
        help_text=_("Alleen als de mijlpaal later wordt bereikt."),
    )

    def __init__(self, *args: object, agreement: Agreement, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["milestone"].queryset = agreement.milestones.filter(reached_on__isnull=True)  # type: ignore[attr-defined]
        self.fields["status"].initial = agreement.status

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        progress = data.get("progress")
        if progress and not data.get("milestone"):
            self.add_error("milestone", _("Kies de mijlpaal waarover de voortgang gaat."))
        if progress == "later" and not data.get("expected_on"):
            self.add_error("expected_on", _("Geef de nieuwe verwachte datum."))
        if data.get("milestone") and not progress:
            self.add_error("progress", _("Zeg of de mijlpaal is bereikt of later wordt bereikt."))
        return data


class ActionForm(forms.Form):
    """A new line of a workgroup's action list."""

    description = forms.CharField(label=_("Actie"), max_length=500)
    who = forms.CharField(label=_("Wie"), max_length=200)
    due_on = forms.DateField(label=_("Uiterlijk"), required=False, widget=DateInput())
    agreement = forms.ModelChoiceField(
        label=_("Hoort bij afspraak (niet verplicht)"), queryset=Agreement.objects.none(), required=False
    )

    def __init__(self, *args: object, workgroup: Workgroup, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["agreement"]
        field.queryset = Agreement.objects.filter(  # type: ignore[attr-defined]
            theme__agreement_set=workgroup.agreement_set
        ).order_by("theme__number", "position")
        field.label_from_instance = lambda agreement: f"{agreement.code} {agreement.title}"  # type: ignore[attr-defined]


class EvaluationForm(forms.Form):
    """The three questions of the annual evaluation of a theme."""

    agreed = forms.CharField(
        label=_("Wat hebben we afgesproken?"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    happened = forms.CharField(
        label=_("Wat is er gebeurd?"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    next_year = forms.CharField(
        label=_("Wat doen we volgend jaar anders?"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
