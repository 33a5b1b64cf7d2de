"""Loading the demo data set through the services (idempotent)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from certwright.accounts.models import User
from certwright.accounts.services import user_create
from certwright.candidates.models import ExperienceKindChoices, ExperienceStatus, RenewalCredit, Revocation
from certwright.candidates.services import experience_add, person_create, result_record
from certwright.core.roles import Role
from certwright.demo.people import DemoPerson, demo_people
from certwright.employers.models import Organisation, OrganisationKind
from certwright.employers.services import employment_link, organisation_admin_add, organisation_create

DEMO_PASSWORD = "certwright-demo"  # noqa: S105 - printed by `make demo`, demo data only

DEMO_USERS: list[tuple[str, str, str, tuple[Role, ...], str]] = [
    ("candidate", "Maria", "Lopez", (Role.CANDIDATE,), "a technician mid-career (My certifications)"),
    ("master", "Devon", "Price", (Role.CANDIDATE,), "a Master Automobile Technician"),
    ("writer", "Irene", "Walsh", (Role.ITEM_WRITER,), "item writer"),
    ("reviewer1", "Paul", "Ng", (Role.REVIEWER,), "review panel member"),
    ("reviewer2", "Joan", "Ruiz", (Role.REVIEWER,), "review panel member"),
    ("reviewer3", "Ken", "Ito", (Role.REVIEWER,), "review panel member"),
    ("proctor", "Sara", "Holt", (Role.PROCTOR,), "test-centre proctor"),
    ("psychometrician", "Ravi", "Menon", (Role.PSYCHOMETRICIAN,), "psychometrician"),
    ("employer", "Frank", "Doyle", (Role.EMPLOYER_ADMIN,), "admin of Main Street Auto"),
    ("fleet", "Linda", "Cho", (Role.EMPLOYER_ADMIN,), "admin of Metro Transit Fleet"),
    ("educator", "Mark", "Ellis", (Role.EDUCATOR,), "automotive instructor"),
    ("staff", "Olivia", "Grant", (Role.STAFF,), "programme staff (also Django admin)"),
]

ORGANISATIONS = [
    ("Main Street Auto", OrganisationKind.INDEPENDENT_SHOP, "employer"),
    ("Lakeside Tire & Brake", OrganisationKind.INDEPENDENT_SHOP, None),
    ("Metro Transit Fleet", OrganisationKind.FLEET, "fleet"),
]


def demo_loaded() -> bool:
    return User.objects.filter(username="staff").exists()


@transaction.atomic
def demo_load(*, today: date) -> int:
    """Create the demo users, organisations and people. Returns the number of people created."""
    if demo_loaded():
        return 0
    users: dict[str, User] = {}
    for username, first, last, roles, _ in DEMO_USERS:
        users[username] = user_create(
            username=username,
            password=DEMO_PASSWORD,
            email=f"{username}@demo.certwright.test",
            first_name=first,
            last_name=last,
            roles=roles,
        )
    users["staff"].is_staff = True
    users["staff"].save(update_fields=["is_staff"])
    orgs: dict[str, Organisation] = {}
    for name, kind, admin in ORGANISATIONS:
        orgs[name] = organisation_create(name=name, kind=kind)
        if admin:
            organisation_admin_add(organisation=orgs[name], user=users[admin])
    people = demo_people(today)
    for demo in people:
        _store(demo, users, orgs)
    return len(people)


def _store(demo: DemoPerson, users: dict[str, User], orgs: dict[str, Organisation]) -> None:
    user = users.get(demo.username) if demo.username else None
    person = person_create(first_name=demo.first, last_name=demo.last, email=user.email if user else "", user=user)
    for test, on, outcome, kind in demo.results:
        result_record(person=person, test=test, on=on, outcome=outcome, kind=kind, source="demo")
    for start, end, hours, verified, employer in demo.work:
        experience_add(
            person=person,
            kind=ExperienceKindChoices.WORK,
            start=start,
            end=end,
            hours_per_week=hours,
            employer_name=employer,
            status=ExperienceStatus.APPROVED if verified else ExperienceStatus.PENDING,
        )
    for months, verified, description in demo.training:
        experience_add(
            person=person,
            kind=ExperienceKindChoices.TRAINING,
            months_credit=months,
            description=description,
            status=ExperienceStatus.APPROVED if verified else ExperienceStatus.PENDING,
        )
    RenewalCredit.objects.bulk_create(
        [RenewalCredit(person=person, test=test, date=on, correct=ok) for test, on, ok in demo.credits]
    )
    Revocation.objects.bulk_create(
        [Revocation(person=person, test=test, date=on, reason=reason) for test, on, reason in demo.revocations]
    )
    if demo.employer in orgs and demo.work:
        employment_link(organisation=orgs[demo.employer], person=person, start=demo.work[0][0])
