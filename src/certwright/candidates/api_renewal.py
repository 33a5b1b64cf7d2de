"""API operations for experience records and continuous renewal; mounted by config/api.py at /api/v1/me.

Every operation acts on the signed-in person's own data: it needs the Candidate role and a candidate
profile (401 when not signed in, 403 otherwise). Keys and rationales appear only after answering.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema, Status
from ninja.security import django_auth

from certwright.candidates.models import ExperienceRecord, Person
from certwright.candidates.selectors import person_for_user, person_standing
from certwright.candidates.selectors_experience import experience_of, experience_record_get, organisations_all
from certwright.candidates.selectors_renewal import (
    eligible_tests,
    question_get,
    question_next,
    renewal_progress,
    subscription_current,
)
from certwright.candidates.services_experience import ExperienceError, experience_submit
from certwright.candidates.services_renewal import RenewalError, renewal_answer, renewal_issue
from certwright.common import clock
from certwright.common.access import has_role
from certwright.common.schemas import ErrorOut
from certwright.core.roles import Role
from certwright.programs.selectors import catalog_current

router = Router(tags=["experience and renewal"], auth=django_auth)
WHO = "Who may call: the signed-in person (Candidate role with a candidate profile), for their own data only."


class FieldProblemOut(Schema):
    field: str
    message: str


class ProblemsOut(Schema):
    detail: str
    problems: list[FieldProblemOut]


class EvidenceOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    url: str


class AttestationOut(Schema):
    status: str
    note: str
    organisation: str
    at: str


class ExperienceOut(Schema):
    id: int
    kind: str
    status: str
    employer_name: str
    organisation_id: int | None
    description: str
    start: date | None
    end: date | None
    hours_per_week: float
    months_credit: float
    review_note: str
    attestation: AttestationOut | None
    evidence: list[EvidenceOut]


class ExperienceIn(Schema):
    kind: str
    start: date | None = None
    end: date | None = None
    hours_per_week: float = 40
    months_credit: float = 0
    employer_name: str = ""
    organisation_id: int | None = None
    description: str = ""


class AreaOut(Schema):
    test: str
    name: str
    credits: int
    needed: int
    remaining: int
    until: date | None
    extends_to: date | None
    extended: bool
    text: str


class SubscriptionOut(Schema):
    id: int
    start: date
    end: date
    status: str


class RenewalOut(Schema):
    subscription: SubscriptionOut | None
    eligible: list[str]
    areas: list[AreaOut]


class OptionOut(Schema):
    letter: str
    text: str


class QuestionOut(Schema):
    id: int
    test: str
    month: int
    stem: str
    options: list[OptionOut]


class AnswerIn(Schema):
    choice: str


class AnswerOut(Schema):
    id: int
    test: str
    chosen: str
    correct: bool
    key: str
    rationale: str
    option_rationales: dict[str, str]


def _me(request: HttpRequest) -> Person | None:
    if not has_role(request.user, Role.CANDIDATE):
        return None
    return person_for_user(user=request.user)


FORBIDDEN = {"detail": "only a technician with a candidate profile may use this, for their own data"}


def _record_out(record: ExperienceRecord) -> dict[str, Any]:
    att = getattr(record, "attestation", None)
    return {
        "id": record.pk,
        "kind": record.kind,
        "status": record.status,
        "employer_name": record.employer_name,
        "organisation_id": record.organisation_id,
        "description": record.description,
        "start": record.start,
        "end": record.end,
        "hours_per_week": float(record.hours_per_week),
        "months_credit": float(record.months_credit),
        "review_note": record.review_note,
        "attestation": None
        if att is None
        else {"status": att.status, "note": att.note, "organisation": att.organisation.name, "at": att.at.isoformat()},
        "evidence": [
            {
                "id": e.pk,
                "name": e.original_name,
                "content_type": e.content_type,
                "size": e.size,
                "url": reverse("experience-evidence", args=[e.pk]),
            }
            for e in record.evidence.all()
        ],
    }


@router.get(
    "/experience",
    response={200: list[ExperienceOut], 401: ErrorOut, 403: ErrorOut},
    summary="My experience records with evidence and the employer's attestation",
    description=WHO,
)
def list_experience(request: HttpRequest) -> Status[Any]:
    person = _me(request)
    if person is None:
        return Status(403, FORBIDDEN)
    return Status(200, [_record_out(r) for r in experience_of(person=person)])


@router.post(
    "/experience",
    response={201: ExperienceOut, 401: ErrorOut, 403: ErrorOut, 422: ProblemsOut},
    summary="Add a work period or training record (waits for review; upload evidence on /me/experience/)",
    description=WHO,
)
def create_experience(request: HttpRequest, data: ExperienceIn) -> Status[Any]:
    person = _me(request)
    if person is None:
        return Status(403, FORBIDDEN)
    organisation = None
    if data.organisation_id is not None:
        organisation = organisations_all().filter(pk=data.organisation_id).first()
        if organisation is None:
            return Status(
                422,
                {
                    "detail": "organisation_id: no such organisation",
                    "problems": [{"field": "organisation_id", "message": f"no organisation {data.organisation_id}"}],
                },
            )
    try:
        record = experience_submit(
            person=person,
            kind=data.kind,
            start=data.start,
            end=data.end,
            hours_per_week=data.hours_per_week,
            months_credit=data.months_credit,
            employer_name=data.employer_name,
            organisation=organisation,
            description=data.description,
            by=request.user,
        )
    except ExperienceError as exc:
        return Status(422, {"detail": str(exc), "problems": [{"field": f, "message": m} for f, m in exc.problems]})
    found = experience_record_get(record_id=record.pk)
    return Status(201, _record_out(found or record))


@router.get(
    "/renewal",
    response={200: RenewalOut, 401: ErrorOut, 403: ErrorOut},
    summary="My continuous-renewal subscription and progress per certification",
    description=WHO,
)
def get_renewal(request: HttpRequest) -> Status[Any]:
    person = _me(request)
    if person is None:
        return Status(403, FORBIDDEN)
    today = clock.today()
    catalog = catalog_current()
    standing = person_standing(person=person, on=today)
    subscription = subscription_current(person=person, on=today)
    start = subscription.start if subscription else today
    eligible = eligible_tests(person=person, standing=standing, catalog=catalog, start=start)
    areas = []
    if subscription is not None:
        for p in renewal_progress(
            person=person, subscription=subscription, standing=standing, catalog=catalog, tests=eligible
        ):
            areas.append({**p.__dict__, "remaining": p.remaining, "text": p.text})
    sub = (
        None
        if subscription is None
        else {
            "id": subscription.pk,
            "start": subscription.start,
            "end": subscription.end,
            "status": subscription.status,
        }
    )
    return Status(200, {"subscription": sub, "eligible": eligible, "areas": areas})


@router.get(
    "/renewal/question",
    response={200: QuestionOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="The next unanswered renewal question (issues this month's questions first; no key)",
    description=WHO,
)
def renewal_question(request: HttpRequest) -> Status[Any]:
    person = _me(request)
    if person is None:
        return Status(403, FORBIDDEN)
    subscription = subscription_current(person=person, on=clock.today())
    if subscription is None:
        return Status(404, {"detail": "you have no running renewal subscription"})
    renewal_issue(subscription=subscription, today=clock.today())
    question = question_next(subscription=subscription)
    if question is None:
        return Status(404, {"detail": "no question is waiting; new ones arrive each subscription month"})
    version = question.item_version
    return Status(
        200,
        {
            "id": question.pk,
            "test": question.test,
            "month": question.month_index + 1,
            "stem": version.stem,
            "options": [{"letter": o["letter"], "text": o["text"]} for o in version.options],
        },
    )


@router.post(
    "/renewal/questions/{question_id}/answer",
    response={200: AnswerOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Answer a renewal question once; returns whether it was correct, the key and the rationale",
    description=WHO + " 409 when already answered or the subscription is not running; 422 for a bad choice.",
)
def answer_question(request: HttpRequest, question_id: int, data: AnswerIn) -> Status[Any]:
    person = _me(request)
    if person is None:
        return Status(403, FORBIDDEN)
    question = question_get(question_id=question_id)
    if question is None or question.subscription.person_id != person.pk:
        return Status(404, {"detail": f"no renewal question {question_id} of yours"})
    try:
        outcome = renewal_answer(question=question, person=person, choice=data.choice, by=request.user)
    except RenewalError as exc:
        return Status(422 if exc.code == "bad_choice" else 409, {"detail": str(exc)})
    version = question.item_version
    return Status(
        200,
        {
            "id": question.pk,
            "test": question.test,
            "chosen": outcome.question.chosen,
            "correct": outcome.correct,
            "key": outcome.key,
            "rationale": version.rationale,
            "option_rationales": {o["letter"]: (o.get("rationale") or "") for o in version.options},
        },
    )
