# SPDX-License-Identifier: EUPL-1.2
"""URLs of the meldingen pages (mounted at /meldingen/)."""

from django.urls import URLPattern, URLResolver, path, register_converter

from veerkracht.cases.views import calendar, intake, kpis, melding, rounds, routing, rulefiles, worklist


class ReferenceConverter:
    """A melding's reference in the address bar: ``M-2026-000123``."""

    regex = r"M-\d{4}-\d{6,}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ReferenceConverter, "reference")

urlpatterns: list[URLPattern | URLResolver] = [
    path("", worklist.work_list_page, name="cases-worklist"),
    path("nieuw/", intake.intake_page, name="cases-intake"),
    path("kengetallen/", kpis.kpi_dashboard, name="cases-kpis"),
    path("kengetallen/bijwerken/", kpis.kpi_refresh, name="cases-kpis-refresh"),
    path("rondes/", rounds.round_list, name="cases-rounds"),
    path("rondes/nieuw/", rounds.round_new, name="cases-round-new"),
    path("rondes/<int:round_id>/", rounds.round_page, name="cases-round"),
    path("beheer/routering/", routing.routing_overview, name="cases-routing"),
    path("beheer/routering/<slug:organisation>/nieuw/", routing.routing_new, name="cases-routing-new"),
    path(
        "beheer/routering/<slug:organisation>/versie/<int:version>/",
        routing.routing_version,
        name="cases-routing-version",
    ),
    path(
        "beheer/routering/<slug:organisation>/versie/<int:version>/in-gebruik/",
        routing.routing_activate,
        name="cases-routing-activate",
    ),
    path("beheer/categorieen/", rulefiles.categories_page, name="cases-categories"),
    path("beheer/servicenormen/", rulefiles.service_levels_page, name="cases-service-levels"),
    path("beheer/kalender/", calendar.calendar_page, name="cases-calendar"),
    path("<reference:reference>/", melding.melding_page, name="cases-melding"),
    path("<reference:reference>/stap/", melding.melding_step, name="cases-melding-step"),
    path("<reference:reference>/termijn/", melding.melding_clock, name="cases-melding-clock"),
    path("<reference:reference>/toewijzen/", melding.melding_reassign, name="cases-melding-reassign"),
    path(
        "<reference:reference>/bijlagen/<int:attachment_id>/",
        melding.attachment,
        name="cases-attachment",
    ),
]
