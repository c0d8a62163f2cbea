# SPDX-License-Identifier: EUPL-1.2
"""App configuration of what all pages share: base layout, navigation registry, error pages, static files."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "veerkracht.web"
    label = "web"
    verbose_name = _("Webinterface")
