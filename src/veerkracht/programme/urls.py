# SPDX-License-Identifier: EUPL-1.2
"""URLs of the programme's pages."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
