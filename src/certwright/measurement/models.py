"""Calibrations and item statistics, standard-setting studies, adopted form cuts, adaptive practice.

A :class:`Calibration` is one run of the IRT engine over a test's response matrix; it stores one
:class:`ItemParameter` row per item (IRT parameters with standard errors and the classical
statistics of the same data). Anchored runs hold the operational items of the previous run fixed,
so later runs stay on the same scale.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from certwright.common import clock
from certwright.exams.models import Form
from certwright.itembank.models import Item


class Calibration(models.Model):
    test = models.CharField(max_length=4, db_index=True)
    model = models.CharField(max_length=5, choices=[("rasch", "Rasch"), ("2pl", "2PL"), ("3pl", "3PL")])
    created_at = models.DateTimeField(default=clock.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    anchored_on = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT)
    n_candidates = models.PositiveIntegerField()
    n_items = models.PositiveIntegerField()
    n_anchors = models.PositiveIntegerField(default=0)
    converged = models.BooleanField()
    n_iter = models.PositiveIntegerField()
    log_likelihood = models.FloatField()
    population_mean = models.FloatField(default=0.0)
    population_sd = models.FloatField(default=1.0)
    reliability = models.FloatField(null=True, blank=True, help_text="median KR-20 over the forms")
    # [[theta, count], ...]: EAP abilities of the candidates, binned by 0.1 (impact data, readiness)
    ability_histogram = models.JSONField(default=list)
    min_responses = models.PositiveIntegerField(help_text="responses a pretest item needed to be calibrated")

    class Meta:
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"{self.test} {self.model} calibration {self.pk}"


class ItemParameter(models.Model):
    calibration = models.ForeignKey(Calibration, related_name="parameters", on_delete=models.CASCADE)
    item = models.ForeignKey(Item, related_name="parameters", on_delete=models.PROTECT)
    status = models.CharField(max_length=12, help_text="the item's status when calibrated")
    anchor = models.BooleanField(default=False, help_text="held at the previous run's parameters")
    a = models.FloatField()
    b = models.FloatField()
    c = models.FloatField(default=0.0)
    se_a = models.FloatField(null=True, blank=True)
    se_b = models.FloatField(null=True, blank=True)
    se_c = models.FloatField(null=True, blank=True)
    n_responses = models.PositiveIntegerField()
    p_value = models.FloatField(null=True, blank=True)
    point_biserial = models.FloatField(null=True, blank=True)
    flags = models.JSONField(default=list, blank=True)  # [{"reason", "value", "option"}]
    # {"options": [...], "key": "B", "proportion": [...], "by_group": [[lower], [middle], [upper]]}
    distractors = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("calibration", "item__item_id")
        constraints = [models.UniqueConstraint(fields=["calibration", "item"], name="one_parameter_row_per_item")]

    def __str__(self) -> str:
        return f"{self.item.item_id} a={self.a:.2f} b={self.b:.2f} c={self.c:.2f}"


class StudyStatus(models.TextChoices):
    OPEN = "open", "Rating"
    ADOPTED = "adopted", "Cut adopted"


class StandardSettingStudy(models.Model):
    """A modified-Angoff study of one form's scored items."""

    form = models.ForeignKey(Form, related_name="studies", on_delete=models.PROTECT)
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=8, choices=StudyStatus.choices, default=StudyStatus.OPEN)
    current_round = models.PositiveSmallIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=clock.now)
    panelists = models.ManyToManyField(settings.AUTH_USER_MODEL, through="Panelist", related_name="studies")

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name_plural = "standard-setting studies"

    def __str__(self) -> str:
        return self.title


class Panelist(models.Model):
    study = models.ForeignKey(StandardSettingStudy, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    invited_at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["study", "user"], name="one_invitation_per_panelist")]

    def __str__(self) -> str:
        return f"{self.user} on {self.study}"


class AngoffRating(models.Model):
    """A panelist's probability that a minimally competent candidate answers one item right."""

    study = models.ForeignKey(StandardSettingStudy, related_name="ratings", on_delete=models.CASCADE)
    panelist = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    round = models.PositiveSmallIntegerField()
    position = models.PositiveIntegerField(help_text="index among the form's scored slots")
    rating = models.FloatField()
    rated_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ("study", "round", "panelist", "position")
        constraints = [
            models.UniqueConstraint(fields=["study", "panelist", "round", "position"], name="one_rating_per_item"),
            models.CheckConstraint(condition=Q(rating__gte=0) & Q(rating__lte=1), name="rating_is_probability"),
        ]

    def __str__(self) -> str:
        return f"{self.panelist} r{self.round} #{self.position}={self.rating:.2f}"


class CutSource(models.TextChoices):
    ANGOFF = "angoff", "Modified-Angoff study"
    EQUATING = "equating", "IRT true-score equating to a base form"


class FormCut(models.Model):
    """The adopted cut of a form, with its raw-to-scaled conversion table."""

    form = models.OneToOneField(Form, related_name="adopted_cut", on_delete=models.PROTECT)
    source = models.CharField(max_length=8, choices=CutSource.choices)
    cut_raw = models.PositiveIntegerField()
    cut_exact = models.FloatField(help_text="the panel's cut or the equated score before rounding up")
    cut_se = models.FloatField(null=True, blank=True)
    cut_theta = models.FloatField(null=True, blank=True)
    study = models.ForeignKey(StandardSettingStudy, null=True, blank=True, on_delete=models.PROTECT)
    base = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, help_text="equated to")
    calibration = models.ForeignKey(Calibration, null=True, blank=True, on_delete=models.PROTECT)
    conversion = models.JSONField(help_text="[[raw, scaled, theta|null], ...] for raw 0..max")
    adopted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    adopted_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ("-adopted_at", "-pk")

    def __str__(self) -> str:
        return f"Form {self.form_id} cut {self.cut_raw} ({self.source})"


class AdaptiveSession(models.Model):
    """An adaptive practice test on the calibrated practice pool; ends with a readiness estimate."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="adaptive_sessions", on_delete=models.CASCADE)
    test = models.CharField(max_length=4)
    calibration = models.ForeignKey(Calibration, on_delete=models.PROTECT)
    cut_theta = models.FloatField()
    seed = models.BigIntegerField()
    # [{"item_id", "version_id", "answer", "correct"}] in the order given; the last may be unanswered
    steps = models.JSONField(default=list)
    theta = models.FloatField(default=0.0)
    se = models.FloatField(default=1.0)
    p_pass = models.FloatField(null=True, blank=True)
    stop_reason = models.CharField(max_length=24, blank=True)
    started_at = models.DateTimeField(default=clock.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-started_at", "-pk")

    def __str__(self) -> str:
        return f"Adaptive practice {self.test} by {self.user}"
