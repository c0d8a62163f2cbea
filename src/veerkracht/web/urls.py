# SPDX-License-Identifier: EUPL-1.2
"""URLs of the web pages."""

from django.contrib.auth import views as auth_views
from django.urls import path

from veerkracht.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("monitor/", views.monitor, name="monitor"),
    path("inloggen/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
]
