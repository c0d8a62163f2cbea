# SPDX-License-Identifier: EUPL-1.2
"""App configuration of the programme (seed 003: the performance agreements; seed 002: area programmes)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "veerkracht.programme"
    label = "programme"
    verbose_name = _("Programma")
