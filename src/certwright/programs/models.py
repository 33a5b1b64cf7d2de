"""Versioned programme policy: each loaded catalog document is kept, so decisions can be replayed."""

from __future__ import annotations

from django.db import models


class ProgramPolicy(models.Model):
    version = models.PositiveIntegerField(unique=True)
    catalog_id = models.CharField(max_length=40)
    name = models.CharField(max_length=200)
    effective = models.DateField()
    document = models.TextField()
    sha256 = models.CharField(max_length=64)
    loaded_at = models.DateTimeField()
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ("-version",)
        verbose_name_plural = "programme policies"

    def __str__(self) -> str:
        return f"{self.catalog_id} policy v{self.version}"
