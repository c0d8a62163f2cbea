# SPDX-License-Identifier: EUPL-1.2
"""What the meldingen pages share: the person at the screen, the melding they may read, service errors
shown beside the fields they are about."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import wraps
from typing import Any

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponseBase

from veerkracht.cases.access import get_visible
from veerkracht.cases.models import Melding
from veerkracht.core.models import User


def person(request: HttpRequest) -> User:
    """The logged-in person (every view here asks for a login first)."""
    assert isinstance(request.user, User)
    return request.user


def login_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Log in first; what a person may see after that is the visibility rule's business."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


def visible_melding(request: HttpRequest, reference: str) -> Melding:
    """The melding with this reference if the person may read it; the same 404 when absent or hidden."""
    try:
        return get_visible(request.user, reference=reference)
    except Melding.DoesNotExist as missing:
        raise Http404 from missing


def show_problems(form: forms.Form, problems: Mapping[str, str], fields: Mapping[str, str]) -> None:
    """Put the write API's problems (per field of the service) beside the form's own fields.

    ``fields`` maps a service field (``reporter.email``) or its first part (``location``) to a form
    field; what maps to nothing is shown above the form.
    """
    for name, text in problems.items():
        target = fields.get(name) or fields.get(name.split("[")[0]) or fields.get(name.split(".")[0])
        message = text[:1].upper() + text[1:]
        if target and target in form.fields:
            form.add_error(target, message)
        else:
            form.add_error(None, message)
