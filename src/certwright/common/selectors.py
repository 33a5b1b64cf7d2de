"""Reading the audit log: the staff search."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from certwright.common.models import AuditEntry


@dataclass(frozen=True)
class AuditQuery:
    """What to look for; empty fields match everything. Dates are programme calendar days, inclusive."""

    actor: str = ""
    action: str = ""
    obj: str = ""
    since: date | None = None
    until: date | None = None


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_search(query: AuditQuery) -> QuerySet[AuditEntry]:
    """Entries matching every given field, newest first.

    ``actor`` matches the username (or "system"); ``action`` is a substring ("credential." finds
    every credential action); ``obj`` is "type", "type:id" or an id."""
    entries = AuditEntry.objects.select_related("actor").order_by("-at", "-id")
    if query.actor:
        entries = entries.filter(Q(actor_label__iexact=query.actor) | Q(actor__username__iexact=query.actor))
    if query.action:
        entries = entries.filter(action__icontains=query.action)
    if query.obj:
        kind, sep, ident = query.obj.partition(":")
        if sep:
            entries = entries.filter(object_type__iexact=kind.strip(), object_id=ident.strip())
        else:
            entries = entries.filter(Q(object_type__iexact=kind.strip()) | Q(object_id=kind.strip()))
    if query.since:
        entries = entries.filter(at__gte=_day_start(query.since))
    if query.until:
        entries = entries.filter(at__lt=_day_start(query.until + timedelta(days=1)))
    return entries
