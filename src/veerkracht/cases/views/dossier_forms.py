# SPDX-License-Identifier: EUPL-1.2
"""The forms of the dossier pages: open one, add a melding or party, hear a party, take a step, refer, close.

They only collect and shape input; what is allowed is decided by the services, whose Dutch errors the
pages show above the form.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veerkracht.cases.dossier_access import PartyView
from veerkracht.cases.dossier_rulebook import dossier_rules
from veerkracht.cases.models import Covenant, Dossier, HearingForm, PartnerKind, PartyRole, SubjectKind
from veerkracht.cases.queries.labels import in_language
from veerkracht.cases.queries.ladder import NextStep
from veerkracht.cases.sharing import FIELDS
from veerkracht.cases.views.intake_forms import location_fields
from veerkracht.core.calendar import AMSTERDAM
from veerkracht.core.models import Organisation, User

REFERENCE_HELP = _("Bijvoorbeeld M-2026-000123.")


def text_field(label: Any, *, required: bool = True, rows: int = 3, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


def moment_field(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leeg laten: nu."),
        required=False,
    )


def at_or_now(value: datetime | None) -> datetime:
    """The moment given in a form (Amsterdam time), or now."""
    if value is None:
        return timezone.now()
    return value if timezone.is_aware(value) else value.replace(tzinfo=AMSTERDAM)


def type_choices() -> list[tuple[str, str]]:
    return [(code, in_language(spec.label)) for code, spec in dossier_rules().types.file.types.items()]


class NewDossierForm(forms.Form):
    """Open a dossier about the place of a melding, with that melding as its first."""

    melding = forms.CharField(label=_("Kenmerk van de melding"), max_length=40, help_text=REFERENCE_HELP)
    dossier_type = forms.ChoiceField(label=_("Soort dossier"))
    subject_kind = forms.ChoiceField(label=_("Het dossier gaat over"), choices=SubjectKind.choices)
    title = forms.CharField(
        label=_("Titel"), max_length=200, help_text=_("Bijvoorbeeld: Geluidsoverlast Maasstraat 12.")
    )
    summary = text_field(_("Samenvatting (niet verplicht)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["dossier_type"].choices = type_choices()  # type: ignore[attr-defined]


class LinkForm(forms.Form):
    melding = forms.CharField(label=_("Kenmerk van de melding"), max_length=40, help_text=REFERENCE_HELP)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "koppelen")
        super().__init__(*args, **kwargs)


class PartyForm(forms.Form):
    """A veroorzaker, melder or getuige; a melder's name stays hidden from who may not know it."""

    role = forms.ChoiceField(
        label=_("Rol"),
        choices=[(r.value, r.label) for r in PartyRole if r != PartyRole.PARTNER],
    )
    name = forms.CharField(label=_("Naam"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Omschrijving"),
        required=False,
        max_length=1000,
        help_text=_("Bijvoorbeeld: huishouden van twee volwassenen en drie kinderen."),
    )
    address = forms.CharField(label=_("Adres"), max_length=300, required=False)
    phone = forms.CharField(label=_("Telefoonnummer"), max_length=40, required=False)
    email = forms.CharField(label=_("E-mailadres"), max_length=254, required=False)
    melding = forms.CharField(
        label=_("Melding van deze melder (niet verplicht)"),
        max_length=40,
        required=False,
        help_text=REFERENCE_HELP,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "betrokkene")
        super().__init__(*args, **kwargs)


class HearingRecordForm(forms.Form):
    """Hoor en wederhoor of one party: what they said, or that they were asked and did not respond."""

    party = forms.ChoiceField(label=_("Wie is gehoord"))
    form = forms.ChoiceField(label=_("Hoe"), choices=HearingForm.choices)
    held_at = moment_field(_("Wanneer"))
    responded = forms.BooleanField(label=_("De betrokkene heeft gereageerd"), required=False, initial=True)
    statement = text_field(_("Wat de betrokkene vertelde"), required=False, rows=5)

    def __init__(self, *args: Any, parties: list[PartyView], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "horen")
        super().__init__(*args, **kwargs)
        choices = [(str(p.pk), f"{p.label} ({p.role_label.lower()})") for p in parties if p.role != "partner"]
        self.fields["party"].choices = choices  # type: ignore[attr-defined]


class LadderStepForm(forms.Form):
    """One step of the ladder; overslaan of its preconditions needs a reason and a coördinator."""

    evidence_description = forms.CharField(
        label=_("Beschrijving van het bewijs"), max_length=1000, required=False
    )
    evidence_date = forms.DateField(
        label=_("Datum van het stuk"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    evidence_file = forms.FileField(label=_("Bestand (niet verplicht)"), required=False)
    notes = text_field(_("Toelichting (niet verplicht)"), required=False, rows=2)
    taken_at = moment_field(_("Wanneer"))

    def __init__(self, *args: Any, step: NextStep, approvers: list[User], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"ladder-{step.code}")
        super().__init__(*args, **kwargs)
        self.step = step
        book = dossier_rules().ladder
        spec = next(
            ladder.steps[step.code] for ladder in book.file.ladders.values() if step.code in ladder.steps
        )
        self.fields["outcome"] = forms.ChoiceField(
            label=_("Uitkomst"), choices=[(code, book.outcome_label(code)) for code in spec.outcomes]
        )
        self.fields["evidence_kind"] = forms.ChoiceField(
            label=_("Soort bewijs"),
            required=False,
            choices=[
                ("", _("Geen bewijs nu")),
                *((code, book.evidence_label(code)) for code in spec.evidence),
            ],
        )
        self.order_fields(["outcome", "evidence_kind"])
        if step.missing:
            self.fields["skip_reason"] = text_field(
                _("Reden om de voorwaarden over te slaan"), required=True, rows=2
            )
            self.fields["approved_by"] = forms.ChoiceField(
                label=_("Coördinator die het overslaan goedkeurt"),
                choices=[("", "—"), *((str(u.pk), str(u)) for u in approvers)],
            )
        self.approvers = {str(u.pk): u for u in approvers}

    def approver(self) -> User | None:
        return self.approvers.get(self.cleaned_data.get("approved_by") or "")


class ReferForm(forms.Form):
    """Refer to a partner under a covenant (or the subject's consent), sharing only the fields chosen."""

    partner = forms.ChoiceField(label=_("Partner"))
    partner_kind = forms.ChoiceField(label=_("Soort partner"), choices=PartnerKind.choices)
    purpose = text_field(_("Doel: waarvoor krijgt de partner deze gegevens"), rows=2)
    covenant = forms.ChoiceField(label=_("Convenant"), required=False)
    fields_shared = forms.MultipleChoiceField(
        label=_("Te delen gegevens (zo weinig als nodig)"),
        widget=forms.CheckboxSelectMultiple,
        choices=[(code, field.label) for code, field in FIELDS.items()],
    )
    consent_on = forms.DateField(
        label=_("Of: toestemming van de betrokkene gegeven op"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    consent_scope = forms.CharField(label=_("Reikwijdte van de toestemming"), max_length=1000, required=False)
    consent_party = forms.ChoiceField(label=_("Wie gaf toestemming"), required=False)
    ends_on = forms.DateField(
        label=_("Toegang van de partner tot en met"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leeg laten: 90 dagen."),
    )

    def __init__(self, *args: Any, dossier: Dossier, subjects: list[PartyView], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "doorverwijzen")
        super().__init__(*args, **kwargs)
        self.partners = {
            str(o.pk): o for o in Organisation.objects.exclude(pk=dossier.organisation_id).order_by("name")
        }
        self.fields["partner"].choices = [(pk, o.name) for pk, o in self.partners.items()]  # type: ignore[attr-defined]
        self.covenants = {
            str(c.pk): c for c in Covenant.objects.filter(organisations=dossier.organisation).order_by("name")
        }
        self.fields["covenant"].choices = [  # type: ignore[attr-defined]
            ("", _("Geen: toestemming van de betrokkene")),
            *((pk, c.name) for pk, c in self.covenants.items()),
        ]
        self.subjects = {str(p.pk): p for p in subjects}
        self.fields["consent_party"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *((pk, p.label) for pk, p in self.subjects.items()),
        ]

    def ends_at(self) -> datetime | None:
        day = self.cleaned_data.get("ends_on")
        return datetime.combine(day, time(23, 59), tzinfo=AMSTERDAM) if day else None


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Uitkomst"))
    reason = text_field(_("Reden van sluiten"), rows=2)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "sluiten")
        super().__init__(*args, **kwargs)
        outcomes = dossier_rules().types.file.outcomes
        self.fields["outcome"].choices = [(c, in_language(o.label)) for c, o in outcomes.items()]  # type: ignore[attr-defined]


class ReplyForm(forms.Form):
    text = text_field(_("Uw antwoord"), rows=4)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "antwoord")
        super().__init__(*args, **kwargs)


class PartnerCloseForm(forms.Form):
    outcome = text_field(_("Uitkomst bij uw organisatie"), rows=2)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "afsluiten")
        super().__init__(*args, **kwargs)


class ReasonForm(forms.Form):
    """Suspending, resuming or reopening a dossier: the reason goes into its history."""

    reason = text_field(_("Reden"), rows=2)

    def __init__(self, *args: Any, required: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required
        if not required:
            self.fields["reason"].label = _("Reden (niet verplicht)")


class ExtendForm(forms.Form):
    """Extending a dossier once, by at most the type's verlengingstermijn (the service checks it)."""

    days = forms.IntegerField(label=_("Aantal dagen"), min_value=1)
    reason = text_field(_("Reden van verlengen"), rows=2)

    def __init__(self, *args: Any, maximum: int, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "verlengen")
        super().__init__(*args, **kwargs)
        self.fields["days"].initial = maximum
        self.fields["days"].help_text = _("Ten hoogste %(days)s dagen, één keer.") % {"days": maximum}


class AddressDossierForm(forms.Form):
    """Open a dossier about an address, household or complex before any melding came in."""

    organisation = forms.ChoiceField(label=_("Organisatie"))
    dossier_type = forms.ChoiceField(label=_("Soort dossier"))
    subject_kind = forms.ChoiceField(label=_("Het dossier gaat over"), choices=SubjectKind.choices)
    title = forms.CharField(
        label=_("Titel"), max_length=200, help_text=_("Bijvoorbeeld: Geluidsoverlast Maasstraat 12.")
    )
    summary = text_field(_("Samenvatting (niet verplicht)"), required=False)

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in organisations}
        self.fields["organisation"].choices = [(pk, o.name) for pk, o in self.organisations.items()]  # type: ignore[attr-defined]
        if len(organisations) == 1:
            self.fields["organisation"].initial = str(organisations[0].pk)
            self.fields["organisation"].widget = forms.HiddenInput()
        self.fields["dossier_type"].choices = type_choices()  # type: ignore[attr-defined]
        location_fields(self, with_complex=True)


def status_forms(dossier: Dossier, *, can_edit: bool, bound: dict[str, forms.Form]) -> dict[str, Any]:
    """The dossier's terms as its type allows them, and the forms to suspend, resume, extend or reopen.

    A form is offered only when the type and the dossier's state allow the change; what the type does not
    allow is said in words instead, so nobody has to try to find out.
    """
    spec = dossier_rules().types.type(dossier.dossier_type).zaaktype
    suspended = dossier.status == "suspended"
    running = dossier.is_open and not suspended
    may_suspend = spec.suspension.allowed and dossier.suspended_days < (spec.suspension.max_days or 0)
    may_extend = spec.extension.allowed and spec.extension.days is not None and not dossier.extended_days
    forms_: dict[str, forms.Form | None] = {"opschorten": None, "hervatten": None, "verlengen": None}
    if can_edit and dossier.is_open:
        if running and may_suspend:
            forms_["opschorten"] = ReasonForm(prefix="opschorten")
        if suspended:
            forms_["hervatten"] = ReasonForm(prefix="hervatten", required=False)
        if may_extend:
            forms_["verlengen"] = ExtendForm(maximum=spec.extension.days or 0)
    reopen: forms.Form | None = None
    if can_edit and not dossier.is_open and dossier.anonymised_at is None:
        reopen = ReasonForm(prefix="heropenen")
    # A form that was posted and refused is shown with its error, even where it is no longer offered.
    forms_ = {key: bound.get(key) or form for key, form in forms_.items()}
    reopen = bound.get("heropenen") or reopen
    return {
        "suspension_allowed": spec.suspension.allowed,
        "suspension_max": spec.suspension.max_days,
        "extension_allowed": spec.extension.allowed,
        "extension_days": spec.extension.days,
        "suspend_form": forms_["opschorten"],
        "resume_form": forms_["hervatten"],
        "extend_form": forms_["verlengen"],
        "reopen_form": reopen,
    }
