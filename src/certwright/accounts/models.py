"""Users and their roles."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models

from certwright.common import clock
from certwright.core.roles import ROLE_LABELS, Role


class RoleChoices(models.TextChoices):
    CANDIDATE = Role.CANDIDATE.value, ROLE_LABELS[Role.CANDIDATE]
    ITEM_WRITER = Role.ITEM_WRITER.value, ROLE_LABELS[Role.ITEM_WRITER]
    REVIEWER = Role.REVIEWER.value, ROLE_LABELS[Role.REVIEWER]
    PROCTOR = Role.PROCTOR.value, ROLE_LABELS[Role.PROCTOR]
    PSYCHOMETRICIAN = Role.PSYCHOMETRICIAN.value, ROLE_LABELS[Role.PSYCHOMETRICIAN]
    EMPLOYER_ADMIN = Role.EMPLOYER_ADMIN.value, ROLE_LABELS[Role.EMPLOYER_ADMIN]
    EDUCATOR = Role.EDUCATOR.value, ROLE_LABELS[Role.EDUCATOR]
    STAFF = Role.STAFF.value, ROLE_LABELS[Role.STAFF]


class User(AbstractUser):
    preferred_language = models.CharField(max_length=8, default="en")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class RoleGrant(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="role_grants", on_delete=models.CASCADE)
    role = models.CharField(max_length=32, choices=RoleChoices.choices)
    granted_at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="one_grant_per_role")]

    def __str__(self) -> str:
        return f"{self.user} is {self.get_role_display()}"
