# SPDX-License-Identifier: EUPL-1.2
"""App configuration of the cases (meldingen and, later, dossiers)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "veerkracht.cases"
    label = "cases"
    verbose_name = _("Meldingen en dossiers")

    def ready(self) -> None:
        from veerkracht.cases.services import kpi_snapshots, messages

        messages.register()
        kpi_snapshots.register()
        self._ready_pages()
        self._ready_dossiers()

    def _ready_pages(self) -> None:
        """Menu entries of the meldingen pages (issue 9)."""
        from veerkracht.web.navigation import Entry, register

        register(
            Entry("cases", _("Werklijst"), "cases-worklist", "cases.view", order=10, match_prefix=False),
            Entry("cases", _("Melding opnemen"), "cases-intake", "cases.view", order=11),
            Entry("cases", _("Rondes van bewonersteams"), "cases-rounds", "cases.report", order=12),
            Entry("cases", _("Dossiers"), "cases-dossiers", "cases.view", order=13),
            Entry("cases", _("Kengetallen"), "cases-kpis", "cases.view_kpis", order=16),
            Entry("cases", _("Doorverwijzingen"), "cases-referrals", "cases.receive_referrals", order=14),
            Entry("cases", _("Inzage in dossiers"), "cases-dossiers-privacy", "core.view_audit", order=15),
            Entry("cases", _("Routering"), "cases-routing", "cases.manage_routing", order=20),
            Entry("cases", _("Categorieën"), "cases-categories", "cases.manage_routing", order=21),
            Entry("cases", _("Servicenormen"), "cases-service-levels", "cases.manage_routing", order=22),
            Entry("cases", _("Werkdagenkalender"), "cases-calendar", "core.manage_members", order=23),
        )

    def _ready_dossiers(self) -> None:
        """Periodic jobs of the dossiers (issue 10): KPIs to the value store, retention, referral ends."""
        from veerkracht.cases import tasks
        from veerkracht.core.periodic import register_periodic

        register_periodic(
            "cases.kpis",
            tasks.publish_kpis,
            _("Kengetallen van meldingen en dossiers publiceren (kleine aantallen afgeschermd)."),
        )
        register_periodic(
            "cases.kpi_snapshots",
            tasks.refresh_kpi_snapshots,
            _("Kengetallen per organisatie bijwerken voor het dashboard (kleine aantallen afgeschermd)."),
        )
        register_periodic(
            "cases.retention",
            tasks.apply_retention,
            _("Gesloten dossiers en meldingen anonimiseren waarvan de bewaartermijn voorbij is."),
        )
        register_periodic(
            "cases.referrals",
            tasks.end_expired_referrals,
            _("Doorverwijzingen beëindigen waarvan de toegangstermijn voorbij is."),
        )
