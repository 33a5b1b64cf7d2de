"""Template context: navigation for the signed-in user's roles."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from certwright.common.access import roles_of
from certwright.core.roles import ROLE_LABELS


def navigation(request: HttpRequest) -> dict[str, Any]:
    roles = roles_of(request.user)
    rule = getattr(request, "access_rule", None)
    return {
        "user_roles": sorted(ROLE_LABELS[r] for r in roles),
        "role_codes": {r.value for r in roles},
        "access_rule": rule.describe() if rule is not None else "",
    }
