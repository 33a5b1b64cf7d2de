from django.contrib import admin

from certwright.preparation.models import Assignment, Membership, ReviewCard, StudyGoal, StudyGroup


@admin.register(StudyGoal)
class StudyGoalAdmin(admin.ModelAdmin[StudyGoal]):
    list_display = ("person", "target_kind", "target_code", "target_date", "active")
    list_filter = ("target_kind", "active")


@admin.register(ReviewCard)
class ReviewCardAdmin(admin.ModelAdmin[ReviewCard]):
    list_display = ("person", "item", "test", "area", "due", "reviews", "lapses")
    list_filter = ("test",)
    readonly_fields = ("fsrs",)


@admin.register(StudyGroup)
class StudyGroupAdmin(admin.ModelAdmin[StudyGroup]):
    list_display = ("name", "kind", "educator", "created_at")


admin.site.register(Membership)
admin.site.register(Assignment)
