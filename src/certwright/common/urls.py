from django.urls import path

from certwright.common import views_audit

urlpatterns = [
    path("staff/audit/", views_audit.audit_log, name="staff-audit"),
]
