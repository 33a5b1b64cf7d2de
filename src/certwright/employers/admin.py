from django.contrib import admin

from certwright.employers.models import (
    DigestSent,
    Employment,
    Invitation,
    JobRole,
    Location,
    Organisation,
    OrganisationAdmin,
    Voucher,
    VoucherOrder,
)

admin.site.register(Organisation)
admin.site.register(OrganisationAdmin)
admin.site.register(Employment)
admin.site.register(Location)
admin.site.register(JobRole)
admin.site.register(Invitation)
admin.site.register(VoucherOrder)
admin.site.register(Voucher)
admin.site.register(DigestSent)
