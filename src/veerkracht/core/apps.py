# SPDX-License-Identifier: EUPL-1.2
"""App configuration of the shared kernel."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "veerkracht.core"
    label = "core"
    verbose_name = _("Kern")

    def ready(self) -> None:
        from veerkracht.core import (
            session_limits,  # noqa: F401  (notes the moment of each login)
            signals,  # noqa: F401  (connects the login/logout audit receivers)
        )
