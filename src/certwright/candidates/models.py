"""People (technicians and other candidates) and the facts the standing engine reads."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from certwright.common import clock
from certwright.core.facts import ExperienceKind, Outcome, ResultKind


class OutcomeChoices(models.TextChoices):
    PASS = Outcome.PASS.value, "Pass"
    FAIL = Outcome.FAIL.value, "Fail"
    NO_SHOW = Outcome.NO_SHOW.value, "No Show"


class ResultKindChoices(models.TextChoices):
    INITIAL = ResultKind.INITIAL.value, "Certification test"
    RECERTIFICATION = ResultKind.RECERTIFICATION.value, "Recertification test"
    ENTRY_LEVEL = ResultKind.ENTRY_LEVEL.value, "Entry-level test"


class ExperienceKindChoices(models.TextChoices):
    WORK = ExperienceKind.WORK.value, "Work"
    TRAINING = ExperienceKind.TRAINING.value, "Training"


class ExperienceStatus(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class Person(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="person", on_delete=models.SET_NULL
    )
    candidate_id = models.CharField(max_length=20, unique=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100, db_index=True)
    email = models.EmailField(blank=True)
    preferred_language = models.CharField(max_length=8, default="en")
    time_multiplier = models.DecimalField(max_digits=3, decimal_places=2, default=1)
    breaks_allowed = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ("last_name", "first_name")
        verbose_name_plural = "people"
        constraints = [
            models.CheckConstraint(
                condition=Q(time_multiplier__gte=1) & Q(time_multiplier__lte=3), name="time_multiplier_1_to_3"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.candidate_id})"

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class TestResult(models.Model):
    person = models.ForeignKey(Person, related_name="results", on_delete=models.CASCADE)
    test = models.CharField(max_length=4, db_index=True)
    date = models.DateField()
    outcome = models.CharField(max_length=8, choices=OutcomeChoices.choices)
    kind = models.CharField(max_length=16, choices=ResultKindChoices.choices, default=ResultKindChoices.INITIAL)
    policy_version = models.PositiveIntegerField()
    source = models.CharField(max_length=40, default="import")
    recorded_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ("date", "id")

    def __str__(self) -> str:
        return f"{self.person_id} {self.test} {self.date} {self.outcome}"


class ExperienceRecord(models.Model):
    person = models.ForeignKey(Person, related_name="experience", on_delete=models.CASCADE)
    kind = models.CharField(max_length=10, choices=ExperienceKindChoices.choices)
    employer_name = models.CharField(max_length=200, blank=True)
    description = models.CharField(max_length=300, blank=True)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    hours_per_week = models.DecimalField(max_digits=5, decimal_places=1, default=40)
    months_credit = models.DecimalField(max_digits=5, decimal_places=1, default=0)
    status = models.CharField(max_length=10, choices=ExperienceStatus.choices, default=ExperienceStatus.PENDING)
    review_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ("start", "id")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=models.F("start")),
                name="experience_end_after_start",
            ),
            models.CheckConstraint(condition=Q(kind="training") | Q(start__isnull=False), name="work_has_start"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.employer_name or self.description} ({self.get_status_display()})"


class RenewalCredit(models.Model):
    person = models.ForeignKey(Person, related_name="renewal_credits", on_delete=models.CASCADE)
    test = models.CharField(max_length=4)
    date = models.DateField()
    correct = models.BooleanField()

    class Meta:
        ordering = ("date", "id")

    def __str__(self) -> str:
        return f"{self.person_id} {self.test} {self.date} {'correct' if self.correct else 'wrong'}"


class Revocation(models.Model):
    person = models.ForeignKey(Person, related_name="revocations", on_delete=models.CASCADE)
    test = models.CharField(max_length=4)
    date = models.DateField()
    reason = models.TextField()

    class Meta:
        ordering = ("date", "id")

    def __str__(self) -> str:
        return f"{self.person_id} {self.test} revoked {self.date}"
