# SPDX-License-Identifier: EUPL-1.2
"""Template context: the navigation built from what the apps registered and the person may do."""

from django.http import HttpRequest

from veerkracht.core.permissions import permissions_of
from veerkracht.web.navigation import menu_for


def navigation(request: HttpRequest) -> dict[str, object]:
    """The main menu and the permissions of the person at the screen."""
    granted = permissions_of(request.user) if hasattr(request, "user") else frozenset()
    return {"navigation": menu_for(request, granted), "granted_permissions": granted}
