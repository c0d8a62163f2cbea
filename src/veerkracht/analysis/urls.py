# SPDX-License-Identifier: EUPL-1.2
"""URLs of the analysis app's pages."""

from django.urls import path

from veerkracht.analysis import report_views, run_views, views

urlpatterns = [
    path("monitor/", views.monitor, name="monitor"),
    path("monitor/analyses/", run_views.run_list, name="analysis-runs"),
    path("monitor/analyses/nieuw/", run_views.run_new, name="analysis-run-new"),
    path("monitor/analyses/<int:run_id>/", run_views.run_detail, name="analysis-run"),
    path("monitor/analyses/<int:run_id>/voortgang/", run_views.run_progress, name="analysis-run-progress"),
    path("monitor/analyses/<int:run_id>/opnieuw/", run_views.run_retry, name="analysis-run-retry"),
    path("monitor/analyses/<int:run_id>/rapport/", report_views.report_request, name="analysis-run-report"),
    path(
        "monitor/analyses/<int:run_id>/rapport/voortgang/",
        report_views.report_progress,
        name="analysis-run-report-progress",
    ),
    path(
        "monitor/analyses/<int:run_id>/rapport/stadsrapport.pdf",
        report_views.report_pdf,
        name="analysis-run-report-pdf",
    ),
    path("monitor/methode/", views.method, name="monitor-method"),
    path("monitor/jaren/", views.years, name="monitor-years"),
    path("monitor/vergelijken/", views.compare, name="monitor-compare"),
]
