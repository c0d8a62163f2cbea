# SPDX-License-Identifier: EUPL-1.2
"""URLs of the analysis app's pages."""

from django.urls import path

from veerkracht.analysis import views

urlpatterns = [
    path("monitor/", views.monitor, name="monitor"),
    path("monitor/methode/", views.method, name="monitor-method"),
    path("monitor/jaren/", views.years, name="monitor-years"),
    path("monitor/vergelijken/", views.compare, name="monitor-compare"),
]
