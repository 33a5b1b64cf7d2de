from django.contrib import admin

from certwright.exams.models import TestCentre, TestSession


class TestSessionInline(admin.TabularInline[TestSession, TestCentre]):
    model = TestSession
    extra = 1


@admin.register(TestCentre)
class TestCentreAdmin(admin.ModelAdmin[TestCentre]):
    list_display = ("name", "city", "online")
    inlines = (TestSessionInline,)


@admin.register(TestSession)
class TestSessionAdmin(admin.ModelAdmin[TestSession]):
    list_display = ("centre", "starts_at", "seats", "proctor")
    list_filter = ("centre",)
