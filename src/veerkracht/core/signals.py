# SPDX-License-Identifier: EUPL-1.2
"""Audit receivers for logging in and out."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from veerkracht.core.models import User
from veerkracht.core.services import record_audit


@receiver(user_logged_in)
def _audit_login(sender: object, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    record_audit("auth.login", actor=user, object_type="person", object_id=user.pk)


@receiver(user_logged_out)
def _audit_logout(sender: object, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record_audit("auth.logout", actor=user, object_type="person", object_id=user.pk)


@receiver(user_login_failed)
def _audit_login_failed(
    sender: object, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Never the password; and the user name only when such a person exists: people type their password
    # in the user name field, and that must not end up in a log that many can read.
    typed = str(credentials.get("username", ""))[:150]
    person = User.objects.filter(username=typed).first() if typed else None
    detail: dict[str, Any] = {"username": typed} if person else {"unknown_username": True}
    if request is not None and getattr(request, "axes_locked_out", False):
        detail["locked_out"] = True
    record_audit(
        "auth.login_failed",
        object_type="person" if person else "",
        object_id=person.pk if person else "",
        detail=detail,
    )
