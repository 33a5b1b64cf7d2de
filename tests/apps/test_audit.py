"""The audit log is append-only: rows cannot be changed or deleted through the ORM or in SQL."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from certwright.common.audit import audit_record
from certwright.common.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_audit_rows_cannot_be_changed_or_deleted() -> None:
    entry = audit_record(actor=None, action="test.thing", object_type="thing", object_id="1", after={"x": 1})
    entry.action = "changed"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="changed")
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE common_auditentry SET action = 'changed' WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.thing"
