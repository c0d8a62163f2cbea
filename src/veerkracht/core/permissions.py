# SPDX-License-Identifier: EUPL-1.2
"""Permission checks by role: what a person may do, per organisation or anywhere."""

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from veerkracht.core.models import Organisation, User
from veerkracht.core.roles import catalogue

if TYPE_CHECKING:
    from rest_framework.permissions import BasePermission


def permissions_of(user: User | AnonymousUser, organisation: Organisation | None = None) -> frozenset[str]:
    """Return the permissions a person holds, in one organisation or across all of theirs."""
    if not user.is_authenticated:
        return frozenset()
    memberships = user.memberships.filter(active=True)
    if organisation is not None:
        memberships = memberships.filter(organisation=organisation)
    return catalogue().permissions_of({m.role for m in memberships})


def has_permission(
    user: User | AnonymousUser, permission: str, organisation: Organisation | None = None
) -> bool:
    """Whether the person may do this, in the organisation given or in any of theirs."""
    return permission in permissions_of(user, organisation)


def permission_required(
    permission: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """View decorator: log in first, then require the permission in at least one organisation."""
    from django.contrib.auth.views import redirect_to_login

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_permission(request.user, permission):
                raise PermissionDenied(permission)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def requires(permission: str) -> type["BasePermission"]:
    """A DRF permission class for the API: logged in, with the permission in at least one organisation.

    Page views use :func:`permission_required`; both ask :func:`has_permission`, so a page and its API
    never disagree on who may see what.
    """
    from rest_framework.permissions import BasePermission

    def allowed(self: BasePermission, request: Any, view: object) -> bool:
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated and has_permission(user, permission))

    name = "Requires_" + permission.replace(".", "_")
    return type(name, (BasePermission,), {"has_permission": allowed, "permission": permission})
