# SPDX-License-Identifier: EUPL-1.2
"""Audit receivers for logging in and out."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from veerkracht.core.services import record_audit


@receiver(user_logged_in)
def _audit_login(sender: object, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    record_audit("auth.login", actor=user, object_type="person", object_id=user.pk)


@receiver(user_logged_out)
def _audit_logout(sender: object, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record_audit("auth.logout", actor=user, object_type="person", object_id=user.pk)


@receiver(user_login_failed)
def _audit_login_failed(sender: object, credentials: dict[str, Any], **kwargs: Any) -> None:
    # Only the username: never the password the person typed.
    record_audit("auth.login_failed", detail={"username": str(credentials.get("username", ""))[:150]})
