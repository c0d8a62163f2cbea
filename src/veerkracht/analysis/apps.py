# SPDX-License-Identifier: EUPL-1.2
"""App configuration of analysis runs."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "veerkracht.analysis"
    label = "analysis"
    verbose_name = _("Analyses")
