"""Demo data for the employers area: locations, areas of service, roles and staff assignments of
the three demo organisations, so the dashboard shows a shop that qualifies for recognition (Main
Street Auto) and one that does not (Lakeside Tire & Brake), and why. Idempotent."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from certwright.accounts.models import User
from certwright.accounts.services import user_create
from certwright.candidates.models import Person
from certwright.candidates.services import experience_add, person_create, result_record
from certwright.core.facts import Outcome, ResultKind
from certwright.core.roles import Role
from certwright.core.validity import add_months
from certwright.employers.models import Employment, JobRole, Location, Organisation, Visibility
from certwright.employers.selectors_workforce import workforce
from certwright.employers.services import (
    employment_link,
    employment_update,
    employment_visibility_set,
    invitation_create,
    job_role_set,
    location_create,
    location_update,
    organisation_admin_add,
)
from certwright.employers.services_vouchers import voucher_assign, voucher_order_create, voucher_order_pay

A_AREAS = ["engine_repair", "suspension_steering", "brakes", "electrical", "heating_air_conditioning",
           "engine_performance"]  # fmt: skip
LAKESIDE_AREAS = ["brakes", "suspension_steering", "maintenance_light_repair"]
HARBOR_AREAS = ["brakes", "suspension_steering", "heating_air_conditioning"]
FLEET_AREAS = ["truck_brakes", "truck_diesel", "brakes"]
ROLES = {
    "Main Street Auto": [("Brake technician", ["A5"]), ("Drivability technician", ["A6", "A8"]),
                         ("General service technician", ["G1"]), ("Lube technician", [])],
    "Lakeside Tire & Brake": [("Brake technician", ["A5"]), ("Alignment technician", ["A4"]),
                              ("Tire technician", [])],
    "Metro Transit Fleet": [("Truck technician", ["T2", "T4"]), ("Bus technician", ["H2"]),
                            ("Light-duty technician", ["A5"])],
}  # fmt: skip
# Lakeside's second location, Harbor Rd (first, last, results as (test, months ago, outcome))
LAKESIDE_PEOPLE = [
    ("Rick", "Tanner", [("A5", 20, Outcome.PASS), ("A4", 30, Outcome.PASS)]),
    ("Jess", "Moreau", [("A4", 3, Outcome.FAIL)]),
    ("Tony", "Galli", []),
    ("Kim", "Ostrowski", [("G1", 14, Outcome.PASS)]),
]


def _org(name: str) -> Organisation | None:
    return Organisation.objects.filter(name=name).first()


@transaction.atomic
def load(*, today: date) -> str:
    main, lake, fleet = _org("Main Street Auto"), _org("Lakeside Tire & Brake"), _org("Metro Transit Fleet")
    if main is None or lake is None or fleet is None:
        return ""  # the demo people are not loaded
    if Location.objects.filter(organisation=main).exists():
        return "Employers: already loaded"
    roles = {(org.name, n): job_role_set(organisation=org, name=n, required_tests=t)
             for org in (main, lake, fleet) for n, t in ROLES[org.name]}  # fmt: skip
    main_st = location_create(organisation=main, name="Main St", city="Springfield", service_areas=A_AREAS)
    location_update(location=main_st, public_page=True)
    lakeside = location_create(organisation=lake, name="Lakeside", city="Shelbyville", service_areas=LAKESIDE_AREAS)
    location_update(location=lakeside, public_page=True)
    harbor = location_create(organisation=lake, name="Harbor Rd", city="Shelbyville", service_areas=HARBOR_AREAS)
    garage = location_create(organisation=fleet, name="North Garage", city="Springfield", service_areas=FLEET_AREAS)
    admin = User.objects.filter(username="lakeside").first() or user_create(
        username="lakeside", password="certwright-demo", email="lakeside@demo.certwright.test",  # noqa: S106
        first_name="Gary", last_name="Lund", roles=(Role.EMPLOYER_ADMIN,),
    )  # fmt: skip
    organisation_admin_add(organisation=lake, user=admin)
    harbor_staff = _harbor_staff(lake, today)
    for org, loc in ((main, main_st), (lake, lakeside), (fleet, garage)):
        for emp in Employment.objects.filter(organisation=org).select_related("person"):
            where = harbor if emp.person_id in harbor_staff else loc
            role = _role_for(org.name, emp.person, roles)
            employment_update(
                employment=emp, location=where, job_role=role,
                diagnoses_and_repairs=not (role and role.name in ("Lube technician", "Tire technician")),
            )  # fmt: skip
    maria = Employment.objects.filter(organisation=main, person__user__username="candidate").first()
    if maria is not None:
        employment_visibility_set(employment=maria, visibility=Visibility.CERTIFICATIONS)  # she shares certs only
        invitation_create(organisation=lake, who=maria.person.candidate_id, location=lakeside,
                          job_role=roles[(lake.name, "Brake technician")])  # fmt: skip
    order = voucher_order_create(organisation=main, test="A5", quantity=3)
    voucher_order_pay(order=order, reference="demo: invoice MSA-1042")
    first = order.vouchers.order_by("pk").first()
    sam = Person.objects.filter(first_name="Sam", last_name="Reyes").first()
    if first is not None and sam is not None:
        voucher_assign(voucher=first, person=sam)
    voucher_order_create(organisation=lake, test="", quantity=2)
    return (
        "Employers: "
        + "; ".join(_verdict(org, today) for org in (main, lake))
        + (
            " (sign in as 'employer' or 'lakeside', password certwright-demo); "
            "public page /shops/main-street-auto-main-st/"
        )
    )


def _verdict(org: Organisation, today: date) -> str:
    rec = workforce(organisation=org, on=today).recognition
    return f"{org.name} {'qualifies' if rec.eligible else 'does not qualify'} for recognition"


def _harbor_staff(lake: Organisation, today: date) -> set[int]:
    ids = set()
    for first, last, results in LAKESIDE_PEOPLE:
        person = person_create(first_name=first, last_name=last)
        experience_add(person=person, kind="work", start=add_months(today, -60), status="approved",
                       employer_name=lake.name)  # fmt: skip
        for test, months, outcome in results:
            on = add_months(today, -months) - timedelta(days=3)
            result_record(person=person, test=test, on=on, outcome=outcome, kind=ResultKind.INITIAL, source="demo")
        employment_link(organisation=lake, person=person, start=add_months(today, -60))
        ids.add(person.pk)
    return ids


def _role_for(org: str, person: Person, roles: dict[tuple[str, str], JobRole]) -> JobRole | None:
    tests = {r.test for r in person.results.all() if r.outcome == "pass"}
    if org == "Metro Transit Fleet":
        if tests & {"T2", "T4"}:
            return roles[(org, "Truck technician")]
        return roles[(org, "Bus technician")] if tests & {"H2", "H3"} else roles[(org, "Light-duty technician")]
    if org == "Lakeside Tire & Brake":
        if not person.results.exists():
            return roles[(org, "Tire technician")]
        return roles[(org, "Brake technician")] if "A5" in tests else roles[(org, "Alignment technician")]
    if not tests & {"A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "A9", "G1"}:
        return roles[(org, "Lube technician")]
    if "A5" in tests:
        return roles[(org, "Brake technician")]
    if tests & {"A6", "A8"}:
        return roles[(org, "Drivability technician")]
    return roles[(org, "General service technician")]
