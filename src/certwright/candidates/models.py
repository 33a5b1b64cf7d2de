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
    organisation = models.ForeignKey(
        "employers.Organisation", null=True, blank=True, related_name="+", on_delete=models.PROTECT
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.PROTECT
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

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


# --- Experience evidence and employer attestation -------------------------------------------------


class AttestationStatus(models.TextChoices):
    NONE = "", "Not asked"
    CONFIRMED = "confirmed", "Confirmed by the employer"
    DISPUTED = "disputed", "Disputed by the employer"


class ExperienceAttestation(models.Model):
    """The named employer's answer about a work period (one per record, the latest answer wins)."""

    record = models.OneToOneField(ExperienceRecord, related_name="attestation", on_delete=models.CASCADE)
    organisation = models.ForeignKey("employers.Organisation", related_name="+", on_delete=models.PROTECT)
    status = models.CharField(max_length=10, choices=AttestationStatus.choices)
    note = models.CharField(max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.PROTECT)
    at = models.DateTimeField(default=clock.now)

    def __str__(self) -> str:
        return f"{self.record_id} {self.status} by {self.organisation_id}"


class ExperienceEvidence(models.Model):
    """An uploaded document (PDF, PNG or JPEG, type checked by its bytes) backing an experience record."""

    record = models.ForeignKey(ExperienceRecord, related_name="evidence", on_delete=models.CASCADE)
    file = models.FileField(upload_to="evidence/%Y/%m/", max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ("uploaded_at", "id")

    def __str__(self) -> str:
        return self.original_name


# --- Continuous renewal ---------------------------------------------------------------------------


class SubscriptionStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    CANCELLED = "cancelled", "Cancelled"
    ENDED = "ended", "Ended"


class RenewalSubscription(models.Model):
    """A continuous-renewal year: one question a month per eligible certification, from ``start`` to ``end``."""

    person = models.ForeignKey(Person, related_name="renewal_subscriptions", on_delete=models.CASCADE)
    start = models.DateField()
    end = models.DateField()
    status = models.CharField(max_length=10, choices=SubscriptionStatus.choices, default=SubscriptionStatus.ACTIVE)
    created_at = models.DateTimeField(default=clock.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-start", "id")
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(status="active"), name="one_active_renewal_subscription"
            ),
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="renewal_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"renewal {self.person_id} {self.start}..{self.end} ({self.status})"


class RenewalQuestion(models.Model):
    """One question of one month for one certification; answered at most once."""

    subscription = models.ForeignKey(RenewalSubscription, related_name="questions", on_delete=models.CASCADE)
    test = models.CharField(max_length=4)
    month_index = models.PositiveSmallIntegerField()
    seq = models.PositiveSmallIntegerField(default=0)
    item_version = models.ForeignKey("itembank.ItemVersion", related_name="+", on_delete=models.PROTECT)
    presented_at = models.DateTimeField(default=clock.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    chosen = models.CharField(max_length=1, blank=True)
    correct = models.BooleanField(null=True)
    credit = models.OneToOneField(RenewalCredit, null=True, blank=True, related_name="+", on_delete=models.SET_NULL)

    class Meta:
        ordering = ("month_index", "test", "seq")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "test", "month_index", "seq"], name="one_renewal_question_per_slot"
            ),
        ]

    def __str__(self) -> str:
        return f"renewal question {self.test} month {self.month_index + 1}"


# --- Expiry reminders ----------------------------------------------------------------------------


class ReminderKind(models.TextChoices):
    EXPIRY = "expiry", "Expiry reminder to the technician"
    DIGEST = "digest", "Digest to employer admins"


class ReminderSent(models.Model):
    """A reminder claimed (row inserted first) and then sent; the unique constraints make sending idempotent."""

    kind = models.CharField(max_length=8, choices=ReminderKind.choices)
    person = models.ForeignKey(Person, null=True, blank=True, related_name="reminders", on_delete=models.CASCADE)
    test = models.CharField(max_length=4, blank=True)
    expiry = models.DateField(null=True, blank=True)
    days = models.PositiveSmallIntegerField(null=True, blank=True)
    organisation = models.ForeignKey(
        "employers.Organisation", null=True, blank=True, related_name="+", on_delete=models.CASCADE
    )
    period = models.CharField(max_length=10, blank=True)
    as_of = models.DateField()
    recipients = models.TextField(blank=True)
    claimed_at = models.DateTimeField(default=clock.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ("claimed_at", "id")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "test", "expiry", "days"],
                condition=Q(kind="expiry"),
                name="one_expiry_reminder",
            ),
            models.UniqueConstraint(
                fields=["organisation", "period"], condition=Q(kind="digest"), name="one_digest_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} reminder {self.person_id or self.organisation_id} {self.test} {self.days or self.period}"
