# SPDX-License-Identifier: EUPL-1.2
"""Sessions end after a working day (``SESSION_COOKIE_AGE``) and after a spell without any request
(``VEERKRACHT_SESSION_IDLE_SECONDS``), whichever comes first.

Django's own expiry date moves with every save of the session, so it cannot hold the absolute limit by
itself; the moment of login and of the last request are kept in the session and checked here.
"""

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import gettext as _

LOGGED_IN_AT = "veerkracht_logged_in_at"
SEEN_AT = "veerkracht_seen_at"
# The last request is written at most this often: a session save per request would cost a write each.
_SEEN_PRECISION = 60


@receiver(user_logged_in)
def _note_login(sender: object, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    session = getattr(request, "session", None)
    if session is not None:
        now = time.time()
        session[LOGGED_IN_AT] = now
        session[SEEN_AT] = now


class SessionLimitsMiddleware:
    """Log out a session that is older than its maximum age or has been idle too long."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> None:
        session = request.session
        now = time.time()
        # Sessions from before this check start counting now.
        logged_in_at = float(session.setdefault(LOGGED_IN_AT, now))
        seen_at = float(session.get(SEEN_AT, now))
        idle = now - seen_at > settings.VEERKRACHT_SESSION_IDLE_SECONDS
        if idle or now - logged_in_at > settings.SESSION_COOKIE_AGE:
            logout(request)
            messages.info(
                request,
                _("U bent uitgelogd omdat u een tijd niets hebt gedaan. Log opnieuw in.")
                if idle
                else _("U bent uitgelogd omdat uw sessie te lang duurde. Log opnieuw in."),
            )
        elif now - seen_at >= _SEEN_PRECISION or SEEN_AT not in session:
            session[SEEN_AT] = now
