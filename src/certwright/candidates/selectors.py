"""Reading people and their standing."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet

from certwright.candidates.models import ExperienceStatus, Person
from certwright.core.facts import (
    Experience,
    ExperienceKind,
    Outcome,
    PersonFacts,
    RenewalCredit,
    ResultKind,
    Revocation,
    TestResult,
)
from certwright.core.standing import Standing, evaluate_standing
from certwright.programs.selectors import catalog_current


def person_get(*, person_id: int) -> Person | None:
    return Person.objects.select_related("user").filter(pk=person_id).first()


def person_for_user(*, user: Any) -> Person | None:
    return Person.objects.filter(user=user).first() if getattr(user, "is_authenticated", False) else None


def person_list(*, search: str = "") -> QuerySet[Person]:
    qs = Person.objects.all()
    if search:
        qs = qs.filter(last_name__icontains=search) | qs.filter(candidate_id__iexact=search)
    return qs


def person_facts(*, person: Person) -> PersonFacts:
    results = tuple(TestResult(r.test, r.date, Outcome(r.outcome), ResultKind(r.kind)) for r in person.results.all())
    experience = tuple(
        Experience(
            ExperienceKind(e.kind),
            e.status == ExperienceStatus.APPROVED,
            e.start,
            e.end,
            float(e.hours_per_week),
            float(e.months_credit),
            e.description or e.employer_name,
        )
        for e in person.experience.all()
    )
    credits = tuple(RenewalCredit(c.test, c.date, c.correct) for c in person.renewal_credits.all())
    revocations = tuple(Revocation(r.test, r.date, r.reason) for r in person.revocations.all())
    return PersonFacts(str(person.pk), person.name, results, experience, credits, revocations)


def person_standing(*, person: Person, on: date) -> Standing:
    return evaluate_standing(person_facts(person=person), catalog_current(), on)
