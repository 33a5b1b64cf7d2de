"""Read-only admin views of credentials: changes go through the services (audited), never the admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from certwright.credentials.models import Credential, CredentialEvent


class EventInline(admin.TabularInline[CredentialEvent, Credential]):
    model = CredentialEvent
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "on", "at", "by", "reason", "valid_until_before", "valid_until_after")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:  # noqa: ARG002
        return False


@admin.register(Credential)
class CredentialAdmin(admin.ModelAdmin[Credential]):
    list_display = ("number", "person", "kind", "code", "status", "valid_until", "issued_on")
    list_filter = ("kind", "status", "code")
    search_fields = ("number", "person__last_name", "person__candidate_id")
    readonly_fields = (
        "number",
        "person",
        "kind",
        "code",
        "name",
        "issued_on",
        "valid_from",
        "valid_until",
        "policy_version",
        "status",
        "status_list_index",
        "created_at",
    )
    inlines = (EventInline,)

    def has_add_permission(self, request: HttpRequest) -> bool:  # noqa: ARG002
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:  # noqa: ARG002
        return False
