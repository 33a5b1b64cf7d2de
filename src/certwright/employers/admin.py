from django.contrib import admin

from certwright.employers.models import Employment, Organisation, OrganisationAdmin

admin.site.register(Organisation)
admin.site.register(OrganisationAdmin)
admin.site.register(Employment)
