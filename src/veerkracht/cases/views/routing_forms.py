# SPDX-License-Identifier: EUPL-1.2
"""The forms of the routing pages: a rule set as an ordered list of rules, and a sample melding to test."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veerkracht.cases.models import Channel, RoutingRuleSet
from veerkracht.cases.queries import labels, places
from veerkracht.cases.rulebook import rulebook
from veerkracht.cases.services.location import Location
from veerkracht.core.models import Organisation, Team

OFFICE_HOURS = [
    ("", gettext_lazy("Maakt niet uit")),
    ("outside", gettext_lazy("Alleen buiten kantoortijd")),
    ("inside", gettext_lazy("Alleen binnen kantoortijd")),
]
_CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def category_condition_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Whole categories and single subcategories, per category."""
    groups = []
    for code, spec in rulebook().categories.file.categories.items():
        name = labels.category(code)
        items = [(code, _("%(category)s (alles)") % {"category": name})]
        items += [(f"{code}/{sub}", labels.kind(code, sub)) for sub in spec.subcategories]
        groups.append((name, items))
    return groups


class HeadForm(forms.Form):
    """What holds for the whole rule set: office hours, and why this version was made."""

    office_hours_start = forms.CharField(
        label=gettext_lazy("Kantoortijd vanaf"), max_length=5, initial="08:30"
    )
    office_hours_end = forms.CharField(label=gettext_lazy("Kantoortijd tot"), max_length=5, initial="17:00")
    note = forms.CharField(
        label=gettext_lazy("Waarom deze versie?"),
        required=False,
        max_length=500,
        help_text=gettext_lazy("Bijvoorbeeld: meldingen uit Hoogveld naar Wijkbeheer Noord."),
    )
    activate = forms.BooleanField(
        label=gettext_lazy("Deze versie direct in gebruik nemen"), required=False, initial=True
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("office_hours_start", "office_hours_end"):
            if data.get(name) and not _CLOCK.match(data[name]):
                self.add_error(name, _("Schrijf een tijd als 08:30."))
        return data


class RuleForm(forms.Form):
    """One rule: its name, the conditions that must all hold, and who then handles the melding."""

    name = forms.CharField(label=gettext_lazy("Naam van de regel"), max_length=200)
    categories = forms.MultipleChoiceField(
        label=gettext_lazy("Categorieën"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=gettext_lazy("Leeg: elke categorie. Kies er meer met Ctrl of Cmd."),
    )
    pillars = forms.MultipleChoiceField(
        label=gettext_lazy("Pijlers"), required=False, widget=forms.CheckboxSelectMultiple
    )
    areas = forms.CharField(
        label=gettext_lazy("Gebieden"),
        required=False,
        max_length=1000,
        help_text=gettext_lazy(
            "Codes van buurten, wijken, gemeenten of complexen, gescheiden door komma's. Leeg: overal."
        ),
    )
    channels = forms.MultipleChoiceField(
        label=gettext_lazy("Kanalen"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=Channel.choices,
    )
    office_hours = forms.ChoiceField(label=gettext_lazy("Tijd"), required=False, choices=OFFICE_HOURS)
    organisation = forms.ChoiceField(label=gettext_lazy("Organisatie die behandelt"), required=False)
    team = forms.ChoiceField(label=gettext_lazy("Team"), required=False)
    role = forms.ChoiceField(label=gettext_lazy("Rol"))

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["categories"].choices = category_condition_choices()  # type: ignore[attr-defined]
        self.fields["pillars"].choices = [  # type: ignore[attr-defined]
            (code, labels.pillar(code)) for code in rulebook().categories.file.pillars
        ]
        others = Organisation.objects.exclude(pk=organisation.pk).order_by("name")
        self.fields["organisation"].choices = [  # type: ignore[attr-defined]
            ("", _("%(name)s (de ontvangende organisatie)") % {"name": organisation.name}),
            *((o.slug, o.name) for o in others),
        ]
        teams: dict[str, list[tuple[str, str]]] = {}
        for team in Team.objects.select_related("organisation").order_by("organisation__name", "name"):
            teams.setdefault(team.organisation.name, []).append((team.slug, team.name))
        self.fields["team"].choices = [("", _("Geen team")), *teams.items()]  # type: ignore[attr-defined]
        self.fields["role"].choices = labels.role_choices()  # type: ignore[attr-defined]

    def as_rule(self) -> dict[str, Any]:
        """The rule in the shape of ``routing.yaml``."""
        data = self.cleaned_data
        when: dict[str, Any] = {}
        for name in ("categories", "pillars", "channels"):
            if data.get(name):
                when[name] = list(data[name])
        areas = [code for code in re.split(r"[\s,;]+", data.get("areas") or "") if code]
        if areas:
            when["areas"] = areas
        if data.get("office_hours"):
            when["outside_office_hours"] = data["office_hours"] == "outside"
        assign: dict[str, Any] = {"role": data["role"]}
        if data.get("organisation"):
            assign["organisation"] = data["organisation"]
        if data.get("team"):
            assign["team"] = data["team"]
        return {"name": data["name"], "when": when, "assign": assign}


def initial_rules(rule_set: RoutingRuleSet | None) -> list[dict[str, Any]]:
    """A stored version's rules as the formset's starting values."""
    if rule_set is None:
        return []
    found = []
    for rule in rule_set.rules.select_related("organisation", "team").order_by("position"):
        when = rule.conditions or {}
        outside = when.get("outside_office_hours")
        found.append(
            {
                "name": rule.name,
                "categories": list(when.get("categories", [])),
                "pillars": list(when.get("pillars", [])),
                "areas": ", ".join(when.get("areas", [])),
                "channels": list(when.get("channels", [])),
                "office_hours": "" if outside is None else ("outside" if outside else "inside"),
                "organisation": rule.organisation.slug if rule.organisation else "",
                "team": rule.team.slug if rule.team else "",
                "role": rule.role,
                "ORDER": rule.position + 1,
            }
        )
    return found


RuleFormSet = forms.formset_factory(RuleForm, extra=1, can_order=True, can_delete=True, max_num=100)


class SampleForm(forms.Form):
    """A sample melding to test rules on: what, through which channel, where, and when."""

    kind = forms.ChoiceField(label=gettext_lazy("Soort melding"))
    channel = forms.ChoiceField(label=gettext_lazy("Binnengekomen via"), choices=Channel.choices)
    buurt = forms.ChoiceField(label=gettext_lazy("Buurt"), required=False)
    received_at = forms.DateTimeField(
        label=gettext_lazy("Ontvangen op"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=gettext_lazy("Leeg: nu."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "test")
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = labels.kind_choices()  # type: ignore[attr-defined]
        buurten = places.buurt_choices()
        if buurten is None:
            self.fields["buurt"] = forms.CharField(label=gettext_lazy("Code van de buurt"), required=False)
        else:
            self.fields["buurt"].choices = [("", _("Geen buurt")), *buurten]  # type: ignore[attr-defined]

    def case_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        category, _slash, subcategory = data["kind"].partition("/")
        return {
            "category": category,
            "subcategory": subcategory,
            "channel": data["channel"],
            "location": Location(area_code=data["buurt"]) if data.get("buurt") else None,
            "received_at": data.get("received_at") or timezone.now(),
        }
