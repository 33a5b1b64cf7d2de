"""Preparation: study goals, FSRS review cards and their log, classes (study groups) and assignments."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from certwright.candidates.models import Person
from certwright.common import clock
from certwright.itembank.models import Item, ItemVersion


class TargetKind(models.TextChoices):
    TEST = "test", "A test"
    MASTER = "master", "A Master designation"
    PATH = "path", "A career path"


class StudyGoal(models.Model):
    """What a person prepares for and by when; the plan itself is derived (core.study_plan) on each view."""

    person = models.ForeignKey(Person, related_name="study_goals", on_delete=models.CASCADE)
    target_kind = models.CharField(max_length=8, choices=TargetKind.choices)
    target_code = models.CharField(max_length=60)
    target_date = models.DateField()
    weekly_questions = models.PositiveIntegerField(default=60)
    new_per_day = models.PositiveIntegerField(default=10, help_text="new cards a day in the review queue")
    created_at = models.DateTimeField(default=clock.now)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ("-created_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=models.Q(active=True), name="one_active_study_goal_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} -> {self.target_kind} {self.target_code} by {self.target_date}"


class ReviewCard(models.Model):
    """One FSRS card per person and item; ``fsrs`` is the library's ``Card.to_dict()``."""

    person = models.ForeignKey(Person, related_name="review_cards", on_delete=models.CASCADE)
    item = models.ForeignKey(Item, related_name="review_cards", on_delete=models.PROTECT)
    test = models.CharField(max_length=4, db_index=True)
    area = models.CharField(max_length=2)
    fsrs = models.JSONField()
    due = models.DateTimeField(db_index=True)
    reviews = models.PositiveIntegerField(default=0)
    lapses = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ("due", "id")
        constraints = [models.UniqueConstraint(fields=["person", "item"], name="one_review_card_per_person_item")]

    def __str__(self) -> str:
        return f"{self.person_id}:{self.item_id} due {self.due:%Y-%m-%d}"


class ReviewSource(models.TextChoices):
    PRACTICE = "practice", "Practice test"
    REVIEW = "review", "Review queue"


class ReviewLog(models.Model):
    """Every answer that moved a card: the evidence for readiness and class analytics."""

    card = models.ForeignKey(ReviewCard, related_name="log", on_delete=models.CASCADE)
    item_version = models.ForeignKey(ItemVersion, null=True, blank=True, on_delete=models.PROTECT)
    source = models.CharField(max_length=8, choices=ReviewSource.choices)
    answer = models.CharField(max_length=1)
    correct = models.BooleanField()
    rating = models.PositiveSmallIntegerField()
    reviewed_at = models.DateTimeField(default=clock.now, db_index=True)

    class Meta:
        ordering = ("reviewed_at", "id")

    def __str__(self) -> str:
        return f"{self.card_id} {self.answer} {'right' if self.correct else 'wrong'}"


class GroupKind(models.TextChoices):
    CLASS = "class", "Class"
    STUDY_GROUP = "study_group", "Study group"


class StudyGroup(models.Model):
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=12, choices=GroupKind.choices, default=GroupKind.CLASS)
    educator = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="study_groups", on_delete=models.PROTECT)
    invite_token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ("name", "id")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    group = models.ForeignKey(StudyGroup, related_name="memberships", on_delete=models.CASCADE)
    person = models.ForeignKey(Person, related_name="study_memberships", on_delete=models.CASCADE)
    joined_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ("joined_at", "id")
        constraints = [models.UniqueConstraint(fields=["group", "person"], name="one_membership_per_group_person")]

    def __str__(self) -> str:
        return f"{self.person} in {self.group}"


class Assignment(models.Model):
    """Practise ``questions`` questions of a test (or one area) by ``due_on``; done when the practice log shows it."""

    group = models.ForeignKey(StudyGroup, related_name="assignments", on_delete=models.CASCADE)
    title = models.CharField(max_length=160)
    test = models.CharField(max_length=4)
    area = models.CharField(max_length=2, blank=True)
    questions = models.PositiveIntegerField(default=20)
    due_on = models.DateField()
    created_at = models.DateTimeField(default=clock.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)

    class Meta:
        ordering = ("due_on", "id")

    def __str__(self) -> str:
        return f"{self.title} ({self.test}{' ' + self.area if self.area else ''}) due {self.due_on}"
