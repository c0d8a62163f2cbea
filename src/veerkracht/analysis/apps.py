# SPDX-License-Identifier: EUPL-1.2
"""App configuration of analysis runs."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "veerkracht.analysis"
    label = "analysis"
    verbose_name = _("Analyses")

    def ready(self) -> None:
        from veerkracht.web.navigation import Entry, register

        register(
            Entry(
                "monitor", _("Indicatoren en veerkrachtkaart"), "monitor", permission="monitor.view", order=20
            )
        )
