# SPDX-License-Identifier: EUPL-1.2
"""URLs of the neighbourhood profiles, below /profiel/."""

from django.urls import path

from veerkracht.profiles import compare_views, pdf_views, views

urlpatterns = [
    path("", views.profile_index, name="profiles-index"),
    path("verhalen/<int:pk>/beoordelen/", views.note_review, name="profiles-note-review"),
    path("<str:code>/", views.profile, name="profiles-area"),
    path("<str:code>/verhalen/", views.note_write, name="profiles-note-write"),
    path("<str:code>/vergelijk/", compare_views.compare, name="profiles-compare"),
    path("<str:code>/pdf/", pdf_views.pdf_request, name="profiles-pdf-request"),
    path("pdf/<int:pk>/status/", pdf_views.pdf_state, name="profiles-pdf-state"),
    path("pdf/<int:pk>/download/", pdf_views.pdf_download, name="profiles-pdf-download"),
]
