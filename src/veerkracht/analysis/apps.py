# SPDX-License-Identifier: EUPL-1.2
"""App configuration of analysis runs."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "veerkracht.analysis"
    label = "analysis"
    verbose_name = _("Analyses")

    def ready(self) -> None:
        from veerkracht.analysis.tasks import mark_interrupted_runs
        from veerkracht.core.periodic import register_periodic
        from veerkracht.web.navigation import Entry, register

        register(
            # Not a prefix match: the analyses pages live below /monitor/ and are an entry of their own.
            Entry(
                "monitor",
                _("Indicatoren en veerkrachtkaart"),
                "monitor",
                permission="monitor.view",
                order=20,
                match_prefix=False,
            ),
            Entry("monitor", _("Analyses"), "analysis-runs", permission="monitor.analyse", order=30),
        )
        register_periodic(
            "analysis.interrupted_runs",
            mark_interrupted_runs,
            _("Analyses waarvan de worker stopte als mislukt markeren, zodat ze opnieuw kunnen."),
        )
