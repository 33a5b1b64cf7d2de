"""An organisation's workforce on a day: each employee's standing (as they allow it to be seen),
role requirement checks, expiries, coverage of the areas of service and recognition.

Everything is computed from :func:`certwright.candidates.selectors.person_standing`, so it agrees
with the technician's own page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from certwright.candidates.selectors import person_standing
from certwright.core.catalog import Catalog
from certwright.core.decisions import MasterStatus, TestStatus
from certwright.core.recognition import (
    LocationFacts,
    RecognitionDecision,
    RoleCheck,
    Technician,
    evaluate_recognition,
    role_check,
    rule_from_catalog,
)
from certwright.core.standing import Standing
from certwright.core.validity import add_months
from certwright.employers.models import Employment, Location, Organisation, Visibility
from certwright.exams.models import Appointment
from certwright.programs.selectors import catalog_current

EXPIRY_WINDOWS = (30, 60, 90)


@dataclass(frozen=True)
class Upcoming:
    test: str
    starts_at: datetime


@dataclass
class StaffMember:
    employment: Employment
    standing: Standing
    progress_visible: bool
    certifications: dict[str, date]  # current certifications: test -> valid until (exclusive)
    masters: list[str]
    renewal_credits: dict[str, int] = field(default_factory=dict)
    upcoming: list[Upcoming] = field(default_factory=list)
    role: RoleCheck | None = None

    @property
    def name(self) -> str:
        return self.employment.person.name

    @property
    def location_name(self) -> str:
        return self.employment.location.name if self.employment.location else ""

    @property
    def role_name(self) -> str:
        return self.employment.job_role.name if self.employment.job_role else self.employment.role_title

    def status(self, test: str) -> TestStatus | None:
        """The status shown to the employer: only certifications unless the technician shares progress."""
        status = self.standing.tests[test].status
        if self.progress_visible or status is TestStatus.CERTIFIED:
            return status
        return None


@dataclass(frozen=True)
class Expiry:
    member: StaffMember
    test: str
    until: date
    days: int

    @property
    def window(self) -> int:
        return next(w for w in EXPIRY_WINDOWS if self.days <= w)


@dataclass(frozen=True)
class AreaCoverage:
    location: Location
    area: str
    tests: tuple[str, ...]
    certified: int


@dataclass
class Workforce:
    organisation: Organisation
    on: date
    location: Location | None
    locations: list[Location]
    members: list[StaffMember]
    tests: list[str]
    expiries: list[Expiry]
    coverage: list[AreaCoverage]
    recognition: RecognitionDecision
    catalog: Catalog


def current_employments(*, organisation: Organisation, on: date) -> list[Employment]:
    return list(
        Employment.objects.filter(Q(end__isnull=True) | Q(end__gte=on), organisation=organisation, start__lte=on)
        .select_related("person", "location", "job_role")
        .prefetch_related("person__results", "person__experience", "person__renewal_credits", "person__revocations")
        .order_by("person__last_name", "person__first_name")
    )


def _member(employment: Employment, on: date, catalog: Catalog) -> StaffMember:
    standing = person_standing(person=employment.person, on=on)
    certs = {
        code: t.until for code, t in standing.tests.items() if t.status is TestStatus.CERTIFIED and t.until is not None
    }
    masters = [m.designation for m in standing.masters.values() if m.status is MasterStatus.MASTER]
    member = StaffMember(employment, standing, employment.visibility == Visibility.PROGRESS, certs, masters)
    if member.progress_visible:
        since = add_months(on, -catalog.renewal.subscription_months)
        for credit in employment.person.renewal_credits.all():
            if credit.correct and since < credit.date <= on:
                member.renewal_credits[credit.test] = member.renewal_credits.get(credit.test, 0) + 1
        start = timezone.make_aware(datetime.combine(on, time.min))
        member.upcoming = [
            Upcoming(a.purchase.test, a.session.starts_at)
            for a in Appointment.objects.filter(purchase__person=employment.person, session__starts_at__gte=start)
            .select_related("purchase", "session")
            .order_by("session__starts_at")
        ]
    if employment.job_role is not None:
        member.role = role_check(employment.job_role.required_tests, certs, on)
    return member


def workforce(*, organisation: Organisation, on: date, location: Location | None = None) -> Workforce:
    """The whole picture for ``organisation`` on ``on``; ``location`` narrows the people shown
    (recognition is always decided for every location)."""
    catalog = catalog_current()
    rule = rule_from_catalog(catalog.blue_seal)
    locations = list(organisation.locations.all())
    everyone = [_member(e, on, catalog) for e in current_employments(organisation=organisation, on=on)]
    facts = [
        LocationFacts(
            str(loc.pk),
            loc.name,
            tuple(loc.service_areas),
            tuple(
                Technician(str(m.employment.pk), m.name, m.employment.diagnoses_and_repairs, m.certifications)
                for m in everyone
                if m.employment.location_id == loc.pk
            ),
        )
        for loc in locations
    ]
    decision = evaluate_recognition(facts, rule, on)
    members = [m for m in everyone if location is None or m.employment.location_id == location.pk]
    shown = [loc for loc in locations if location is None or loc.pk == location.pk]
    area_tests = {t for loc in shown for a in loc.service_areas for t in rule.service_areas.get(a, ())}
    held = {code for m in members for code in m.certifications}
    required = {t for m in members if m.employment.job_role for t in m.employment.job_role.required_tests}
    order = list(catalog.tests)
    tests = sorted(area_tests | held | required, key=order.index)
    horizon = on + timedelta(days=EXPIRY_WINDOWS[-1])
    expiries = sorted(
        (
            Expiry(m, code, until, (until - on).days)
            for m in members
            for code, until in m.certifications.items()
            if until <= horizon
        ),
        key=lambda e: (e.until, e.member.name, e.test),
    )
    coverage = [
        AreaCoverage(loc, area, rule.service_areas.get(area, ()), next(
            (d.covered.get(area, 0) for d in decision.locations if d.location == str(loc.pk)), 0
        ))
        for loc in shown
        for area in loc.service_areas
    ]  # fmt: skip
    return Workforce(organisation, on, location, locations, members, tests, expiries, coverage, decision, catalog)
