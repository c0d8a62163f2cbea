# SPDX-License-Identifier: EUPL-1.2
"""The work list: mine, my team's, my organisation's; overdue and nearly overdue first; filtered; paged."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veerkracht.cases.access import VIEW, grants_of
from veerkracht.cases.models import Channel, Melding
from veerkracht.cases.queries import labels, places
from veerkracht.cases.queries.clock_lines import ClockLine, clock_lines
from veerkracht.cases.queries.worklist import (
    BadCursor,
    Scope,
    WorkListFilter,
    due_soon_cutoff,
    urgency,
    work_list,
)
from veerkracht.cases.views.base import person
from veerkracht.core.models import Organisation, TeamKind
from veerkracht.core.permissions import permission_required
from veerkracht.core.queries import calendar_for

PAGE_SIZE = 25
# The scope as the address bar shows it, in Dutch.
SCOPES: dict[str, Scope] = {"mijn": "mine", "team": "team", "organisatie": "organisation"}
URGENCY_WORDS = {
    "overdue": gettext_lazy("Te laat"),
    "due_soon": gettext_lazy("Bijna te laat"),
    "running": gettext_lazy("Op tijd"),
    "waiting": gettext_lazy("Geen termijn loopt"),
}


class FilterForm(forms.Form):
    """What the work list can be narrowed to; every field may stay empty."""

    categorie = forms.ChoiceField(label=gettext_lazy("Categorie"), required=False)
    gebied = forms.ChoiceField(label=gettext_lazy("Wijk of buurt"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    kanaal = forms.ChoiceField(label=gettext_lazy("Binnengekomen via"), required=False)
    organisatie = forms.ChoiceField(label=gettext_lazy("Organisatie"), required=False)
    te_laat = forms.BooleanField(label=gettext_lazy("Alleen meldingen die te laat zijn"), required=False)

    def __init__(self, *args: object, organisations: list[Organisation], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        everything = ("", _("Alle"))
        self.fields["categorie"].choices = [everything, *labels.category_choices()]  # type: ignore[attr-defined]
        areas = places.area_filter_choices()
        if areas is None:
            self.fields["gebied"] = forms.CharField(
                label=gettext_lazy("Code van een wijk of buurt"), required=False, max_length=20
            )
        else:
            self.fields["gebied"].choices = [everything, *areas]  # type: ignore[attr-defined]
        self.fields["status"].choices = [everything, *labels.status_choices()]  # type: ignore[attr-defined]
        self.fields["kanaal"].choices = [everything, *Channel.choices]  # type: ignore[attr-defined]
        if len(organisations) > 1:
            self.fields["organisatie"].choices = [everything, *((str(o.pk), o.name) for o in organisations)]  # type: ignore[attr-defined]
        else:
            del self.fields["organisatie"]

    def filters(self) -> WorkListFilter:
        data = self.cleaned_data if self.is_valid() else {}
        organisation = data.get("organisatie") or ""
        return WorkListFilter(
            categories=[data["categorie"]] if data.get("categorie") else [],
            area=str(data.get("gebied") or "").strip(),
            statuses=[data["status"]] if data.get("status") else [],
            channels=[data["kanaal"]] if data.get("kanaal") else [],
            organisation=int(organisation) if organisation else None,
            overdue_only=bool(data.get("te_laat")),
        )


@dataclass(frozen=True)
class Row:
    """One melding on the work list, as the page shows it."""

    melding: Melding
    kind: str
    place: str
    status: str
    urgency: str
    urgency_words: str
    clocks: list[ClockLine]


def _rows(items: list[Melding]) -> list[Row]:
    now = timezone.now()
    lines = clock_lines(items, now=now)
    area_names = places.names(m.buurt_code or m.wijk_code for m in items)
    cutoffs = {}
    for organisation in {m.organisation for m in items}:
        cutoffs[organisation.pk] = due_soon_cutoff(now, calendar_for(organisation))
    rows = []
    for melding in items:
        level = urgency(melding, now, cutoffs[melding.organisation_id])
        area = area_names.get(melding.buurt_code or melding.wijk_code, "")
        place = ", ".join(part for part in (melding.address, area) if part) or _("geen adres")
        rows.append(
            Row(
                melding=melding,
                kind=labels.kind(melding.category, melding.subcategory),
                place=place,
                status=labels.status(melding.workflow_type, melding.status),
                urgency=level,
                urgency_words=str(URGENCY_WORDS[level]),
                clocks=lines.get(melding.pk, []),
            )
        )
    return rows


def _default_scope(request: HttpRequest) -> str:
    """A member of a staff team starts at the team's list, anyone else at the organisation's."""
    teams = grants_of(request.user).teams
    in_staff_team = (
        person(request).memberships.filter(active=True, team_id__in=teams, team__kind=TeamKind.STAFF).exists()
    )
    return "team" if in_staff_team else "organisatie"


@permission_required(VIEW)
def work_list_page(request: HttpRequest) -> HttpResponse:
    """The open meldingen a person handles, most urgent first."""
    organisations = list(Organisation.objects.filter(pk__in=grants_of(request.user).view).order_by("name"))
    scope_word = request.GET.get("lijst", "")
    if scope_word not in SCOPES:
        scope_word = _default_scope(request)
    form = FilterForm(request.GET or None, organisations=organisations)
    filters = form.filters()
    cursor = request.GET.get("na") or None
    try:
        found = work_list(
            request.user,
            scope=SCOPES[scope_word],
            filters=filters,
            cursor=cursor,
            page_size=PAGE_SIZE,
            with_total=True,
        )
    except BadCursor as error:
        messages.error(request, str(error)[:1].upper() + str(error)[1:])
        cursor = None
        found = work_list(
            request.user, scope=SCOPES[scope_word], filters=filters, page_size=PAGE_SIZE, with_total=True
        )
    items = list(
        Melding.objects.filter(pk__in=[m.pk for m in found.items]).select_related(
            "organisation", "responsible_team", "assigned_to"
        )
    )
    by_pk = {m.pk: m for m in items}
    rows = _rows([by_pk[m.pk] for m in found.items])
    kept = {key: value for key, value in request.GET.items() if key not in ("na", "lijst") and value}
    return render(
        request,
        "cases/worklist.html",
        {
            "form": form,
            "rows": rows,
            "total": found.total,
            "scope": scope_word,
            "scopes": [
                (word, label, "?" + urlencode({**kept, "lijst": word}))
                for word, label in (
                    ("mijn", _("Aan mij toegewezen")),
                    ("team", _("Mijn team")),
                    ("organisatie", _("Mijn organisatie")),
                )
            ],
            "next_url": "?" + urlencode({**kept, "lijst": scope_word, "na": found.next_cursor})
            if found.next_cursor
            else "",
            "first_url": "?" + urlencode({**kept, "lijst": scope_word}) if cursor else "",
            "filtered": bool(kept),
            "scope_word": scope_word,
        },
    )
