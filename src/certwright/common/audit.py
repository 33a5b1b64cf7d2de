"""Writing the audit log: every service that changes something records it here."""

from __future__ import annotations

from typing import Any

from certwright.common import clock
from certwright.common.models import AuditEntry


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: Any = None,
    object_type: str = "",
    object_id: str = "",
    before: Any = None,
    after: Any = None,
    reason: str = "",
) -> AuditEntry:
    """Append one entry. ``actor`` is a user or None (the system)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        at=clock.now(),
        actor=user,
        actor_label=getattr(user, "username", "") if user else "system",
        action=action,
        object_type=object_type or (type(obj).__name__.lower() if obj is not None else ""),
        object_id=object_id or (str(obj.pk) if obj is not None and getattr(obj, "pk", None) else ""),
        before=before,
        after=after,
        reason=reason,
    )
