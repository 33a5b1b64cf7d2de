from django.contrib import admin

from certwright.candidates.models import ExperienceRecord, Person, RenewalCredit, Revocation, TestResult


class TestResultInline(admin.TabularInline[TestResult, Person]):
    model = TestResult
    extra = 0


class ExperienceInline(admin.TabularInline[ExperienceRecord, Person]):
    model = ExperienceRecord
    extra = 0


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin[Person]):
    list_display = ("candidate_id", "last_name", "first_name", "email")
    search_fields = ("candidate_id", "last_name", "first_name", "email")
    inlines = (TestResultInline, ExperienceInline)


@admin.register(TestResult)
class TestResultAdmin(admin.ModelAdmin[TestResult]):
    list_display = ("person", "test", "date", "outcome", "kind", "policy_version")
    list_filter = ("test", "outcome", "kind")


@admin.register(ExperienceRecord)
class ExperienceRecordAdmin(admin.ModelAdmin[ExperienceRecord]):
    list_display = ("person", "kind", "employer_name", "start", "end", "status")
    list_filter = ("kind", "status")


admin.site.register(RenewalCredit)
admin.site.register(Revocation)
