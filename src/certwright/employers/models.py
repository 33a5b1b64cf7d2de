"""Organisations (shops, dealerships, fleets, schools), their admins and their employees."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from certwright.candidates.models import Person


class OrganisationKind(models.TextChoices):
    INDEPENDENT_SHOP = "independent_shop", "Independent shop"
    DEALERSHIP = "dealership", "Dealership"
    FLEET = "fleet", "Fleet"
    SCHOOL = "school", "School"


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)

    def __str__(self) -> str:
        return self.name


class OrganisationAdmin(models.Model):
    organisation = models.ForeignKey(Organisation, related_name="admins", on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="organisation_admin", on_delete=models.CASCADE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="one_admin_row")]

    def __str__(self) -> str:
        return f"{self.user} admin of {self.organisation}"


class Employment(models.Model):
    """A technician linked to an organisation (the technician accepted the invitation)."""

    organisation = models.ForeignKey(Organisation, related_name="employments", on_delete=models.CASCADE)
    person = models.ForeignKey(Person, related_name="employments", on_delete=models.CASCADE)
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    role_title = models.CharField(max_length=100, blank=True)

    def __str__(self) -> str:
        return f"{self.person} at {self.organisation}"


class Voucher(models.Model):
    """A prepaid test voucher an employer bought for its technicians; it settles one order."""

    code = models.CharField(max_length=20, unique=True)
    organisation = models.ForeignKey(Organisation, related_name="vouchers", on_delete=models.PROTECT)
    test = models.CharField(max_length=4, blank=True, help_text="blank: any test")
    assigned_to = models.ForeignKey(Person, null=True, blank=True, related_name="vouchers", on_delete=models.PROTECT)
    issued_at = models.DateTimeField()
    redeemed_at = models.DateTimeField(null=True, blank=True)
    redeemed_order = models.IntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Voucher {self.code} ({self.organisation})"
