"""Pages of the employers app (mounted at the site root by config/urls.py)."""

from django.urls import path

from certwright.employers import views

urlpatterns = [
    path("employer/vouchers/", views.vouchers, name="employer-vouchers"),
]
