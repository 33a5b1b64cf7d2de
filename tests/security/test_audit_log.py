"""The audit log: staff search it by actor, action, object and dates, page by page; nobody can
change or delete an entry through the ORM, raw SQL, Django admin or the API."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction
from django.db.models.deletion import ProtectedError
from django.test import Client

from certwright.common.audit import audit_record
from certwright.common.models import AuditEntry
from certwright.config.api import api
from certwright.core.roles import Role
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(make_user: Any) -> dict[str, Any]:
    writer = make_user(Role.ITEM_WRITER, username="irene")
    staff = make_user(Role.STAFF, username="olivia")
    with time_machine.travel(NOW - timedelta(days=10), tick=False):
        audit_record(actor=writer, action="item.create", object_type="item", object_id="42", after={"stem": "Old"})
    with time_machine.travel(NOW - timedelta(days=2), tick=False):
        audit_record(
            actor=writer,
            action="item.update",
            object_type="item",
            object_id="42",
            before={"stem": "Old"},
            after={"stem": "New <b>stem</b>"},
        )
    with time_machine.travel(NOW, tick=False):
        audit_record(actor=staff, action="credential.revoke", object_type="credential", object_id="7", reason="fraud")
        audit_record(actor=None, action="sitting.expire", object_type="sitting", object_id="42")
    return {"writer": writer, "staff": staff}


def _page(client: Client, query: str = "") -> str:
    response = client.get(f"/staff/audit/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_staff_search_the_log_by_actor_action_object_and_dates(trail: dict[str, Any]) -> None:
    client = Client()
    client.force_login(trail["staff"])
    html = _page(client)
    total = AuditEntry.objects.count()  # creating the users recorded their role grants too
    assert total > 4
    assert f"{total} entries" in html
    assert "credential.revoke" in html
    assert "fraud" in html
    assert "New &lt;b&gt;stem&lt;/b&gt;" in html  # before/after shown, escaped
    assert "Who can use this page: Programme staff" in html

    assert "2 entries" in _page(client, "?actor=irene")
    assert "2 entries" in _page(client, "?actor=IRENE")
    assert f"{AuditEntry.objects.filter(actor=None).count()} entr" in _page(client, "?actor=system")
    only_revoke = _page(client, "?action=credential.")
    assert "1 entry" in only_revoke
    assert "item.update" not in only_revoke
    assert "2 entries" in _page(client, "?obj=item:42")
    assert "3 entries" in _page(client, "?obj=42")  # item 42 and sitting 42
    assert "1 entry" in _page(client, "?obj=credential")
    days = (NOW - timedelta(days=3)).date(), (NOW - timedelta(days=1)).date()
    ranged = _page(client, f"?since={days[0]}&until={days[1]}")
    assert "1 entry" in ranged
    assert "item.update" in ranged
    assert f"{total - 1} entries" in _page(client, f"?since={days[0]}")
    assert "1 entry" in _page(client, "?actor=irene&action=create")
    bad = _page(client, f"?since={days[1]}&until={days[0]}")
    assert "The end date is before the start date." in bad
    assert "0 entries" in bad
    assert "Enter a valid date." in _page(client, "?since=yesterday")


def test_the_log_is_paged_fifty_at_a_time(make_user: Any) -> None:
    staff = make_user(Role.STAFF)
    AuditEntry.objects.bulk_create(
        AuditEntry(at=NOW - timedelta(minutes=n), action="bulk.step", object_type="thing", object_id=str(n))
        for n in range(120)
    )
    client = Client()
    client.force_login(staff)
    first = _page(client, "?action=bulk")
    assert "120 entries; page 1 of 3" in first
    assert 'href="?action=bulk&amp;page=2"' in first
    third = _page(client, "?action=bulk&page=3")
    assert "page 3 of 3" in third
    assert third.count("bulk.step") == 20
    assert "page 3 of 3" in _page(client, "?action=bulk&page=99")  # past the end: the last page


def test_only_staff_open_the_log(trail: dict[str, Any], make_user: Any) -> None:
    client = Client()
    response = client.get("/staff/audit/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    for role in (Role.CANDIDATE, Role.ITEM_WRITER, Role.PSYCHOMETRICIAN, Role.EMPLOYER_ADMIN, Role.PROCTOR):
        client.force_login(make_user(role))
        assert client.get("/staff/audit/").status_code == 403, role


def test_no_interface_changes_or_deletes_an_audit_row(trail: dict[str, Any], make_user: Any) -> None:
    entry = AuditEntry.objects.get(action="credential.revoke")
    original = {f.name: getattr(entry, f.name) for f in AuditEntry._meta.fields}

    # the ORM: instance save and delete, queryset update/delete, bulk_update
    entry.reason = "nothing happened"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="x")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionError), transaction.atomic():
        AuditEntry.objects.bulk_update([entry], ["reason"])
    # deleting the user who acted is refused (the entry keeps its actor)
    with pytest.raises(ProtectedError), transaction.atomic():
        trail["staff"].delete()

    # raw SQL: the database triggers refuse UPDATE and DELETE
    for sql in (
        "UPDATE common_auditentry SET reason = 'x' WHERE id = %s",
        "DELETE FROM common_auditentry WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM common_auditentry")

    # Django admin: entries are listed and shown, but there is no add, change or delete
    admin_user = make_user(Role.STAFF)
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    count = AuditEntry.objects.count()
    client = Client()
    client.force_login(admin_user)
    listing = client.get("/admin/common/auditentry/")
    assert listing.status_code == 200
    assert "credential.revoke" in listing.content.decode()
    assert 'name="action"' not in listing.content.decode()  # no bulk actions (delete selected)
    change_url = f"/admin/common/auditentry/{entry.pk}/change/"
    shown = client.get(change_url)
    assert shown.status_code == 200
    assert 'name="_save"' not in shown.content.decode()
    assert client.post(change_url, {"action": "x", "reason": "x"}).status_code == 403
    assert client.post(f"/admin/common/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post("/admin/common/auditentry/add/", {"action": "x"}).status_code == 403

    # the API: no operation touches the audit log
    schema = api.get_openapi_schema()
    assert not [p for p in schema["paths"] if "audit" in p.lower()]
    for method in ("put", "patch", "delete", "post"):
        response = getattr(client, method)(f"/api/v1/audit/{entry.pk}", content_type="application/json")
        assert response.status_code in (404, 405), (method, response.status_code)

    # the staff page is read-only: a POST does not change anything either
    assert client.post("/staff/audit/", {"action": "x"}).status_code in (200, 405)

    entry.refresh_from_db()
    assert {f.name: getattr(entry, f.name) for f in AuditEntry._meta.fields} == original
    assert AuditEntry.objects.count() == count
