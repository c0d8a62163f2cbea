# SPDX-License-Identifier: EUPL-1.2
"""App configuration of the cases (meldingen and, later, dossiers)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "veerkracht.cases"
    label = "cases"
    verbose_name = _("Meldingen en dossiers")

    def ready(self) -> None:
        from veerkracht.cases.services import messages

        messages.register()
        self._ready_pages()

    def _ready_pages(self) -> None:
        """Menu entries of the meldingen pages (issue 9)."""
        from veerkracht.web.navigation import Entry, register

        register(
            Entry("cases", _("Werklijst"), "cases-worklist", "cases.view", order=10, match_prefix=False),
            Entry("cases", _("Melding opnemen"), "cases-intake", "cases.view", order=11),
            Entry("cases", _("Rondes van bewonersteams"), "cases-rounds", "cases.report", order=12),
            Entry("cases", _("Routering"), "cases-routing", "cases.manage_routing", order=20),
            Entry("cases", _("Categorieën"), "cases-categories", "cases.manage_routing", order=21),
            Entry("cases", _("Servicenormen"), "cases-service-levels", "cases.manage_routing", order=22),
            Entry("cases", _("Werkdagenkalender"), "cases-calendar", "core.manage_members", order=23),
        )
