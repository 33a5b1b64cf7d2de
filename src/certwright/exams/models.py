"""Orders, purchases, test centres and sessions, appointments, forms, sittings and responses."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from certwright.candidates.models import Person, ResultKindChoices, TestResult
from certwright.common import clock
from certwright.itembank.models import ItemVersion


class OrderStatus(models.TextChoices):
    PENDING = "pending", "Waiting for payment"
    PAID = "paid", "Paid"
    CANCELLED = "cancelled", "Cancelled"


class PurchaseStatus(models.TextChoices):
    OPEN = "open", "Not booked yet"
    BOOKED = "booked", "Booked"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    NO_SHOW = "no_show", "No Show"
    CANCELLED = "cancelled", "Cancelled"


OPEN_PURCHASE = ("open", "booked", "in_progress")


class TestCentre(models.Model):
    name = models.CharField(max_length=200)
    city = models.CharField(max_length=100, blank=True)
    online = models.BooleanField(default=False, help_text="Online-proctored slots instead of a building")

    def __str__(self) -> str:
        return self.name


class TestSession(models.Model):
    centre = models.ForeignKey(TestCentre, related_name="sessions", on_delete=models.PROTECT)
    starts_at = models.DateTimeField(db_index=True)
    seats = models.PositiveIntegerField()
    proctor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        ordering = ("starts_at",)
        constraints = [models.CheckConstraint(condition=Q(seats__gt=0), name="session_has_seats")]

    def __str__(self) -> str:
        return f"{self.centre} {self.starts_at:%Y-%m-%d %H:%M}"


class Order(models.Model):
    person = models.ForeignKey(Person, related_name="orders", on_delete=models.PROTECT)
    created_at = models.DateTimeField(default=clock.now)
    status = models.CharField(max_length=10, choices=OrderStatus.choices, default=OrderStatus.PENDING)
    registration_fee = models.DecimalField(max_digits=8, decimal_places=2)
    recert_discount = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    total = models.DecimalField(max_digits=8, decimal_places=2)
    currency = models.CharField(max_length=3, default="USD")
    paid_at = models.DateTimeField(null=True, blank=True)
    paid_by = models.CharField(max_length=100, blank=True, help_text="staff user or voucher code")
    policy_version = models.PositiveIntegerField()

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"Order {self.pk} ({self.get_status_display()})"


class Purchase(models.Model):
    order = models.ForeignKey(Order, related_name="purchases", on_delete=models.PROTECT)
    person = models.ForeignKey(Person, related_name="purchases", on_delete=models.PROTECT)
    test = models.CharField(max_length=4)
    kind = models.CharField(max_length=16, choices=ResultKindChoices.choices)
    fee = models.DecimalField(max_digits=8, decimal_places=2)
    purchased_on = models.DateField()
    window_ends = models.DateField()
    status = models.CharField(max_length=12, choices=PurchaseStatus.choices, default=PurchaseStatus.OPEN)
    result = models.OneToOneField(TestResult, null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        ordering = ("-purchased_on", "test")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "test"], condition=Q(status__in=OPEN_PURCHASE), name="one_open_purchase_per_test"
            )
        ]

    def __str__(self) -> str:
        return f"{self.test} for {self.person} ({self.get_status_display()})"


class Appointment(models.Model):
    purchase = models.ForeignKey(Purchase, related_name="appointments", on_delete=models.PROTECT)
    session = models.ForeignKey(TestSession, related_name="appointments", on_delete=models.PROTECT)
    booked_at = models.DateTimeField(default=clock.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("session__starts_at",)
        constraints = [
            models.UniqueConstraint(
                fields=["purchase"], condition=Q(cancelled_at__isnull=True), name="one_live_appointment_per_purchase"
            )
        ]

    def __str__(self) -> str:
        return f"{self.purchase} at {self.session}"


class Form(models.Model):
    """A published, frozen form: its slots never change once delivered."""

    test = models.CharField(max_length=4, db_index=True)
    kind = models.CharField(max_length=16, choices=ResultKindChoices.choices)
    language = models.CharField(max_length=8, default="en")
    seed = models.BigIntegerField()
    slots = models.JSONField()  # [{"item_id", "version_id", "area", "scored"}]
    time_limit_minutes = models.PositiveIntegerField()
    cut_raw = models.PositiveIntegerField()
    max_raw = models.PositiveIntegerField()
    notes = models.JSONField(default=list, blank=True)
    published_at = models.DateTimeField(default=clock.now)
    policy_version = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.test} {self.kind} form {self.pk} ({self.language})"


class SittingStatus(models.TextChoices):
    CHECKED_IN = "checked_in", "Checked in"
    STARTED = "started", "In progress"
    PAUSED = "paused", "Paused by the proctor"
    SUBMITTED = "submitted", "Submitted"
    VOIDED = "voided", "Voided"


ACTIVE_SITTING = ("checked_in", "started", "paused")


class Sitting(models.Model):
    purchase = models.OneToOneField(Purchase, related_name="sitting", on_delete=models.PROTECT)
    person = models.ForeignKey(Person, related_name="sittings", on_delete=models.PROTECT)
    appointment = models.ForeignKey(Appointment, null=True, blank=True, on_delete=models.PROTECT)
    form = models.ForeignKey(Form, related_name="sittings", on_delete=models.PROTECT)
    status = models.CharField(max_length=12, choices=SittingStatus.choices, default=SittingStatus.CHECKED_IN)
    launch_code = models.CharField(max_length=12)
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    checked_in_at = models.DateTimeField(default=clock.now)
    started_at = models.DateTimeField(null=True, blank=True)
    deadline = models.DateTimeField(null=True, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    on_break = models.BooleanField(default=False, help_text="paused by the candidate's accommodation break")
    breaks_taken = models.PositiveSmallIntegerField(default=0)
    allowed_seconds = models.PositiveIntegerField()
    current_position = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    void_reason = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(status__in=ACTIVE_SITTING), name="one_active_sitting_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"Sitting {self.pk} {self.person} {self.form.test} ({self.get_status_display()})"


class Response(models.Model):
    sitting = models.ForeignKey(Sitting, related_name="responses", on_delete=models.PROTECT)
    position = models.PositiveIntegerField()
    item_version = models.ForeignKey(ItemVersion, on_delete=models.PROTECT)
    answer = models.CharField(max_length=1, blank=True)
    flagged = models.BooleanField(default=False)
    seq = models.PositiveIntegerField(default=0)
    saved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("sitting", "position")
        constraints = [models.UniqueConstraint(fields=["sitting", "position"], name="one_response_per_slot")]

    def __str__(self) -> str:
        return f"{self.sitting_id}#{self.position}={self.answer or '-'}"


class Incident(models.Model):
    sitting = models.ForeignKey(Sitting, related_name="incidents", on_delete=models.PROTECT)
    at = models.DateTimeField(default=clock.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT)
    note = models.TextField()
    extra_seconds = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"Incident on sitting {self.sitting_id}"


class Score(models.Model):
    sitting = models.OneToOneField(Sitting, related_name="score", on_delete=models.PROTECT)
    raw = models.PositiveIntegerField()
    max_raw = models.PositiveIntegerField()
    scaled = models.PositiveIntegerField()
    passed = models.BooleanField()
    areas = models.JSONField()
    scored_at = models.DateTimeField(default=clock.now)

    def __str__(self) -> str:
        return f"Score {self.raw}/{self.max_raw} ({'pass' if self.passed else 'fail'})"


class PracticeSession(models.Model):
    """A practice test: practice-only items, immediate or end-of-test feedback, timed or not."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="practice_sessions", on_delete=models.CASCADE)
    test = models.CharField(max_length=4)
    area = models.CharField(max_length=2, blank=True)
    feedback = models.CharField(max_length=5, choices=[("each", "After each answer"), ("end", "At the end")])
    deadline = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(default=clock.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Practice {self.test}{self.area} by {self.user}"


class PracticeAnswer(models.Model):
    session = models.ForeignKey(PracticeSession, related_name="answers", on_delete=models.CASCADE)
    position = models.PositiveIntegerField()
    item_version = models.ForeignKey(ItemVersion, on_delete=models.PROTECT)
    answer = models.CharField(max_length=1, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("session", "position")
        constraints = [models.UniqueConstraint(fields=["session", "position"], name="one_practice_answer_per_slot")]

    def __str__(self) -> str:
        return f"{self.session_id}#{self.position}"
