"""Loading the demo data set through the services (idempotent)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from django.db import transaction

from certwright.accounts.models import User
from certwright.accounts.services import user_create
from certwright.candidates.models import ExperienceKindChoices, ExperienceStatus, RenewalCredit, Revocation
from certwright.candidates.services import experience_add, person_create, result_record
from certwright.common import clock
from certwright.core.bank_requirements import FULL_FORM_TESTS
from certwright.core.catalog import TestSpec, load_catalog
from certwright.core.facts import ResultKind
from certwright.core.items import ItemStatus
from certwright.core.ordering import OrderLine
from certwright.core.roles import Role
from certwright.demo.people import DemoPerson, demo_people
from certwright.employers.models import Organisation, OrganisationKind
from certwright.employers.services import employment_link, organisation_admin_add, organisation_create
from certwright.exams.models import Appointment, TestCentre, TestSession
from certwright.exams.services_orders import order_create, order_pay
from certwright.interchange.native_yaml import load_bank
from certwright.itembank.models import Item
from certwright.itembank.services import bank_import

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
    _delivery(users=users)
    return len(people)


def _delivery(*, users: dict[str, User]) -> None:
    """Test centres with sessions today and in the coming weeks; Maria booked into today's A5 session
    (the proctor checks her in), Devon's order waiting for staff to mark it paid."""
    downtown = TestCentre.objects.create(name="Springfield Test Centre", city="Springfield")
    online = TestCentre.objects.create(name="Online proctored", city="", online=True)
    now = clock.now()
    start_today = now.replace(second=0, microsecond=0)
    todays = TestSession.objects.create(centre=downtown, starts_at=start_today, seats=12, proctor=users["proctor"])
    for days in (7, 14, 21, 35, 60):
        TestSession.objects.create(centre=downtown, starts_at=start_today + timedelta(days=days), seats=12)
        TestSession.objects.create(centre=online, starts_at=start_today + timedelta(days=days, hours=3), seats=30)
    maria = users["candidate"].person
    order = order_create(person=maria, lines=[OrderLine("A5", ResultKind.RECERTIFICATION)], by=users["candidate"])
    order_pay(order=order, by=users["staff"], reference="demo voucher MAIN-2026")
    Appointment.objects.create(purchase=order.purchases.get(), session=todays)
    order.purchases.update(status="booked")
    devon = users["master"].person
    order_create(person=devon, lines=[OrderLine("A9", ResultKind.RECERTIFICATION)], by=users["master"])


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


def bank_load(*, bank_dir: Path, only: str | None = None) -> tuple[int, int]:
    """Import the starter bank (YAML files) as operational content, then give every full-form test
    its unscored pretest items from the areas with room to spare; returns (created, unchanged)."""
    bank = load_bank(bank_dir)
    files = [f for f in bank.files if only is None or f.test == only]
    items = [item for f in files for item in f.items]
    exhibits = [ex for f in files for ex in f.exhibits]
    outcome = bank_import(items=items, exhibits=exhibits, bank_dir=bank_dir, status=ItemStatus.OPERATIONAL)
    if outcome.created:
        catalog = load_catalog()
        for test in sorted({f.test for f in files} & FULL_FORM_TESTS):
            pretest_seed(test=test, spec=catalog.test(test))
    return len(outcome.created), len(outcome.unchanged)


def pretest_seed(*, test: str, spec: TestSpec) -> list[str]:
    """Move up to ``spec.unscored`` English operational items to pretest, round-robin over the
    areas, keeping at least blueprint count + 1 operational items in every area."""
    by_area: dict[str, list[Item]] = {}
    for item in Item.objects.filter(test=test, language="en", use="operational", status="operational").order_by(
        "-item_id"
    ):
        by_area.setdefault(item.area, []).append(item)
    spare = {a.code: len(by_area.get(a.code, [])) - ((a.count or 0) + 1) for a in spec.areas}
    chosen: list[Item] = []
    while len(chosen) < (spec.unscored or 0) and any(v > 0 for v in spare.values()):
        for area in sorted(spare, key=lambda a: -spare[a]):
            if spare[area] > 0 and len(chosen) < (spec.unscored or 0):
                chosen.append(by_area[area].pop(0))
                spare[area] -= 1
    Item.objects.filter(pk__in=[i.pk for i in chosen]).update(status=ItemStatus.PRETEST.value)
    return [i.item_id for i in chosen]
