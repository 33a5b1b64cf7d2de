"""Creating users and granting roles (audited)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from certwright.accounts.models import RoleGrant, User
from certwright.common import clock
from certwright.common.audit import audit_record
from certwright.core.roles import Role


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    roles: Iterable[Role] = (),
    by: Any = None,
) -> User:
    user = User.objects.create_user(
        username=username, email=email, password=password, first_name=first_name, last_name=last_name
    )
    for role in roles:
        role_grant(user=user, role=role, by=by)
    return user


@transaction.atomic
def role_grant(*, user: User, role: Role, by: Any = None) -> RoleGrant:
    grant, created = RoleGrant.objects.get_or_create(user=user, role=role.value, defaults={"granted_at": clock.now()})
    if created:
        audit_record(actor=by, action="role.grant", obj=user, after={"role": role.value})
    return grant


@transaction.atomic
def role_revoke(*, user: User, role: Role, by: Any = None, reason: str = "") -> None:
    deleted, _ = RoleGrant.objects.filter(user=user, role=role.value).delete()
    if deleted:
        audit_record(actor=by, action="role.revoke", obj=user, before={"role": role.value}, reason=reason)
