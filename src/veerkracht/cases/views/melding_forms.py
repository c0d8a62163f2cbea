# SPDX-License-Identifier: EUPL-1.2
"""The forms of a melding's page: a step of the workflow, pausing or resuming a clock, reassigning."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veerkracht.cases.access import EDIT, can_edit, forget_grants
from veerkracht.cases.models import Clock, Melding
from veerkracht.cases.queries import labels
from veerkracht.cases.rules.workflow import Transition
from veerkracht.core.models import Organisation, Team, User
from veerkracht.core.roles import catalogue

LINK = "link"


def _text(label: Any, *, required: bool, rows: int = 3, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


class StepForm(forms.Form):
    """One step of the workflow: its reason (required for closing and reopening) and required fields."""

    def __init__(self, *args: Any, melding: Melding, transition: Transition, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"stap-{transition.code}")
        super().__init__(*args, **kwargs)
        self.transition = transition
        self.title = labels.step(melding.workflow_type, transition.code)
        for name in transition.requires:
            self.fields[f"veld_{name}"] = _text(labels.field(name), required=True, rows=5)
        if transition.code == LINK:
            self.fields["parent"] = forms.CharField(
                label=gettext_lazy("Kenmerk van de melding waaraan deze wordt gekoppeld"),
                max_length=40,
                help_text=gettext_lazy("Bijvoorbeeld M-2026-000123."),
            )
        if transition.reason_required:
            self.fields["reason"] = _text(_("Reden"), required=True)
        else:
            self.fields["reason"] = _text(_("Toelichting (niet verplicht)"), required=False, rows=2)

    def step_fields(self) -> dict[str, str]:
        return {name: self.cleaned_data[f"veld_{name}"] for name in self.transition.requires}


class ClockForm(forms.Form):
    """Pause a running clock with a reason, or resume a paused one (the page names the clock)."""

    def __init__(self, *args: Any, clock: Clock, action: str = "pause", **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"klok-{clock.pk}")
        super().__init__(*args, **kwargs)
        self.clock, self.action = clock, action
        if action == "pause":
            self.fields["reason"] = _text(
                _("Reden van de pauze"),
                required=True,
                rows=2,
                help_text=_("Bijvoorbeeld: wacht op een reactie van de melder."),
            )
        else:
            self.fields["reason"] = _text(_("Toelichting (niet verplicht)"), required=False, rows=2)


def people_who_can_handle(melding: Melding) -> list[User]:
    """The people of the melding's organisation who may handle it (and so may be assigned to it)."""
    roles = catalogue()
    handling = [code for code, role in roles.roles.items() if EDIT in role.permissions]
    found = []
    for candidate in (
        User.objects.filter(
            memberships__organisation_id=melding.organisation_id,
            memberships__active=True,
            memberships__role__in=handling,
            is_active=True,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    ):
        # The one rule decides (a confidential category needs its own permission besides).
        forget_grants(candidate)
        if can_edit(candidate, melding):
            found.append(candidate)
    return found


class ReassignForm(forms.Form):
    """Another team, role, person or organisation handles the melding from now on."""

    team = forms.ChoiceField(label=gettext_lazy("Team"), required=False)
    role = forms.ChoiceField(label=gettext_lazy("Rol van de behandelaar"))
    assignee = forms.ChoiceField(label=gettext_lazy("Behandelaar"), required=False)
    organisation = forms.ChoiceField(
        label=gettext_lazy("Organisatie"),
        help_text=gettext_lazy(
            "Kiest u een andere organisatie, dan leest uw organisatie de melding daarna niet meer; "
            "geef dan een reden."
        ),
    )
    reason = _text(gettext_lazy("Reden (nodig bij een andere organisatie)"), required=False, rows=2)

    def __init__(self, *args: Any, melding: Melding, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "toewijzen")
        kwargs.setdefault(
            "initial",
            {
                "team": melding.responsible_team_id or "",
                "role": melding.responsible_role,
                "assignee": melding.assigned_to_id or "",
                "organisation": melding.organisation_id,
            },
        )
        super().__init__(*args, **kwargs)
        self.melding = melding
        nobody = ("", _("Niemand in het bijzonder"))
        teams = Team.objects.filter(organisation_id=melding.organisation_id).order_by("name")
        self.fields["team"].choices = [("", _("Geen team")), *((str(t.pk), t.name) for t in teams)]  # type: ignore[attr-defined]
        self.fields["role"].choices = labels.role_choices()  # type: ignore[attr-defined]
        self.people = {str(p.pk): p for p in people_who_can_handle(melding)}
        self.fields["assignee"].choices = [nobody, *((pk, str(p)) for pk, p in self.people.items())]  # type: ignore[attr-defined]
        self.organisations = {str(o.pk): o for o in Organisation.objects.order_by("name")}
        self.fields["organisation"].choices = [(pk, o.name) for pk, o in self.organisations.items()]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        moves = data.get("organisation") and data["organisation"] != str(self.melding.organisation_id)
        if moves and not str(data.get("reason", "")).strip():
            self.add_error(
                "reason", _("Geef een reden om de melding aan een andere organisatie over te dragen.")
            )
        return data

    def changes(self) -> dict[str, Any]:
        """The arguments of ``assignment.reassign`` this form asks for."""
        data = self.cleaned_data
        target = self.organisations[data["organisation"]]
        if target.pk != self.melding.organisation_id:
            # A team or person of the old organisation cannot follow the melding.
            return {"organisation": target, "team": None, "assignee": None, "role": data["role"]}
        team = Team.objects.filter(pk=data["team"]).first() if data["team"] else None
        return {
            "team": team,
            "role": data["role"],
            "assignee": self.people.get(data["assignee"]) if data["assignee"] else None,
        }
