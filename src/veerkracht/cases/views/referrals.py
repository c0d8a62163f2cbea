# SPDX-License-Identifier: EUPL-1.2
"""The partner's pages: the referrals shared with my organisation, one referral's snapshot, answering it.

A partner's person reads only the frozen snapshot of a referral to their organisation, and only while it
lasts (``dossier_access.partner_filter``); afterwards it answers 404 as one that never existed. Every read
of a referral is audited by ``queries.referrals.read_shared``. The dossier itself is never shown here.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from veerkracht.cases.dossier_access import RECEIVE_REFERRALS, get_shared_referral, organisations_with
from veerkracht.cases.models import Referral
from veerkracht.cases.queries.referrals import read_shared, shared_with
from veerkracht.cases.services import referrals
from veerkracht.cases.services.dossier_common import DossierError
from veerkracht.cases.services.errors import NotAllowed
from veerkracht.cases.views.base import login_required, person
from veerkracht.cases.views.dossier_forms import PartnerCloseForm, ReplyForm
from veerkracht.cases.views.dossiers import capital


def _shared(request: HttpRequest, referral_id: int) -> Referral:
    try:
        return get_shared_referral(request.user, referral_id)
    except Referral.DoesNotExist as missing:
        raise Http404 from missing


@login_required
@require_GET
def referral_list(request: HttpRequest) -> HttpResponse:
    if not organisations_with(request.user, RECEIVE_REFERRALS):
        raise PermissionDenied(RECEIVE_REFERRALS)
    return render(request, "cases/referrals/list.html", {"referrals": shared_with(request.user)})


def _lines(value: Any) -> list[str]:
    """A snapshot value as lines of text: a field is a text, a mapping or a list of texts or mappings."""
    if value in (None, "", [], {}):
        return []
    if isinstance(value, dict):
        return [f"{key}: {item or '—'}" for key, item in value.items()]
    if isinstance(value, list):
        return [" · ".join(_lines(item)) if isinstance(item, dict) else str(item) for item in value]
    return [str(value)]


def render_referral(
    request: HttpRequest, referral_id: int, bound: dict[str, forms.Form] | None = None, status: int = 200
) -> HttpResponse:
    try:
        shared = read_shared(request.user, referral_id, where="referral-page")
    except Referral.DoesNotExist as missing:
        raise Http404 from missing
    bound = bound or {}
    context = {
        "shared": shared,
        "fields": [
            (field.get("label", code), _lines(field.get("waarde"))) for code, field in shared.fields.items()
        ],
        "reply_form": bound.get("antwoord") or ReplyForm(),
        "close_form": None if shared.partner_closed_at else (bound.get("afsluiten") or PartnerCloseForm()),
    }
    return render(request, "cases/referrals/referral.html", context, status=status)


@login_required
@require_GET
def referral_page(request: HttpRequest, referral_id: int) -> HttpResponse:
    return render_referral(request, referral_id)


@login_required
@require_POST
def referral_reply(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = _shared(request, referral_id)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            referrals.reply(referral, form.cleaned_data["text"], actor=person(request))
        except (DossierError, NotAllowed) as error:
            form.add_error(None, capital(str(error)))
        else:
            messages.success(request, _("Uw antwoord is verstuurd."))
            return redirect("cases-referral", referral_id=referral.pk)
    return render_referral(request, referral.pk, {"antwoord": form}, status=400)


@login_required
@require_POST
def referral_close(request: HttpRequest, referral_id: int) -> HttpResponse:
    """The partner closes its part; it keeps reading the referral until the referral ends."""
    referral = _shared(request, referral_id)
    form = PartnerCloseForm(request.POST)
    if form.is_valid():
        try:
            referrals.close_partner_part(
                referral, outcome=form.cleaned_data["outcome"], actor=person(request)
            )
        except (DossierError, NotAllowed) as error:
            form.add_error(None, capital(str(error)))
        else:
            messages.success(request, _("Uw deel is afgesloten."))
            return redirect("cases-referral", referral_id=referral.pk)
    return render_referral(request, referral.pk, {"afsluiten": form}, status=400)
