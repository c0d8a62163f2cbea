# SPDX-License-Identifier: EUPL-1.2
"""Limits on login attempts, through django-axes: per user name and per address, with a cool-off.

The hooks django-axes calls live here (settings name them): the backend, which user name to count, which
address to count, and the page a locked-out person sees. ``unlock`` lifts a lockout for the administrator.
"""

import hashlib
import hmac
import ipaddress
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.utils import reset
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from veerkracht.core.models import User
from veerkracht.core.services import record_audit


class LoginLimitBackend(AxesStandaloneBackend):
    """django-axes' check before any password is tried.

    A sign-in without a request (a script, or the test client's ``login``) has no address to count and
    cannot be reached from outside; django-axes would raise for it, so it is passed on untouched.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        super().authenticate(request, username, password, **kwargs)
        return None


def stored_username(typed: str | None) -> str | None:
    """The user name as the lockout counters keep it: as typed when the person exists, else a keyed hash.

    People type their password in the user name field; what matches no person is never kept as text.
    """
    if not typed:
        return None
    if User.objects.filter(username=typed).exists():
        return typed
    digest = hmac.new(settings.SECRET_KEY.encode(), typed.encode("utf-8", "replace"), hashlib.sha256)
    return f"onbekend-{digest.hexdigest()[:24]}"


def recorded_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str | None:
    """django-axes' AXES_USERNAME_CALLABLE: the user name to count failures for."""
    typed = credentials.get("username") if credentials else request.POST.get("username")
    return stored_username(str(typed) if typed is not None else None)


def client_address(request: HttpRequest) -> str | None:
    """django-axes' AXES_CLIENT_IP_CALLABLE: the visitor's address.

    Behind the proxy every request comes from the proxy; the visitor's address is the last one it added
    to X-Forwarded-For (earlier entries come from the visitor and can be forged).
    """
    if settings.VEERKRACHT_BEHIND_PROXY:
        forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")[-1].strip()
        try:
            return str(ipaddress.ip_address(forwarded))
        except ValueError:
            pass
    address = request.META.get("REMOTE_ADDR")
    return str(address) if address else None


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """django-axes' AXES_LOCKOUT_CALLABLE: the login page with the lockout told plainly (429)."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    context = {"locked_out": True, "cooloff_minutes": minutes, "next": request.POST.get("next", "")}
    return render(request, "registration/login.html", context, status=429)


def unlock(*, username: str | None = None, address: str | None = None, actor: User | None = None) -> int:
    """Lift the lockout of a user name or an address; return how many counters were removed."""
    if not username and not address:
        raise ValueError("geef een gebruikersnaam of een adres")
    # One reset each: given both, axes would remove only the counters that match both.
    removed = int(reset(username=stored_username(username))) if username else 0
    removed += int(reset(ip=address)) if address else 0
    known = bool(username) and User.objects.filter(username=username).exists()
    detail: dict[str, Any] = {"removed": removed}
    if known:
        detail["username"] = username
    if address:
        detail["address"] = address
    record_audit("auth.unlocked", actor=actor, object_type="login", detail=detail)
    return removed
