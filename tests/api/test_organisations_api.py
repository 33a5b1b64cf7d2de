"""/api/v1/organisations/...: for the organisation's admins and programme staff only; one employer
can never read another's technicians."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client

from certwright.core.roles import Role
from certwright.employers.services import (
    employment_link,
    job_role_set,
    location_create,
    organisation_admin_add,
    organisation_create,
)
from tests.conftest import NOW

pytestmark = pytest.mark.django_db
ENDPOINTS = ("staff", "coverage", "expiries", "recognition")


@pytest.fixture(autouse=True)
def _now() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def orgs(make_user: Any, make_person: Any) -> dict[str, Any]:
    shop = organisation_create(name="Main Street Auto", kind="independent_shop")
    admin = make_user(Role.EMPLOYER_ADMIN)
    organisation_admin_add(organisation=shop, user=admin)
    main = location_create(organisation=shop, name="Main St", service_areas=["brakes", "heating_air_conditioning"])
    brake = job_role_set(organisation=shop, name="Brake technician", required_tests=["A5"])
    ann = make_person(last_name="Ames", results=("A5 pass 2022-01-10",))
    bob = make_person(last_name="Baker", results=("A4 pass 2024-06-01", "A8 fail 2026-11-01"))
    employment_link(organisation=shop, person=ann, start=date(2020, 1, 1), location=main, job_role=brake)
    employment_link(organisation=shop, person=bob, start=date(2020, 1, 1), location=main, visibility="certifications")
    other = organisation_create(name="Elsewhere Motors", kind="dealership")
    other_admin = make_user(Role.EMPLOYER_ADMIN)
    organisation_admin_add(organisation=other, user=other_admin)
    eve = make_person(last_name="Evans", results=("A1 pass 2024-01-01",))
    employment_link(organisation=other, person=eve, start=date(2020, 1, 1))
    return {"shop": shop, "admin": admin, "other": other, "other_admin": other_admin, "ann": ann, "eve": eve}


def _get(user: Any, url: str) -> Any:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(url)


class OrganisationsApiTests:
    def test_list_my_organisations(self, orgs: dict[str, Any], make_user: Any) -> None:
        mine = _get(orgs["admin"], "/api/v1/organisations").json()
        assert [o["name"] for o in mine] == ["Main Street Auto"]
        assert mine[0]["locations"][0]["service_areas"] == ["brakes", "heating_air_conditioning"]
        assert [o["name"] for o in _get(make_user(Role.STAFF), "/api/v1/organisations").json()] == [
            "Elsewhere Motors",
            "Main Street Auto",
        ]
        assert _get(make_user(Role.CANDIDATE), "/api/v1/organisations").status_code == 403
        assert _get(None, "/api/v1/organisations").status_code == 401

    def test_staff_coverage_expiries_recognition(self, orgs: dict[str, Any]) -> None:
        base = f"/api/v1/organisations/{orgs['shop'].pk}"
        staff = _get(orgs["admin"], base + "/staff").json()
        ann = next(s for s in staff if s["name"] == "Pat Ames")
        assert ann["certifications"] == {"A5": "2027-01-10"}
        assert ann["role_requirement"] == {"meets": True, "missing": [], "stops_on": "2027-01-10"}
        coverage = _get(orgs["admin"], base + "/coverage").json()
        assert coverage["tests"] == ["A4", "A5", "A7"]
        bob = next(t for t in coverage["technicians"] if t["name"] == "Pat Baker")
        assert bob["statuses"] == {"A4": "certified", "A5": "not_shared", "A7": "not_shared"}
        assert {"location": "Main St", "area": "brakes", "tests": ["A5"], "certified": 1} in coverage["areas"]
        expiries = _get(orgs["admin"], base + "/expiries?days=60").json()
        assert expiries == [
            {"candidate_id": orgs["ann"].candidate_id, "name": "Pat Ames", "test": "A5", "valid_until": "2027-01-10",
             "days": 43}
        ]  # fmt: skip
        assert _get(orgs["admin"], base + "/expiries?days=30").json() == []
        rec = _get(orgs["admin"], base + "/recognition").json()
        assert rec["eligible"] is False
        assert rec["locations"][0]["missing"] == [
            "no one is certified in A7 (heating air conditioning) at the Main St location"
        ]
        later = _get(orgs["admin"], base + "/recognition?as_of=2027-01-10").json()
        assert later["locations"][0]["missing"][0] == (
            "certify one more technician at the Main St location (1 of 2 certified; 75 % needs 2)"
        )

    @pytest.mark.parametrize("endpoint", ENDPOINTS)
    def test_one_employer_never_reads_anothers_technicians(self, orgs: dict[str, Any], endpoint: str) -> None:
        theirs = f"/api/v1/organisations/{orgs['other'].pk}/{endpoint}"
        response = _get(orgs["admin"], theirs)
        assert response.status_code == 404
        assert "Evans" not in response.content.decode()
        assert orgs["eve"].candidate_id not in response.content.decode()
        assert _get(orgs["other_admin"], theirs).status_code == 200
        missing = _get(orgs["admin"], f"/api/v1/organisations/999999/{endpoint}")
        assert missing.status_code == 404
        assert missing.json() == response.json() | {"detail": "no organisation 999999 among yours"}

    @pytest.mark.parametrize("endpoint", ENDPOINTS)
    def test_who_may_call(self, orgs: dict[str, Any], endpoint: str, make_user: Any) -> None:
        url = f"/api/v1/organisations/{orgs['shop'].pk}/{endpoint}"
        assert _get(None, url).status_code == 401
        assert _get(make_user(Role.CANDIDATE), url).status_code == 403
        assert _get(make_user(Role.STAFF), url).status_code == 200
        assert _get(orgs["admin"], url).status_code == 200

    def test_every_operation_states_who_may_call_it(self) -> None:
        schema = Client().get("/api/v1/openapi.json").json()
        ops = [op for path, item in schema["paths"].items() if path.startswith("/api/v1/organisations")
               for op in item.values()]  # fmt: skip
        assert len(ops) == 5
        assert all("the organisation's admins and programme staff" in op["summary"] for op in ops)
