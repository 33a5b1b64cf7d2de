"""Credential documents and Open Badges endpoints: PDFs, badge downloads, did:web, status lists."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
