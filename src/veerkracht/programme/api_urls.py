# SPDX-License-Identifier: EUPL-1.2
"""URLs of the programme's API (mounted under /api/v1/)."""

from django.urls import path

from veerkracht.programme import api

urlpatterns = [
    path(
        "programma/leefbaarheidsfonds/registraties/",
        api.FundRegistrationView.as_view(),
        name="api-fund-registrations",
    ),
]
