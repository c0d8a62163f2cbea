# SPDX-License-Identifier: EUPL-1.2
"""The forms on a dossier's page that change its terms: suspend, resume, extend, reopen.

Thin, as ``dossier_actions``: a dossier the person may not read answers 404 as a missing one, one they may
read but not handle 403; whether the dossier's type allows the change, and by how long, is the service's
rule (``services.dossier_status``), whose Dutch refusal is shown above the form that was posted.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veerkracht.cases.dossier_rulebook import dossier_rules
from veerkracht.cases.services import dossier_status
from veerkracht.cases.views.base import login_required, person
from veerkracht.cases.views.dossier_actions import editable_dossier, handle_form
from veerkracht.cases.views.dossier_forms import ExtendForm, ReasonForm


@login_required
@require_POST
def dossier_suspend(request: HttpRequest, dossier_reference: str) -> HttpResponse:
    """Suspend the dossier (opschorten): its deadlines stand still until it resumes."""
    dossier = editable_dossier(request, dossier_reference)
    form = ReasonForm(request.POST, prefix="opschorten")

    def act() -> str:
        dossier_status.suspend(dossier, reason=form.cleaned_data["reason"], actor=person(request))
        return _("Het dossier is opgeschort; de termijnen staan stil tot het wordt hervat.")

    return handle_form(request, dossier, form, act)


@login_required
@require_POST
def dossier_resume(request: HttpRequest, dossier_reference: str) -> HttpResponse:
    """Resume a suspended dossier; the days it waited move its deadlines, up to the type's maximum."""
    dossier = editable_dossier(request, dossier_reference)
    form = ReasonForm(request.POST, prefix="hervatten", required=False)

    def act() -> str:
        dossier_status.resume(dossier, reason=form.cleaned_data["reason"], actor=person(request))
        return _("Het dossier is hervat; de termijnen lopen weer.")

    return handle_form(request, dossier, form, act)


@login_required
@require_POST
def dossier_extend(request: HttpRequest, dossier_reference: str) -> HttpResponse:
    """Extend the dossier once (verlengen), by at most its type's verlengingstermijn."""
    dossier = editable_dossier(request, dossier_reference)
    maximum = dossier_rules().types.type(dossier.dossier_type).zaaktype.extension.days or 0
    form = ExtendForm(request.POST, maximum=maximum)

    def act() -> str:
        data = form.cleaned_data
        dossier_status.extend(dossier, reason=data["reason"], days=data["days"], actor=person(request))
        return _("Het dossier is met %(days)s dagen verlengd.") % {"days": data["days"]}

    return handle_form(request, dossier, form, act)


@login_required
@require_POST
def dossier_reopen(request: HttpRequest, dossier_reference: str) -> HttpResponse:
    """Reopen a closed dossier that is not yet anonymised."""
    dossier = editable_dossier(request, dossier_reference)
    form = ReasonForm(request.POST, prefix="heropenen")

    def act() -> str:
        dossier_status.reopen_dossier(dossier, reason=form.cleaned_data["reason"], actor=person(request))
        return _("Het dossier is heropend.")

    return handle_form(request, dossier, form, act)
