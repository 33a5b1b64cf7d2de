"""Pages of the credentials app (mounted at the site root by config/urls.py)."""

from django.urls import URLPattern, path

from certwright.credentials import views

urlpatterns: list[URLPattern] = [
    path("me/credentials/", views.my_credentials, name="my-credentials"),
    path("verify", views.verify, name="verify"),
    path("verify/bulk/", views.verify_bulk, name="verify-bulk"),
    path("staff/credentials/", views.staff_list, name="credential-staff-list"),
    path("staff/credentials/<str:number>/", views.staff_detail, name="credential-staff-detail"),
    path(
        "staff/credentials/<str:number>/<str:action>/",
        views.staff_action,
        name="credential-staff-action",
    ),
]
