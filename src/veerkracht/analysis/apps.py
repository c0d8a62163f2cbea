# SPDX-License-Identifier: EUPL-1.2
"""App configuration of analysis runs."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "veerkracht.analysis"
    label = "analysis"
    verbose_name = _("Analyses")

    def ready(self) -> None:
        from veerkracht.analysis.report_renderer import use_pdf_renderer
        from veerkracht.analysis.tasks import mark_interrupted_runs
        from veerkracht.core.periodic import register_periodic
        from veerkracht.web.navigation import Entry, register
        from veerkracht.web.pdf import render_pdf

        # The city report is made by the worker (a domain module); the layout comes from the web layer.
        use_pdf_renderer(render_pdf)

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
