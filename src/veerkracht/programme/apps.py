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
