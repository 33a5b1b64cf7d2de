"""Invitations the technician accepts, their visibility choice, managing locations and roles,
the opt-in public shop page and its QR code."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from certwright.core.roles import Role
from certwright.employers.models import Employment, Invitation

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


class InvitationTests:
    def test_invite_accept_with_visibility_and_change_it(
        self, shop: dict[str, Any], make_user: Any, make_person: Any
    ) -> None:
        tech_user = make_user(Role.CANDIDATE)
        tech = make_person(user=tech_user, last_name="Fox", results=("A7 pass 2025-01-01",))
        boss = _client(shop["admin"])
        org = shop["org"]
        page = boss.post(
            f"/employer/{org.pk}/manage/",
            {"action": "invite", "who": tech.candidate_id, "location": shop["main"].pk},
            follow=True,
        ).content.decode()
        assert "Invitation sent to Pat Fox." in page
        again = boss.post(
            f"/employer/{org.pk}/manage/", {"action": "invite", "who": tech.candidate_id}, follow=True
        ).content.decode()
        assert "an invitation to this technician is already waiting" in again
        unknown = boss.post(
            f"/employer/{org.pk}/manage/", {"action": "invite", "who": "ZZ999"}, follow=True
        ).content.decode()
        assert "technician: no one has the candidate ID &#x27;ZZ999&#x27;" in unknown
        # not linked yet: the dashboard does not list Pat Fox
        assert "Pat Fox" not in boss.get(f"/employer/{org.pk}/").content.decode()
        me = _client(tech_user)
        mine = me.get("/me/employers/").content.decode()
        assert "Main Street Auto</strong> invites you" in mine
        assert "My employers" in mine  # navigation entry for candidates
        inv = Invitation.objects.get(person=tech)
        done = me.post(
            "/me/employers/", {"invitation": inv.pk, "action": "accept", "visibility": "certifications"}, follow=True
        ).content.decode()
        assert "You joined Main Street Auto." in done
        assert "They see: certifications only." in done
        html = boss.get(f"/employer/{org.pk}/").content.decode()
        assert 'Pat Fox <span class="muted">(certifications only)</span>' in html
        # now A7 is covered at Main St
        assert "no one is certified in A7" not in html
        emp = Employment.objects.get(person=tech)
        me.post("/me/employers/", {"action": "visibility", "employment": emp.pk, "visibility": "progress"})
        emp.refresh_from_db()
        assert emp.visibility == "progress"
        # the other shop's admin cannot see the standing of a technician who shares with Main Street only
        assert _client(shop["other_admin"]).get(f"/api/v1/people/{tech.pk}/standing").status_code == 403
        assert boss.get(f"/api/v1/people/{tech.pk}/standing").status_code == 200

    def test_certifications_only_hides_the_full_standing(self, shop: dict[str, Any]) -> None:
        boss = _client(shop["admin"])
        assert boss.get(f"/api/v1/people/{shop['bob'].pk}/standing").status_code == 403
        assert boss.get(f"/api/v1/people/{shop['ann'].pk}/standing").status_code == 200

    def test_decline_and_someone_elses_invitation(self, shop: dict[str, Any], make_user: Any, make_person: Any) -> None:
        from certwright.employers.services import invitation_create

        tech_user = make_user(Role.CANDIDATE)
        tech = make_person(user=tech_user, last_name="Gray")
        inv = invitation_create(organisation=shop["org"], who=tech.candidate_id)
        intruder = make_user(Role.CANDIDATE)
        make_person(user=intruder, last_name="Hill")
        refused = (
            _client(intruder)
            .post("/me/employers/", {"invitation": inv.pk, "action": "accept"}, follow=True)
            .content.decode()
        )
        assert "invitation: not found" in refused
        garbage = _client(tech_user).post("/me/employers/", {"invitation": "1; drop", "action": "accept"}, follow=True)
        assert "invitation: not found" in garbage.content.decode()
        page = _client(shop["admin"]).post(
            f"/employer/{shop['org'].pk}/manage/", {"action": "staff", "employment": "x"}, follow=True
        )
        assert "employee: not found" in page.content.decode()
        done = (
            _client(tech_user)
            .post("/me/employers/", {"invitation": inv.pk, "action": "decline"}, follow=True)
            .content.decode()
        )
        assert "You declined the invitation of Main Street Auto." in done
        assert not Employment.objects.filter(person=tech).exists()


class ManageTests:
    def test_locations_roles_and_staff(self, shop: dict[str, Any]) -> None:
        boss = _client(shop["admin"])
        url = f"/employer/{shop['org'].pk}/manage/"
        page = boss.post(
            url, {"action": "location", "name": "Elm St", "areas": ["brakes", "rockets"]}, follow=True
        ).content.decode()
        assert "service areas: unknown rockets" in page
        page = boss.post(
            url, {"action": "location", "name": "Elm St", "areas": ["brakes"]}, follow=True
        ).content.decode()
        assert "Location Elm St added." in page
        page = boss.post(url, {"action": "role", "name": "A/C technician", "tests": "a7, Q9"}, follow=True)
        assert "required certifications: unknown test Q9" in page.content.decode()
        page = boss.post(url, {"action": "role", "name": "A/C technician", "tests": "a7"}, follow=True)
        assert "Role A/C technician requires A7." in page.content.decode()
        role = shop["org"].job_roles.get(name="A/C technician")
        emp = Employment.objects.get(person=shop["bob"])
        boss.post(url, {"action": "staff", "employment": emp.pk, "location": shop["main"].pk, "role": role.pk})
        html = boss.get(f"/employer/{shop['org'].pk}/").content.decode()
        assert 'A/C technician<br><span class="warn">Does not meet the role: missing A7</span>' in html
        theirs = Employment.objects.get(person=shop["eve"])
        page = boss.post(url, {"action": "staff", "employment": theirs.pk}, follow=True).content.decode()
        assert "employee: not found" in page


class AdminsAndLeaversTests:
    def test_add_an_admin_and_end_an_employment(self, shop: dict[str, Any], make_user: Any) -> None:
        boss = _client(shop["admin"])
        url = f"/employer/{shop['org'].pk}/manage/"
        make_user(Role.CANDIDATE, username="notanadmin")
        page = boss.post(url, {"action": "admin", "username": "notanadmin"}, follow=True).content.decode()
        assert "admin: notanadmin does not have the employer-admin role" in page
        second = make_user(Role.EMPLOYER_ADMIN, username="second")
        page = boss.post(url, {"action": "admin", "username": "second"}, follow=True).content.decode()
        assert "second is now an admin of Main Street Auto." in page
        assert _client(second).get(f"/employer/{shop['org'].pk}/").status_code == 200
        emp = Employment.objects.get(person=shop["cal"])
        page = boss.post(url, {"action": "end", "employment": emp.pk}, follow=True).content.decode()
        assert "Pat Cole no longer works for Main Street Auto (last day 2026-11-27)." in page
        assert "Pat Cole" not in boss.get(f"/employer/{shop['org'].pk}/").content.decode()


class PublicShopTests:
    def test_off_by_default_then_public_without_private_data(self, shop: dict[str, Any], make_user: Any) -> None:
        main = shop["main"]
        anyone = Client()
        assert anyone.get(f"/shops/{main.slug}/").status_code == 404
        boss = _client(shop["admin"])
        boss.post(
            f"/employer/{shop['org'].pk}/manage/",
            {"action": "location_update", "location": main.pk, "areas": ["brakes"], "public": "on"},
        )
        page = anyone.get(f"/shops/{main.slug}/")
        html = page.content.decode()
        assert page.status_code == 200
        assert "This location does not meet the Blue Seal-style recognition rule today." in html
        assert "2 of 3 technicians who diagnose and repair hold a current certification." in html
        assert "Pat A.: A5" in html
        assert "Pat B.: A4, A5" in html
        assert "Pat C." not in html  # nothing current: not listed
        assert shop["ann"].candidate_id not in html
        assert "A7" not in html  # Ann's failed A7 is private
        qr = boss.get(f"/employer/locations/{main.pk}/qr.svg")
        assert qr["Content-Type"] == "image/svg+xml"
        assert qr.content.startswith(b"<?xml") or b"<svg" in qr.content[:200]
        png = boss.get(f"/employer/locations/{main.pk}/qr.png")
        assert png["Content-Type"] == "image/png"
        assert png.content.startswith(b"\x89PNG")
        assert _client(shop["other_admin"]).get(f"/employer/locations/{main.pk}/qr.svg").status_code == 404
        assert _client(make_user(Role.CANDIDATE)).get(f"/employer/locations/{main.pk}/qr.svg").status_code == 403
