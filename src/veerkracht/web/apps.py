# SPDX-License-Identifier: EUPL-1.2
"""App configuration of the web interface (templates, static files and page views)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "veerkracht.web"
    label = "web"
    verbose_name = _("Webinterface")
