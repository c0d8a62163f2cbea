# SPDX-License-Identifier: EUPL-1.2
"""URLs of the meldingen API (mounted under /api/v1/); the endpoints come with the next part of issue 9."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
