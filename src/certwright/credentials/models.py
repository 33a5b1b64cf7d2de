"""Credentials issued from a person's standing, and the history of each one.

A ``Credential`` is the durable, verifiable record of a certification (``kind=test``, e.g. "A5") or a
Master designation (``kind=master``, e.g. series "A"). Its number (``CW`` + 8 digits + a Luhn check
digit, see ``certwright.core.certnumber``) never changes across renewals; ``valid_until`` moves and a
``CredentialEvent`` records every change.

``status`` holds only what staff decided (active, suspended, revoked). Whether a test credential is
expired is computed from ``valid_until`` on a given day; a Master designation's displayed status is
computed live from the person's standing (see ``credentials.selectors``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from certwright.common import clock


class CredentialKind(models.TextChoices):
    TEST = "test", "Test certification"
    MASTER = "master", "Master designation"


class CredentialStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"
    REVOKED = "revoked", "Revoked"


class EventKind(models.TextChoices):
    ISSUED = "issued", "Issued"
    RENEWED = "renewed", "Renewed"
    SUSPENDED = "suspended", "Suspended"
    REINSTATED = "reinstated", "Reinstated"
    REVOKED = "revoked", "Revoked"
    EXPIRED_NOTED = "expired_noted", "Expiry noted"
    MASTER_LOST = "master_lost", "Master status lost"
    MASTER_RESTORED = "master_restored", "Master status restored"


class Credential(models.Model):
    number = models.CharField(max_length=11, unique=True)
    person = models.ForeignKey("candidates.Person", related_name="credentials", on_delete=models.PROTECT)
    kind = models.CharField(max_length=8, choices=CredentialKind.choices)
    code = models.CharField(max_length=4, help_text="Test code (A5) or master series (A).")
    name = models.CharField(max_length=200, help_text="Achievement name, e.g. 'Brakes (A5)'.")
    issued_on = models.DateField()
    valid_from = models.DateField()
    valid_until = models.DateField(null=True, blank=True, help_text="Empty for Master: follows the tests.")
    policy_version = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=CredentialStatus.choices, default=CredentialStatus.ACTIVE)
    status_list_index = models.PositiveIntegerField(unique=True)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ("person_id", "kind", "code")
        constraints = [
            models.UniqueConstraint(
                fields=("person", "kind", "code"),
                condition=~Q(status="revoked"),
                name="credential_one_live_per_person_kind_code",
            ),
            models.CheckConstraint(condition=Q(status_list_index__gte=1), name="credential_status_index_positive"),
            models.CheckConstraint(
                condition=Q(kind="master") | Q(valid_until__isnull=False), name="credential_test_has_valid_until"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class CredentialEvent(models.Model):
    credential = models.ForeignKey(Credential, related_name="events", on_delete=models.CASCADE)
    kind = models.CharField(max_length=16, choices=EventKind.choices)
    at = models.DateTimeField(default=clock.now)
    on = models.DateField(help_text="The day the event took effect (the rule date).")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL)
    reason = models.TextField(blank=True)
    valid_until_before = models.DateField(null=True, blank=True)
    valid_until_after = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ("credential_id", "at", "id")
        indexes = [models.Index(fields=("credential", "kind"))]

    def __str__(self) -> str:
        return f"{self.credential_id} {self.kind} {self.on}"
