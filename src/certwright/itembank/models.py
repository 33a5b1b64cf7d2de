"""Items, their versions, exhibits and panel reviews.

An item's content lives in versions: a version is frozen once delivered; editing then makes a new
version, and every delivered response points to the exact version it showed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from certwright.common import clock
from certwright.core.item_workflow import Vote
from certwright.core.items import Difficulty, ExhibitKind, ItemStatus, ItemStyle, ItemUse

STATUS_CHOICES = [(s.value, s.value.replace("_", " ")) for s in ItemStatus]
STYLE_CHOICES = [(s.value, s.value.replace("_", " ")) for s in ItemStyle]
USE_CHOICES = [(s.value, s.value.replace("_", " ")) for s in ItemUse]
DIFFICULTY_CHOICES = [(s.value, s.value.replace("_", " ")) for s in Difficulty]
EXHIBIT_KIND_CHOICES = [(s.value, s.value.replace("_", " ")) for s in ExhibitKind]
VOTE_CHOICES = [(s.value, s.value.replace("_", " ")) for s in Vote]


class Exhibit(models.Model):
    exhibit_id = models.CharField(max_length=40, unique=True)
    test = models.CharField(max_length=4, db_index=True)
    kind = models.CharField(max_length=10, choices=EXHIBIT_KIND_CHOICES)
    title = models.CharField(max_length=300)
    alt = models.TextField()
    file_name = models.CharField(max_length=200, blank=True)
    text_content = models.TextField(blank=True)  # SVG markup or Markdown
    binary_content = models.BinaryField(blank=True, default=b"")  # PNG
    columns = models.JSONField(default=list, blank=True)
    rows = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ("exhibit_id",)

    def __str__(self) -> str:
        return f"{self.exhibit_id} {self.title}"


class Item(models.Model):
    item_id = models.CharField(max_length=40, unique=True)
    test = models.CharField(max_length=4, db_index=True)
    area = models.CharField(max_length=2)
    language = models.CharField(max_length=8, default="en")
    use = models.CharField(max_length=12, choices=USE_CHOICES)
    status = models.CharField(max_length=12, choices=STATUS_CHOICES, default=ItemStatus.DRAFT.value)
    translation_of = models.ForeignKey(
        "self", null=True, blank=True, related_name="translations", on_delete=models.PROTECT
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    author_label = models.CharField(max_length=100, blank=True)
    retired_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=clock.now)
    updated_at = models.DateTimeField(default=clock.now)
    exposure_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("test", "item_id")
        indexes = [models.Index(fields=["test", "status", "use", "language"])]

    def __str__(self) -> str:
        return self.item_id

    @property
    def current(self) -> ItemVersion:
        return self.versions.order_by("-number").first()  # type: ignore[return-value]


class ItemVersion(models.Model):
    item = models.ForeignKey(Item, related_name="versions", on_delete=models.PROTECT)
    number = models.PositiveIntegerField()
    style = models.CharField(max_length=16, choices=STYLE_CHOICES)
    difficulty = models.CharField(max_length=8, choices=DIFFICULTY_CHOICES)
    task = models.CharField(max_length=300, blank=True)
    stem = models.TextField()
    options = models.JSONField()  # [{"letter": "A", "text": ..., "rationale": ...}, ...]
    key = models.CharField(max_length=1)
    rationale = models.TextField()
    exhibit = models.ForeignKey(Exhibit, null=True, blank=True, on_delete=models.PROTECT)
    references = models.JSONField(default=list, blank=True)
    enemies = models.JSONField(default=list, blank=True)
    translation_reviewed = models.BooleanField(default=False)
    delivered = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ("item", "number")
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="one_number_per_item_version")]

    def __str__(self) -> str:
        return f"{self.item.item_id} v{self.number}"


class Review(models.Model):
    version = models.ForeignKey(ItemVersion, related_name="reviews", on_delete=models.PROTECT)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    vote = models.CharField(max_length=8, choices=VOTE_CHOICES)
    comment = models.TextField(blank=True)
    resolved = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ("created_at", "id")
        constraints = [models.UniqueConstraint(fields=["version", "reviewer"], name="one_vote_per_reviewer")]

    def __str__(self) -> str:
        return f"{self.reviewer} {self.vote} {self.version}"
