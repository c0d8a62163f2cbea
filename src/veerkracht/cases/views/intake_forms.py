# SPDX-License-Identifier: EUPL-1.2
"""The forms of intake by staff: the melding itself, and what to do with it after the duplicate check."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veerkracht.cases.models import Channel, Melding, ReporterKind
from veerkracht.cases.queries import labels, places
from veerkracht.cases.services import attachments
from veerkracht.cases.services.attachments import Upload
from veerkracht.cases.services.intake import NewMelding, Reporter, location_from_wgs84
from veerkracht.cases.services.location import Location
from veerkracht.core.models import Organisation

#: Where the write API's problems belong on the form (see ``views.base.show_problems``).
PROBLEM_FIELDS = {
    "category": "kind",
    "subcategory": "kind",
    "description": "description",
    "reporter": "reporter_kind",
    "reporter.kind": "reporter_kind",
    "reporter.name": "reporter_name",
    "reporter.email": "reporter_email",
    "reporter.phone": "reporter_phone",
    "reporter.address": "reporter_address",
    "location": "buurt",
    "location.x": "buurt",
    "location.y": "buurt",
    "location.complex_code": "complex",
    "location.area_code": "buurt",
    "attachments": "attachments",
}


def location_fields(form: forms.Form, *, with_complex: bool) -> None:
    """Add the ways to say where: an address, a complex or a buurt from a list, and a point from the map."""
    form.fields["address"] = forms.CharField(
        label=gettext_lazy("Adres"),
        required=False,
        max_length=300,
        help_text=gettext_lazy("Straat en huisnummer, bijvoorbeeld Maasstraat 12a."),
    )
    if with_complex:
        complexes = places.complex_choices()
        if complexes is None:
            form.fields["complex"] = forms.CharField(
                label=gettext_lazy("Code van het complex"), required=False
            )
        else:
            form.fields["complex"] = forms.ChoiceField(
                label=gettext_lazy("Complex"), required=False, choices=[("", _("Geen complex")), *complexes]
            )
    buurten = places.buurt_choices()
    help_text = gettext_lazy("Nodig als u geen plek op de kaart aanwijst en geen complex kiest.")
    if buurten is None:
        form.fields["buurt"] = forms.CharField(
            label=gettext_lazy("Code van de buurt"), required=False, max_length=20, help_text=help_text
        )
    else:
        form.fields["buurt"] = forms.ChoiceField(
            label=gettext_lazy("Buurt"),
            required=False,
            choices=[("", _("Kies een buurt")), *buurten],
            help_text=help_text,
        )
    # Filled by the map or the phone's location (WGS84); the typed fields above are the way without.
    form.fields["longitude"] = forms.FloatField(
        required=False, widget=forms.HiddenInput, min_value=-180, max_value=180
    )
    form.fields["latitude"] = forms.FloatField(
        required=False, widget=forms.HiddenInput, min_value=-90, max_value=90
    )


def location_of(data: dict[str, Any]) -> Location:
    """The location the form's fields describe, in the shape intake takes."""
    address = str(data.get("address") or "").strip()
    complex_code = str(data.get("complex") or "").strip()
    if data.get("longitude") is not None and data.get("latitude") is not None:
        point = location_from_wgs84(float(data["longitude"]), float(data["latitude"]), address=address)
        return replace(point, complex_code=complex_code)
    return Location(
        address=address, complex_code=complex_code, area_code=str(data.get("buurt") or "").strip()
    )


