"""Pages of the candidates app for experience and continuous renewal (mounted at the site root)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
