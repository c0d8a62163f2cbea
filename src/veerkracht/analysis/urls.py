# SPDX-License-Identifier: EUPL-1.2
"""URLs of the analysis app's pages."""

from django.urls import path

from veerkracht.analysis import views

urlpatterns = [
    path("monitor/", views.monitor, name="monitor"),
]
