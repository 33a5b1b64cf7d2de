"""A shop with two locations, roles and staff, and a second organisation that must never see it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine

from certwright.core.roles import Role
from certwright.employers.services import (
    employment_link,
    job_role_set,
    location_create,
    organisation_admin_add,
    organisation_create,
)
from tests.conftest import NOW


@pytest.fixture(autouse=True)
def _now() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def shop(make_user: Any, make_person: Any) -> dict[str, Any]:
    """Main Street Auto: Main St offers brakes (A5) and A/C (A7); four technicians.

    - Ann: A5 (passed 2022-01-10, valid until 2027-01-10), A7 failed; brake technician; shares progress.
    - Bob: A5 and A4 (2024-06-01 -> 2029-06-01); brake technician; shares certifications only.
    - Cal: nothing current (A5 expired 2021-05-01 pass -> 2026-05-01); brake technician.
    - Dee: A5 (2025-12-01); lube technician who does not diagnose and repair.
    Elsewhere Motors has its own admin and one technician, Eve.
    """
    org = organisation_create(name="Main Street Auto", kind="independent_shop")
    admin = make_user(Role.EMPLOYER_ADMIN)
    organisation_admin_add(organisation=org, user=admin)
    admin.email = "boss@example.test"
    admin.save(update_fields=["email"])
    main = location_create(
        organisation=org, name="Main St", city="Springfield", service_areas=["brakes", "heating_air_conditioning"]
    )
    brake = job_role_set(organisation=org, name="Brake technician", required_tests=["A5"])
    lube = job_role_set(organisation=org, name="Lube technician", required_tests=[])
    ann = make_person(last_name="Ames", results=("A5 pass 2022-01-10", "A7 fail 2026-11-01"))
    bob = make_person(last_name="Baker", results=("A5 pass 2024-06-01", "A4 pass 2024-06-01"))
    cal = make_person(last_name="Cole", results=("A5 pass 2021-05-01",))
    dee = make_person(last_name="Diaz", results=("A5 pass 2025-12-01",))
    start = date(2020, 1, 1)
    employment_link(organisation=org, person=ann, start=start, location=main, job_role=brake)
    employment_link(
        organisation=org, person=bob, start=start, location=main, job_role=brake, visibility="certifications"
    )
    employment_link(organisation=org, person=cal, start=start, location=main, job_role=brake)
    employment_link(
        organisation=org, person=dee, start=start, location=main, job_role=lube, diagnoses_and_repairs=False
    )
    other = organisation_create(name="Elsewhere Motors", kind="dealership")
    other_admin = make_user(Role.EMPLOYER_ADMIN)
    organisation_admin_add(organisation=other, user=other_admin)
    eve = make_person(last_name="Evans", results=("A1 pass 2024-01-01",))
    employment_link(organisation=other, person=eve, start=start)
    return {
        "org": org, "admin": admin, "main": main, "brake": brake, "ann": ann, "bob": bob, "cal": cal, "dee": dee,
        "other": other, "other_admin": other_admin, "eve": eve,
    }  # fmt: skip
