# SPDX-License-Identifier: EUPL-1.2
"""App configuration of indicators: the catalogue, import runs and the Parquet value store."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "veerkracht.indicators"
    label = "indicators"
    verbose_name = _("Indicatoren")
