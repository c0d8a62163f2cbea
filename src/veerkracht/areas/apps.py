# SPDX-License-Identifier: EUPL-1.2
"""App configuration of areas: gemeenten, wijken, buurten, city-defined sets and their geometry."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AreasConfig(AppConfig):
    name = "veerkracht.areas"
    label = "areas"
    verbose_name = _("Gebieden")

    def ready(self) -> None:
        from veerkracht.web.navigation import Entry, register

        register(Entry("monitor", _("Kaart van de gebieden"), "home", order=10))
