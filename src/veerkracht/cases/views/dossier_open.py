# SPDX-License-Identifier: EUPL-1.2
"""Opening a dossier about an address, household or complex before any melding came in.

The place is given as at the intake of a melding (an address with a complex, a buurt or a point; the
same fields), or found from the address alone when Veerkracht has seen it before in a melding or dossier
the person may read. Who may open for which organisation, and what a type may be about, is the service's
rule (``services.dossiers.open_dossier``).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from veerkracht.cases.access import grants_of
from veerkracht.cases.queries.dossiers import known_place
from veerkracht.cases.services.dossier_common import DossierError
from veerkracht.cases.services.dossiers import NewDossier, open_dossier
from veerkracht.cases.services.errors import NotAllowed
from veerkracht.cases.services.location import Location, resolve
from veerkracht.cases.views.base import login_required, person, show_problems
from veerkracht.cases.views.dossier_forms import AddressDossierForm
from veerkracht.cases.views.dossiers import capital
from veerkracht.cases.views.intake_forms import PROBLEM_FIELDS, location_of
from veerkracht.core.models import Organisation

TEMPLATE = "cases/dossiers/new_address.html"


def _organisations(request: HttpRequest) -> list[Organisation]:
    grants = grants_of(request.user)
    found = list(Organisation.objects.filter(pk__in=grants.view & grants.edit).order_by("name"))
    if not found:
        raise PermissionDenied("cases.edit")
    return found


def _location(request: HttpRequest, form: AddressDossierForm) -> Location | None:
    """The place the form gives; with only an address, the place Veerkracht knows for it."""
    given = location_of(form.cleaned_data)
    if given.x is None and not given.complex_code and not given.area_code and given.address:
        found = known_place(request.user, given.address)
        if found is None:
            form.add_error(
                "buurt",
                _(
                    "Dit adres is nog niet bekend uit een melding of dossier. Kies het complex of de "
                    "buurt, of wijs de plek aan op de kaart."
                ),
            )
            return None
        given = found
    resolved = resolve([given])[0]
    if isinstance(resolved, dict):
        show_problems(form, resolved, PROBLEM_FIELDS)
        return None
    return given


@login_required
@require_http_methods(["GET", "POST"])
def dossier_new_at_address(request: HttpRequest) -> HttpResponse:
    """Open a dossier from an address, complex or buurt, without a melding."""
    organisations = _organisations(request)
    if request.method != "POST":
        return render(request, TEMPLATE, {"form": AddressDossierForm(organisations=organisations)})
    form = AddressDossierForm(request.POST, organisations=organisations)
    if form.is_valid():
        location = _location(request, form)
        if location is not None:
            data = form.cleaned_data
            try:
                dossier = open_dossier(
                    NewDossier(
                        dossier_type=data["dossier_type"],
                        subject_kind=data["subject_kind"],
                        title=data["title"],
                        summary=data["summary"],
                        location=location,
                    ),
                    organisation=form.organisations[data["organisation"]],
                    actor=person(request),
                )
            except (DossierError, NotAllowed) as error:
                form.add_error(None, capital(str(error)))
            else:
                messages.success(
                    request, _("Dossier %(reference)s is geopend.") % {"reference": dossier.reference}
                )
                return redirect("cases-dossier", dossier_reference=dossier.reference)
    return render(request, TEMPLATE, {"form": form}, status=400)
