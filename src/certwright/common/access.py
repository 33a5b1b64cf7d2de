"""Who may do what. Every page and API operation declares its rule here, in one registry.

``page(...)`` decorates a view: it records the rule (shown on the page and tested for every URL)
and enforces it: anonymous users are sent to the login page, signed-in users without a role get
403. Object-level checks (``can_view_person``) are called by views and endpoints after that.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from certwright.core.roles import ROLE_LABELS, Role

F = TypeVar("F", bound=Callable[..., HttpResponseBase])


@dataclass(frozen=True)
class AccessRule:
    public: bool
    roles: tuple[Role, ...]
    note: str

    def describe(self) -> str:
        if self.public:
            who = "Anyone, signed in or not"
        elif not self.roles:
            who = "Any signed-in user"
        else:
            who = ", ".join(ROLE_LABELS[r] for r in self.roles)
        return f"{who}. {self.note}".strip()


REGISTRY: dict[str, AccessRule] = {}


def roles_of(user: Any) -> frozenset[Role]:
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_certwright_roles", None)
    if cached is None:
        if user.is_superuser:
            cached = frozenset(Role)
        else:
            cached = frozenset(Role(r) for r in user.role_grants.values_list("role", flat=True))
        user._certwright_roles = cached
    return cached


def has_role(user: Any, *roles: Role) -> bool:
    held = roles_of(user)
    return any(r in held for r in roles)


def is_staff(user: Any) -> bool:
    return has_role(user, Role.STAFF)


def page(*roles: Role, public: bool = False, note: str = "") -> Callable[[F], F]:
    """Declare and enforce who may open a view."""
    rule = AccessRule(public, tuple(roles), note)

    def decorate(view: F) -> F:
        REGISTRY[f"{view.__module__}.{view.__qualname__}"] = rule

        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not public:
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                if roles and not has_role(request.user, *roles):
                    raise PermissionDenied("Your account does not have a role that may open this page.")
            request.access_rule = rule  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        wrapper.access_rule = rule  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def can_view_person(user: Any, person: Any) -> bool:
    """The person themselves, programme staff, and admins of an organisation that employs them."""
    if not getattr(user, "is_authenticated", False):
        return False
    if person.user_id is not None and person.user_id == user.id:
        return True
    if is_staff(user):
        return True
    if has_role(user, Role.EMPLOYER_ADMIN):
        from certwright.employers.selectors import admin_can_see_person  # noqa: PLC0415

        return admin_can_see_person(user=user, person=person)
    return False


def describe_roles(roles: Iterable[Role]) -> str:
    return ", ".join(ROLE_LABELS[r] for r in roles)


BANK_ROLES = (Role.ITEM_WRITER, Role.REVIEWER, Role.STAFF, Role.PSYCHOMETRICIAN)
BANK_WRITE_ROLES = (Role.ITEM_WRITER, Role.STAFF)


def may_move_item(user: Any, target: str) -> bool:
    """Writers submit to review and withdraw to draft; reviewers and staff approve; staff do the rest."""
    if target in ("in_review", "draft"):
        return has_role(user, Role.ITEM_WRITER, Role.STAFF)
    if target == "approved":
        return has_role(user, Role.REVIEWER, Role.STAFF)
    return has_role(user, Role.STAFF)
