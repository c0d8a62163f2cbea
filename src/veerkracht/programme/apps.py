# SPDX-License-Identifier: EUPL-1.2
"""App configuration of the programme (seed 003: the performance agreements; seed 002: area programmes)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "veerkracht.programme"
    label = "programme"
    verbose_name = _("Programma")

    def ready(self) -> None:
        self._ready_agreements()
        self._ready_housing_fund_teams()

    def _ready_agreements(self) -> None:
        """Menu entries of the performance agreements (issue 11)."""
        from veerkracht.web.navigation import Entry, register

        register(
            Entry("programme", _("Prestatieafspraken"), "programme-agreements", "programme.view", order=10),
            Entry(
                "programme",
                _("Voor het bestuurlijk overleg"),
                "programme-stagnation",
                "programme.view",
                order=11,
            ),
            Entry(
                "programme",
                _("Werkgroepen en actielijsten"),
                "programme-workgroups",
                "programme.view",
                order=12,
            ),
            Entry("programme", _("Jaarevaluatie"), "programme-evaluations", "programme.view", order=13),
        )
        from veerkracht.core.periodic import register_periodic
        from veerkracht.programme.tasks import compute_stagnation_signals

        # Each status update refreshes its own agreement's signals; time passing is what the tick is for.
        register_periodic(
            "programme.stagnation_signals",
            compute_stagnation_signals,
            _("Stagnatiesignalen bijwerken: mijlpalen over hun datum, afspraken zonder update."),
        )

    def _ready_housing_fund_teams(self) -> None:
        """Menu entries, area-team sections and the periodic job of stock, fund, teams and programmes."""
        from veerkracht.core.periodic import register_periodic
        from veerkracht.programme.area_team_sections import register_section
        from veerkracht.programme.queries.area_teams import PROGRAMME_SECTIONS
        from veerkracht.programme.tasks import publish_fund_figures
        from veerkracht.web.navigation import Entry, register

        register(
            Entry("programme", _("Woningvoorraad en doelen"), "programme-stock", "programme.view", order=20),
            Entry("programme", _("Ingrepen"), "programme-interventions", "programme.view", order=21),
            Entry("programme", _("Leefbaarheidsfonds"), "programme-fund", "programme.view", order=30),
            Entry("programme", _("Bewonerskrachten"), "programme-resident-teams", "programme.view", order=40),
            Entry("programme", _("Programma's"), "programme-programmes", "programme.view", order=50),
            Entry("programme", _("Buurtprioritering"), "programme-priorities", "programme.view", order=51),
            Entry("programme", _("Gebiedsteams"), "programme-area-teams", "programme.view", order=60),
        )
        register_section(*PROGRAMME_SECTIONS)
        register_periodic(
            "programme.fund_figures",
            publish_fund_figures,
            _("Toegekende bedragen en initiatieven van het leefbaarheidsfonds per buurt publiceren."),
        )
