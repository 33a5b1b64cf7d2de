from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from certwright.accounts.models import RoleGrant, User


class RoleGrantInline(admin.TabularInline[RoleGrant, User]):
    model = RoleGrant
    extra = 0


@admin.register(User)
class CertwrightUserAdmin(UserAdmin[User]):
    inlines = (RoleGrantInline,)
