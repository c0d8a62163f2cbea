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