class IntakeForm(forms.Form):
    """A melding taken in by staff, by phone or at the counter."""

    organisation = forms.ChoiceField(label=gettext_lazy("Ontvangen door"))
    reporter_kind = forms.ChoiceField(
        label=gettext_lazy("Wie meldt"), choices=ReporterKind.choices, initial=ReporterKind.TENANT
    )
    reporter_name = forms.CharField(label=gettext_lazy("Naam"), required=False, max_length=200)
    reporter_phone = forms.CharField(label=gettext_lazy("Telefoonnummer"), required=False, max_length=40)
    reporter_email = forms.CharField(label=gettext_lazy("E-mailadres"), required=False, max_length=254)
    reporter_address = forms.CharField(
        label=gettext_lazy("Adres van de melder"), required=False, max_length=300
    )
    wants_updates = forms.BooleanField(
        label=gettext_lazy("De melder wil berichten over de voortgang"), required=False, initial=True
    )
    kind = forms.ChoiceField(label=gettext_lazy("Soort melding"))
    description = forms.CharField(
        label=gettext_lazy("Wat is er aan de hand?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": gettext_lazy("Beschrijf wat er aan de hand is.")},
    )

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in organisations}
        self.fields["organisation"].choices = [(pk, o.name) for pk, o in self.organisations.items()]  # type: ignore[attr-defined]
        if len(organisations) == 1:
            self.fields["organisation"].initial = str(organisations[0].pk)
            self.fields["organisation"].widget = forms.HiddenInput()
        self.fields["kind"].choices = [("", _("Kies de soort melding")), *labels.kind_choices()]  # type: ignore[attr-defined]
        self.fields["kind"].error_messages["required"] = _("Kies de soort melding.")
        location_fields(self, with_complex=True)

    def groups(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        """The fields in the fieldsets the page shows: (id, legend, fields)."""
        parts = [
            (
                "melder",
                _("Melder"),
                [
                    "reporter_kind",
                    "reporter_name",
                    "reporter_phone",
                    "reporter_email",
                    "reporter_address",
                    "wants_updates",
                ],
            ),
            ("wat", _("Wat is er aan de hand"), ["kind", "description"]),
            ("waar", _("Waar"), ["address", "complex", "buurt"]),
        ]
        return [
            (key, legend, [self[name] for name in names if name in self.fields])
            for key, legend, names in parts
        ]

    @property
    def receiver(self) -> Organisation:
        return self.organisations[self.cleaned_data["organisation"]]

    def new_melding(self, uploads: list[Upload] | None = None) -> NewMelding:
        data = self.cleaned_data
        category, _slash, subcategory = data["kind"].partition("/")
        return NewMelding(
            category=category,
            subcategory=subcategory,
            description=data["description"],
            location=location_of(data),
            channel=Channel.PHONE,
            reporter=Reporter(
                kind=data["reporter_kind"],
                name=data["reporter_name"],
                email=data["reporter_email"],
                phone=data["reporter_phone"],
                address=data["reporter_address"],
                wants_updates=bool(data["wants_updates"]),
            ),
            attachments=uploads or [],
        )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        one = super().clean
        if isinstance(data, list | tuple):
            return [one(item, initial) for item in data]
        return [one(data, initial)] if data else []


def read_uploads(files: list[UploadedFile]) -> tuple[list[Upload], list[str]]:
    """The uploads' contents, and a problem per file too large to read (it is not read at all)."""
    limit = attachments.max_bytes()
    uploads, problems = [], []
    for file in files:
        size = file.size or 0
        if size > limit:
            problems.append(
                _("'%(name)s' is %(size)s; het maximum is %(limit)s")
                % {
                    "name": file.name,
                    "size": attachments.readable_size(size),
                    "limit": attachments.readable_size(limit),
                }
            )
            continue
        uploads.append(Upload(name=file.name or "bijlage", content=file.read()))
    return uploads, problems


class DecisionForm(forms.Form):
    """After the duplicate check: a new melding, or linked to one that is already there; and files."""

    decision = forms.ChoiceField(label=gettext_lazy("Wat doet u met deze melding?"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=gettext_lazy("Toelichting bij het koppelen (niet verplicht)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    attachments = MultipleFileField(
        label=gettext_lazy("Bijlagen (niet verplicht)"),
        required=False,
        help_text=gettext_lazy(
            "Foto's (JPEG, PNG, HEIC, WebP) of PDF; ten hoogste 10 MB per bestand en 10 bestanden."
        ),
    )

    def __init__(self, *args: Any, candidates: list[tuple[Melding, str]], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"decision": "nieuw"})
        super().__init__(*args, **kwargs)
        self.candidates = {str(m.pk): m for m, _label in candidates}
        self.fields["decision"].choices = [  # type: ignore[attr-defined]
            ("nieuw", _("Opslaan als nieuwe melding")),
            *(
                (f"koppel-{m.pk}", _("Koppelen aan %(melding)s") % {"melding": label})
                for m, label in candidates
            ),
        ]

    def parent(self) -> Melding | None:
        """The melding to link to, or None for a new one."""
        decision = self.cleaned_data["decision"]
        return (
            self.candidates.get(decision.removeprefix("koppel-")) if decision.startswith("koppel-") else None
        )
