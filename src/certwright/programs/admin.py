from django.contrib import admin

from certwright.programs.models import ProgramPolicy


@admin.register(ProgramPolicy)
class ProgramPolicyAdmin(admin.ModelAdmin[ProgramPolicy]):
    list_display = ("version", "catalog_id", "effective", "loaded_at")
    readonly_fields = ("version", "catalog_id", "name", "effective", "document", "sha256", "loaded_at", "source")
