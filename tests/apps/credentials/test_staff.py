"""Staff suspend, reinstate and revoke credentials with a reason; everything is audited."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from django.test import Client

from certwright.candidates.selectors import person_standing
from certwright.common.models import AuditEntry
from certwright.core.decisions import MasterStatus, TestStatus
from certwright.core.roles import Role
from certwright.credentials.models import Credential
from certwright.credentials.selectors import credential_states
from certwright.credentials.services import (
    CredentialError,
    credential_reinstate,
    credential_revoke,
    credential_suspend,
    credentials_sync,
)

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)
TODAY = date(2026, 11, 28)
MASTER_RESULTS = tuple(f"A{i} pass 2024-06-01" for i in range(1, 9))


class ServiceTests:
    def test_suspend_reinstate_revoke_with_reasons_and_audit(self, make_user: Any, make_person: Any) -> None:
        staff = make_user(Role.STAFF, username="officer")
        with time_machine.travel(NOW, tick=False):
            person = make_person(results=("A5 pass 2025-03-01",))
        credential = Credential.objects.get(person=person)

        credential_suspend(credential=credential, by=staff, reason="Under investigation", today=TODAY)
        assert [s.status for s in credential_states(person=person, today=TODAY)] == ["suspended"]
        credential_reinstate(credential=credential, by=staff, reason="Cleared", today=TODAY)
        assert [s.status for s in credential_states(person=person, today=TODAY)] == ["active"]
        credential_revoke(credential=credential, by=staff, reason="Fraud confirmed", today=TODAY)
        assert [s.status for s in credential_states(person=person, today=TODAY)] == ["revoked"]

        kinds = list(credential.events.order_by("at", "id").values_list("kind", "reason", "by__username"))
        assert kinds == [
            ("issued", "", None),
            ("suspended", "Under investigation", "officer"),
            ("reinstated", "Cleared", "officer"),
            ("revoked", "Fraud confirmed", "officer"),
        ]
        audit = list(
            AuditEntry.objects.filter(object_id=credential.number)
            .order_by("id")
            .values_list("action", "actor_label", "reason")
        )
        assert audit[1:] == [
            ("credential.suspended", "officer", "Under investigation"),
            ("credential.reinstated", "officer", "Cleared"),
            ("credential.revoked", "officer", "Fraud confirmed"),
        ]
        # the revocation reaches the standing, and a later sync does not issue a new credential
        assert person_standing(person=person, on=TODAY).tests["A5"].status is TestStatus.REVOKED
        assert not credentials_sync(person=person, today=TODAY).changed

    def test_revoked_is_final_and_reasons_are_required(self, make_user: Any, make_person: Any) -> None:
        staff = make_user(Role.STAFF)
        with time_machine.travel(NOW, tick=False):
            person = make_person(results=("A5 pass 2025-03-01",))
        credential = Credential.objects.get(person=person)
        with pytest.raises(CredentialError, match="reason is required"):
            credential_suspend(credential=credential, by=staff, reason="   ", today=TODAY)
        with pytest.raises(CredentialError, match="only a suspended one can be reinstated"):
            credential_reinstate(credential=credential, by=staff, reason="x", today=TODAY)
        credential_revoke(credential=credential, by=staff, reason="Fraud", today=TODAY)
        for change in (credential_suspend, credential_reinstate, credential_revoke):
            with pytest.raises(CredentialError) as info:
                change(credential=credential, by=staff, reason="again", today=TODAY)
            assert info.value.code in ("not_active", "not_suspended", "already_revoked")
        assert credential.events.count() == 2

    def test_a_new_pass_after_revocation_earns_a_new_number(self, make_user: Any, make_person: Any) -> None:
        from certwright.candidates.services import result_record
        from certwright.core.facts import Outcome

        staff = make_user(Role.STAFF)
        with time_machine.travel(NOW, tick=False):
            person = make_person(results=("A5 pass 2025-03-01",))
            old = Credential.objects.get(person=person)
            credential_revoke(credential=old, by=staff, reason="Cheating", today=TODAY)
        with time_machine.travel(datetime(2027, 2, 1, 17, tzinfo=UTC), tick=False):
            result_record(person=person, test="A5", on=date(2027, 2, 1), outcome=Outcome.PASS)
        new = Credential.objects.get(person=person, status="active")
        assert new.number != old.number
        assert new.valid_from == date(2027, 2, 1)

    def test_revoking_a_required_test_loses_the_master(self, make_user: Any, make_person: Any) -> None:
        staff = make_user(Role.STAFF)
        with time_machine.travel(NOW, tick=False):
            person = make_person(results=MASTER_RESULTS)
            a3 = Credential.objects.get(person=person, code="A3")
            credential_revoke(credential=a3, by=staff, reason="Proxy test taker", today=TODAY)
        master = Credential.objects.get(person=person, kind="master")
        assert person_standing(person=person, on=TODAY).masters["A"].status is MasterStatus.NOT_MASTER
        assert master.events.filter(kind="master_lost").exists()
        assert {s.credential.code: s.status for s in credential_states(person=person, today=TODAY)}["A"] == "lapsed"


@pytest.mark.usefixtures("frozen")
class StaffPageTests:
    def test_search_detail_and_actions(self, make_user: Any, make_person: Any) -> None:
        staff = make_user(Role.STAFF)
        person = make_person(last_name="Okafor", results=("A5 pass 2025-03-01",))
        credential = Credential.objects.get(person=person)
        client = Client()
        client.force_login(staff)
        listing = client.get("/staff/credentials/", {"q": "okafor"}).content.decode()
        assert credential.number in listing
        assert "Pat Okafor" in listing
        spaced = f"{credential.number[:2].lower()} {credential.number[2:6]}-{credential.number[6:]}"
        assert credential.number in client.get("/staff/credentials/", {"q": spaced}).content.decode()
        assert "No credentials found." in client.get("/staff/credentials/", {"q": "Nobody"}).content.decode()

        url = f"/staff/credentials/{credential.number}/"
        page = client.get(url).content.decode()
        assert "Brakes (A5)" in page
        assert "Reason for suspending" in page

        # a reason is required: nothing changes without one
        response = client.post(f"{url}suspend/", {"reason": ""}, follow=True)
        assert "A reason is required." in response.content.decode()
        credential.refresh_from_db()
        assert credential.status == "active"

        response = client.post(f"{url}suspend/", {"reason": "Card reported stolen"}, follow=True)
        html = response.content.decode()
        assert "suspend recorded" in html
        assert "Card reported stolen" in html
        assert "Suspended" in html
        assert "Reason for reinstating" in html

        response = client.post(f"{url}revoke/", {"reason": "Fraud"}, follow=True)
        assert "revoking is final" in response.content.decode()
        response = client.post(f"{url}revoke/", {"reason": "Fraud", "confirm": "yes"}, follow=True)
        html = response.content.decode()
        assert "This credential is revoked. That is final." in html
        assert client.get(f"{url}suspend/").status_code == 405
        assert client.get("/staff/credentials/CW000000000/").status_code == 404

    def test_only_staff(self, make_user: Any, make_person: Any) -> None:
        person = make_person(results=("A5 pass 2025-03-01",))
        number = Credential.objects.get(person=person).number
        client = Client()
        assert client.get("/staff/credentials/").status_code == 302
        client.force_login(make_user(Role.CANDIDATE))
        assert client.get("/staff/credentials/").status_code == 403
        assert client.get(f"/staff/credentials/{number}/").status_code == 403
        assert client.post(f"/staff/credentials/{number}/revoke/", {"reason": "x", "confirm": "yes"}).status_code == 403
        client.force_login(make_user(Role.EMPLOYER_ADMIN))
        assert client.get("/staff/credentials/").status_code == 403
        assert Credential.objects.get(number=number).status == "active"


@pytest.mark.usefixtures("frozen")
class MyCredentialsPageTests:
    def test_technician_sees_numbers_status_dates_master_and_history(self, make_user: Any, make_person: Any) -> None:
        user = make_user(Role.CANDIDATE)
        person = make_person(user=user, results=MASTER_RESULTS)
        a5 = Credential.objects.get(person=person, code="A5")
        credential_suspend(credential=a5, by=make_user(Role.STAFF), reason="Paperwork check", today=TODAY)
        client = Client()
        assert client.get("/me/credentials/").status_code == 302
        client.force_login(user)
        html = client.get("/me/credentials/").content.decode()
        assert a5.number in html
        assert "Master Automobile Technician" in html
        assert "Valid until" in html
        assert "2029-06-01" in html
        assert "Suspended" in html
        assert "Paperwork check" in html
        assert "Engine Repair (A1)" in html
        standing = client.get("/me/certifications/").content.decode()
        assert 'href="/me/credentials/"' in standing

    def test_without_credentials_or_profile(self, make_user: Any, make_person: Any) -> None:
        user = make_user(Role.CANDIDATE)
        make_person(user=user)
        client = Client()
        client.force_login(user)
        assert "No credentials yet." in client.get("/me/credentials/").content.decode()
        client.force_login(make_user(Role.STAFF))
        assert client.get("/me/credentials/").status_code == 404
