# SPDX-License-Identifier: EUPL-1.2
"""URLs of the shared kernel's pages: logging in and out."""

from django.contrib.auth import views as auth_views
from django.urls import path

urlpatterns = [
    path("inloggen/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
]
