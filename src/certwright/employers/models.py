"""Organisations (shops, dealerships, fleets, schools): locations, admins, employees, job roles,
invitations, voucher orders and the monthly digest log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from certwright.candidates.models import Person
from certwright.common import clock


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


class Location(models.Model):
    """A place of business and the areas of service it offers (keys of the catalog's
    ``recognition.blue_seal.service_areas``); its public page is off until the admin opts in."""

    organisation = models.ForeignKey(Organisation, related_name="locations", on_delete=models.CASCADE)
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=80, unique=True)
    city = models.CharField(max_length=120, blank=True)
    service_areas = models.JSONField(default=list, blank=True)
    public_page = models.BooleanField(default=False)

    class Meta:
        ordering = ("organisation", "name")
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="location_name_per_org")]

    def __str__(self) -> str:
        return f"{self.organisation} - {self.name}"


class JobRole(models.Model):
    """A role and the certifications it requires ("Brake technician needs A5")."""

    organisation = models.ForeignKey(Organisation, related_name="job_roles", on_delete=models.CASCADE)
    name = models.CharField(max_length=100)
    required_tests = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ("name",)
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="job_role_name_per_org")]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class Visibility(models.TextChoices):
    CERTIFICATIONS = "certifications", "Certifications only"
    PROGRESS = "progress", "Certifications, renewal progress and upcoming tests"


class Employment(models.Model):
    """A technician linked to an organisation (the technician accepted the invitation)."""

    organisation = models.ForeignKey(Organisation, related_name="employments", on_delete=models.CASCADE)
    person = models.ForeignKey(Person, related_name="employments", on_delete=models.CASCADE)
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    role_title = models.CharField(max_length=100, blank=True)
    location = models.ForeignKey(Location, null=True, blank=True, related_name="employments", on_delete=models.SET_NULL)
    job_role = models.ForeignKey(JobRole, null=True, blank=True, related_name="employments", on_delete=models.SET_NULL)
    diagnoses_and_repairs = models.BooleanField(
        default=True, help_text="counts towards the recognition share of certified technicians"
    )
    visibility = models.CharField(max_length=20, choices=Visibility.choices, default=Visibility.PROGRESS)

    def __str__(self) -> str:
        return f"{self.person} at {self.organisation}"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the technician"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    CANCELLED = "cancelled", "Cancelled"


class Invitation(models.Model):
    """An organisation asks a technician (by candidate ID or email) to link their record."""

    organisation = models.ForeignKey(Organisation, related_name="invitations", on_delete=models.CASCADE)
    person = models.ForeignKey(Person, null=True, blank=True, related_name="invitations", on_delete=models.CASCADE)
    email = models.EmailField(blank=True)
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.SET_NULL)
    job_role = models.ForeignKey(JobRole, null=True, blank=True, on_delete=models.SET_NULL)
    status = models.CharField(max_length=12, choices=InvitationStatus.choices, default=InvitationStatus.PENDING)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=clock.now)
    responded_at = models.DateTimeField(null=True, blank=True)
    employment = models.ForeignKey(Employment, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ("-created_at",)
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "person"], condition=Q(status="pending"), name="one_pending_invitation"
            ),
            models.CheckConstraint(condition=~Q(person=None) | ~Q(email=""), name="invitation_has_someone"),
        ]

    def __str__(self) -> str:
        return f"Invitation to {self.person or self.email} from {self.organisation}"


class VoucherOrderStatus(models.TextChoices):
    PENDING = "pending", "Waiting for payment"
    PAID = "paid", "Paid"
    CANCELLED = "cancelled", "Cancelled"


class VoucherOrder(models.Model):
    """An employer's purchase of test vouchers; no card processing: programme staff mark it paid
    (or it was declared paid outside Certwright), and the vouchers are issued then."""

    organisation = models.ForeignKey(Organisation, related_name="voucher_orders", on_delete=models.PROTECT)
    test = models.CharField(max_length=4, blank=True, help_text="blank: any test")
    quantity = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=12, choices=VoucherOrderStatus.choices, default=VoucherOrderStatus.PENDING)
    created_at = models.DateTimeField(default=clock.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    paid_at = models.DateTimeField(null=True, blank=True)
    paid_reference = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ("-created_at",)
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=1) & Q(quantity__lte=100), name="qty_1_100")]

    def __str__(self) -> str:
        return f"Voucher order {self.pk} ({self.organisation})"


class Voucher(models.Model):
    """A prepaid test voucher an employer bought for its technicians; it settles one order."""

    code = models.CharField(max_length=20, unique=True)
    organisation = models.ForeignKey(Organisation, related_name="vouchers", on_delete=models.PROTECT)
    test = models.CharField(max_length=4, blank=True, help_text="blank: any test")
    assigned_to = models.ForeignKey(Person, null=True, blank=True, related_name="vouchers", on_delete=models.PROTECT)
    issued_at = models.DateTimeField()
    redeemed_at = models.DateTimeField(null=True, blank=True)
    redeemed_order = models.IntegerField(null=True, blank=True)
    order = models.ForeignKey(VoucherOrder, null=True, blank=True, related_name="vouchers", on_delete=models.PROTECT)

    def __str__(self) -> str:
        return f"Voucher {self.code} ({self.organisation})"


class DigestSent(models.Model):
    """One monthly digest per organisation: inserted before sending, so a second run skips it."""

    organisation = models.ForeignKey(Organisation, related_name="digests", on_delete=models.CASCADE)
    month = models.DateField(help_text="first day of the month")
    sent_at = models.DateTimeField(default=clock.now)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "month"], name="one_digest_per_month")]

    def __str__(self) -> str:
        return f"Digest {self.month:%Y-%m} for {self.organisation}"
