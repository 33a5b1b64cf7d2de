"""Experience evidence: submit with uploads, employer attestation, staff review that issues a credential."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from certwright.candidates.models import ExperienceRecord
from certwright.candidates.selectors import person_standing
from certwright.common.models import AuditEntry
from certwright.core.roles import Role
from certwright.credentials.models import Credential
from certwright.employers.services import organisation_admin_add
from tests.apps.experience.conftest import JPEG, PDF, PNG
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _submit(world: dict[str, Any], *files: tuple[str, bytes], **fields: str) -> Any:
    data: dict[str, Any] = {
        "kind": "work",
        "organisation": str(world["shop"].pk),
        "start": "2020-01-01",
        "hours_per_week": "40",
        **fields,
    }
    data["evidence"] = [SimpleUploadedFile(name, content) for name, content in files]
    return _client(world["tech_user"]).post("/me/experience/", data)


class SubmitTests:
    def test_work_period_with_evidence_is_saved_and_listed(self, world: dict[str, Any]) -> None:
        response = _submit(world, ("payslip.pdf", PDF), ("letter.png", PNG), ("photo.jpeg", JPEG))
        assert response.status_code == 302
        html = _client(world["tech_user"]).get("/me/experience/").content.decode()
        assert "Work at Main Street Auto" in html
        assert "Waiting for review" in html
        assert "payslip.pdf" in html
        assert "letter.png" in html
        assert "photo.jpeg" in html
        assert "Employer: not answered yet" in html
        record = ExperienceRecord.objects.get(person=world["tech"], status="pending")
        assert record.organisation == world["shop"]
        stored = [e.file.name for e in record.evidence.all()]
        assert all(name.startswith("evidence/") and "payslip" not in name for name in stored)

    def test_training_with_typed_months(self, world: dict[str, Any]) -> None:
        response = _submit(
            world,
            ("certificate.pdf", PDF),
            kind="training",
            organisation="",
            description="Brake course",
            months_credit="6",
        )
        assert response.status_code == 302
        html = _client(world["tech_user"]).get("/me/experience/").content.decode()
        assert "Training: Brake course" in html
        assert "6 months of training credit claimed" in html

    def test_html_renamed_to_pdf_is_refused(self, world: dict[str, Any]) -> None:
        response = _submit(world, ("cv.pdf", b"<html><script>alert(1)</script></html>"))
        assert response.status_code == 422
        html = response.content.decode()
        assert "Nothing was saved" in html
        assert "cv.pdf: only PDF, PNG or JPEG files are accepted" in html
        assert not ExperienceRecord.objects.filter(person=world["tech"], status="pending").exists()

    def test_extension_must_match_content(self, world: dict[str, Any]) -> None:
        response = _submit(world, ("scan.pdf", PNG))
        assert response.status_code == 422
        assert "scan.pdf: the content is image/png but the name ends in .pdf" in response.content.decode()

    def test_too_big_is_refused_with_the_limit(self, world: dict[str, Any], settings: Any) -> None:
        settings.CERTWRIGHT_EVIDENCE_MAX_BYTES = 1_000_000
        response = _submit(world, ("big.pdf", PDF + b"0" * 1_500_000))
        assert response.status_code == 422
        assert "big.pdf: the file is 1.5 MB; the limit is 1.0 MB" in response.content.decode()

    def test_bad_fields_name_the_field(self, world: dict[str, Any]) -> None:
        response = _submit(world, organisation="", start="2027-01-01", hours_per_week="200")
        html = response.content.decode()
        assert response.status_code == 422
        assert "2027-01-01 is in the future" in html
        assert "pick a registered employer or type the employer&#x27;s name" in html
        assert "must be between 1 and 80" in html
        assert "Nothing was saved" in html


class EvidenceAccessTests:
    @pytest.mark.parametrize(
        ("who", "status"),
        [("tech_user", 200), ("staff", 200), ("admin", 200), ("other_admin", 403), ("stranger", 403), (None, 302)],
    )
    def test_who_may_download(self, world: dict[str, Any], who: str | None, status: int) -> None:
        _submit(world, ("payslip.pdf", PDF))
        evidence = ExperienceRecord.objects.get(status="pending").evidence.get()
        response = _client(world[who] if who else None).get(f"/experience/evidence/{evidence.pk}/")
        assert response.status_code == status
        if status == 200:
            assert response["Content-Disposition"].startswith("attachment;")
            assert 'filename="payslip.pdf"' in response["Content-Disposition"]
            assert response["Content-Type"] == "application/pdf"
            assert response["X-Content-Type-Options"] == "nosniff"
            assert "sandbox" in response["Content-Security-Policy"]
            assert b"".join(response.streaming_content) == PDF


class AttestationTests:
    def test_named_employer_confirms_and_others_never_see_it(self, world: dict[str, Any]) -> None:
        _submit(world, ("payslip.pdf", PDF))
        record = ExperienceRecord.objects.get(status="pending")
        assert "Lopez" not in _client(world["other_admin"]).get("/employer/attestations/").content.decode()
        foreign = _client(world["other_admin"]).post(f"/employer/attestations/{record.pk}/", {"decision": "confirm"})
        assert foreign.status_code == 404
        assert _client(world["tech_user"]).get("/employer/attestations/").status_code == 403
        page = _client(world["admin"]).get("/employer/attestations/").content.decode()
        assert "Pat Lopez" in page
        assert "2020-01-01 to now" in page
        assert "payslip.pdf" in page
        _client(world["admin"]).post(f"/employer/attestations/{record.pk}/", {"decision": "confirm"})
        html = _client(world["tech_user"]).get("/me/experience/").content.decode()
        assert "Employer: Confirmed by the employer on 2026-11-28" in html

    def test_dispute_needs_a_note_and_shows_it(self, world: dict[str, Any]) -> None:
        _submit(world, ("payslip.pdf", PDF))
        record = ExperienceRecord.objects.get(status="pending")
        admin = _client(world["admin"])
        response = admin.post(f"/employer/attestations/{record.pk}/", {"decision": "dispute"}, follow=True)
        assert "say what is wrong with the dates" in response.content.decode()
        admin.post(f"/employer/attestations/{record.pk}/", {"decision": "dispute", "note": "Started March 2021"})
        staff_page = _client(world["staff"]).get("/staff/experience/").content.decode()
        assert "Disputed by the employer" in staff_page
        assert "Started March 2021" in staff_page

    def test_an_admin_cannot_attest_their_own_record(
        self, world: dict[str, Any], make_user: Any, make_person: Any
    ) -> None:
        owner = make_user(Role.CANDIDATE, Role.EMPLOYER_ADMIN)
        make_person(user=owner, last_name="Owner")
        organisation_admin_add(organisation=world["shop"], user=owner)
        _submit({**world, "tech_user": owner}, ("payslip.pdf", PDF))
        record = ExperienceRecord.objects.get(status="pending")
        response = _client(owner).post(f"/employer/attestations/{record.pk}/", {"decision": "confirm"}, follow=True)
        assert "you cannot attest your own work period" in response.content.decode()
        assert not hasattr(ExperienceRecord.objects.get(pk=record.pk), "attestation")


class StaffReviewTests:
    def test_approval_needs_a_reason_then_issues_the_waiting_credential(self, world: dict[str, Any]) -> None:
        tech = world["tech"]
        _submit(world, ("payslip.pdf", PDF))
        record = ExperienceRecord.objects.get(status="pending")
        _client(world["admin"]).post(f"/employer/attestations/{record.pk}/", {"decision": "confirm"})
        assert person_standing(person=tech, on=NOW.date()).tests["A5"].status == "awaiting_experience"
        staff = _client(world["staff"])
        queue = staff.get("/staff/experience/").content.decode()
        assert f"/experience/evidence/{record.evidence.get().pk}/" in queue
        assert "Confirmed by the employer" in queue
        refused = staff.post(f"/staff/experience/{record.pk}/", {"decision": "approve", "reason": " "}, follow=True)
        assert "a reason is required" in refused.content.decode()
        staff.post(f"/staff/experience/{record.pk}/", {"decision": "approve", "reason": "Payslips and employer agree"})
        record.refresh_from_db()
        assert record.status == "approved"
        assert record.review_note == "Payslips and employer agree"
        assert person_standing(person=tech, on=NOW.date()).tests["A5"].status == "certified"
        assert Credential.objects.filter(person=tech, code="A5").exists()
        entry = AuditEntry.objects.filter(action="experience.review", object_id=str(record.pk)).get()
        assert entry.reason == "Payslips and employer agree"
        assert "Nothing is waiting for review" in staff.get("/staff/experience/").content.decode()
        html = _client(world["tech_user"]).get("/me/experience/").content.decode()
        assert "Approved" in html
        assert "Staff: Payslips and employer agree" in html

    def test_rejection_keeps_the_test_waiting(self, world: dict[str, Any]) -> None:
        _submit(world, ("payslip.pdf", PDF))
        record = ExperienceRecord.objects.get(status="pending")
        _client(world["staff"]).post(f"/staff/experience/{record.pk}/", {"decision": "reject", "reason": "Unreadable"})
        record.refresh_from_db()
        assert record.status == "rejected"
        assert person_standing(person=world["tech"], on=NOW.date()).tests["A5"].status == "awaiting_experience"
        assert not Credential.objects.filter(person=world["tech"]).exists()

    def test_only_staff_open_the_queue(self, world: dict[str, Any]) -> None:
        assert _client(world["admin"]).get("/staff/experience/").status_code == 403
        assert _client(world["tech_user"]).get("/staff/experience/").status_code == 403
