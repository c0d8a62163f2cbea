# SPDX-License-Identifier: EUPL-1.2
"""URLs of the areas app's pages."""

from django.urls import path

from veerkracht.areas import views

urlpatterns = [
    path("", views.home, name="home"),
]
