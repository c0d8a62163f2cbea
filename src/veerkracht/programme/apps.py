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
        # The periodic job: `veerkracht tick` runs compute_stagnation_signals(today) once its registry
        # (veerkracht.core.periodic) exists; until then the demo builds and each status update refresh it.
