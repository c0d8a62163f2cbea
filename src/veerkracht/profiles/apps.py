# SPDX-License-Identifier: EUPL-1.2
"""App configuration of the neighbourhood profiles."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProfilesConfig(AppConfig):
    name = "veerkracht.profiles"
    label = "profiles"
    verbose_name = _("Wijkprofielen")

    def ready(self) -> None:
        from veerkracht.web.navigation import Entry, register

        register(
            Entry("monitor", _("Wijkprofielen"), "profiles-index", permission="programme.view", order=25)
        )
