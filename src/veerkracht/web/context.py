# SPDX-License-Identifier: EUPL-1.2
"""Template context: the navigation for the three jobs, shown by what the person may do."""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from veerkracht.core.permissions import permissions_of


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url: str | None  # None: the part is announced but not available yet
    active: bool = False


@dataclass(frozen=True)
class NavSection:
    label: str | Promise
    items: tuple[NavItem, ...]


def navigation(request: HttpRequest) -> dict[str, object]:
    """Build the main navigation; parts that are not built yet are named but not linked."""
    path = request.path
    home = reverse("home")
    monitor = reverse("monitor")
    granted = permissions_of(request.user) if hasattr(request, "user") else frozenset()
    monitor_items = [NavItem(_("Kaart van de gebieden"), home, path == home)]
    if "monitor.view" in granted:
        monitor_items.append(NavItem(_("Indicatoren en veerkrachtkaart"), monitor, path.startswith(monitor)))
    sections = [
        NavSection(_("Monitor"), tuple(monitor_items)),
        NavSection(_("Meldingen en dossiers"), (NavItem(_("Meldingen"), None),)),
        NavSection(_("Programma"), (NavItem(_("Prestatieafspraken"), None),)),
    ]
    return {"navigation": sections, "granted_permissions": granted}
