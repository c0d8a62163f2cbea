# SPDX-License-Identifier: EUPL-1.2
"""App configuration of indicators: the catalogue, import runs and the Parquet value store."""

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_catalogue(sender: AppConfig, **kwargs: Any) -> None:
    # After every migrate the catalogue table follows catalogue.yaml, so imports can start at once.
    from veerkracht.indicators.services import sync_catalogue

    sync_catalogue()


class IndicatorsConfig(AppConfig):
    name = "veerkracht.indicators"
    label = "indicators"
    verbose_name = _("Indicatoren")

    def ready(self) -> None:
        from veerkracht.core.periodic import register_periodic
        from veerkracht.indicators.tasks import sweep_value_store

        register_periodic(
            "indicators.sweep_value_store",
            sweep_value_store,
            _("Opruimen wat afgebroken imports in de waardenopslag achterlieten."),
        )
        post_migrate.connect(
            _sync_catalogue, sender=self, dispatch_uid="veerkracht.indicators.sync_catalogue"
        )
