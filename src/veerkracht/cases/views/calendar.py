# SPDX-License-Identifier: EUPL-1.2
"""The organisation's working-day calendar: Goede Vrijdag and Bevrijdingsdag, and its closing days.

Deadlines of meldingen count these days; a change applies to deadlines computed afterwards. Kept by
who manages the organisation's people (``core.manage_members``: the administrator role).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from veerkracht.cases.views.base import person
from veerkracht.core import services
from veerkracht.core.models import ClosingDay, LiberationDayChoice, Organisation, OrganisationCalendar
from veerkracht.core.permissions import has_permission, permission_required
from veerkracht.core.queries import calendar_for

MANAGE_MEMBERS = "core.manage_members"
MAX_CLOSING_SPAN = 31


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class ChoicesForm(forms.Form):
    good_friday = forms.BooleanField(
        label=gettext_lazy("Goede Vrijdag is een vrije dag"),
        required=False,
        help_text=OrganisationCalendar._meta.get_field("good_friday").help_text,
    )
    liberation_day = forms.ChoiceField(
        label=gettext_lazy("Bevrijdingsdag (5 mei) is vrij"),
        choices=LiberationDayChoice.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "keuzes")
        super().__init__(*args, **kwargs)


class ClosingDaysForm(forms.Form):
    first = forms.DateField(label=gettext_lazy("Eerste sluitingsdag"), widget=DateInput())
    last = forms.DateField(
        label=gettext_lazy("Laatste sluitingsdag (niet verplicht)"),
        required=False,
        widget=DateInput(),
        help_text=gettext_lazy("Voor een reeks dagen, bijvoorbeeld tussen Kerst en Nieuwjaar."),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reden"), max_length=200, help_text=gettext_lazy("Bijvoorbeeld: Kerstsluiting.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "sluiting")
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first"), data.get("last")
        if first and last:
            if last < first:
                self.add_error("last", _("De laatste dag ligt vóór de eerste."))
            elif (last - first).days >= MAX_CLOSING_SPAN:
                self.add_error(
                    "last", _("Ten hoogste %(days)s dagen in één keer.") % {"days": MAX_CLOSING_SPAN}
                )
        return data

    def days(self) -> list[Any]:
        first = self.cleaned_data["first"]
        last = self.cleaned_data.get("last") or first
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _managed(request: HttpRequest) -> list[Organisation]:
    return [
        o for o in Organisation.objects.order_by("name") if has_permission(request.user, MANAGE_MEMBERS, o)
    ]


@permission_required(MANAGE_MEMBERS)
@require_http_methods(["GET", "POST"])
def calendar_page(request: HttpRequest) -> HttpResponse:
    organisations = _managed(request)
    wanted = request.POST.get("organisatie") or request.GET.get("organisatie") or organisations[0].slug
    organisation = next((o for o in organisations if o.slug == wanted), None)
    if organisation is None:
        raise Http404
    stored = OrganisationCalendar.objects.filter(organisation=organisation).first()
    initial = {
        "good_friday": stored.good_friday if stored else False,
        "liberation_day": stored.liberation_day if stored else LiberationDayChoice.LUSTRUM,
    }
    choices, closing = ChoicesForm(initial=initial), ClosingDaysForm()
    if request.method == "POST":
        action = request.POST.get("actie", "")
        try:
            if action == "keuzes":
                choices = ChoicesForm(request.POST)
                if choices.is_valid():
                    services.set_calendar_choices(organisation, actor=person(request), **choices.cleaned_data)
                    return _done(request, organisation, _("De keuzes zijn opgeslagen."))
            elif action == "toevoegen":
                closing = ClosingDaysForm(request.POST)
                if closing.is_valid():
                    services.add_closing_days(
                        organisation, closing.days(), closing.cleaned_data["reason"], actor=person(request)
                    )
                    return _done(request, organisation, _("De sluitingsdagen zijn toegevoegd."))
            elif action == "verwijderen":
                day = forms.DateField().clean(request.POST.get("dag", ""))
                services.remove_closing_days(organisation, [day], actor=person(request))
                return _done(request, organisation, _("De sluitingsdag is verwijderd."))
            else:
                messages.error(request, _("Kies wat u wilt wijzigen."))
        except services.CalendarSettingsError as error:
            (closing if action == "toevoegen" else choices).add_error(None, str(error))
        except forms.ValidationError:
            messages.error(request, _("Die sluitingsdag bestaat niet."))
    today = timezone.localdate()
    calendar = calendar_for(organisation)
    return render(
        request,
        "cases/admin/calendar.html",
        {
            "organisation": organisation,
            "organisations": organisations,
            "choices": choices,
            "closing": closing,
            "closing_days": ClosingDay.objects.filter(
                organisation=organisation, day__gte=today.replace(month=1, day=1)
            ),
            "years": [
                (year, sorted(calendar.days_off(year).items())) for year in (today.year, today.year + 1)
            ],
        },
    )


def _done(request: HttpRequest, organisation: Organisation, text: str) -> HttpResponse:
    messages.success(request, text)
    response = redirect("cases-calendar")
    response["Location"] += f"?organisatie={organisation.slug}"
    return response
