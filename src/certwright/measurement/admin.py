"""Read-mostly admin views of calibrations, studies and cuts (changes go through the services)."""

from django.contrib import admin

from certwright.measurement.models import (
    AdaptiveSession,
    AngoffRating,
    Calibration,
    FormCut,
    ItemParameter,
    StandardSettingStudy,
)


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]  # noqa: ARG002
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]  # noqa: ARG002
        return False


@admin.register(Calibration)
class CalibrationAdmin(ReadOnly):
    list_display = ("pk", "test", "model", "created_at", "n_items", "n_anchors", "n_candidates", "converged")
    list_filter = ("test", "model")


@admin.register(ItemParameter)
class ItemParameterAdmin(ReadOnly):
    list_display = ("item", "calibration", "anchor", "a", "b", "c", "n_responses", "p_value", "point_biserial")
    list_filter = ("calibration__test", "anchor")


@admin.register(StandardSettingStudy)
class StudyAdmin(ReadOnly):
    list_display = ("title", "form", "status", "current_round", "created_at")


@admin.register(AngoffRating)
class RatingAdmin(ReadOnly):
    list_display = ("study", "panelist", "round", "position", "rating")


@admin.register(FormCut)
class FormCutAdmin(ReadOnly):
    list_display = ("form", "source", "cut_raw", "cut_exact", "cut_theta", "adopted_at")


@admin.register(AdaptiveSession)
class AdaptiveSessionAdmin(ReadOnly):
    list_display = ("user", "test", "started_at", "finished_at", "theta", "se", "p_pass")
